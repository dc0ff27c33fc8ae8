from django import forms
from django.conf import settings

from .models import Organisation, PorteeCle
from .roles import Role
from .services import cle_api_expiration_maximale, portees_possibles

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
    """A new API key: its name, its last day (proposed: the longest allowed) and its scope (among those that mean
    something for the organisation: territoire.services.portees_possibles)."""

    nom = forms.CharField(
        label="Nom de la clé", max_length=100, help_text="À quoi elle sert, par ex. « logiciel de gestion locative »."
    )
    expire_le = forms.DateField(
        label="Valable jusqu'au",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Choisissez la date de fin de validité de la clé.",
            "invalid": "Date invalide : choisissez-la dans le calendrier (JJ/MM/AAAA).",
        },
    )
    portee = forms.MultipleChoiceField(
        label="Portée",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins une portée (ce que la clé permet).",
            "invalid_choice": "Portée inconnue : « %(value)s ».",
        },
        help_text="Ce que le logiciel peut faire avec cette clé ; ne cochez que ce dont il a besoin.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = cle_api_expiration_maximale()
        self.fields["expire_le"].initial = maximum
        self.fields["expire_le"].widget.attrs["max"] = maximum.isoformat()
        self.fields["expire_le"].help_text = (
            f"{settings.CASA_CLE_API_DUREE_MAX_JOURS} jours au plus : le {maximum:%d/%m/%Y} au plus tard. "
            "La clé est refusée le lendemain."
        )
        self.fields["portee"].choices = [(p, PorteeCle(p).label) for p in portees_possibles(organisation)]
        self.fields["portee"].initial = [PorteeCle.LECTURE]
