"""Positionnements: a demand proposed for a dwelling to fill, in rank order, and every change of its state."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from demandes.models import Demande
from programmation.models import Disponibilite
from territoire.models import Organisation, Utilisateur

from .etats import (
    EN_COURS,
    EtatDepot,
    EtatPositionnement,
    ExceptionTroisCandidats,
    MotifRefus,
    ReponseCandidat,
    SourceDepot,
    TypeDecisionCAL,
)


@pghistory.track()
class Positionnement(models.Model):
    disponibilite = models.ForeignKey(Disponibilite, on_delete=models.PROTECT, related_name="positionnements")
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="positionnements")
    rang = models.PositiveSmallIntegerField()
    etat = models.CharField(
        "état", max_length=14, choices=EtatPositionnement.choices, default=EtatPositionnement.PROPOSE
    )
    propose_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    propose_le = models.DateTimeField(auto_now_add=True)
    exception = models.CharField(
        "moins de trois candidats parce que", max_length=12, choices=ExceptionTroisCandidats.choices, blank=True
    )
    derogation = models.CharField(
        "motif du second positionnement",
        max_length=300,
        blank=True,
        help_text="Renseigné quand la demande était déjà positionnée sur un autre logement.",
    )
    examen = models.JSONField(
        default=dict,
        blank=True,
        help_text="Ce que la recherche disait au moment de la proposition : raisons, taux d'effort, reste à vivre, "
        "points, rang dans la liste.",
    )

    class Meta:
        ordering = ["disponibilite", "rang"]
        constraints = [
            models.UniqueConstraint(
                fields=["disponibilite", "demande"],
                condition=Q(etat__in=EN_COURS),
                name="positionnement_une_fois_par_logement",
            ),
            models.UniqueConstraint(
                fields=["disponibilite", "rang"], condition=Q(etat__in=EN_COURS), name="positionnement_rang_unique"
            ),
            models.CheckConstraint(condition=Q(rang__gte=1), name="positionnement_rang_positif"),
        ]
        indexes = [models.Index(fields=["demande", "etat"], name="positionnement_demande_etat")]

    def __str__(self) -> str:
        return f"{self.demande.reference} sur {self.disponibilite} (rang {self.rang})"

    @property
    def en_cours(self) -> bool:
        return self.etat in EN_COURS


class TransitionPositionnement(JournalTransition):
    """Each change of a positionnement's state (etats.MACHINE_POSITIONNEMENT): from, to, by whom, when recorded, when
    it happened (the monthly tracking counts at `date_effet`), why, and the CAL deposit that brought it (the log shown
    on its pages)."""

    positionnement = models.ForeignKey(Positionnement, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatPositionnement.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatPositionnement.choices)
    depot = models.ForeignKey(
        "DepotDecisionsCAL", on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )

    class Meta:
        ordering = ["positionnement", "le", "pk"]
        indexes = [models.Index(fields=["vers", "date_effet"], name="transition_vers_date")]

    def __str__(self) -> str:
        return f"{self.positionnement} : {self.de or '—'} → {self.vers}"

    @property
    def auteur(self) -> str:
        """Who made the move, in words: the staff member, else the author of the deposit that brought it (the
        candidate in its space, the task of the delay to answer)."""
        if self.par_id:
            return self.par.get_full_name() or self.par.username
        return self.depot.auteur if self.depot_id else "—"


class TypeDesignation(models.TextChoices):
    POSITIONNE = "POSITIONNE", "Positionné"
    DESIGNE = "DESIGNE", "Désigné"
    ATTRIBUE = "ATTRIBUE", "Attribué"


class ListeReservataire(models.Model):
    """The list of candidates another réservataire (the State, Action Logement, a commune…) has positioned, designated
    or seen attributed, sent as a file or through the API. The latest list of a réservataire replaces the previous
    one: it is a picture of its current positionnements, crossed with CASA's."""

    reservataire = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listes_candidats")
    deposee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(auto_now_add=True)
    nom_fichier = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=7, choices=[("FICHIER", "Fichier"), ("API", "API")], default="FICHIER")
    active = models.BooleanField(default=True, help_text="La dernière liste du réservataire : celle qui compte.")

    class Meta:
        ordering = ["-deposee_le"]
        verbose_name = "liste d'un réservataire"
        constraints = [
            models.UniqueConstraint(fields=["reservataire"], condition=Q(active=True), name="une_liste_active")
        ]

    def __str__(self) -> str:
        return f"{self.reservataire} — {self.deposee_le:%d/%m/%Y}"


class Designation(models.Model):
    liste = models.ForeignKey(ListeReservataire, on_delete=models.CASCADE, related_name="designations")
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="designations_externes")
    type = models.CharField(max_length=10, choices=TypeDesignation.choices)
    date = models.DateField()
    logement = models.CharField("logement (référence du réservataire)", max_length=200, blank=True)

    class Meta:
        ordering = ["liste", "demande"]
        constraints = [models.UniqueConstraint(fields=["liste", "demande", "type"], name="designation_unique")]

    def __str__(self) -> str:
        return f"{self.demande.reference} {self.get_type_display().lower()} par {self.liste.reservataire}"


