"""Two years of demo history for seed_demo, so that the tracking table shows real trends: for each household that
came into a dwelling of the demo stock during the last 24 months, the whole story behind it — the vacancy declared,
three candidates proposed by CASA (fitting the dwelling's size, the priority households first), the commission's
session and its avis, the landlord's CAL (ranked attributions, a turned-down third, one refusal by the candidate in
ten), the lease, the demand struck off for attribution — each record dated on the day it happened.

Consistent with the rest of the demo: the leases are the moves-in of the stock's occupation (demo.activite), more of
them are drawn to reach the yearly volume (about 1,000 leases a year at CASA's scale, the issue's 60,000 over two
years at scale 30); the attributed households are the demands' twins, struck off (their data erased, REGLES §12:
no name kept), the other candidates are live demands of the pool; a few CAL returns are recorded late (they show as
regularisations). Deterministic (its own generator), idempotent (a marker deposit), bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random

import pghistory
from django.db import transaction

from positionnements.models import DepotDecisionsCAL
from programmation.models import Occupation
from suivi.models import TableauMensuel
from suivi.services import tableau_produire
from suivi.sources import Periode

from .histoire import MARQUEUR, Histoire
from .recit import raconter

__all__ = ["MARQUEUR", "creer_historique_demo", "produire_tableaux_demo"]


@transaction.atomic
def creer_historique_demo(*, hasard: random.Random, jour: dt.date, echelle: float = 1.0) -> int:
    """Tells the story of the last two years' leases; returns how many leases were written."""
    if DepotDecisionsCAL.objects.filter(nom_fichier=MARQUEUR).exists() or not Occupation.objects.exists():
        return 0
    with pghistory.context(commande="seed_demo", historique=True):
        return raconter(Histoire(hasard=hasard, jour=jour, echelle=echelle))


def produire_tableaux_demo(*, jour: dt.date, mois: int = 12) -> int:
    """The tables of the last `mois` months that ended, as the beat schedule would have produced them (the missing
    ones only): the dashboard shows its trend at once."""
    periode, produits = Periode.de(jour).precedente(), 0
    for _ in range(mois):
        if not TableauMensuel.objects.filter(annee=periode.annee, mois=periode.mois).exists():
            tableau_produire(annee=periode.annee, mois=periode.mois)
            produits += 1
        periode = periode.precedente()
    return produits
