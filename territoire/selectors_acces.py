"""Scoped reads of access governance: the reviews of habilitations, « qui voit quoi », the sensitive reads.

As in territoire.selectors, each function takes the acting user and returns what that user may see in the current
context: CASA's administrators everything, an organisation's administrator its own organisation, others nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .acces import reglage
from .contexte import contexte_de
from .models import Habilitation, LectureSensible, LigneRevue, Organisation, RevueHabilitations, Utilisateur
from .roles import Role
from .selectors import habilitations_visibles
from .services_acces import a_revoir


def revues_visibles(user) -> QuerySet[RevueHabilitations]:
    ctx = contexte_de(user)
    qs = RevueHabilitations.objects.select_related("organisation")
    if ctx.administrateur_epci:
        return qs
    if ctx.a_role(Role.ADMINISTRATEUR):
        return qs.filter(organisation_id=ctx.organisation_id)
    return qs.none()


def avec_progression(revues: QuerySet[RevueHabilitations], le: dt.date | None = None):
    """Adds `total` (rows) and `restantes` (rows still to decide) to each campaign."""
    return revues.annotate(
        total=Count("lignes", distinct=True),
        restantes=Count("lignes", distinct=True, filter=Q(lignes__in=LigneRevue.objects.filter(a_revoir(le)))),
    )


def lignes_de_revue(revue: RevueHabilitations) -> QuerySet[LigneRevue]:
    """The rows of a campaign the caller read through revues_visibles, with what the page shows of each."""
    return (
        revue.lignes.select_related("habilitation__utilisateur", "habilitation__organisation", "par")
        .annotate(a_decider=Exists(LigneRevue.objects.filter(a_revoir(), pk=OuterRef("pk"))))
        .order_by(
            "habilitation__utilisateur__last_name",
            "habilitation__utilisateur__first_name",
            "habilitation__utilisateur__username",
            "habilitation__role",
        )
    )


EN_RETARD, EN_COURS, A_JOUR, JAMAIS, SANS_AGENT = "en_retard", "en_cours", "a_jour", "jamais", "sans_agent"
ETATS = {
    EN_RETARD: "En retard",
    EN_COURS: "En cours",
    A_JOUR: "À jour",
    JAMAIS: "Jamais revue",
    SANS_AGENT: "Sans agent",
}


@dataclass
class EtatRevue:
    organisation: Organisation
    revue: RevueHabilitations | None
    etat: str
    agents: int  # habilitations of people in force today (what the next campaign would review)
    prochaine: dt.date | None  # when the next campaign opens (a closed campaign's opening + the period)

    @property
    def libelle(self) -> str:
        return ETATS[self.etat]


def etat_des_revues(user, le: dt.date | None = None) -> list[EtatRevue]:
    """CASA's view: every active organisation with its latest campaign and where it stands (none for others)."""
    if not contexte_de(user).administrateur_epci:
        return []
    jour = le or timezone.localdate()
    derniere = RevueHabilitations.objects.filter(organisation=OuterRef("pk")).order_by("-ouverte_le", "-pk")
    agents = (
        Habilitation.objects.actives(le=jour)
        .filter(organisation=OuterRef("pk"), utilisateur__est_compte_api=False)
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    organisations = list(
        Organisation.objects.filter(active=True)
        .annotate(derniere_revue=Subquery(derniere.values("pk")[:1]), agents=Subquery(agents))
        .order_by("nom")
    )
    revues = {
        r.pk: r
        for r in avec_progression(
            RevueHabilitations.objects.filter(pk__in=[o.derniere_revue for o in organisations if o.derniere_revue]),
            jour,
        )
    }
    periode = relativedelta(months=reglage("CASA_REVUE_HABILITATIONS_MOIS"))
    etats = []
    for o in organisations:
        revue, n = revues.get(o.derniere_revue), o.agents or 0
        if revue is None:
            etats.append(EtatRevue(o, None, JAMAIS if n else SANS_AGENT, n, None))
        elif revue.close_le is None:
            etats.append(EtatRevue(o, revue, EN_RETARD if revue.echeance < jour else EN_COURS, n, None))
        else:
            etats.append(EtatRevue(o, revue, A_JOUR, n, revue.ouverte_le + periode))
    return etats


def qui_voit_quoi(user, organisation: Organisation | None = None) -> QuerySet[Habilitation]:
    """Every habilitation in force of an active account the caller administers: CASA's administrators all, an
    organisation's administrator those of its organisation."""
    ctx = contexte_de(user)
    if not ctx.a_role(Role.ADMINISTRATEUR):
        return Habilitation.objects.none()
    qs = (
        habilitations_visibles(user)
        .actives()
        .filter(utilisateur__is_active=True)
        .order_by("organisation__nom", "utilisateur__last_name", "utilisateur__first_name", "utilisateur__username")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def lectures_visibles(user) -> QuerySet[LectureSensible]:
    if not contexte_de(user).administrateur_epci:
        return LectureSensible.objects.none()
    return LectureSensible.objects.select_related("par", "organisation")


def lecteurs(user) -> QuerySet[Utilisateur]:
    """The people who appear in the sensitive reads the caller sees (the page's « qui » filter)."""
    return Utilisateur.objects.filter(pk__in=lectures_visibles(user).values("par_id")).order_by(
        "last_name", "first_name", "username"
    )
