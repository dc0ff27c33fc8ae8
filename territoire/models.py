"""The territory (communes, QPV), the organisations and the people who act for them.

Personal data here (users) is audited by django-pghistory: every insert, update and delete is recorded with the
acting user and the URL or command (see docs/audit.md).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from .roles import Role, TypeOrganisation, TypeReservataire


class CommuneQuerySet(models.QuerySet):
    def du_territoire(self) -> CommuneQuerySet:
        """The communes of the EPCI that runs this instance (settings.CASA_EPCI_SIREN): those a select offers (a
        filter, a residence's commune). The referential may hold others (a département's or the nation's, as the
        scale-218 bench does): a select of every French commune is neither usable nor fast (4,500 options per select
        drawn on each page there)."""
        return self.filter(epci_siren=settings.CASA_EPCI_SIREN)


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField(max_length=100)
    siren = models.CharField("SIREN", max_length=9, unique=True)
    codes_postaux = ArrayField(models.CharField(max_length=5), verbose_name="codes postaux")
    population = models.PositiveIntegerField("population municipale", help_text="Population municipale en vigueur.")
    annee_population = models.PositiveSmallIntegerField("année de la population en vigueur")
    zone_apl = models.PositiveSmallIntegerField("zone APL", choices=[(1, "1"), (2, "2"), (3, "3")])
    epci_siren = models.CharField("SIREN de l'EPCI", max_length=9)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return self.nom


class Secteur(models.Model):
    """A group of communes CASA uses to widen a search (its PLH's geographic sectors, for instance): a demand that
    wishes one commune of the sector may be offered a dwelling in another. CASA's setting, kept in the admin."""

    nom = models.CharField(max_length=100, unique=True)
    communes = models.ManyToManyField(Commune, related_name="secteurs")
    est_demo = models.BooleanField("démonstration", default=False)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class PopulationCommune(models.Model):
    """Population in force by year (INSEE legal populations, as published by the DGCL)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="populations")
    annee = models.PositiveSmallIntegerField("année d'entrée en vigueur")
    population_municipale = models.PositiveIntegerField()
    population_totale = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["commune", "annee"]
        constraints = [models.UniqueConstraint(fields=["commune", "annee"], name="population_unique_par_annee")]

    def __str__(self) -> str:
        return f"{self.commune} {self.annee}"


class Qpv(models.Model):
    """Quartier prioritaire de la politique de la ville (2024 geography)."""

    code = models.CharField(max_length=8, unique=True)
    nom = models.CharField(max_length=200)
    communes = models.ManyToManyField(Commune, related_name="qpv")

    class Meta:
        ordering = ["code"]
        verbose_name = "QPV"
        verbose_name_plural = "QPV"

    def __str__(self) -> str:
        return f"{self.code} {self.nom}"


NOM_EPCI_PAR_DEFAUT = "Communauté d'Agglomération Sophia Antipolis"


class OrganisationManager(models.Manager):
    def epci(self) -> Organisation:
        """The EPCI that runs this instance (CASA), created on first use from its SIREN (settings.CASA_EPCI_SIREN).
        Here rather than in services: Django's createsuperuser (UtilisateurManager) needs it too, and models import
        nothing of this app above them."""
        org, _ = self.get_or_create(
            siren=settings.CASA_EPCI_SIREN,
            defaults={
                "type": TypeOrganisation.EPCI,
                "nom": NOM_EPCI_PAR_DEFAUT,
                "sigle": "CASA",
                "slug": "casa",
                "est_reservataire": True,
                "type_reservataire": TypeReservataire.COLTER,
                "est_guichet_enregistreur": True,
                "code_guichet": "CASA0",
            },
        )
        return org


class Organisation(models.Model):
    type = models.CharField(max_length=20, choices=TypeOrganisation.choices)
    nom = models.CharField(max_length=200)
    sigle = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    siren = models.CharField("SIREN", max_length=9, null=True, blank=True, unique=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="La commune, pour une organisation de type commune.",
    )
    est_reservataire = models.BooleanField("réservataire", default=False)
    type_reservataire = models.CharField(
        "type de réservataire (SNE)", max_length=6, choices=TypeReservataire.choices, blank=True
    )
    est_guichet_enregistreur = models.BooleanField("guichet enregistreur", default=False)
    code_guichet = models.CharField(
        "code guichet",
        max_length=5,
        null=True,
        blank=True,
        unique=True,
        help_text="Les 5 derniers caractères du numéro unique des demandes enregistrées à ce guichet.",
    )
    adresse = models.CharField(max_length=300, blank=True)
    courriel = models.EmailField("courriel de contact", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    est_demo = models.BooleanField(
        "nom de démonstration",
        default=False,
        help_text="Organisation inventée pour la démonstration (les bailleurs autres qu'Erilia).",
    )
    active = models.BooleanField(default=True)

    objects = OrganisationManager()

    class Meta:
        ordering = ["type", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type=TypeOrganisation.COMMUNE, commune__isnull=False)
                | (~Q(type=TypeOrganisation.COMMUNE) & Q(commune__isnull=True)),
                name="organisation_commune_ssi_type_commune",
            ),
            models.UniqueConstraint(
                fields=["commune"], condition=Q(type=TypeOrganisation.COMMUNE), name="une_organisation_par_commune"
            ),
            models.CheckConstraint(
                condition=Q(est_reservataire=False, type_reservataire="")
                | Q(est_reservataire=True) & ~Q(type_reservataire=""),
                name="organisation_type_reservataire_ssi_reservataire",
            ),
            models.CheckConstraint(
                condition=Q(code_guichet__isnull=True) | Q(code_guichet__regex=r"^[0-9A-Z]{5}$"),
                name="organisation_code_guichet_5_caracteres",
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    @property
    def est_epci(self) -> bool:
        return self.type == TypeOrganisation.EPCI


class UtilisateurManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """Django's createsuperuser: a CASA administrator who sees everything (an active habilitation
        ADMINISTRATEUR at the EPCI's organisation, created if missing)."""
        user = super().create_superuser(username, email, password, **extra_fields)
        Habilitation.objects.get_or_create(
            utilisateur=user, organisation=Organisation.objects.epci(), role=Role.ADMINISTRATEUR
        )
        return user


@pghistory.track(exclude=["password", "last_login"])
class Utilisateur(AbstractUser):
    """A person (or a partner system, for an API key) acting for one or more organisations."""

    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    est_compte_api = models.BooleanField(
        "compte technique d'API", default=False, help_text="Compte d'un système partenaire, lié à une clé d'API."
    )
    organisation_preferee = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="L'organisation choisie en dernier dans l'en-tête, reprise à la connexion suivante.",
    )

    objects = UtilisateurManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="utilisateur_courriel_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class HabilitationQuerySet(models.QuerySet):
    def actives(self, le=None):
        jour = le or timezone.localdate()
        return self.filter(active=True, organisation__active=True, date_debut__lte=jour).filter(
            Q(date_fin__isnull=True) | Q(date_fin__gte=jour)
        )


