"""The correction of a registered demand's filing date, by a CASA instructor with a reason and a proof (R441-2-3
CCH: the date of reception of the form starts the delays). A draft's filing date is set at step 1
(services/brouillons.py); the bound a counter may date back is demandes.cycle.depot_anteriorite_max."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.models import Utilisateur

from .. import cycle, validation
from ..codes import EtatDemande
from ..models import Demande
from ..qualification import TypePiece
from ..rules import peut_corriger_date_depot
from .calculs import demande_recalculer
from .pieces import piece_deposer
from .socle import noter, verifier_modifiable, verrouiller


@transaction.atomic
def date_depot_corriger(
    *, par: Utilisateur, demande: Demande, date_depot: dt.date, motif: str, justificatif
) -> Demande:
    """Corrects the filing date of a registered demand to the date of reception the proof shows (R441-2-3 CCH: the
    date of reception of the form starts the delays). CASA instructors only; a reason and a proof file (stamped form,
    acknowledgement; PDF, JPEG or PNG) are required; the new date is neither in the future nor after the registration.
    The proof is kept as a piece, the change logged in the demand's history and audited; seniority, cotation and a
    never-renewed due date follow. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = verrouiller(demande)
    if not peut_corriger_date_depot(par):
        raise PermissionDenied("Seul un instructeur de la CASA peut corriger la date de dépôt.")
    verifier_modifiable(par, demande)
    if demande.etat == EtatDemande.BROUILLON:
        raise ErreurMetier("La date de dépôt d'un brouillon se modifie à l'étape 1 du formulaire.")
    motif = (motif or "").strip()
    validation.lever_si_erreurs(_correction_erreurs(demande, date_depot, motif, justificatif))
    ancienne = demande.date_depot
    _preuve_deposer(par, demande, date_depot, justificatif)
    _date_depot_changer(demande, date_depot)
    score_avant = demande.score_cotation
    demande_recalculer(demande=demande)
    noter(
        demande,
        par,
        f"Date de dépôt corrigée du {ancienne:%d/%m/%Y} au {date_depot:%d/%m/%Y} — {motif}"
        f" (cotation {score_avant if score_avant is not None else '—'} → "
        f"{demande.score_cotation if demande.score_cotation is not None else '—'})",
    )
    return demande


def _correction_erreurs(demande: Demande, date_depot: dt.date | None, motif: str, justificatif) -> dict:
    """What the correction needs: a date attested by the proof (`_date_corrigee_erreur`), a reason of 10 to 250
    characters, the proof file. {field: [French messages]}."""
    erreurs: dict[str, list[str]] = {}
    validation.texte_saisi(motif, "motif", erreurs)
    erreur_date = _date_corrigee_erreur(demande, date_depot)
    if erreur_date:
        erreurs["date_depot"] = [erreur_date]
    if len(motif) < 10:
        erreurs["motif"] = ["Expliquez la correction (10 caractères au moins) : elle change l'ancienneté."]
    elif len(motif) > 250:
        erreurs["motif"] = [f"Le motif fait {len(motif)} caractères : 250 au plus."]
    if justificatif is None:
        erreurs["justificatif"] = ["Joignez la preuve de la date de réception (formulaire tamponné, accusé)."]
    return erreurs


def _date_corrigee_erreur(demande: Demande, date_depot: dt.date | None) -> str:
    """Why the corrected date is refused ("" when it is accepted): missing, after the registration, unchanged, or
    more than a year before the registration (a demand that old should have been renewed)."""
    if date_depot is None:
        return "Indiquez la date de dépôt attestée par le justificatif."
    if date_depot > demande.date_enregistrement:
        return (
            f"La date de dépôt ne peut pas être postérieure à l'enregistrement "
            f"({demande.date_enregistrement:%d/%m/%Y}) : le formulaire était reçu avant d'être enregistré."
        )
    if date_depot == demande.date_depot:
        return "C'est déjà la date de dépôt de la demande."
    if date_depot < cycle.mois_apres(demande.date_enregistrement, -cycle.delais().validite):
        return (
            f"{format_fr.date(date_depot)} précède de plus d'un an l'enregistrement "
            f"({format_fr.date(demande.date_enregistrement)}) : une demande reçue alors aurait dû être renouvelée "
            "(R441-2-7 CCH) ; son ancienneté se reprend par une nouvelle demande, pas par une correction."
        )
    return ""


def _preuve_deposer(par: Utilisateur, demande: Demande, date_depot: dt.date, justificatif) -> None:
    """The proof kept among the demand's pieces (PREUVE_DEPOT); its file's errors said on `justificatif`."""
    try:
        piece_deposer(
            par=par,
            demande=demande,
            type=TypePiece.PREUVE_DEPOT,
            fichier=justificatif,
            commentaire=f"Preuve de la date de dépôt du {date_depot:%d/%m/%Y}",
        )
    except validation.ErreursValidation as err:
        raise validation.ErreursValidation(
            {("justificatif" if champ == "fichier" else champ): m for champ, m in err.erreurs.items()}
        ) from err


def _date_depot_changer(demande: Demande, date_depot: dt.date) -> None:
    """The new filing date; a never-renewed demand's due date follows it, never shortened (the applicant does not pay
    for the service's late registration): one year after the corrected filing, or the current due date."""
    jamais_renouvelee = demande.date_dernier_renouvellement is None
    demande.date_depot = date_depot
    champs = ["date_depot", "modifie_le"]
    if jamais_renouvelee:
        demande.date_echeance = max(cycle.echeance_initiale(date_depot), demande.date_echeance)
        champs.append("date_echeance")
    demande.save(update_fields=champs)
