"""Use cases of the CCPC's sessions: create, build the agenda, convene, record attendance and the avis, close (which
moves every positionnement to its next state and locks the session). Keyword-only, transactional, taking the acting
user; errors in French."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.format_fr import pourcentage
from positionnements import services as positionnements_services
from positionnements.etats import EN_COURS, EtatPositionnement
from positionnements.models import Positionnement
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.contexte import contexte_de
from territoire.models import Utilisateur
from territoire.roles import Role

from .models import (
    Avis,
    College,
    Convocation,
    DecisionAvis,
    EtatSeance,
    Membre,
    PointOrdreDuJour,
    RegleQuorum,
    Seance,
)

A_EXAMINER = (EtatPositionnement.PROPOSE, EtatPositionnement.AJOURNE)


def voit_les_demandeurs(user) -> bool:
    """CASA's agents of the commission (administrator, instructor, secretariat) see who the candidates are: demand
    numbers, names, the avis' reasons. Members see a candidate code (A1, A2…) and no free text about a household;
    a reader sees no session (issue 15, CNIL: minimisation)."""
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (
        ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION, Role.ADMINISTRATEUR)
    )


def lettre_du_logement(n: int) -> str:
    """A, B, … Z, AA, AB…: the letter of the n-th dwelling (from 0) of the session's agenda."""
    lettres = ""
    n += 1
    while n:
        n, reste = divmod(n - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


def positionnements_du_point(seance: Seance, disponibilite_id: int):
    """The candidates of one dwelling of the session, by rank: those with an avis of this session and those still to
    examine. The dossier, the session page and the minutes number them from this one list."""
    return (
        Positionnement.objects.filter(disponibilite_id=disponibilite_id, avis_ccpc__seance=seance)
        | Positionnement.objects.filter(disponibilite_id=disponibilite_id, etat__in=A_EXAMINER)
    ).distinct()


def codes_candidats(seance: Seance) -> dict[int, str]:
    """{positionnement id: "A1"}: the candidate's code in the session (letter of the dwelling in the agenda, rank
    among its candidates), the only way members' documents and pages name a candidate."""
    if seance.codes:  # a closed session: the codes it was held with (the closing renumbers the candidates)
        return {int(pk): code for pk, code in seance.codes.items()}
    codes = {}
    for n, point in enumerate(seance.points.all()):
        lettre = lettre_du_logement(n)
        for i, pk in enumerate(
            positionnements_du_point(seance, point.disponibilite_id).order_by("rang").values_list("pk", flat=True),
            start=1,
        ):
            codes[pk] = f"{lettre}{i}"
    return codes


VERS = {
    DecisionAvis.VALIDE: EtatPositionnement.VALIDE,
    DecisionAvis.AJOURNE: EtatPositionnement.AJOURNE,
    DecisionAvis.REFUSE: EtatPositionnement.REFUSE,
}


def peut_gerer(user) -> bool:
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(Role.SECRETARIAT_COMMISSION))


def _verifier(par: Utilisateur) -> None:
    if not peut_gerer(par):
        raise PermissionDenied("Seul le secrétariat de la commission gère les séances.")


def _verrouiller(seance: Seance, *etats: str) -> Seance:
    return _verifier_etat(Seance.objects.select_for_update().get(pk=seance.pk), *etats)


def _verifier_etat(seance: Seance, *etats: str) -> Seance:
    if seance.etat == EtatSeance.CLOSE:
        raise ErreurMetier("La séance est close : elle ne peut plus être modifiée.")
    if etats and seance.etat not in etats:
        raise ErreurMetier(f"La séance est « {seance.get_etat_display()} » : ce n'est plus possible.")
    return seance


def membres_en_fonction(jour: dt.date):
    return Membre.objects.filter(debut__lte=jour).filter(Q(fin__isnull=True) | Q(fin__gte=jour))


@transaction.atomic
def seance_creer(*, par: Utilisateur, date: dt.datetime, lieu: str) -> Seance:
    _verifier(par)
    if date < timezone.now():
        raise ErreurMetier("La séance ne peut pas être fixée dans le passé.", champ="date")
    if date > timezone.now() + dt.timedelta(days=2 * 366):
        raise ErreurMetier("La séance ne peut pas être fixée à plus de deux ans : vérifiez l'année.", champ="date")
    if not lieu.strip():
        raise ErreurMetier("Indiquez le lieu de la séance.", champ="lieu")
    annee = timezone.localtime(date).year
    for _ in range(3):  # two secretaries at once: the second takes the next number
        n = Seance.objects.filter(numero__startswith=f"CCPC-{annee}-").count() + 1
        try:
            with transaction.atomic():
                return Seance.objects.create(
                    date=date, lieu=lieu.strip(), numero=f"CCPC-{annee}-{n:02d}", creee_par=par
                )
        except IntegrityError:
            continue
    raise ErreurMetier("Le numéro de séance n'a pas pu être attribué : réessayez.")


