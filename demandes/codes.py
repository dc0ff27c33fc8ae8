"""Code lists of the demand (SNE exchange format and CERFA 14069), kept in one place each.

Labels are French (shown to people); codes are stored. Source: shared/domain/REGLES.md §6 and §8.
"""

from django.db import models


class EtatDemande(models.TextChoices):
    BROUILLON = "BROUILLON", "Brouillon"
    ACTIVE = "ACTIVE", "Enregistrée (active)"
    QUALIFIEE = "QUALIFIEE", "Qualifiée"
    RADIEE = "RADIEE", "Radiée"


class MotifRadiation(models.TextChoices):
    RADATT = "RADATT", "Attribution d'un logement (bail signé)"
    RADABA = "RADABA", "Renonciation du demandeur"
    RADREN = "RADREN", "Non-renouvellement"
    RADIRR = "RADIRR", "Irrecevabilité"
    RADCON = "RADCON", "Demandeur injoignable"


class Lien(models.TextChoices):
    DEMANDEUR = "DEMANDEUR", "Demandeur"
    # The regulation's one co-applicant (REGLES §2): spouse, PACS partner, partner, or a non-dependent close relative.
    # Whether the applicant and the co-applicant are a couple is said once, by Demande.vit_en_couple.
    CO_DEMANDEUR = "CO_DEMANDEUR", "Co-demandeur"
    ENFANT = "ENFANT", "Enfant"
    ASCENDANT = "ASCENDANT", "Ascendant (parent, grand-parent)"
    AUTRE_PARENT = "AUTRE_PARENT", "Autre parent"
    AUTRE = "AUTRE", "Autre personne"


class TypeCourrier(models.TextChoices):
    """Letters whose date drives the lifecycle (docs/demandes.md)."""

    RAPPEL_RENOUVELLEMENT = "RAPPEL", "Avis de renouvellement (R441-2-7 CCH)"
    AVERTISSEMENT = "AVERTISSEMENT", "Avertissement avant radiation faute de réponse (R441-2-8 CCH)"


class Nationalite(models.TextChoices):
    FRANCAISE = "FR", "Française"
    UE = "UE", "Ressortissant de l'Union européenne, de l'EEE ou suisse"
    HORS_UE = "HORS_UE", "Hors Union européenne (titre de séjour)"


class SituationFamiliale(models.TextChoices):
    CELIBATAIRE = "CELIBATAIRE", "Célibataire"
    MARIE = "MARIE", "Marié(e)"
    PACSE = "PACSE", "Pacsé(e)"
    CONCUBIN = "CONCUBIN", "En concubinage"
    SEPARE = "SEPARE", "Séparé(e)"
    DIVORCE = "DIVORCE", "Divorcé(e)"
    VEUF = "VEUF", "Veuf (veuve)"


class TypeRessource(models.TextChoices):
    SAL = "SAL", "Salaire ou revenu d'activité"
    RET = "RET", "Retraite"
    CHO = "CHO", "Allocation chômage"
    PAR = "PAR", "Pension alimentaire reçue"
    PINV = "PINV", "Pension d'invalidité"
    AF = "AF", "Allocations familiales"
    AAH = "AAH", "Allocation aux adultes handicapés"
    AEEH = "AEEH", "Allocation d'éducation de l'enfant handicapé"
    AJPP = "AJPP", "Allocation journalière de présence parentale"
    RSA = "RSA", "Revenu de solidarité active"
    AMV = "AMV", "Allocation minimum vieillesse"
    PAJE = "PAJE", "Prestation d'accueil du jeune enfant"
    BE = "BE", "Bourse étudiant"
    AUT = "AUT", "Autre ressource"


class LogementActuel(models.TextChoices):
    HLM = "HLM", "Locataire HLM (logement social)"
    LP = "LP", "Locataire du parc privé"
    RS = "RS", "Résidence sociale, foyer, pension de famille"
    RHVS = "RHVS", "Résidence hôtelière à vocation sociale"
    RE = "RE", "Résidence étudiant"
    SLHT = "SLHT", "Structure d'hébergement ou logement temporaire"
    SH = "SH", "Centre d'hébergement (CHRS, CHU)"
    CDEFCM = "CDEFCM", "Centre départemental de l'enfance, centre maternel"
    CPE = "CPE", "Chez ses parents ou ses enfants"
    CP = "CP", "Hébergé chez un particulier"
    LTG = "LTG", "Logé à titre gratuit"
    FONC = "FONC", "Logement de fonction"
    POCC = "POCC", "Propriétaire occupant"
    CAMCAR = "CAMCAR", "Camping, caravane"
    HOT = "HOT", "Hôtel"
    SD = "SD", "Sans abri ou abri de fortune"
    SQUAT = "SQUAT", "Squat"


