"""Scoped reads of the CCPC: the sessions a person may read (the only way a page, an export or a home counter lists
them), and the candidates a session examines."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.contexte import contexte_de
from territoire.roles import Role

from .models import EtatSeance, Membre, PointOrdreDuJour, Seance
from .rules import voit_les_demandeurs

# The positionnements a session examines: proposed by CASA, or deferred by an earlier session.
A_EXAMINER = (EtatPositionnement.PROPOSE, EtatPositionnement.AJOURNE)


def seances_visibles(user) -> QuerySet[Seance]:
    """CASA's commission agents (administrator, instructor, secretariat) read every session; a member, the sessions
    it is convened to; anyone else (a reader included) none."""
    if voit_les_demandeurs(user):
        return Seance.objects.all()
    if not contexte_de(user).a_role(Role.MEMBRE_COMMISSION):
        return Seance.objects.none()
    return Seance.objects.filter(pk__in=Seance.objects.filter(convocations__membre__utilisateur=user).values("pk"))


def positionnements_prets(*, commune=None, bailleur=None, avant: dt.date | None = None) -> QuerySet[Disponibilite]:
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


def positionnements_du_point(seance: Seance, disponibilite_id: int) -> QuerySet[Positionnement]:
    """The candidates of one dwelling of the session, by rank: those with an avis of this session and those still to
    examine. The dossier, the session page and the minutes number them from this one list."""
    return (
        Positionnement.objects.filter(disponibilite_id=disponibilite_id, avis_ccpc__seance=seance)
        | Positionnement.objects.filter(disponibilite_id=disponibilite_id, etat__in=A_EXAMINER)
    ).distinct()


def candidats_du_point(seance: Seance, disponibilite, avec_avis) -> QuerySet[Positionnement]:
    """The candidates the session page lists under one dwelling of its agenda, by rank: while the session is open,
    those to examine; once closed, those with an avis (`avec_avis`: their positionnement ids)."""
    candidats = Positionnement.objects.filter(disponibilite=disponibilite).select_related("demande")
    if seance.etat != EtatSeance.CLOSE:
        candidats = candidats.filter(etat__in=A_EXAMINER)
    else:
        candidats = candidats.filter(pk__in=avec_avis)
    return candidats.order_by("rang")


def candidats_a_examiner(seance: Seance) -> QuerySet[Positionnement]:
    """Every candidate still to examine on the session's agenda (the avis form's rows)."""
    return Positionnement.objects.filter(disponibilite__points_ccpc__seance=seance, etat__in=A_EXAMINER).select_related(
        "demande"
    )


def membres_convoques(seance: Seance) -> QuerySet[Membre]:
    """The members convened to the session."""
    return Membre.objects.filter(convocations__seance=seance)


def seances_a_distance_du_membre(user) -> QuerySet[Seance]:
    """The sessions at a distance (open, or closed after being open) whose remote pages `user` has: a member of the
    commission (role membre de commission) convened to them through its mandate; nobody else (CASA's agents read
    the session's own page)."""
    if not contexte_de(user).a_role(Role.MEMBRE_COMMISSION):
        return Seance.objects.none()
    return Seance.objects.filter(
        distance_debut__isnull=False,
        pk__in=Seance.objects.filter(convocations__membre__utilisateur=user).values("pk"),
    )
