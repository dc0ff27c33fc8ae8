"""The shares, weights and referential tables the demo waiting list is drawn from (households, resources, housing,
reasons, wishes, priorities), with their sources in comments."""

from __future__ import annotations

from demandes.codes import CodePriorite, LogementActuel, MotifDemande, MotifRadiation, TypeRessource, Typologie
from territoire.roles import TypeOrganisation

LOT = 2000  # rows per INSERT

# Shares of the demo list (REGLES §8 lifecycle). `nombre` counts the active demands (ACTIVE + QUALIFIEE), which are
# 97 % of the live ones; the drafts are the other 3 %. Struck-off demands come on top.
PART_QUALIFIEES = 0.40
PART_BROUILLONS = 0.03
PART_RADIEES = 0.04
MOTIFS_RADIATION = [(MotifRadiation.RADATT, 50), (MotifRadiation.RADREN, 35), (MotifRadiation.RADABA, 15)]
ANCIENNETE_MAX_JOURS = 6 * 365

# Household size (persons, expected child included): CASA-like spread of the demand.
TAILLES = [(1, 38), (2, 24), (3, 17), (4, 12), (5, 6), (6, 2), (7, 0.7), (8, 0.3)]

# Resources per consumption unit (€/month), log-normal: median ~1 330 €/month (≈ 16 000 €/UC/year, close to the CASA
# median of 16 404) and a spread that puts ~27 % of the households at or below Q1 (12 000 €/UC/year = 1 000 €/month).
RESSOURCES_UC_MEDIANE = 1330
RESSOURCES_UC_SIGMA = 0.47
RESSOURCES_UC_BORNES = (430, 4500)
IMPOSABLES = {TypeRessource.SAL, TypeRessource.CHO, TypeRessource.RET, TypeRessource.PAR, TypeRessource.PINV}
# Monthly benefits (orders of magnitude of 2025-2026).
AF_2_ENFANTS, AF_3_ENFANTS, AF_PAR_ENFANT_EN_PLUS = 151.05, 344.56, 193.52
PAJE_BASE = 198.16
AEEH = 151.05
AAH_TAUX_PLEIN = 1033.32

# Counters: the CASA and the communal counters (by population) register most demands.
POIDS_EPCI = 32
POIDS_COMMUNES = 46
POIDS_PAR_TYPE = {TypeOrganisation.BAILLEUR: 1.5, TypeOrganisation.ACTION_LOGEMENT: 3}
POIDS_BAILLEUR_REEL = 4  # Erilia, the real landlord of the referential

