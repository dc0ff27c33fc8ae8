"""Use cases of the demand (the writes), by topic. Keyword-only, transactional, taking the acting user; errors in
French (ErreursValidation by field, ErreurMetier, PermissionDenied). Reads are in demandes.selectors, who may do what
in demandes.rules.

- `brouillons`: open a draft, fill its steps (fields, household, wishes), register it (unique number);
- `calculs`: the figures kept on the row (eligibility, priorities, search key, cotation), refreshed after a change;
- `qualification`: priority criteria, the interview, active → qualified;
- `pieces`: deposit, removal and opening of the supporting pieces;
- `en_ligne`: what the applicant sends from his space (a piece to validate, an error reported) and its handling;
- `radiation`: strike off (by a service, a beat job or a signed lease), reactivate, log an event;
- `renouvellement`: renewal and its reminder, radiation of the demands not renewed;
- `avertissements`: the warning before radiation for no answer (R441-2-8) and its answer;
- `dates`: the correction of a registered demand's filing date;
- `socle`: the row lock, scope checks and log line every use case shares (internal).

This module re-exports the public functions: callers write `from demandes import services` and
`services.demande_creer(...)`.
"""

from __future__ import annotations

from .avertissements import avertissement_envoyer, avertissement_reponse_noter, demandes_sans_reponse_radier
from .brouillons import (
    CHAMPS_MODIFIABLES,
    CHAMPS_PERSONNE,
    DoublonProbable,
    demande_creer,
    demande_enregistrer,
    demande_modifier,
    etape_atteinte,
    menage_definir,
    numero_local_suivant,
    souhaits_definir,
)
from .calculs import (
    Regles,
    cotation_calculer,
    cotations_recalculer,
    demande_recalculer,
    demandes_recalculer,
    eligibilite_evaluer,
    eligibilite_reporter,
    figures_calculer,
    refus_offre_compter,
    situation_cotation,
    surface_minimale,
)
from .dates import date_depot_corriger
from .en_ligne import (
    MAX_PIECES_A_VALIDER,
    MAX_SIGNALEMENTS_OUVERTS,
    erreur_signaler,
    piece_en_ligne_accepter,
    piece_en_ligne_consulter,
    piece_en_ligne_refuser,
    piece_envoyer,
    signalement_traiter,
)
from .pieces import (
    FORMATS_PIECE,
    TAILLE_MAX_PIECE,
    fichier_verifier,
    nom_de_fichier,
    piece_consulter,
    piece_deposer,
    piece_retirer,
    pieces_orphelines_supprimer,
)
from .qualification import critere_ajouter, critere_retirer, demande_qualifier, entretien_enregistrer
from .radiation import RADIATIONS_PAR_LES_DELAIS, demande_radier, journal_noter, radier_pour_attribution
from .renouvellement import (
    DELAI_RAPPEL,
    REACTIVABLES,
    demande_renouveler,
    demandes_non_renouvelees_radier,
    rappels_renouvellement_envoyer,
    renouvellement_effet,
    renouvellement_possible,
)

__all__ = [
    # brouillons
    "CHAMPS_MODIFIABLES",
    "CHAMPS_PERSONNE",
    "DoublonProbable",
    "demande_creer",
    "demande_enregistrer",
    "demande_modifier",
    "etape_atteinte",
    "menage_definir",
    "numero_local_suivant",
    "souhaits_definir",
    # calculs
    "cotation_calculer",
    "cotations_recalculer",
    "demande_recalculer",
    "demandes_recalculer",
    "figures_calculer",
    "Regles",
    "eligibilite_evaluer",
    "eligibilite_reporter",
    "refus_offre_compter",
    "situation_cotation",
    "surface_minimale",
    # qualification
    "critere_ajouter",
    "critere_retirer",
    "demande_qualifier",
    "entretien_enregistrer",
    # pieces
    "FORMATS_PIECE",
    "TAILLE_MAX_PIECE",
    "piece_consulter",
    "piece_deposer",
    "piece_retirer",
    "pieces_orphelines_supprimer",
    "fichier_verifier",
    "nom_de_fichier",
    # en_ligne
    "MAX_PIECES_A_VALIDER",
    "MAX_SIGNALEMENTS_OUVERTS",
    "erreur_signaler",
    "piece_en_ligne_accepter",
    "piece_en_ligne_consulter",
    "piece_en_ligne_refuser",
    "piece_envoyer",
    "signalement_traiter",
    # radiation
    "RADIATIONS_PAR_LES_DELAIS",
    "demande_radier",
    "journal_noter",
    "radier_pour_attribution",
    # renouvellement
    "DELAI_RAPPEL",
    "REACTIVABLES",
    "demande_renouveler",
    "demandes_non_renouvelees_radier",
    "rappels_renouvellement_envoyer",
    "renouvellement_effet",
    "renouvellement_possible",
    # avertissements
    "avertissement_envoyer",
    "avertissement_reponse_noter",
    "demandes_sans_reponse_radier",
    # dates
    "date_depot_corriger",
]
