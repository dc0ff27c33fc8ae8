"""Forms of the positionnements' pages: the options of a dwelling's candidate search and the demand asked about, read
from the query string, and a réservataire's list (croisement des fichiers)."""

from __future__ import annotations

from django import forms

from commun.forms import FichierTableauField
from demandes.codes import CodePriorite
from territoire.models import Organisation

from . import recherche


def _oui(label: str) -> forms.TypedChoiceField:
    """« 1 » for yes; anything else, no."""
    return forms.TypedChoiceField(
        label=label, choices=[("1", "oui")], coerce=lambda v: v == "1", empty_value=False, required=False
    )


class RechercheForm(forms.Form):
    """A dwelling's candidate search, as its page's query string says it: the agent's options (recherche.Options) and
    `pourquoi`, a demand's number asked about. A value it cannot take is ignored (the option left off)."""

    ecart_typologie = forms.TypedChoiceField(
        label="Une typologie de plus ou de moins",
        choices=[("1", "oui")],
        coerce=int,
        empty_value=0,
        required=False,
    )
    mutations = _oui("Demandes de mutation seulement")
    priorite = forms.ChoiceField(label="Critère de priorité", choices=CodePriorite.choices, required=False)
    secteur = _oui("Aussi les communes du secteur")
    pourquoi = forms.CharField(label="Numéro de la demande", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_valid()  # fills cleaned_data with the values it can take
        self.cleaned_data = getattr(self, "cleaned_data", {})  # unbound: nothing chosen

    def options(self) -> recherche.Options:
        donnees = self.cleaned_data
        return recherche.Options(
            ecart_typologie=donnees.get("ecart_typologie") or 0,
            mutations_seulement=bool(donnees.get("mutations")),
            priorite=donnees.get("priorite") or "",
            secteur=bool(donnees.get("secteur")),
        )

    @property
    def numero(self) -> str:
        """The demand asked about (« pourquoi n'est-elle pas là ? »), or ""."""
        return self.cleaned_data.get("pourquoi") or ""


class ListeForm(forms.Form):
    reservataire = forms.ModelChoiceField(label="Réservataire", queryset=Organisation.objects.none())
    fichier = FichierTableauField(label="Liste des candidats : numero, type, date, logement")

    def __init__(self, *args, reservataires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservataire"].queryset = reservataires
        if reservataires.count() == 1:
            self.fields["reservataire"].initial = reservataires.first()
            self.fields["reservataire"].widget = forms.HiddenInput()
