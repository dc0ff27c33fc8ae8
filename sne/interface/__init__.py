"""The reader of the SNE's demand file (XML « interfaceNuu », docs/sne.md): pure Python, no database.

`lire_fichier(contenu, nom=…)` → FichierSNE (the header, the demands mapped onto our fields, the demands refused with
their reasons) or FichierSNERefuse; `fichiers_du_depot(contenu, nom=…)` → the XML files of an upload (one XML, or
the XML members of a ZIP). `TAILLE_MAX_OCTETS`: the largest file read, from settings.CASA_SNE_TAILLE_MAX_MO (read at
each access, so that a test's override applies).

Modules: modele (what comes out), lecture (the file: safety, bounds, header, streaming), demande (one demand),
personnes (its household and incomes), champs (reading one value, gathering reasons), codes (the SNE's code lists
and our enumerations), chemins (what is mapped, what is kept in the raw document only), depot (XML or ZIP)."""

from .depot import fichiers_du_depot
from .lecture import lire_fichier, taille_max_octets
from .modele import (
    DERADIATION,
    NAMESPACE,
    VERSIONS_ACCEPTEES,
    DemandeSNE,
    DemandeSNERefusee,
    EnteteSNE,
    FichierSNE,
    FichierSNERefuse,
    PersonneSNE,
)

__all__ = [
    "DERADIATION",
    "NAMESPACE",
    "TAILLE_MAX_OCTETS",
    "VERSIONS_ACCEPTEES",
    "DemandeSNE",
    "DemandeSNERefusee",
    "EnteteSNE",
    "FichierSNE",
    "FichierSNERefuse",
    "PersonneSNE",
    "fichiers_du_depot",
    "lire_fichier",
]


def __getattr__(nom: str) -> int:
    if nom == "TAILLE_MAX_OCTETS":
        return taille_max_octets()
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
