"""Forms of the registration steps and of the actions on a demand (the lists' filters: filtres.py). They only shape
the input: the rules are in validation.py and the services, whose errors come back next to their fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from .codes import (
    CodePriorite,
    CritereLocal,
    Lien,
    LogementActuel,
    MotifDemande,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeRessource,
    Typologie,
)
from .cycle import depot_anteriorite_max
from .models import MAX_COMMUNES_SOUHAITEES
from .qualification import GUIDE_ENTRETIEN, TypePiece
from .validation import MAX_PERSONNES, montant

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VIDE = [("", "—")]


def _aide_date_depot() -> str:
    return (
        "Le jour où le guichet a reçu le formulaire complet, pas celui de la saisie : il fait l'ancienneté de la "
        f"demande. Ni futur, ni de plus de {depot_anteriorite_max()} mois ; il ne se change plus après "
        "l'enregistrement."
    )


def _aide_revenu_fiscal() -> str:
    annee = timezone.localdate().year
    return (
        f"La ligne « revenu fiscal de référence » de l'avis d'imposition {annee - 1} sur les revenus {annee - 2}, "
        "additionnée pour chaque personne qui vivra dans le logement : ni le revenu imposable, ni un montant mensuel."
    )


def _aide_annee_revenu() -> str:
    annee = timezone.localdate().year
    return f"N-2 : {annee - 2} pour une décision en {annee}."


# Help texts computed when a form is drawn (the year changes, the filing delay is a CASA setting).
AIDE_DATE_DEPOT = lazy(_aide_date_depot, str)()
AIDE_REVENU_FISCAL = lazy(_aide_revenu_fiscal, str)()
AIDE_ANNEE_REVENU = lazy(_aide_annee_revenu, str)()


class MontantField(forms.CharField):
    """An amount in euros typed by a person (« 1 650,50 », « 1650.50 », « 1.650,50 »): kept as typed (the service
    reads it with demandes.validation.montant and checks its range), but a text that is not an amount is said with
    the form's other errors, in the same round (before, « 1.650,50 » was said only once the surface was right)."""

    def clean(self, value):
        value = super().clean(value)
        erreurs: dict[str, list[str]] = {}
        montant(value, "montant", erreurs, maximum=float("inf"))
        if erreurs:
            raise forms.ValidationError(erreurs["montant"])
        return value


