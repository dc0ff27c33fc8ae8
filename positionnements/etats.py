"""The states of a positionnement and the moves allowed between them (REGLES §11), in one place: the commission
(issue 6) and the CAL returns (issue 7) move positionnements through the same table."""

from __future__ import annotations

from django.db import models


class EtatPositionnement(models.TextChoices):
    PROPOSE = "PROPOSE", "Proposé"
    RETIRE = "RETIRE", "Retiré avant la commission"
    VALIDE = "VALIDE", "Validé par la commission, transmis à la CAL"
    AJOURNE = "AJOURNE", "Ajourné par la commission"
    REFUSE = "REFUSE", "Refusé par la commission"
    ATTRIBUE = "ATTRIBUE", "Attribué par la CAL"
    ATTRIBUE_RANG = "ATTRIBUE_RANG", "Attribué par classement"
    ATTRIBUE_CS = "ATTRIBUE_CS", "Attribué sous condition suspensive"
    NON_ATTRIBUE = "NON_ATTRIBUE", "Non attribué par la CAL"
    IRRECEVABLE = "IRRECEVABLE", "Rejeté pour irrecevabilité"
    ACCEPTE = "ACCEPTE", "Accepté par le candidat"
    REFUS_CANDIDAT = "REFUS_CANDIDAT", "Refusé par le candidat"
    BAIL_SIGNE = "BAIL_SIGNE", "Bail signé"
    ECHEC = "ECHEC", "Échec (logement attribué à un autre ou retiré)"


E = EtatPositionnement
CAL = (E.ATTRIBUE, E.ATTRIBUE_RANG, E.ATTRIBUE_CS, E.NON_ATTRIBUE, E.IRRECEVABLE)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    E.PROPOSE: (E.VALIDE, E.AJOURNE, E.REFUSE, E.RETIRE, E.ECHEC),
    E.AJOURNE: (E.VALIDE, E.REFUSE, E.RETIRE, E.ECHEC),
    E.VALIDE: (*CAL, E.ECHEC),
    E.ATTRIBUE: (E.ACCEPTE, E.REFUS_CANDIDAT, E.ECHEC),
    E.ATTRIBUE_RANG: (E.ATTRIBUE, E.ACCEPTE, E.REFUS_CANDIDAT, E.ECHEC),
    E.ATTRIBUE_CS: (E.ATTRIBUE, E.ACCEPTE, E.REFUS_CANDIDAT, E.NON_ATTRIBUE, E.ECHEC),
    E.ACCEPTE: (E.BAIL_SIGNE, E.REFUS_CANDIDAT, E.ECHEC),
}
# A demand in one of these states is "positioned": it may not be proposed on another dwelling without a reason.
EN_COURS = (E.PROPOSE, E.AJOURNE, E.VALIDE, E.ATTRIBUE, E.ATTRIBUE_RANG, E.ATTRIBUE_CS, E.ACCEPTE)
CLOS = tuple(e for e in E.values if e not in EN_COURS)


def transition_permise(de: str, vers: str) -> bool:
    return vers in TRANSITIONS.get(de, ())


class ExceptionTroisCandidats(models.TextChoices):
    """Why fewer than three candidates are proposed (REGLES §11: the law asks for three, with these exceptions)."""

    PAS_ASSEZ = "PAS_ASSEZ", "Pas assez de candidats convenant au logement"
    DALO_PREFET = "DALO_PREFET", "Candidat DALO désigné par le préfet"
    PLAI_ADAPTE = "PLAI_ADAPTE", "Logement PLAI adapté"
