"""The SNE import's pages: imports (the list, the upload, an import's progress and report, its CSV), reconciliation
(the conflicts and probable duplicates to settle), affichage (their values written for an agent). The « SNE » panel
of a demand's page is a template tag (sne/templatetags/sne_panneau.py): demandes sits below sne and imports nothing
of it."""

from .imports import import_detail, import_etat, import_rapport_csv, import_relancer, imports
from .reconciliation import conflit_trancher, doublon_trancher, reconciliation

__all__ = [
    "conflit_trancher",
    "doublon_trancher",
    "import_detail",
    "import_etat",
    "import_rapport_csv",
    "import_relancer",
    "imports",
    "reconciliation",
]
