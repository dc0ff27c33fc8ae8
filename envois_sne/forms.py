"""The outbox page's forms: its filters (read from the URL) and the upload of the SNE's acknowledgement."""

from __future__ import annotations

from django import forms

from .codes import EtatEvenementSNE, TypeEvenementSNE
from .retour import TAILLE_MAX


class FiltreEnvoisForm(forms.Form):
    etat = forms.ChoiceField(label="État", choices=[("", "Tous"), *EtatEvenementSNE.choices], required=False)
    type = forms.ChoiceField(label="Événement", choices=[("", "Tous"), *TypeEvenementSNE.choices], required=False)
    attente = forms.BooleanField(label="En attente d'une donnée seulement", required=False)

    def valeurs(self) -> dict:
        """The filters to apply: an unknown value is ignored (never an error)."""
        if not self.is_valid():
            return {"etat": "", "type_evenement": "", "en_attente": False}
        donnees = self.cleaned_data
        return {"etat": donnees["etat"], "type_evenement": donnees["type"], "en_attente": donnees["attente"]}


class RetourForm(forms.Form):
    fichier = forms.FileField(label=f"Fichier de retour du SNE (XML, {TAILLE_MAX // 1024 // 1024} Mo au plus)")

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(f"Le fichier dépasse {TAILLE_MAX // 1024 // 1024} Mo : il est refusé.")
        return fichier
