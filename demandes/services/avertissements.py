"""The warning before radiation for no answer (R441-2-8 CCH): record the registered letter sent, the applicant's
answer (it stops the radiation, or reactivates within five months a demand struck off for it), and the daily
radiation (RADCON) of the demands whose warning had no answer for two months. The timings are demandes/cycle.py's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.models import Utilisateur

from .. import cycle, retention, validation
from ..codes import EtatDemande, MotifRadiation, TypeCourrier
from ..models import Courrier, Demande
from .radiation import demande_radier, reactiver
from .socle import noter, verifier_date_de_reception, verifier_modifiable, verifier_peut_agir, verrouiller


def _avertissement_erreurs(demande: Demande, objet: str, envoye_le: dt.date, jour: dt.date) -> dict[str, list[str]]:
    """The letter's subject (1 to 300 characters) and its date (not in the future, not before the registration,
    within the month)."""
    erreurs: dict[str, list[str]] = {}
    validation.texte_saisi(objet, "objet", erreurs)
    if not objet:
        erreurs["objet"] = ["Indiquez l'objet du courrier (ce qui est demandé au demandeur)."]
    elif len(objet) > 300:
        erreurs["objet"] = [f"L'objet fait {len(objet)} caractères : 300 au plus."]
    if envoye_le > jour:
        erreurs["envoye_le"] = ["La date d'envoi ne peut pas être dans le futur."]
    elif demande.date_enregistrement and envoye_le < demande.date_enregistrement:
        erreurs["envoye_le"] = [
            f"La demande a été enregistrée le {format_fr.date(demande.date_enregistrement)} : un avertissement ne "
            "peut pas avoir été envoyé avant."
        ]
    elif envoye_le < cycle.mois_apres(jour, -1):
        erreurs["envoye_le"] = ["Un courrier s'enregistre dans le mois de son envoi."]
    return erreurs


@transaction.atomic
def avertissement_envoyer(*, par: Utilisateur, demande: Demande, objet: str, envoye_le: dt.date | None = None):
    """Records the warning sent to the applicant (registered letter, R441-2-8 CCH): without an answer, the demand is
    struck off (RADCON) two months after it (arrêté du 23 mars 2015, annexe). Returns the Courrier. One open warning
    per demand. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    jour = timezone.localdate()
    envoye_le = envoye_le or jour
    objet = (objet or "").strip()
    validation.lever_si_erreurs(_avertissement_erreurs(demande, objet, envoye_le, jour))
    if demande.etat not in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE):
        raise ErreurMetier("Seule une demande en cours peut recevoir un avertissement.")
    ouvert = demande.courriers.filter(type=TypeCourrier.AVERTISSEMENT, repondu_le__isnull=True).first()
    if ouvert:
        raise ErreurMetier(
            f"Un avertissement du {ouvert.envoye_le:%d/%m/%Y} attend déjà sa réponse "
            f"(radiation prévue le {ouvert.radiation_prevue_le:%d/%m/%Y})."
        )
    courrier = Courrier.objects.create(
        demande=demande,
        type=TypeCourrier.AVERTISSEMENT,
        objet=objet,
        envoye_le=envoye_le,
        par=par,
        radiation_prevue_le=cycle.radiation_apres_avertissement(envoye_le),
    )
    noter(
        demande,
        par,
        f"Avertissement envoyé le {envoye_le:%d/%m/%Y} (R441-2-8) : sans réponse, radiation le "
        f"{courrier.radiation_prevue_le:%d/%m/%Y}",
    )
    return courrier