@pghistory.track()
class Habilitation(models.Model):
    """A user acts for an organisation in a role, from a date, until a date."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="habilitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="habilitations")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    active = models.BooleanField(default=True)
    date_debut = models.DateField("depuis le", default=timezone.localdate)
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = HabilitationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__nom", "role"]
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "organisation", "role"], name="habilitation_unique"),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="habilitation_dates_ordonnees",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} — {self.get_role_display()} ({self.organisation})"


class PorteeCle(models.TextChoices):
    """What an API key may do, on top of the role its organisation's type gives it (territoire.services.role_de_cle):
    a key never does more than its role, and only what its scope names."""

    LECTURE = "lecture", "Lecture (listes et fiches du périmètre de l'organisation)"
    DEMANDES = "demandes", "Demandes (enregistrer et mettre à jour)"
    POSITIONNEMENTS = "positionnements", "Positionnements (proposer et retirer des candidats)"
    LOGEMENTS_A_POURVOIR = "logements_a_pourvoir", "Logements à pourvoir (les déclarer)"
    DECISIONS_CAL = "decisions_cal", "Décisions de CAL (les envoyer)"
    LISTES_RESERVATAIRES = "listes_reservataires", "Listes de réservataires (envoyer la sienne)"


# The last use is noted at most once a minute and is not an audit event (one per minute and per key otherwise).
@pghistory.track(exclude=["derniere_utilisation"])
class CleApi(models.Model):
    """An API key of an organisation for its own systems. Only its SHA-256 fingerprint is stored; the secret is shown
    once, at creation. A key works until the end of its expiry day (``expire_le``), only for its scope (``portee``),
    and until it is revoked."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cles_api")
    nom = models.CharField(max_length=100, help_text="À quoi sert la clé (ex. : « logiciel de gestion locative »).")
    prefixe = models.CharField("préfixe", max_length=12, unique=True)
    empreinte = models.CharField(max_length=64, unique=True)
    utilisateur = models.OneToOneField(Utilisateur, on_delete=models.PROTECT, related_name="cle_api")
    cree_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)
    expire_le = models.DateField("valable jusqu'au", help_text="La clé est refusée le lendemain de ce jour.")
    portee = ArrayField(
        models.CharField(max_length=30, choices=PorteeCle.choices),
        verbose_name="portée",
        help_text="Ce que la clé permet : une ou plusieurs portées.",
    )
    derniere_utilisation = models.DateTimeField(null=True, blank=True)
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True)
    revoquee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="révoquée par"
    )

    class Meta:
        ordering = ["organisation", "-cree_le"]
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        constraints = [
            models.CheckConstraint(condition=Q(portee__len__gte=1), name="cle_api_portee_non_vide"),
        ]

    def __str__(self) -> str:
        return f"{self.prefixe}… ({self.organisation})"

    @property
    def active(self) -> bool:
        return self.revoquee_le is None

    @property
    def expiree(self) -> bool:
        return self.expire_le < timezone.localdate()

    @property
    def jours_restants(self) -> int:
        """Days until the expiry day (0: it expires tonight; negative: expired)."""
        return (self.expire_le - timezone.localdate()).days

    def portee_libelles(self) -> list[str]:
        return [PorteeCle(p).label for p in self.portee if p in PorteeCle.values]


