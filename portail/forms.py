"""The forms of the applicant's space (plain Django forms: the pages work without JavaScript)."""

from __future__ import annotations

import datetime as dt

from django import forms

CHAMP = {"class": "form-control form-control-lg"}
FORMATS_DATE = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d%m%Y", "%Y-%m-%d"]


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
    date_naissance = forms.DateField(
        label="Votre date de naissance",
        input_formats=FORMATS_DATE,
        help_text="Au format jour/mois/année, par exemple 12/04/1988. Celle du demandeur ou du co-demandeur.",
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
        if date.year < 1900 or date > dt.date.today():
            raise forms.ValidationError("Cette date de naissance n'est pas possible : vérifiez-la.")
        return date
