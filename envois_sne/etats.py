"""The states of an event reported to the SNE and the moves allowed between them (commun/etats.py): created « à
envoyer » by the collector, sent in the day's file, then acknowledged or rejected by the SNE's return; a rejected event
goes back to « à envoyer » when CASA has corrected the data (« corriger et renvoyer »). An event waiting for a missing
fact (the demand's numéro unique, the dwelling's RPLS identifier) stays « à envoyer » with its reason
(EvenementSNE.attente): waiting is not a state, the daily job looks again each day. docs/sne.md states the table
(« Table des états : un événement SNE »); tests/projet/test_etats.py compares it."""

from __future__ import annotations

from commun.etats import MachineAEtats

from .codes import EtatEvenementSNE

E = EtatEvenementSNE
MACHINE_EVENEMENT_SNE = MachineAEtats(
    "un événement SNE",
    EtatEvenementSNE,
    {
        E.A_ENVOYER: (E.ENVOYE,),
        E.ENVOYE: (E.ACQUITTE, E.REJETE),
        E.REJETE: (E.A_ENVOYER,),
    },
    initiaux=(E.A_ENVOYER,),
)
