"""The demand for social housing (content of the national form CERFA 14069), its household, resources, wishes,
priority criteria and lifecycle log; and the dated reference tables the rules read (income ceilings, quartiles).

Every model holding personal data is audited by django-pghistory (docs/audit.md). Workflow lives in services.py.
"""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q

from commun import format_fr
from territoire.models import Commune, Organisation, Utilisateur

from .codes import (
    CodePriorite,
    EtatDemande,
    Financement,
    Lien,
    LogementActuel,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeCourrier,
    TypeRessource,
    ZonePlafonds,
)
from .qualification import TypePiece

MAX_COMMUNES_SOUHAITEES = 8

# --------------------------------------------------------------------------- dated reference tables


class PeriodeValiditeQuerySet(models.QuerySet):
    def en_vigueur(self, jour):
        return self.filter(date_debut__lte=jour).filter(Q(date_fin__isnull=True) | Q(date_fin__gte=jour))


class BaremePlafond(models.Model):
    """Income ceilings of one financing, in one zone, over a validity period (euros per year, by category)."""

    financement = models.CharField(max_length=4, choices=Financement.choices)
    zone = models.CharField(max_length=6, choices=ZonePlafonds.choices, default=ZonePlafonds.AUTRES)
    date_debut = models.DateField("en vigueur à partir du")
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    categorie_1 = models.PositiveIntegerField("catégorie 1")
    categorie_2 = models.PositiveIntegerField("catégorie 2")
    categorie_3 = models.PositiveIntegerField("catégorie 3")
    categorie_4 = models.PositiveIntegerField("catégorie 4")
    categorie_5 = models.PositiveIntegerField("catégorie 5")
    categorie_6 = models.PositiveIntegerField("catégorie 6")
    par_personne_supplementaire = models.PositiveIntegerField("par personne au-delà de 6")
    source = models.CharField(max_length=300, blank=True)
    statut = models.CharField(
        max_length=12,
        choices=[("officiel", "officiel"), ("derive", "dérivé"), ("a_verifier", "à vérifier")],
        default="officiel",
    )

    objects = PeriodeValiditeQuerySet.as_manager()

    class Meta:
        ordering = ["financement", "zone", "-date_debut"]
        verbose_name = "barème de plafonds de ressources"
        verbose_name_plural = "barèmes de plafonds de ressources"
        constraints = [
            models.UniqueConstraint(fields=["financement", "zone", "date_debut"], name="bareme_unique_par_debut"),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")), name="bareme_dates_ordonnees"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financement} {self.get_zone_display()} au {self.date_debut:%d/%m/%Y}"

    def montants(self) -> tuple[int, ...]:
        return (
            self.categorie_1,
            self.categorie_2,
            self.categorie_3,
            self.categorie_4,
            self.categorie_5,
            self.categorie_6,
        )


class SeuilQuartile(models.Model):
    """Resource quartile thresholds of an EPCI for a year (euros per year per consumption unit)."""

    epci_siren = models.CharField("SIREN de l'EPCI", max_length=9)
    epci_nom = models.CharField("EPCI", max_length=100)
    annee = models.PositiveSmallIntegerField()
    date_debut = models.DateField("en vigueur à partir du")
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    q1 = models.DecimalField("1er quartile", max_digits=9, decimal_places=2)
    q2 = models.DecimalField("2e quartile (médiane)", max_digits=9, decimal_places=2)
    q3 = models.DecimalField("3e quartile", max_digits=9, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)

    objects = PeriodeValiditeQuerySet.as_manager()

    class Meta:
        ordering = ["epci_nom", "-annee"]
        verbose_name = "seuils de quartiles de ressources"
        verbose_name_plural = "seuils de quartiles de ressources"
        constraints = [
            models.UniqueConstraint(fields=["epci_siren", "annee"], name="quartile_unique_par_annee"),
            models.CheckConstraint(condition=Q(q1__lt=F("q2")) & Q(q2__lt=F("q3")), name="quartiles_ordonnes"),
        ]

    def __str__(self) -> str:
        return f"{self.epci_nom} {self.annee}"


# --------------------------------------------------------------------------- the demand


@pghistory.track()
class Demande(models.Model):
    numero = models.CharField(
        "numéro unique",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        help_text="Numéro unique départemental (format SNE), attribué à l'enregistrement.",
    )
    etat = models.CharField("état", max_length=10, choices=EtatDemande.choices, default=EtatDemande.BROUILLON)
    etape = models.PositiveSmallIntegerField("étape atteinte du formulaire", default=1)
    guichet = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="demandes_enregistrees")
    agent = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="demandes_enregistrees")
    date_depot = models.DateField("date de dépôt")
    date_enregistrement = models.DateField("date d'enregistrement", null=True, blank=True)
    date_echeance = models.DateField(
        "à renouveler avant le", null=True, blank=True, help_text="Date anniversaire : la demande vaut un an."
    )
    date_dernier_renouvellement = models.DateField(
        "renouvelée le", null=True, blank=True, help_text="Date de réception du dernier renouvellement (R441-2-7)."
    )
    date_radiation = models.DateField(null=True, blank=True)
    motif_radiation = models.CharField(max_length=6, choices=MotifRadiation.choices, blank=True)
    rappel_renouvellement_le = models.DateField(
        "rappel de renouvellement envoyé le",
        null=True,
        blank=True,
        help_text="Le rappel part un mois avant l'échéance, une fois par échéance.",
    )

    # situation
    vit_en_couple = models.BooleanField("demandeur et co-demandeur en couple", default=False)
    logement_actuel = models.CharField("logement actuel", max_length=6, choices=LogementActuel.choices, blank=True)
    commune_actuelle = models.CharField("commune du logement actuel", max_length=100, blank=True)
    loyer_actuel = models.DecimalField("loyer actuel (€/mois)", max_digits=8, decimal_places=2, null=True, blank=True)
    surface_actuelle = models.PositiveSmallIntegerField("surface actuelle (m²)", null=True, blank=True)
    motifs = ArrayField(models.CharField(max_length=2), default=list, blank=True, verbose_name="motifs de la demande")
    motif_precision = models.CharField("précision sur le motif", max_length=300, blank=True)
    mutation = models.BooleanField("déjà locataire du parc social", default=False)
    bailleur_actuel = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="locataires_demandeurs"
    )
    perte_autonomie = models.BooleanField("handicap ou perte d'autonomie dans le ménage", default=False)
    criteres_locaux = ArrayField(
        models.CharField(max_length=30),
        default=list,
        blank=True,
        verbose_name="critères locaux de la CASA",
        help_text="Critères propres au territoire retenus par la grille de cotation (catastrophe naturelle…).",
    )

    # wishes
    toute_commune = models.BooleanField("accepte toute commune du territoire", default=False)
    typologies = ArrayField(models.CharField(max_length=3), default=list, blank=True, verbose_name="typologies")
    loyer_max = models.DecimalField("loyer maximum (€/mois)", max_digits=8, decimal_places=2, null=True, blank=True)
    etage_max = models.PositiveSmallIntegerField("étage maximum", null=True, blank=True)
    ascenseur_requis = models.BooleanField("ascenseur nécessaire", default=False)
    accessibilite_pmr = models.BooleanField("logement accessible en fauteuil roulant", default=False)

    # employer (Action Logement)
    employeur_nom = models.CharField("employeur", max_length=200, blank=True)
    employeur_siret = models.CharField("SIRET de l'employeur", max_length=14, blank=True)
    employeur_commune = models.CharField("commune de l'employeur", max_length=100, blank=True)

    # income
    revenu_fiscal_reference = models.PositiveIntegerField("revenu fiscal de référence N-2 (€)", null=True, blank=True)
    annee_revenu_fiscal = models.PositiveSmallIntegerField("année des revenus", null=True, blank=True)
    revenu_recent = models.PositiveIntegerField(
        "revenu N-1 ou des 12 derniers mois (€)",
        null=True,
        blank=True,
        help_text="Retenu s'il est inférieur d'au moins 10 % au revenu fiscal N-2, avec justificatif.",
    )
    revenu_recent_justifie = models.BooleanField("revenu récent justifié", default=False)
    apl_estimee = models.DecimalField("APL estimée (€/mois)", max_digits=8, decimal_places=2, null=True, blank=True)

    # derived (refreshed by services.demande_recalculer): kept on the row for lists, filters and sorting
    nombre_personnes = models.PositiveSmallIntegerField(null=True, blank=True)
    bebe_jusqu_au = models.DateField(
        "un bébé dans le ménage jusqu'au",
        null=True,
        blank=True,
        help_text="Dernier jour où le plus jeune enfant a moins de 12 mois (31/12/9999 pour un enfant attendu) : "
        "un T2 peut alors loger trois personnes (REGLES §10).",
    )
    categorie_menage = models.PositiveSmallIntegerField(null=True, blank=True)
    unites_consommation = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    ressources_mensuelles = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    ressources_par_uc = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    premier_quartile = models.BooleanField(null=True, blank=True)
    eligible_plai = models.BooleanField(null=True, blank=True)
    eligible_plus = models.BooleanField(null=True, blank=True)
    eligible_pls = models.BooleanField(null=True, blank=True)
    priorites = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    refus_offre_adaptee = models.PositiveSmallIntegerField(
        "offres adaptées refusées",
        default=0,
        help_text="Refus par le demandeur d'un logement attribué par une CAL, hors motifs que la CASA ne décompte pas "
        "(réglage CASA_REFUS_NON_DECOMPTES) : le malus de la cotation.",
    )
    score_cotation = models.IntegerField(null=True, blank=True)
    detail_cotation = models.JSONField(default=list, blank=True)
    # Derived from up to 15 persons of 3 × 100 characters: a text, not a bounded field (an over-long household
    # must not fail on its search key).
    nom_recherche = models.TextField(
        blank=True, help_text="Noms et prénoms du ménage sans accents, en minuscules (recherche)."
    )

    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_depot", "-pk"]
        permissions = [("voir_criteres_sensibles", "Voir les critères de priorité sensibles")]
        indexes = [
            GinIndex(fields=["nom_recherche"], name="demande_nom_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["priorites"], name="demande_priorites_gin"),
            GinIndex(fields=["typologies"], name="demande_typologies_gin"),
            models.Index(fields=["etat", "date_depot"], name="demande_etat_depot"),
            models.Index(fields=["guichet", "etat"], name="demande_guichet_etat"),
            models.Index(fields=["-score_cotation"], name="demande_score"),
            # The candidate search of a dwelling (positionnements.recherche) reads only this index: the household's
            # size, then every column its rules and ranking use (an index-only scan: 122 ms instead of 700 ms for a
            # T3 in Antibes among 311,000 demands, docs/positionnements.md).
            models.Index(
                fields=["nombre_personnes"],
                include=[
                    "id",
                    "categorie_menage",
                    "revenu_fiscal_reference",
                    "revenu_recent",
                    "revenu_recent_justifie",
                    "toute_commune",
                    "accessibilite_pmr",
                    "ascenseur_requis",
                    "etage_max",
                    "loyer_max",
                    "ressources_mensuelles",
                    "unites_consommation",
                    "apl_estimee",
                    "priorites",
                    "premier_quartile",
                    "score_cotation",
                    "date_depot",
                    "numero",
                    "mutation",
                    "bebe_jusqu_au",
                ],
                condition=Q(etat__in=["ACTIVE", "QUALIFIEE"]),
                name="demande_recherche_candidats",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatDemande.BROUILLON) | Q(numero__isnull=False, date_enregistrement__isnull=False),
                name="demande_enregistree_a_un_numero",
            ),
            models.CheckConstraint(
                condition=~Q(etat=EtatDemande.RADIEE) | (Q(date_radiation__isnull=False) & ~Q(motif_radiation="")),
                name="demande_radiee_a_un_motif",
            ),
            models.CheckConstraint(
                condition=Q(numero__isnull=True) | Q(numero__regex=r"^[0-9A-Z]{18}$"), name="demande_numero_18"
            ),
        ]

    def __str__(self) -> str:
        return self.numero or f"Brouillon n° {self.pk}"

    @property
    def lecture_seule(self) -> bool:
        return self.etat == EtatDemande.RADIEE


