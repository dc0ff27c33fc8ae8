"""The reports read from a PostgreSQL streaming replica (issue 21, docs/deploiement.md): the tracking table's lists,
its exports and the lists' exports are long reads that need no write; on a region's or the nation's installation
they go to a replica (DATABASE_REPLICA_URL, the alias REPLIQUE) so that the primary serves the counters' and the
instructors' daily work. A view says so with `@sur_la_replique`; inside it, RouteurReplique sends the reads to the
replica and every write to the primary (a sensitive read noted, an export journalled).

A replica lags behind: when its lag passes CASA_REPLIQUE_RETARD_MAX seconds (or it does not answer), the reads fall
back to the primary, so that a report never shows figures older than that bound. The lag is measured on the replica
(`pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()`: up to date, 0 s; otherwise the age of the last transaction
replayed) and kept a few seconds (VERIFICATION_S) in the process, not asked at every query. Without a replica (the
demo, one server), nothing changes: everything reads the primary."""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections

ALIAS = "replique"
VERIFICATION_S = 5.0  # how long a measured lag is trusted, in seconds
RETARD_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END, pg_is_in_recovery()"
)

logger = logging.getLogger(__name__)
_sur_la_replique = contextvars.ContextVar("sur_la_replique", default=False)
_mesure: dict[str, float] = {}  # {"le": time.monotonic() of the measure, "retard": seconds, or inf when unusable}


@contextmanager
def lectures_sur_la_replique():
    """Within it, the reads go to the replica while it is within its lag bound (RouteurReplique)."""
    jeton = _sur_la_replique.set(True)
    try:
        yield
    finally:
        _sur_la_replique.reset(jeton)


def sur_la_replique(vue: Callable) -> Callable:
    """Decorates a report's view: its reads go to the replica (lectures_sur_la_replique)."""

    @functools.wraps(vue)
    def enveloppe(*args, **kwargs):
        with lectures_sur_la_replique():
            return vue(*args, **kwargs)

    return enveloppe


def retard_de_la_replique() -> float:
    """The replica's lag in seconds (0: up to date), measured at most every VERIFICATION_S; `inf` when there is no
    replica, it does not answer, or it is not a replica (not in recovery)."""
    if ALIAS not in settings.DATABASES:
        return float("inf")
    maintenant = time.monotonic()
    if _mesure and maintenant - _mesure["le"] < VERIFICATION_S:
        return _mesure["retard"]
    try:
        with connections[ALIAS].cursor() as curseur:
            curseur.execute(RETARD_SQL)
            retard, en_recuperation = curseur.fetchone()
        retard = float(retard) if en_recuperation else float("inf")
    except DatabaseError:
        logger.warning("réplique injoignable : les rapports lisent la base principale")
        retard = float("inf")
    _mesure.update(le=maintenant, retard=retard)
    return retard


def oublier_la_mesure() -> None:
    """The next read measures the lag again (after a test moves the replica, say)."""
    _mesure.clear()


def replique_a_jour() -> bool:
    """Whether the replica's lag is within CASA_REPLIQUE_RETARD_MAX seconds."""
    return retard_de_la_replique() <= settings.CASA_REPLIQUE_RETARD_MAX


class RouteurReplique:
    """Django's database router (DATABASE_ROUTERS): the reads of a report (`lectures_sur_la_replique`) on the replica
    within its lag bound, the rest on the primary; every write on the primary; migrations on the primary only (the
    replica follows by streaming)."""

    def db_for_read(self, model, **hints):
        if _sur_la_replique.get() and replique_a_jour():
            return ALIAS
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