def positionnements_prets(*, commune=None, bailleur=None, avant: dt.date | None = None):
    """Dwellings to fill with candidates awaiting the commission (proposed or ajournés), not on an open session's
    agenda, by deadline."""
    en_seance = PointOrdreDuJour.objects.exclude(seance__etat=EtatSeance.CLOSE).values("disponibilite")
    qs = (
        Disponibilite.objects.filter(etat=EtatDisponibilite.A_POURVOIR, positionnements__etat__in=A_EXAMINER)
        .exclude(pk__in=en_seance)
        .select_related("logement__residence__commune", "logement__residence__bailleur", "reservataire")
        .distinct()
        .order_by("date_limite", "pk")
    )
    if commune is not None:
        qs = qs.filter(logement__residence__commune=commune)
    if bailleur is not None:
        qs = qs.filter(logement__residence__bailleur=bailleur)
    if avant is not None:
        qs = qs.filter(date_limite__lte=avant)
    return qs


@transaction.atomic
def ordre_du_jour_definir(*, par: Utilisateur, seance: Seance, disponibilites: list[Disponibilite]) -> Seance:
    """Replaces the agenda by these dwellings, in this order."""
    _verifier(par)
    seance = _verrouiller(seance, EtatSeance.PREPAREE, EtatSeance.CONVOQUEE)
    ids = [d.pk for d in disponibilites]
    if len(set(ids)) != len(ids):
        raise ErreurMetier("Un logement figure deux fois à l'ordre du jour.")
    prets = set(
        Disponibilite.objects.filter(pk__in=ids, positionnements__etat__in=A_EXAMINER).values_list("pk", flat=True)
    )
    absents = [d for d in disponibilites if d.pk not in prets]
    if absents:
        raise ErreurMetier(f"Aucun candidat à examiner pour le logement {absents[0].logement.numero}.")
    ailleurs = (
        PointOrdreDuJour.objects.filter(disponibilite_id__in=ids)
        .exclude(seance=seance)
        .exclude(seance__etat=EtatSeance.CLOSE)
        .select_related("seance", "disponibilite__logement")
        .first()
    )
    if ailleurs:
        raise ErreurMetier(
            f"Le logement {ailleurs.disponibilite.logement.numero} est déjà à l'ordre du jour de la séance "
            f"{ailleurs.seance.numero}."
        )
    seance.points.all().delete()
    PointOrdreDuJour.objects.bulk_create(
        PointOrdreDuJour(seance=seance, disponibilite_id=pk, ordre=i) for i, pk in enumerate(ids, start=1)
    )
    return seance


@transaction.atomic
def convoquer(*, par: Utilisateur, seance: Seance) -> Seance:
    """Convenes every member in office on the session's day (titulars and substitutes); the e-mails leave after the
    commit."""
    _verifier(par)
    seance = _verrouiller(seance, EtatSeance.PREPAREE, EtatSeance.CONVOQUEE)
    if not seance.points.exists():
        raise ErreurMetier("L'ordre du jour est vide : ajoutez les logements à examiner avant de convoquer.")
    membres = list(membres_en_fonction(timezone.localdate(seance.date)))
    if not membres:
        raise ErreurMetier("Aucun membre de la commission n'est en fonction à la date de la séance.")
    deja = set(seance.convocations.values_list("membre_id", flat=True))
    Convocation.objects.bulk_create(Convocation(seance=seance, membre=m) for m in membres if m.pk not in deja)
    seance.etat = EtatSeance.CONVOQUEE
    seance.convoquee_le = timezone.now()
    seance.save(update_fields=["etat", "convoquee_le"])
    destinataires = [m.courriel for m in membres if m.courriel]
    contexte = {"seance": seance, "points": seance.points.count()}

    def envoyer():
        # one message per member: no member learns the others' addresses (RGPD art. 5-1-c, minimisation)
        sujet = f"Convocation : {seance.numero}, commission communautaire de proposition de candidats"
        corps = render_to_string("commissions/courriel_convocation.txt", contexte)
        if destinataires:
            send_mass_mail([(sujet, corps, None, [adresse]) for adresse in destinataires])
        Convocation.objects.filter(seance=seance, membre__courriel__gt="").update(envoyee_le=timezone.now())

    transaction.on_commit(envoyer)
    return seance


