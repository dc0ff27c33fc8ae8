"""The landlord's home panel: its stock, its dwellings to fill, its stock files and CAL files waiting to be applied,
the CAL decisions awaited, its tracking table and its organisation's page."""

from __future__ import annotations

from django.urls import reverse

from territoire.models import Organisation
from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, suivi, taches_cal


def panneau(request) -> Panneau:
    ctx = request.contexte
    org = Organisation.objects.filter(pk=ctx.organisation_id).first()
    taches = _taches_du_parc(request)
    if org is not None:
        taches.append(Tache(f"Fiche de {org.nom}", None, reverse("organisation_detail", args=[org.slug])))
    return Panneau(
        Role.GESTIONNAIRE_BAILLEUR,
        "Gestion locative",
        ROLE_DESCRIPTIONS[Role.GESTIONNAIRE_BAILLEUR],
        [*taches[:3], *taches_cal(request), *suivi(request), *taches[3:]],
    )


def _taches_du_parc(request) -> list[Tache]:
    """The dwellings of its stock, those declared to fill, its stock files checked and not applied yet."""
    from programmation.models import EtatDisponibilite, EtatImport, ImportParc
    from programmation.selectors import disponibilites_visibles, logements_visibles

    return [
        Tache(
            "Logements de votre parc",
            logements_visibles(request.user).count(),
            reverse("programmation:parc"),
            "Déclarez un logement libre depuis la page de sa résidence.",
        ),
        Tache(
            "Logements déclarés à pourvoir",
            disponibilites_visibles(request.user).filter(etat=EtatDisponibilite.A_POURVOIR).count(),
            reverse("programmation:a_pourvoir"),
        ),
        Tache(
            "Fichiers de parc vérifiés, en attente d'application",
            ImportParc.objects.filter(bailleur_id=request.contexte.organisation_id, etat=EtatImport.VERIFIE).count(),
            reverse("programmation:importer"),
        ),
    ]
