"""The candidate's answer to an offer without the landlord (REGLES §11, docs/cal.md « Les réponses du candidat »):
given in the applicant's space (portail/views/offre.py → `reponse_du_candidat`), or its silence past the delay,
recorded by the daily task (tasks.silences_apres_delai → `silences_enregistrer`).

Each goes the landlord's own way: the row the landlord's file would carry for that positionnement (its DecisionCAL's
facts, then the answer), checked (verification.valider) and applied (application.appliquer) in one transaction under
the landlord's advisory lock, like services.decisions_api, and kept as a deposit (DepotDecisionsCAL) whose source says
who answered (SourceDepot.PORTAIL, DELAI) and whose `par` is empty: no staff member acts. The landlord's and CASA's CAL
pages show it at once; the state machine, the demand's log and the cotation follow as for a landlord's row. Under the
lock the offer is read again: a second answer (a double click, two tabs, the task meanwhile) finds it answered and is
refused in French, nothing written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import pghistory
from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.fichiers import borner
from demandes.models import Demande
from territoire.models import Organisation

from ..etats import EtatPositionnement, MotifRefus, ReponseCandidat, SourceDepot
from ..models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement
from . import application, travaux, verification
from .offres import Offre, offre_de_la_demande, offres_echues
from .services import _resultat, _verrouiller_bailleur

journal = logging.getLogger(__name__)

# The reasons the candidate chooses from in its space (silence is the task's, never the candidate's).
MOTIFS_DU_CANDIDAT = [(code, libelle) for code, libelle in MotifRefus.choices if code != MotifRefus.SANS_REPONSE]
PRECISION_MAX = 150  # the candidate's own words for a refusal « autre »
TACHE = "positionnements.retours_cal.tasks.silences_apres_delai"


def ligne_de_reponse(
    offre: Offre, *, reponse: str, date_reponse: dt.date, motif_refus: str = "", precision: str = ""
) -> dict:
    """The row the landlord's file would carry for the offer's positionnement once answered: the identifiers, its
    DecisionCAL's facts as recorded (so that they are « déjà connus »), then the answer (ReponseCandidat code, its
    day, the MotifRefus code and, for « autre », the candidate's words). Text cells, dates JJ/MM/AAAA."""
    p, d = offre.positionnement, offre.decision
    logement = p.disponibilite.logement
    return {
        "numero_demande": p.demande.numero,
        "residence": logement.residence.reference,
        "logement": logement.numero,
        "date_cal": f"{d.date_cal:%d/%m/%Y}",
        "decision": d.decision,
        "rang": str(d.rang or ""),
        "condition": d.condition,
        "motif_decision": d.motif,
        "accord_collectif": d.accord_collectif,
        "reponse": reponse,
        "date_reponse": f"{date_reponse:%d/%m/%Y}",
        "motif_refus": motif_refus,
        "precision_refus": precision,
    }


def _deposer(
    *, bailleur: Organisation, lignes: list[dict], source: str, jour: dt.date, contexte: dict
) -> tuple[DepotDecisionsCAL, verification.Rapport]:
    """The rows kept as a deposit of `source` without a staff author, checked and, when every row is valid, applied
    (pghistory `contexte` added to the deposit's number), like services.decisions_api. In the caller's transaction,
    under the landlord's lock. Returns the deposit (APPLIQUE or REJETE) and the check's report."""
    contenu = json.dumps(lignes, ensure_ascii=False).encode()
    depot = DepotDecisionsCAL.objects.create(
        bailleur=bailleur,
        par=None,
        source=source,
        contenu=contenu,
        empreinte=hashlib.sha256(contenu).hexdigest(),
        etat=EtatDepot.VERIFICATION,
        lignes=len(lignes),
    )
    creer_journalise(depot, **travaux.JOURNAL, par=None, motif=SourceDepot(source).label)
    numerotees = [{**li, "_ligne": i} for i, li in enumerate(lignes, start=1)]
    rapport = verification.valider(numerotees, bailleur=bailleur, jour=jour)
    depot.resume, depot.verifie_le = rapport.resume(), timezone.now()
    depot.erreurs, depot.nombre_erreurs = borner(rapport.erreurs)
    vers = EtatDepot.REJETE
    if rapport.valide:
        with pghistory.context(depot=depot.numero, **contexte):
            compte = application.appliquer(rapport, par=None, depot=depot, jour=jour)
        vers, depot.applique_le, depot.resultat = EtatDepot.APPLIQUE, timezone.now(), _resultat(compte)
    passer(
        depot,
        vers,
        **travaux.JOURNAL,
        par=None,
        autres_champs=["resume", "verifie_le", "erreurs", "nombre_erreurs", "applique_le", "resultat"],
    )
    return depot, rapport


def _verifier_la_reponse(reponse: str, motif_refus: str, precision: str) -> None:
    """ErreurMetier (French, `champ` named) for an answer the candidate cannot give."""
    if reponse not in ReponseCandidat.values:
        raise ErreurMetier("Choisissez d'accepter ou de refuser le logement.", champ="reponse")
    if reponse == ReponseCandidat.ACCEPTATION:
        return
    if motif_refus not in dict(MOTIFS_DU_CANDIDAT):
        raise ErreurMetier("Choisissez la raison de votre refus dans la liste.", champ="motif")
    if motif_refus == MotifRefus.AUTRE and not precision.strip():
        raise ErreurMetier("Dites en quelques mots pourquoi vous refusez ce logement.", champ="precision")
    if len(precision) > PRECISION_MAX:
        raise ErreurMetier(f"{PRECISION_MAX} caractères au plus pour la précision.", champ="precision")