# Access governance (review of habilitations, unused accounts, sensitive reads): its own module, same app.
from .models_acces import (  # noqa: E402, F401
    DecisionRevue,
    DesactivationCompte,
    LectureSensible,
    LigneRevue,
    NatureLecture,
    RevueHabilitations,
)


class NatureEvenementCompte(models.TextChoices):
    DEUXIEME_FACTEUR_ACTIVE = "2FA_ACTIVE", "Second facteur activé"
    DEUXIEME_FACTEUR_REINITIALISE = "2FA_REINITIALISE", "Second facteur réinitialisé par un administrateur"
    CODES_DE_SECOURS_REGENERES = "CODES_REGENERES", "Codes de secours régénérés"
    CONNEXION_DEBLOQUEE = "DEBLOQUEE", "Connexion débloquée par un administrateur"


class EvenementCompte(models.Model):
    """What happens to an account's security (the second factor's devices and the login locks live in django-otp's
    and django-axes' tables): who, by whom, when. Never a secret nor a code."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="evenements_securite")
    nature = models.CharField(max_length=20, choices=NatureEvenementCompte.choices)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-le"]
        verbose_name = "événement de sécurité d'un compte"
        verbose_name_plural = "événements de sécurité des comptes"

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — {self.utilisateur} ({self.le:%d/%m/%Y %H:%M})"


# Saved filters of the lists (commun/listes.py): its own module, same app.
from .models_listes import FiltreEnregistre  # noqa: E402, F401
