"""The tests' clock: the day on which the tests that speak of « today » live, and how to freeze it.

A test whose data and expectations are dated from today (the CAL returns, the monthly tracking) is marked
`@pytest.mark.jour_fige` (tests/conftest.py freezes the clock for it; the tests using the `retours` fixture are
frozen without the mark). It then runs on `JOUR` at 10:00 in Paris, the clock ticking from there: never across a
midnight, a month's turn or a change of summer time, and `date.today()` (the machine's zone) agrees with
`timezone.localdate()` (Paris), which they do not between 22:00 and midnight UTC. PostgreSQL's own clock is not
frozen: nothing of ours dates a row with the database's now() (pghistory's events do, and no frozen test reads them).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

# A Wednesday in the middle of a month, in the past: a worker in another process (real clock) never finds these
# dates in its future. Its previous month (October 2026) is the month the tracking tests count.
JOUR = dt.date(2026, 11, 18)
MOMENT = dt.datetime.combine(JOUR, dt.time(10, 0), tzinfo=ZoneInfo("Europe/Paris"))


def figer(moment: dt.datetime = MOMENT) -> time_machine.travel:
    """A context manager (or decorator) that puts the process's clock at `moment`, ticking: every thread of the
    process (a live server, a Celery worker started by the `celery_worker_reel` fixture) sees it; time.monotonic and
    the sleeps are left alone."""
    return time_machine.travel(moment, tick=True)
