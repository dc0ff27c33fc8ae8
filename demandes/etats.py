"""The moves of a demand between its states (demandes.codes.EtatDemande) that the services allow (commun/etats.py):
a draft is registered (active), qualified when its pieces are complete, struck off (by a service, a beat job or the
landlord's CAL return for a lease), reactivated to the state it had. A line of the log that changes no state (a renewal,
a letter, a date corrected, a CAL decision noted, the erasure) is a note, not a move (services/socle.noter).
docs/demandes.md states the table (« Table des états : une demande »); tests/projet/test_etats.py compares it."""

from __future__ import annotations

from commun.etats import MachineAEtats

from .codes import EtatDemande, EtatPieceEnLigne

MACHINE_DEMANDE = MachineAEtats(
    "une demande",
    EtatDemande,
    {
        EtatDemande.BROUILLON: (EtatDemande.ACTIVE,),
        EtatDemande.ACTIVE: (EtatDemande.QUALIFIEE, EtatDemande.RADIEE),
        EtatDemande.QUALIFIEE: (EtatDemande.RADIEE,),
        EtatDemande.RADIEE: (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE),
    },
    # ACTIVE: a demand created by the SNE import (sne/), registered already in the national system.
    initiaux=(EtatDemande.BROUILLON, EtatDemande.ACTIVE),
)

# A piece the applicant sent from his space (portail/): an agent accepts it (it becomes a piece of the file) or refuses
# it with a reason. docs/demandes.md states the table (« Table des états : une pièce envoyée en ligne »).
MACHINE_PIECE_EN_LIGNE = MachineAEtats(
    "une pièce envoyée en ligne",
    EtatPieceEnLigne,
    {EtatPieceEnLigne.A_VALIDER: (EtatPieceEnLigne.ACCEPTEE, EtatPieceEnLigne.REFUSEE)},
    initiaux=(EtatPieceEnLigne.A_VALIDER,),
)
