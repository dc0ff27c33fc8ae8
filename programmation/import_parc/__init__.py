"""Import of a landlord's stock (one row per dwelling) from CSV (`;` or `,`, UTF-8 or Windows-1252, as Excel writes
them) or XLSX. Every bad row is reported with its line number and a French reason; nothing is saved until the whole
file is valid, then it is applied in one transaction (idempotent: résidences and dwellings are matched on the
landlord's references).

Our own small service rather than django-import-export's resources: we need one French message per bad row and
field, a check across rows (duplicates), and a preview before anything is written (see docs/programmation.md).

One module per step, each importing only those above it:

- `lecture`: the columns (our names and the other names files give them), the vocabularies, reading a file;
- `modele`: the template file offered for download (CSV, XLSX);
- `verification`: checking the rows alone and across rows (reads only), the report;
- `application`: writing a valid file to the parc (résidences, dwellings), with the landlord's permission check;
- `travaux`: what a Celery worker runs on a kept import (check it, apply it), called by programmation.tasks;
- `occupation_verification`, `occupation`: the same two steps (check, write) for an occupancy file, the households
  in place (ImportParc.nature OCCUPATION), which `travaux` runs when the import is one;
- `services`: the landlord's use cases on an import (receive a file, ask for its application, retry), which queue
  the tasks of programmation.tasks.

Nothing is re-exported here: a caller imports the module it uses (the tasks import `travaux`, which must not load
`services`, which imports the tasks).
"""