@pghistory.track()
class Personne(models.Model):
    """A person who will live in the dwelling (the applicant and co-applicant included)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="personnes")
    ordre = models.PositiveSmallIntegerField(default=0)
    lien = models.CharField("lien avec le demandeur", max_length=14, choices=Lien.choices)
    nom = models.CharField(max_length=100, blank=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom_unique = models.BooleanField(
        "nom unique (sans prénom)",
        default=False,
        help_text="L'état civil de la personne ne porte qu'un nom, sans prénom : un choix explicite, pas un oubli.",
    )
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    date_naissance = models.DateField(
        "date de naissance", help_text="Pour un enfant attendu : la date prévue de naissance."
    )
    sexe = models.CharField(max_length=1, choices=[("F", "Femme"), ("M", "Homme")], blank=True)
    nationalite = models.CharField("nationalité", max_length=7, choices=Nationalite.choices, blank=True)
    titre_sejour = models.CharField("titre de séjour", max_length=100, blank=True)
    titre_sejour_fin = models.DateField("titre de séjour valable jusqu'au", null=True, blank=True)
    situation_familiale = models.CharField(max_length=12, choices=SituationFamiliale.choices, blank=True)
    a_charge = models.BooleanField("à charge", default=False)
    handicap = models.BooleanField("titulaire de la CMI invalidité", default=False)
    enfant_a_naitre = models.BooleanField("enfant attendu", default=False)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField(blank=True)
    adresse = models.CharField("adresse actuelle", max_length=300, blank=True)

    class Meta:
        ordering = ["demande", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande"], condition=Q(lien=Lien.DEMANDEUR), name="un_seul_demandeur_par_demande"
            ),
            models.UniqueConstraint(
                fields=["demande"], condition=Q(lien=Lien.CO_DEMANDEUR), name="un_seul_co_demandeur_par_demande"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom}".strip() or self.get_lien_display()


@pghistory.track()
class Ressource(models.Model):
    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="ressources")
    type = models.CharField(max_length=4, choices=TypeRessource.choices)
    montant_mensuel = models.DecimalField("montant mensuel (€)", max_digits=9, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(montant_mensuel__gte=0), name="ressource_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {format_fr.euros(self.montant_mensuel)}"


@pghistory.track()
class SouhaitCommune(models.Model):
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="souhaits_communes")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="souhaits")
    rang = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["demande", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["demande", "rang"], name="souhait_rang_unique"),
            models.UniqueConstraint(fields=["demande", "commune"], name="souhait_commune_unique"),
            models.CheckConstraint(
                condition=Q(rang__gte=1, rang__lte=MAX_COMMUNES_SOUHAITEES), name="souhait_rang_1_a_8"
            ),
        ]
        indexes = [
            # the demands that wish a commune, read from the index alone by the candidate search
            models.Index(fields=["commune", "demande"], name="souhait_commune_demande"),
        ]

    def __str__(self) -> str:
        return f"{self.rang}. {self.commune}"


@pghistory.track()
class CriterePriorite(models.Model):
    """A priority criterion of the demand (DALO or a category of article L441-1), with its evidence."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="criteres_priorite")
    code = models.CharField(max_length=30, choices=CodePriorite.choices)
    preuve = models.CharField("justificatif", max_length=300)
    date_decision = models.DateField("date de la décision", null=True, blank=True)
    statut_dalo = models.CharField(max_length=6, choices=StatutDalo.choices, blank=True)
    valable_jusqu_au = models.DateField("valable jusqu'au", null=True, blank=True)
    saisi_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    saisi_le = models.DateTimeField(auto_now_add=True)
    actif = models.BooleanField(default=True)

    class Meta:
        ordering = ["demande", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "code"], condition=Q(actif=True), name="critere_actif_unique_par_code"
            ),
            models.CheckConstraint(
                condition=~Q(code=CodePriorite.DALO) | Q(date_decision__isnull=False),
                name="dalo_a_une_date_de_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class TransitionDemande(models.Model):
    """The lifecycle log: every change of state, by whom, when and why. Append-only."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="transitions")
    etat_avant = models.CharField(max_length=10, choices=EtatDemande.choices, blank=True)
    etat_apres = models.CharField(max_length=10, choices=EtatDemande.choices)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    le = models.DateTimeField(auto_now_add=True, db_index=True)
    motif = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["demande", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.demande} {self.etat_avant or '∅'} → {self.etat_apres}"


@pghistory.track()
class Courrier(models.Model):
    """A letter whose date drives the demand's life: the renewal notice (R441-2-7) and the warning before radiation
    for no answer (R441-2-8). The beat jobs read `radiation_prevue_le`; an answer recorded stops (or, after the
    radiation, reverses) it."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="courriers")
    type = models.CharField(max_length=13, choices=TypeCourrier.choices)
    objet = models.CharField("objet", max_length=300)
    envoye_le = models.DateField("envoyé le")
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    radiation_prevue_le = models.DateField("radiation faute de réponse le", null=True, blank=True)
    repondu_le = models.DateField("réponse reçue le", null=True, blank=True)
    reponse_notee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demande", "-envoye_le", "-pk"]
        indexes = [
            models.Index(
                fields=["radiation_prevue_le"],
                condition=Q(repondu_le__isnull=True, type="AVERTISSEMENT"),
                name="courrier_avertissement_ouvert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.envoye_le:%d/%m/%Y}"


class GrilleCotation(models.Model):
    """A version of CASA's cotation grid (criteria and points), in force from a date. Its content is the JSON form of
    demandes.cotation.Grille; an administrator edits it, and every live demand is scored again."""

    version = models.CharField(max_length=40, unique=True)
    date_debut = models.DateField("en vigueur à partir du", unique=True)
    contenu = models.JSONField(help_text="Critères et points (format de demandes.cotation.grille_vers_dict).")
    commentaire = models.CharField(max_length=300, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_debut"]
        verbose_name = "grille de cotation"
        verbose_name_plural = "grilles de cotation"

    def __str__(self) -> str:
        return f"Grille {self.version} (depuis le {self.date_debut:%d/%m/%Y})"

    def grille(self):
        from .cotation import grille_depuis_dict

        return grille_depuis_dict({**self.contenu, "version": self.version, "date_debut": self.date_debut.isoformat()})

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.grille()
        except (ValueError, KeyError, TypeError) as err:
            raise ValidationError({"contenu": str(err)}) from err


# --------------------------------------------------------------------------- qualification (SIAD)


def _stockage_prive():
    """Pieces live outside any served folder: a view streams them after checking the reader's scope."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.MEDIA_ROOT / "pieces", base_url=None)


def _chemin_piece(instance, nom: str) -> str:
    import uuid

    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"{instance.demande_id}/{uuid.uuid4().hex}.{extension}"


@pghistory.track(exclude=["fichier"])
class Piece(models.Model):
    """A supporting piece of the demand: a file received, or a paper piece seen at the counter."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="pieces")
    type = models.CharField(max_length=20, choices=TypePiece.choices)
    fichier = models.FileField(storage=_stockage_prive, upload_to=_chemin_piece, blank=True)
    nom_original = models.CharField(max_length=200, blank=True)
    taille = models.PositiveIntegerField(default=0)
    vue_en_original = models.BooleanField("vue en original au guichet", default=False)
    commentaire = models.CharField(max_length=300, blank=True)
    deposee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(auto_now_add=True)
    retiree = models.BooleanField(default=False)

    class Meta:
        ordering = ["demande", "type", "-deposee_le"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(fichier="") | Q(vue_en_original=True), name="piece_fichier_ou_vue_en_original"
            ),
        ]

    def __str__(self) -> str:
        return self.get_type_display()


class ConsultationPiece(models.Model):
    """Who opened a piece, and when (REGLES §12: access to sensitive pieces is logged). Append-only."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="consultations")
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-le"]

    def __str__(self) -> str:
        return f"{self.piece} consultée le {self.le:%d/%m/%Y %H:%M}"


@pghistory.track()
class Entretien(models.Model):
    """The qualification interview following the guide: topics covered, notes, agent and date."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="entretiens")
    agent = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    sujets = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name="sujets abordés")
    notes = models.TextField(blank=True, help_text="Le strict nécessaire : pas de détail médical ni de récit.")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demande", "-date", "-pk"]

    def __str__(self) -> str:
        return f"Entretien du {self.date:%d/%m/%Y}"


# --------------------------------------------------------------------------- retention (demandes/retention.py)


class DeclencheurEffacement(models.TextChoices):
    TACHE = "TACHE", "la tâche planifiée de la nuit"
    COMMANDE = "COMMANDE", "la commande purger_demandes_radiees"


class EffacementDemande(models.Model):
    """The erasure of a struck-off demand's personal data once its retention period is over (demandes/retention.py):
    which demand, when, by what (the nightly job or the command, and who ran it), after how long. One per demand
    (the erasure runs once); append-only. It is the audit of the erasure, with the pghistory events of the rows it
    blanked (context « conservation ») and the line it writes in the demand's log."""

    demande = models.OneToOneField(Demande, on_delete=models.PROTECT, related_name="effacement")
    le = models.DateTimeField("effacée le", auto_now_add=True, db_index=True)
    par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide quand la tâche planifiée (ou la commande sans compte) a effacé.",
    )
    declencheur = models.CharField("par", max_length=8, choices=DeclencheurEffacement.choices)
    conservation_mois = models.PositiveSmallIntegerField("durée de conservation après la radiation (mois)")
    date_radiation = models.DateField("radiée le")
    motif_radiation = models.CharField(max_length=6, choices=MotifRadiation.choices)

    class Meta:
        ordering = ["-le", "-pk"]
        verbose_name = "effacement des données d'une demande"
        verbose_name_plural = "effacements des données des demandes"

    def __str__(self) -> str:
        return f"Données de la demande n° {self.demande_id} effacées le {self.le:%d/%m/%Y}"
