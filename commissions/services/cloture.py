"""Closing a session: refused unless the quorum is met and every candidate of the agenda has its avis (two validated
candidates of one dwelling never share a rank); each positionnement then moves to validé, ajourné or refusé, the
validated ones in the order the commission gave; the minutes are written (PDF, CASA's and the members' versions)
and the session is locked. Also what closing would do, for its confirmation page."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from commun.format_fr import compte
from commun.signaux import envoyer_apres_validation
from positionnements import services as positionnements_services
from positionnements.etats import EN_COURS, EtatPositionnement
from positionnements.models import Positionnement
from territoire.models import Utilisateur

from ..codes import codes_candidats
from ..models import Avis, DecisionAvis, EtatSeance, Seance
from ..selectors import A_EXAMINER
from ..signaux import seance_close
from .gardes import JOURNAL, seance_modifiable, seance_verrouiller, secretariat_verifier
from .membres import Quorum, quorum

VERS = {
    DecisionAvis.VALIDE: EtatPositionnement.VALIDE,
    DecisionAvis.AJOURNE: EtatPositionnement.AJOURNE,
    DecisionAvis.REFUSE: EtatPositionnement.REFUSE,
}


@transaction.atomic
def cloturer(*, par: Utilisateur, seance: Seance) -> Seance:
    """Closes the session: the quorum must be met and every candidate of the agenda have its avis; each
    positionnement then moves to validé, ajourné or refusé, the validated ones in the order the commission gave, and
    the session is locked."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.TENUE)
    return clore(par=par, seance=seance, q=_quorum_atteint(seance))


@transaction.atomic
def clore(*, par: Utilisateur | None, seance: Seance, q: Quorum, motif: str = "") -> Seance:
    """What closing does once its checks passed, in a room or at a distance (`seance` locked, its quorum `q` met,
    every candidate with its commission's avis): each positionnement follows its avis, the minutes are written, the
    session is locked (`par`: None for the automatic close of a window, `motif` in the session's log)."""
    dispos = list(seance.points.values_list("disponibilite_id", flat=True))
    a_examiner = list(
        Positionnement.objects.select_for_update(of=("self",))
        .filter(disponibilite_id__in=dispos, etat__in=A_EXAMINER)
        .select_related("demande")
    )
    avis = {a.positionnement_id: a for a in seance.avis.all()}
    _verifier_avis_complets([p for p in a_examiner if p.pk not in avis])
    _verifier_rangs_distincts(seance, a_examiner)
    seance.codes = {str(pk): code for pk, code in codes_candidats(seance).items()}  # before the renumbering
    examines = [p.pk for p in a_examiner]
    for dispo_id in dispos:
        du_logement = [p for p in a_examiner if p.disponibilite_id == dispo_id]
        _rangs_retenus_ecrire(dispo_id, du_logement, examines, avis)
        _avis_suivre(par, seance, du_logement, avis)
    seance.close_le = timezone.now()
    seance.proces_verbal = proces_verbal_pdf(seance, q)
    seance.proces_verbal_membres = proces_verbal_pdf(seance, q, membres=True)
    passer(
        seance,
        EtatSeance.CLOSE,
        **JOURNAL,
        par=par,
        motif=motif,
        autres_champs=["close_le", "codes", "proces_verbal", "proces_verbal_membres"],
    )
    envoyer_apres_validation(seance_close, Seance, seance=seance.pk)
    return seance


def _quorum_atteint(seance: Seance) -> Quorum:
    """The session's quorum, ErreurMetier when it is not met (the session cannot be closed)."""
    q = quorum(seance)
    if not q.atteint:
        raise ErreurMetier(f"Quorum non atteint : la séance ne peut pas être close ({q.message}).")
    return q


def _rangs_retenus_ecrire(
    dispo_id: int, du_logement: list[Positionnement], examines: list[int], avis: dict[int, Avis]
) -> None:
    """Ranks the dwelling's candidates not refused in the commission's order (the former rank breaking ties), after
    the ranks already held by candidates validated at an earlier session (a deferred candidate examined again: a
    rank is unique among those under way)."""
    deja = (
        Positionnement.objects.filter(disponibilite_id=dispo_id, etat__in=EN_COURS)
        .exclude(pk__in=examines)
        .aggregate(m=Max("rang"))["m"]
        or 0
    )
    retenus = sorted(
        (p for p in du_logement if avis[p.pk].decision != DecisionAvis.REFUSE),
        key=lambda p: (avis[p.pk].rang, p.rang),
    )
    # ranks out of the way while the commission's order is written (a rank is unique per dwelling)
    Positionnement.objects.filter(pk__in=[p.pk for p in du_logement]).update(rang=F("rang") + 100)
    for nouveau, p in enumerate(retenus, start=deja + 1):
        Positionnement.objects.filter(pk=p.pk).update(rang=nouveau)


