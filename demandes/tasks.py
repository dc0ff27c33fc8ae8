from celery import shared_task

from . import retention, services
from .models import DeclencheurEffacement


@shared_task
def recalculer_cotations() -> str:
    """Nightly (beat): seniority grows with time, so every live demand is scored again with the grid in force."""
    n = services.cotations_recalculer()
    return f"{n} demandes cotées"


@shared_task
def renouvellements() -> str:
    """Daily (beat): reminders a month before the due date; radiation of the demands not renewed one month after it
    (t + 13 months) and of those whose warning (R441-2-8) has had no answer for two months (docs/demandes.md)."""
    rappels = services.rappels_renouvellement_envoyer()
    radiees = services.demandes_non_renouvelees_radier()
    sans_reponse = services.demandes_sans_reponse_radier()
    return (
        f"{rappels} rappels envoyés, {radiees} demandes radiées pour non-renouvellement, "
        f"{sans_reponse} radiées faute de réponse"
    )


@shared_task
def nettoyer_pieces() -> str:
    """Nightly (beat): removes piece files that no row references."""
    return f"{services.pieces_orphelines_supprimer()} fichiers orphelins supprimés"


@shared_task
def purger_demandes_radiees() -> str:
    """Nightly (beat): erases the personal data of the demands struck off more than the retention period ago (one
    year, CASA_CONSERVATION_APRES_RADIATION_MOIS; demandes/retention/, docs/conservation.md). Logs and returns the
    counts, never a name."""
    bilan = retention.purger(declencheur=DeclencheurEffacement.TACHE)
    return bilan.resume()
