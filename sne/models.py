"""The SNE's demand files imported here (ImportSNE, its per-demand report LigneImportSNE), what the SNE last said of
each demand (DocumentSNE: its raw XML and the values it gave, against which the next file is compared), and the
conflicts an agent settles field by field (ConflitSNE). docs/sne.md."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from demandes.models import Demande
from territoire.models import Utilisateur


class EtatImportSNE(models.TextChoices):
    RECU = "RECU", "Reçu, en attente"
    EN_COURS = "EN_COURS", "Import en cours"
    APPLIQUE = "APPLIQUE", "Importé"
    REFUSE = "REFUSE", "Fichier refusé"
    ECHEC = "ECHEC", "Échec (à relancer)"


class OrigineImportSNE(models.TextChoices):
    DEPOT = "DEPOT", "Déposé sur la page"
    DOSSIER = "DOSSIER", "Transmission quotidienne (dossier de dépôt)"
    COMMANDE = "COMMANDE", "Commande importer_sne"


class ImportSNE(models.Model):
    """One file of the SNE (an XML « interfaceNuu », or one XML of a ZIP), checked then applied by a Celery job
    (sne.tasks); its report per demand is its LigneImportSNE rows, its totals `compteurs`."""

    origine = models.CharField(max_length=8, choices=OrigineImportSNE.choices)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nom_fichier = models.CharField("fichier", max_length=255)
    contenu = models.BinaryField()
    taille = models.PositiveBigIntegerField("taille (octets)")
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64, db_index=True)
    etat = models.CharField("état", max_length=8, choices=EtatImportSNE.choices, default=EtatImportSNE.RECU)
    version = models.CharField("versionInterface", max_length=10, blank=True)
    type_fichier = models.CharField("typeFichier", max_length=3, blank=True)
    date_fichier = models.DateField("date du fichier", null=True, blank=True)
    compteurs = models.JSONField(
        default=dict, blank=True, help_text="{résultat: nombre} : créées, mises à jour, inchangées, refusées…"
    )
    resultat = models.CharField("résultat", max_length=500, blank=True)
    cree_le = models.DateTimeField("reçu le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = "import du SNE"
        verbose_name_plural = "imports du SNE"

    def __str__(self) -> str:
        return f"Import SNE n° {self.pk} ({self.nom_fichier})"


class TransitionImportSNE(JournalTransition):
    """The log of an import's states (sne.etats.MACHINE_IMPORT_SNE). Append-only."""

    import_sne = models.ForeignKey(ImportSNE, on_delete=models.CASCADE, related_name="journal_etats")
    de = models.CharField("état avant", max_length=20, choices=EtatImportSNE.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatImportSNE.choices)

    class Meta:
        ordering = ["import_sne", "le", "pk"]


class ResultatLigne(models.TextChoices):
    CREEE = "CREEE", "Créée"
    MISE_A_JOUR = "MISE_A_JOUR", "Mise à jour"
    INCHANGEE = "INCHANGEE", "Inchangée"
    CONFLIT = "CONFLIT", "Mise à jour, conflit à trancher"
    DOUBLON = "DOUBLON", "Doublon probable à trancher"
    IGNOREE = "IGNOREE", "Ignorée"
    REFUSEE = "REFUSEE", "Refusée"


