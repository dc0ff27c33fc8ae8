"""Use cases of the CAL returns (docs/cal.md): a landlord's file received and kept, checked by a worker, applied by a
worker on the landlord's demand (or run again after a failure), the same rows sent through the API checked and applied
at once; CASA's correction of a recorded attribution. Keyword-only, transactional, taking the acting user; errors in
French (ErreurMetier), refusals as PermissionDenied (positionnements.rules).

The CAL returns of one landlord pass one after the other (a transaction-level advisory lock) and are checked again
under the lock: a double click, two deposits, the same API call twice find their rows already known.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.fichiers import TAILLE_MAX, borner, lire_tableau
from commun.format_fr import compte
from commun.signaux import envoyer_apres_validation
from demandes.models import Demande
from programmation.models import Occupation
from territoire.models import Utilisateur

from ..models import CorrectionDecision, DecisionCAL, DepotDecisionsCAL, EtatDepot
from ..rules import peut_appliquer, peut_positionner, peut_relancer
from ..signaux import depot_cal_verifie
from . import application, lecture, travaux, verification
from .selectors import bailleur_des_retours_cal

journal = logging.getLogger(__name__)

# Key of the transaction-level advisory lock that serialises the CAL returns of one landlord: a second upload (or a
# double click, or the same API call twice) waits for the first, then finds its rows already known.
VERROU_CAL = 7441
LIGNES_API_MAX = 5000


def _verrouiller_bailleur(bailleur_id: int) -> None:
    """Waits for, then holds until the transaction ends, the lock of this landlord's CAL returns."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_CAL, bailleur_id])


def _lignes_du_depot(depot: DepotDecisionsCAL, notes: list | None = None) -> list[dict]:
    """The rows of a deposit: the API's JSON (or the candidate's answer's: reponses.py), or the file read by the
    intake (commun.fichiers)."""
    contenu = bytes(depot.contenu)
    if depot.source != "FICHIER":
        return [{**li, "_ligne": i} for i, li in enumerate(json.loads(contenu.decode()), start=1)]
    tableau = lire_tableau(depot.nom_fichier, contenu, colonnes=lecture.COLONNES)
    if notes is not None:
        notes.extend(tableau.notes)
    if not tableau.lignes:
        raise ErreurMetier("Le fichier ne contient aucune décision : seulement la ligne des titres.")
    return tableau.lignes


def _colonnes_manquantes(lignes: list[dict]) -> None:
    """ErreurMetier naming the required columns the rows lack."""
    presentes = set(lecture.normaliser_colonnes(lignes[:1])[0]) if lignes else set()
    manquantes = [c for c in lecture.OBLIGATOIRES if c not in presentes]
    if manquantes:
        raise ErreurMetier(
            f"Colonnes manquantes : {', '.join(manquantes)}. Téléchargez le modèle pour le format attendu."
        )


ECHEC_APPLICATION = (
    "L'application s'est arrêtée sur une erreur de l'application, signalée à la CASA : rien n'a été enregistré. Le "
    "fichier est gardé : relancez sa vérification, puis appliquez-le."
)
ECHEC_INTERNE = (
    "La vérification s'est arrêtée sur une erreur de l'application, signalée à la CASA. Le fichier est gardé : "
    "relancez-la ; si l'échec se répète, la CASA vous recontacte."
)


def _resultat(c: dict) -> str:
    """What an application did, in a sentence for the deposit's page (application.appliquer's counts)."""
    return (
        f"{compte(c['appliquees'], 'décision enregistrée', 'décisions enregistrées')}, dont "
        f"{compte(c['baux'], 'bail signé', 'baux signés')} ; {compte(c['deja_connues'], 'déjà connue', 'déjà connues')}"
        f" ; {compte(c['echecs'], 'autre candidat libéré', 'autres candidats libérés')}"
    )


def depot_recevoir(*, par: Utilisateur, nom: str, contenu: bytes) -> DepotDecisionsCAL:
    """Keeps the uploaded file and asks a worker to check it (the page follows the check)."""
    bailleur = bailleur_des_retours_cal(par)
    if bailleur is None:
        raise PermissionDenied("Seuls les gestionnaires d'un bailleur déposent les décisions de sa CAL.")
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(f"Le fichier dépasse {TAILLE_MAX // 1024 // 1024} Mo : découpez-le.", champ="fichier")
    if not contenu:
        raise ErreurMetier("Le fichier est vide.", champ="fichier")
    with transaction.atomic():
        depot = DepotDecisionsCAL.objects.create(
            bailleur=bailleur,
            par=par,
            nom_fichier=nom[:200],
            contenu=contenu,
            empreinte=hashlib.sha256(contenu).hexdigest(),
        )
        creer_journalise(depot, **travaux.JOURNAL, par=par)
        transaction.on_commit(lambda: travaux.lancer_verification(depot.pk))
    return depot