@transaction.atomic
def presences_enregistrer(*, par: Utilisateur, seance: Seance, presents: list[Membre]) -> Seance:
    _verifier(par)
    seance = _verrouiller(seance, EtatSeance.CONVOQUEE, EtatSeance.TENUE)
    ids = {m.pk for m in presents}
    convoques = set(seance.convocations.values_list("membre_id", flat=True))
    intrus = ids - convoques
    if intrus:
        raise ErreurMetier("Seuls les membres convoqués peuvent être notés présents.")
    seance.convocations.update(present=False)
    seance.convocations.filter(membre_id__in=ids).update(present=True)
    seance.etat = EtatSeance.TENUE
    seance.save(update_fields=["etat"])
    return seance


@dataclass(frozen=True)
class Quorum:
    atteint: bool
    titulaires: int
    representes: int
    part_requise: Decimal
    colleges_manquants: tuple[str, ...]

    @property
    def message(self) -> str:
        part = pourcentage(self.representes / self.titulaires) if self.titulaires else "—"
        texte = (
            f"{self.representes} titulaire(s) présent(s) ou représenté(s) sur {self.titulaires} ({part}, "
            f"il en faut {pourcentage(self.part_requise)})"
        )
        if self.colleges_manquants:
            texte += " ; collège(s) absent(s) : " + ", ".join(College(c).label for c in self.colleges_manquants)
        return texte


def regle_quorum(jour: dt.date) -> RegleQuorum:
    regle = RegleQuorum.objects.filter(debut__lte=jour).order_by("-debut").first()
    if regle is None:
        raise ErreurMetier("Aucune règle de quorum en vigueur : un administrateur doit la saisir.")
    return regle


def quorum(seance: Seance) -> Quorum:
    """Titular members present themselves or through one of their substitutes, against CASA's rule."""
    jour = timezone.localdate(seance.date)
    regle = regle_quorum(jour)
    presents = set(seance.convocations.filter(present=True).values_list("membre_id", flat=True))
    en_fonction = list(membres_en_fonction(jour))
    titulaires = [m for m in en_fonction if m.est_titulaire]
    suppleants_presents = {m.titulaire_id for m in en_fonction if not m.est_titulaire and m.pk in presents}
    representes = [t for t in titulaires if t.pk in presents or t.pk in suppleants_presents]
    colleges_presents = {m.college for m in en_fonction if m.pk in presents}
    manquants = tuple(c for c in regle.colleges_obligatoires if c not in colleges_presents)
    part = Decimal(len(representes)) / len(titulaires) if titulaires else Decimal(0)
    return Quorum(
        atteint=bool(titulaires) and part >= regle.part_titulaires and not manquants,
        titulaires=len(titulaires),
        representes=len(representes),
        part_requise=regle.part_titulaires,
        colleges_manquants=manquants,
    )


@transaction.atomic
def avis_enregistrer(
    *,
    par: Utilisateur,
    seance: Seance,
    positionnement: Positionnement,
    decision: str,
    rapporteur: Membre,
    motif: str = "",
    rang: int | None = None,
) -> Avis:
    """The commission's avis on one positionnement of the agenda, reported by a member present."""
    _verifier(par)
    seance = _verrouiller(seance, EtatSeance.TENUE)
    if decision not in DecisionAvis.values:
        raise ErreurMetier("Avis inconnu : validé, ajourné ou refusé.", champ="decision")
    if not seance.points.filter(disponibilite_id=positionnement.disponibilite_id).exists():
        raise ErreurMetier("Ce logement n'est pas à l'ordre du jour de la séance.")
    if positionnement.etat not in A_EXAMINER:
        raise ErreurMetier(f"Ce positionnement est « {positionnement.get_etat_display()} » : pas d'avis à donner.")
    if not seance.convocations.filter(membre=rapporteur, present=True).exists():
        raise ErreurMetier(
            f"{rapporteur} n'est pas présent(e) : son avis ne peut pas être enregistré.", champ="rapporteur"
        )
    motif = motif.strip()
    longueur = Avis._meta.get_field("motif").max_length
    if len(motif) > longueur:
        raise ErreurMetier(f"Le motif fait {len(motif)} caractères : {longueur} au plus.", champ="motif")
    if decision != DecisionAvis.VALIDE and not motif:
        raise ErreurMetier("Un avis ajourné ou refusé dit son motif.", champ="motif")
    candidats = Positionnement.objects.filter(disponibilite_id=positionnement.disponibilite_id, etat__in=A_EXAMINER)
    if rang is None:  # by default its place among this session's candidates of the dwelling (not its raw rank)
        rang = list(candidats.order_by("rang", "pk").values_list("pk", flat=True)).index(positionnement.pk) + 1
    rang = int(rang)
    if not 1 <= rang <= candidats.count():
        raise ErreurMetier(f"Le rang va de 1 à {candidats.count()}.", champ="rang")
    avis, _ = Avis.objects.update_or_create(
        seance=seance,
        positionnement=positionnement,
        defaults={"decision": decision, "motif": motif, "rang": rang, "rapporteur": rapporteur, "saisi_par": par},
    )
    return avis


