"""The demo accounts: created by seed_demo, printed by make demo (casa_logement.stack, which sets up no Django:
plain strings here), listed in the README, used by the browser tests."""

DEMO_PASSWORD = "casa-demo-2026"  # noqa: S105 - the demo password, published in the README

# (login, role label, organisation slug, role code)
DEMO_USERS = [
    ("admin.casa", "Administrateur — CASA", "casa", "ADMINISTRATEUR"),
    ("instructeur.casa", "Instructeur — CASA", "casa", "INSTRUCTEUR"),
    ("secretariat.ccpc", "Secrétariat de commission — CASA", "casa", "SECRETARIAT_COMMISSION"),
    ("gestionnaire.erilia", "Gestionnaire bailleur — Erilia", "erilia", "GESTIONNAIRE_BAILLEUR"),
    ("guichet.antibes", "Agent de guichet communal — Antibes", "commune-antibes", "AGENT_GUICHET"),
    ("reservataire.etat", "Réservataire — Préfecture des Alpes-Maritimes", "prefecture-06", "RESERVATAIRE"),
    ("membre.ccpc", "Membre de commission — Vallauris", "commune-vallauris", "MEMBRE_COMMISSION"),
    ("lecteur.casa", "Lecteur — CASA", "casa", "LECTEUR"),
    ("admin.erilia", "Administrateur — Erilia", "erilia", "ADMINISTRATEUR"),
]

DEMO_ACCOUNTS = [(login, label) for login, label, _, _ in DEMO_USERS] + [
    ("multi.organisations", "Agent de guichet à Vallauris et Instructeur à la CASA (sélecteur d'organisation)"),
]
