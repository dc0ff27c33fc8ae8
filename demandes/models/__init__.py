"""The models of demands, by topic; this module re-exports every one (`from demandes.models import Demande`).

- `demande`: the demand (CERFA 14069), its household, resources, wished communes and priority criteria;
- `historique`: the log of its states, the letters that drive its life, the erasure of its data;
- `pieces`: the supporting pieces, their consultations and the qualification interview;
- `demandeur`: what the applicant sends from his space: pieces to validate, errors reported;
- `baremes`: the dated reference tables the rules read (ceilings, quartiles, cotation grid).

Every model holding personal data is audited by django-pghistory (docs/audit.md). Workflow lives in
demandes/services/.
"""

from __future__ import annotations

from .baremes import BaremePlafond, GrilleCotation, PeriodeValiditeQuerySet, SeuilQuartile
from .demande import (
    CODE_TERRITOIRE,
    FORMAT_NUMERO_LOCAL,
    FORMAT_NUR,
    MAX_COMMUNES_SOUHAITEES,
    CriterePriorite,
    Demande,
    Personne,
    Ressource,
    SouhaitCommune,
)
from .demandeur import (
    LONGUEUR_MOTIF_REFUS,
    LONGUEUR_SIGNALEMENT,
    ConsultationPieceEnLigne,
    PieceEnLigne,
    Signalement,
    TransitionPieceEnLigne,
)
from .historique import Courrier, DeclencheurEffacement, EffacementDemande, TransitionDemande

# The piece's storage and path are named by migration 0005 as demandes.models._stockage_prive and _chemin_piece.
from .pieces import ConsultationPiece, Entretien, Piece, _chemin_piece, _stockage_prive

__all__ = [
    "CODE_TERRITOIRE",
    "LONGUEUR_MOTIF_REFUS",
    "LONGUEUR_SIGNALEMENT",
    "FORMAT_NUMERO_LOCAL",
    "FORMAT_NUR",
    "MAX_COMMUNES_SOUHAITEES",
    "BaremePlafond",
    "ConsultationPiece",
    "ConsultationPieceEnLigne",
    "Courrier",
    "CriterePriorite",
    "DeclencheurEffacement",
    "Demande",
    "EffacementDemande",
    "Entretien",
    "GrilleCotation",
    "PeriodeValiditeQuerySet",
    "Personne",
    "Piece",
    "PieceEnLigne",
    "Ressource",
    "SeuilQuartile",
    "Signalement",
    "SouhaitCommune",
    "TransitionDemande",
    "TransitionPieceEnLigne",
    "_chemin_piece",
    "_stockage_prive",
]