class MotifDemande(models.TextChoices):
    SANS_LOGEMENT = "01", "Sans logement ou hébergé"
    DEMOLITION = "02", "Logement destiné à la démolition"
    NON_DECENT = "03", "Logement non décent, insalubre ou dangereux"
    REPRIS = "04", "Logement repris ou mis en vente par le propriétaire"
    EXPULSION = "05", "Procédure d'expulsion"
    VIOLENCES = "06", "Violences familiales"
    HANDICAP = "07", "Handicap"
    SANTE = "08", "Raisons de santé"
    TROP_CHER = "09", "Logement trop cher"
    TROP_GRAND = "10", "Logement trop grand"
    DIVORCE = "11", "Divorce, séparation"
    DECOHABITATION = "12", "Décohabitation"
    TROP_PETIT = "13", "Logement trop petit"
    FUTUR_COUPLE = "14", "Futur couple"
    REGROUPEMENT = "15", "Regroupement familial"
    ASSISTANT_MATERNEL = "16", "Assistant(e) maternel(le) ou familial(e)"
    ENVIRONNEMENT = "17", "Problèmes d'environnement ou de voisinage"
    MUTATION_PRO = "18", "Mutation professionnelle"
    RAPPROCHEMENT_TRAVAIL = "19", "Rapprochement du lieu de travail"
    RAPPROCHEMENT_SERVICES = "20", "Rapprochement des équipements et services"
    RAPPROCHEMENT_FAMILLE = "21", "Rapprochement familial"
    ACCEDANT = "22", "Accédant à la propriété en difficulté"
    AUTRE = "23", "Autre motif"


class Typologie(models.TextChoices):
    CHAMBRE = "C", "Chambre"
    T1 = "T1", "T1"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5 = "T5", "T5"
    T6P = "T6P", "T6 et plus"


class CodePriorite(models.TextChoices):
    """DALO, then the priority publics of article L441-1 CCH, encoded by meaning (REGLES §6): the letter of the
    article is a label that moved with the reforms."""

    DALO = "DALO", "Reconnu prioritaire et urgent DALO"
    HANDICAP = "HANDICAP", "Personne en situation de handicap, ou ménage avec une personne handicapée à charge"
    SORTIE_ACT = "SORTIE_ACT", "Sortant d'un appartement de coordination thérapeutique"
    MAL_LOGE_DEFAVORISE = "MAL_LOGE_DEFAVORISE", "Mal logé ou défavorisé, difficultés financières ou d'existence"
    HEBERGE_TRANSITION = "HEBERGE_TRANSITION", "Hébergé ou logé temporairement (structure, logement de transition)"
    REPRISE_ACTIVITE = "REPRISE_ACTIVITE", "Reprise d'activité après un chômage de longue durée"
    HABITAT_INDIGNE = "HABITAT_INDIGNE", "Exposé à des situations d'habitat indigne"
    VIOLENCES_COUPLE = "VIOLENCES_COUPLE", "Victime de violences au sein du couple"
    MARIAGE_FORCE = "MARIAGE_FORCE", "Menacé de mariage forcé"
    VIOL_AGRESSION_DOMICILE = "VIOL_AGRESSION_DOMICILE", "Victime de viol ou d'agression sexuelle à son domicile"
    SORTIE_PROSTITUTION = "SORTIE_PROSTITUTION", "Engagé dans un parcours de sortie de la prostitution"
    TRAITE_PROXENETISME = "TRAITE_PROXENETISME", "Victime de traite des êtres humains ou de proxénétisme"
    ENFANT_SUROCCUPE_INDECENT = "ENFANT_SUROCCUPE_INDECENT", "Avec enfant mineur, en logement suroccupé ou indécent"
    SANS_LOGEMENT = "SANS_LOGEMENT", "Dépourvu de logement, y compris hébergé par des tiers"
    MENACE_EXPULSION = "MENACE_EXPULSION", "Menacé d'expulsion sans relogement"
    JEUNE_SORTANT_ASE = "JEUNE_SORTANT_ASE", "Jeune de moins de 21 ans sortant de l'aide sociale à l'enfance"


