"""Waiting in a test for what a real Celery worker does in its own time (an import checked, a notification written,
an e-mail sent): shared by the test modules, which never import one another."""

import time


def attendre(condition, delai: float = 60.0, pas: float = 0.05):
    """Calls `condition()` every `pas` seconds until it returns a true value, which is returned; AssertionError
    (« délai dépassé ») after `delai` seconds."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        valeur = condition()
        if valeur:
            return valeur
        time.sleep(pas)
    raise AssertionError("délai dépassé")
