from django import forms

from commun.forms import FichierTableauField
from territoire.models import Commune, Organisation

from .models import FinancementLogement, OrigineDisponibilite, Typologie

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImportForm(forms.Form):
    fichier = FichierTableauField(label="Fichier du parc")


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
        label="Bailleur", queryset=Organisation.objects.filter(type="BAILLEUR").order_by("nom")
    )
    commune = forms.ModelChoiceField(label="Commune", queryset=Commune.objects.order_by("nom"))
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
        queryset=Organisation.objects.filter(est_reservataire=True).exclude(type="BAILLEUR").order_by("type", "nom"),
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
                self.fields[f"{nom}_{cle}"] = forms.DecimalField(
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
