"""An erased demand: its erasure record, and why nothing may edit nor reactivate it any more."""

from __future__ import annotations

from django.utils import timezone

from commun.erreurs import ErreurMetier

from ..codes import EtatDemande


def effacement_de(demande) -> object | None:
    """The erasure record of a demand, or None."""
    from ..models import EffacementDemande

    if demande.pk is None or demande.etat != EtatDemande.RADIEE:
        return None
    return EffacementDemande.objects.filter(demande_id=demande.pk).first()


def message_effacee(effacement) -> str:
    """Why an erased demand cannot be edited nor reactivated (French, with the date)."""
    from commun import format_fr

    le = format_fr.date(timezone.localdate(effacement.le))
    return (
        f"Les données personnelles de cette demande ont été effacées le {le}"
        f" ({effacement.conservation_mois} mois après sa radiation : durée de conservation). Elle ne peut plus être "
        "ni modifiée ni réactivée : le demandeur dépose une nouvelle demande."
    )


def verifier_non_effacee(demande) -> None:
    """Raises ErreurMetier (French) when the demand's personal data has been erased: nothing may edit or reactivate
    it (its household is gone)."""
    effacement = effacement_de(demande)
    if effacement is not None:
        raise ErreurMetier(message_effacee(effacement))
