"""What a Celery worker runs on a kept stock import (programmation.tasks): check its file, then apply it. Each holds
the import's row locked for as long as it works (commun.travaux), so that the page can tell a running job from an
interrupted one; any failure, a bug included, ends in a state with a French reason, the file kept for another try."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from commun.fichiers import borner, lire_tableau
from commun.format_fr import compte

from ..etats import MACHINE_IMPORT_PARC
from ..models import EtatImport, ImportParc, NatureImport, TransitionImportParc
from . import occupation, occupation_verification
from .application import parc_importer
from .lecture import COLONNES
from .verification import RapportImport, valider

journal = logging.getLogger("programmation.import_parc")

# How an import moves and where it is logged (commun.etats.passer).
JOURNAL = {"machine": MACHINE_IMPORT_PARC, "journal": TransitionImportParc, "lien": "import_parc"}
VERROU_PARC = 7442  # the advisory lock of a landlord's parc imports (the CAL returns' is 7441)


def _verrouiller_bailleur(bailleur_id: int) -> None:
    """Waits for, then holds until the transaction ends, the lock of this landlord's parc imports: one check or
    application at a time per landlord, each seeing what the one before wrote (two files of the same résidences)."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_PARC, bailleur_id])


ECHEC_VERIFICATION = (
    "La vérification s'est arrêtée sur une erreur de l'application, signalée à la CASA. Le fichier est gardé : "
    "relancez-la ; si l'échec se répète, la CASA vous recontacte."
)
ECHEC_APPLICATION = (
    "L'application s'est arrêtée sur une erreur de l'application, signalée à la CASA : rien n'a été enregistré. Le "
    "fichier est gardé : relancez sa vérification, puis appliquez-le."
)


def import_verifier_fichier(*, import_id: int, progression=None):
    """Checks a received file and keeps its report (nothing applied): REJETE with the first ERREURS_GARDEES errors
    and their total, or VERIFIE. The import's row stays locked while the check runs (commun.travaux). Any
    failure, a bug included, ends in ECHEC with a French reason, the file kept for another try."""
    if not _verification_commencer(import_id):
        return ImportParc.objects.get(pk=import_id)  # already checked (a task delivered twice)
    try:
        with transaction.atomic():
            imp = ImportParc.objects.select_for_update(of=("self",)).select_related("bailleur", "par").get(pk=import_id)
            _verrouiller_bailleur(imp.bailleur_id)
            if progression:
                progression(0, 0)  # the worker holds the import: the page can tell it is alive
            _rapport_garder(imp, progression)
            return imp
    except Exception:
        journal.exception("Vérification de l'import de parc %s en échec", import_id)
        _echouer(import_id, ECHEC_VERIFICATION, depuis=EtatImport.VERIFICATION)
        return ImportParc.objects.get(pk=import_id)


def _verification_commencer(import_id: int) -> bool:
    """Moves a received import to « vérification en cours » (under its row lock, logged); False when it is checked
    already (a task delivered twice), True when the check is to run (again, for an interrupted one)."""
    with transaction.atomic():
        imp = ImportParc.objects.select_for_update(of=("self",)).select_related("par").get(pk=import_id)
        if imp.etat == EtatImport.RECU:
            passer(imp, EtatImport.VERIFICATION, **JOURNAL, par=imp.par)
        return imp.etat == EtatImport.VERIFICATION


def _echouer(import_id: int, resultat: str, *, depuis: str) -> None:
    """After a job's failure (its transaction rolled back): the import, still in `depuis`, moves to ECHEC with the
    French reason, logged; in another state (gone, moved meanwhile), nothing is written."""
    with transaction.atomic():
        imp = (
            ImportParc.objects.select_for_update(of=("self",))
            .select_related("par", "application_demandee_par")
            .filter(pk=import_id)
            .first()
        )
        if imp is None or imp.etat != depuis:
            return
        imp.resultat = resultat
        par = (imp.application_demandee_par if depuis == EtatImport.VERIFIE else None) or imp.par
        passer(imp, EtatImport.ECHEC, **JOURNAL, par=par, autres_champs=["resultat"])