class DemandeurForm(forms.Form):
    """Step 1: filing date and the applicant's identity and contact."""

    date_depot = forms.DateField(label="Date de dépôt de la demande", widget=DATE, help_text=AIDE_DATE_DEPOT)
    nom = forms.CharField(label="Nom", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    nom_unique = forms.BooleanField(
        label="Nom unique", required=False, help_text="À cocher si l'état civil ne porte aucun prénom."
    )
    nom_naissance = forms.CharField(label="Nom de naissance", max_length=100, required=False)
    sexe = forms.ChoiceField(label="Sexe", choices=VIDE + [("F", "Femme"), ("M", "Homme")], required=False)
    date_naissance = forms.DateField(label="Date de naissance", widget=DATE)
    nationalite = forms.ChoiceField(label="Nationalité", choices=VIDE + Nationalite.choices)
    titre_sejour = forms.CharField(label="Titre de séjour (hors UE)", max_length=100, required=False)
    titre_sejour_fin = forms.DateField(label="Titre de séjour valable jusqu'au", widget=DATE, required=False)
    situation_familiale = forms.ChoiceField(label="Situation familiale", choices=VIDE + SituationFamiliale.choices)
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    courriel = forms.EmailField(label="Adresse électronique", required=False)
    adresse = forms.CharField(label="Adresse actuelle", max_length=300, required=False)

    def clean(self):
        donnees = super().clean()
        if donnees.get("nationalite") == Nationalite.HORS_UE and not donnees.get("titre_sejour"):
            self.add_error("titre_sejour", "Indiquez le titre de séjour (droit au séjour régulier).")
        return donnees


class RessourcesSaisiesMixin:
    """An amount typed without its kind is not dropped in silence: the kind is asked for under its field."""

    def _verifier_ressources(self, donnees: dict) -> None:
        for prefixe in ("ressource", "ressource2"):
            if donnees.get(f"{prefixe}_montant") not in (None, "") and not donnees.get(f"{prefixe}_type"):
                self.add_error(f"{prefixe}_type", "Choisissez le type de cette ressource (ou videz le montant).")


class PersonneForm(RessourcesSaisiesMixin, forms.Form):
    """Step 2: one person of the household (other than the applicant) and up to two resources."""

    # A blank row (no link chosen) is ignored; the service checks the rest (identity, birth date).
    lien = forms.ChoiceField(
        label="Lien",
        choices=VIDE + [c for c in Lien.choices if c[0] != Lien.DEMANDEUR],
        required=False,
        help_text="Co-demandeur : conjoint, partenaire de PACS, concubin, ou proche non à charge.",
    )
    nom = forms.CharField(label="Nom", max_length=100, required=False)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    nom_unique = forms.BooleanField(label="Nom unique", required=False, help_text="État civil sans prénom.")
    date_naissance = forms.DateField(label="Date de naissance (ou prévue)", widget=DATE, required=False)
    a_charge = forms.BooleanField(label="À charge", required=False)
    handicap = forms.BooleanField(label="CMI invalidité", required=False)
    enfant_a_naitre = forms.BooleanField(label="Enfant attendu", required=False)
    ressource_type = forms.ChoiceField(label="Ressource", choices=VIDE + TypeRessource.choices, required=False)
    ressource_montant = MontantField(label="Montant mensuel (€)", required=False)
    ressource2_type = forms.ChoiceField(label="Autre ressource", choices=VIDE + TypeRessource.choices, required=False)
    ressource2_montant = MontantField(label="Montant mensuel de l'autre ressource (€)", required=False)

    def clean(self):
        donnees = super().clean()
        self._verifier_ressources(donnees)
        saisi = any(donnees.get(c) not in (None, "", False) for c in donnees if c not in ("lien", "DELETE"))
        if saisi and not donnees.get("lien") and not donnees.get("DELETE"):
            self.add_error("lien", "Choisissez le lien de cette personne avec le demandeur (ou videz la ligne).")
        return donnees


class BasePersonneFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "Le formulaire du ménage est incomplet (champs de gestion manquants : "
        "%(field_names)s) : rechargez la page.",
        "too_many_forms": f"Un ménage compte au plus {MAX_PERSONNES} personnes ici, le demandeur compris : "
        "%(num)d personnes au plus à côté de lui.",
    }

    def clean(self):
        # Amounts and identities are checked by the service, which puts its messages back on these forms.
        return super().clean()


# The persons besides the applicant: as many blocks as the household has (none at first), one more with « Ajouter une
# personne » (static/js/menage.js clones the empty form; without JavaScript the button re-renders the step), up to the
# household size the application accepts (validation.MAX_PERSONNES, the applicant included).
MAX_AUTRES_PERSONNES = MAX_PERSONNES - 1
PersonneFormSet = forms.formset_factory(
    PersonneForm,
    formset=BasePersonneFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_AUTRES_PERSONNES,
    validate_max=True,
)


class RessourcesDemandeurForm(RessourcesSaisiesMixin, forms.Form):
    ressource_type = forms.ChoiceField(
        label="Ressource du demandeur", choices=VIDE + TypeRessource.choices, required=False
    )
    ressource_montant = MontantField(
        label="Montant mensuel (€)",
        required=False,
        help_text="Par mois, aujourd'hui, en net : salaire, pension, allocations (sans l'APL). Le revenu de l'avis "
        "d'imposition se saisit à l'étape 5.",
    )
    ressource2_type = forms.ChoiceField(label="Autre ressource", choices=VIDE + TypeRessource.choices, required=False)
    ressource2_montant = MontantField(label="Montant mensuel de l'autre ressource (€)", required=False)
    vit_en_couple = forms.BooleanField(
        label="Le demandeur et le co-demandeur vivent en couple (mariés, pacsés ou concubins)",
        required=False,
        help_text="Le conjoint, partenaire de PACS ou concubin s'ajoute avec le lien « Co-demandeur ».",
    )

    def clean(self):
        donnees = super().clean()
        self._verifier_ressources(donnees)
        return donnees


