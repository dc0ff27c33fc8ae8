"""The demo's mail outbox: Django's file e-mail backend writes each connection's messages to a file of
EMAIL_FILE_PATH, one after the other, each followed by a line of 79 dashes. Read back, newest first, for the page
/mon-logement/courriels-de-demonstration/ (only when CASA_DEMONSTRATION)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SEPARATEUR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class Courriel:
    date: str
    a: str
    sujet: str
    corps: str


def derniers(nombre: int) -> list[Courriel]:
    """The ``nombre`` latest e-mails of the outbox folder, newest first ([] without a folder)."""
    dossier = Path(settings.EMAIL_FILE_PATH or "")
    if not settings.EMAIL_FILE_PATH or not dossier.is_dir():
        return []
    fichiers = sorted(dossier.glob("*.log"), key=lambda f: f.stat().st_mtime, reverse=True)
    courriels: list[Courriel] = []
    for fichier in fichiers:
        for brut in reversed(fichier.read_bytes().split(SEPARATEUR)):
            if not brut.strip():
                continue
            message = email.message_from_bytes(brut.strip(), policy=email.policy.default)
            corps = message.get_body(preferencelist=("plain",))
            courriels.append(
                Courriel(
                    str(message.get("Date", "")),
                    str(message.get("To", "")),
                    str(message.get("Subject", "")),
                    corps.get_content() if corps is not None else "",
                )
            )
            if len(courriels) >= nombre:
                return courriels
    return courriels
