"""The notifications' Celery tasks, thin: each calls its function (courriels, evenements). The immediate e-mails are
queued by services.notifier after the commit; the others run from beat (casa_logement/settings/celery.py)."""

from celery import shared_task

from . import courriels, evenements, recepteurs


@shared_task
def evenement(nom: str, arguments: dict) -> str:
    """An event of a lower app's signal (recepteurs.relais), told by its function of evenements.py."""
    return f"{nom} : {recepteurs.traiter(nom, arguments)} notifications"


@shared_task
def envoyer_immediats(ids: list[int]) -> str:
    """The e-mails of notifications just written, to those who chose « immédiat »."""
    return f"{courriels.envoyer_immediats(ids)} courriels envoyés"


@shared_task
def resumes_quotidiens() -> str:
    """Daily (beat): the digest of the day's notifications to those who chose « résumé quotidien »."""
    return f"{courriels.envoyer_resumes_quotidiens()} résumés quotidiens envoyés"


@shared_task
def resumes_hebdomadaires() -> str:
    """Weekly (beat): the steps stalled on each partner's side."""
    return f"{courriels.envoyer_resumes_hebdomadaires()} résumés hebdomadaires envoyés"


@shared_task
def decisions_cal_en_retard() -> str:
    """Daily (beat): CAL decisions awaited past CASA_DELAI_DECISION_CAL_JOURS, told to CASA's instructors."""
    return f"{evenements.decisions_cal_en_retard()} notifications de décisions de CAL attendues"
