"""The demand for social housing (content of the national form CERFA 14069): its row (state, dates, situation,
wishes, income and the derived figures kept for lists), its household and their resources, its wished communes and
its priority criteria. Audited by django-pghistory (docs/audit.md)."""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from commun import format_fr
from territoire.models import Commune, Organisation, Utilisateur

from ..codes import (
    CodePriorite,
    EtatDemande,
    Lien,
    LogementActuel,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeRessource,
)
from .perimetre import DECLENCHEURS_SOUHAITS

MAX_COMMUNES_SOUHAITEES = 8
CODE_TERRITOIRE = "006"  # Alpes-Maritimes in the SNE's numéro unique (REGLES §8: « à vérifier : utilisez 006 »)
# The SNE's numéro unique: 18 capitals or digits (department, month and year, sequence, counter: docs/sne.md).
FORMAT_NUR = r"^[0-9A-Z]{18}$"
# Our local numbers: a prefix of capitals (settings.CASA_PREFIXE_NUMERO_LOCAL), the year, a sequence of 6 digits or
# more; the dashes keep it out of the SNE's namespace.
FORMAT_NUMERO_LOCAL = r"^[A-Z]{2,10}-[0-9]{4}-[0-9]{6,8}$"


@pghistory.track(exclude=["communes_souhaitees"])  # a copy of the wishes, audited as SouhaitCommune
class Demande(models.Model):
    numero = models.CharField(
        "numéro local",
        max_length=24,
        unique=True,
        null=True,
        blank=True,
        help_text="Numéro donné ici à l'enregistrement (CASA-2026-000123), dans un espace à part : jamais au format "
        "du SNE, pour ne pas heurter un vrai numéro unique (docs/sne.md « Numéros »).",
    )
    nur = models.CharField(
        "numéro unique (SNE)",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        help_text="Numéro unique départemental délivré par le Système national d'enregistrement (L441-2-1 CCH), "
        "connu à l'import du SNE ou saisi par un agent.",
    )
    etat = models.CharField("état", max_length=10, choices=EtatDemande.choices, default=EtatDemande.BROUILLON)
    etape = models.PositiveSmallIntegerField("étape atteinte du formulaire", default=1)
    guichet = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="demandes_enregistrees")
    agent = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_enregistrees",
        help_text="L'agent qui a ouvert la demande ici ; vide pour une demande venue du SNE (docs/sne.md).",
    )
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
    # the wishes' communes by rank, copied by the database from SouhaitCommune (models/perimetre.py), never by Python
    communes_souhaitees = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
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
            # no index on the typologies: each one is wished by 20 to 40 % of the demands, and the planner's bitmap
            # of 1.1 million entries made a counter's filtered count 6 times slower at the national scale
            GinIndex(fields=["communes_souhaitees"], name="demande_communes_gin"),  # a commune counter's perimeter
            models.Index(fields=["etat", "date_depot"], name="demande_etat_depot"),
            models.Index(fields=["guichet", "etat"], name="demande_guichet_etat"),
            models.Index(fields=["-score_cotation"], name="demande_score"),
            # the API's list, the most recent first (demandes.api): its page read from the index, not a sort of all
            models.Index(fields=["-date_depot", "-id"], name="demande_depot_recent"),
            # A dwelling's candidate search (positionnements.recherche.requete) reads this index alone: every column
            # its rules and ranking use, an index-only probe per demand of the perimeter (docs/positionnements.md
            # « Le registre national sur une machine »). The lists' counts read it too, not the wide rows (scale 30:
            # a counter's count 575 -> 215 ms; bench/pages.py). Not the wished communes: with them the candidate
            # search took 7 % longer, and the planner read 1.2 million entries for a filter by commune at scale 218.
            models.Index(
                fields=["id"],
                include=[
                    "guichet",
                    "etat",
                    "date_echeance",
                    "typologies",
                    "nombre_personnes",
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
                    "nur",
                    "mutation",
                    "bebe_jusqu_au",
                ],
                condition=Q(etat__in=["ACTIVE", "QUALIFIEE"]),
                name="demande_recherche_candidats",
            ),
            # the demands in progress by the end of their year (the home page's « à renouveler dans le mois », the
            # list's filter by due date, the renewal reminders): counted from the index, not the whole table
            models.Index(
                fields=["date_echeance"],
                condition=Q(etat__in=["ACTIVE", "QUALIFIEE"]),
                name="demande_echeance_en_cours",
            ),
            # the lists « dont RADABA… » of the tracking table read 12,000 entries, not 280,000 wide rows (scale 218)
            models.Index(
                fields=["motif_radiation", "id"],
                include=["nur", "numero", "guichet"],
                condition=~Q(motif_radiation=""),
                name="demande_motif_radiation",
            ),
            # the demands that accept any commune of the territory: the second half of the search's perimeter
            models.Index(
                fields=["id"],
                condition=Q(toute_commune=True, etat__in=["ACTIVE", "QUALIFIEE"]),
                name="demande_toute_commune",
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
                condition=Q(numero__isnull=True) | Q(numero__regex=FORMAT_NUMERO_LOCAL), name="demande_numero_local"
            ),
            models.CheckConstraint(condition=Q(nur__isnull=True) | Q(nur__regex=FORMAT_NUR), name="demande_nur_18"),
        ]

    def __str__(self) -> str:
        return self.reference or f"Brouillon n° {self.pk}"

    def save(self, *args, **kwargs):
        """Django's save, which never writes ``communes_souhaitees``: the database keeps it (a demand read before its
        wishes changed must not put the old copy back)."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "communes_souhaitees"
            ]
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str | None:
        """The number every page, export and API shows: the NUR when the SNE gave one, else the local number (None
        for a draft)."""
        return self.nur or self.numero

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
        indexes = [
            # the probable duplicates of a holder (selectors.doublons_probables, the SNE import): same birth date
            models.Index(
                fields=["date_naissance"],
                condition=Q(lien__in=["DEMANDEUR", "CO_DEMANDEUR"]),
                name="personne_naissance_titulaire",
            )
        ]
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
        triggers = DECLENCHEURS_SOUHAITS  # Demande.communes_souhaitees kept by the database

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
