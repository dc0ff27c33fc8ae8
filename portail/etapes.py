"""« Les étapes »: the dated steps of the holder's demand in plain French (L441-2-6 CCH: the applicant is told the
steps of the processing of his demand and the CAL decisions with their reasons; REGLES §8).

Every line is worded here from structured data, never from a free text an agent typed (a note may hold internal
remarks): the demand's dates; the state moves of its log (demandes.models.TransitionDemande), a line's text read only
for the words the application itself writes first (the radiation's legal reason, « Renouvelée (reçu le … »,
« Réactivée par le renouvellement », « Date de dépôt corrigée du … au … »: the prefixes envois_sne/regles.py and
suivi/sources.py read too); its letters (demandes.models.Courrier: type and dates, not their subject); each of its
positionnements (the dwelling's commune and typology only) with the moves of its log
(positionnements.models.TransitionPositionnement: state and date, never its reason) and the CAL's facts
(positionnements.models.DecisionCAL: decision, rank, condition, reason notified, answer, lease). The commission's avis
is its move (validé, ajourné, refusé) with no reason: commissions.models.Avis.motif is a free text written for the
commission (the members' minutes leave it out). docs/portail.md « Les étapes » lists what is shown and what is not.

Four queries whatever the history's length (the demand and its counter are the signed-in holder's, already read),
three more when a ranked attribution waits for its turn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from commun.format_fr import date as date_fr
from demandes.codes import EtatDemande, MotifRadiation, TypeCourrier
from demandes.models import Courrier, Demande, TransitionDemande
from envois_sne import regles as regles_sne
from positionnements.etats import ETAT_DE_DECISION, MotifRefus, ReponseCandidat
from positionnements.etats import EtatPositionnement as E
from positionnements.models import Positionnement, TransitionPositionnement
from positionnements.retours_cal.offres import offres
from programmation.models import Typologie

ENREGISTREES = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)
DATE_CORRIGEE = "Date de dépôt corrigée du"  # demandes/services/dates.py
REACTIVEE_PAR_REPONSE = "Réactivée par la réponse"  # demandes/services/avertissements.py
RESTE_ACTIVE = "Votre demande reste valable pour d'autres logements."
# The legal reason of a radiation, as the holder reads it (demandes.codes.MotifRadiation).
RADIATIONS = {
    MotifRadiation.RADATT: ("Demande radiée : un logement vous a été attribué", "Votre demande est satisfaite."),
    MotifRadiation.RADABA: ("Demande radiée à votre demande", "Vous avez renoncé à votre demande."),
    MotifRadiation.RADREN: (
        "Demande radiée : elle n'a pas été renouvelée à temps",
        "Votre guichet peut vous dire si elle peut encore être réactivée, avec son numéro et son ancienneté.",
    ),
    MotifRadiation.RADIRR: (
        "Demande radiée pour irrecevabilité",
        "Les conditions légales pour obtenir un logement social ne sont pas remplies.",
    ),
    MotifRadiation.RADCON: (
        "Demande radiée : pas de réponse au courrier d'avertissement",
        "Votre guichet peut vous dire si elle peut encore être réactivée.",
    ),
}
# The reasons of an irrecevabilité the CAL files write as a code first (docs/cal.md `motif_decision`).
IRRECEVABILITES = {"IRRSEJ": "titre de séjour non valable", "IRRRES": "ressources au-dessus du plafond"}


@dataclass(frozen=True)
class Etape:
    """One line of the timeline: the day it happened, what in a few words, the dwelling it is about (« un T3 à
    Antibes », "" for the demand itself), more in a sentence or two ("" when nothing)."""

    date: dt.date
    titre: str
    logement: str = ""
    detail: str = ""
    cle: tuple = ()  # the order of the lines of one day (not shown): see `etapes`
    # a step whose news has its own e-mail (the renewal reminder: demandes.services.rappels_renouvellement_envoyer):
    # « du nouveau » (portail.avis) does not announce it again
    annoncee_a_part: bool = False


def a_la_commune(nom: str) -> str:
    """« à Antibes », « au Rouret », « aux Ferres », « à La Colle-sur-Loup »."""
    if nom.startswith("Le "):
        return f"au {nom[3:]}"
    if nom.startswith("Les "):
        return f"aux {nom[4:]}"
    return f"à {nom}"


def etapes(demande: Demande) -> list[Etape]:
    """The steps of ``demande``, the newest first (the timeline of « Les étapes »). Four queries. The lines of one
    day are ordered by `Etape.cle`: the filing, the registration, an answer to a letter (recorded with what it
    causes), then the other lines as they were recorded (the moment of their log row or letter)."""
    lignes = _depot_et_enregistrement(demande)
    lignes += _journal_de_la_demande(demande)
    lignes += _courriers(demande)
    lignes += _positionnements(demande)
    return sorted(lignes, key=lambda e: (e.date, e.cle), reverse=True)


# ------------------------------------------------------------------------------------------------------ the demand


def _depot_et_enregistrement(d: Demande) -> list[Etape]:
    """The filing (the date seniority counts from) and the registration (the number given), from the demand's row."""
    lignes = [
        Etape(
            d.date_depot,
            "Demande déposée",
            detail=f"Au guichet : {d.guichet.nom}. Votre ancienneté compte à partir de ce jour.",
            cle=(0,),
        )
    ]
    if d.date_enregistrement:
        lignes.append(
            Etape(
                d.date_enregistrement,
                "Demande enregistrée",
                detail=f"Numéro {d.reference}. Elle vaut un an et se renouvelle chaque année.",
                cle=(1,),
            )
        )
    return lignes