def depot_verifier(*, depot_id: int, progression=None) -> DepotDecisionsCAL:
    """Checks every row of a received file and keeps the report (nothing applied): REJETE with the first
    ERREURS_GARDEES errors and their count, or VERIFIE. The deposit's row stays locked while the check runs, so a
    worker killed in the middle is seen at once (travaux.interrompue). Any failure, a bug included, ends in ECHEC with a
    French reason, the file kept for another try (depot_relancer)."""
    if not travaux.verification_commencer(depot_id):
        return DepotDecisionsCAL.objects.get(pk=depot_id)  # already checked (a task delivered twice)
    try:
        with transaction.atomic():
            depot = (
                DepotDecisionsCAL.objects.select_for_update(of=("self",))
                .select_related("bailleur", "par")
                .get(pk=depot_id)
            )
            if progression:
                progression(0, 0)  # the worker holds the deposit: the page can tell it is alive
            notes: list[str] = []
            try:
                lignes = _lignes_du_depot(depot, notes)
                _colonnes_manquantes(lignes)
                rapport = verification.valider(lignes, bailleur=depot.bailleur, progression=progression)
                depot.lignes, depot.resume = rapport.lignes, rapport.resume()
                depot.erreurs, depot.nombre_erreurs = borner(rapport.erreurs)
            except ErreurMetier as err:
                depot.erreurs, depot.nombre_erreurs, depot.resume = [[0, err.message]], 1, {}
            depot.notes = [[0, n] for n in notes]
            depot.verifie_le = timezone.now()
            depot.resultat = ""
            etape = passer(
                depot,
                EtatDepot.REJETE if depot.erreurs else EtatDepot.VERIFIE,
                **travaux.JOURNAL,
                par=depot.par,
                autres_champs=["lignes", "erreurs", "nombre_erreurs", "notes", "resume", "verifie_le", "resultat"],
            )
            envoyer_apres_validation(depot_cal_verifie, DepotDecisionsCAL, depot=depot.pk, transition=etape.pk)
            return depot
    except Exception:
        journal.exception("Vérification du dépôt CAL %s en échec", depot_id)
        travaux.echouer(depot_id, ECHEC_INTERNE, depuis=EtatDepot.VERIFICATION)
        return DepotDecisionsCAL.objects.get(pk=depot_id)


def depot_relancer(*, par: Utilisateur, depot: DepotDecisionsCAL) -> DepotDecisionsCAL:
    """The landlord's « Relancer » on a deposit whose check failed or was interrupted (worker killed, no worker):
    the kept file is checked again from the start."""
    if not peut_relancer(par, depot):
        raise PermissionDenied("Seul un gestionnaire du bailleur relance la vérification de son fichier.")
    with transaction.atomic():
        try:
            depot = DepotDecisionsCAL.objects.select_for_update(nowait=True).get(pk=depot.pk)
        except OperationalError as err:
            raise ErreurMetier("La vérification est en cours : la page se met à jour toute seule.") from err
        en_panne = depot.etat == EtatDepot.ECHEC or (
            depot.etat in (EtatDepot.RECU, EtatDepot.VERIFICATION) and travaux.interrompue(depot.pk)
        )
        if not en_panne:
            raise ErreurMetier("Ce dépôt n'est ni en échec ni interrompu : rien à relancer.")
        depot.resultat = ""
        if depot.etat == EtatDepot.RECU:  # never taken by a worker: asked again, not a move
            depot.save(update_fields=["resultat"])
        else:
            passer(depot, EtatDepot.RECU, **travaux.JOURNAL, par=par, motif="Relancé", autres_champs=["resultat"])
        transaction.on_commit(lambda: travaux.lancer_verification(depot.pk))
    return depot


