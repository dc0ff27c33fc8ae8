"""The intake's bounds (docs/fichiers.md), checked before reading as far as each format allows, and what a cell holds
once read."""

from __future__ import annotations

import datetime as dt

TAILLE_MAX = 20 * 1024 * 1024  # bytes
LIGNES_MAX = 50_000
COLONNES_MAX = 200
DECOMPRESSE_MAX = 200 * 1024 * 1024  # bytes an archive may expand to
TAUX_COMPRESSION_MAX = 100
LIGNES_ENTETE = 20  # the header is looked for among the first rows
CELLULE_MAX = 131_072  # characters in one CSV cell (the csv module's own limit)

# A cell as read: text from a CSV, a typed value from a spreadsheet.
Cellule = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
