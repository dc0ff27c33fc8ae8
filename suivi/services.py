"""Producing the monthly tracking table: the facts of the month and of the year to date as known at the end of the
month, the regularisations and corrections recorded during it, counted for every view; kept in TableauMensuel.
Producing a month again gives the same figures (they are read as known at the month's end)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from territoire.models import Commune, Organisation, Utilisateur

from . import indicateurs, sources
from .models import TableauMensuel
from .rules import peut_produire
from .sources import Periode


def calculer(periode: Periode) -> dict:
    """The table's figures (JSON-ready)."""
    cumul = sources.faits(arrete=periode.arrete, depuis=periode.debut_annee, jusqu_au=periode.fin, groupes=True)
    mois = indicateurs.Faits(  # the month is the end of the year to date: one read of the logs
        attributions=[a for a in cumul.attributions if a.date_bail >= periode.debut],
        positionnements=[e for e in cumul.positionnements if e.date >= periode.debut],
        demandes=[e for e in cumul.demandes if e.date >= periode.debut],
    )
    regul = sources.regularisations(periode, groupes=True)
    vues: dict[str, dict[str, dict]] = {v: {} for v in indicateurs.VUES}
    for nom, faits in (("mois", mois), ("cumul", cumul), ("regularisations", regul)):
        for vue, par_cle in indicateurs.repartir(faits).items():
            for cle, sous_faits in par_cle.items():
                vues[vue].setdefault(cle, {})[nom] = indicateurs.compter(sous_faits)
    vide = indicateurs.compter(indicateurs.Faits())
    for par_cle in vues.values():
        for blocs in par_cle.values():
            for nom in ("mois", "cumul", "regularisations"):
                blocs.setdefault(nom, vide)
    vues["territoire"].setdefault("", dict.fromkeys(("mois", "cumul", "regularisations"), vide))
    corrections = [
        {
            "le": timezone.localtime(c.le).isoformat(),
            "numero": c.decision.positionnement.demande.reference,
            "motif": c.motif,
            "avant": c.avant,
            "apres": c.apres,
            "par": str(c.par),
        }
        for c in sources.corrections_du_mois(periode)
    ]
    orgs = {
        str(pk): nom
        for pk, nom in Organisation.objects.filter(
            pk__in=[int(k) for v in ("bailleur", "reservataire") for k in vues[v] if k.isdigit()]
        ).values_list("pk", "nom")
    }
    communes = dict(Commune.objects.filter(code_insee__in=list(vues["commune"])).values_list("code_insee", "nom"))
    return {
        "periode": {"annee": periode.annee, "mois": periode.mois, "arrete": periode.arrete.isoformat()},
        "vues": vues,
        "corrections": corrections,
        "noms": {"organisations": orgs, "communes": communes},
    }


def tableau_produire(*, annee: int, mois: int, par: Utilisateur | None = None) -> TableauMensuel:
    """Produces (or produces again) the table of a month that has ended; `par` None for the beat schedule."""
    if par is not None and not peut_produire(par):
        raise PermissionDenied("Seuls les agents de la CASA produisent le tableau de suivi.")
    if not 1 <= mois <= 12:
        raise ErreurMetier("Mois invalide.")
    periode = Periode(annee, mois)
    if periode.arrete > timezone.now():
        raise ErreurMetier(
            f"Le mois {periode} n'est pas terminé : son tableau se produit à partir du 1er du mois suivant."
        )
    debut = time.perf_counter()
    donnees = calculer(periode)
    duree = time.perf_counter() - debut
    with transaction.atomic():
        tableau, cree = TableauMensuel.objects.select_for_update().get_or_create(
            annee=annee,
            mois=mois,
            defaults={"donnees": donnees, "produit_le": timezone.now(), "produit_par": par, "duree": duree},
        )
        if not cree:
            tableau.donnees, tableau.produit_le, tableau.produit_par, tableau.duree = (
                donnees,
                timezone.now(),
                par,
                duree,
            )
            tableau.productions += 1
            tableau.save()
    return tableau


def mois_ecoule(jour: dt.date | None = None) -> Periode:
    return Periode.de(jour or timezone.localdate()).precedente()
