"""Telling the apps above that something happened, without importing them (the layers of docs/architecture.md): an
app defines its Django signals in its own ``signaux.py`` and sends them through ``envoyer_apres_validation``; an app
above (alertes: the notifications, docs/partenaires.md) connects its receivers in its AppConfig.ready."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

journal = logging.getLogger(__name__)


def envoyer_apres_validation(signal: Signal, sender: type, **arguments) -> None:
    """Sends `signal` once the current transaction is committed (at once outside a transaction), never when it is
    rolled back. Arguments are ids and plain values (the receivers read the rows again). A receiver that fails is
    logged (no personal data: the signal and the exception) and never undoes nor breaks what was committed."""

    def envoyer() -> None:
        for recepteur, resultat in signal.send_robust(sender=sender, **arguments):
            if isinstance(resultat, Exception):
                journal.error(
                    "Récepteur %s du signal de %s en échec",
                    getattr(recepteur, "__qualname__", recepteur),
                    sender.__name__,
                    exc_info=resultat,
                )

    transaction.on_commit(envoyer)
