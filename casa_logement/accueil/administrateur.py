"""The administrator's home panel: the accounts of its perimeter, its organisation's API keys, the access governance
(review of habilitations, « qui voit quoi »); for CASA, the partners, the late reviews, the sensitive reads and the
set-up."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from territoire import selectors, selectors_acces, services_acces
from territoire.models import Organisation
from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, liste


def panneau(request) -> Panneau:
    from territoire.tableaux import utilisateurs_de_la_liste

    user, ctx = request.user, request.contexte
    comptes = reverse("utilisateurs")
    taches = [
        liste("Comptes actifs de votre périmètre", comptes, "statut=actif", utilisateurs_de_la_liste, user),
        liste(
            "Comptes dont une habilitation expire dans les 30 jours",
            comptes,
            "statut=actif&expiration=30j",
            utilisateurs_de_la_liste,
            user,
            "À prolonger ou à laisser s'éteindre.",
        ),
        liste(
            "Comptes sans adresse électronique (pas de réinitialisation possible)",
            comptes,
            "statut=actif&courriel=sans",
            utilisateurs_de_la_liste,
            user,
        ),
        Tache(
            "Clés d'API actives de votre organisation",
            selectors.cles_api_visibles(user)
            .filter(organisation_id=ctx.organisation_id, revoquee_le__isnull=True)
            .count(),
            reverse("cles_api"),
        ),
    ]
    taches += _taches_acces(request)
    if ctx.administrateur_epci:
        taches.append(
            Tache(
                "Organisations partenaires actives",
                Organisation.objects.filter(active=True).count(),
                reverse("annuaire"),
            )
        )
        taches.append(Tache("Paramétrage et journal des modifications", None, reverse("admin:index")))
    return Panneau(Role.ADMINISTRATEUR, "Administration", ROLE_DESCRIPTIONS[Role.ADMINISTRATEUR], taches)


def _taches_acces(request) -> list[Tache]:
    """Access governance: the review of habilitations under way, « qui voit quoi »; for CASA, the late reviews and
    the sensitive reads of the last seven days."""
    user, ctx = request.user, request.contexte
    taches = []
    organisation = Organisation.objects.filter(pk=ctx.organisation_id).first()
    revue = services_acces.revue_en_cours(organisation) if organisation else None
    if revue is not None:
        restantes = revue.lignes.filter(services_acces.a_revoir()).count()
        taches.append(
            Tache(
                "Habilitations à revoir (revue des habilitations en cours)",
                restantes,
                reverse("revue_habilitations"),
                f"À terminer avant le {revue.echeance:%d/%m/%Y}.",
            )
        )
    taches.append(
        Tache(
            "Qui voit quoi : comptes, rôles et données visibles (export pour le CIL et le DPO)",
            None,
            reverse("qui_voit_quoi"),
        )
    )
    if ctx.administrateur_epci:
        en_retard = sum(1 for e in selectors_acces.etat_des_revues(user) if e.etat == selectors_acces.EN_RETARD)
        taches.append(
            Tache(
                "Revues des habilitations en retard",
                en_retard,
                reverse("revues_habilitations") + f"?etat={selectors_acces.EN_RETARD}",
                "L'état de la revue de chaque organisation.",
            )
        )
        taches.append(
            Tache(
                "Lectures sensibles des 7 derniers jours (pièces, listes de demandes, documents nominatifs)",
                selectors_acces.lectures_visibles(user).filter(le__gte=timezone.now() - timedelta(days=7)).count(),
                reverse("lectures_sensibles"),
            )
        )
    return taches
