"""Builders of the waiting-time tests (suivi/delais.py, portail « Délais d'attente »): a year of leases built through
the real services, each on its own day (the clock travels): a demand filed and registered at the counter on its
filing day; then, on the lease's day, a dwelling declared vacant, the demand positioned, validated by the commission,
and the landlord's CAL return (attribution, acceptance, lease) sent by its API.

The year (tests' day 18/11/2026: the twelve complete months are November 2025 to October 2026), waits in days from
filing to lease:

- Antibes T3: 300 (a lease on the first day, 01/11/2025), 90, 150, 210, 420, 480 (on the last day, 31/10/2026)
  → median 255, average 275; and two leases outside: on 31/10/2025 (10 days) and on 10/11/2026 (20 days, the month
  is not over);
- Antibes T4: 100, 200 (too few); Antibes T2: 60 (a couple; too few);
- Vallauris T3: 365 (too few); Biot T3: 30 (too few);
- the territory's T3: 30, 90, 150, 210, 300, 365, 420, 480 → median 255, average 255.625 (held back by default:
  its difference with Antibes would give the waits of the two households of Vallauris and Biot).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from demandes import services as demandes_services
from demandes.codes import LogementActuel
from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import Positionnement
from positionnements.retours_cal import services as services_cal
from programmation import services as parc_services
from territoire.models import Commune
from territoire.roles import Role
from tests.horloge import figer
from tests.positionnements.fabriques import famille_nommee, logement_cree
from tests.territoire.fabriques import agent

PARIS = ZoneInfo("Europe/Paris")
ANTIBES, VALLAURIS, BIOT = "06004", "06155", "06018"


@dataclass(frozen=True)
class Bail:
    cle: str
    commune: str
    typologie: str
    date_bail: dt.date
    attente: int  # days from filing to lease

    @property
    def depot(self) -> dt.date:
        return self.date_bail - dt.timedelta(days=self.attente)


D = dt.date
ANNEE = [
    Bail("antibes_t3_a", ANTIBES, "T3", D(2025, 11, 1), 300),
    Bail("antibes_t3_b", ANTIBES, "T3", D(2026, 3, 2), 90),
    Bail("antibes_t3_c", ANTIBES, "T3", D(2026, 5, 20), 150),
    Bail("antibes_t3_d", ANTIBES, "T3", D(2026, 7, 1), 210),
    Bail("antibes_t3_e", ANTIBES, "T3", D(2026, 9, 15), 420),
    Bail("antibes_t3_f", ANTIBES, "T3", D(2026, 10, 31), 480),
    Bail("antibes_t3_ancien", ANTIBES, "T3", D(2025, 10, 31), 10),
    Bail("antibes_t3_novembre", ANTIBES, "T3", D(2026, 11, 10), 20),
    Bail("antibes_t4_a", ANTIBES, "T4", D(2026, 4, 10), 100),
    Bail("antibes_t4_b", ANTIBES, "T4", D(2026, 8, 20), 200),
    Bail("antibes_t2", ANTIBES, "T2", D(2026, 6, 10), 60),
    Bail("vallauris_t3", VALLAURIS, "T3", D(2026, 9, 1), 365),
    Bail("biot_t3", BIOT, "T3", D(2026, 10, 1), 30),
]


def _le(jour: dt.date):
    """The clock on `jour` at 10:00 in Paris (tests/horloge.py), for what happens that day."""
    return figer(dt.datetime.combine(jour, dt.time(10), tzinfo=PARIS))


def _deposer(b: Bail, rang: int, guichet_agent, guichet) -> object:
    """The demand of lease `b`, filed and registered at Antibes's counter on its filing day: a family of four for a
    T3 or T4, a couple for a T2, wishing the lease's commune and typology."""
    personnes = famille_nommee(f"Attente{b.cle.title().replace('_', '')}")
    if b.typologie == "T2":
        personnes = personnes[:2]
    for p in personnes[:2]:  # other persons than the other households' (no probable duplicate)
        p["date_naissance"] += dt.timedelta(days=rang)
    with _le(b.depot):
        d = demandes_services.demande_creer(
            par=guichet_agent, guichet=guichet, date_depot=b.depot, demandeur=personnes[0]
        )
        demandes_services.menage_definir(par=guichet_agent, demande=d, personnes=personnes, vit_en_couple=True)
        demandes_services.demande_modifier(
            par=guichet_agent,
            demande=d,
            logement_actuel=LogementActuel.LP,
            motifs=["13"],
            revenu_fiscal_reference=21000,
            annee_revenu_fiscal=b.depot.year - 2,
        )
        demandes_services.souhaits_definir(
            par=guichet_agent,
            demande=d,
            communes=[Commune.objects.get(code_insee=b.commune)],
            typologies=[b.typologie],
        )
        demandes_services.demande_enregistrer(par=guichet_agent, demande=d)
    d.refresh_from_db()
    return d


def _louer(b: Bail, demande, *, casa, gestionnaire, bailleur) -> Positionnement:
    """On the lease's day: the dwelling freed a month before, the demand positioned and validated, the CAL's
    attribution, the acceptance and the lease sent by the landlord's API."""
    jour = b.date_bail
    with _le(jour):
        logement = logement_cree(bailleur, b.cle.upper(), typologie=b.typologie, commune=b.commune)
        dispo = parc_services.disponibilite_declarer(
            par=gestionnaire, logement=logement, date_liberation=jour - dt.timedelta(days=30)
        )
        services.positionner(par=casa, disponibilite=dispo, numeros=[demande.numero], exception="PAS_ASSEZ")
        p = Positionnement.objects.get(demande=demande, disponibilite=dispo)
        services.changer_etat(par=casa, positionnement=p, vers=E.VALIDE, date_effet=jour - dt.timedelta(days=20))
        ligne = {
            "numero_demande": demande.numero,
            "residence": logement.residence.reference,
            "logement": logement.numero,
            "date_cal": f"{jour - dt.timedelta(days=10):%d/%m/%Y}",
            "decision": "attribution",
            "reponse": "acceptation",
            "date_reponse": f"{jour - dt.timedelta(days=5):%d/%m/%Y}",
            "date_bail": f"{jour:%d/%m/%Y}",
        }
        _, rapport = services_cal.decisions_api(par=gestionnaire, lignes=[ligne])
        assert rapport.valide, rapport.erreurs
    p.refresh_from_db()
    assert p.etat == E.BAIL_SIGNE
    return p


def annee_de_baux(referentiel, baux: list[Bail] = ANNEE) -> dict:
    """Every lease of `baux` built through the services, the filings and leases in the order of their days. Returns
    {"demandes": {cle: Demande}, "positionnements": {cle: Positionnement}, "casa": instructor, "gestionnaire": …}."""
    guichet = referentiel["commune-antibes"]
    guichet_agent = agent(guichet, Role.AGENT_GUICHET)
    casa = agent(referentiel["casa"], Role.INSTRUCTEUR)
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    evenements = sorted(
        [(b.depot, 0, n, b) for n, b in enumerate(baux)] + [(b.date_bail, 1, n, b) for n, b in enumerate(baux)],
        key=lambda e: e[:3],
    )
    demandes, positionnements = {}, {}
    for _, quoi, n, b in evenements:
        if quoi == 0:
            demandes[b.cle] = _deposer(b, n, guichet_agent, guichet)
        else:
            positionnements[b.cle] = _louer(
                b, demandes[b.cle], casa=casa, gestionnaire=gestionnaire, bailleur=referentiel["erilia"]
            )
    return {"demandes": demandes, "positionnements": positionnements, "casa": casa, "gestionnaire": gestionnaire}
