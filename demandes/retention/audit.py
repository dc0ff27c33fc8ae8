"""The audit events (pghistory) that copied a model's rows: found by model, and made writable for the erasure alone
(an audit table must not keep what the retention rule erases)."""

from __future__ import annotations

import functools
from contextlib import contextmanager, nullcontext

from django.db import models


@functools.cache
def modele_evenements(modele: type[models.Model]) -> type[models.Model]:
    """The pghistory event model that copies `modele`'s rows."""
    import pghistory.models
    from django.apps import apps

    for m in apps.get_models():
        if issubclass(m, pghistory.models.Event) and getattr(m, "pgh_tracked_model", None) is modele:
            return m
    raise LookupError(f"{modele._meta.label} n'est pas suivi par pghistory.")


def evenements(modele: type[models.Model], **filtre) -> models.QuerySet:
    """The audit events of `modele`'s rows matching `filtre` (on the event's copied columns, e.g. demande_id__in)."""
    return modele_evenements(modele).objects.filter(**filtre)


@contextmanager
def evenements_modifiables(*modeles: type[models.Model]):
    """Lets the erasure blank or delete audit events even if the event tables are made append-only
    (PGHISTORY_APPEND_ONLY): their protecting triggers are ignored for this block only."""
    import pgtrigger

    tables = {modele_evenements(m) for m in modeles}
    uris = [f"{m._meta.label}:{t.name}" for m, t in pgtrigger.registered() if m in tables and t.name == "append_only"]
    with pgtrigger.ignore(*uris) if uris else nullcontext():
        yield
