"""What the retention purge (demandes/retention/, docs/conservation.md) erases of the shared notes of a demand whose
personal data is erased: every note (docs/partenaires.md: a note speaks of the household; it goes with the rest), and
the audit events (pghistory) that copied them. Nothing of a note is kept: no tracking table reads them."""

from __future__ import annotations

from demandes.retention import effaceur, evenements, evenements_modifiables

from .models import NoteDemande


@effaceur("partenariat")
def effacer(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts, and unless `simulation` deletes, the notes of the demands `ids` and their audit events (those the
    deletion itself writes included)."""
    notes = NoteDemande.objects.filter(demande_id__in=ids)
    compteurs = {
        "notes_partagees": notes.count(),
        "evenements": evenements(NoteDemande, demande_id__in=ids).count(),
    }
    if simulation:
        return compteurs
    notes.delete()
    with evenements_modifiables(NoteDemande):
        evenements(NoteDemande, demande_id__in=ids).delete()
    return compteurs
