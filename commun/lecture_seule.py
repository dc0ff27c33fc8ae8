"""`@lecture_seule`: a GET (or HEAD) that writes to the database is a bug; the decorated view fails instead.

After les-emplois' `itou/utils/readonly.py`: while the view answers a GET or a HEAD, a `connection.execute_wrapper`
lets through only the statements that read (SELECT, and the SAVEPOINTs of an atomic block) and raises
`EcritureDansUneLecture` on any other one, in the tests and in production alike (a 500: the page must be fixed).
The check is the outermost execute wrapper, so it reads each statement as the view wrote it. A POST of the same
view is left alone, and so are the middlewares that write around the view (the session, django-axes): they run
before or after it.

A page that writes on purpose while it is read says so and names the model: `@lecture_seule(ajouts=(LectureSensible,))`
lets INSERTs into that model's table through (the note of a sensitive read, docs/securite.md), and nothing else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection, models

# What a reading may send: SELECT (a UNION may start with a parenthesis), and the savepoints of an atomic block.
LECTURES = re.compile(r"\s*\(*\s*(SELECT|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.IGNORECASE)
METHODES_DE_LECTURE = frozenset({"GET", "HEAD"})


class EcritureDansUneLecture(RuntimeError):
    """A view marked `@lecture_seule` sent a statement that writes while answering a GET or a HEAD."""


def _garde(ajouts: tuple[str, ...]) -> Callable:
    """The execute wrapper: reads pass, the INSERTs into the tables of `ajouts` pass, anything else raises."""
    insertions = tuple(re.compile(rf'\s*INSERT INTO "{re.escape(table)}"', re.IGNORECASE) for table in ajouts)

    def garde(execute, sql, params, many, context):
        texte = sql.decode() if isinstance(sql, bytes) else sql
        if not LECTURES.match(texte) and not any(i.match(texte) for i in insertions):
            raise EcritureDansUneLecture(f"Écriture pendant une lecture (GET) : {texte[:200]}")
        return execute(sql, params, many, context)

    return garde


@contextmanager
def _avant_toute_autre(garde: Callable):
    """Installs `garde` as the outermost execute wrapper, so that it reads the statement as the view wrote it: the
    wrapper of django-pghistory, installed earlier by its middleware, prefixes every write with a SELECT."""
    connection.execute_wrappers.insert(0, garde)
    try:
        yield
    finally:
        connection.execute_wrappers.remove(garde)


def lecture_seule(vue: Callable | None = None, *, ajouts: Iterable[type[models.Model]] = ()) -> Callable:
    """Decorates a function view: `@lecture_seule` or `@lecture_seule(ajouts=(Modele, …))`. The wrapped view carries
    `lecture_seule = True` (and `ajouts_permis`, the table names) for the tests that check which views have it."""
    tables = tuple(modele._meta.db_table for modele in ajouts)

    def decorateur(fonction: Callable) -> Callable:
        @functools.wraps(fonction)
        def enveloppe(request, *args, **kwargs):
            if request.method not in METHODES_DE_LECTURE:
                return fonction(request, *args, **kwargs)
            with _avant_toute_autre(_garde(tables)):
                return fonction(request, *args, **kwargs)

        enveloppe.lecture_seule = True
        enveloppe.ajouts_permis = tables
        return enveloppe

    return decorateur(vue) if vue is not None else decorateur
