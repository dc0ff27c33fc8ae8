"""The events told to the partners (docs/partenaires.md « Notifications »), each from the real service that causes
it: the receivers of the lower apps' signals (connected in apps.AlertesConfig.ready, sent after the commit by
commun.signaux.envoyer_apres_validation) and the daily scan of the CAL decisions awaited past their delay (tasks).

Each text names what every recipient may read: a dwelling's reference (résidence, number, commune), a deposit's
number, a count, a session's number; never an applicant's name nor a demand's number. The link opens the page where
the reader sees what its role allows."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateField, Max
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from commissions.models import Avis, DecisionAvis, Seance
from commun import format_fr
from partenariat.models import NoteDemande
from partenariat.selectors import note_lisible_par, organisations_destinataires
from positionnements.etats import EtatPositionnement, SourceDepot
from positionnements.models import DepotDecisionsCAL, Designation, Positionnement, TransitionDepotCAL
from programmation.models import Disponibilite, Logement
from territoire.models import Organisation
from territoire.roles import Role

from .destinataires import CASA, GESTIONNAIRES, GUICHET, RESERVATAIRES, casa, personnes
from .models import EvenementNotifie
from .services import notifier


class Type:
    """The kinds of notification (`data["type"]`; docs/partenaires.md's table)."""

    LOGEMENT_A_POURVOIR = "logement_a_pourvoir"
    CANDIDATS_POSITIONNES = "candidats_positionnes"
    AVIS_COMMISSION = "avis_commission"
    DECISIONS_CAL_EN_RETARD = "decisions_cal_en_retard"
    DEPOT_CAL = "depot_cal"
    DEMANDES_A_RENOUVELER = "demandes_a_renouveler"
    NOTE_ADRESSEE = "note_adressee"


def reference_logement(logement: Logement) -> str:
    """« le T3 n° 12 de la résidence Les Pins (Antibes) »: what a dwelling is called in a notification."""
    residence = logement.residence
    ou = f"{format_fr.de_la_residence(residence.nom)} ({residence.commune.nom})"
    return f"le {logement.typologie} n° {logement.numero} {ou}"


def _disponibilites(ids) -> list[Disponibilite]:
    return list(
        Disponibilite.objects.filter(pk__in=ids)
        .select_related("logement__residence__commune", "logement__residence__bailleur")
        .order_by("pk")
    )


# ------------------------------------------------------------------ a dwelling of mine to fill (the réservataire)


def sur_logements_a_pourvoir(sender, *, disponibilites: list[int], **_) -> int:
    """programmation.signaux.logements_a_pourvoir (a vacancy declared, a programme delivered): the réservataires of
    the contingent the dwelling is on. Returns the notifications written."""
    n = 0
    for dispo in _disponibilites(disponibilites):
        n += notifier(
            cle=f"logement-a-pourvoir:{dispo.pk}",
            type=Type.LOGEMENT_A_POURVOIR,
            destinataires=personnes([dispo.reservataire_id], RESERVATAIRES),
            acteur=dispo.logement.residence.bailleur,
            verbe=f"Logement de votre contingent à pourvoir : {reference_logement(dispo.logement)}, libre le "
            f"{format_fr.date(dispo.date_liberation)}.",
            url=reverse("positionnements:logement", args=[dispo.pk]),
            cible=dispo,
        )
    return n


# ------------------------------------------------------------- a candidate positioned on my dwelling (the landlord)


def sur_candidats_positionnes(sender, *, positionnements: list[int], **_) -> int:
    """positionnements.signaux.candidats_positionnes (CASA proposes candidates): the landlord's managers, one
    notification per dwelling with the count."""
    par_logement: dict[int, list[int]] = {}
    for pk, dispo_id in (
        Positionnement.objects.filter(pk__in=positionnements).order_by("pk").values_list("pk", "disponibilite_id")
    ):
        par_logement.setdefault(dispo_id, []).append(pk)
    n = 0
    for dispo in _disponibilites(par_logement):
        pks = par_logement[dispo.pk]
        bailleur = dispo.logement.residence.bailleur
        n += notifier(
            cle=f"candidats-positionnes:{dispo.pk}:{pks[0]}",
            type=Type.CANDIDATS_POSITIONNES,
            destinataires=personnes([bailleur.pk], GESTIONNAIRES),
            acteur=casa(),
            verbe=f"{format_fr.compte(len(pks), 'candidat positionné', 'candidats positionnés')} par la CASA sur "
            f"votre logement : {reference_logement(dispo.logement)}.",
            url=reverse("positionnements:logement", args=[dispo.pk]),
            cible=dispo,
        )
    return n


# ---------------------------------------- my candidate validated or refused by the commission (réservataire, counter)

VERDICTS = {
    DecisionAvis.VALIDE: "validé par la commission (transmis à la CAL du bailleur)",
    DecisionAvis.REFUSE: "refusé par la commission",
}


def _reservataires_designant(demande_ids) -> dict[int, set[int]]:
    """{demand id: the réservataires whose active list designates it}."""
    designants: dict[int, set[int]] = {}
    for demande_id, reservataire_id in Designation.objects.filter(
        demande_id__in=demande_ids, liste__active=True
    ).values_list("demande_id", "liste__reservataire_id"):
        designants.setdefault(demande_id, set()).add(reservataire_id)
    return designants


def sur_seance_close(sender, *, seance: int, **_) -> int:
    """commissions.signaux.seance_close: for each candidate validated or refused, the réservataires that designated
    it (their active list of candidates, positionnements.croisements) and the counter that registered the demand
    (its agents and instructors)."""
    seance = Seance.objects.filter(pk=seance).first()
    if seance is None:  # gone since (a test's rolled-back world): nothing to tell
        return 0
    avis = list(
        Avis.objects.filter(seance=seance, decision__in=list(VERDICTS))
        .select_related("positionnement__demande", "positionnement__disponibilite__logement__residence__commune")
        .order_by("pk")
    )
    designants = _reservataires_designant([a.positionnement.demande_id for a in avis])
    n = 0
    for a in avis:
        p = a.positionnement
        logement, verdict = reference_logement(p.disponibilite.logement), VERDICTS[a.decision]
        url = reverse("positionnements:logement", args=[p.disponibilite_id])
        commun = {"type": Type.AVIS_COMMISSION, "acteur": casa(), "url": url, "cible": p.disponibilite}
        n += notifier(
            cle=f"avis-commission:{seance.pk}:{p.pk}:reservataire",
            destinataires=personnes(designants.get(p.demande_id, ()), RESERVATAIRES),
            verbe=f"Un candidat que vous avez désigné, sur {logement}, a été {verdict} ({seance.numero}).",
            **commun,
        )
        n += notifier(
            cle=f"avis-commission:{seance.pk}:{p.pk}:guichet",
            destinataires=personnes([p.demande.guichet_id], GUICHET),
            verbe=f"Une demande enregistrée à votre guichet, positionnée sur {logement}, a été {verdict} "
            f"({seance.numero}).",
            **commun,
        )
    return n


# ------------------------------------------------------------ a deposit of CAL returns checked or failed (landlord)

ISSUES_DEPOT = {
    "VERIFIE": "est vérifié sans erreur : appliquez-le",
    "REJETE": "est refusé : corrigez les erreurs du rapport et déposez-le à nouveau",
    "APPLIQUE": "est appliqué",
    "ECHEC": "n'a pas pu être traité : relancez-le",
}


def sur_depot_cal_verifie(sender, *, depot: int, transition: int, **_) -> int:
    """positionnements.signaux.depot_cal_verifie (the worker checked, applied or failed a landlord's file): the
    landlord's managers. The candidates' answers (their space, the silence past the delay) are not told here."""
    depot = DepotDecisionsCAL.objects.select_related("bailleur").defer("contenu").filter(pk=depot).first()
    etape = TransitionDepotCAL.objects.filter(pk=transition, depot=depot).first()
    if depot is None or etape is None:
        return 0
    if depot.source not in (SourceDepot.FICHIER, SourceDepot.API) or etape.vers not in ISSUES_DEPOT:
        return 0
    detail = ""
    if etape.vers == "REJETE":
        detail = f" ({format_fr.compte(depot.nombre_erreurs, 'erreur', 'erreurs')})"
    elif etape.vers == "VERIFIE":
        detail = f" ({format_fr.compte(depot.lignes, 'ligne', 'lignes')})"
    return notifier(
        cle=f"depot-cal:{depot.pk}:transition:{etape.pk}",
        type=Type.DEPOT_CAL,
        destinataires=personnes([depot.bailleur_id], GESTIONNAIRES),
        acteur=depot.bailleur,
        verbe=f"Votre dépôt de décisions de CAL n° {depot.numero}{detail} {ISSUES_DEPOT[etape.vers]}.",
        url=reverse("positionnements:depot_cal", args=[depot.pk]),
        cible=depot,
    )


# --------------------------------------------------------------------- my demands due for renewal (the counter)


def sur_demandes_a_renouveler(sender, *, par_guichet: dict, jour: str, **_) -> int:
    """demandes.signaux.demandes_a_renouveler (the renewal reminders of the day, a month before the due date): each
    counter's agents and instructors, one notification with the count."""
    n = 0
    for cle_guichet, demandes in par_guichet.items():
        guichet_id = int(cle_guichet)  # a JSON object's keys are strings (the worker's task)
        guichet = Organisation.objects.filter(pk=guichet_id).first()
        if guichet is None:
            continue
        n += notifier(
            cle=f"demandes-a-renouveler:{guichet_id}:{jour}",
            type=Type.DEMANDES_A_RENOUVELER,
            destinataires=personnes([guichet_id], GUICHET),
            acteur=guichet,
            verbe=f"{format_fr.compte(len(demandes), 'demande enregistrée', 'demandes enregistrées')} à votre guichet "
            f"{'arrive' if len(demandes) < 2 else 'arrivent'} à échéance dans le mois : le demandeur a reçu son "
            "rappel de renouvellement.",
            url=reverse("demandes:liste") + "?echeance_jours=31",
        )
    return n


# -------------------------------------------------------------------------- a note addressed to my organisation

# Who reads a note addressed to an organisation: the roles that work on demands (not its readers, members nor
# administrators). A note on a sensitive subject is addressed by partenariat to the roles that may read it: `roles`.
ROLES_NOTE = (
    Role.INSTRUCTEUR,
    Role.AGENT_GUICHET,
    Role.GESTIONNAIRE_BAILLEUR,
    Role.RESERVATAIRE,
    Role.SECRETARIAT_COMMISSION,
)


def note_adressee(*, note_id: int) -> int:
    """A shared note on a demand was added (partenariat.signaux.note_ajoutee, issue 20): the people of the
    organisations it is addressed to (partenariat.selectors.organisations_destinataires, the author's own excepted),
    holding one of ROLES_NOTE, who may read it (note_lisible_par: a sensitive note only to those who open sensitive
    pieces), are told « a note addressed to your organisation » with the link to the demand's thread, and, on the
    page of notifications only (not in the e-mail), the demand's number (they read that demand). The note's text is
    never in the notification nor the e-mail: the page shows it to those who may read it. Once per note; a note
    gone meanwhile (erased) tells nothing. Returns the notifications written."""
    note = NoteDemande.objects.select_related("demande", "organisation").filter(pk=note_id).first()
    if note is None:
        return 0
    organisations = [o.pk for o in organisations_destinataires(note) if o.pk != note.organisation_id]
    destinataires = [u for u in personnes(organisations, ROLES_NOTE) if note_lisible_par(u, note)]
    return notifier(
        cle=f"note:{note_id}",
        type=Type.NOTE_ADRESSEE,
        destinataires=destinataires,
        acteur=note.organisation,
        verbe=f"Une note partagée sur une demande est adressée à votre organisation par {note.organisation.nom}.",
        url=reverse("partenariat:fil", args=[note.demande_id]),
        cible=note.demande,
        objet=f"Demande {note.demande.reference}",  # the number the thread shows (the NUR once known)
    )


def sur_note_ajoutee(sender, *, note_id: int, **_) -> int:
    """The worker's side of partenariat.signaux.note_ajoutee (relayed with the note's id: recepteurs.relais_note)."""
    return note_adressee(note_id=note_id)


# ------------------------------------------------------------- a CAL decision awaited past its delay (CASA, daily)


def jour_de_validation():
    """The day the commission validated the positionnement (its last move to « validé »)."""
    return Max(Coalesce("transitions__date_effet", Cast("transitions__le", DateField())))


def decisions_cal_en_retard(*, jour: dt.date | None = None) -> int:
    """The daily scan (beat): the positionnements validated by the commission more than CASA_DELAI_DECISION_CAL_JOURS
    days ago with no CAL decision yet, not told before, told to CASA's instructors, one notification per landlord
    with the count. Each positionnement is told once per validation (its key in EvenementNotifie). Returns the
    notifications written."""
    jour = jour or timezone.localdate()
    limite = jour - dt.timedelta(days=int(settings.CASA_DELAI_DECISION_CAL_JOURS))
    with transaction.atomic():
        with connection.cursor() as curseur:  # two scans at once (a task delivered twice) tell nothing twice
            curseur.execute("SELECT pg_advisory_xact_lock(hashtext('alertes.decisions_cal_en_retard'))")
        en_retard = (
            Positionnement.objects.filter(etat=EtatPositionnement.VALIDE)
            .filter(transitions__vers=EtatPositionnement.VALIDE)
            .annotate(valide_le=jour_de_validation())
            .filter(valide_le__lte=limite)
            .values_list("pk", "valide_le", "disponibilite__logement__residence__bailleur_id")
        )
        cles = {f"cal-en-retard:{pk}:{valide_le:%Y-%m-%d}": bailleur for pk, valide_le, bailleur in en_retard}
        deja = set(EvenementNotifie.objects.filter(cle__in=list(cles)).values_list("cle", flat=True))
        par_bailleur: dict[int, list[str]] = {}
        for cle, bailleur in cles.items():
            if cle not in deja:
                par_bailleur.setdefault(bailleur, []).append(cle)
        EvenementNotifie.objects.bulk_create(
            [EvenementNotifie(cle=c, type=Type.DECISIONS_CAL_EN_RETARD) for c in sum(par_bailleur.values(), [])]
        )
        destinataires = list(personnes([casa().pk], CASA))
        n = 0
        for bailleur in Organisation.objects.filter(pk__in=list(par_bailleur)).order_by("nom"):
            nombre = len(par_bailleur[bailleur.pk])
            n += notifier(
                cle=f"decisions-cal-en-retard:{bailleur.pk}:{jour:%Y-%m-%d}",
                type=Type.DECISIONS_CAL_EN_RETARD,
                destinataires=destinataires,
                acteur=bailleur,
                verbe=f"{format_fr.compte(nombre, 'décision de CAL attendue', 'décisions de CAL attendues')} "
                f"{format_fr.de(bailleur.nom)} depuis plus de {settings.CASA_DELAI_DECISION_CAL_JOURS} jours "
                "après la validation par la commission.",
                url=reverse("positionnements:cal") + f"?vue=attendues&bailleur={bailleur.pk}",
                cible=bailleur,
            )
    return n