# ---------------------------------------------------------------------------------------------------- CAL returns


class DepotDecisionsCAL(models.Model):
    """A file of decisions of a landlord's CAL (or one API call, or a candidate's answer without the landlord: given
    in the applicant's space, or silence past the delay), its check report, and whether it was applied. The file is
    kept: the check and the application run on a Celery worker and can be run again."""

    bailleur = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="depots_cal")
    par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide pour une réponse du candidat dans son espace ou un silence enregistré par la tâche du délai.",
    )
    cree_le = models.DateTimeField("déposé le", auto_now_add=True)
    source = models.CharField(max_length=7, choices=SourceDepot.choices, default=SourceDepot.FICHIER)
    nom_fichier = models.CharField(max_length=200, blank=True)
    contenu = models.BinaryField(blank=True)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64, blank=True, db_index=True)
    etat = models.CharField("état", max_length=12, choices=EtatDepot.choices, default=EtatDepot.RECU)
    lignes = models.PositiveIntegerField(default=0)
    erreurs = models.JSONField(
        default=list, blank=True, help_text="[ligne, message] des premières lignes refusées (200 au plus), par ligne."
    )
    nombre_erreurs = models.PositiveIntegerField("nombre total d'erreurs", default=0)
    notes = models.JSONField(default=list, blank=True, help_text="Ce que la lecture a compris (encodage, en-tête…).")
    resume = models.JSONField(
        default=dict, blank=True, help_text="Ce que le fichier change : nombre de lignes par décision, déjà connues."
    )
    verifie_le = models.DateTimeField(null=True, blank=True)
    application_demandee_le = models.DateTimeField(null=True, blank=True)
    application_demandee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applique_le = models.DateTimeField(null=True, blank=True)
    resultat = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = "dépôt de décisions de CAL"
        verbose_name_plural = "dépôts de décisions de CAL"

    def __str__(self) -> str:
        return f"{self.nom_fichier or self.get_source_display()} ({self.get_etat_display()})"

    @property
    def numero(self) -> str:
        return f"CAL-{self.pk:06d}"

    @property
    def auteur(self) -> str:
        """Who sent it, in words: the landlord's staff member, or the candidate or the task when no one of the staff
        acted (SourceDepot.PORTAIL, DELAI)."""
        if self.source == SourceDepot.PORTAIL:
            return AUTEUR_PORTAIL
        if self.source == SourceDepot.DELAI:
            return AUTEUR_DELAI
        return str(self.par) if self.par_id else "—"


AUTEUR_PORTAIL = "le candidat (espace du demandeur)"
AUTEUR_DELAI = "tâche automatique (sans réponse dans le délai)"


class TransitionDepotCAL(JournalTransition):
    """Each change of a CAL deposit's state (etats.MACHINE_DEPOT_CAL): received, checked (by a worker), applied,
    failed, asked again."""

    depot = models.ForeignKey(DepotDecisionsCAL, on_delete=models.CASCADE, related_name="journal_etats")
    de = models.CharField("état avant", max_length=20, choices=EtatDepot.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatDepot.choices)

    class Meta:
        ordering = ["depot", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.depot} : {self.get_de_display()} → {self.get_vers_display()}"


class AccordCollectif(models.TextChoices):
    """The collective agreement an attribution falls under, as the landlord's CAL says it (it decides each
    attribution, L441-2 CCH): the intercommunal agreement of an EPCI with a local housing programme (L441-1-1 CCH) or
    the département's agreement concluded by the préfet (L441-1-2 CCH), or none. Codes of the SNE's code list
    ListeAccordCollectif (libsne, Constantes.py `LISTE_CODES`), whose fourth code NONDOC « non renseigné » is what the
    outbox sends when the CAL did not say (envois_sne/regles.py)."""

    ACD = "ACD", "Accord collectif départemental"
    ACI = "ACI", "Accord collectif intercommunal"
    AUCUN = "AUCUN", "Aucun"


