from django import forms

from .models import Organisation
from .roles import Role

CHOIX_ROLE = [("", "— choisir un rôle —"), *Role.choices]


class UtilisateurCreationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Organisation")
    role = forms.ChoiceField(choices=CHOIX_ROLE, label="Rôle")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique", help_text="Un lien pour choisir son mot de passe y est envoyé."
    )
    username = forms.RegexField(
        label="Identifiant de connexion",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "Lettres, chiffres et . @ + - _ uniquement."},
        help_text="Par exemple prenom.nom.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class HabilitationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Organisation")
    role = forms.ChoiceField(choices=CHOIX_ROLE, label="Rôle")
    date_fin = forms.DateField(
        label="Jusqu'au (facultatif)",
        required=False,
        # A native date picker sends and expects ISO dates, whatever the page's locale shows.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CleApiForm(forms.Form):
    nom = forms.CharField(
        label="Nom de la clé", max_length=100, help_text="À quoi elle sert, par ex. « logiciel de gestion locative »."
    )
