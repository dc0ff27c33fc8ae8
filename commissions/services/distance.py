"""A session held at a distance: the secretariat opens a convened session for a window (start, end); each member
convened takes part online, giving an avis per candidate from the room's three (validé, ajourné, refusé; changed until
the close) and posting in the thread of each dwelling; the secretariat may send a dwelling back to a session in a
room; at the close (by the secretariat, or by Celery beat when the window has ended) the members who took part are the
ones present, the quorum is counted on them, and the commission's avis on each candidate is the avis most members
gave (docs/commissions.md, « La séance à distance »). Quorum not reached: no avis, the session ends and its dwellings
are free for another session."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from positionnements.models import Positionnement
from programmation.models import Disponibilite
from territoire.models import Utilisateur

from ..codes import codes_candidats
from ..models import Avis, AvisMembre, DecisionAvis, EtatSeance, Membre, MessageFil, Seance
from ..selectors import A_EXAMINER
from .anonymat import verifier_sans_donnee_personnelle
from .cloture import clore, proces_verbal_pdf
from .gardes import JOURNAL, avis_verifier, seance_modifiable, seance_verrouiller, secretariat_verifier
from .membres import Quorum, quorum

journal = logging.getLogger(__name__)

# The window's bounds: long enough for members to read the dossier, short enough for the dwellings to wait no more
# than a week; at most two years ahead (a year typed wrong), as a session's date (seances.seance_creer).
FENETRE_MIN = dt.timedelta(hours=1)
FENETRE_MAX = dt.timedelta(days=7)
LONGUEUR_MESSAGE = MessageFil._meta.get_field("texte").max_length
# A member's same message in the same thread within this delay is the same message sent twice (a double click).
DOUBLON_MESSAGE = dt.timedelta(minutes=2)

MOTIF_EGALITE = "À distance, avis partagés à égalité : ajourné, le logement revient à une prochaine séance"
MOTIF_SANS_AVIS = "À distance, aucun avis des membres : ajourné, le logement revient à une prochaine séance"


def fenetre_ouverte(seance: Seance, maintenant: dt.datetime | None = None) -> bool:
    """Whether the members may give their avis and post now: the session is open at a distance and now is within
    its window [start, end)."""
    maintenant = maintenant or timezone.now()
    return (
        seance.etat == EtatSeance.A_DISTANCE
        and seance.distance_debut is not None
        and seance.distance_debut <= maintenant < seance.distance_fin
    )


@transaction.atomic
def distance_ouvrir(*, par: Utilisateur, seance: Seance, debut: dt.datetime, fin: dt.datetime) -> Seance:
    """Opens a convened session for review at a distance from `debut` to `fin` (aware datetimes): the members
    convened are told by e-mail (after the commit; the window and the page's address, no candidate). Errors
    (ErreurMetier, French, with the field): end not after start, a window shorter than FENETRE_MIN or longer than
    FENETRE_MAX, a start in the past or more than two years ahead, a session not convened. The session keeps the date
    and place of the meeting it was convened to; its pages show the window instead (Seance.quand)."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.CONVOQUEE)
    maintenant = timezone.now()
    if debut < maintenant - dt.timedelta(minutes=10):
        raise ErreurMetier("La fenêtre ne peut pas s'ouvrir dans le passé.", champ="debut")
    if debut > maintenant + dt.timedelta(days=2 * 366):
        raise ErreurMetier("La fenêtre ne peut pas s'ouvrir à plus de deux ans : vérifiez l'année.", champ="debut")
    if fin <= debut:
        raise ErreurMetier("La fin de la fenêtre doit venir après son début.", champ="fin")
    if fin - debut < FENETRE_MIN:
        raise ErreurMetier(
            "La fenêtre dure au moins une heure : les membres doivent pouvoir lire le dossier.", champ="fin"
        )
    if fin - debut > FENETRE_MAX:
        raise ErreurMetier("La fenêtre dure au plus sept jours : les logements n'attendent pas plus.", champ="fin")
    if not seance.points.exists():
        raise ErreurMetier("L'ordre du jour est vide : rien à examiner à distance.")
    seance.distance_debut, seance.distance_fin = debut, fin
    # the candidates' codes are fixed for the window: a dwelling sent back to a room renumbers nothing
    seance.codes = {str(pk): code for pk, code in codes_candidats(seance).items()}
    passer(
        seance,
        EtatSeance.A_DISTANCE,
        **JOURNAL,
        par=par,
        motif=f"Fenêtre du {_quand(debut)} au {_quand(fin)}",
        autres_champs=["distance_debut", "distance_fin", "codes"],
    )
    destinataires = list(
        seance.convocations.filter(membre__courriel__gt="", membre__utilisateur__isnull=False).values_list(
            "membre__courriel", flat=True
        )
    )
    contexte = {
        "seance": seance,
        "debut": _quand(debut),
        "fin": _quand(fin),
        "points": seance.points.count(),
        "url": f"{settings.CASA_PROTOCOLE}://{settings.CASA_DOMAINE}"
        + reverse("commissions:distance", args=[seance.pk]),
    }

    def envoyer():
        sujet = f"{seance.numero} : séance à distance, vos avis du {_quand(debut)} au {_quand(fin)}"
        corps = render_to_string("commissions/courriel_distance.txt", contexte)
        send_mass_mail([(sujet, corps, None, [adresse]) for adresse in destinataires])

    if destinataires:
        transaction.on_commit(envoyer)
    return seance


def _quand(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H h %M}"


def membre_convoque(user, seance: Seance) -> Membre | None:
    """The member of the commission `user` is, convened to `seance` (None when the user is not one)."""
    return (
        Membre.objects.filter(utilisateur=user, convocations__seance=seance).order_by("titulaire_id", "pk").first()
        if getattr(user, "is_authenticated", False)
        else None
    )


def _membre_pendant_la_fenetre(par: Utilisateur, seance: Seance) -> tuple[Seance, Membre]:
    """The session (locked) and the member `par` is; ErreurMetier when the window is not open."""
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    seance_modifiable(seance, EtatSeance.A_DISTANCE)
    membre = membre_convoque(par, seance)
    if membre is None:
        raise ErreurMetier("Vous n'êtes pas convoqué(e) à cette séance.")
    maintenant = timezone.now()
    if maintenant < seance.distance_debut:
        raise ErreurMetier(f"La fenêtre des avis ouvre le {_quand(seance.distance_debut)}.")
    if maintenant >= seance.distance_fin:
        raise ErreurMetier(f"La fenêtre des avis est fermée depuis le {_quand(seance.distance_fin)}.")
    return seance, membre


@transaction.atomic
def avis_membre_donner(
    *, par: Utilisateur, seance: Seance, positionnement: Positionnement, decision: str, motif: str = ""
) -> tuple[AvisMembre, bool]:
    """The avis of the member `par` is on one candidate of the agenda, during the window; given again, it replaces
    the former. Returns (the avis, whether it changed): the same avis sent again (a double submission, a form sent
    back whole) writes nothing. ErreurMetier: window closed or not yet open, an unknown avis, a candidate not on the
    agenda or no longer to examine, an ajourné or refusé without its reason (500 characters at most), a reason that
    seems to cite a name, a birth date or a number (anonymat.verifier_sans_donnee_personnelle)."""
    seance, membre = _membre_pendant_la_fenetre(par, seance)
    motif = avis_verifier(seance, positionnement, decision, motif, AvisMembre._meta.get_field("motif").max_length)
    motif = motif if decision != DecisionAvis.VALIDE else ""
    verifier_sans_donnee_personnelle(motif, seance, champ="motif")  # the reason is read by every member at the close
    avis = (
        AvisMembre.objects.select_for_update(of=("self",))
        .filter(seance=seance, positionnement=positionnement, membre=membre)
        .order_by()
        .first()
    )
    if avis is None:
        return AvisMembre.objects.create(
            seance=seance, positionnement=positionnement, membre=membre, decision=decision, motif=motif
        ), True
    if (avis.decision, avis.motif) == (decision, motif):
        return avis, False
    avis.decision, avis.motif = decision, motif
    avis.save(update_fields=["decision", "motif", "donne_le"])
    return avis, True


@transaction.atomic
def message_poster(*, par: Utilisateur, seance: Seance, disponibilite: Disponibilite, texte: str) -> MessageFil:
    """A message of the member `par` is in the thread of one dwelling of the agenda, during the window (never
    edited). The same text posted again by the same member within DOUBLON_MESSAGE is the first one, returned.
    ErreurMetier: window closed, a dwelling not on the agenda, an empty text or one longer than 2 000 characters, a
    text that seems to cite a name, a birth date or a demand number (anonymat.verifier_sans_donnee_personnelle)."""
    seance, membre = _membre_pendant_la_fenetre(par, seance)
    if not seance.points.filter(disponibilite=disponibilite).exists():
        raise ErreurMetier("Ce logement n'est pas à l'ordre du jour de la séance.")
    texte = texte.strip()
    if not texte:
        raise ErreurMetier("Le message est vide.", champ="texte")
    if len(texte) > LONGUEUR_MESSAGE:
        raise ErreurMetier(f"Le message fait {len(texte)} caractères : {LONGUEUR_MESSAGE} au plus.", champ="texte")
    verifier_sans_donnee_personnelle(texte, seance)
    deja = MessageFil.objects.filter(
        seance=seance,
        disponibilite=disponibilite,
        membre=membre,
        texte=texte,
        le__gte=timezone.now() - DOUBLON_MESSAGE,
    ).first()
    return deja or MessageFil.objects.create(seance=seance, disponibilite=disponibilite, membre=membre, texte=texte)


def avis_a_l_ordre_du_jour(seance: Seance):
    """The members' avis on the candidates of the dwellings still on the agenda (a dwelling sent back to a room takes
    its avis away)."""
    return seance.avis_membres.filter(
        positionnement__disponibilite_id__in=seance.points.values("disponibilite_id")
    ).select_related("membre")


def participants(seance: Seance) -> set[int]:
    """The ids of the members who took part: at least one avis on a candidate still on the agenda."""
    return set(avis_a_l_ordre_du_jour(seance).values_list("membre_id", flat=True))


def quorum_a_distance(seance: Seance) -> Quorum:
    """The quorum counted on the members who took part (the room's rule, commissions.services.membres.quorum)."""
    return quorum(seance, presents=participants(seance))


@dataclass(frozen=True)
class AvisCommission:
    """The commission's avis on one candidate from its members' avis: the decision, the reason written in the log
    and the minutes, the member who reports it (None: no avis), the count of each decision."""

    decision: str
    motif: str
    rapporteur: Membre | None
    decompte: dict[str, int]

    @property
    def libelle(self) -> str:
        return str(DecisionAvis(self.decision).label).lower()

    @property
    def decompte_texte(self) -> str:
        parts = [f"{n} {DecisionAvis(d).label.lower()}" for d, n in self.decompte.items() if n]
        return ", ".join(parts) or "aucun avis"


def avis_de_la_commission(avis_du_candidat: list[AvisMembre]) -> AvisCommission:
    """The commission's avis from the avis its members gave on one candidate (in the order given): the decision most
    members gave; a tie between the most given, or no avis, is ajourné (the candidate comes back to a next
    session, as an ajourné in the room). Reported by the first member who gave the decision retained; the reason is
    the count and the reasons of the members who gave it. Source: docs/commissions.md, « La séance à distance »."""
    compte = Counter(a.decision for a in avis_du_candidat)
    decompte = {d: compte.get(d, 0) for d in DecisionAvis.values}
    if not compte:
        return AvisCommission(DecisionAvis.AJOURNE, MOTIF_SANS_AVIS, None, decompte)
    (premier, n), *reste = compte.most_common()
    if reste and reste[0][1] == n:
        rapporteur = avis_du_candidat[0].membre
        return AvisCommission(DecisionAvis.AJOURNE, f"{MOTIF_EGALITE} ({_decompte(decompte)})", rapporteur, decompte)
    retenus = [a for a in avis_du_candidat if a.decision == premier]
    motifs = " ; ".join(dict.fromkeys(a.motif for a in retenus if a.motif))
    motif = f"À distance ({_decompte(decompte)})" + (f" : {motifs}" if motifs else "")
    longueur = Avis._meta.get_field("motif").max_length
    return AvisCommission(premier, motif[:longueur], retenus[0].membre, decompte)


def _decompte(decompte: dict[str, int]) -> str:
    return ", ".join(f"{n} {DecisionAvis(d).label.lower()}" for d, n in decompte.items() if n)


def avis_par_candidat(seance: Seance) -> dict[int, AvisCommission]:
    """{positionnement id: the commission's avis} for every candidate to examine on the agenda, from its members'
    avis so far (the secretariat's page during the window, the close)."""
    candidats = Positionnement.objects.filter(
        disponibilite_id__in=seance.points.values("disponibilite_id"), etat__in=A_EXAMINER
    ).values_list("pk", flat=True)
    donnes: dict[int, list[AvisMembre]] = {}
    for a in avis_a_l_ordre_du_jour(seance).order_by("donne_le", "pk"):
        donnes.setdefault(a.positionnement_id, []).append(a)
    return {pk: avis_de_la_commission(donnes.get(pk, [])) for pk in candidats}


@transaction.atomic
def cloturer_a_distance(*, par: Utilisateur | None, seance: Seance) -> Seance:
    """Closes a session held at a distance: by the secretariat (`par`) at any time, or by the beat task (`par`
    None) once its window has ended. The members who took part are noted present; quorum met: each candidate gets
    the commission's avis (avis_de_la_commission, its rank the candidate's place among the dwelling's) and the
    session closes as in the room (cloture.clore: positionnements moved, minutes); quorum not met: no avis, the
    minutes say so, the session ends and its dwellings are free for another session. Idempotent: a closed session
    raises ErreurMetier (« La séance est close… »)."""
    if par is not None:
        secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.A_DISTANCE)
    if par is None and timezone.now() < seance.distance_fin:
        raise ErreurMetier("La fenêtre de la séance n'est pas encore fermée.")
    presents = participants(seance)
    seance.convocations.update(present=False)
    seance.convocations.filter(membre_id__in=presents).update(present=True)
    q = quorum(seance, presents=presents)
    motif = "Clôture automatique à la fin de la fenêtre" if par is None else ""
    if not q.atteint:
        return _clore_sans_quorum(par=par, seance=seance, q=q, motif=motif)
    for pk, a in avis_par_candidat(seance).items():
        p = Positionnement.objects.get(pk=pk)
        rang = _place(p)
        rapporteur = a.rapporteur or _premier_convoque(seance)
        Avis.objects.update_or_create(
            seance=seance,
            positionnement=p,
            defaults={
                "decision": a.decision,
                "motif": a.motif,
                "rang": rang,
                "rapporteur": rapporteur,
                "saisi_par": par or rapporteur.utilisateur or seance.creee_par,
            },
        )
    return clore(par=par, seance=seance, q=q, motif=motif)


