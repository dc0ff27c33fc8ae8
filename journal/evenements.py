"""The audit journal read from django-pghistory's event tables, for CASA's administrators (docs/audit.md).

Why not pghistory's `Events` model (the one /admin/ lists): it is a UNION over every event table that computes, for
every row of every table, the previous row of the same object and the difference in JSON, before any filter or
limit — 5 s at the demo's size. Here the journal reads in two steps:

1. `Journal` selects only (table, event id, date) through a UNION ALL of the event tables, each filtered in SQL
   (period, person, kind of event, one object and what belongs to it), sorted by date and cut to the page;
2. `presenter` reads the page's events and, for each modification, the object's previous event, then names every
   object, person and value in words (`objets.OBJETS`, `references.References`).

A page costs one count, one ordered selection, and a few queries per model present on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .modeles_suivis import CLES_AUTEUR, ModeleSuivi, modele_par_label, modeles_suivis
from .objets import objet_de
from .presentation import Ligne, presenter


@dataclass(frozen=True)
class Filtres:
    """What the reader asked for. ``du``/``au`` days in Europe/Paris (both included); ``qui`` a person's id;
    ``modele`` one audited model; ``objet_id`` one object of it (with the rows that belong to it); ``action`` one of
    ``insert``, ``update``, ``delete``."""

    du: dt.date | None = None
    au: dt.date | None = None
    qui: int | None = None
    modele: ModeleSuivi | None = None
    objet_id: int | None = None
    action: str | None = None


def _debut_du_jour(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time.min), timezone.get_default_timezone())


def _branches(filtres: Filtres) -> tuple[list[str], list]:
    """One SELECT (model's index, event id, date) per event table the filters may find rows in, with its params."""
    communs, params_communs = [], []
    if filtres.du:
        communs.append("e.pgh_created_at >= %s")
        params_communs.append(_debut_du_jour(filtres.du))
    if filtres.au:
        communs.append("e.pgh_created_at < %s")
        params_communs.append(_debut_du_jour(filtres.au + dt.timedelta(days=1)))
    if filtres.action:
        communs.append("e.pgh_label = %s")
        params_communs.append(filtres.action)
    if filtres.qui is not None:
        cles = " OR ".join(f"c.metadata->>'{cle}' = %s" for cle in CLES_AUTEUR)
        communs.append(f"e.pgh_context_id IN (SELECT c.id FROM pghistory_context c WHERE {cles})")  # noqa: S608 - our table names
        params_communs += [str(filtres.qui)] * len(CLES_AUTEUR)

    rattaches = {}
    if filtres.modele and filtres.objet_id is not None:
        objet = objet_de(filtres.modele.label)
        rattaches = {r.modele: r for r in (objet.rattaches if objet else ())}

    branches, params = [], []
    for i, m in enumerate(modeles_suivis()):
        conditions, valeurs = [], []
        if filtres.modele is not None:
            if m.label == filtres.modele.label:
                if filtres.objet_id is not None:
                    conditions.append("e.pgh_obj_id = %s")
                    valeurs.append(filtres.objet_id)
            elif m.label in rattaches:
                r = rattaches[m.label]
                if r.via is None:
                    conditions.append(f'e."{r.colonne}" = %s')
                else:
                    parent = modele_par_label(r.via[0])
                    if parent is None:
                        continue
                    conditions.append(
                        f'e."{r.colonne}" IN (SELECT p.pgh_obj_id FROM "{parent.table}" p WHERE p."{r.via[1]}" = %s)'  # noqa: S608 - our table names
                    )
                valeurs.append(filtres.objet_id)
            else:
                continue
        where = " AND ".join(conditions + communs) or "TRUE"
        branches.append(f'SELECT {i} AS m, e.pgh_id, e.pgh_created_at FROM "{m.table}" e WHERE {where}')  # noqa: S608 - our table names
        params += valeurs + params_communs
    return branches, params


class Journal:
    """The events the filters select, most recent first, as Django's Paginator wants them: ``count()`` and slices
    (each slice a list of `Ligne`, in words)."""

    def __init__(self, user, filtres: Filtres):
        self.user = user
        self.filtres = filtres
        self._branches, self._params = _branches(filtres)
        self._compte: int | None = None

    def count(self) -> int:
        if self._compte is None:
            if not self._branches:
                self._compte = 0
            else:
                with connection.cursor() as curseur:
                    union = " UNION ALL ".join(self._branches)
                    curseur.execute(f"SELECT count(*) FROM ({union}) u", self._params)  # noqa: S608 - our table names
                    self._compte = curseur.fetchone()[0]
        return self._compte

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, tranche: slice) -> list[Ligne]:
        if not isinstance(tranche, slice):  # pragma: no cover - the Paginator slices
            raise TypeError("Le journal se lit par pages.")
        debut, fin = tranche.start or 0, tranche.stop
        if not self._branches or fin is None or fin <= debut:
            return []
        union = " UNION ALL ".join(self._branches)
        with connection.cursor() as curseur:
            curseur.execute(
                f"SELECT m, pgh_id FROM ({union}) u ORDER BY pgh_created_at DESC, m DESC, pgh_id DESC "  # noqa: S608 - our table names
                "LIMIT %s OFFSET %s",
                [*self._params, fin - debut, debut],
            )
            cles = curseur.fetchall()
        return presenter(self.user, cles)
