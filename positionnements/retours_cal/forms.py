"""Forms of the CAL pages: a landlord's file, CASA's correction of a recorded attribution, and the tab, landlord and
kind of decision read from the CAL page's query string."""

from __future__ import annotations

from django import forms

from commun import saisie
from commun.forms import FichierTableauField

from ..etats import TypeDecisionCAL
from .selectors import VUES


class DepotForm(forms.Form):
    fichier = FichierTableauField(
        label="Fichier des décisions",
        help_text="Partez du fichier pré-rempli : une ligne par candidat. Pour un candidat que la CAL n'a pas encore "
        "examiné, laissez vides date_cal, decision et les colonnes suivantes : la ligne est reconnue et laissée de "
        "côté. Ne modifiez pas numero_demande, residence ni logement.",
    )


class FiltreRetoursForm(forms.Form):
    """The CAL page's query string: `vue` (a tab of VUES), `bailleur` (a landlord's id), `decision` (a kind of decision,
    on « Décisions reçues »). A value it cannot take is ignored: the default tab, no filter."""

    vue = forms.ChoiceField(choices=list(VUES.items()), required=False)
    bailleur = forms.CharField(required=False)
    decision = forms.ChoiceField(choices=TypeDecisionCAL.choices, required=False)

    def __init__(self, *args, defaut: str = "attendues", **kwargs):
        super().__init__(*args, **kwargs)
        self.defaut = defaut
        self.is_valid()  # fills cleaned_data with the values it can take
        self.cleaned_data = getattr(self, "cleaned_data", {})  # unbound: nothing chosen

    def clean_bailleur(self) -> int | None:
        return saisie.identifiant(self.cleaned_data["bailleur"])

    @property
    def vue_choisie(self) -> str:
        return self.cleaned_data.get("vue") or self.defaut

    @property
    def bailleur_id(self) -> int | None:
        return self.cleaned_data.get("bailleur")

    @property
    def type_decision(self) -> str:
        return self.cleaned_data.get("decision") or ""


def _oui_non(label: str) -> forms.TypedChoiceField:
    """« inchangé », « oui » or « non »: None, True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "inchangé"), ("1", "oui"), ("0", "non")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )


class CorrectionForm(forms.Form):
    date_bail = forms.DateField(label="Date du bail", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quartile = forms.TypedChoiceField(
        label="Quartile de ressources du ménage au bail",
        choices=[("", "inchangé"), (1, "1er quartile"), (2, "2e"), (3, "3e"), (4, "4e")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    dalo = _oui_non("Ménage DALO")
    renouvellement_urbain = _oui_non("Relogé d'une opération de renouvellement urbain")
    motif = forms.CharField(label="Motif de la correction", max_length=300)
