"""Builders of the tests of the candidate's answer without the landlord (its space, its silence): the CAL of the
`retours` world (tests/positionnements/fabriques_cal.py) recorded by Erilia's manager, and what an answer refused must
leave untouched."""

import datetime as dt

from positionnements.models import DepotDecisionsCAL
from positionnements.retours_cal.offres import offre_de_la_demande
from tests.horloge import MOMENT, figer
from tests.positionnements.fabriques_cal import AUJOURDHUI, appliquer, deposer, fichier_csv, ligne, photo


def cal_tenue(r, *, il_y_a: int = 5) -> dt.date:
    """Erilia's CAL of `il_y_a` days ago, recorded through its file: on A11, « dalo » rank 1 and « modeste » rank 2
    (attributions par classement), « moyenne » not attributed; on A12, « aisee » attributed outright. Returns the
    CAL's day."""
    d, jour = r["demandes"], AUJOURDHUI - dt.timedelta(days=il_y_a)
    lignes = [
        ligne(d["dalo"], decision="attribution par classement", rang="1", date_cal=jour),
        ligne(d["modeste"], decision="attribution par classement", rang="2", date_cal=jour),
        ligne(d["moyenne"], decision="non-attribution", motif_decision="ressources insuffisantes", date_cal=jour),
        ligne(d["aisee"], "A12", decision="attribution", date_cal=jour),
    ]
    depot = appliquer(r, deposer(r, fichier_csv(lignes)))
    assert depot.etat == "APPLIQUE", depot.erreurs
    return jour


def positionnement_offert(demande):
    """The positionnement of the demand's offer (None without one)."""
    o = offre_de_la_demande(demande)
    return o.positionnement if o else None


def dans(jours: int):
    """The clock put `jours` days after the tests' frozen day (tests/horloge.py), at 10:00 in Paris, ticking."""
    return figer(MOMENT + dt.timedelta(days=jours))


def instantane():
    """What a refused answer must leave untouched: the CAL returns' picture and the deposits."""
    return photo(), DepotDecisionsCAL.objects.count()