def _journal_de_la_demande(d: Demande) -> list[Etape]:
    """The lines of the demand's log that can be said to its holder (see `_ligne_du_journal`)."""
    lignes = []
    journal = TransitionDemande.objects.filter(demande=d).order_by("le", "pk")
    champs = ("de", "vers", "motif", "le", "date_effet", "par_le_demandeur")
    for n, (de, vers, motif, le, date_effet, en_ligne) in enumerate(journal.values_list(*champs)):
        ligne = _ligne_du_journal(d, de, vers, motif, date_effet or timezone.localdate(le), en_ligne)
        if ligne is not None:
            date, titre, detail = ligne
            lignes.append(Etape(date, titre, detail=detail, cle=(3, le, 0, n)))
    return lignes


def _ligne_du_journal(
    d: Demande, de: str, vers: str, motif: str, jour: dt.date, en_ligne: bool
) -> tuple[dt.date, str, str] | None:
    """(day, title, detail) of a log line the holder is told, None for the others: the registration (said from the
    demand's row), the notes of letters (said from the letters), of pieces (« Ma demande » lists them), of the CAL
    (said from the positionnements), of the national number, of the erasure."""
    if de == EtatDemande.ACTIVE and vers == EtatDemande.QUALIFIEE:
        return jour, "Dossier complet : demande qualifiée", "Les pièces attendues pour votre situation sont reçues."
    if vers == EtatDemande.RADIEE and de in ENREGISTREES:
        code = regles_sne.motif_de_radiation(motif) or (d.motif_radiation if d.etat == EtatDemande.RADIEE else "")
        titre, detail = RADIATIONS.get(code, ("Demande radiée", "Votre guichet peut vous en dire la raison."))
        return jour, titre, detail
    if de == EtatDemande.RADIEE and vers in ENREGISTREES:
        return _reactivation(motif, jour)
    if de == vers and motif.startswith("Renouvelée"):
        # « Renouvelée (reçu le R) : valable jusqu'au V au lieu du P » (demandes.services.demande_renouveler); an
        # erased line keeps « Renouvelée » alone, a line of another form is dated by its log row
        dates = regles_sne.dates_citees(motif) if motif.startswith(regles_sne.RENOUVELEE) else []
        detail = f"Elle est valable jusqu'au {date_fr(dates[1])}." if len(dates) > 1 else ""
        if en_ligne:
            detail = f"Vous l'avez renouvelée en ligne. {detail}".strip()
        return (dates[0] if dates else jour), "Demande renouvelée", detail
    if de == vers and motif.startswith(DATE_CORRIGEE):
        dates = regles_sne.dates_citees(motif)[:2]  # from, to (what follows is the agent's reason: not read)
        if len(dates) == 2:
            detail = (
                f"Elle compte désormais depuis le {date_fr(dates[1])} (au lieu du {date_fr(dates[0])}), "
                "la date de réception de votre formulaire."
            )
            return jour, "Date de dépôt corrigée", detail
    return None


