"""The landlords' stock (résidences and dwellings), new programmes and their split between réservataires, and the
dwellings to fill (disponibilités); the landlords' uploaded files (`imports`) and the households in place
(`occupation`), re-exported here. Personal data: none (occupants have no name). States and their moves live in
etats.py, each with its log here; workflow in services.py."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from territoire.models import Commune, Organisation, Utilisateur
from territoire.roles import TypeOrganisation

from .. import rpls
from ..etats import EtatDisponibilite, EtatImport, EtatProgramme, EtatReunion
from .imports import ImportParc, NatureImport, TransitionImportParc
from .occupation import CompositionMenage, Occupation, OrigineOccupation

__all__ = [
    "CompositionMenage",
    "Disponibilite",
    "EtatDisponibilite",
    "EtatImport",
    "EtatProgramme",
    "EtatReunion",
    "FinancementLogement",
    "ImportParc",
    "InvitationReunion",
    "Logement",
    "LotProgramme",
    "NatureImport",
    "ObjectifFlux",
    "Occupation",
    "OrigineDisponibilite",
    "OrigineOccupation",
    "PartReservataire",
    "Programme",
    "ReunionReservataires",
    "Residence",
    "TransitionDisponibilite",
    "TransitionImportParc",
    "TransitionProgramme",
    "TransitionReunion",
    "Typologie",
]


class Typologie(models.TextChoices):
    T1 = "T1", "T1"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5 = "T5", "T5"
    T6 = "T6", "T6 et plus"


class FinancementLogement(models.TextChoices):
    PLAI = "PLAI", "PLAI"
    PLUS = "PLUS", "PLUS"
    PLS = "PLS", "PLS"
    PLI = "PLI", "PLI"


@pghistory.track()
class Residence(models.Model):
    bailleur = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residences",
        limit_choices_to={"type": TypeOrganisation.BAILLEUR},
    )
    reference = models.CharField("référence du bailleur", max_length=40)
    nom = models.CharField(max_length=200)
    adresse = models.CharField(max_length=300)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="residences")
    en_qpv = models.BooleanField("en QPV", default=False)
    annee_construction = models.PositiveSmallIntegerField("année de mise en service", null=True, blank=True)
    nombre_logements = models.PositiveIntegerField("nombre de logements", default=0)

    class Meta:
        ordering = ["commune__nom", "nom"]
        verbose_name = "résidence"
        constraints = [
            models.UniqueConstraint(fields=["bailleur", "reference"], name="residence_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.commune})"


@pghistory.track()
class Logement(models.Model):
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="logements")
    numero = models.CharField("numéro", max_length=40, help_text="Référence du logement chez le bailleur.")
    typologie = models.CharField(max_length=2, choices=Typologie.choices)
    surface = models.DecimalField("surface habitable (m²)", max_digits=6, decimal_places=2)
    etage = models.SmallIntegerField("étage")
    ascenseur = models.BooleanField(default=False)
    accessible_pmr = models.BooleanField("accessible en fauteuil roulant", default=False)
    financement = models.CharField(max_length=4, choices=FinancementLogement.choices)
    loyer = models.DecimalField("loyer (€/mois)", max_digits=8, decimal_places=2)
    charges = models.DecimalField("charges (€/mois)", max_digits=8, decimal_places=2, default=0)
    reservataire = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="logements_reserves",
        help_text="Réservataire du logement en gestion en stock (vide : contingent propre du bailleur).",
    )
    identifiant_rpls = rpls.champ()  # 10 positions, unique when set (programmation/rpls.py)

    class Meta:
        ordering = ["residence", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["residence", "numero"], name="logement_numero_unique"),
            rpls.contrainte("logement_identifiant_rpls_10"),
            models.CheckConstraint(condition=Q(surface__gt=0), name="logement_surface_positive"),
            models.CheckConstraint(condition=Q(loyer__gte=0) & Q(charges__gte=0), name="logement_loyer_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.residence.nom} — {self.numero} ({self.typologie})"


@pghistory.track()
class Programme(models.Model):
    bailleur = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="programmes")
    nom = models.CharField(max_length=200)
    adresse = models.CharField(max_length=300)
    livraison_prevue = models.DateField("livraison prévue")
    etat = models.CharField("état", max_length=8, choices=EtatProgramme.choices, default=EtatProgramme.PROJET)
    en_qpv = models.BooleanField("en QPV", default=False)
    livre_le = models.DateField("livré le", null=True, blank=True)
    residence = models.OneToOneField(
        "Residence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme",
        help_text="La résidence créée à la livraison, avec ses logements.",
    )

    class Meta:
        ordering = ["livraison_prevue", "nom"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.commune})"


class TransitionProgramme(JournalTransition):
    """Each change of a programme's state, who made it and when (the history shown on its page)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatProgramme.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatProgramme.choices)

    class Meta:
        ordering = ["programme", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.programme} : {self.get_de_display()} → {self.get_vers_display()}"


