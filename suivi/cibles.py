"""The legal targets the tracking table compares with (REGLES §7), each with its source; the rates a Convention
Intercommunale d'Attribution may set instead are settings of CASA."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Cible:
    code: str
    libelle: str
    numerateur: str  # indicator code
    denominateur: str
    taux: float
    sens: str  # "min" (at least) or "max" (at most)
    source: str
    court: str = ""  # a short label for narrow columns

    def atteinte(self, valeur: float | None) -> bool | None:
        if valeur is None:
            return None
        return valeur >= self.taux if self.sens == "min" else valeur <= self.taux


def cibles() -> dict[str, Cible]:
    taux_q1 = float(settings.CASA_TAUX_CIA_Q1_HORS_QPV)
    taux_qpv = float(settings.CASA_TAUX_CIA_QPV_Q234)
    return {
        c.code: c
        for c in (
            Cible(
                "q1_hors_qpv",
                "Attributions hors QPV au 1er quartile ou à des relogés du renouvellement urbain",
                "hors_qpv_q1",
                "hors_qpv",
                taux_q1,
                "min",
                "CCH L441-1 (loi Égalité et citoyenneté, 2017) : au moins 25 %, ou le taux de la CIA",
                "1er quartile hors QPV",
            ),
            Cible(
                "qpv_q234",
                "Attributions en QPV aux ménages des quartiles 2 à 4",
                "qpv_q234",
                "qpv",
                taux_qpv,
                "min",
                "CCH L441-1 : 50 % par défaut, ou l'objectif de la CIA",
                "Quartiles 2-4 en QPV",
            ),
            Cible(
                "prioritaires",
                "Attributions du réservataire aux ménages DALO, à défaut prioritaires L441-1",
                "prioritaires",
                "attributions",
                0.25,
                "min",
                "CCH L441-1 : au moins 25 % des attributions de chaque réservataire (collectivités, Action "
                "Logement, contingent propre du bailleur)",
                "Prioritaires",
            ),
            Cible(
                "contingent_etat",
                "Part du contingent de l'État dans les attributions du bailleur",
                "contingent_etat",
                "attributions",
                0.30,
                "max",
                "CCH L441-1 et R441-5 : au plus 30 % du flux annuel de chaque bailleur, dont 5 % au plus pour les "
                "agents de l'État",
                "Contingent de l'État",
            ),
        )
    }