def _reactivation(motif: str, jour: dt.date) -> tuple[dt.date, str, str]:
    """A struck-off demand brought back: by a renewal (its dates said), by an answer to a warning, or otherwise."""
    detail = "Elle garde son numéro et son ancienneté."
    if motif.startswith(regles_sne.REACTIVEE_PAR_RENOUVELLEMENT):
        dates = regles_sne.dates_citees(motif)  # reçu le, valable jusqu'au, radiée le
        valable = f" Elle est valable jusqu'au {date_fr(dates[1])}." if len(dates) > 1 else ""
        return jour, "Demande réactivée par son renouvellement", detail + valable
    if motif.startswith(REACTIVEE_PAR_REPONSE):
        return jour, "Demande réactivée par votre réponse au courrier", detail
    return jour, "Demande réactivée", detail


def _courriers(d: Demande) -> list[Etape]:
    """The letters whose dates drive the demand: the renewal notice, the warning before radiation and its answer
    (their type and dates; their subject, typed by an agent, is not read)."""
    lignes = []
    champs = ("pk", "type", "envoye_le", "radiation_prevue_le", "repondu_le", "cree_le")
    for pk, type_, envoye_le, radiation_le, repondu_le, cree_le in (
        Courrier.objects.filter(demande=d).order_by("envoye_le", "pk").values_list(*champs)
    ):
        if type_ == TypeCourrier.RAPPEL_RENOUVELLEMENT:
            lignes.append(
                Etape(
                    envoye_le,
                    "Rappel : votre demande est à renouveler",
                    detail="Renouvelez-la avant sa date d'échéance pour garder votre numéro et votre ancienneté.",
                    cle=(3, cree_le, 1, pk),
                    annoncee_a_part=True,
                )
            )
        elif type_ == TypeCourrier.AVERTISSEMENT:
            sans_reponse = (
                f" Sans réponse de votre part, elle serait radiée le {date_fr(radiation_le)}." if radiation_le else ""
            )
            lignes.append(
                Etape(
                    envoye_le,
                    "Courrier d'avertissement envoyé",
                    detail=f"Il vous demande de confirmer que votre demande vous intéresse toujours.{sans_reponse}",
                    cle=(3, cree_le, 1, pk),
                )
            )
            if repondu_le:
                lignes.append(Etape(repondu_le, "Votre réponse au courrier d'avertissement est reçue", cle=(2, pk)))
    return lignes


# ------------------------------------------------------------------------------------------------ the positionnements


