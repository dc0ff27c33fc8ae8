"""The monthly table is produced by the beat schedule on the first day of each month (casa_logement/settings/celery.py)
and on demand by a worker."""

from __future__ import annotations

from celery import shared_task

from territoire.models import Utilisateur

from . import services


@shared_task
def produire_tableau_du_mois_ecoule() -> str:
    periode = services.mois_ecoule()
    tableau = services.tableau_produire(annee=periode.annee, mois=periode.mois)
    return f"{tableau} produit en {tableau.duree:.1f} s"


@shared_task
def produire_tableau(annee: int, mois: int, utilisateur_id: int | None = None) -> str:
    par = Utilisateur.objects.get(pk=utilisateur_id) if utilisateur_id else None
    tableau = services.tableau_produire(annee=annee, mois=mois, par=par)
    return f"{tableau} produit en {tableau.duree:.1f} s"
