"""What the commission tells the apps above it (commun/signaux.py; received by alertes, docs/partenaires.md)."""

from django.dispatch import Signal

# A session closed (services.cloture.cloturer): ``seance``, the Seance id; its avis say who was validated or refused.
# Sent once the transaction is committed.
seance_close = Signal()
