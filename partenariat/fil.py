"""A demand's thread of notes as a page shows it (the thread's own page, partenariat/views.py, and its section on the
demand's page, partenariat/templatetags/partenariat_fil.py): the notes the reader may read (selectors.notes_visibles,
nothing else counted), each with the correction she may read, whether she may correct it, and the forms."""

from __future__ import annotations

from demandes.codes import EtatDemande
from demandes.models import Demande
from territoire.contexte import contexte_de

from .forms import AUTO_ID, NoteForm
from .rules import a_un_role_qui_ecrit
from .selectors import acces_au_fil, notes_visibles


def fil_de(user, demande: Demande, *, form: NoteForm | None = None) -> dict:
    """The template's context of `demande`'s thread for `user`: ``notes`` (oldest first; on each, ``correction_lue``
    the note correcting it when `user` reads it, ``corrigeable``, ``form_correction``), ``nombre``, ``peut_ecrire``,
    ``ouvert`` (a registered demand not struck off: notes may be added), ``form`` (the new note's, `form` when
    given back with its errors), ``avec_sensible``."""
    acces = acces_au_fil(user, demande)  # once for the notes, the writing and the sensitive box
    notes = list(notes_visibles(user, demande, acces=acces))
    par_pk = {n.pk: n for n in notes}
    corrigees = {n.corrige_id: n for n in notes if n.corrige_id}
    peut_ecrire = acces.dans_le_fil and a_un_role_qui_ecrit(user)  # rules.peut_ecrire_une_note, its query saved
    ouvert = demande.etat != EtatDemande.BROUILLON and not demande.lecture_seule
    avec_sensible = bool(peut_ecrire and ouvert and acces.lit_le_sensible)
    organisation = contexte_de(user).organisation_id
    for n in notes:
        n.correction_lue = corrigees.get(n.pk)
        n.corrige_lu = par_pk.get(n.corrige_id)
        n.corrigeable = peut_ecrire and ouvert and n.organisation_id == organisation and n.correction_lue is None
        if n.corrigeable:
            n.form_correction = NoteForm(
                initial={"visibilite": n.visibilite, "sensible": n.sensible, "corrige": n.pk},
                avec_sensible=avec_sensible,
                auto_id=f"id_correction_{n.pk}_%s",
            )
    return {
        "notes": notes,
        "nombre": len(notes),
        "peut_ecrire": peut_ecrire,
        "ouvert": ouvert,
        "avec_sensible": avec_sensible,
        "form": form if form is not None else NoteForm(avec_sensible=avec_sensible, auto_id=AUTO_ID),
    }