class SituationForm(forms.Form):
    """Step 3: current housing and reasons."""

    logement_actuel = forms.ChoiceField(label="Logement actuel", choices=VIDE + LogementActuel.choices)
    commune_actuelle = forms.CharField(label="Commune du logement actuel", max_length=100, required=False)
    loyer_actuel = MontantField(label="Loyer actuel (€/mois)", required=False)
    surface_actuelle = forms.IntegerField(label="Surface actuelle (m²)", min_value=1, max_value=1000, required=False)
    motifs = forms.MultipleChoiceField(
        label="Motifs de la demande",
        choices=MotifDemande.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez tous ceux qui s'appliquent, pas seulement le principal : expulsion, logement non décent, "
        "démolition, violences familiales et rapprochement du travail donnent des points de cotation.",
    )
    motif_precision = forms.CharField(label="Précision", max_length=300, required=False)
    mutation = forms.BooleanField(label="Déjà locataire du parc social (mutation)", required=False)
    bailleur_actuel = forms.ModelChoiceField(
        label="Bailleur actuel", queryset=Organisation.objects.filter(type=TypeOrganisation.BAILLEUR), required=False
    )
    perte_autonomie = forms.BooleanField(label="Handicap ou perte d'autonomie dans le ménage", required=False)
    criteres_locaux = forms.MultipleChoiceField(
        label="Critères locaux de la CASA",
        choices=CritereLocal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SouhaitsForm(forms.Form):
    """Step 4: wishes."""

    toute_commune = forms.BooleanField(label="Accepte toute commune du territoire", required=False)
    typologies = forms.MultipleChoiceField(
        label="Typologies",
        choices=Typologie.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les tailles que le ménage accepte, comme sur le formulaire CERFA (T1 : une pièce principale, T2 : "
        "deux pièces…). Les candidats sont recherchés d'après la taille du ménage : un T3 convient de 2 à 4 personnes.",
    )
    loyer_max = MontantField(label="Loyer maximum (€/mois)", required=False)
    etage_max = forms.IntegerField(label="Étage maximum", min_value=0, max_value=40, required=False)
    ascenseur_requis = forms.BooleanField(label="Ascenseur nécessaire", required=False)
    accessibilite_pmr = forms.BooleanField(label="Logement accessible en fauteuil roulant", required=False)

    def __init__(self, *args, deja: tuple[int, ...] = (), **kwargs):
        """`deja`: the ids of the communes the demand already wishes, offered even outside the territory (a wish
        that came with the SNE's file or the API): saving the step for another field keeps them."""
        super().__init__(*args, **kwargs)
        # One ordered choice per rank: the order of preference is the order of the fields.
        communes = (Commune.objects.du_territoire() | Commune.objects.filter(pk__in=deja)).order_by("nom")
        for rang in range(MAX_COMMUNES_SOUHAITEES, 0, -1):
            champ = forms.ModelChoiceField(
                label=f"Commune souhaitée n° {rang}",
                queryset=communes,
                required=False,
                empty_label="— aucune —",
            )
            self.fields = {f"commune_{rang}": champ, **self.fields}
        ordre = [f"commune_{r}" for r in range(1, MAX_COMMUNES_SOUHAITEES + 1)]
        self.fields = {k: self.fields[k] for k in ordre + [k for k in self.fields if k not in ordre]}

    def communes(self) -> list:
        return [c for r in range(1, MAX_COMMUNES_SOUHAITEES + 1) if (c := self.cleaned_data.get(f"commune_{r}"))]


class RevenusForm(forms.Form):
    """Step 5: income and employer."""

    revenu_fiscal_reference = MontantField(
        label="Revenu fiscal de référence N-2 du ménage (€)", help_text=AIDE_REVENU_FISCAL
    )
    annee_revenu_fiscal = forms.IntegerField(
        label="Année des revenus", min_value=2000, max_value=2100, help_text=AIDE_ANNEE_REVENU
    )
    revenu_recent = MontantField(
        label="Revenu N-1 ou des 12 derniers mois (€), s'il a baissé",
        required=False,
        help_text="Seulement s'il est inférieur d'au moins 10 % au revenu N-2, avec une pièce qui le prouve (une "
        "déclaration sur l'honneur ne suffit pas).",
    )
    revenu_recent_justifie = forms.BooleanField(label="Baisse justifiée par une pièce", required=False)
    apl_estimee = MontantField(label="APL estimée (€/mois)", required=False)
    employeur_nom = forms.CharField(label="Employeur", max_length=200, required=False)
    employeur_siret = forms.RegexField(
        label="SIRET de l'employeur",
        regex=r"^\d{14}$",
        required=False,
        error_messages={"invalid": "Le SIRET compte 14 chiffres."},
    )
    employeur_commune = forms.CharField(label="Commune de l'employeur", max_length=100, required=False)


class EnregistrementForm(forms.Form):
    confirmer_malgre_doublon = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, enregistrer quand même", required=False
    )


class CritereForm(forms.Form):
    code = forms.ChoiceField(label="Critère", choices=CodePriorite.choices)
    preuve = forms.CharField(label="Justificatif", max_length=300)
    date_decision = forms.DateField(label="Date de la décision (DALO)", widget=DATE, required=False)
    statut_dalo = forms.ChoiceField(label="Statut DALO", choices=VIDE + StatutDalo.choices, required=False)
    valable_jusqu_au = forms.DateField(label="Valable jusqu'au", widget=DATE, required=False)


class RadiationForm(forms.Form):
    # Non-renewal (RADREN) and no answer (RADCON) follow their timings (docs/demandes.md): not offered here.
    motif = forms.ChoiceField(
        label="Motif de radiation",
        choices=VIDE
        + [c for c in MotifRadiation.choices if c[0] not in (MotifRadiation.RADREN, MotifRadiation.RADCON)],
    )
    commentaire = forms.CharField(label="Commentaire", max_length=200, required=False)


class RenouvellementForm(forms.Form):
    recu_le = forms.DateField(label="Renouvellement reçu le", widget=DATE)


class AvertissementForm(forms.Form):
    objet = forms.CharField(
        label="Objet du courrier recommandé",
        max_length=300,
        help_text="Ce qui est demandé au demandeur (sans détail personnel sensible).",
    )
    envoye_le = forms.DateField(label="Envoyé le", widget=DATE)


class ReponseAvertissementForm(forms.Form):
    recu_le = forms.DateField(label="Réponse reçue le", widget=DATE)


class CorrectionDateDepotForm(forms.Form):
    date_depot = forms.DateField(label="Date de dépôt attestée par le justificatif", widget=DATE)
    motif = forms.CharField(label="Motif de la correction", max_length=250, min_length=10)
    justificatif = forms.FileField(
        label="Justificatif (formulaire tamponné, accusé de réception : PDF, JPEG ou PNG, 10 Mo au plus)"
    )


class EntretienForm(forms.Form):
    date = forms.DateField(label="Date de l'entretien", widget=DATE)
    sujets = forms.MultipleChoiceField(
        label="Sujets abordés (guide d'entretien)", choices=GUIDE_ENTRETIEN, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le strict nécessaire à l'instruction : pas de détail médical ni de récit personnel.",
    )


class PieceForm(forms.Form):
    type = forms.ChoiceField(label="Pièce", choices=TypePiece.choices)
    fichier = forms.FileField(label="Fichier (PDF, JPEG ou PNG, 10 Mo au plus)", required=False)
    vue_en_original = forms.BooleanField(label="Vue en original au guichet (pas de copie)", required=False)
    commentaire = forms.CharField(label="Commentaire", max_length=300, required=False)


class RefusPieceEnLigneForm(forms.Form):
    motif = forms.CharField(
        label="Motif du refus",
        max_length=300,
        help_text="Le demandeur le lit dans son espace : dites ce qui ne va pas et ce qu'il doit envoyer.",
    )


class TraitementSignalementForm(forms.Form):
    reponse = forms.CharField(
        label="Réponse au demandeur",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Le demandeur la lit dans son espace. Corrigez la demande elle-même par « Modifier ».",
    )
