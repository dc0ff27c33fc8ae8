"""How the outbox's commands end on an expected problem (a file refused, a folder that refuses the day's file, a
date misspelt): the reason in French on the error output and exit status 1, nothing else. Django's CommandError
would print its class name before the reason (« CommandError: … »), and anything else a Python traceback."""

from __future__ import annotations

from typing import NoReturn


def refuser(commande, raison: str) -> NoReturn:
    """Writes `raison` on `commande`'s error output and ends the command with exit status 1 (SystemExit: no
    traceback; `call_command` raises it to its caller)."""
    commande.stderr.write(raison)
    raise SystemExit(1)
