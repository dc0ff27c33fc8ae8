"""The project's default cotation grid, CASA-2026-1: its weights and why they rank the legal priorities first."""

from __future__ import annotations

from datetime import date

from .grille import CritereGrille, Grille

# These weights are the project's default, not CASA's: the grid is the EPCI's, set by its PPGD, public and explained
# to the applicant (REGLES §9). They make the legal priorities dominate: DALO (300) above every L441-1 public
# (100-150, the most at risk highest: violence, exploitation, leaving child welfare, without housing), each of them
# above the capped seniority (60) and any single situation criterion (30-80). Criteria cumulate: a household without
# housing recognised DALO gets DALO + SANS_LOGEMENT + SANS_LOGEMENT_ACTUEL, which is how grids usually rank the most
# urgent first. A mutation is recognised but weighs 0 (shown in the detail, as the grid is explained).
GRILLE_CASA_DEFAUT = Grille(
    version="CASA-2026-1",
    date_debut=date(2026, 1, 1),
    criteres=(
        CritereGrille("DALO", "Reconnu prioritaire DALO", "PRIORITE", 300),
        CritereGrille("VIOLENCES_COUPLE", "Victime de violences au sein du couple", "PRIORITE", 150),
        CritereGrille("MARIAGE_FORCE", "Menacé de mariage forcé", "PRIORITE", 150),
        CritereGrille(
            "VIOL_AGRESSION_DOMICILE", "Victime de viol ou d'agression sexuelle à son domicile", "PRIORITE", 150
        ),
        CritereGrille("TRAITE_PROXENETISME", "Victime de traite des êtres humains ou de proxénétisme", "PRIORITE", 150),
        CritereGrille("SORTIE_PROSTITUTION", "Engagé dans un parcours de sortie de la prostitution", "PRIORITE", 150),
        CritereGrille(
            "JEUNE_SORTANT_ASE", "Jeune de moins de 21 ans sortant de l'aide sociale à l'enfance", "PRIORITE", 150
        ),
        CritereGrille("SANS_LOGEMENT", "Dépourvu de logement, y compris hébergé par des tiers", "PRIORITE", 150),
        CritereGrille("MENACE_EXPULSION", "Menacé d'expulsion sans relogement", "PRIORITE", 130),
        CritereGrille(
            "HEBERGE_TRANSITION", "Hébergé ou logé temporairement (structure, logement de transition)", "PRIORITE", 130
        ),
        CritereGrille("HABITAT_INDIGNE", "Exposé à des situations d'habitat indigne", "PRIORITE", 130),
        CritereGrille(
            "ENFANT_SUROCCUPE_INDECENT", "Avec enfant mineur, en logement suroccupé ou indécent", "PRIORITE", 130
        ),
        CritereGrille(
            "HANDICAP", "Personne handicapée, ou ménage avec une personne handicapée à charge", "PRIORITE", 120
        ),
        CritereGrille("SORTIE_ACT", "Sortant d'un appartement de coordination thérapeutique", "PRIORITE", 120),
        CritereGrille(
            "MAL_LOGE_DEFAVORISE", "Mal logé ou défavorisé, difficultés financières ou d'existence", "PRIORITE", 110
        ),
        CritereGrille("REPRISE_ACTIVITE", "Reprise d'activité après un chômage de longue durée", "PRIORITE", 100),
        CritereGrille(
            "SANS_LOGEMENT_ACTUEL", "Sans logement (rue, abri de fortune, squat, camping, hôtel)", "LOGEMENT", 80
        ),
        CritereGrille("EXPULSION", "Procédure d'expulsion en cours", "LOGEMENT", 70),
        CritereGrille("LOGEMENT_INDECENT", "Logement non décent, insalubre ou dangereux", "LOGEMENT", 60),
        CritereGrille("HEBERGE", "Hébergé (chez un tiers, en structure ou à titre gratuit)", "LOGEMENT", 50),
        CritereGrille("DEMOLITION", "Logement destiné à la démolition", "LOGEMENT", 50),
        CritereGrille("SUROCCUPATION", "Logement suroccupé", "LOGEMENT", 40),
        CritereGrille("MUTATION", "Déjà locataire du parc social (mutation)", "LOGEMENT", 0),
        CritereGrille("TAUX_EFFORT_ELEVE", "Taux d'effort d'au moins 40 %", "EFFORT", 30),
        # Declared family violence (the reason of the demand); violence attested by a judge is VIOLENCES_COUPLE.
        CritereGrille("VIOLENCES_FAMILIALES", "Violences familiales déclarées", "FAMILLE", 60),
        CritereGrille("FAMILLE_MONOPARENTALE", "Famille monoparentale", "FAMILLE", 30),
        CritereGrille("NAISSANCE_ATTENDUE", "Naissance attendue", "FAMILLE", 10),
        CritereGrille("HANDICAP_MENAGE", "Handicap ou perte d'autonomie dans le ménage", "HANDICAP", 30),
        CritereGrille("RAPPROCHEMENT_TRAVAIL", "Rapprochement du lieu de travail", "TRAVAIL", 20),
        CritereGrille("ANCIENNETE", "Ancienneté", "ANCIENNETE", 1, plafond=60, par_unite=True, unite="mois"),
        CritereGrille("CATASTROPHE_NATURELLE", "Victime d'une catastrophe naturelle", "LOCAL", 50),
        CritereGrille("LOGEMENT_D_ABORD", "Priorité « Logement d'abord »", "LOCAL", 50),
        CritereGrille("REFUS_OFFRE_ADAPTEE", "Refus d'une offre adaptée", "MALUS", -30, plafond=-90, par_unite=True),
    ),
)
