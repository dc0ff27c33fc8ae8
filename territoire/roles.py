"""Roles, organisation types and which role an organisation of each type may give.

Pure data: docs/roles.md is the human version of this module.
"""

from django.db import models


class TypeOrganisation(models.TextChoices):
    EPCI = "EPCI", "Intercommunalité (EPCI)"
    BAILLEUR = "BAILLEUR", "Bailleur social"
    COMMUNE = "COMMUNE", "Commune"
    ETAT = "ETAT", "État (préfecture, DDETS)"
    ACTION_LOGEMENT = "ACTION_LOGEMENT", "Action Logement"
    DEPARTEMENT = "DEPARTEMENT", "Département"
    ASSOCIATION = "ASSOCIATION", "Association"
    AUTRE = "AUTRE", "Autre organisme"


class TypeReservataire(models.TextChoices):
    """Réservataire types of the SNE exchange format."""

    COLTER = "COLTER", "Collectivité territoriale (commune, EPCI, département)"
    COLACT = "COLACT", "Action Logement (collecteur)"
    PPRIOR = "PPRIOR", "Préfet : publics prioritaires"
    PFONCT = "PFONCT", "Préfet : fonctionnaires et agents de l'État"
    AUTRES = "AUTRES", "Autre réservataire"
    AUCUN = "AUCUN", "Non réservé (contingent propre du bailleur)"


class Role(models.TextChoices):
    ADMINISTRATEUR = "ADMINISTRATEUR", "Administrateur"
    INSTRUCTEUR = "INSTRUCTEUR", "Instructeur"
    SECRETARIAT_COMMISSION = "SECRETARIAT_COMMISSION", "Secrétariat de commission"
    GESTIONNAIRE_BAILLEUR = "GESTIONNAIRE_BAILLEUR", "Gestionnaire bailleur"
    AGENT_GUICHET = "AGENT_GUICHET", "Agent de guichet communal"
    RESERVATAIRE = "RESERVATAIRE", "Réservataire"
    MEMBRE_COMMISSION = "MEMBRE_COMMISSION", "Membre de commission"
    LECTEUR = "LECTEUR", "Lecteur"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATEUR: "Gère les comptes et les habilitations de son organisation ; à la CASA, tout le paramétrage.",
    Role.INSTRUCTEUR: "Enregistre, qualifie et positionne les demandes (CASA, points d'accueil).",
    Role.SECRETARIAT_COMMISSION: "Prépare les séances de la CCPC, convoque, imprime le dossier, rédige le PV.",
    Role.GESTIONNAIRE_BAILLEUR: (
        "Tient le parc de son bailleur, déclare les logements libérés, transmet les décisions de CAL."
    ),
    Role.AGENT_GUICHET: "Enregistre et met à jour les demandes au guichet de sa commune.",
    Role.RESERVATAIRE: "Suit son contingent, désigne ses candidats et croise ses listes avec la CASA.",
    Role.MEMBRE_COMMISSION: "Consulte les séances de la CCPC auxquelles il est convoqué et leur dossier.",
    Role.LECTEUR: "Consulte les tableaux de suivi de son périmètre, sans rien modifier.",
}

# Which roles an organisation of each type may give. CASA (the EPCI) runs the service and may give every role.
ROLES_PAR_TYPE: dict[str, frozenset[str]] = {
    TypeOrganisation.EPCI: frozenset(Role.values),
    TypeOrganisation.BAILLEUR: frozenset(
        {Role.ADMINISTRATEUR, Role.GESTIONNAIRE_BAILLEUR, Role.MEMBRE_COMMISSION, Role.LECTEUR}
    ),
    TypeOrganisation.COMMUNE: frozenset(
        {
            Role.ADMINISTRATEUR,
            Role.AGENT_GUICHET,
            Role.INSTRUCTEUR,
            Role.RESERVATAIRE,
            Role.MEMBRE_COMMISSION,
            Role.LECTEUR,
        }
    ),
    TypeOrganisation.ETAT: frozenset({Role.ADMINISTRATEUR, Role.RESERVATAIRE, Role.MEMBRE_COMMISSION, Role.LECTEUR}),
    TypeOrganisation.ACTION_LOGEMENT: frozenset(
        {Role.ADMINISTRATEUR, Role.RESERVATAIRE, Role.INSTRUCTEUR, Role.MEMBRE_COMMISSION, Role.LECTEUR}
    ),
    TypeOrganisation.DEPARTEMENT: frozenset({Role.ADMINISTRATEUR, Role.RESERVATAIRE, Role.LECTEUR}),
    TypeOrganisation.ASSOCIATION: frozenset({Role.ADMINISTRATEUR, Role.MEMBRE_COMMISSION, Role.LECTEUR}),
    TypeOrganisation.AUTRE: frozenset({Role.ADMINISTRATEUR, Role.RESERVATAIRE, Role.LECTEUR}),
}


def role_permis(type_organisation: str, role: str) -> bool:
    return role in ROLES_PAR_TYPE.get(type_organisation, frozenset())