PREUVE_USUELLE = {
    CodePriorite.DALO: "Décision de la commission de médiation",
    CodePriorite.HANDICAP: "CMI invalidité, notification MDPH",
    CodePriorite.SORTIE_ACT: "Attestation de la structure",
    CodePriorite.MAL_LOGE_DEFAVORISE: "Évaluation sociale",
    CodePriorite.HEBERGE_TRANSITION: "Attestation d'hébergement (CHRS, résidence sociale, SIAO)",
    CodePriorite.REPRISE_ACTIVITE: "Contrat de travail et historique de chômage",
    CodePriorite.HABITAT_INDIGNE: "Arrêté préfectoral ou municipal",
    CodePriorite.VIOLENCES_COUPLE: "Ordonnance de protection ou décision du juge",
    CodePriorite.MARIAGE_FORCE: "Ordonnance de protection",
    CodePriorite.VIOL_AGRESSION_DOMICILE: "Décision de justice",
    CodePriorite.SORTIE_PROSTITUTION: "Décision préfectorale",
    CodePriorite.TRAITE_PROXENETISME: "Récépissé de plainte",
    CodePriorite.ENFANT_SUROCCUPE_INDECENT: "Bail, surface, rapport de décence",
    CodePriorite.SANS_LOGEMENT: "Attestation d'hébergement",
    CodePriorite.MENACE_EXPULSION: "Jugement d'expulsion",
    CodePriorite.JEUNE_SORTANT_ASE: "Attestation du Département",
}

# Sensitive criteria: shown only to people holding the permission demandes.voir_criteres_sensibles (REGLES §6).
PRIORITES_SENSIBLES = frozenset(
    {
        CodePriorite.HANDICAP,
        CodePriorite.VIOLENCES_COUPLE,
        CodePriorite.MARIAGE_FORCE,
        CodePriorite.VIOL_AGRESSION_DOMICILE,
        CodePriorite.SORTIE_PROSTITUTION,
        CodePriorite.TRAITE_PROXENETISME,
    }
)


class StatutDalo(models.TextChoices):
    NON = "NON", "Non"
    ACTIF = "ACTIF", "Actif"
    CADUC = "CADUC", "Caduc"
    ACTREL = "ACTREL", "Actif, relogement en cours"


class Financement(models.TextChoices):
    PLAI = "PLAI", "PLAI"
    PLUS = "PLUS", "PLUS"
    PLS = "PLS", "PLS"


class ZonePlafonds(models.TextChoices):
    PARIS = "PARIS", "Paris et communes limitrophes"
    IDF = "IDF", "Île-de-France hors Paris et communes limitrophes"
    AUTRES = "AUTRES", "Autres régions"


class CritereLocal(models.TextChoices):
    """Local criteria of CASA's cotation (its 2021 grid, REGLES §6 and §9)."""

    CATASTROPHE_NATURELLE = "CATASTROPHE_NATURELLE", "Victime d'une catastrophe naturelle"
    LOGEMENT_D_ABORD = "LOGEMENT_D_ABORD", "Priorité « Logement d'abord »"


class EtatPieceEnLigne(models.TextChoices):
    """A piece the applicant sent from his space (portail/): waits for an agent, who accepts it (it becomes a piece of
    the file) or refuses it with a reason the applicant reads (demandes.etats.MACHINE_PIECE_EN_LIGNE)."""

    A_VALIDER = "A_VALIDER", "À valider"
    ACCEPTEE = "ACCEPTEE", "Acceptée"
    REFUSEE = "REFUSEE", "Refusée"


class RubriqueSignalement(models.TextChoices):
    """What an applicant says is wrong in his demand as registered (« Signaler une erreur » of his space)."""

    MENAGE = "MENAGE", "Ménage (personnes, naissances, séparation)"
    RESSOURCES = "RESSOURCES", "Ressources"
    LOGEMENT = "LOGEMENT", "Logement actuel"
    SOUHAITS = "SOUHAITS", "Souhaits (communes, typologie, loyer)"
    COORDONNEES = "COORDONNEES", "Coordonnées (adresse, téléphone, courriel)"
    AUTRE = "AUTRE", "Autre chose"
