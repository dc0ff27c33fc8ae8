from celery import shared_task

from . import services


@shared_task
def recalculer_cotations() -> str:
    """Nightly (beat): seniority grows with time, so every live demand is scored again with the grid in force."""
    n = services.cotations_recalculer()
    return f"{n} demandes cotées"