class LigneImportSNE(models.Model):
    """The report of one demand of a file: what the import did with it and why. `evenements`: the life events it
    applied (« radiée le … (RADABA) », « renouvelée le … », « réactivée »); `champs`: the fields it changed."""

    import_sne = models.ForeignKey(ImportSNE, on_delete=models.CASCADE, related_name="lignes")
    position = models.PositiveIntegerField("rang dans le fichier")
    nur = models.CharField("numéro unique", max_length=40, blank=True)
    demande = models.ForeignKey(Demande, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resultat = models.CharField("résultat", max_length=12, choices=ResultatLigne.choices)
    motifs = models.JSONField(default=list, blank=True, help_text="Raisons d'un refus, d'une ignorance, d'un doublon.")
    champs = models.JSONField(default=list, blank=True, help_text="Champs changés (libellés).")
    evenements = models.JSONField(default=list, blank=True)
    doublon_de = models.ForeignKey(
        Demande,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="La demande locale qui semble être la même personne sous un autre numéro.",
    )
    doublon_tranche = models.BooleanField(
        "doublon tranché",
        default=False,
        help_text="Tranché par un agent, ou remplacé par le même doublon revenu dans un import plus récent.",
    )
    brut = models.TextField(
        blank=True,
        help_text="Le document du SNE d'un doublon à trancher : la demande est créée ou rattachée plus tard.",
    )

    class Meta:
        ordering = ["import_sne", "position"]
        indexes = [
            models.Index(fields=["import_sne", "resultat", "position"], name="ligne_sne_import_resultat"),
            models.Index(fields=["import_sne", "position"], name="ligne_sne_import_position"),
            models.Index(
                fields=["resultat"],
                condition=Q(resultat="DOUBLON", doublon_tranche=False),
                name="ligne_sne_doublon_ouvert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nur or '?'} : {self.get_resultat_display()}"


class DocumentSNE(models.Model):
    """What the SNE last said of a demand: its raw XML (every element, the ones we do not map included), its
    fingerprint (the same content comes back unchanged), the values it gave for the fields we map (`valeurs`, the
    base of the three-way comparison of the next file: sne.application), its counter and DALO status, and when."""

    demande = models.OneToOneField(Demande, on_delete=models.CASCADE, related_name="document_sne")
    brut = models.TextField("document brut du SNE (XML)")
    empreinte = models.CharField(max_length=64)
    valeurs = models.JSONField(default=dict)
    num_guichet = models.CharField("guichet SNE", max_length=20, blank=True)
    dalo = models.CharField("statut DALO au SNE", max_length=6, blank=True)
    dalo_decision_le = models.DateField("décision DALO (SNE)", null=True, blank=True)
    hors_menage = models.JSONField(
        default=list, blank=True, help_text="Enfants en droit de visite : connus du SNE, hors du ménage (REGLES §2)."
    )
    non_repris = models.JSONField(default=list, blank=True, help_text="Éléments gardés dans le seul document brut.")
    import_sne = models.ForeignKey(ImportSNE, on_delete=models.SET_NULL, null=True, related_name="+")
    date_fichier = models.DateField(
        "date du fichier du SNE",
        null=True,
        help_text="La date du fichier dont vient ce document : un fichier plus ancien ne le remplace pas.",
    )
    synchronise_le = models.DateTimeField("dernière synchronisation avec le SNE")

    class Meta:
        verbose_name = "document du SNE"
        verbose_name_plural = "documents du SNE"

    def __str__(self) -> str:
        return f"Document SNE de la demande n° {self.demande_id}"


class EtatConflit(models.TextChoices):
    OUVERT = "OUVERT", "À trancher"
    VALEUR_SNE = "VALEUR_SNE", "Tranché : valeur du SNE"
    VALEUR_LOCALE = "VALEUR_LOCALE", "Tranché : valeur de l'agent"


class ConflitSNE(models.Model):
    """A real conflict: the SNE changed a field that an agent had changed here too, to another value. The demand
    keeps the agent's value until someone decides, field by field (sne.reconciliation)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="conflits_sne")
    import_sne = models.ForeignKey(ImportSNE, on_delete=models.SET_NULL, null=True, related_name="conflits")
    champ = models.CharField(max_length=40)
    valeur_sne = models.JSONField(null=True)
    valeur_locale = models.JSONField(null=True)
    etat = models.CharField("état", max_length=13, choices=EtatConflit.choices, default=EtatConflit.OUVERT)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demande", "champ", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "champ"], condition=Q(etat="OUVERT"), name="un_conflit_ouvert_par_champ"
            )
        ]

    def __str__(self) -> str:
        return f"Conflit SNE {self.champ} (demande n° {self.demande_id})"


class TransitionConflitSNE(JournalTransition):
    """The log of a conflict's decision (sne.etats.MACHINE_CONFLIT). Append-only."""

    conflit = models.ForeignKey(ConflitSNE, on_delete=models.CASCADE, related_name="journal_etats")
    de = models.CharField("état avant", max_length=20, choices=EtatConflit.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatConflit.choices)

    class Meta:
        ordering = ["conflit", "le", "pk"]