def _place(p: Positionnement) -> int:
    """The candidate's place among its dwelling's candidates to examine (the room's default « rang retenu »)."""
    ids = list(
        Positionnement.objects.filter(disponibilite_id=p.disponibilite_id, etat__in=A_EXAMINER)
        .order_by("rang", "pk")
        .values_list("pk", flat=True)
    )
    return ids.index(p.pk) + 1


def _premier_convoque(seance: Seance) -> Membre:
    """Who reports an avis no member gave (ajourné without avis): the first member who took part."""
    c = seance.convocations.filter(present=True).select_related("membre").order_by("membre_id").first()
    return c.membre


def _clore_sans_quorum(*, par: Utilisateur | None, seance: Seance, q: Quorum, motif: str) -> Seance:
    seance.close_le = timezone.now()
    seance.proces_verbal = proces_verbal_pdf(seance, q)
    seance.proces_verbal_membres = proces_verbal_pdf(seance, q, membres=True)
    passer(
        seance,
        EtatSeance.CLOSE,
        **JOURNAL,
        par=par,
        motif=(motif + " ; " if motif else "") + "Quorum non atteint : aucun avis",
        autres_champs=["close_le", "proces_verbal", "proces_verbal_membres"],
    )
    return seance


def cloture_distance_apercu(seance: Seance) -> tuple[Quorum, dict[str, int]]:
    """What closing the session at a distance would do, for its confirmation page: the quorum on the members who
    took part, and how many candidates move to each decision ({"VALIDE": 2, "AJOURNE": 1, "REFUSE": 0}; all zero
    when the quorum is not met). Reads only; ErreurMetier when the session is not open at a distance."""
    seance_modifiable(seance, EtatSeance.A_DISTANCE)
    q = quorum_a_distance(seance)
    compte = dict.fromkeys(DecisionAvis.values, 0)
    if q.atteint:
        for a in avis_par_candidat(seance).values():
            compte[a.decision] += 1
    return q, compte


