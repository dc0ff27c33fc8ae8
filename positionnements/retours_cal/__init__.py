"""The CAL returns (docs/cal.md): the decisions of a landlord's attribution commission (CAL), then each candidate's
answer and the lease, sent as a file (CSV or XLSX) or through the API, checked row by row, then applied in one
transaction.

Our own service rather than django-import-export's resources: one French message per bad row, checks across rows (two
leases for one dwelling) and against the state of each positionnement, a check that is kept and shown before anything
is applied, and an application that follows through on other tables.

A file's path: views.retours → services.depot_recevoir (kept) → travaux.lancer_verification → tasks.verifier_depot →
services.depot_verifier → verification.valider (lecture.lire_ligne for each row) → the report on the deposit's page →
services.depot_demander_application → tasks.appliquer_depot → services.depot_appliquer (checked again under the
landlord's lock) → application.appliquer (positionnements.transitions for every move). The API (api.py) calls
services.decisions_api, which checks and applies at once. The candidate's own answer (applicant's space) and its
silence past the delay (daily task) go the same way without the landlord: reponses.py, the offers and their last day
to answer in offres.py. The templates: modele.py. Who reads what: selectors.py; who may do what: positionnements.rules.
"""
