"""What the parc tells the apps above it (commun/signaux.py; received by alertes, docs/partenaires.md)."""

from django.dispatch import Signal

# Dwellings declared to fill (disponibilite_declarer, a programme's delivery): ``disponibilites``, a list of
# Disponibilite ids. Sent once the transaction is committed.
logements_a_pourvoir = Signal()