def _reponse_verifier(demande: Demande, courrier: Courrier, recu_le: dt.date, jour: dt.date) -> bool:
    """An answer is noted once, after the letter, within the month of its reception; for a demand struck off for this
    letter, within the five months of reactivation and before its renewal is due. Returns whether the demand was
    struck off for this letter (the answer then reactivates it). Raises ErreurMetier."""
    if courrier.type != TypeCourrier.AVERTISSEMENT:
        raise ErreurMetier("Ce courrier n'attend pas de réponse.")
    if courrier.repondu_le:
        raise ErreurMetier(f"La réponse à ce courrier est déjà notée (reçue le {courrier.repondu_le:%d/%m/%Y}).")
    if recu_le < courrier.envoye_le:
        raise ErreurMetier(
            f"La réponse se reçoit après l'envoi du courrier ({courrier.envoye_le:%d/%m/%Y}).", champ="recu_le"
        )
    verifier_date_de_reception(recu_le, jour, None, "la réponse")
    radiee_pour_ce_courrier = demande.etat == EtatDemande.RADIEE and demande.motif_radiation == MotifRadiation.RADCON
    if demande.etat == EtatDemande.RADIEE and not radiee_pour_ce_courrier:
        raise ErreurMetier(f"Cette demande est radiée ({demande.get_motif_radiation_display()}).")
    if radiee_pour_ce_courrier and cycle.fenetre_renouvellement(demande.date_echeance).radiation_le <= recu_le:
        raise ErreurMetier(
            f"La demande est aussi échue depuis le {format_fr.date(demande.date_echeance)} : enregistrez son "
            "renouvellement (il vaut réponse à l'avertissement et la réactive), sans quoi elle serait radiée à "
            "nouveau pour non-renouvellement.",
            champ="recu_le",
        )
    if radiee_pour_ce_courrier:
        limite = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
        if recu_le > limite:
            raise ErreurMetier(
                f"La demande a été radiée le {demande.date_radiation:%d/%m/%Y} faute de réponse : elle pouvait être "
                f"réactivée jusqu'au {limite:%d/%m/%Y}. Le demandeur dépose une nouvelle demande.",
                champ="recu_le",
            )
    return radiee_pour_ce_courrier


@transaction.atomic
def avertissement_reponse_noter(*, par: Utilisateur, courrier: Courrier, recu_le: dt.date | None = None) -> Courrier:
    """Records the applicant's answer to a warning, received on `recu_le`. Before the radiation it stops it; after it
    (RADCON), within five months, it reactivates the demand with its number and seniority (arrêté du 23 mars 2015,
    annexe). Raises ErreurMetier (French, with the dates), PermissionDenied."""
    demande = verrouiller(courrier.demande)
    courrier = Courrier.objects.select_for_update().get(pk=courrier.pk)
    verifier_peut_agir(par, demande)
    retention.verifier_non_effacee(demande)
    jour = timezone.localdate()
    recu_le = recu_le or jour
    radiee_pour_ce_courrier = _reponse_verifier(demande, courrier, recu_le, jour)
    courrier.repondu_le = recu_le
    courrier.reponse_notee_par = par
    courrier.save(update_fields=["repondu_le", "reponse_notee_par"])
    if radiee_pour_ce_courrier:
        reactiver(
            demande,
            par,
            f"Réactivée par la réponse reçue le {recu_le:%d/%m/%Y} à l'avertissement du {courrier.envoye_le:%d/%m/%Y} "
            f"(radiée le {demande.date_radiation:%d/%m/%Y}) : numéro et ancienneté conservés",
        )
    else:
        noter(
            demande,
            par,
            f"Réponse reçue le {recu_le:%d/%m/%Y} à l'avertissement du {courrier.envoye_le:%d/%m/%Y} : "
            "pas de radiation",
        )
    return courrier


def demandes_sans_reponse_radier(*, jour: dt.date | None = None) -> int:
    """Strikes off (RADCON) the demands whose warning (R441-2-8) has had no answer for two months. Daily (beat)."""
    jour = jour or timezone.localdate()
    echus = Courrier.objects.filter(
        type=TypeCourrier.AVERTISSEMENT,
        repondu_le__isnull=True,
        radiation_prevue_le__lte=jour,
        demande__etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE],
    ).values_list("demande_id", "envoye_le")
    n = 0
    for pk, envoye_le in list(echus):
        demande_radier(
            par=None,
            demande=Demande(pk=pk),
            motif=MotifRadiation.RADCON,
            commentaire=f"sans réponse à l'avertissement du {envoye_le:%d/%m/%Y} (R441-2-8)",
            jour=jour,
        )
        n += 1
    return n
