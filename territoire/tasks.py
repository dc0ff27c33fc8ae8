import pghistory
from celery import shared_task
from django.core.management import call_command

from . import services_acces


@shared_task
def purger_sessions_expirees() -> str:
    """Daily (beat): removes expired sessions, so no stale session row outlives its use."""
    call_command("clearsessions")
    return "sessions expirées supprimées"


@shared_task
def revue_des_habilitations() -> str:
    """Nightly (beat): opens the review of each organisation that is due, reminds the administrators of the open
    ones, closes the finished ones and tells CASA's administrators of the late ones (territoire.services_acces)."""
    with pghistory.context(tache="territoire.tasks.revue_des_habilitations"):
        ouvertes = services_acces.revues_ouvrir()
        bilan = services_acces.revues_relancer()
    return (
        f"{len(ouvertes)} revues ouvertes, {bilan['rappels']} rappels, {bilan['closes']} closes, "
        f"{bilan['signalees']} retards signalés à la CASA"
    )


@shared_task
def desactiver_comptes_inutilises() -> str:
    """Nightly (beat): switches off the personal accounts unused for CASA_COMPTE_INACTIF_JOURS days and tells their
    administrators (territoire.services_acces)."""
    with pghistory.context(tache="territoire.tasks.desactiver_comptes_inutilises"):
        n = services_acces.comptes_inactifs_desactiver()
    return f"{n} comptes désactivés faute d'utilisation"
