"""Forms of the positionnements' pages: the options of a dwelling's candidate search and the demand asked about, read
from the query string, a réservataire's list (croisement des fichiers), a new version of the positioning rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from commun.forms import FichierTableauField, NombreDecimalField
from demandes.codes import CodePriorite
from territoire.models import Organisation

from . import recherche
from .regles import TYPOLOGIES


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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _simple(valeur: Decimal) -> Decimal:
    """33.0000 → 33, 12.50 → 12.5 (never 1E+1)."""
    return valeur.quantize(Decimal(1)) if valeur == valeur.to_integral_value() else valeur.normalize()


def _personnes(label: str, *, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=30,
        required=required,
        error_messages={
            "min_value": "Au moins 1 personne.",
            "max_value": "Au plus 30 personnes.",
            "invalid": "Un nombre entier de personnes.",
        },
    )


class ReglesForm(forms.Form):
    """A new version of the positioning rules: its date of effect, the effort rate in % (0–100), the remaining income
    in € per consumption unit and day, the persons per typology (at least, at most: the under- and over-occupation of
    each typology). For CASA (`casa=True`) every value is required; for a landlord an empty value is CASA's rule. The
    bounds themselves are checked again by services.regles_enregistrer (the one place)."""

    date_effet = forms.DateField(
        label="En vigueur à partir du",
        widget=DATE,
        help_text="Aujourd'hui ou plus tard : une recherche déjà faite garde les règles de son jour.",
        error_messages={"required": "Indiquez la date d'effet.", "invalid": "Date illisible (jj/mm/aaaa)."},
    )
    taux_effort_pourcent = NombreDecimalField(
        label="Taux d'effort maximal (%)",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        required=False,
        help_text="(Loyer + charges − APL estimée) ÷ ressources mensuelles, au plus ce pourcentage.",
        error_messages={
            "min_value": "Le taux d'effort maximal est compris entre 0 (exclu) et 100 %% (inclus).",
            "max_value": "Le taux d'effort maximal est compris entre 0 (exclu) et 100 %% (inclus).",
            "invalid": "Un pourcentage, par exemple 33 ou 30,5.",
            "max_decimal_places": "Deux décimales au plus.",
            "max_digits": "Le taux d'effort maximal est compris entre 0 (exclu) et 100 %% (inclus).",
        },
    )
    reste_a_vivre_min = NombreDecimalField(
        label="Reste à vivre minimal (€ par unité de consommation et par jour)",
        min_value=0,
        max_value=1000,
        max_digits=7,
        decimal_places=2,
        localize=True,
        required=False,
        help_text="(Ressources + APL estimée − loyer − charges) ÷ unités de consommation ÷ 30, au moins ce montant.",
        error_messages={
            "min_value": "Le reste à vivre minimal est positif ou nul.",
            "max_value": "Le reste à vivre minimal est d'au plus 1 000 € par jour et par unité de consommation.",
            "invalid": "Un montant en euros, par exemple 10 ou 12,50.",
            "max_decimal_places": "Deux décimales au plus.",
            "max_digits": "Le reste à vivre minimal est d'au plus 1 000 € par jour et par unité de consommation.",
        },
    )
    motif = forms.CharField(
        label="Motif du changement",
        max_length=300,
        help_text="Le règlement ou la délibération qui fonde ces valeurs : l'historique le garde.",
        error_messages={"required": "Dites le motif du changement : l'historique le garde."},
    )

    def __init__(self, *args, casa: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.casa = casa
        for typologie in TYPOLOGIES:
            self.fields[f"{typologie}_min"] = _personnes(f"{typologie} : au moins (personnes)", required=casa)
            self.fields[f"{typologie}_max"] = _personnes(f"{typologie} : au plus (personnes)", required=False)
        if casa:
            for nom in ("taux_effort_pourcent", "reste_a_vivre_min"):
                self.fields[nom].required = True
                self.fields[nom].error_messages["required"] = "Obligatoire pour les règles de la CASA."
            for typologie in TYPOLOGIES:
                self.fields[f"{typologie}_min"].error_messages["required"] = "Obligatoire pour les règles de la CASA."

    def typologies(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(t, self[f"{t}_min"], self[f"{t}_max"]) for t in TYPOLOGIES]

    def clean(self):
        donnees = super().clean()
        for typologie in TYPOLOGIES:
            mini, maxi = donnees.get(f"{typologie}_min"), donnees.get(f"{typologie}_max")
            if mini is None and maxi is not None:
                self.add_error(f"{typologie}_min", "Indiquez aussi le nombre minimal de personnes.")
            elif mini is not None and maxi is not None and maxi < mini:
                self.add_error(f"{typologie}_max", "Le maximum est au moins égal au minimum.")
        return donnees

    def valeurs(self) -> dict:
        """The arguments of services.regles_enregistrer: the effort rate as a fraction of 1, the typologies given."""
        d = self.cleaned_data
        taux = d.get("taux_effort_pourcent")
        return {
            "date_effet": d["date_effet"],
            "taux_effort_max": None if taux is None else (taux / 100).quantize(Decimal("0.0001")),
            "reste_a_vivre_min": d.get("reste_a_vivre_min"),
            "tailles": {t: (d[f"{t}_min"], d.get(f"{t}_max")) for t in TYPOLOGIES if d.get(f"{t}_min") is not None},
            "motif": d.get("motif") or "",
        }

    @classmethod
    def initiales(cls, applicables, jour) -> dict:
        """The form filled with the rules of the day (CASA's page): a change starts from what applies."""
        p = applicables.parametres
        valeurs = {
            "date_effet": jour,
            "taux_effort_pourcent": _simple(p.taux_effort_max * 100),
            "reste_a_vivre_min": _simple(p.reste_a_vivre_min),
        }
        for t in TYPOLOGIES:
            valeurs[f"{t}_min"], valeurs[f"{t}_max"] = p.tailles[t]
        return valeurs

    @classmethod
    def initiales_bailleur(cls, version, jour) -> dict:
        """The form filled with the landlord's own version of the day (its page): the values it set, the others left
        empty (CASA's rule). A new version states every value, so a change starts from what the landlord has."""
        valeurs = {"date_effet": jour}
        if version is None:
            return valeurs
        if version.taux_effort_max is not None:
            valeurs["taux_effort_pourcent"] = _simple(version.taux_effort_max * 100)
        if version.reste_a_vivre_min is not None:
            valeurs["reste_a_vivre_min"] = _simple(version.reste_a_vivre_min)
        for t, (mini, maxi) in version.tailles.items():
            valeurs[f"{t}_min"], valeurs[f"{t}_max"] = mini, maxi
        return valeurs
