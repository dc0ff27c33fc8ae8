"""The réservataire's home panel: its contingent, the candidates CASA positioned on it, the demands of its list that
the cross-check flags, its tracking table."""

from __future__ import annotations

from django.urls import reverse

from territoire.models import Organisation
from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, liste, suivi


def panneau(request) -> Panneau:
    ctx = request.contexte
    org = Organisation.objects.filter(pk=ctx.organisation_id).first()
    taches = []
    if org is not None:
        taches.append(
            Tache(
                f"Contingent de {org.nom} ({org.get_type_reservataire_display() or 'non réservataire'})",
                None,
                reverse("organisation_detail", args=[org.slug]),
            )
        )
    taches += _taches_du_contingent(request)
    return Panneau(Role.RESERVATAIRE, "Réservataire", ROLE_DESCRIPTIONS[Role.RESERVATAIRE], [*taches, *suivi(request)])


def _taches_du_contingent(request) -> list[Tache]:
    """The positionnements in progress on its contingent, and the demands of its active list the cross-check of the
    files flags."""
    from positionnements.croisements import alertes
    from positionnements.models import Designation
    from positionnements.tableaux import positionnements_de_la_liste

    miennes = Designation.objects.filter(liste__active=True, liste__reservataire_id=request.contexte.organisation_id)
    return [
        liste(
            "Candidats positionnés par la CASA sur votre contingent (en cours)",
            reverse("positionnements:travail"),
            "avancement=en_cours",
            positionnements_de_la_liste,
            request.user,
        ),
        Tache(
            "Demandes de votre liste signalées par le croisement des fichiers",
            len(alertes(list(miennes.values_list("demande_id", flat=True)))),
            reverse("positionnements:croisements"),
        ),
    ]
