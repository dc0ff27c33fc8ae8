"""The forms of the applicant's space (plain Django forms: the pages work without JavaScript)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone

CHAMP = {"class": "form-control form-control-lg"}
FORMATS_DATE = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d%m%Y", "%Y-%m-%d"]
# The shapes of FORMATS_DATE, read by hand to tell a date written right but impossible (31/02/2000) from one not
# written in an accepted format: (pattern, groups of day, month, year).
FORMES_DATE = [
    (re.compile(r"(\d{1,2})([/.\- ])(\d{1,2})\2(\d{4})"), (1, 3, 4)),
    (re.compile(r"(\d{2})(\d{2})(\d{4})"), (1, 2, 3)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (3, 2, 1)),
]


def date_impossible(valeur: str) -> bool:
    """Whether ``valeur`` has the shape of an accepted format but names no day of the calendar (31/02/2000,
    12/13/1988)."""
    for forme, (jour, mois, annee) in FORMES_DATE:
        if m := forme.fullmatch(valeur.strip()):
            try:
                dt.date(int(m[annee]), int(m[mois]), int(m[jour]))
            except ValueError:
                return True
            return False
    return False


class DateNaissanceField(forms.DateField):
    """A date of birth in FORMATS_DATE; a date written right but impossible is said so, not as a format error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if isinstance(value, str) and date_impossible(value):
                raise forms.ValidationError(
                    f"La date {value.strip()} n'existe pas : vérifiez le jour et le mois.", code="impossible"
                ) from None
            raise


class DemandeLienForm(forms.Form):
    numero = forms.CharField(
        label="Numéro de votre demande",
        max_length=40,
        help_text="Celui de votre attestation d'enregistrement : « CASA-2026-001234 » ou le numéro unique national "
        "(« 0600126123456789A »).",
        widget=forms.TextInput(
            attrs=CHAMP | {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    date_naissance = DateNaissanceField(
        label="Votre date de naissance",
        input_formats=FORMATS_DATE,
        help_text="Au format jour/mois/année, par exemple 12/04/1988, ou sans les barres : 12041988. Celle du "
        "demandeur ou du co-demandeur.",
        widget=forms.TextInput(
            attrs=CHAMP | {"inputmode": "numeric", "autocomplete": "bday", "placeholder": "JJ/MM/AAAA"}
        ),
        error_messages={"invalid": "Écrivez la date au format jour/mois/année, par exemple 12/04/1988."},
    )

    def clean_numero(self) -> str:
        numero = " ".join(self.cleaned_data["numero"].split())
        if not any(c.isdigit() for c in numero):
            raise forms.ValidationError(
                "Le numéro de la demande comporte des chiffres : recopiez-le de votre attestation."
            )
        return numero

    def clean_date_naissance(self) -> dt.date:
        date = self.cleaned_data["date_naissance"]
        if date.year < 1900 or date > timezone.localdate():
            raise forms.ValidationError("Cette date de naissance n'est pas possible : vérifiez-la.")
        return date
