"""The SNE's code lists and how each maps onto our enumerations (demandes/codes.py, which mostly use the SNE's codes
already). Source of every list: the « LISTE_CODES » of the library libsne (its Constantes.py), which restates the
code lists of the SNE's cahier des charges des interfaces (docs/sne.md « Sources »). A code outside its list makes
the demand refused (« code inconnu »), never guessed."""

from __future__ import annotations

from demandes.codes import (
    Lien,
    LogementActuel,
    MotifDemande,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeRessource,
    Typologie,
)

# ListeTypeFichier: création, création suite à séparation, modification, radiation, renouvellement, suppression,
# dispatching, retour, copie numérique.
TYPE_FICHIER = ("CRE", "CRS", "MOD", "RAD", "REN", "SUP", "DIS", "RET", "COP")

# ListeCivilite (1 Monsieur, 2 Madame, 3 Mademoiselle) → Personne.sexe, when the person has no `sexe`.
CIVILITE_SEXE = {"1": "M", "2": "F", "3": "F"}
# ListeSexe (M masculin, F féminin): our codes.
SEXE = {"M": "M", "F": "F"}
# ListeNationalite (1 française, 2 Union européenne, 3 hors Union européenne).
NATIONALITE = {"1": Nationalite.FRANCAISE, "2": Nationalite.UE, "3": Nationalite.HORS_UE}
# ListeSituationFamiliale (C célibataire, M marié, D divorcé, S séparé, P pacsé, U concubin, V veuf).
SITUATION_FAMILIALE = {
    "C": SituationFamiliale.CELIBATAIRE,
    "M": SituationFamiliale.MARIE,
    "D": SituationFamiliale.DIVORCE,
    "S": SituationFamiliale.SEPARE,
    "P": SituationFamiliale.PACSE,
    "U": SituationFamiliale.CONCUBIN,
    "V": SituationFamiliale.VEUF,
}
# ListeLienDemandeur, a co-holder's link to the applicant (M conjoint, P pacsé, C concubin, L co-locataire): True when
# they are a couple (→ Demande.vit_en_couple), False for a co-tenant.
LIEN_DEMANDEUR_COUPLE = {"M": True, "P": True, "C": True, "L": False}
# ListeLienParente, a dependant's link (P parent, E enfant, A autre).
LIEN_PARENTE = {"P": Lien.ASCENDANT, "E": Lien.ENFANT, "A": Lien.AUTRE}
# ListeCoparentalite: G garde alternée (counted in the household, REGLES §2), D droit de visite (not counted).
GARDE_ALTERNEE, DROIT_DE_VISITE = "G", "D"
COPARENTALITE = {GARDE_ALTERNEE: GARDE_ALTERNEE, DROIT_DE_VISITE: DROIT_DE_VISITE}
# ListeTypeLogement (C chambre, T1 … T5, T6P): our Typologie uses the same codes.
TYPE_LOGEMENT = {t.value: t.value for t in Typologie}
# ListeRessourceRecue (SAL RET CHO PAR PINV AF AAH AEEH AJPP RSA AMV PAJE BE AUT): our TypeRessource, same codes.
RESSOURCE_RECUE = {t.value: t.value for t in TypeRessource}
# ListeRessourceVersee: PAV, pension alimentaire versée (kept apart: PersonneSNE.pensions_versees).
PENSION_VERSEE = "PAV"
RESSOURCE_VERSEE = {PENSION_VERSEE: PENSION_VERSEE}
# ListeModeleLogement, the current housing (HLM LP RS RHVS RE SLHT SH CDEFCM CPE CP LTG FONC POCC CAMCAR HOT SD SQUAT):
# our LogementActuel, same codes. HLM (already a social tenant) also sets Demande.mutation.
MODELE_LOGEMENT = {t.value: t.value for t in LogementActuel}
# ListeMotifDemande 01 … 23: our MotifDemande, same codes.
MOTIF_DEMANDE = {t.value: t.value for t in MotifDemande}
# ListeMotifsRadiation (RADABA RADATT RADIRR RADCON RADREN, and "" for « Déradiation »): our MotifRadiation.
MOTIF_RADIATION = {t.value: t.value for t in MotifRadiation}
# ListeSousMotifRadiationIrrecevabilite: IRRSEJ irrégularité de séjour, IRRRES ressources au-dessus du plafond;
# required with RADIRR (cahier des charges des interfaces v2.1, §4.2, « sous-motif irrecevabilité obligatoire »).
SOUS_MOTIF_IRRECEVABILITE = {"IRRSEJ": "IRRSEJ", "IRRRES": "IRRRES"}
# ListeStatutDalo (NON, ACTIF, CADUC, ACTREL): our StatutDalo, same codes.
STATUT_DALO = {t.value: t.value for t in StatutDalo}
# ListeCapaciteMarcheHandicap (1 impossible, 2 une à trois marches, 3 premier étage, 4 plus d'un étage): 1 and 2
# need a lift (→ Demande.ascenseur_requis).
CAPACITE_MARCHE = {"1": True, "2": True, "3": False, "4": False}
# ListeAideTechniqueHandicap (1 aucune … 4 fauteuil roulant manuel, 5 fauteuil roulant électrique, 6 lève-personne,
# 7 lit médicalisé): a wheelchair needs a dwelling accessible in a wheelchair (→ Demande.accessibilite_pmr).
AIDE_TECHNIQUE_FAUTEUIL = {"1": False, "2": False, "3": False, "4": True, "5": True, "6": False, "7": False}
# ListeEquipementHandicap (1 baignoire adaptée, 2 WC avec transfert, 3 douche sans seuil, 4 ascenseur, 5 chambre pour
# une tierce personne, 6 place de stationnement adaptée): 4 → Demande.ascenseur_requis.
EQUIPEMENT_ASCENSEUR = {"1": False, "2": False, "3": False, "4": True, "5": False, "6": False}

# The lists as the SNE writes them (libsne's Constantes.py), to check that our enumerations still hold every code:
# tests/sne/test_codes.py compares them with the mappings above.
LISTES_SNE = {
    "ListeTypeLogement": ("C", "T1", "T2", "T3", "T4", "T5", "T6P"),
    "ListeRessourceRecue": (
        "SAL",
        "RET",
        "CHO",
        "PAR",
        "PINV",
        "AF",
        "AAH",
        "AEEH",
        "AJPP",
        "RSA",
        "AMV",
        "PAJE",
        "BE",
        "AUT",
    ),  # fmt: skip
    "ListeModeleLogement": (
        "HLM",
        "LP",
        "RS",
        "RHVS",
        "RE",
        "SLHT",
        "SH",
        "CDEFCM",
        "CPE",
        "CP",
        "LTG",
        "FONC",
        "POCC",
        "CAMCAR",
        "HOT",
        "SD",
        "SQUAT",
    ),  # fmt: skip
    "ListeMotifDemande": tuple(f"{n:02d}" for n in range(1, 24)),
    "ListeMotifsRadiation": ("RADABA", "RADATT", "RADIRR", "RADCON", "RADREN"),
    "ListeStatutDalo": ("NON", "ACTIF", "CADUC", "ACTREL"),
    "ListeSituationFamiliale": ("C", "M", "D", "S", "P", "U", "V"),
    "ListeNationalite": ("1", "2", "3"),
}
