"""The forms of the CCPC's pages: a new session, and the filters of the dwellings ready for an agenda."""

from __future__ import annotations

from django import forms

from commun import saisie
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation


class SeanceForm(forms.Form):
    date = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Le jour et l'heure de la réunion, à venir. La séance reçoit son numéro ; vous composerez son ordre "
        "du jour et convoquerez les membres ensuite.",
    )
    lieu = forms.CharField(
        label="Lieu", max_length=200, help_text="Salle et adresse, telles qu'elles figureront sur la convocation."
    )


ABSENT = object()  # a filter not given (left out of `filtres()`)


class PretsFiltreForm(forms.Form):
    """The filters of « Logements prêts pour l'ordre du jour » on a session's page, read from the query string:
    ?commune=<code INSEE>, ?bailleur=<id>, ?avant=AAAA-MM-JJ. A value that cannot be read is ignored (commun.saisie);
    a commune or a landlord given but unknown filters nothing (None)."""

    commune = forms.CharField(required=False, strip=False)
    bailleur = forms.CharField(required=False, strip=False)
    avant = forms.CharField(required=False, strip=False)

    def clean_commune(self):
        code = self.cleaned_data["commune"]
        return Commune.objects.filter(code_insee=code).first() if code else ABSENT

    def clean_bailleur(self):
        bailleur = saisie.identifiant(self.cleaned_data["bailleur"])
        return Organisation.objects.filter(pk=bailleur).first() if bailleur else ABSENT

    def clean_avant(self):
        return saisie.date_iso(self.cleaned_data["avant"]) or ABSENT

    def filtres(self) -> dict:
        """{commune, bailleur, avant} as commissions.selectors.positionnements_prets takes them, those given only."""
        self.is_valid()
        return {nom: valeur for nom, valeur in self.cleaned_data.items() if valeur is not ABSENT}

    @staticmethod
    def communes():
        return Commune.objects.du_territoire().order_by("nom")

    @staticmethod
    def bailleurs():
        return Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom")


class DistanceForm(forms.Form):
    """The window of a session held at a distance (commissions.services.distance_ouvrir checks its bounds)."""

    debut = forms.DateTimeField(
        label="Ouverte le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="À partir de ce moment, les membres convoqués donnent leurs avis en ligne.",
    )
    fin = forms.DateTimeField(
        label="Fermée le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Entre une heure et sept jours après l'ouverture (par exemple 48 heures). La séance est close "
        "automatiquement à ce moment, si le secrétariat ne l'a pas close avant.",
    )