@transaction.atomic
def cloturer(*, par: Utilisateur, seance: Seance) -> Seance:
    """Closes the session: the quorum must be met and every candidate of the agenda have its avis; each
    positionnement then moves to validé, ajourné or refusé, the validated ones in the order the commission gave, and
    the session is locked."""
    _verifier(par)
    seance = _verrouiller(seance, EtatSeance.TENUE)
    q = quorum(seance)
    if not q.atteint:
        raise ErreurMetier(f"Quorum non atteint : la séance ne peut pas être close ({q.message}).")
    dispos = list(seance.points.values_list("disponibilite_id", flat=True))
    a_examiner = list(
        Positionnement.objects.select_for_update()
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
        # ranks already held on this dwelling by candidates validated at an earlier session (a deferred candidate
        # examined again): the commission's order comes after them (a rank is unique among those under way)
        deja = (
            Positionnement.objects.filter(disponibilite_id=dispo_id, etat__in=EN_COURS)
            .exclude(pk__in=examines)
            .aggregate(m=Max("rang"))["m"]
            or 0
        )
        # the commission's order, the former rank breaking ties; the refused ones leave the list
        retenus = sorted(
            (p for p in du_logement if avis[p.pk].decision != DecisionAvis.REFUSE),
            key=lambda p: (avis[p.pk].rang, p.rang),
        )
        # ranks out of the way while the commission's order is written (a rank is unique per dwelling)
        Positionnement.objects.filter(pk__in=[p.pk for p in du_logement]).update(rang=F("rang") + 100)
        for nouveau, p in enumerate(retenus, start=deja + 1):
            Positionnement.objects.filter(pk=p.pk).update(rang=nouveau)
        for p in du_logement:
            a = avis[p.pk]
            positionnements_services.changer_etat(
                par=par,
                positionnement=p,
                vers=VERS[a.decision],
                motif=f"{seance.numero} : {a.motif}".rstrip(" :"),
                date_effet=min(timezone.localdate(seance.date), timezone.localdate()),
            )
    seance.etat = EtatSeance.CLOSE
    seance.close_le = timezone.now()
    seance.proces_verbal = proces_verbal_pdf(seance, q)
    seance.proces_verbal_membres = proces_verbal_pdf(seance, q, membres=True)
    seance.save(update_fields=["etat", "close_le", "codes", "proces_verbal", "proces_verbal_membres"])
    return seance


def _verifier_avis_complets(sans: list[Positionnement]) -> None:
    if sans:
        raise ErreurMetier(
            f"{len(sans)} candidat(s) sans avis, dont la demande {sans[0].demande.numero} : "
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
            doublons.append(f"{vus[cle].demande.numero} et {p.demande.numero} (rang {a.rang})")
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
    _verifier_etat(seance, EtatSeance.TENUE)
    q = quorum(seance)
    if not q.atteint:
        raise ErreurMetier(f"Quorum non atteint : la séance ne peut pas être close ({q.message}).")
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
    """The minutes (WeasyPrint): attendance, quorum, each avis with its reasons, signatures block. CASA's version
    names applicants by their demand number only; the members' version (``membres=True``) by their candidate code
    (A1…, as in the members' dossier) and without the avis' reasons (free text about a household)."""
    from weasyprint import HTML

    avis = seance.avis.select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence__commune", "rapporteur"
    ).order_by("positionnement__disponibilite_id", "rang")
    codes = codes_candidats(seance) if membres else {}
    for a in avis:
        a.code = codes.get(a.positionnement_id, "")
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