def _rapport_garder(imp: ImportParc, progression) -> None:
    """Reads and checks the kept file, and saves on the import its state, its errors (bounded) and its notes."""
    notes: list[list] = []
    try:
        if imp.nature == NatureImport.OCCUPATION:
            tableau = occupation_verification.lire(imp.nom_fichier, bytes(imp.contenu))
            rapport = occupation_verification.valider(
                tableau.lignes, bailleur=imp.bailleur, progression=progression, entetes=tableau.entetes
            )
        else:
            tableau = lire_tableau(imp.nom_fichier, bytes(imp.contenu), colonnes=COLONNES)
            rapport = valider(tableau.lignes, bailleur=imp.bailleur, progression=progression, entetes=tableau.entetes)
        erreurs = [[ligne, message] for ligne, message in rapport.erreurs]
        imp.lignes = len(rapport.lignes) + len({ligne for ligne, _ in rapport.erreurs})
        notes = [[0, n] for n in tableau.notes] + [[ligne, n] for ligne, n in rapport.notes]
    except ErreurMetier as err:
        erreurs, imp.lignes = [[0, err.message]], 0
    imp.erreurs, imp.nombre_erreurs = borner(erreurs)
    imp.notes = borner(notes)[0]
    imp.verifie_le, imp.resultat = timezone.now(), ""
    passer(
        imp,
        EtatImport.REJETE if erreurs else EtatImport.VERIFIE,
        **JOURNAL,
        par=imp.par,
        autres_champs=["lignes", "erreurs", "nombre_erreurs", "notes", "verifie_le", "resultat"],
    )


def import_appliquer_fichier(*, import_id: int, progression=None):
    """Applies a checked file, checked again, in one transaction holding the import's row; applied already: nothing.
    A worker killed in the middle leaves nothing written. A file no longer valid (the referential changed) goes back
    to REJETE with the new report; a bug ends in ECHEC (the file kept)."""
    try:
        with transaction.atomic():
            imp = ImportParc.objects.select_for_update(of=("self",)).select_related("bailleur").get(pk=import_id)
            _verrouiller_bailleur(imp.bailleur_id)
            if imp.etat == EtatImport.APPLIQUE:
                return imp
            if imp.etat != EtatImport.VERIFIE:
                raise ErreurMetier("Ce fichier n'est pas vérifié sans erreur : rien n'est appliqué.")
            par = imp.application_demandee_par or imp.par
            if progression:
                progression(0, imp.lignes)
            bilan = None
            if imp.nature == NatureImport.OCCUPATION:
                rapport, bilan = occupation.occupation_importer(
                    par=par, import_occupation=imp, appliquer=True, progression=progression
                )
            else:
                rapport = parc_importer(
                    par=par,
                    bailleur=imp.bailleur,
                    nom=imp.nom_fichier,
                    contenu=bytes(imp.contenu),
                    appliquer=True,
                    progression=progression,
                )
            _resultat_garder(imp, rapport, par, bilan)
            return imp
    except ErreurMetier as err:
        ImportParc.objects.filter(pk=import_id).update(resultat=err.message[:200])
        raise
    except Exception:
        journal.exception("Application de l'import de parc %s en échec", import_id)
        _echouer(import_id, ECHEC_APPLICATION[:200], depuis=EtatImport.VERIFIE)
        raise


def _resultat_garder(imp: ImportParc, rapport: RapportImport, par, bilan=None) -> None:
    """Saves on the import what the application did (logged as `par`'s move): APPLIQUE with its counts (an
    occupancy file's: `bilan`, its ignored rows added to the import's notes), or REJETE with the new errors when the
    referential changed since the check."""
    autres = ["erreurs", "nombre_erreurs", "applique_le", "resultat"]
    if not rapport.applique:
        vers = EtatImport.REJETE
        imp.erreurs, imp.nombre_erreurs = borner(rapport.erreurs)
        imp.resultat = "Le fichier n'est plus valide : voyez les erreurs, corrigez-le et déposez-le à nouveau."
    elif bilan is not None:
        vers, imp.applique_le = EtatImport.APPLIQUE, timezone.now()
        imp.resultat = bilan.resume()
        ignores = [[0, note] for note in bilan.ignores]
        if bilan.attributions_gardees:
            ignores.append(
                [
                    0,
                    f"{compte(bilan.attributions_gardees, 'ménage logé', 'ménages logés')} par l'application "
                    + (
                        "absent du fichier : gardé en place"
                        if bilan.attributions_gardees < 2
                        else "absents du fichier : gardés en place"
                    ),
                ]
            )
        if ignores:
            imp.notes = borner([*imp.notes, *ignores])[0]
            autres.append("notes")
    else:
        vers, imp.applique_le = EtatImport.APPLIQUE, timezone.now()
        imp.resultat = (
            f"{compte(rapport.residences_creees, 'résidence créée', 'résidences créées')}, "
            f"{compte(rapport.logements_crees, 'logement créé', 'logements créés')}, "
            f"{compte(rapport.logements_modifies, 'logement mis à jour', 'logements mis à jour')}"
        )
    passer(imp, vers, **JOURNAL, par=par, autres_champs=autres)
