"""The forms of the territory's pages (accounts, habilitations, API keys) and the filters their lists read from the
query string."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet

from commun import saisie

from .models import LectureSensible, NatureLecture, Organisation, PorteeCle, Utilisateur
from .roles import Role, TypeOrganisation
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


# The filters of a list are read as typed in its query string: a value that cannot be read is ignored (or said, for
# the sensitive reads), never an error page.


class AnnuaireFiltreForm(forms.Form):
    """?type=<TypeOrganisation> (another value: all types) and ?q= (in the name or the acronym, accents ignored)."""

    type = forms.CharField(required=False, strip=False)
    q = forms.CharField(required=False)

    def clean_type(self) -> str:
        return self.cleaned_data["type"] if self.cleaned_data["type"] in TypeOrganisation.values else ""

    def filtrer(self, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
        self.is_valid()
        if type_choisi := self.cleaned_data.get("type"):
            qs = qs.filter(type=type_choisi)
        if recherche := self.cleaned_data.get("q"):
            qs = qs.filter(Q(nom__unaccent__icontains=recherche) | Q(sigle__unaccent__icontains=recherche))
        return qs


class EtatRevueFiltreForm(forms.Form):
    """?etat= of CASA's view of the reviews: one of `etats` (another value: every review)."""

    etat = forms.CharField(required=False, strip=False)

    def __init__(self, *args, etats, **kwargs):
        super().__init__(*args, **kwargs)
        self.etats = etats

    def clean_etat(self) -> str:
        return self.cleaned_data["etat"] if self.cleaned_data["etat"] in self.etats else ""

    def etat_choisi(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("etat", "")


class LecturesFiltreForm(forms.Form):
    """The filters of the sensitive reads: ?du= and ?au= (AAAA-MM-JJ), ?qui= (a reader among `lecteurs`), ?nature=
    (a NatureLecture). One that cannot be read is said in `erreurs` (in French) and ignored; the others still apply.
    After `filtrer`, `choix` holds what the page shows in its fields."""

    du = forms.CharField(required=False)
    au = forms.CharField(required=False)
    qui = forms.CharField(required=False, strip=False)
    nature = forms.CharField(required=False, strip=False)

    def __init__(self, *args, lecteurs: QuerySet[Utilisateur], **kwargs):
        super().__init__(*args, **kwargs)
        self.lecteurs = lecteurs
        self.erreurs: list[str] = []
        self.choix: dict = {}

    def filtrer(self, qs: QuerySet[LectureSensible]) -> QuerySet[LectureSensible]:
        self.is_valid()
        dates = self._periode()
        if "du" in dates and "au" in dates and dates["du"] > dates["au"]:
            self.erreurs.append("La période est à l'envers : la date « Du » est après la date « Au ».")
        else:
            if "du" in dates:
                qs = qs.filter(le__date__gte=dates["du"])
            if "au" in dates:
                qs = qs.filter(le__date__lte=dates["au"])
        qui = self._lecteur()
        if qui:
            qs = qs.filter(par_id=qui)
        nature = self.cleaned_data.get("nature", "")
        if nature and nature not in NatureLecture.values:
            self.erreurs.append("Nature de lecture inconnue : le filtre « Quoi » est ignoré.")
            nature = ""
        if nature:
            qs = qs.filter(nature=nature)
        self.choix = {
            "du": self.data.get("du", "")[:10] if "du" in dates else "",
            "au": self.data.get("au", "")[:10] if "au" in dates else "",
            "qui": qui,
            "nature": nature,
        }
        return qs

    def _periode(self) -> dict:
        """{"du": date, "au": date}, those given and readable (an unreadable one said)."""
        dates = {}
        for nom, libelle in (("du", "« Du »"), ("au", "« Au »")):
            brut = self.cleaned_data.get(nom, "")
            if brut:
                jour = saisie.date_iso(brut)
                if jour is None:
                    self.erreurs.append(f"Date {libelle} illisible : choisissez-la dans le calendrier (JJ/MM/AAAA).")
                else:
                    dates[nom] = jour
        return dates

    def _lecteur(self) -> int | str:
        """The reader's id, or "" (none given, or one with no read: said)."""
        qui = self.cleaned_data.get("qui", "")
        if not qui:
            return qui
        qui_id = saisie.identifiant(qui)
        if qui_id is None or not self.lecteurs.filter(pk=qui_id).exists():
            self.erreurs.append("Cette personne n'a aucune lecture enregistrée : le filtre « Qui » est ignoré.")
            return ""
        return qui_id
