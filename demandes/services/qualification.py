"""Qualification of a demand (SIAD): its priority criteria with their evidence, the interview following the guide, and
the step active → qualified once every expected piece is received. The pieces themselves: services/pieces.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from territoire.models import Utilisateur

from .. import validation
from ..codes import CodePriorite, EtatDemande
from ..models import CriterePriorite, Demande, Entretien
from ..qualification import GUIDE_ENTRETIEN
from ..selectors import pieces_manquantes
from .calculs import demande_recalculer
from .socle import JOURNAL, verifier_modifiable, verrouiller


@transaction.atomic
def critere_ajouter(
    *,
    par: Utilisateur,
    demande: Demande,
    code: str,
    preuve: str,
    date_decision: dt.date | None = None,
    statut_dalo: str = "",
    valable_jusqu_au: dt.date | None = None,
) -> CriterePriorite:
    """Adds a priority criterion with its evidence (a DALO one with the date of the decision), once per code; the
    priorities and the cotation follow. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if code not in CodePriorite.values:
        erreurs["code"] = [f"Critère inconnu : {code}."]
    validation.texte_saisi(preuve, "preuve", erreurs)
    if not (preuve or "").strip():
        erreurs["preuve"] = ["Indiquez le justificatif du critère."]
    if code == CodePriorite.DALO and date_decision is None:
        erreurs["date_decision"] = ["Indiquez la date de la décision de la commission de médiation."]
    if date_decision and date_decision > timezone.localdate():
        erreurs["date_decision"] = ["La date de la décision ne peut pas être dans le futur."]
    if demande.criteres_priorite.filter(code=code, actif=True).exists():
        erreurs["code"] = ["Ce critère est déjà enregistré pour cette demande."]
    validation.lever_si_erreurs(erreurs)
    critere = CriterePriorite.objects.create(
        demande=demande,
        code=code,
        preuve=preuve.strip(),
        date_decision=date_decision,
        statut_dalo=statut_dalo,
        valable_jusqu_au=valable_jusqu_au,
        saisi_par=par,
    )
    demande_recalculer(demande=demande)
    return critere


@transaction.atomic
def critere_retirer(*, par: Utilisateur, critere: CriterePriorite) -> CriterePriorite:
    """The criterion no longer counts (kept, inactive); the priorities and the cotation follow."""
    verrouiller(critere.demande)
    verifier_modifiable(par, critere.demande)
    critere.actif = False
    critere.save(update_fields=["actif"])
    demande_recalculer(demande=critere.demande)
    return critere


@transaction.atomic
def demande_qualifier(*, par: Utilisateur, demande: Demande, motif: str = "") -> Demande:
    """Active → qualified, when every piece expected for its situation has been received."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    if demande.etat != EtatDemande.ACTIVE:
        raise ErreurMetier("Seule une demande enregistrée (active) peut être qualifiée.")
    manquantes = pieces_manquantes(demande=demande)
    if manquantes:
        raise ErreurMetier(
            "Pièces manquantes pour qualifier la demande : " + " ; ".join(p.libelle for p in manquantes) + "."
        )
    passer(
        demande,
        EtatDemande.QUALIFIEE,
        **JOURNAL,
        par=par,
        motif=motif or "Pièces complètes",
        autres_champs=["modifie_le"],
    )
    return demande


@transaction.atomic
def entretien_enregistrer(*, par: Utilisateur, demande: Demande, date: dt.date, sujets: list[str], notes: str = ""):
    """Records the qualification interview: its date (not in the future), the topics of the guide covered, short
    notes. Returns the Entretien. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if date > timezone.localdate():
        erreurs["date"] = ["La date de l'entretien ne peut pas être dans le futur."]
    connus = {code for code, _ in GUIDE_ENTRETIEN}
    if set(sujets) - connus:
        erreurs["sujets"] = ["Sujet d'entretien inconnu."]
    if not sujets:
        erreurs["sujets"] = ["Cochez les sujets abordés pendant l'entretien."]
    validation.lever_si_erreurs(erreurs)
    return Entretien.objects.create(demande=demande, agent=par, date=date, sujets=sujets, notes=notes.strip())
