"""The state machines of the SNE import (commun.etats): an imported file, a conflict to settle. Their tables are in
docs/sne.md (« Table des états : un import du SNE », « Table des états : un conflit avec le SNE »)."""

from __future__ import annotations

from commun.etats import MachineAEtats

from .models import EtatConflit, EtatImportSNE

E = EtatImportSNE

MACHINE_IMPORT_SNE = MachineAEtats(
    "un import du SNE",
    EtatImportSNE,
    {
        E.RECU: (E.EN_COURS, E.REFUSE, E.ECHEC),
        E.EN_COURS: (E.APPLIQUE, E.REFUSE, E.ECHEC),
        # a failed import is run again (the second run finds what the first wrote: the import is idempotent)
        E.ECHEC: (E.EN_COURS,),
    },
    initiaux=(E.RECU,),
)

MACHINE_CONFLIT = MachineAEtats(
    "un conflit avec le SNE",
    EtatConflit,
    {EtatConflit.OUVERT: (EtatConflit.VALEUR_SNE, EtatConflit.VALEUR_LOCALE)},
    initiaux=(EtatConflit.OUVERT,),
)
