"""The states of a positionnement and the moves allowed between them (REGLES §11), in one place: the commission
(issue 6) and the CAL returns (issue 7) move positionnements through the same table (MACHINE_POSITIONNEMENT,
commun/etats.py). Also the states of a deposit of CAL decisions and their moves (MACHINE_DEPOT_CAL).
docs/positionnements.md and docs/cal.md state both tables; tests/projet/test_etats.py compares them with these."""

from __future__ import annotations

import datetime as dt

from django.db import models

from commun.etats import MachineAEtats


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
MACHINE_POSITIONNEMENT = MachineAEtats("un positionnement", EtatPositionnement, TRANSITIONS, initiaux=(E.PROPOSE,))


class ExceptionTroisCandidats(models.TextChoices):
    """Why fewer than three candidates are proposed (REGLES §11: the law asks for three, with these exceptions)."""

    PAS_ASSEZ = "PAS_ASSEZ", "Pas assez de candidats convenant au logement"
    DALO_PREFET = "DALO_PREFET", "Candidat DALO désigné par le préfet"
    PLAI_ADAPTE = "PLAI_ADAPTE", "Logement PLAI adapté"


# ---------------------------------------------------------------------------------------------------- CAL (REGLES §11)


class TypeDecisionCAL(models.TextChoices):
    """The kinds of decision a landlord's CAL takes for each candidate (R441-3 CCH: attribution, attribution par
    classement, attribution sous condition suspensive, non-attribution, rejet pour irrecevabilité). Its values are
    DecisionCAL.decision's (the model of one decision, positionnements.models)."""

    ATTRIBUTION = "ATTRIBUTION", "Attribution"
    ATTRIBUTION_RANG = "ATTRIBUTION_RANG", "Attribution par classement"
    ATTRIBUTION_CS = "ATTRIBUTION_CS", "Attribution sous condition suspensive"
    NON_ATTRIBUTION = "NON_ATTRIBUTION", "Non-attribution"
    REJET_IRRECEVABILITE = "REJET_IRRECEVABILITE", "Rejet pour irrecevabilité"


ETAT_DE_DECISION = {
    TypeDecisionCAL.ATTRIBUTION: E.ATTRIBUE,
    TypeDecisionCAL.ATTRIBUTION_RANG: E.ATTRIBUE_RANG,
    TypeDecisionCAL.ATTRIBUTION_CS: E.ATTRIBUE_CS,
    TypeDecisionCAL.NON_ATTRIBUTION: E.NON_ATTRIBUE,
    TypeDecisionCAL.REJET_IRRECEVABILITE: E.IRRECEVABLE,
}
ATTRIBUTIONS = (TypeDecisionCAL.ATTRIBUTION, TypeDecisionCAL.ATTRIBUTION_RANG, TypeDecisionCAL.ATTRIBUTION_CS)


class ReponseCandidat(models.TextChoices):
    ACCEPTATION = "ACCEPTATION", "Acceptation"
    REFUS = "REFUS", "Refus"


class MotifRefus(models.TextChoices):
    """Reasons a candidate gives for refusing an offer: not coded nationally, the list REGLES §11 suggests."""

    TYPOLOGIE = "TYPOLOGIE", "Typologie (taille du logement)"
    LOCALISATION = "LOCALISATION", "Localisation"
    LOYER_TROP_ELEVE = "LOYER_TROP_ELEVE", "Loyer trop élevé"
    ETAGE_ACCESSIBILITE = "ETAGE_ACCESSIBILITE", "Étage ou accessibilité"
    ETAT_LOGEMENT = "ETAT_LOGEMENT", "État du logement"
    ENVIRONNEMENT = "ENVIRONNEMENT", "Environnement"
    DELAI_ENTREE = "DELAI_ENTREE", "Délai d'entrée dans les lieux"
    SITUATION_CHANGEE = "SITUATION_CHANGEE", "Situation du ménage changée"
    SANS_REPONSE = "SANS_REPONSE", "Sans réponse dans le délai (vaut refus)"
    AUTRE = "AUTRE", "Autre"


DELAI_REPONSE_JOURS = 10  # REGLES §11: at least 10 days to answer an offer; silence is a refusal


def premier_jour_du_silence(offert_le: dt.date) -> dt.date:
    """The first day a candidate's silence counts as a refusal: the offer's day (or the day a ranked candidate's turn
    came) + DELAI_REPONSE_JOURS + 1. The candidate answers until the offer's day + DELAI_REPONSE_JOURS included (ten
    whole days after the offer's day, REGLES §11); the space, the nightly task and the landlord's file all count so."""
    return offert_le + dt.timedelta(days=DELAI_REPONSE_JOURS + 1)


# ---------------------------------------------------------------------------------------------------- CAL deposits


class EtatDepot(models.TextChoices):
    RECU = "RECU", "Reçu, en attente de vérification"
    VERIFICATION = "VERIFICATION", "Vérification en cours"
    REJETE = "REJETE", "Refusé (erreurs à corriger)"
    VERIFIE = "VERIFIE", "Vérifié, prêt à appliquer"
    APPLIQUE = "APPLIQUE", "Appliqué"
    ECHEC = "ECHEC", "Échec (à relancer)"


class SourceDepot(models.TextChoices):
    """Where a deposit of CAL decisions comes from: the landlord's file or API, or the candidate's answer without the
    landlord (retours_cal/reponses.py: given in the applicant's space, or silence past the delay recorded by the
    daily task). The last two have no staff author (`DepotDecisionsCAL.par` is empty)."""

    FICHIER = "FICHIER", "Fichier"
    API = "API", "API"
    PORTAIL = "PORTAIL", "Réponse du candidat dans son espace"
    DELAI = "DELAI", "Sans réponse dans le délai"


# A file is received, checked by a worker, then applied (retours_cal/services.py); a failed or interrupted job goes
# back to « reçu » when the landlord asks again. A call of the API, a candidate's answer in its space and a silence past
# the delay are created « en cours de vérification » and checked and applied (or refused) in the same transaction.
MACHINE_DEPOT_CAL = MachineAEtats(
    "un dépôt de décisions de CAL",
    EtatDepot,
    {
        EtatDepot.RECU: (EtatDepot.VERIFICATION,),
        EtatDepot.VERIFICATION: (
            EtatDepot.VERIFIE,
            EtatDepot.REJETE,
            EtatDepot.ECHEC,
            EtatDepot.RECU,
            EtatDepot.APPLIQUE,
        ),
        EtatDepot.VERIFIE: (EtatDepot.APPLIQUE, EtatDepot.REJETE, EtatDepot.ECHEC),
        EtatDepot.ECHEC: (EtatDepot.RECU,),
    },
    initiaux=(EtatDepot.RECU, EtatDepot.VERIFICATION),
)
