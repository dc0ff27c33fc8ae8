"""Renewal (R441-2-7 CCH, REGLES §8): whether a renewal received on a day is accepted and what it does, recording it
(it reactivates a demand struck off for non-renewal or for no answer), the reminder a month before the due date, and
the radiation of the demands not renewed (t + 13 months). The timings are demandes/cycle.py's."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.signaux import envoyer_apres_validation
from territoire.contexte import contexte_de
from territoire.models import Utilisateur

from .. import cycle, retention
from ..codes import EtatDemande, Lien, MotifRadiation, TypeCourrier
from ..models import Courrier, Demande, TransitionDemande
from ..signaux import demandes_a_renouveler
from .radiation import demande_radier, reactiver
from .socle import verifier_date_de_reception, verifier_peut_agir, verrouiller

# Radiations a renewal received in time reverses (docs/demandes.md): non-renewal, and no answer to a warning.
REACTIVABLES = (MotifRadiation.RADREN, MotifRadiation.RADCON)
DELAI_RAPPEL = dt.timedelta(days=31)
# How the log says a renewal the applicant made himself, in his space (portail/): no agent, `par` empty.
PAR_LE_DEMANDEUR = "par le demandeur, en ligne"


def _avertissements_clore(demande: Demande, par: Utilisateur | None, recu_le: dt.date) -> None:
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


def _auteur(par: Utilisateur | None, par_le_demandeur: bool) -> str:
    """Who received the renewal, as the log line says it: « par <the service> » or « par le demandeur, en ligne »."""
    if par_le_demandeur:
        if par is not None:
            raise ValueError("Un renouvellement en ligne par le demandeur n'a pas d'agent pour auteur (par=None).")
        return PAR_LE_DEMANDEUR
    if par is None:
        raise ValueError("Un renouvellement a un auteur : un agent (par) ou le demandeur en ligne (par_le_demandeur).")
    return f"par {contexte_de(par).organisation_nom}"


@transaction.atomic
def demande_renouveler(
    *, par: Utilisateur | None, demande: Demande, recu_le: dt.date | None = None, par_le_demandeur: bool = False
) -> Demande:
    """Records a renewal received on `recu_le` (today by default) by the acting service (R441-2-7 CCH), or made by
    the applicant himself in his space (`par_le_demandeur=True`, `par` None, `recu_le` today: portail/).

    Accepted from CASA_RENOUVELLEMENT_OUVERT_MOIS (3) months before the due date to 6 months after it (t + 18 months,
    arrêté du 23 mars 2015, annexe). The new due date is one year after the previous one, never stacked; a demand
    struck off for non-renewal (RADREN, from t + 13 months) is reactivated: same number, same filing date, so its
    seniority, and valid one year from the renewal. The log line begins with the words envois_sne/regles.py reads
    (RENOUVELEE, REACTIVEE_PAR_RENOUVELLEMENT) and cites the reception date then the new due date, whoever made it:
    an online renewal goes to the SNE like a counter's. Raises ErreurMetier (French, with the dates),
    PermissionDenied; ValueError without an author (`par` None and not `par_le_demandeur`)."""
    auteur = _auteur(par, par_le_demandeur)
    demande = verrouiller(demande)
    if par is not None:
        verifier_peut_agir(par, demande)
    jour = timezone.localdate()
    recu_le = jour if par_le_demandeur else (recu_le or jour)
    verifier_date_de_reception(recu_le, jour, demande.date_enregistrement, "le renouvellement")
    possible, raison = renouvellement_possible(demande, recu_le)
    if not possible:
        raise ErreurMetier(raison, champ="recu_le")
    precedente = demande.date_echeance
    reactivation, demande.date_echeance = renouvellement_effet(demande, recu_le)
    demande.date_dernier_renouvellement = recu_le
    _avertissements_clore(demande, par, recu_le)
    if reactivation:
        demande.save(update_fields=["date_dernier_renouvellement"])
        reactiver(
            demande,
            par,
            # the dates in this order (reception, new due date, radiation): envois_sne/contenu.py reads the first two
            f"Réactivée par le renouvellement reçu le {recu_le:%d/%m/%Y} {auteur} : valable jusqu'au "
            f"{demande.date_echeance:%d/%m/%Y}, numéro et ancienneté conservés (radiée le "
            f"{demande.date_radiation:%d/%m/%Y})",
            par_le_demandeur=par_le_demandeur,
        )
        return demande
    demande.save(update_fields=["date_echeance", "date_dernier_renouvellement", "modifie_le"])
    en_ligne = f", {PAR_LE_DEMANDEUR}" if par_le_demandeur else ""
    TransitionDemande.objects.create(  # a note (socle.noter), with its author
        demande=demande,
        de=demande.etat,
        vers=demande.etat,
        par=par,
        par_le_demandeur=par_le_demandeur,
        motif=f"Renouvelée (reçu le {recu_le:%d/%m/%Y}{en_ligne}) : valable jusqu'au "
        f"{demande.date_echeance:%d/%m/%Y} au lieu du {precedente:%d/%m/%Y}",
    )
    return demande


# --------------------------------------------------------------------------- beat jobs


def _courriels_rappel(demande: Demande, demandeur) -> list[EmailMessage]:
    """The reminder's e-mails: to the applicant, nothing personal beyond the first name (no number, name nor date:
    docs/portail.md « Courriels ») and the link to his space, where he renews it; to the counter, its own copy with
    the demand's number. Each only when its address is known."""
    courriels = []
    if demandeur and demandeur.courriel:
        contexte = {
            "prenom": demandeur.prenom,
            "produit": settings.CASA_NOM_PRODUIT,
            # demandes is below portail (layers): the space's address from the URL name, not from portail.courriels
            "url_espace": f"{settings.CASA_PROTOCOLE}://{settings.CASA_DOMAINE}{reverse('portail:connexion')}",
        }
        courriels.append(
            EmailMessage(
                "Votre demande de logement social est à renouveler",
                render_to_string("demandes/courriel_renouvellement_demandeur.txt", contexte),
                to=[demandeur.courriel],
            )
        )
    if demande.guichet.courriel:
        courriels.append(
            EmailMessage(
                f"Votre demande de logement social {demande.reference} est à renouveler",
                render_to_string("demandes/courriel_renouvellement.txt", {"demande": demande, "demandeur": demandeur}),
                to=[demande.guichet.courriel],
            )
        )
    return courriels


