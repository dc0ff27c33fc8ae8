"""What the demands tell the apps above them (commun/signaux.py; received by alertes, docs/partenaires.md)."""

from django.dispatch import Signal

# The renewal reminders of the day sent (services.rappels_renouvellement_envoyer, a month before the due date):
# ``par_guichet``, {counter organisation id: [Demande ids reminded]}, ``jour``, the day (ISO date).
demandes_a_renouveler = Signal()
