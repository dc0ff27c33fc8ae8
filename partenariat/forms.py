"""The form of a note on a demand's thread (partenariat.services.note_ajouter checks everything again)."""

from __future__ import annotations

from django import forms

from .models import LONGUEUR_NOTE, Visibilite

AUTO_ID = "id_note_%s"  # the new note's fields (a demand's page holds other forms); a correction's: id_correction_<pk>_


class NoteForm(forms.Form):
    """A new note, or the correction of `corrige` (an earlier note's id, given by the « Corriger » form). Without
    `avec_sensible` the sensitive box is not offered (the person may not read the sensitive pieces)."""

    texte = forms.CharField(
        label="Note",
        max_length=LONGUEUR_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LONGUEUR_NOTE}),
        help_text=f"{LONGUEUR_NOTE} caractères au plus. Une note ne se modifie pas : une erreur se corrige par une "
        "nouvelle note.",
        error_messages={"required": "Écrivez la note.", "max_length": f"{LONGUEUR_NOTE} caractères au plus."},
    )
    visibilite = forms.ChoiceField(
        label="Qui pourra la lire",
        choices=Visibilite.choices,
        initial=Visibilite.CASA,
        widget=forms.RadioSelect,
        help_text="Votre organisation lit toujours ses propres notes.",
        error_messages={
            "required": "Choisissez dans la liste qui pourra lire la note.",
            "invalid_choice": "Choisissez dans la liste qui pourra lire la note.",
        },
    )
    sensible = forms.BooleanField(
        label="Sujet sensible (santé, violences…)",
        required=False,
        help_text="Lue seulement par ceux qui lisent les pièces confidentielles de la demande.",
    )
    corrige = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, avec_sensible: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not avec_sensible:
            del self.fields["sensible"]
