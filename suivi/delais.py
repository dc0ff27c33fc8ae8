"""The waiting times of the attributions (L441-2-6 CCH: every applicant may know « le délai d'attente moyen » of
comparable demands; docs/portail.md « Délais d'attente »): for the leases signed in the twelve complete months before
a day, grouped by commune and typology of the dwelling, how many, and the median and average waits.

The source is the tracking's: the leases recorded from the CAL returns (`positionnements.models.DecisionCAL` whose
positionnement reached « bail signé »), with the commune and the typology of the dwelling frozen at the lease
(`logement_au_bail`), as the monthly tracking counts them (suivi/sources.py). The wait of an attribution is the number
of days from the demand's filing date (`Demande.date_depot`, the seniority that counts, R441-2-3 CCH) to the lease's
date. The demand is read through the positionnement: it is never deleted (PROTECT), the retention purge keeps its
dates (demandes/retention/donnees_demande.py, DEMANDE_EFFACEE), and a demand struck off for attribution can neither
be edited nor reactivated, so its filing date is the one it had at the lease.

The period is made of whole months, as the monthly tracking's: on 18/11/2026, November 2025 to October 2026. The
figures move once a month, by a month of leases, not each day by one household's lease.

The figures are read as known now: a correction of an attribution (CorrectionDecision) has already rewritten the
lease's date on the DecisionCAL, so a corrected lease counts at its corrected date — what the monthly tracking does
for a table drawn up after the correction (suivi/sources.py `attributions`, the corrections recorded before the
moment of the table kept).

Privacy (statistical confidentiality): below CASA_DELAIS_ATTRIBUTIONS_MIN attributions (5), a group gives no figure
(its median and average are None): a wait computed on one or two leases would tell the wait of a known household. And
a territory's line whose difference with the communes shown would give the waits of fewer leases than that (the
communes held back add up to 1 to 4 leases) is held back too (secondary suppression). A held-back group (`retenu`)
keeps its count here, for the computation; the pages never print it (portail/views/delais.py `_ligne`): the
territory's count minus the communes' shown would give a held-back commune's.

Computed in PostgreSQL (percentile_cont for the median): two grouped queries over the indexed lease dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, IntegerField
from django.db.models.fields.json import KT

from positionnements.etats import EtatPositionnement
from positionnements.models import DecisionCAL
from programmation.models import Typologie

from .indicateurs import TYPOLOGIES

MOIS = 12  # the period the figures cover: the twelve complete months before the day's month
JOURS_PAR_MOIS = 365.25 / 12  # an average month, to say a wait in months


def seuil() -> int:
    """How many attributions a group needs for its waits to be shown (setting CASA_DELAIS_ATTRIBUTIONS_MIN)."""
    return int(settings.CASA_DELAIS_ATTRIBUTIONS_MIN)


def fenetre(jour: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day), both included, of the twelve complete months before `jour`'s month: 18/11/2026 →
    (01/11/2025, 31/10/2026)."""
    fin = jour.replace(day=1) - dt.timedelta(days=1)
    return fin.replace(day=1) - relativedelta(months=MOIS - 1), fin