class LotProgramme(models.Model):
    """How many dwellings of a typology and a financing the programme counts."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lots")
    typologie = models.CharField(max_length=2, choices=Typologie.choices)
    financement = models.CharField(max_length=4, choices=FinancementLogement.choices)
    nombre = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["programme", "typologie", "financement"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "typologie", "financement"], name="lot_unique"),
            models.CheckConstraint(condition=Q(nombre__gt=0), name="lot_non_vide"),
        ]

    def __str__(self) -> str:
        return f"{self.nombre} {self.typologie} {self.financement}"


class OrigineDisponibilite(models.TextChoices):
    CONGE = "CONGE", "Congé d'un locataire"
    LIVRAISON = "LIVRAISON", "Livraison d'un programme neuf"


@pghistory.track()
class Disponibilite(models.Model):
    """A dwelling to fill: it frees up on a date, for a réservataire, at a rent."""

    logement = models.ForeignKey(Logement, on_delete=models.PROTECT, related_name="disponibilites")
    origine = models.CharField(max_length=10, choices=OrigineDisponibilite.choices)
    date_liberation = models.DateField("libre le")
    reservataire = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disponibilites")
    loyer = models.DecimalField("loyer (€/mois)", max_digits=8, decimal_places=2)
    charges = models.DecimalField("charges (€/mois)", max_digits=8, decimal_places=2, default=0)
    date_limite = models.DateField("à positionner avant le")
    etat = models.CharField(
        "état", max_length=10, choices=EtatDisponibilite.choices, default=EtatDisponibilite.A_POURVOIR
    )
    hors_flux = models.BooleanField(
        "hors du flux",
        default=False,
        help_text="Mouvement exclu du flux annuel (mutation interne, relogement d'une opération de renouvellement "
        "urbain…) : il ne compte pas dans les droits des réservataires.",
    )
    declaree_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    declaree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_limite", "pk"]
        verbose_name = "disponibilité"
        constraints = [
            models.UniqueConstraint(
                fields=["logement"], condition=Q(etat="A_POURVOIR"), name="une_disponibilite_ouverte_par_logement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.logement} libre le {self.date_liberation:%d/%m/%Y}"


class TransitionDisponibilite(JournalTransition):
    """Each change of a dwelling to fill's state: declared (by its landlord, at a delivery), filled (by the lease the
    CAL returns record, dated by it), withdrawn."""

    disponibilite = models.ForeignKey(Disponibilite, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatDisponibilite.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatDisponibilite.choices)

    class Meta:
        ordering = ["disponibilite", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.disponibilite} : {self.get_de_display()} → {self.get_vers_display()}"


class ReunionReservataires(models.Model):
    """The meeting CASA convenes before a programme's loan guarantee to split its dwellings between réservataires."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reunions")
    date = models.DateTimeField()
    lieu = models.CharField(max_length=200)
    etat = models.CharField("état", max_length=10, choices=EtatReunion.choices, default=EtatReunion.CONVOQUEE)
    convoquee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    validee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    validee_le = models.DateTimeField(null=True, blank=True)
    compte_rendu = models.BinaryField("compte rendu (PDF)", null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = "réunion réservataires"

    def __str__(self) -> str:
        return f"Réunion du {self.date:%d/%m/%Y} — {self.programme}"


class TransitionReunion(JournalTransition):
    """Each change of a réunion réservataires' state: convened, its split validated."""

    reunion = models.ForeignKey(ReunionReservataires, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatReunion.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatReunion.choices)

    class Meta:
        ordering = ["reunion", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.reunion} : {self.get_de_display()} → {self.get_vers_display()}"


class InvitationReunion(models.Model):
    reunion = models.ForeignKey(ReunionReservataires, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    envoyee_le = models.DateTimeField(null=True, blank=True)
    presente = models.BooleanField("présente", default=False)

    class Meta:
        ordering = ["reunion", "organisation__nom"]
        constraints = [models.UniqueConstraint(fields=["reunion", "organisation"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({'présente' if self.presente else 'absente'})"


class PartReservataire(models.Model):
    """How many dwellings of a typology and a financing go to a réservataire (the landlord for its own share)."""

    reunion = models.ForeignKey(ReunionReservataires, on_delete=models.CASCADE, related_name="parts")
    reservataire = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    typologie = models.CharField(max_length=2, choices=Typologie.choices)
    financement = models.CharField(max_length=4, choices=FinancementLogement.choices)
    nombre = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["reunion", "reservataire__nom", "typologie", "financement"]
        constraints = [
            models.UniqueConstraint(fields=["reunion", "reservataire", "typologie", "financement"], name="part_unique"),
            models.CheckConstraint(condition=Q(nombre__gt=0), name="part_non_vide"),
        ]

    def __str__(self) -> str:
        return f"{self.reservataire} : {self.nombre} {self.typologie} {self.financement}"


@pghistory.track()
class ObjectifFlux(models.Model):
    """Gestion en flux: a réservataire's right with a landlord for a year, as a number of dwellings or as a share of
    the landlord's yearly flow (releases and first lettings, minus the moves excluded from the flow)."""

    annee = models.PositiveSmallIntegerField("année")
    bailleur = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="objectifs_flux_donnes",
        limit_choices_to={"type": TypeOrganisation.BAILLEUR},
    )
    reservataire = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="objectifs_flux")
    part = models.DecimalField(
        "part du flux (%)", max_digits=5, decimal_places=2, null=True, blank=True, help_text="Par exemple 25 pour 25 %."
    )
    nombre = models.PositiveIntegerField("nombre de logements", null=True, blank=True)

    class Meta:
        ordering = ["-annee", "bailleur__nom", "reservataire__nom"]
        verbose_name = "objectif de flux"
        constraints = [
            models.UniqueConstraint(fields=["annee", "bailleur", "reservataire"], name="objectif_flux_unique"),
            models.CheckConstraint(
                condition=(Q(part__isnull=True) & Q(nombre__isnull=False))
                | (Q(part__isnull=False) & Q(nombre__isnull=True)),
                name="objectif_flux_part_ou_nombre",
            ),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(part__gt=0, part__lte=100), name="objectif_flux_part_bornee"
            ),
        ]

    def __str__(self) -> str:
        quoi = f"{self.part} %" if self.part is not None else f"{self.nombre} logements"
        return f"{self.annee} — {self.reservataire} chez {self.bailleur} : {quoi}"