@pghistory.track()
class DecisionCAL(models.Model):
    """What the landlord's CAL decided for one candidate, then the candidate's answer and the lease: the facts the
    files bring, kept together (the moves of the positionnement are in its transitions)."""

    positionnement = models.OneToOneField(Positionnement, on_delete=models.PROTECT, related_name="decision_cal")
    date_cal = models.DateField("date de la CAL")
    decision = models.CharField("décision", max_length=20, choices=TypeDecisionCAL.choices)
    rang = models.PositiveSmallIntegerField("rang de classement", null=True, blank=True)
    condition = models.CharField("condition suspensive", max_length=300, blank=True)
    motif = models.CharField("motif de la décision", max_length=300, blank=True)
    accord_collectif = models.CharField(
        "accord collectif",
        max_length=5,
        choices=AccordCollectif.choices,
        blank=True,
        help_text="L'accord collectif dont relève l'attribution, dit par la CAL (vide : non dit).",
    )
    reponse = models.CharField("réponse du candidat", max_length=11, choices=ReponseCandidat.choices, blank=True)
    date_reponse = models.DateField("date de la réponse", null=True, blank=True)
    motif_refus = models.CharField("motif du refus", max_length=20, choices=MotifRefus.choices, blank=True)
    date_bail = models.DateField("bail signé le", null=True, blank=True)
    menage = models.JSONField(
        "le ménage à la signature du bail",
        default=dict,
        blank=True,
        help_text="Taille, quartile de ressources, critères de priorité, DALO, mutation : ce que le suivi compte, "
        "figé à la signature (la demande est radiée et ses données effacées ensuite).",
    )
    logement_au_bail = models.JSONField(
        "le logement à la signature du bail",
        default=dict,
        blank=True,
        help_text="Bailleur, réservataire, commune, typologie, financement, QPV : figés à la signature.",
    )
    depot = models.ForeignKey(DepotDecisionsCAL, on_delete=models.PROTECT, related_name="decisions")
    modifiee_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_cal", "pk"]
        verbose_name = "décision de CAL"
        verbose_name_plural = "décisions de CAL"
        indexes = [models.Index(fields=["date_bail"], name="decision_cal_bail")]

    def __str__(self) -> str:
        return f"{self.positionnement} : {self.decision} (CAL du {self.date_cal:%d/%m/%Y})"


class CorrectionDecision(models.Model):
    """A correction CASA makes to a recorded attribution (the lease's date, the household's facts), with what it was
    and what it becomes. Append-only: a past month's tracking table reads the values as they were known then, and
    the month of the correction shows it as such."""

    decision = models.ForeignKey(DecisionCAL, on_delete=models.CASCADE, related_name="corrections")
    le = models.DateTimeField(auto_now_add=True, db_index=True)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    motif = models.CharField(max_length=300)
    avant = models.JSONField(help_text="Les valeurs corrigées, avant : date_bail, et les clés du ménage changées.")
    apres = models.JSONField()

    class Meta:
        ordering = ["decision", "le", "pk"]
        verbose_name = "correction d'une attribution"

    def __str__(self) -> str:
        return f"Correction de {self.decision} le {self.le:%d/%m/%Y}"


@pghistory.track()
class ReglesPositionnement(models.Model):
    """One dated version of the positioning rules (REGLES §10, CASA's parameters, not law): `organisation` empty, CASA's
    defaults; a landlord (bailleur), that landlord's own values over them, field by field (an empty field: CASA's rule
    of the day). A version applies from `date_effet` until the next one; it is never changed once written (a change
    is a new version, so the versions are the history): positionnements/regles_bailleurs.py reads them,
    docs/positionnements.md « Les règles de chaque bailleur »."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regles_positionnement",
        help_text="Le bailleur dont ce sont les règles ; vide : les règles de la CASA.",
    )
    date_effet = models.DateField("en vigueur à partir du")
    taux_effort_max = models.DecimalField(
        "taux d'effort maximal",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Fraction des ressources mensuelles (0,33 pour 33 %) ; vide : la règle de la CASA.",
    )
    reste_a_vivre_min = models.DecimalField(
        "reste à vivre minimal",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="En euros par unité de consommation et par jour ; vide : la règle de la CASA.",
    )
    tailles = models.JSONField(
        "personnes par typologie",
        default=dict,
        blank=True,
        help_text="Typologie → [au moins, au plus] personnes (au plus vide : sans maximum) ; une typologie absente : "
        "la règle de la CASA.",
    )
    motif = models.CharField("motif du changement", max_length=300, blank=True)
    cree_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : la version de départ, reprise du réglage CASA_POSITIONNEMENT.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-date_effet", "-pk"]
        verbose_name = "règles de positionnement"
        verbose_name_plural = "règles de positionnement"
        indexes = [models.Index(fields=["organisation", "date_effet"], name="regles_positionnement_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(taux_effort_max__isnull=True) | Q(taux_effort_max__gte=0, taux_effort_max__lte=1),
                name="regles_taux_effort_0_1",
            ),
            models.CheckConstraint(
                condition=Q(reste_a_vivre_min__isnull=True) | Q(reste_a_vivre_min__gte=0),
                name="regles_reste_a_vivre_positif",
            ),
        ]

    def __str__(self) -> str:
        qui = f"du bailleur {self.organisation.nom}" if self.organisation_id else "de la CASA"
        return f"Règles de positionnement {qui} à partir du {self.date_effet:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        """A version is written once: a change is a new version (the history is the list of versions)."""
        if not self._state.adding:
            raise ValueError("Une version des règles de positionnement ne se modifie pas : créez-en une nouvelle.")
        super().save(*args, **kwargs)