def _avis_suivre(
    par: Utilisateur | None, seance: Seance, du_logement: list[Positionnement], avis: dict[int, Avis]
) -> None:
    """Each candidate of the dwelling moves to the state of its avis, dated the session's day (never the future)."""
    for p in du_logement:
        a = avis[p.pk]
        positionnements_services.changer_etat(
            par=par,
            positionnement=p,
            vers=VERS[a.decision],
            motif=f"{seance.numero} : {a.motif}".rstrip(" :"),
            date_effet=min(timezone.localdate(seance.date), timezone.localdate()),
        )


def _verifier_avis_complets(sans: list[Positionnement]) -> None:
    if sans:
        raise ErreurMetier(
            f"{compte(len(sans), 'candidat', 'candidats')} sans avis, dont la demande {sans[0].demande.reference} : "
            "donnez un avis pour chacun avant de clore."
        )


def _verifier_rangs_distincts(seance: Seance, a_examiner: list[Positionnement]) -> None:
    """Two candidates validated for one dwelling cannot share a « rang retenu »: the commission's
    order would be decided by the former rank, silently (found by a newcomer)."""
    examines = {p.pk: p for p in a_examiner}
    vus: dict[tuple[int, int], Positionnement] = {}
    doublons = []
    for a in seance.avis.filter(decision=DecisionAvis.VALIDE).order_by("positionnement__rang"):
        p = examines.get(a.positionnement_id)
        if p is None:
            continue
        cle = (p.disponibilite_id, a.rang)
        if cle in vus:
            doublons.append(f"{vus[cle].demande.reference} et {p.demande.reference} (rang {a.rang})")
        else:
            vus[cle] = p
    if doublons:
        raise ErreurMetier(
            "Deux candidats retenus pour un même logement ont le même rang retenu : "
            + " ; ".join(doublons)
            + ". Donnez à chacun son rang avant de clore."
        )


def cloture_apercu(seance: Seance) -> dict[str, int]:
    """What closing the session would do, for its confirmation page: how many candidates move to each decision
    ({"VALIDE": 2, "AJOURNE": 1, "REFUSE": 0}). Reads only; raises the ErreurMetier `cloturer` would raise (state,
    quorum, a candidate without avis), so that a closing bound to fail is refused before being confirmed."""
    seance_modifiable(seance, EtatSeance.TENUE)
    _quorum_atteint(seance)
    a_examiner = list(
        Positionnement.objects.filter(
            disponibilite_id__in=seance.points.values("disponibilite_id"), etat__in=A_EXAMINER
        ).select_related("demande")
    )
    decisions = dict(seance.avis.values_list("positionnement_id", "decision"))
    _verifier_avis_complets([p for p in a_examiner if p.pk not in decisions])
    _verifier_rangs_distincts(seance, a_examiner)
    compte = dict.fromkeys(DecisionAvis.values, 0)
    for p in a_examiner:
        compte[decisions[p.pk]] += 1
    return compte


def proces_verbal_pdf(seance: Seance, q: Quorum, *, membres: bool = False) -> bytes:
    """The minutes (WeasyPrint): attendance, quorum, each avis with its reasons (at a distance, with the count of the
    members' avis), signatures block; a session at a distance closed without quorum says that no avis was given.
    CASA's version names applicants by their demand number only; the members' version (``membres=True``) by their
    candidate code (A1…, as in the members' dossier) and without the avis' reasons (free text about a household)."""
    from weasyprint import HTML

    avis = seance.avis.select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence__commune", "rapporteur"
    ).order_by("positionnement__disponibilite_id", "rang")
    codes = codes_candidats(seance) if membres else {}
    decomptes: dict[int, Counter] = {}
    for positionnement_id, decision in seance.avis_membres.values_list("positionnement_id", "decision"):
        decomptes.setdefault(positionnement_id, Counter())[decision] += 1
    for a in avis:
        a.code = codes.get(a.positionnement_id, "")
        compte = decomptes.get(a.positionnement_id, Counter())
        a.decompte = ", ".join(f"{compte[d]} {DecisionAvis(d).label.lower()}" for d in DecisionAvis.values if compte[d])
        a.decompte = a.decompte or "aucun"
    points = []
    for point in seance.points.select_related("disponibilite__logement__residence__commune"):
        points.append((point, [a for a in avis if a.positionnement.disponibilite_id == point.disponibilite_id]))
    html = render_to_string(
        "commissions/proces_verbal.html",
        {
            "entete": f"CASA — {seance.numero} — procès-verbal",
            "seance": seance,
            # the members present first, then the absent ones, college by college
            "convocations": seance.convocations.select_related("membre__commune", "membre__organisation").order_by(
                "-present", "membre__college", "membre__commune__nom", "membre__nom"
            ),
            "quorum": q,
            "points": points,
            "membres": membres,
        },
    )
    return HTML(string=html).write_pdf()