def _positionnements(d: Demande) -> list[Etape]:
    """Each positionnement of the demand, step by step: the dwelling said by its typology and commune only."""
    positionnements = {
        p.pk: p
        for p in Positionnement.objects.filter(demande=d)
        .select_related("disponibilite__logement__residence__commune", "decision_cal")
        .only(
            "pk",
            "etat",
            "disponibilite__logement__typologie",
            "disponibilite__logement__residence__commune__nom",
            *(f"decision_cal__{c}" for c in ("decision", "rang", "condition", "motif", "reponse", "motif_refus")),
        )
        .order_by("pk")
    }
    if not positionnements:
        return []
    bail_ailleurs = {pk for pk, p in positionnements.items() if p.etat == E.BAIL_SIGNE}
    lignes = []
    suivante: dict[int, dt.date] = {}  # the day of the positionnement's next move (read backwards)
    mouvements = (
        TransitionPositionnement.objects.filter(positionnement_id__in=list(positionnements))
        .order_by("-le", "-pk")
        .values_list("positionnement_id", "de", "vers", "le", "date_effet")
    )
    for n, (pk, de, vers, le, date_effet) in enumerate(mouvements):
        p = positionnements[pk]
        # a move happened on its effective day (the session's, the CAL's, the answer's, the lease's), never after
        # the positionnement's next move: a proposal recorded after its commission's avis was entered with its date
        jour = suivante[pk] = min(date_effet or timezone.localdate(le), suivante.get(pk, dt.date.max))
        titre, detail = _mouvement(p, de, vers, autre_bail=bool(bail_ailleurs - {pk}))
        if titre:
            lignes.append(Etape(jour, titre, _logement(p), detail, cle=(3, le, 2, -n)))
    return lignes + _tours_venus([pk for pk, p in positionnements.items() if p.etat == E.ATTRIBUE_RANG])


def _tours_venus(classes: list[int]) -> list[Etape]:
    """A ranked attribution (rank 2, 3…) whose turn came: the candidates ranked before it refused or lost the
    dwelling, so the offer is now this holder's, with its ten days (positionnements.retours_cal.offres). Its own
    positionnement does not move then (it stays « attribué par classement »): the step is read from the others'.
    Three queries, none without a ranked attribution."""
    if not classes:
        return []
    lignes = []
    for o in offres(Positionnement.objects.filter(pk__in=classes)):
        rang = o.decision.rang
        if not rang or rang < 2:
            continue
        lignes.append(
            Etape(
                o.date,
                "Votre tour est venu : le logement vous est proposé",
                _logement(o.positionnement),
                f"Les candidats classés avant vous ne l'ont pas pris. Répondez au plus tard le {date_fr(o.echeance)} "
                "dans « Ma demande » ; sans réponse, l'offre vaut refus.",
                cle=(3, dt.datetime.combine(o.date, dt.time.max, tzinfo=dt.UTC), 2, 0),
            )
        )
    return lignes


def _logement(p: Positionnement) -> str:
    """« un T3 à Antibes »: the dwelling as the timeline names it (never its address, residence nor number)."""
    logement = p.disponibilite.logement
    return f"un {Typologie(logement.typologie).label} {a_la_commune(logement.residence.commune.nom)}"


def _decision(p: Positionnement, vers: str):
    """The CAL's facts of the positionnement when they are those of this move (a later decision of the same CAL, an
    attribution after a rank, replaces them: the earlier move is then said without its details), else None."""
    decision = getattr(p, "decision_cal", None)
    if decision is not None and ETAT_DE_DECISION.get(decision.decision) == vers:
        return decision
    return None


def _mouvement(p: Positionnement, de: str, vers: str, *, autre_bail: bool) -> tuple[str, str]:
    """(title, detail) of a move of a positionnement, in the holder's words."""
    if not de and vers == E.PROPOSE:
        return "Proposée pour un logement", "Votre demande est présentée à la commission de la CASA pour ce logement."
    if vers == E.RETIRE:
        return "Proposition retirée avant la commission", RESTE_ACTIVE
    if vers == E.VALIDE:
        return (
            "Avis favorable de la commission de la CASA",
            "Votre candidature est transmise à la commission d'attribution du bailleur, qui décide.",
        )
    if vers == E.AJOURNE:
        return (
            "Examen reporté par la commission de la CASA",
            "Votre candidature sera examinée à nouveau. Votre guichet peut vous en dire la raison.",
        )
    if vers == E.REFUSE:
        return (
            "Candidature non retenue par la commission de la CASA",
            f"{RESTE_ACTIVE} Votre guichet peut vous en dire la raison.",
        )
    if vers in ETAT_DE_DECISION.values():
        return _cal(p, vers)
    return _suite_de_l_offre(p, vers, autre_bail=autre_bail)


