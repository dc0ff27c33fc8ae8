from celery import shared_task
from django.core.management import call_command


@shared_task
def purger_sessions_expirees() -> str:
    """Daily (beat): removes expired sessions, so no stale session row outlives its use."""
    call_command("clearsessions")
    return "sessions expirées supprimées"