LOGEMENTS = [
    (LogementActuel.LP, 30),
    (LogementActuel.HLM, 16.5),
    (LogementActuel.CPE, 16),
    (LogementActuel.CP, 11),
    (LogementActuel.RS, 3),
    (LogementActuel.LTG, 2.5),
    (LogementActuel.SLHT, 2),
    (LogementActuel.SH, 1.8),
    (LogementActuel.POCC, 1.5),
    (LogementActuel.RE, 1.2),
    (LogementActuel.HOT, 0.8),
    (LogementActuel.SD, 0.8),
    (LogementActuel.CAMCAR, 0.8),
    (LogementActuel.FONC, 0.8),
    (LogementActuel.RHVS, 0.4),
    (LogementActuel.CDEFCM, 0.3),
    (LogementActuel.SQUAT, 0.2),
]
PRECAIRES = {
    LogementActuel.CP,
    LogementActuel.SD,
    LogementActuel.SH,
    LogementActuel.HOT,
    LogementActuel.SQUAT,
    LogementActuel.CAMCAR,
    LogementActuel.SLHT,
    LogementActuel.RS,
    LogementActuel.RHVS,
    LogementActuel.CDEFCM,
}
HEBERGEMENTS = {
    LogementActuel.RS,
    LogementActuel.SLHT,
    LogementActuel.SH,
    LogementActuel.RHVS,
    LogementActuel.HOT,
    LogementActuel.CDEFCM,
}
SANS_LOGEMENT_PROPRE = {
    LogementActuel.CP,
    LogementActuel.LTG,
    LogementActuel.SD,
    LogementActuel.SQUAT,
    LogementActuel.CAMCAR,
    LogementActuel.HOT,
}
AVEC_BAIL = {LogementActuel.LP, LogementActuel.HLM, LogementActuel.POCC, LogementActuel.FONC}
M = MotifDemande
MOTIFS_AUTRES_LOGEMENTS = [(M.SANS_LOGEMENT, 85), (M.VIOLENCES, 4), (M.SANTE, 5), (M.DIVORCE, 6)]
MOTIFS_PAR_LOGEMENT = {
    LogementActuel.LP: [
        (M.TROP_CHER, 35),
        (M.TROP_PETIT, 20),
        (M.REPRIS, 10),
        (M.NON_DECENT, 6),
        (M.EXPULSION, 4),
        (M.RAPPROCHEMENT_TRAVAIL, 6),
        (M.ENVIRONNEMENT, 4),
        (M.SANTE, 3),
        (M.RAPPROCHEMENT_FAMILLE, 3),
        (M.DIVORCE, 5),
        (M.AUTRE, 4),
    ],
    LogementActuel.HLM: [
        (M.TROP_PETIT, 35),
        (M.TROP_GRAND, 10),
        (M.HANDICAP, 6),
        (M.SANTE, 10),
        (M.ENVIRONNEMENT, 15),
        (M.RAPPROCHEMENT_TRAVAIL, 8),
        (M.RAPPROCHEMENT_FAMILLE, 6),
        (M.DIVORCE, 4),
        (M.TROP_CHER, 4),
        (M.RAPPROCHEMENT_SERVICES, 2),
    ],
    LogementActuel.CPE: [(M.DECOHABITATION, 70), (M.FUTUR_COUPLE, 15), (M.RAPPROCHEMENT_TRAVAIL, 10), (M.DIVORCE, 5)],
    LogementActuel.CP: [(M.SANS_LOGEMENT, 70), (M.DIVORCE, 15), (M.DECOHABITATION, 10), (M.VIOLENCES, 5)],
    LogementActuel.LTG: [(M.SANS_LOGEMENT, 60), (M.DECOHABITATION, 20), (M.DIVORCE, 20)],
    LogementActuel.RE: [(M.DECOHABITATION, 60), (M.RAPPROCHEMENT_TRAVAIL, 40)],
    LogementActuel.FONC: [(M.MUTATION_PRO, 50), (M.AUTRE, 30), (M.RAPPROCHEMENT_TRAVAIL, 20)],
    LogementActuel.POCC: [(M.ACCEDANT, 40), (M.DIVORCE, 35), (M.HANDICAP, 10), (M.SANTE, 15)],
}
MOTIFS_SECONDAIRES = [
    (M.TROP_CHER, 20),
    (M.RAPPROCHEMENT_TRAVAIL, 15),
    (M.RAPPROCHEMENT_SERVICES, 10),
    (M.RAPPROCHEMENT_FAMILLE, 12),
    (M.SANTE, 10),
    (M.ENVIRONNEMENT, 8),
    (M.TROP_PETIT, 10),
    (M.NON_DECENT, 5),
    (M.AUTRE, 4),
]
PRECISIONS_AUTRE = [
    "Fin de bail dans quelques mois",
    "Souhaite se rapprocher d'un parent âgé",
    "Logement sans ascenseur, difficultés pour monter",
    "Trajets trop longs pour l'école des enfants",
    "Nuisances importantes dans l'immeuble",
]
TITRES_SEJOUR = [
    ("Carte de résident", 3650, 45),
    ("Carte de séjour pluriannuelle", 1460, 30),
    ("Carte de séjour temporaire", 365, 20),
    ("Récépissé de demande de titre", 180, 5),
]
DOMAINES = ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "yahoo.fr", "outlook.fr"]
# Communes outside CASA where applicants live (name, postcode).
COMMUNES_EXTERIEURES = [
    ("Nice", "06000"),
    ("Cannes", "06400"),
    ("Grasse", "06130"),
    ("Cagnes-sur-Mer", "06800"),
    ("Le Cannet", "06110"),
    ("Mougins", "06250"),
    ("Saint-Laurent-du-Var", "06700"),
    ("Mandelieu-la-Napoule", "06210"),
]
# Approximate positions (latitude, longitude) of the 24 communes, for "nearby" wishes.
POSITIONS = {
    "06004": (43.58, 7.12),
    "06155": (43.58, 7.05),
    "06161": (43.66, 7.12),
    "06152": (43.64, 7.01),
    "06018": (43.63, 7.10),
    "06044": (43.69, 7.10),
    "06105": (43.67, 7.06),
    "06112": (43.68, 7.01),
    "06148": (43.72, 7.06),
    "06038": (43.67, 6.98),
    "06128": (43.70, 7.12),
    "06010": (43.70, 6.99),
    "06089": (43.66, 6.99),
    "06070": (43.80, 6.94),
    "06050": (43.79, 7.05),
    "06022": (43.83, 7.12),
    "06041": (43.78, 6.96),
    "06068": (43.72, 6.98),
    "06037": (43.74, 6.92),
    "06017": (43.81, 7.09),
    "06049": (43.75, 7.01),
    "06047": (43.85, 7.05),
    "06061": (43.83, 7.10),
    "06107": (43.86, 7.07),
}
NOMBRE_COMMUNES = [(1, 18), (2, 14), (3, 18), (4, 14), (5, 11), (6, 9), (7, 6), (8, 10)]
# REGLES §10, default CASA setting: typology -> household sizes it suits.
TYPOLOGIES = [
    (Typologie.T1, 1, 1),
    (Typologie.T2, 1, 2),
    (Typologie.T3, 2, 4),
    (Typologie.T4, 3, 6),
    (Typologie.T5, 4, 8),
    (Typologie.T6P, 6, 99),
]
CRITERES_RARES = [
    CodePriorite.MARIAGE_FORCE,
    CodePriorite.VIOL_AGRESSION_DOMICILE,
    CodePriorite.SORTIE_PROSTITUTION,
    CodePriorite.TRAITE_PROXENETISME,
    CodePriorite.SORTIE_ACT,
]