def _cal(p: Positionnement, vers: str) -> tuple[str, str]:
    """A decision of the landlord's CAL (R441-3 CCH), with its rank, its condition or its reason (notified to the
    applicant, docs/cal.md) when it is still the recorded one."""
    d = _decision(p, vers)
    if vers == E.ATTRIBUE:
        return (
            "Logement attribué par la commission d'attribution du bailleur",
            "Le bailleur vous fait une offre : vous avez dix jours au moins pour répondre ; sans réponse, elle vaut "
            "refus.",
        )
    if vers == E.ATTRIBUE_RANG:
        if d is not None and d.rang == 1:  # nobody ranked before: the offer is the holder's at once
            return (
                "Logement attribué par classement",
                "Vous êtes classé au rang 1 : le logement vous est proposé. Le bailleur vous fait une offre : vous "
                "avez dix jours au moins pour répondre ; sans réponse, elle vaut refus.",
            )
        rang = f" au rang {d.rang}" if d is not None and d.rang else ""
        return (
            "Logement attribué par classement",
            f"Vous êtes classé{rang} : le logement vous sera proposé si les candidats classés avant vous le refusent.",
        )
    if vers == E.ATTRIBUE_CS:
        condition = f" Condition à remplir : {d.condition}." if d is not None and d.condition else ""
        return "Logement attribué sous condition", f"Il vous sera proposé une fois la condition remplie.{condition}"
    motif = f"Motif : {_motif_cal(d.motif)}. " if d is not None and d.motif else ""
    if vers == E.NON_ATTRIBUE:
        return "Logement non attribué par la commission d'attribution du bailleur", f"{motif}{RESTE_ACTIVE}"
    return (
        "Candidature rejetée pour irrecevabilité par la commission d'attribution du bailleur",
        f"{motif}Les conditions légales pour obtenir un logement social ne sont pas remplies.",
    )


def _motif_cal(motif: str) -> str:
    """The CAL's reason, its leading irrecevabilité code said in words (« IRRRES ressources » → « ressources
    au-dessus du plafond »)."""
    code, _, reste = motif.strip().partition(" ")
    if code.upper() in IRRECEVABILITES:
        mots = IRRECEVABILITES[code.upper()]
        return mots if not reste or reste.lower() in mots else f"{mots} ({reste})"
    return motif.strip().rstrip(".")


def _suite_de_l_offre(p: Positionnement, vers: str, *, autre_bail: bool) -> tuple[str, str]:
    """The answer to the offer, the lease, or the end of a positionnement when a lease was signed elsewhere."""
    if vers == E.ACCEPTE:
        return "Vous avez accepté le logement", "Le bail reste à signer avec le bailleur."
    if vers == E.REFUS_CANDIDAT:
        d = getattr(p, "decision_cal", None)
        code = d.motif_refus if d is not None and d.reponse == ReponseCandidat.REFUS else ""
        decompte = code and code not in settings.CASA_REFUS_NON_DECOMPTES
        compte = " Ce refus d'une offre adaptée compte dans votre cotation." if decompte else ""
        if code == MotifRefus.SANS_REPONSE:
            return "Offre sans réponse dans le délai : elle vaut refus", f"{RESTE_ACTIVE}{compte}"
        motif = f"Motif : {MotifRefus(code).label.lower()}. " if code else ""
        return "Vous avez refusé le logement", f"{motif}{RESTE_ACTIVE}{compte}"
    if vers == E.BAIL_SIGNE:
        return "Bail signé", "Votre demande est satisfaite : elle est radiée pour attribution."
    if vers == E.ECHEC:
        if autre_bail:
            return "Proposition close : vous avez signé le bail d'un autre logement", ""
        return "Ce logement a été attribué à un autre candidat", RESTE_ACTIVE
    return "", ""