@transaction.atomic
def renvoyer_en_salle(
    *, par: Utilisateur, seance: Seance, disponibilite: Disponibilite, vers: Seance | None = None
) -> Seance:
    """Takes one dwelling off the agenda of a session at a distance (convened or open, not closed): its members' avis
    no longer count, its thread stays to be read. With `vers` (a session in a room, prepared or convened), the
    dwelling is put last on its agenda; without, it waits for the next agenda. Returns the session at a distance.
    ErreurMetier: the session is not at a distance or closed, the dwelling is not on its agenda, `vers` is not a
    room session still to be held."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.A_DISTANCE)
    point = seance.points.filter(disponibilite=disponibilite).first()
    if point is None:
        raise ErreurMetier("Ce logement n'est pas à l'ordre du jour de la séance.")
    point.delete()
    if vers is not None:
        vers = Seance.objects.select_for_update().get(pk=vers.pk)
        if vers.a_distance or vers.etat not in (EtatSeance.PREPAREE, EtatSeance.CONVOQUEE):
            raise ErreurMetier(
                f"La séance {vers.numero} n'est pas une séance en salle à venir : choisissez-en une préparée ou "
                "convoquée."
            )
        from .seances import ordre_du_jour_definir

        actuels = [p.disponibilite for p in vers.points.select_related("disponibilite__logement")]
        ordre_du_jour_definir(par=par, seance=vers, disponibilites=[*actuels, disponibilite])
    return seance


def seances_a_clore(maintenant: dt.datetime | None = None):
    """The sessions open at a distance whose window has ended (the beat task's list)."""
    return Seance.objects.filter(etat=EtatSeance.A_DISTANCE, distance_fin__lte=maintenant or timezone.now())
