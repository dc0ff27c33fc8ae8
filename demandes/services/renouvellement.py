"""Renewal (R441-2-7 CCH, REGLES §8): whether a renewal received on a day is accepted and what it does, recording it
(it reactivates a demand struck off for non-renewal or for no answer), the reminder a month before the due date, and
the radiation of the demands not renewed (t + 13 months). The timings are demandes/cycle.py's."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.contexte import contexte_de
from territoire.models import Utilisateur

from .. import cycle, retention
from ..codes import EtatDemande, Lien, MotifRadiation, TypeCourrier
from ..models import Courrier, Demande
from .radiation import demande_radier, reactiver
from .socle import noter, verifier_date_de_reception, verifier_peut_agir, verrouiller

# Radiations a renewal received in time reverses (docs/demandes.md): non-renewal, and no answer to a warning.
REACTIVABLES = (MotifRadiation.RADREN, MotifRadiation.RADCON)
DELAI_RAPPEL = dt.timedelta(days=31)


def _avertissements_clore(demande: Demande, par: Utilisateur, recu_le: dt.date) -> None:
    """A renewal received is an answer from the applicant: the open warning (R441-2-8) no longer strikes it off."""
    ouverts = demande.courriers.filter(type=TypeCourrier.AVERTISSEMENT, repondu_le__isnull=True)
    for courrier in ouverts:
        courrier.repondu_le = max(recu_le, courrier.envoye_le)
        courrier.reponse_notee_par = par
        courrier.save(update_fields=["repondu_le", "reponse_notee_par"])


def renouvellement_possible(demande: Demande, jour: dt.date | None = None) -> tuple[bool, str]:
    """Whether a renewal received on `jour` is accepted, and why not (a French sentence) — for the page's button."""
    jour = jour or timezone.localdate()
    if demande.etat == EtatDemande.BROUILLON or demande.date_echeance is None:
        return False, "Une demande s'enregistre avant d'être renouvelée."
    effacement = retention.effacement_de(demande)
    if effacement is not None:
        return False, retention.message_effacee(effacement)
    fenetre = cycle.fenetre_renouvellement(demande.date_echeance)
    if demande.etat == EtatDemande.RADIEE and demande.motif_radiation not in REACTIVABLES:
        return False, f"Cette demande est radiée ({demande.get_motif_radiation_display()}) : elle ne se renouvelle pas."
    if demande.motif_radiation == MotifRadiation.RADCON and demande.date_radiation:
        # struck off for no answer: a renewal received is the answer, within the five months of the letter's rule
        limite = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
        if jour > limite:
            return False, (
                f"Radiée le {format_fr.date(demande.date_radiation)} faute de réponse : elle pouvait être réactivée "
                f"jusqu'au {format_fr.date(limite)}. Le demandeur dépose une nouvelle demande."
            )
    if jour < fenetre.ouverte_le:
        return False, (
            f"La demande est valable jusqu'au {demande.date_echeance:%d/%m/%Y} : son renouvellement sera possible à "
            f"partir du {fenetre.ouverte_le:%d/%m/%Y}."
        )
    if jour > fenetre.fermee_apres:
        return False, (
            f"Le délai de réactivation est dépassé depuis le {fenetre.fermee_apres:%d/%m/%Y} (18 mois après le dépôt "
            "ou le dernier renouvellement) : le demandeur dépose une nouvelle demande."
        )
    return True, ""


def renouvellement_effet(demande: Demande, recu_le: dt.date) -> tuple[bool, dt.date]:
    """What a renewal received on `recu_le` would do (the confirmation page says it, demande_renouveler does it):
    (whether it reactivates a struck-off demand, the new due date). A renewal received before the radiation but
    recorded after it was in time: the validity runs on from the due date, as if the job had not passed; received
    after the radiation, one year from its reception. Reads only: `renouvellement_possible` says whether it is
    accepted."""
    reactivation = demande.etat == EtatDemande.RADIEE
    a_temps = reactivation and recu_le < demande.date_radiation
    return reactivation, cycle.nouvelle_echeance(
        demande.date_echeance, recu_le, reactivation=reactivation and not a_temps
    )


