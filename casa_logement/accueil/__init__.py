"""The home page of each role: what that role has to do today.

One module per role holds its builder, `panneau(request)`, returning a `Panneau` (a titled list of tasks, each with a
count and a link); `taches` holds the shapes and the tasks several roles share. `panneaux(request)` gives the panels
of the roles held in the current organisation (CASA's administrator's for a superuser without habilitation)."""

from __future__ import annotations

from territoire.roles import Role

from . import administrateur, bailleur, guichet, instructeur, lecteur, membre, reservataire, secretariat
from .taches import Panneau

CONSTRUCTEURS = {
    Role.ADMINISTRATEUR: administrateur.panneau,
    Role.INSTRUCTEUR: instructeur.panneau,
    Role.SECRETARIAT_COMMISSION: secretariat.panneau,
    Role.GESTIONNAIRE_BAILLEUR: bailleur.panneau,
    Role.AGENT_GUICHET: guichet.panneau,
    Role.RESERVATAIRE: reservataire.panneau,
    Role.MEMBRE_COMMISSION: membre.panneau,
    Role.LECTEUR: lecteur.panneau,
}


def panneaux(request) -> list[Panneau]:
    """The panels of the roles held, in the order of `Role`."""
    roles = request.contexte.roles or ({Role.ADMINISTRATEUR} if request.contexte.superutilisateur else set())
    return [CONSTRUCTEURS[role](request) for role in Role if role in roles]