def _plus_de_reponse(p: Positionnement) -> str:
    """Why the positionnement no longer awaits the candidate's answer, in the candidate's words."""
    d = DecisionCAL.objects.filter(positionnement=p).first()
    if d is not None and d.reponse:
        quoi = "acceptation" if d.reponse == ReponseCandidat.ACCEPTATION else "refus"
        return (
            f"Votre réponse est déjà enregistrée ({quoi} le {d.date_reponse:%d/%m/%Y}) : elle ne peut plus être "
            "changée ici. Pour toute question, adressez-vous au bailleur."
        )
    if p.etat == EtatPositionnement.ATTRIBUE_RANG:
        return "Ce logement est d'abord proposé à un candidat mieux classé : vous serez prévenu si votre tour vient."
    return "Ce logement n'attend plus de réponse de votre part."


def reponse_du_candidat(
    *,
    demande: Demande,
    positionnement_id: int,
    reponse: str,
    motif_refus: str = "",
    precision: str = "",
    jour: dt.date | None = None,
) -> DepotDecisionsCAL:
    """The holder of `demande` answers the offer of its positionnement `positionnement_id` (`reponse`: a
    ReponseCandidat code; a refusal with a MotifRefus code other than SANS_REPONSE, and `precision` for AUTRE) on
    `jour` (today): recorded as a deposit of source PORTAIL, applied at once. ErreurMetier (French, nothing written)
    when the answer is not possible: not this demand's positionnement, answered already (a double click, two tabs),
    not an offer (a ranked candidate before its turn), or past the last day to answer (offres.Offre.echeance)."""
    jour = jour or timezone.localdate()
    precision = " ".join(precision.split()) if motif_refus == MotifRefus.AUTRE else ""
    with transaction.atomic():
        p = (
            Positionnement.objects.filter(pk=positionnement_id, demande=demande)
            .select_related("disponibilite__logement__residence__bailleur")
            .first()
        )
        if p is None:
            raise ErreurMetier("Cette proposition de logement n'est pas la vôtre.")
        bailleur = p.disponibilite.logement.residence.bailleur
        _verrouiller_bailleur(bailleur.pk)
        offre = offre_de_la_demande(demande, positionnement_id)
        if offre is None:
            raise ErreurMetier(_plus_de_reponse(p))
        if not offre.ouverte(jour):
            raise ErreurMetier(
                f"Le délai pour répondre a pris fin le {offre.echeance:%d/%m/%Y} : sans réponse dans le délai, la "
                "proposition vaut refus."
            )
        motif = motif_refus if reponse == ReponseCandidat.REFUS else ""
        _verifier_la_reponse(reponse, motif, precision)
        ligne = ligne_de_reponse(offre, reponse=reponse, date_reponse=jour, motif_refus=motif, precision=precision)
        depot, rapport = _deposer(
            bailleur=bailleur, lignes=[ligne], source=SourceDepot.PORTAIL, jour=jour, contexte={"portail": "demandeur"}
        )
        if not rapport.valide:  # the offer read under the lock says it can be answered: a fault of ours
            journal.error("Réponse du candidat refusée par la vérification (%s) : %s", p.pk, rapport.erreurs)
            raise ErreurMetier(
                "Votre réponse n'a pas pu être enregistrée. Réessayez plus tard ou adressez-vous au bailleur."
            )
    return depot


def silences_enregistrer(*, jour: dt.date | None = None) -> list[DepotDecisionsCAL]:
    """Every offer whose last day to answer is past on `jour` (today) is refused for silence (REGLES §11): a refusal
    with the reason SANS_REPONSE dated the day after that last day (Offre.silence_le), one deposit of source DELAI per
    landlord, each in its own transaction under the landlord's lock, the offers read again under it. Idempotent: an
    offer recorded (or answered meanwhile) is no longer one. A landlord whose rows are refused keeps its deposit
    REJETE with the reasons (CASA sees it in « Dépôts »), the others go on. Returns the deposits written."""
    jour = jour or timezone.localdate()
    bailleurs = sorted({o.positionnement.disponibilite.logement.residence.bailleur_id for o in offres_echues(jour)})
    depots = []
    for bailleur_id in bailleurs:
        try:
            with transaction.atomic():
                _verrouiller_bailleur(bailleur_id)
                echues = offres_echues(jour, bailleur_id)
                if not echues:
                    continue
                lignes = [
                    ligne_de_reponse(
                        o, reponse=ReponseCandidat.REFUS, date_reponse=o.silence_le, motif_refus=MotifRefus.SANS_REPONSE
                    )
                    for o in echues
                ]
                bailleur = echues[0].positionnement.disponibilite.logement.residence.bailleur
                depot, rapport = _deposer(
                    bailleur=bailleur, lignes=lignes, source=SourceDepot.DELAI, jour=jour, contexte={"tache": TACHE}
                )
                if not rapport.valide:
                    journal.error("Silences refusés (%s, bailleur %s) : %s", depot.numero, bailleur_id, rapport.erreurs)
                depots.append(depot)
        except Exception:  # a bug at one landlord: its transaction is rolled back, the others go on; tomorrow again
            journal.exception("Silences après le délai du bailleur %s en échec", bailleur_id)
    return depots
