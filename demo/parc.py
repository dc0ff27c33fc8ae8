"""Demo social housing stock for seed_demo: CASA's ~8 600 dwellings (at scale 1) in résidences of the 17 landlords.

Deterministic: everything is drawn from the generator passed in (seed_demo gives its own ``random.Random(GRAINE + 1)``,
so that the demand demo, drawn from ``random.Random(GRAINE)``, stays the same whether the stock exists or not) over
referential rows read in a fixed order. Idempotent: nothing is done when a résidence exists.

Realism (the real stock by landlord and commune is not public data, see /work/shared/data/README.md):

- landlords: Erilia, CASA's main landlord (it absorbed Sophia Antipolis Habitat), holds ~35 % of the dwellings; the 16
  demo landlords share the rest unevenly, each with a couple of "home" communes where it builds more;
- communes: weighted by population, the stock concentrated in Antibes, Vallauris, Valbonne (Sophia Antipolis),
  Villeneuve-Loubet and Biot; villages under 1 000 inhabitants have none or one small résidence; about a third of the
  résidences of Vallauris are in the QPV "Cœur De Ville - Hauts De Vallauris" (the only one of CASA), none elsewhere;
- dwellings: typologies, surfaces, floors, lifts, financings, rents and stock réservataires in the usual proportions.

Fast on purpose: built in memory, inserted with ``bulk_create`` (two statements' worth of batches), audit triggers on
with the context ``{"commande": "seed_demo"}`` (as in demo.demandes).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.db import connection, transaction

from programmation.models import FinancementLogement, Logement, Residence, Typologie
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from .parc_noms import MODELES, NOMS, NOMS_LOCAUX, VEGETAUX, VOIES, VOIES_LOCALES

LOT = 2000  # rows per INSERT

SLUG_ERILIA = "erilia"
# Share of the dwellings by landlord, in dwellings at scale 1 (Erilia ~35 %; 4 demo landlords with 500-900, the others
# 100-400). Which demo landlord gets which figure is drawn.
POIDS_ERILIA = 3010
POIDS_DEMO = [880, 760, 640, 540, 390, 360, 330, 300, 270, 250, 220, 190, 160, 140, 120, 100]
AFFINITE_COMMUNE = 3  # a landlord builds 3 times more willingly in its home communes

# Social stock per inhabitant relative to Antibes: the five communes where it is concentrated, then the others.
CONCENTRATION = {"06004": 1.0, "06155": 1.5, "06152": 1.4, "06161": 1.0, "06018": 1.2}
CONCENTRATION_AUTRES = 0.4
SEUIL_VILLAGE = 1000  # inhabitants: below, none or one small résidence
TAILLE_VILLAGE = (10, 16)
CODE_VALLAURIS = "06155"
PART_QPV_VALLAURIS = 1 / 3

# Résidence sizes: 10-120 dwellings, mostly 20-60.
TAILLES = [((10, 19), 10), ((20, 60), 70), ((61, 90), 15), ((91, 120), 5)]
TAILLE_MIN, TAILLE_MAX = 10, 120
ANNEES = [((1960, 1975), 25), ((1976, 1990), 25), ((1991, 2005), 20), ((2006, 2025), 30)]
ANNEES_QPV = (1960, 1982)

# Typology: weight, surface range (m²).
TYPOLOGIES = [
    (Typologie.T1, 10, (25, 35)),
    (Typologie.T2, 27, (40, 52)),
    (Typologie.T3, 35, (58, 72)),
    (Typologie.T4, 21, (74, 88)),
    (Typologie.T5, 6, (88, 105)),
    (Typologie.T6, 1, (105, 130)),
]
# Financing: weight, rent per m² (€/month, ±10 %).
FINANCEMENTS = [
    (FinancementLogement.PLUS, 65, 6.8),
    (FinancementLogement.PLAI, 22, 6.0),
    (FinancementLogement.PLS, 10, 10.5),
    (FinancementLogement.PLI, 3, 13.0),
]
POIDS_TYPOLOGIES = [t[1] for t in TYPOLOGIES]
POIDS_FINANCEMENTS = [f[1] for f in FINANCEMENTS]
BRUIT_LOYER = 0.10
CHARGES_M2 = (1.2, 2.2)
PART_PMR = 0.06
ETAGE_ASCENSEUR = 4  # a building whose top floor is the 4th or higher has a lift
# Stock réservataires: slug (or COMMUNE: the commune of the résidence; None: the landlord's own stock), weight.
COMMUNE = "COMMUNE"
RESERVATAIRES = [("prefecture-06", 25), ("action-logement", 15), (COMMUNE, 20), ("casa", 8), (None, 32)]

LETTRES = "ABCDEFGHJKLMNP"


@dataclass
class _Residence:
    commune: Commune
    taille: int
    bailleur: Organisation | None = None
    logements: list[Logement] = field(default_factory=list)


def _choix(hasard: random.Random, paires):
    """One value of [(value, weight), ...]."""
    valeurs, poids = zip(*paires, strict=True)
    return hasard.choices(valeurs, weights=poids)[0]


def _euros(montant: float) -> Decimal:
    return Decimal(f"{montant:.2f}")


def _tailles(total: int, hasard: random.Random) -> list[int]:
    """Sizes of résidences adding up to `total`, each 10-120 (smaller only when `total` itself is)."""
    tailles, reste = [], total
    while reste > 0:
        taille = hasard.randint(*_choix(hasard, TAILLES))
        if reste - taille < TAILLE_MIN:  # the last one takes what is left, or leaves exactly the minimum
            taille = reste if reste <= TAILLE_MAX else reste - TAILLE_MIN
        tailles.append(taille)
        reste -= taille
    return tailles


def _repartir(taille: int, cibles: dict, servis: dict, hasard: random.Random, affinite=None):
    """A key of `cibles` for a lot of `taille` dwellings, drawn in proportion to what each still lacks (those lacking
    at least half the lot first), times `affinite(key)`; the key's count in `servis` grows by `taille`."""
    manques = {k: cibles[k] - servis[k] for k in cibles}
    candidats = [k for k, m in manques.items() if m >= taille / 2] or [k for k, m in manques.items() if m > 0]
    if candidats:
        poids = [manques[k] * (affinite(k) if affinite else 1) for k in candidats]
    else:
        candidats, poids = list(cibles), [cibles[k] or 1 for k in cibles]
    cle = hasard.choices(candidats, weights=poids)[0]
    servis[cle] += taille
    return cle


