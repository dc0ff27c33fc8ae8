"""A check's report of bad rows, bounded: the first ERREURS_GARDEES errors are kept (sorted by line) with the total
count, so a file wrong on every one of its 50,000 rows gives a report of a few kilobytes, not megabytes."""

from __future__ import annotations

ERREURS_GARDEES = 200


def borner(erreurs: list[tuple[int, str]] | list[list], total: int | None = None) -> tuple[list[list], int]:
    """([[line, message], …] the first ERREURS_GARDEES by line, total count)."""
    triees = sorted(([int(ligne), str(message)[:500]] for ligne, message in erreurs), key=lambda e: e[0])
    return triees[:ERREURS_GARDEES], total if total is not None else len(triees)


PAR_PAGE = 50


def page_erreurs(request, erreurs: list, nombre_total: int) -> dict:
    """The context of templates/fichiers/_rapport.html: one page (`?erreurs=N`, PAR_PAGE rows) of the errors kept,
    and what the report says of the others."""
    from django.core.paginator import Paginator

    page = Paginator(erreurs or [], PAR_PAGE).get_page(request.GET.get("erreurs"))
    autres = request.GET.copy()
    autres.pop("erreurs", None)
    return {
        "erreurs_qs": f"{autres.urlencode()}&" if autres else "",
        "erreurs_page": page,
        "erreurs_total": max(nombre_total or 0, len(erreurs or [])),
        "erreurs_gardees": len(erreurs or []),
    }
