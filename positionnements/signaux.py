"""What the positionnements and the CAL returns tell the apps above them (commun/signaux.py; received by alertes,
docs/partenaires.md). Sent once the transaction is committed; the arguments are ids."""

from django.dispatch import Signal

# Candidates proposed on a dwelling (services.positionner): ``positionnements``, a list of Positionnement ids.
candidats_positionnes = Signal()

# A landlord's deposit of CAL decisions checked (vérifié or refusé) or failed (retours_cal.services.depot_verifier,
# travaux.echouer): ``depot``, the DepotDecisionsCAL id, ``transition``, the id of its move (TransitionDepotCAL).
depot_cal_verifie = Signal()
