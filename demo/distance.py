"""A demo session at a distance for seed_demo (docs/commissions.md « La séance à distance »): CASA's secretariat
puts on the agenda up to three dwellings whose candidates await the commission and are on no other open agenda,
convenes the members in office (membre.ccpc among them) and opens the window from now for 48 hours, through the real
services; `membre.ccpc` gives his avis at /commissions/ and `secretariat.ccpc` follows and closes it. Idempotent:
nothing is done when a session at a distance exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from commissions.etats import EtatSeance
from commissions.models import PointOrdreDuJour, Seance
from commissions.selectors import A_EXAMINER
from commissions.services import distance, seances
from programmation.models import Disponibilite
from territoire.models import Utilisateur

FENETRE = dt.timedelta(hours=48)
LOGEMENTS = 3


def creer_seance_a_distance_demo() -> Seance | None:
    """The demo session at a distance, open from now for FENETRE; None when one exists, or without the secretariat's
    account or a dwelling to examine."""
    if Seance.objects.filter(distance_debut__isnull=False).exists():
        return None
    secretariat = Utilisateur.objects.filter(username="secretariat.ccpc").first()
    if secretariat is None:
        return None
    occupees = PointOrdreDuJour.objects.exclude(seance__etat=EtatSeance.CLOSE).values("disponibilite_id")
    dispos = list(
        Disponibilite.objects.filter(positionnements__etat__in=A_EXAMINER)
        .exclude(pk__in=occupees)
        .distinct()
        .order_by("date_limite", "pk")[:LOGEMENTS]
    )
    if not dispos:
        return None
    maintenant = timezone.now()
    seance = seances.seance_creer(par=secretariat, date=maintenant + FENETRE, lieu="À distance (en ligne)")
    seances.ordre_du_jour_definir(par=secretariat, seance=seance, disponibilites=dispos)
    seances.convoquer(par=secretariat, seance=seance)
    return distance.distance_ouvrir(par=secretariat, seance=seance, debut=maintenant, fin=maintenant + FENETRE)