@transaction.atomic
def demande_renouveler(*, par: Utilisateur, demande: Demande, recu_le: dt.date | None = None) -> Demande:
    """Records a renewal received on `recu_le` (today by default) by the acting service (R441-2-7 CCH).

    Accepted from CASA_RENOUVELLEMENT_OUVERT_MOIS (3) months before the due date to 6 months after it (t + 18 months,
    arrêté du 23 mars 2015, annexe). The new due date is one year after the previous one, never stacked; a demand
    struck off for non-renewal (RADREN, from t + 13 months) is reactivated: same number, same filing date, so its
    seniority, and valid one year from the renewal. Raises ErreurMetier (French, with the dates), PermissionDenied."""
    demande = verrouiller(demande)
    verifier_peut_agir(par, demande)
    jour = timezone.localdate()
    recu_le = recu_le or jour
    verifier_date_de_reception(recu_le, jour, demande.date_enregistrement, "le renouvellement")
    possible, raison = renouvellement_possible(demande, recu_le)
    if not possible:
        raise ErreurMetier(raison, champ="recu_le")
    precedente = demande.date_echeance
    reactivation, demande.date_echeance = renouvellement_effet(demande, recu_le)
    demande.date_dernier_renouvellement = recu_le
    if reactivation:
        _avertissements_clore(demande, par, recu_le)
        demande.save(update_fields=["date_dernier_renouvellement"])
        reactiver(
            demande,
            par,
            f"Réactivée par le renouvellement reçu le {recu_le:%d/%m/%Y} par {contexte_de(par).organisation_nom} "
            f"(radiée le {demande.date_radiation:%d/%m/%Y}) : valable jusqu'au {demande.date_echeance:%d/%m/%Y}, "
            f"numéro et ancienneté conservés",
        )
        return demande
    _avertissements_clore(demande, par, recu_le)
    demande.save(update_fields=["date_echeance", "date_dernier_renouvellement", "modifie_le"])
    noter(
        demande,
        par,
        f"Renouvelée (reçu le {recu_le:%d/%m/%Y}) : valable jusqu'au {demande.date_echeance:%d/%m/%Y} "
        f"au lieu du {precedente:%d/%m/%Y}",
    )
    return demande


# --------------------------------------------------------------------------- beat jobs


def rappels_renouvellement_envoyer(*, jour: dt.date | None = None) -> int:
    """A month before the anniversary, tells the applicant and the counter that the demand must be renewed.
    Once per due date: the date of the reminder is kept on the demand."""
    jour = jour or timezone.localdate()
    a_rappeler = (
        Demande.objects.filter(
            etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE],
            date_echeance__lte=jour + DELAI_RAPPEL,
            date_echeance__gte=jour,
        )
        .filter(
            Q(rappel_renouvellement_le__isnull=True)
            | Q(rappel_renouvellement_le__lt=F("date_echeance") - dt.timedelta(days=365))
        )
        .select_related("guichet")
    )
    n = 0
    for demande in a_rappeler:
        demandeur = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
        destinataires = [a for a in (demandeur.courriel if demandeur else "", demande.guichet.courriel) if a]
        contexte = {"demande": demande, "demandeur": demandeur}
        with transaction.atomic():
            if destinataires:
                send_mail(
                    f"Votre demande de logement social {demande.reference} est à renouveler",
                    render_to_string("demandes/courriel_renouvellement.txt", contexte),
                    None,
                    destinataires,
                )
            Demande.objects.filter(pk=demande.pk).update(rappel_renouvellement_le=jour)
            Courrier.objects.create(
                demande=demande,
                type=TypeCourrier.RAPPEL_RENOUVELLEMENT,
                objet=f"Renouveler la demande avant le {demande.date_echeance:%d/%m/%Y}",
                envoye_le=jour,
                radiation_prevue_le=cycle.fenetre_renouvellement(demande.date_echeance).radiation_le,
            )
        n += 1
    return n


def demandes_non_renouvelees_radier(*, jour: dt.date | None = None) -> int:
    """Strikes off (RADREN) the demands not renewed one month after the end of their validity (t + 13 months,
    arrêté du 23 mars 2015, annexe): on the day `date_echeance` + 1 month. Until t + 18 months a renewal received
    reactivates them (demande_renouveler). Daily (beat). Returns how many were struck off."""
    jour = jour or timezone.localdate()
    # date_echeance + 1 month <= jour  ⇔  date_echeance <= jour − 1 month (calendar months, end of month clipped)
    limite = cycle.mois_apres(jour, -cycle.delais().radiation_apres_echeance)
    echues = [
        (pk, echeance)
        for pk, echeance in Demande.objects.filter(
            etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE], date_echeance__lte=limite + dt.timedelta(days=3)
        ).values_list("pk", "date_echeance")
        if cycle.fenetre_renouvellement(echeance).radiation_le <= jour
    ]
    n = 0
    for pk, echeance in echues:
        demande_radier(
            par=None,
            demande=Demande(pk=pk),
            motif=MotifRadiation.RADREN,
            commentaire=f"non renouvelée, valable jusqu'au {echeance:%d/%m/%Y} ; réactivable jusqu'au "
            f"{cycle.fenetre_renouvellement(echeance).fermee_apres:%d/%m/%Y}",
            jour=jour,
        )
        n += 1
    return n