class _Fabrique:
    def __init__(self, *, hasard: random.Random, jour: dt.date):
        self.hasard = hasard
        self.annee_max = min(2025, jour.year)
        self.communes = list(Commune.objects.order_by("code_insee"))
        self.bailleurs = list(Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).order_by("slug"))
        if not self.bailleurs:
            raise RuntimeError("Aucun bailleur : lancez d'abord le référentiel de démo.")
        organisations = Organisation.objects.filter(
            slug__in=[slug for slug, _ in RESERVATAIRES if slug and slug != COMMUNE]
        )
        self.reservataires = {o.slug: o for o in organisations}
        self.orgs_communes = {
            o.commune_id: o for o in Organisation.objects.filter(type=TypeOrganisation.COMMUNE, active=True)
        }

    # ------------------------------------------------------------------ résidences: where, whose, how big

    def residences(self, nombre: int) -> list[_Residence]:
        h = self.hasard
        facteur = min(1.0, nombre / 8600)
        villages = [c for c in self.communes if c.population < SEUIL_VILLAGE]
        autres = [c for c in self.communes if c.population >= SEUIL_VILLAGE]
        residences: list[_Residence] = []
        reste = nombre
        for commune in villages:  # none or one small résidence, the likelier the bigger the village
            taille = h.randint(*TAILLE_VILLAGE)
            if h.random() < facteur * commune.population / SEUIL_VILLAGE and reste - taille >= TAILLE_MIN:
                residences.append(_Residence(commune, taille))
                reste -= taille
        poids = {c.pk: c.population * CONCENTRATION.get(c.code_insee, CONCENTRATION_AUTRES) for c in autres}
        total = sum(poids.values())
        cibles = {k: reste * p / total for k, p in poids.items()}
        servis = dict.fromkeys(cibles, 0)
        par_pk = {c.pk: c for c in autres}
        for taille in sorted(_tailles(reste, h), reverse=True):  # the big ones first, the small ones fill the gaps
            residences.append(_Residence(par_pk[_repartir(taille, cibles, servis, h)], taille))
        self._bailleurs(residences, nombre)
        # final order: by commune (INSEE code), drawn within a commune
        h.shuffle(residences)
        residences.sort(key=lambda r: r.commune.code_insee)
        return residences

    def _bailleurs(self, residences: list[_Residence], nombre: int) -> None:
        h = self.hasard
        demo = [b for b in self.bailleurs if b.slug != SLUG_ERILIA]
        figures = POIDS_DEMO[: len(demo)] + [min(POIDS_DEMO)] * max(0, len(demo) - len(POIDS_DEMO))
        h.shuffle(figures)
        poids = {b.pk: (POIDS_ERILIA if b.slug == SLUG_ERILIA else figures[demo.index(b)]) for b in self.bailleurs}
        total = sum(poids.values())
        cibles = {k: nombre * p / total for k, p in poids.items()}
        servis = dict.fromkeys(cibles, 0)
        principales = [c.pk for c in self.communes if c.code_insee in CONCENTRATION]
        grandes = [c for c in self.communes if c.population >= SEUIL_VILLAGE]
        chez_soi = {}
        for b in self.bailleurs:  # Erilia (ex Sophia Antipolis Habitat) at home in the five big communes
            if b.slug == SLUG_ERILIA:
                chez_soi[b.pk] = set(principales)
            else:
                chez_soi[b.pk] = {c.pk for c in h.choices(grandes, weights=[c.population for c in grandes], k=2)}
        par_pk = {b.pk: b for b in self.bailleurs}
        for residence in sorted(residences, key=lambda r: -r.taille):
            cle = _repartir(
                residence.taille,
                cibles,
                servis,
                h,
                affinite=lambda k, c=residence.commune.pk: AFFINITE_COMMUNE if c in chez_soi[k] else 1,
            )
            residence.bailleur = par_pk[cle]

    # ------------------------------------------------------------------ names, addresses, dwellings

    def completer(self, residences: list[_Residence]) -> list[Residence]:
        h = self.hasard
        vallauris = [r for r in residences if r.commune.code_insee == CODE_VALLAURIS]
        en_qpv = {id(r) for r in h.sample(vallauris, round(len(vallauris) * PART_QPV_VALLAURIS))}
        noms_pris: set[tuple[int, str]] = set()
        objets = []
        for i, r in enumerate(residences, start=1):
            qpv = id(r) in en_qpv
            nom = self._nom(r.commune, noms_pris)
            annee = h.randint(*ANNEES_QPV) if qpv else min(h.randint(*_choix(h, ANNEES)), self.annee_max)
            voie = h.choice(VOIES + VOIES_LOCALES.get(r.commune.code_insee, []) * 2)
            numero_voie = h.randint(1, 180)
            objets.append(
                Residence(
                    bailleur=r.bailleur,
                    reference=f"RES-{i:04d}",
                    nom=nom,
                    adresse=f"{numero_voie} {voie}" + (" bis" if h.random() < 0.04 else ""),
                    commune=r.commune,
                    en_qpv=qpv,
                    annee_construction=annee,
                    nombre_logements=r.taille,
                )
            )
        return objets

    def _nom(self, commune: Commune, pris: set[tuple[int, str]]) -> str:
        h = self.hasard
        for _ in range(30):
            locaux = NOMS_LOCAUX.get(commune.code_insee, [])
            tirage = h.random()
            if locaux and tirage < 0.12:
                nom = h.choice(locaux)
            elif tirage < 0.35:
                nom = h.choice(NOMS)
            else:
                nom = _choix(h, MODELES).format(h.choice(VEGETAUX))
            if (commune.pk, nom) not in pris:
                break
        else:  # very unlikely: a second building of the same name
            nom = f"{nom} II"
        pris.add((commune.pk, nom))
        return nom

    def logements(self, residence: Residence) -> list[Logement]:
        h = self.hasard
        n = residence.nombre_logements
        if n < 20:
            dernier = h.randint(1, 3)
        elif n < 50:
            dernier = h.randint(2, 5)
        elif n < 90:
            dernier = h.randint(3, 7)
        else:
            dernier = h.randint(4, 8)
        portes_max = h.randint(3, 6)
        batiments = max(1, math.ceil(n / ((dernier + 1) * portes_max)))
        commune = self.orgs_communes.get(residence.commune_id)
        logements = []
        for b in range(batiments):
            dans_batiment = n // batiments + (b < n % batiments)
            portes = math.ceil(dans_batiment / (dernier + 1))
            ascenseur = (dans_batiment - 1) // portes >= ETAGE_ASCENSEUR  # from the building's real top floor
            for k in range(dans_batiment):
                etage, porte = divmod(k, portes)
                typologie, _, (s_min, s_max) = h.choices(TYPOLOGIES, weights=POIDS_TYPOLOGIES)[0]
                financement, _, loyer_m2 = h.choices(FINANCEMENTS, weights=POIDS_FINANCEMENTS)[0]
                surface = round(h.uniform(s_min, s_max), 1)
                loyer = surface * loyer_m2 * h.uniform(1 - BRUIT_LOYER, 1 + BRUIT_LOYER)
                reservataire = _choix(h, RESERVATAIRES)
                if reservataire == COMMUNE:
                    reservataire = commune
                elif reservataire is not None:
                    reservataire = self.reservataires.get(reservataire)
                logements.append(
                    Logement(
                        residence=residence,
                        numero=f"{LETTRES[b]}{etage}{porte + 1}",
                        typologie=typologie,
                        surface=Decimal(f"{surface:.2f}"),
                        etage=etage,
                        ascenseur=ascenseur,
                        financement=financement,
                        loyer=_euros(loyer),
                        charges=_euros(surface * h.uniform(*CHARGES_M2)),
                        reservataire=reservataire,
                    )
                )
        return logements

    def accessibles(self, logements: list[Logement]) -> None:
        """~6 % of the dwellings accessible in a wheelchair, all on a ground floor or served by a lift."""
        possibles = [lg for lg in logements if lg.etage == 0 or lg.ascenseur]
        for logement in self.hasard.sample(possibles, min(len(possibles), round(len(logements) * PART_PMR))):
            logement.accessible_pmr = True


def creer_parc_demo(*, nombre_logements: int, hasard: random.Random, jour: dt.date) -> int:
    """Creates the demo stock: résidences holding `nombre_logements` dwellings in all; returns how many dwellings were
    created (0 when a résidence exists already: the stock is added once)."""
    if nombre_logements <= 0 or Residence.objects.exists():
        return 0
    fabrique = _Fabrique(hasard=hasard, jour=jour)
    residences = fabrique.completer(fabrique.residences(nombre_logements))
    with transaction.atomic(), pghistory.context(commande="seed_demo"):
        with connection.cursor() as cursor:
            # as in demo.demandes._inserer: the audit triggers find their settings instead of paying an error per row
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        Residence.objects.bulk_create(residences, batch_size=LOT)
        logements = [lg for r in residences for lg in fabrique.logements(r)]
        fabrique.accessibles(logements)
        Logement.objects.bulk_create(logements, batch_size=LOT)
    return len(logements)
