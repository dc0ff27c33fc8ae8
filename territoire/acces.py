"""Access governance, the rules: the delays of the review of habilitations and of unused accounts (settings), and
what each role lets a person see, in words, for the « qui voit quoi » list given to the CIL and the DPO.

The sentences below say what the scopes of each app's selectors.py let through (demandes.selectors,
positionnements.selectors, commissions.selectors, suivi.perimetre): change them together. docs/roles.md is the
page-by-page version.
"""

from __future__ import annotations

from django.conf import settings

from .roles import ROLE_DESCRIPTIONS, Role, TypeOrganisation

# The delays of this module, declared with their meaning and unit in casa_logement/settings/securite.py (from the
# environment; docs/reglages.md).
REGLAGES = (
    # Every how many months each organisation reviews its habilitations (CNIL: « au moins semestrielle »).
    "CASA_REVUE_HABILITATIONS_MOIS",
    # Days after the opening when a review not finished is late and signalled to CASA's administrators.
    "CASA_REVUE_HABILITATIONS_RETARD_JOURS",
    # Days between two reminders to the organisation's administrators while its review is open.
    "CASA_REVUE_HABILITATIONS_RAPPEL_JOURS",
    # Days without a login (or since the creation, for an account never used) after which an account is switched off.
    "CASA_COMPTE_INACTIF_JOURS",
)


def reglage(nom: str) -> int:
    """A delay of this module (one of REGLAGES, else KeyError), as the settings say it."""
    if nom not in REGLAGES:
        raise KeyError(nom)
    return int(getattr(settings, nom))


# What a person sees of the personal data, by role (and, where it differs, at CASA or elsewhere).
_VOIT_EPCI = {
    Role.ADMINISTRATEUR: (
        "Toutes les données de l'instance : comptes, habilitations et clés d'API de toutes les organisations, "
        "toutes les demandes du territoire et leurs pièces, le journal des modifications et des lectures sensibles."
    ),
    Role.INSTRUCTEUR: (
        "Toutes les demandes du territoire : ménages, ressources, pièces (confidentielles comprises), entretiens ; "
        "les candidats des logements à pourvoir et les listes des réservataires."
    ),
    Role.SECRETARIAT_COMMISSION: (
        "Toutes les demandes du territoire en lecture (sans les pièces confidentielles), les candidats des "
        "logements, les dossiers et procès-verbaux nominatifs des séances de la CCPC."
    ),
}
_VOIT = {
    Role.ADMINISTRATEUR: (
        "Les comptes, habilitations et clés d'API de son organisation (noms, courriels, dernières connexions) ; "
        "aucune demande à ce titre."
    ),
    Role.INSTRUCTEUR: (
        "Les demandes enregistrées à son guichet (et, pour une commune, celles qui la souhaitent) : ménages, "
        "ressources, pièces, entretiens."
    ),
    Role.SECRETARIAT_COMMISSION: "Rien de plus que l'annuaire hors de la CASA.",
    Role.GESTIONNAIRE_BAILLEUR: (
        "Le parc de son bailleur, les candidats positionnés sur ses logements et les décisions de sa CAL ; "
        "pas la liste des demandes."
    ),
    Role.AGENT_GUICHET: (
        "Les demandes enregistrées à son guichet et celles qui souhaitent sa commune : ménages, ressources, pièces, "
        "entretiens."
    ),
    Role.RESERVATAIRE: (
        "Son contingent : ses objectifs, les positionnements sur ses logements réservés, sa liste de candidats et "
        "les signalements du croisement."
    ),
    Role.MEMBRE_COMMISSION: (
        "Les séances de la CCPC auxquelles il est convoqué et leur dossier en version des membres, sans nom ni "
        "numéro des demandeurs."
    ),
    Role.LECTEUR: (
        "Les tableaux de suivi de son périmètre et la liste derrière chaque chiffre (numéros de demande, sans nom)."
    ),
}


def ce_que_fait(role: str) -> str:
    """The role's description (territoire.roles.ROLE_DESCRIPTIONS)."""
    return ROLE_DESCRIPTIONS.get(role, "")


def ce_que_voit(role: str, type_organisation: str, *, compte_api: bool = False) -> str:
    """In words, the personal data a habilitation (role in an organisation of this type) lets its holder read."""
    texte = (_VOIT_EPCI if type_organisation == TypeOrganisation.EPCI else {}).get(role) or _VOIT.get(role, "")
    if compte_api:
        return f"Compte technique d'une clé d'API, par l'API seulement : {texte[0].lower()}{texte[1:]}"
    return texte
