from django import forms

from territoire.models import Organisation

from .models import OrigineDisponibilite

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImportForm(forms.Form):
    fichier = forms.FileField(label="Fichier du parc (CSV ou XLSX, 5 Mo au plus)")


class DeclarationForm(forms.Form):
    date_liberation = forms.DateField(label="Libre le", widget=DATE)
    origine = forms.ChoiceField(label="Origine", choices=OrigineDisponibilite.choices)
    reservataire = forms.ModelChoiceField(
        label="Réservataire (vide : celui du logement, sinon le bailleur)",
        queryset=Organisation.objects.filter(est_reservataire=True).order_by("nom"),
        required=False,
    )