def depot_demander_application(*, par: Utilisateur, depot: DepotDecisionsCAL) -> DepotDecisionsCAL:
    """The landlord's click on « Appliquer »: a worker applies the file in one transaction."""
    if not peut_appliquer(par, depot):
        raise PermissionDenied("Seul un gestionnaire du bailleur applique ses décisions de CAL.")
    with transaction.atomic():
        depot = DepotDecisionsCAL.objects.select_for_update().get(pk=depot.pk)
        if depot.etat == EtatDepot.APPLIQUE:
            raise ErreurMetier("Ce fichier est déjà appliqué.")
        if depot.etat != EtatDepot.VERIFIE:
            raise ErreurMetier("Ce fichier n'est pas vérifié sans erreur : corrigez-le et déposez-le à nouveau.")
        depot.application_demandee_le, depot.application_demandee_par = timezone.now(), par
        depot.save(update_fields=["application_demandee_le", "application_demandee_par"])
        transaction.on_commit(lambda: travaux.lancer_application(depot.pk))
    return depot


def depot_appliquer(*, depot_id: int, progression=None) -> DepotDecisionsCAL:
    """Applies a checked file, checked again under the landlord's lock, in one transaction. Applied already: nothing.
    A worker killed in the middle leaves nothing written (the transaction is rolled back) and the file as it was."""
    try:
        with transaction.atomic():
            depot = (
                DepotDecisionsCAL.objects.select_for_update(of=("self",)).select_related("bailleur").get(pk=depot_id)
            )
            if depot.etat == EtatDepot.APPLIQUE:
                return depot
            if depot.etat != EtatDepot.VERIFIE:
                raise ErreurMetier("Ce fichier n'est pas vérifié sans erreur : rien n'est appliqué.")
            par = depot.application_demandee_par or depot.par
            _verrouiller_bailleur(depot.bailleur_id)
            if progression:
                progression(0, depot.lignes)  # the worker holds the deposit: the page can tell it is alive
            with pghistory.context(depot=depot.numero, utilisateur=par.pk if par else None):
                rapport = verification.valider(_lignes_du_depot(depot), bailleur=depot.bailleur)
                if not rapport.valide:  # the database moved since the check: the new report, nothing applied
                    vers, depot.resume = EtatDepot.REJETE, rapport.resume()
                    depot.erreurs, depot.nombre_erreurs = borner(rapport.erreurs)
                    depot.resultat = (
                        "Le fichier n'est plus valide : les positionnements ont changé depuis la vérification."
                    )
                else:
                    compte = application.appliquer(rapport, par=par, depot=depot, progression=progression)
                    vers, depot.applique_le, depot.resultat = EtatDepot.APPLIQUE, timezone.now(), _resultat(compte)
                etape = passer(
                    depot,
                    vers,
                    **travaux.JOURNAL,
                    par=par,
                    autres_champs=["erreurs", "nombre_erreurs", "resume", "applique_le", "resultat"],
                )
                envoyer_apres_validation(depot_cal_verifie, DepotDecisionsCAL, depot=depot.pk, transition=etape.pk)
            return depot
    except ErreurMetier as err:
        DepotDecisionsCAL.objects.filter(pk=depot_id).update(resultat=err.message[:300])
        raise
    except Exception:  # a bug: nothing was written (the transaction is rolled back); the file is kept
        journal.exception("Application du dépôt CAL %s en échec", depot_id)
        travaux.echouer(depot_id, ECHEC_APPLICATION, depuis=EtatDepot.VERIFIE)
        raise


