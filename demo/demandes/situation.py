"""The situation of a demo household: current housing, reasons for the demand, communes wished (near one another),
typologies, and the priority criteria its situation makes plausible."""

from __future__ import annotations

import math

from demandes.codes import CodePriorite, LogementActuel, Typologie
from demandes.models import MAX_COMMUNES_SOUHAITEES
from territoire.models import Commune

from .tables import (
    AVEC_BAIL,
    HEBERGEMENTS,
    LOGEMENTS,
    MOTIFS_AUTRES_LOGEMENTS,
    MOTIFS_PAR_LOGEMENT,
    MOTIFS_SECONDAIRES,
    NOMBRE_COMMUNES,
    POSITIONS,
    PRECAIRES,
    SANS_LOGEMENT_PROPRE,
    TYPOLOGIES,
    M,
)
from .tirages import choix


class FabriqueSituation:
    """Situation draws of the demand factory (mixed into `Fabrique`, which holds `hasard` and `communes`)."""

    # ------------------------------------------------------------------ situation, wishes, priorities

    def _logement(self, par_uc: float, age: int, genre: str, enfants: int) -> str:
        poids = []
        for code, p in LOGEMENTS:
            if code in PRECAIRES and par_uc < 900:
                p *= 2.2
            if code in PRECAIRES and par_uc > 1700:
                p *= 0.25
            if code in (LogementActuel.POCC, LogementActuel.FONC):
                p *= 0.3 if par_uc < 900 else (2 if par_uc > 1700 else 1)
            if code == LogementActuel.CPE and (age > 40 or genre == "COUPLE" and enfants):
                p *= 0.15
            if code == LogementActuel.RE and (age > 28 or genre != "SEUL"):
                p = 0
            if code == LogementActuel.CDEFCM and not (genre == "MONO" and age < 30 or genre == "SEUL" and age < 22):
                p = 0
            poids.append((code, p))
        return choix(self.hasard, poids)

    def _motifs(self, logement: str, *, genre: str, handicap: bool, suroccupe: bool) -> list[str]:
        h = self.hasard
        table = MOTIFS_PAR_LOGEMENT.get(logement, MOTIFS_AUTRES_LOGEMENTS)
        motifs = [choix(h, table)]
        if suroccupe and logement in (LogementActuel.LP, LogementActuel.HLM) and h.random() < 0.6:
            motifs.append(M.TROP_PETIT)
        if handicap and h.random() < 0.5:
            motifs.append(M.HANDICAP)
        if genre == "MONO" and h.random() < 0.25:
            motifs.append(M.DIVORCE)
        if h.random() < 0.35:
            motifs.append(choix(h, table if h.random() < 0.5 else MOTIFS_SECONDAIRES))
        if logement not in AVEC_BAIL:  # no dwelling of one's own: neither too small, too big nor too dear
            motifs = [m for m in motifs if m not in (M.TROP_PETIT, M.TROP_GRAND, M.TROP_CHER)] or [motifs[0]]
        return list(dict.fromkeys(motifs))[:3]

    def _souhaits(self) -> tuple[list[Commune], bool]:
        h = self.hasard
        toute = h.random() < 0.05
        nombre = h.choice([0, 1, 2]) if toute else choix(h, NOMBRE_COMMUNES)
        if not nombre:
            return [], toute
        premiere = h.choices(self.communes, weights=[c.population for c in self.communes])[0]
        choisies = [premiere]
        lat0, lon0 = POSITIONS.get(premiere.code_insee, (43.7, 7.05))
        restantes = [c for c in self.communes if c is not premiere]
        while len(choisies) < min(nombre, MAX_COMMUNES_SOUHAITEES) and restantes:
            poids = []
            for c in restantes:
                lat, lon = POSITIONS.get(c.code_insee, (43.7, 7.05))
                km = math.hypot((lat - lat0) * 111, (lon - lon0) * 80)
                poids.append(c.population**0.6 / (1 + km / 4) ** 2)
            suivante = h.choices(restantes, weights=poids)[0]
            choisies.append(suivante)
            restantes.remove(suivante)
        return choisies, toute

    def _typologies(self, personnes: int, bebe: bool) -> list[str]:
        h = self.hasard
        possibles = [t for t, bas, haut in TYPOLOGIES if bas <= personnes <= haut]
        if personnes == 3 and bebe:
            possibles.insert(0, Typologie.T2)
        if not possibles:
            possibles = [Typologie.T6P]
        if len(possibles) == 1 or h.random() < 0.4:
            return possibles
        debut = h.randrange(len(possibles))
        fin = min(len(possibles), debut + h.choice([1, 2]))
        return possibles[debut:fin]

    def _criteres_candidats(self, *, logement, motifs, handicap, mineurs, par_uc, age, genre, suroccupe) -> list[str]:
        c: list[str] = []
        if logement in SANS_LOGEMENT_PROPRE:
            c.append(CodePriorite.SANS_LOGEMENT)
        if logement in HEBERGEMENTS:
            c.append(CodePriorite.HEBERGE_TRANSITION)
        if logement == LogementActuel.CDEFCM and age < 21:
            c.append(CodePriorite.JEUNE_SORTANT_ASE)
        if handicap:
            c.append(CodePriorite.HANDICAP)
        if M.EXPULSION in motifs:
            c.append(CodePriorite.MENACE_EXPULSION)
        if M.NON_DECENT in motifs:
            c.append(CodePriorite.HABITAT_INDIGNE)
        if mineurs and (suroccupe or M.NON_DECENT in motifs):
            c.append(CodePriorite.ENFANT_SUROCCUPE_INDECENT)
        if M.VIOLENCES in motifs:
            c.append(CodePriorite.VIOLENCES_COUPLE)
        if par_uc < 800 and logement in PRECAIRES | {LogementActuel.LP}:
            c.append(CodePriorite.MAL_LOGE_DEFAVORISE)
        return c
