"""Writing a shared note on a demand (docs/partenaires.md « Notes partagées sur une demande »): one transaction, the
demand's row locked, the rules of partenariat.rules checked again, the signal `note_ajoutee` sent after the commit.
A note is never changed nor deleted by a person: a correction is a new note (`corrige=`)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import retention
from demandes.codes import EtatDemande
from demandes.models import Demande
from demandes.validation import ErreursValidation
from territoire.contexte import contexte_de
from territoire.models import Utilisateur

from .models import LONGUEUR_NOTE, NoteDemande, Visibilite
from .rules import lit_les_notes_sensibles, peut_corriger, peut_ecrire_une_note
from .selectors import notes_visibles
from .signaux import note_ajoutee

# The same note sent again by the same person within this delay is the first one (a double click, a page sent twice).
DOUBLE_ENVOI = dt.timedelta(minutes=10)


def texte_propre(texte: str | None) -> str:
    """A text typed by a person, kept as typed but safe: no control or invisible character but the line breaks,
    Windows line ends made plain, trimmed."""
    texte = unicodedata.normalize("NFC", (texte or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(c for c in texte if c == "\n" or not unicodedata.category(c).startswith("C")).strip()


@transaction.atomic
def note_ajouter(
    *,
    par: Utilisateur,
    demande: Demande,
    texte: str,
    visibilite: str,
    sensible: bool = False,
    corrige: NoteDemande | None = None,
) -> NoteDemande:
    """`par`, acting for the organisation of his context, adds a note to `demande`'s thread: `texte` (LONGUEUR_NOTE
    characters at most, not empty), `visibilite` a Visibilite value, `sensible` only for who may read the sensitive
    pieces of the demand, `corrige` an earlier note of his own organisation, not yet corrected, that this one
    corrects. The same note sent again by `par` within DOUBLE_ENVOI is the one already written (returned, nothing
    sent twice). The signal partenariat.signaux.note_ajoutee(note=) goes after the commit.

    Raises PermissionDenied (the thread out of reach or the role not allowed: partenariat.rules), ErreursValidation
    by field (`texte`, `visibilite`, `sensible`), ErreurMetier (a draft, a struck-off or erased demand, a note
    already corrected)."""
    if not peut_ecrire_une_note(par, demande):
        raise PermissionDenied("Vous ne pouvez pas écrire sur le fil de cette demande.")
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    texte = _valider(par, demande, texte, visibilite, sensible)
    ctx = contexte_de(par)
    deja = (
        NoteDemande.objects.filter(
            demande=demande,
            auteur=par,
            organisation_id=ctx.organisation_id,
            texte=texte,
            visibilite=visibilite,
            sensible=bool(sensible),
            corrige=corrige,
            ecrite_le__gte=timezone.now() - DOUBLE_ENVOI,
        )
        .order_by("-pk")
        .first()
    )
    if deja is not None:
        return deja
    if corrige is not None:
        _verifier_corrigeable(par, demande, corrige)
    note = NoteDemande.objects.create(
        demande=demande,
        auteur=par,
        organisation_id=ctx.organisation_id,
        texte=texte,
        visibilite=visibilite,
        sensible=bool(sensible),
        corrige=corrige,
    )
    transaction.on_commit(lambda: note_ajoutee.send(sender=NoteDemande, note=note))
    return note


def _valider(par: Utilisateur, demande: Demande, texte: str, visibilite: str, sensible: bool) -> str:
    """The note's text made clean (texte_propre) once its fields and the demand's state are checked: raises
    ErreursValidation by field, then ErreurMetier (a draft, a struck-off or erased demand)."""
    texte = texte_propre(texte)
    erreurs: dict[str, list[str]] = {}
    if not texte:
        erreurs["texte"] = ["Écrivez la note."]
    elif len(texte) > LONGUEUR_NOTE:
        erreurs["texte"] = [f"La note fait {len(texte)} caractères : {LONGUEUR_NOTE} au plus."]
    if visibilite not in Visibilite.values:
        erreurs["visibilite"] = ["Choisissez dans la liste qui pourra lire la note."]
    if sensible and not lit_les_notes_sensibles(par, demande):
        erreurs["sensible"] = [
            "Seuls ceux qui lisent les pièces confidentielles de la demande écrivent une note sensible."
        ]
    if erreurs:
        raise ErreursValidation(erreurs)
    if demande.etat == EtatDemande.BROUILLON:
        raise ErreurMetier("La demande n'est pas encore enregistrée : le fil des notes s'ouvre à l'enregistrement.")
    if demande.lecture_seule:
        retention.verifier_non_effacee(demande)
        raise ErreurMetier("Cette demande est radiée : on n'y ajoute plus de note.")
    return texte


def _verifier_corrigeable(par: Utilisateur, demande: Demande, corrige: NoteDemande) -> None:
    """The corrected note: of this demand and readable by `par` (else PermissionDenied, as if it did not exist), of
    his own organisation (PermissionDenied), not corrected yet (ErreurMetier: the correction is what to correct)."""
    if corrige.demande_id != demande.pk or not notes_visibles(par, demande).filter(pk=corrige.pk).exists():
        raise PermissionDenied("Cette note n'est pas sur le fil de cette demande.")
    if not peut_corriger(par, corrige):
        raise PermissionDenied("Seule l'organisation qui a écrit une note la corrige.")
    if NoteDemande.objects.filter(corrige=corrige).exists():
        raise ErreurMetier("Cette note a déjà été corrigée : corrigez sa correction, la plus récente.")