def decisions_api(*, par: Utilisateur, lignes: list[dict]) -> tuple[DepotDecisionsCAL, verification.Rapport]:
    """The landlord's system sends decisions: checked like a file and, when every row is valid, applied at once in
    the same transaction. Kept as a deposit either way (the landlord's history)."""
    bailleur = bailleur_des_retours_cal(par)
    if bailleur is None:
        raise PermissionDenied("Seuls les gestionnaires d'un bailleur envoient les décisions de sa CAL.")
    if not lignes:
        raise ErreurMetier("Aucune décision dans l'envoi.")
    if len(lignes) > LIGNES_API_MAX:
        raise ErreurMetier(f"{LIGNES_API_MAX} décisions au plus par envoi : découpez-le.")
    contenu = json.dumps(lignes, ensure_ascii=False, default=str).encode()
    numerotees = [{**li, "_ligne": i} for i, li in enumerate(lignes, start=1)]
    with transaction.atomic():
        _verrouiller_bailleur(bailleur.pk)
        depot = DepotDecisionsCAL.objects.create(
            bailleur=bailleur,
            par=par,
            source="API",
            contenu=contenu,
            empreinte=hashlib.sha256(contenu).hexdigest(),
            etat=EtatDepot.VERIFICATION,
            lignes=len(lignes),
        )
        creer_journalise(depot, **travaux.JOURNAL, par=par)
        _colonnes_manquantes(numerotees)
        rapport = verification.valider(numerotees, bailleur=bailleur)
        depot.resume, depot.verifie_le = rapport.resume(), timezone.now()
        depot.erreurs, depot.nombre_erreurs = borner(rapport.erreurs)
        if rapport.valide:
            with pghistory.context(depot=depot.numero, utilisateur=par.pk):
                compte = application.appliquer(rapport, par=par, depot=depot)
            vers, depot.applique_le, depot.resultat = EtatDepot.APPLIQUE, timezone.now(), _resultat(compte)
        else:
            vers = EtatDepot.REJETE
        passer(
            depot,
            vers,
            **travaux.JOURNAL,
            par=par,
            autres_champs=["resume", "verifie_le", "erreurs", "nombre_erreurs", "applique_le", "resultat"],
        )
    return depot, rapport


# ---------------------------------------------------------------------------------------------------- corrections

MENAGE_CORRIGIBLE = {
    "quartile": (int, type(None)),
    "dalo": (bool,),
    "priorites": (list,),
    "renouvellement_urbain": (bool,),
    "mutation": (bool,),
    "personnes": (int,),
}


@transaction.atomic
def attribution_corriger(
    *, par: Utilisateur, decision, motif: str, date_bail: dt.date | None = None, menage: dict | None = None
):
    """CASA corrects a recorded lease: its date, or the household's facts frozen at the lease (a quartile wrongly
    computed from resources entered wrong, a priority recognised before the lease but recorded after). Kept with what
    it was: the tracking table of a past month does not move; the month of the correction shows it."""
    if not peut_positionner(par):
        raise PermissionDenied("Seuls les agents de la CASA corrigent une attribution.")
    if not motif.strip():
        raise ErreurMetier("Donnez le motif de la correction.", champ="motif")
    d = DecisionCAL.objects.select_for_update().get(pk=decision.pk)
    if d.date_bail is None:
        raise ErreurMetier("Seule une attribution dont le bail est signé se corrige ici.")
    avant, apres = {}, {}
    if date_bail is not None and date_bail != d.date_bail:
        if date_bail > timezone.localdate():
            raise ErreurMetier("La date du bail ne peut pas être dans le futur.", champ="date_bail")
        if date_bail < (d.date_reponse or d.date_cal):
            raise ErreurMetier("Le bail ne peut pas précéder l'acceptation du candidat.", champ="date_bail")
        avant["date_bail"], apres["date_bail"] = d.date_bail.isoformat(), date_bail.isoformat()
        d.date_bail = date_bail
    for cle, valeur in (menage or {}).items():
        if cle not in MENAGE_CORRIGIBLE or not isinstance(valeur, MENAGE_CORRIGIBLE[cle]):
            raise ErreurMetier(f"« {cle} » ne se corrige pas ainsi.", champ="menage")
        if d.menage.get(cle) != valeur:
            avant.setdefault("menage", {})[cle] = d.menage.get(cle)
            apres.setdefault("menage", {})[cle] = valeur
            d.menage[cle] = valeur
    if not apres:
        raise ErreurMetier("Rien à corriger : les valeurs sont déjà celles-là.")
    if "menage" in apres and "quartile" in apres["menage"]:
        d.menage["premier_quartile"] = apres["menage"]["quartile"] == 1
    d.save(update_fields=["date_bail", "menage", "modifiee_le"])
    if "date_bail" in apres:  # the radiation for attribution and the household's arrival follow the lease
        Demande.objects.filter(pk=d.positionnement.demande_id).update(date_radiation=date_bail)
        Occupation.objects.filter(
            logement_id=d.positionnement.disponibilite.logement_id, debut=dt.date.fromisoformat(avant["date_bail"])
        ).update(debut=date_bail)
    return CorrectionDecision.objects.create(decision=d, par=par, motif=motif.strip()[:300], avant=avant, apres=apres)
