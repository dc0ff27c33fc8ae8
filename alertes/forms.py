"""The form of one's choice for e-mails."""

from django import forms

from .models import FrequenceCourriel


class PreferenceForm(forms.Form):
    courriel = forms.ChoiceField(
        label="Recevoir les notifications par courriel",
        choices=FrequenceCourriel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez comment recevoir vos notifications par courriel."},
        help_text="Dans l'application, la cloche de l'en-tête montre toujours vos notifications.",
    )