def rappels_renouvellement_envoyer(*, jour: dt.date | None = None) -> int:
    """A month before the anniversary (R441-2-7: at least one month before the end of validity), tells the applicant
    (an e-mail without personal data, with the link to his space) and the counter (a copy naming the demand) that
    the demand must be renewed. Once per due date: the date of the reminder is kept on the demand. Returns how many
    demands were reminded."""
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
    n, par_guichet = 0, {}
    for demande in a_rappeler:
        demandeur = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
        with transaction.atomic():
            courriels = _courriels_rappel(demande, demandeur)
            if courriels:
                get_connection().send_messages(courriels)
            Demande.objects.filter(pk=demande.pk).update(rappel_renouvellement_le=jour)
            Courrier.objects.create(
                demande=demande,
                type=TypeCourrier.RAPPEL_RENOUVELLEMENT,
                objet=f"Renouveler la demande avant le {demande.date_echeance:%d/%m/%Y}",
                envoye_le=jour,
                radiation_prevue_le=cycle.fenetre_renouvellement(demande.date_echeance).radiation_le,
            )
        par_guichet.setdefault(demande.guichet_id, []).append(demande.pk)
        n += 1
    if par_guichet:  # the counters' notifications (alertes, docs/partenaires.md)
        envoyer_apres_validation(demandes_a_renouveler, Demande, par_guichet=par_guichet, jour=jour.isoformat())
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
