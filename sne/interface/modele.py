"""What the reader of the SNE's demand file gives back (docs/sne.md « Le fichier des demandes du SNE »): the file's
header, each demand mapped onto our fields (keys are the field names of demandes.models), the demands refused with
their French reasons, and the refusal of a whole file. Pure data: no database, no Django model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from commun.erreurs import ErreurMetier

# The interface's XML namespace and the versions we read (attribute versionInterface of the root interfaceNuu). Source:
# the library « libsne » (constant PREFIXE_BALISES; its check accepts versionInterface "02.00" or "02.01").
NAMESPACE = "http://nuu.application.i2/"
VERSIONS_ACCEPTEES = ("02.00", "02.01")

# The SNE's code for a radiation undone (« Déradiation », the empty code of ListeMotifsRadiation in libsne's
# Constantes.py): DemandeSNE.radiation == (date, DERADIATION, "") is a reactivation on that date.
DERADIATION = ""


class FichierSNERefuse(ErreurMetier):
    """The whole file is refused (nothing of it is read); str(e) is the French reason shown to the agent: not well
    formed, a DOCTYPE (entity expansion, external entity), wrong root or namespace, unsupported version, header missing
    or wrong, no demand, too big; for a deposit, a ZIP that is damaged, too big once expanded, or hostile."""


@dataclass(frozen=True)
class EnteteSNE:
    """The file's header. `type_fichier`: a ListeTypeFichier code (CRE CRS MOD RAD REN SUP DIS RET COP), "" when the
    file carries none (the public sample of the interface has none)."""

    version: str
    type_fichier: str
    date_fichier: dt.date


@dataclass
class PersonneSNE:
    """A person who will live in the dwelling. `champs`: demandes.models.Personne field names (only those the XML
    gives). `ressources`: (demandes.codes.TypeRessource value, monthly € amount). `pensions_versees`: the sum of the
    maintenance paid (SNE code PAV), monthly €, kept apart: it is no resource."""

    champs: dict
    ressources: list[tuple[str, Decimal]] = field(default_factory=list)
    pensions_versees: Decimal = Decimal("0")


@dataclass
class DemandeSNE:
    """One demand of the file, read and mapped (docs/sne.md « Correspondance des éléments »).

    `position`: 1-based rank of its `demande` element in the file. `radiation`: (date, MotifRadiation value or
    DERADIATION, sous-motif "IRRSEJ"/"IRRRES"/""). `champs`: demandes.models.Demande field names the SNE carries
    (amounts Decimal €/month, incomes int €/year, lists of codes). `communes`: INSEE codes wished, in the SNE's order.
    `dalo`: (StatutDalo value, date of the decision or None). `hors_menage`: children in droit de visite, not counted
    (REGLES §2), {"prenom", "date_naissance"}. `non_repris`: paths (from demandeLogement) of the elements present that
    we do not map, kept in `brut` only. `brut`: the demandeLogement element as XML text. `empreinte`: sha256 hex of
    its exclusive C14N 2.0 form (prefixes rewritten, whitespace-only text stripped): same content ⇒ same empreinte."""

    position: int
    nur: str
    num_guichet: str
    date_creation: dt.date
    date_renouvellement: dt.date | None
    radiation: tuple[dt.date, str, str] | None
    champs: dict
    personnes: list[PersonneSNE]
    communes: list[str]
    dalo: tuple[str, dt.date | None] | None
    hors_menage: list[dict]
    non_repris: list[str]
    brut: str
    empreinte: str


@dataclass
class DemandeSNERefusee:
    """A demand the reader refused (the others of the file are read): `nur` "" when unreadable, `motifs` in French."""

    position: int
    nur: str
    motifs: list[str]


@dataclass
class FichierSNE:
    nom: str
    entete: EnteteSNE
    demandes: list[DemandeSNE]
    refusees: list[DemandeSNERefusee]
