"""Demo positionnements for seed_demo: CASA's agent has already proposed three candidates on the most urgent dwellings
to fill (through the same search and service as the pages), so that the work list and the landlords' pages show some.
Idempotent: nothing is done when a positionnement exists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from positionnements import recherche, services
from positionnements.etats import EN_COURS, ExceptionTroisCandidats
from positionnements.models import Positionnement
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.models import Utilisateur


def creer_positionnements_demo(*, nombre: int, jour: dt.date) -> int:
    """Proposes candidates on the `nombre` dwellings to fill with the nearest deadline; returns how many
    positionnements were created."""
    if nombre <= 0 or Positionnement.objects.exists():
        return 0
    agent = Utilisateur.objects.filter(username="instructeur.casa").first()
    if agent is None:
        return 0
    dispos = Disponibilite.objects.filter(etat=EtatDisponibilite.A_POURVOIR).select_related(
        "logement__residence__commune", "reservataire"
    )
    crees = 0
    with transaction.atomic():
        for dispo in dispos.order_by("date_limite", "pk")[:nombre]:
            deja = set(Positionnement.objects.filter(etat__in=EN_COURS).values_list("demande_id", flat=True))
            lignes = [li for li in recherche.chercher(dispo, limite=10, jour=jour).lignes if li.demande.pk not in deja]
            numeros = [li.demande.numero for li in lignes[: services.CANDIDATS_PAR_LOGEMENT]]
            if not numeros:
                continue
            exception = "" if len(numeros) == services.CANDIDATS_PAR_LOGEMENT else ExceptionTroisCandidats.PAS_ASSEZ
            crees += len(
                services.positionner(par=agent, disponibilite=dispo, numeros=numeros, exception=exception, jour=jour)
            )
    return crees