class _Mediane(Aggregate):
    """PostgreSQL's continuous median: the middle value, or the mean of the two middle ones."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _attente():
    """Days from the demand's filing to the lease (PostgreSQL: date - date is a number of days)."""
    return Func(
        F("date_bail"),
        F("positionnement__demande__date_depot"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Delai:
    """The waits of one group (commune and typology, or the territory's typology). `mediane` and `moyenne` are in
    days, None when the group is held back (`retenu`: "trop_peu" below the threshold, "secret" a territory's line
    that would give away the communes held back)."""

    commune: str  # INSEE code; "" for the whole territory
    typologie: str
    attributions: int = 0
    mediane: float | None = None
    moyenne: float | None = None
    retenu: str = ""

    @property
    def fiable(self) -> bool:
        return self.mediane is not None


@dataclass(frozen=True)
class Delais:
    """The waits of the twelve months from `depuis` to `jusqu_au` (both included): by (commune, typology) and, for
    the territory, by typology. A group with no lease is absent; `de` answers it with zero attributions."""

    depuis: dt.date
    jusqu_au: dt.date
    seuil: int
    par_commune: dict[tuple[str, str], Delai] = field(default_factory=dict)
    territoire: dict[str, Delai] = field(default_factory=dict)

    def de(self, commune: str, typologie: str) -> Delai:
        """The group of this commune (INSEE code; "" for the territory) and typology."""
        if not commune:
            return self.territoire.get(typologie, Delai("", typologie))
        return self.par_commune.get((commune, typologie), Delai(commune, typologie))

    def communes(self) -> list[str]:
        """The INSEE codes of the communes that had at least one lease."""
        return sorted({c for c, _ in self.par_commune})

    def typologies(self, commune: str = "") -> list[str]:
        """The typologies that had at least one lease (in this commune, or in the territory), in their order."""
        return ordonner({t for c, t in self.par_commune if c == commune} if commune else self.territoire)


def ordonner(typologies) -> list[str]:
    """T1 to T6 in their order, any other code after them."""
    rang = {t: n for n, t in enumerate(TYPOLOGIES)}
    return sorted(set(typologies), key=lambda t: (rang.get(t, len(rang)), t))


# A demand's wished typologies (demandes.codes.Typologie, the SNE's) as the stock's (programmation.models.Typologie):
# « T6 et plus » is T6P on a demand and T6 on a dwelling; a room (C) has no dwelling of its own in the stock.
TYPOLOGIE_DU_LOGEMENT = {"T1": "T1", "T2": "T2", "T3": "T3", "T4": "T4", "T5": "T5", "T6P": "T6"}


def typologies_des_logements(souhaitees) -> list[str]:
    """The stock's typologies that a demand's wished typologies name, in their order (a room names none)."""
    return ordonner(TYPOLOGIE_DU_LOGEMENT[t] for t in souhaitees if t in TYPOLOGIE_DU_LOGEMENT)


def libelle(typologie: str) -> str:
    """« T3 », « T6 et plus »: the stock's label of a typology (the code itself when unknown)."""
    return dict(Typologie.choices).get(typologie, typologie)


def delais(jour: dt.date, *, communes: list[str] | None = None, typologies: list[str] | None = None) -> Delais:
    """The waits of the leases signed in the twelve complete months before `jour`'s month (`fenetre`), grouped by the
    dwelling's commune and typology at the lease, and by typology for the whole territory. `communes` (INSEE codes)
    keeps only those communes' groups (the territory's lines count every commune); `typologies` keeps only those
    typologies. Two SQL queries."""
    depuis, jusqu_au = fenetre(jour)
    minimum = seuil()
    baux = (
        DecisionCAL.objects.filter(
            date_bail__gte=depuis,
            date_bail__lte=jusqu_au,
            positionnement__etat=EtatPositionnement.BAIL_SIGNE,
        )
        .annotate(commune=KT("logement_au_bail__commune"), typologie=KT("logement_au_bail__typologie"))
        .filter(commune__isnull=False, typologie__isnull=False)
        .order_by()  # no ORDER BY: it would join the grouping
    )
    if typologies is not None:
        baux = baux.filter(typologie__in=list(typologies))
    mesures = {"n": Count("pk"), "mediane": _Mediane(_attente()), "moyenne": Avg(_attente())}
    par_commune, retenus = {}, Counter()
    for ligne in baux.values("commune", "typologie").annotate(**mesures):
        if ligne["n"] < minimum:
            retenus[ligne["typologie"]] += ligne["n"]
        if communes is None or ligne["commune"] in communes:
            par_commune[(ligne["commune"], ligne["typologie"])] = _delai(ligne, ligne["commune"], minimum)
    territoire = {
        ligne["typologie"]: _delai(ligne, "", minimum, secret=0 < retenus[ligne["typologie"]] < minimum)
        for ligne in baux.values("typologie").annotate(**mesures)
    }
    return Delais(depuis, jusqu_au, minimum, par_commune, territoire)


def _delai(ligne: dict, commune: str, minimum: int, *, secret: bool = False) -> Delai:
    """A grouped row as a Delai, its figures dropped below the threshold or when `secret`."""
    if ligne["n"] < minimum:
        return Delai(commune, ligne["typologie"], ligne["n"], retenu="trop_peu")
    if secret:
        return Delai(commune, ligne["typologie"], ligne["n"], retenu="secret")
    return Delai(commune, ligne["typologie"], ligne["n"], float(ligne["mediane"]), float(ligne["moyenne"]))


def en_clair(jours: float | int) -> str:
    """A wait in plain French: under a month in days (« 1 jour », « 20 jours »), otherwise in months with one decimal
    (« 8,4 mois », an average month being 365.25 / 12 days). Raises ValueError on a negative wait."""
    if jours < 0:
        raise ValueError(f"Un délai ne peut pas être négatif : {jours} jours.")
    if jours < JOURS_PAR_MOIS:
        n = round(jours)
        return f"{n} jour{'s' if n > 1 else ''}"
    mois = round(jours / JOURS_PAR_MOIS, 1)
    return f"{mois:.1f}".replace(".", ",") + " mois"
