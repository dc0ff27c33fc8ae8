"""The filters of the demands' lists, read from the query string (GET): the list's filters (RechercheForm, applied by
selectors.filtrer_demandes, the same for the page, its exports and the home's counters), its page size, and the
header's search box. A bad value is ignored or said next to its field, never a 500."""

from __future__ import annotations

from django import forms

from territoire.models import Commune

from .codes import CodePriorite, EtatDemande, Typologie
from .forms import VIDE


class RechercheForm(forms.Form):
    """The list's filters; no state chosen: the demands in progress (active or qualified)."""

    q = forms.CharField(label="Numéro ou nom", required=False)
    proches = forms.BooleanField(
        label="Noms proches aussi",
        required=False,
        help_text="Les orthographes voisines (Mauri pour Maury), même quand le nom tapé est fréquent.",
    )
    commune = forms.ModelChoiceField(
        label="Commune souhaitée",
        queryset=Commune.objects.du_territoire().order_by("nom"),
        required=False,
        help_text="Avec les demandes qui acceptent toute commune du territoire.",
    )
    typologie = forms.ChoiceField(label="Typologie", choices=VIDE + Typologie.choices, required=False)
    priorite = forms.ChoiceField(
        label="Priorité", choices=VIDE + [("TOUTE", "Toute priorité")] + CodePriorite.choices, required=False
    )
    quartile = forms.ChoiceField(label="1er quartile", choices=VIDE + [("oui", "Oui"), ("non", "Non")], required=False)
    etat = forms.ChoiceField(
        label="État",
        choices=[
            ("", "En cours"),
            (EtatDemande.ACTIVE, "Enregistrée"),
            (EtatDemande.QUALIFIEE, "Qualifiée"),
            (EtatDemande.BROUILLON, "Brouillon"),
            (EtatDemande.RADIEE, "Radiée"),
        ],
        required=False,
    )
    guichet = forms.ChoiceField(
        label="Guichet",
        choices=[("", "Toutes celles que je vois"), ("mien", "Déposées à mon guichet")],
        required=False,
        help_text="Un guichet communal voit aussi les demandes qui souhaitent sa commune ; il agit sur les siennes.",
    )
    anciennete = forms.IntegerField(label="Ancienneté minimale (mois)", min_value=0, max_value=1200, required=False)
    score_min = forms.IntegerField(label="Score minimal", required=False)
    echeance_jours = forms.IntegerField(
        label="Échéance dans (jours)",
        min_value=0,
        max_value=400,
        required=False,
        help_text="Les demandes à renouveler d'ici là (31 : dans le mois).",
    )
    tri = forms.ChoiceField(
        label="Trier par",
        choices=[
            ("-date_depot", "Dépôt le plus récent"),
            ("date_depot", "Ancienneté"),
            ("-score_cotation", "Score décroissant"),
            ("-nombre_personnes", "Taille du ménage"),
        ],
        required=False,
    )


class TaillePageForm(forms.Form):
    """The list's rows per page (``?par_page=``): 25, 50, 100 or 200; anything else gives the default."""

    DEFAUT = 50
    par_page = forms.TypedChoiceField(
        choices=[(str(n), n) for n in (25, 50, 100, 200)], coerce=int, required=False, empty_value=DEFAUT
    )

    @classmethod
    def lire(cls, donnees) -> int:
        form = cls(donnees)
        return form.cleaned_data["par_page"] if form.is_valid() else cls.DEFAUT


class RechercheEnteteForm(forms.Form):
    """The header's search box (``?q=``): a number or a name, trimmed, its first 100 characters."""

    LONGUEUR = 100
    q = forms.CharField(required=False)

    @classmethod
    def lire(cls, donnees) -> str:
        form = cls(donnees)
        return form.cleaned_data["q"][: cls.LONGUEUR] if form.is_valid() else ""
