"""Résidence watch: the occupation of each résidence (and commune) and the attributions made there, from the
occupations the application knows (the households in place when the parc was loaded, then every attribution it
records), with a flag for résidences whose balance is fragile. The thresholds are CASA's settings
(settings.CASA_SEUILS_FRAGILITE), not legal figures: the Convention Intercommunale d'Attribution names the résidences
to watch; this only points at them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from commun.format_fr import pourcentage

from .models import Logement, Occupation, Residence

SEUILS_PAR_DEFAUT = {
    "part_q1_occupants": 0.40,  # households of the first resources quartile among the occupants
    "part_prioritaires_occupants": 0.35,  # priority households (DALO, L441-1) among the occupants
    "rotation": 0.12,  # departures over the last 12 months ÷ dwellings
    "vacance": 0.05,  # dwellings without occupant ÷ dwellings…
    "vacants_min": 2,  # …from this many (one empty flat in a small building is no signal)
    "part_q1_attributions": 0.50,  # first-quartile households among the attributions of the last 12 months…
    "attributions_min": 5,  # …counted only from this many attributions
    "signaux_fragile": 2,  # a résidence is fragile from this many signals, "à surveiller" with one
}

TAILLES = {"t1", "t2", "t34", "t5"}
GROUPES = {"residence": "residence", "commune": "residence__commune", "territoire": None}


def seuils() -> dict:
    return {**SEUILS_PAR_DEFAUT, **settings.CASA_SEUILS_FRAGILITE}


def _part(n: int, sur: int) -> float | None:
    return n / sur if sur else None


@dataclass
class Indicateurs:
    cle: int | None
    logements: int = 0
    occupes: int = 0
    total_personnes: int = 0
    quartile_connu: int = 0
    q1: int = 0
    prioritaires: int = 0
    prioritaire_connu: int = 0  # occupants whose priority status at entry is known (an occupancy file may not say)
    tailles: dict[str, int] = field(default_factory=dict)
    departs: int = 0
    attributions: int = 0
    attributions_quartile_connu: int = 0
    attributions_q1: int = 0
    attributions_prioritaires: int = 0
    attributions_prioritaire_connu: int = 0
    objet: object = None  # the Residence or Commune, filled by the caller's page
    residences_fragiles: int = 0  # for a commune, filled by the page

    @property
    def vacants(self) -> int:
        return self.logements - self.occupes

    @property
    def taux_vacance(self) -> float | None:
        return _part(self.vacants, self.logements)

    @property
    def part_q1(self) -> float | None:
        return _part(self.q1, self.quartile_connu)

    @property
    def part_prioritaires(self) -> float | None:
        return _part(self.prioritaires, self.prioritaire_connu)

    @property
    def taille_moyenne(self) -> float | None:
        return self.total_personnes / self.occupes if self.occupes else None

    @property
    def rotation(self) -> float | None:
        return _part(self.departs, self.logements)

    @property
    def part_q1_attributions(self) -> float | None:
        return _part(self.attributions_q1, self.attributions_quartile_connu)

    @property
    def part_prioritaires_attributions(self) -> float | None:
        return _part(self.attributions_prioritaires, self.attributions_prioritaire_connu)

    @property
    def prioritaire_inconnu(self) -> int:
        """Households in place whose priority status at entry is unknown (an occupancy file may not say)."""
        return self.occupes - self.prioritaire_connu

    @property
    def connue(self) -> bool:
        """Whether the application knows anything of the occupation (not a résidence just delivered, still empty)."""
        return bool(self.occupes or self.departs)

    @property
    def signaux(self) -> list[str]:
        """Each threshold crossed, as a French sentence with the figure and the threshold."""
        if not self.connue:
            return []
        s = seuils()
        mesures = [
            (self.part_q1, "part_q1_occupants", "ménages du 1er quartile parmi les occupants"),
            (
                self.part_prioritaires,
                "part_prioritaires_occupants",
                "ménages prioritaires parmi les occupants dont le statut est connu",
            ),
            (self.rotation, "rotation", "rotation sur douze mois"),
        ]
        if self.vacants >= s["vacants_min"]:
            mesures.append((self.taux_vacance, "vacance", "logements sans occupant"))
        if self.attributions >= s["attributions_min"]:
            mesures.append(
                (self.part_q1_attributions, "part_q1_attributions", "ménages du 1er quartile parmi les attributions")
            )
        return [
            f"{libelle} : {pourcentage(valeur)} (seuil {pourcentage(s[cle])})"
            for valeur, cle, libelle in mesures
            if valeur is not None and valeur >= s[cle]
        ]

    @property
    def fragile(self) -> bool:
        return len(self.signaux) >= seuils()["signaux_fragile"]

    @property
    def a_surveiller(self) -> bool:
        return bool(self.signaux) and not self.fragile


def indicateurs(residences: QuerySet[Residence], *, groupe: str, jour: dt.date) -> dict[int | None, Indicateurs]:
    """The indicators of the given résidences, by résidence, by commune or for all of them (key None). Two queries."""
    chemin = GROUPES[groupe]
    logements = Logement.objects.filter(residence__in=residences)
    occupations = Occupation.objects.filter(logement__residence__in=residences)
    if chemin:
        logements = logements.values(chemin)
        occupations = occupations.values(f"logement__{chemin}")
    depuis = jour - dt.timedelta(days=365)
    en_place = Q(debut__lte=jour) & (Q(fin__isnull=True) | Q(fin__gt=jour))
    arrivee = Q(debut__gt=depuis, debut__lte=jour)
    mesures = {
        "occupes": Count("pk", filter=en_place),
        "total_personnes": Sum("personnes", filter=en_place, default=0),
        "quartile_connu": Count("pk", filter=en_place & Q(quartile__isnull=False)),
        "q1": Count("pk", filter=en_place & Q(quartile=1)),
        "prioritaires": Count("pk", filter=en_place & Q(prioritaire=True)),
        "prioritaire_connu": Count("pk", filter=en_place & Q(prioritaire__isnull=False)),
        "t1": Count("pk", filter=en_place & Q(personnes=1)),
        "t2": Count("pk", filter=en_place & Q(personnes=2)),
        "t34": Count("pk", filter=en_place & Q(personnes__in=(3, 4))),
        "t5": Count("pk", filter=en_place & Q(personnes__gte=5)),
        "departs": Count("pk", filter=Q(fin__gt=depuis, fin__lte=jour)),
        "attributions": Count("pk", filter=arrivee),
        "attributions_quartile_connu": Count("pk", filter=arrivee & Q(quartile__isnull=False)),
        "attributions_q1": Count("pk", filter=arrivee & Q(quartile=1)),
        "attributions_prioritaires": Count("pk", filter=arrivee & Q(prioritaire=True)),
        "attributions_prioritaire_connu": Count("pk", filter=arrivee & Q(prioritaire__isnull=False)),
    }
    if not chemin:
        nombre = logements.count()
        resultat = {None: Indicateurs(cle=None, logements=nombre)}
        lignes = [{**occupations.aggregate(**mesures), "cle": None}]
    else:
        resultat = {
            row[chemin]: Indicateurs(cle=row[chemin], logements=row["n"]) for row in logements.annotate(n=Count("pk"))
        }
        lignes = [{**row, "cle": row[f"logement__{chemin}"]} for row in occupations.annotate(**mesures)]
    for row in lignes:
        ind = resultat.setdefault(row["cle"], Indicateurs(cle=row["cle"]))
        for nom in mesures.keys() - TAILLES:
            setattr(ind, nom, row[nom] or 0)
        ind.tailles = {
            "1 personne": row["t1"],
            "2 personnes": row["t2"],
            "3 ou 4": row["t34"],
            "5 et plus": row["t5"],
        }
    return resultat
