"""The outbox's scoped reads: everything for CASA's administrators, nothing for anyone else (rules.py)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .codes import EtatEvenementSNE, TypeEvenementSNE
from .models import EvenementSNE, FichierEnvoiSNE, RetourSNE
from .rules import administre_les_envois_sne


def evenements_visibles(user) -> QuerySet[EvenementSNE]:
    if not administre_les_envois_sne(user):
        return EvenementSNE.objects.none()
    return EvenementSNE.objects.select_related("demande", "fichier").defer("fichier__contenu")


def evenements_de_la_liste(user, *, etat: str = "", type_evenement: str = "", en_attente: bool = False):
    """The outbox's list: by state and kind, the waiting ones alone when asked; the most recent first."""
    qs = evenements_visibles(user)
    if etat in EtatEvenementSNE.values:
        qs = qs.filter(etat=etat)
    if type_evenement in TypeEvenementSNE.values:
        qs = qs.filter(type=type_evenement)
    if en_attente:
        qs = qs.filter(etat=EtatEvenementSNE.A_ENVOYER).exclude(attente="")
    return qs.order_by("-date_evenement", "-pk")


def compteurs(user) -> dict:
    """{state: count} for every state, « en_attente » (to send, waiting for a fact) and « prets »; one query."""
    qs = evenements_visibles(user).order_by()
    a_envoyer = Q(etat=EtatEvenementSNE.A_ENVOYER)
    totaux = qs.aggregate(
        **{e: Count("pk", filter=Q(etat=e)) for e in EtatEvenementSNE.values},
        en_attente=Count("pk", filter=a_envoyer & ~Q(attente="")),
        prets=Count("pk", filter=a_envoyer & Q(attente="")),
    )
    return totaux


def fichiers_visibles(user) -> QuerySet[FichierEnvoiSNE]:
    if not administre_les_envois_sne(user):
        return FichierEnvoiSNE.objects.none()
    return FichierEnvoiSNE.objects.all()


def retours_visibles(user) -> QuerySet[RetourSNE]:
    if not administre_les_envois_sne(user):
        return RetourSNE.objects.none()
    return RetourSNE.objects.all()
