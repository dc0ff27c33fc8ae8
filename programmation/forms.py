"""The forms of the parc and the programmation, and the filters their pages read from the query string."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from commun import saisie
from commun.forms import FichierTableauField, NombreDecimalField
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from .models import FinancementLogement, NatureImport, OrigineDisponibilite, Typologie

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImportForm(forms.Form):
    nature = forms.ChoiceField(
        label="Ce fichier décrit",
        choices=NatureImport.choices,
        initial=NatureImport.PARC,
        widget=forms.RadioSelect,
        required=False,  # a form sent without it (an older page, a script) is a parc file, as before
    )
    fichier = FichierTableauField(label="Fichier")

    def clean_nature(self) -> str:
        return self.cleaned_data["nature"] or NatureImport.PARC


class DeclarationForm(forms.Form):
    date_liberation = forms.DateField(label="Libre le", widget=DATE)
    origine = forms.ChoiceField(label="Origine", choices=OrigineDisponibilite.choices)
    reservataire = forms.ModelChoiceField(
        label="Réservataire (vide : celui du logement, sinon le bailleur)",
        queryset=Organisation.objects.filter(est_reservataire=True).order_by("nom"),
        required=False,
    )
    hors_flux = forms.BooleanField(
        label="Hors du flux des réservataires (mutation interne, relogement de renouvellement urbain…)", required=False
    )


class ProgrammeForm(forms.Form):
    bailleur = forms.ModelChoiceField(
        label="Bailleur", queryset=Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom")
    )
    commune = forms.ModelChoiceField(label="Commune", queryset=Commune.objects.du_territoire().order_by("nom"))
    nom = forms.CharField(label="Nom du programme", max_length=200)
    adresse = forms.CharField(label="Adresse", max_length=300)
    livraison_prevue = forms.DateField(label="Livraison prévue", widget=DATE)
    en_qpv = forms.BooleanField(label="En QPV", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for t in Typologie.values:
            for f in FinancementLogement.values:
                self.fields[f"lot_{t}_{f}"] = forms.IntegerField(
                    label=f"{t} {f}",
                    min_value=0,
                    max_value=999,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width:5rem"}),
                )

    def lots(self):
        return [
            (t, f, self.cleaned_data.get(f"lot_{t}_{f}") or 0)
            for t in Typologie.values
            for f in FinancementLogement.values
        ]


class ConvocationForm(forms.Form):
    date = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    lieu = forms.CharField(label="Lieu", max_length=200)
    organisations = forms.ModelMultipleChoiceField(
        label="Réservataires convoqués (le bailleur l'est toujours)",
        queryset=Organisation.objects.filter(est_reservataire=True)
        .exclude(type=TypeOrganisation.BAILLEUR)
        .order_by("type", "nom"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class LivraisonForm(forms.Form):
    date_livraison = forms.DateField(label="Livré le", widget=DATE)
    reference = forms.CharField(label="Référence de la résidence chez le bailleur", max_length=40)

    def __init__(self, *args, programme, proposees, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reference", f"PRG-{programme.pk}")
        self._lots = list(programme.lots.all())
        for lot in self._lots:
            c = proposees[(lot.typologie, lot.financement)]
            cle = f"{lot.typologie}_{lot.financement}"
            for nom, libelle, valeur in (
                ("surface", "Surface (m²)", c.surface),
                ("loyer", "Loyer (€/mois)", c.loyer),
                ("charges", "Charges (€/mois)", c.charges),
            ):
                self.fields[f"{nom}_{cle}"] = NombreDecimalField(
                    label=f"{libelle} {lot.typologie} {lot.financement}",
                    min_value=0,
                    max_digits=8,
                    decimal_places=2,
                    initial=valeur,
                    localize=True,
                )

    def lignes(self):
        """For the template: each lot and its three fields."""
        return [
            (lot, [self[f"{nom}_{lot.typologie}_{lot.financement}"] for nom in ("surface", "loyer", "charges")])
            for lot in self._lots
        ]

    def caracteristiques(self):
        from .livraison import Caracteristiques

        d = self.cleaned_data
        return {
            (lot.typologie, lot.financement): Caracteristiques(
                *(d[f"{nom}_{lot.typologie}_{lot.financement}"] for nom in ("surface", "loyer", "charges"))
            )
            for lot in self._lots
        }


class ObjectifForm(forms.Form):
    bailleur = forms.ModelChoiceField(label="Bailleur", queryset=Organisation.objects.none())
    reservataire = forms.ModelChoiceField(
        label="Réservataire",
        queryset=Organisation.objects.filter(est_reservataire=True).exclude(type=TypeOrganisation.BAILLEUR),
    )
    part = NombreDecimalField(
        label="Part du flux (%)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=100,
        decimal_places=2,
        localize=True,
    )
    nombre = forms.IntegerField(label="ou nombre de logements", required=False, min_value=1)

    def __init__(self, *args, bailleurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bailleur"].queryset = bailleurs
        self.fields["reservataire"].queryset = self.fields["reservataire"].queryset.order_by("nom")

    def clean(self):
        donnees = super().clean()
        if (donnees.get("part") is None) == (donnees.get("nombre") is None):
            raise forms.ValidationError("Donnez soit une part du flux, soit un nombre de logements.")
        return donnees


# The filters of a page are read as typed in its query string; a value that cannot be read is ignored (its default
# applies), never an error page: each field reads through commun.saisie (ASCII digits, bounded).

ANNEE_PREMIER_FLUX = 2023  # the gestion en flux is in force since 24 Nov 2023 (flux.py)


class FluxFiltreForm(forms.Form):
    """?annee= of the flow page: from 2023 to next year; this year otherwise."""

    annee = forms.CharField(required=False, strip=False)

    def clean_annee(self) -> int:
        cette_annee = timezone.localdate().year
        return saisie.entier(
            self.cleaned_data["annee"], minimum=ANNEE_PREMIER_FLUX, maximum=cette_annee + 1, defaut=cette_annee
        )

    def annee_choisie(self) -> int:
        """The year to show."""
        self.is_valid()
        return self.cleaned_data.get("annee") or timezone.localdate().year


class ObservatoireFiltreForm(forms.Form):
    """?commune=<code INSEE> (among `communes`, else none) and ?seulement=fragiles|signalees of the résidence watch."""

    commune = forms.CharField(required=False, strip=False)
    seulement = forms.CharField(required=False, strip=False)

    def __init__(self, *args, communes: QuerySet[Commune], **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes

    def clean_commune(self) -> Commune | None:
        return self.communes.filter(code_insee=self.cleaned_data["commune"]).first()

    def choix(self) -> tuple[Commune | None, str]:
        """(the commune chosen or None, the « seulement » value as typed)."""
        self.is_valid()
        return self.cleaned_data.get("commune"), self.cleaned_data.get("seulement", "")
