"""Retention: the personal data of a struck-off demand is erased once its retention period after the radiation is
over (one year), keeping the non-identifying facts the monthly tracking tables and the history read, so that no past
table changes. The selection, the erasure service, its dry run and its report; the nightly task
(demandes.tasks.purger_demandes_radiees) and the command (purger_demandes_radiees [--dry-run]) call `purger`.

Sources (docs/conservation.md):
- Décret n° 2017-917 du 9 mai 2017 autorisant le traitement « Numéro unique » (the SNE): its article 3 lists the data
  of a demand (identity, postal and e-mail addresses, persons in the household, professional situation, employer's
  SIRET, resources, current housing, reasons, handicap, and at the attribution the dwelling and its contingent); its
  article 4 keeps them **one year after the radiation** of the demand (R441-2-8 CCH). Article 3 was read in its
  published text; article 4's wording was not found in our reference material, only restated by a secondary source.
- REGLES §12 (shared/domain): « Demand data are kept one year after radiation, then erased » (citing the arrêté du
  23 mars 2015, annexe §7) [officiel]. The « arrêté du 22 décembre 2014 » named by issue 15 was not found.
- CASA setting CASA_CONSERVATION_APRES_RADIATION_MOIS (12 by default): never more than the legal year, never less
  than the reactivation windows of demandes/cycle.py (a demand struck off may be reactivated for five months: it
  must still be whole then).

What is erased, what is kept and why (docs/conservation.md): names, first names, birth dates and places, contacts,
exact amounts and every free text go; the persons of the household, their resources and the pieces (rows and files)
are deleted; codes, sizes, categories, quartile, priority criteria codes, communes, dates of states and the unique
number stay. The other apps erase what they copied from the demand through their own `<app>.retention` module
(positionnements, commissions), registered with `@effaceur`: the arrows of the architecture still point down.

The pghistory events that copied an erased value are blanked the same way (those of deleted rows are deleted): an
audit table must not keep what the retention rule erases. The erasure itself stays audited: one EffacementDemande
row per demand, a line in the demand's log, and the events of the rows it blanked (pghistory context
« conservation »). Nothing personal is logged: the report counts.

Concurrency: one transaction per batch (nothing half-erased), the batch's demands locked with SKIP LOCKED (a second
run at the same time erases the others; a demand an agent holds is erased the next night), and a demand is erased
once (EffacementDemande is one per demand): running it twice changes nothing the second time.

Modules, by topic:
- `duree`: the retention period (the legal year, the setting, its bounds) and the last radiation day it erases;
- `registre`: what each app erases, registered with `@effaceur` and found in every app's `retention` module;
- `audit`: the pghistory events of a model's rows, and leave to blank them (append-only tables);
- `donnees_demande`: what is erased of the demand's own data (its fields, household, pieces, free texts, log, events);
- `purge`: the selection of the demands due, the run by batches (`purger`) and its report (`Bilan`);
- `effacee`: an erased demand: its record, and why it can no longer be edited nor reactivated.

This module re-exports the public API: callers write `from demandes import retention` and `retention.purger`, the
other apps' `retention` modules `from demandes.retention import effaceur, evenements, evenements_modifiables`.
"""

from __future__ import annotations

from .audit import evenements, evenements_modifiables, modele_evenements

# Imported for its registration too: `@effaceur("demandes")` erases the demand's own data.
from .donnees_demande import DEMANDE_EFFACEE
from .duree import CONSERVATION_MOIS, conservation_mois, radiees_au_plus_tard_le, reactivation_max_mois, verifier_duree
from .effacee import effacement_de, message_effacee, verifier_non_effacee
from .purge import LIBELLES, TAILLE_LOT, Bilan, a_effacer, purger
from .registre import MOTIF_EFFACE, Effaceur, effaceur, effaceurs

__all__ = [
    "CONSERVATION_MOIS",
    "DEMANDE_EFFACEE",
    "LIBELLES",
    "MOTIF_EFFACE",
    "TAILLE_LOT",
    "Bilan",
    "Effaceur",
    "a_effacer",
    "conservation_mois",
    "effacement_de",
    "effaceur",
    "effaceurs",
    "evenements",
    "evenements_modifiables",
    "message_effacee",
    "modele_evenements",
    "purger",
    "radiees_au_plus_tard_le",
    "reactivation_max_mois",
    "verifier_duree",
    "verifier_non_effacee",
]
