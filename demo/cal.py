"""Demo CAL returns for seed_demo: some of the demo positionnements are validated by a past commission, then their
landlords' CALs decide, through the same services as the pages and the API, so that CASA's views (decisions awaited,
answers awaited, decisions received, attributions) and the landlords' deposits show something. Deterministic and
idempotent: nothing is done when a deposit exists. Two years of history come with the monthly tracking (issue 8)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from positionnements import services
from positionnements.etats import EtatPositionnement
from positionnements.models import DepotDecisionsCAL, Positionnement
from positionnements.retours_cal import services as retours_cal_services
from territoire.models import Utilisateur
from territoire.roles import Role

E = EtatPositionnement


def _gestionnaire(bailleur_id: int) -> Utilisateur | None:
    return (
        Utilisateur.objects.filter(
            habilitations__organisation_id=bailleur_id, habilitations__role=Role.GESTIONNAIRE_BAILLEUR, is_active=True
        )
        .order_by("username")
        .first()
    )


def _ligne(p: Positionnement, date_cal: dt.date, **autres) -> dict:
    logement = p.disponibilite.logement
    return {
        "numero_demande": p.demande.reference,  # a landlord names the demand by its NUR when there is one
        "residence": logement.residence.reference,
        "logement": logement.numero,
        "date_cal": f"{date_cal:%d/%m/%Y}",
        **autres,
    }


@transaction.atomic
def creer_retours_cal_demo(*, jour: dt.date, logements: int = 10) -> int:
    """Validates the candidates of the first `logements` demo dwellings 40 days ago; the CALs then decide on six of
    them (a lease, a ranked second, a turned-down third), decide three days ago without the candidates' answers yet on
    two, and leave two awaiting their decision. Returns how many deposits were applied."""
    if DepotDecisionsCAL.objects.exists():
        return 0
    secretariat = Utilisateur.objects.filter(username="secretariat.ccpc").first()
    if secretariat is None:
        return 0
    par_logement = defaultdict(list)
    for p in (
        Positionnement.objects.filter(etat=E.PROPOSE)
        .select_related("demande", "disponibilite__logement__residence")
        .order_by("disponibilite_id", "rang")
    ):
        par_logement[p.disponibilite_id].append(p)
    choisis = [liste for liste in par_logement.values() if len(liste) == 3][:logements]
    valide_le, cal_le, offre_le = (jour - dt.timedelta(days=n) for n in (40, 25, 3))
    for liste in choisis:
        for p in liste:
            services.changer_etat(
                par=secretariat, positionnement=p, vers=E.VALIDE, motif="CCPC (démonstration)", date_effet=valide_le
            )
    lignes = defaultdict(list)
    for n, (premier, second, troisieme) in enumerate(choisis[:8]):
        bailleur = premier.disponibilite.logement.residence.bailleur_id
        refus = {"decision": "non-attribution", "motif_decision": "ressources insuffisantes pour ce loyer"}
        if n < 6:
            lignes[bailleur] += [
                _ligne(
                    premier,
                    cal_le,
                    decision="attribution par classement",
                    rang="1",
                    reponse="acceptation",
                    date_reponse=f"{cal_le + dt.timedelta(days=6):%d/%m/%Y}",
                    date_bail=f"{jour - dt.timedelta(days=5):%d/%m/%Y}",
                ),
                _ligne(second, cal_le, decision="attribution par classement", rang="2"),
                _ligne(troisieme, cal_le, **refus),
            ]
        else:  # the CAL decided three days ago, the candidate has not answered yet (seven days left: the offer to try
            # in the applicant's space, docs/portail.md)
            lignes[bailleur] += [
                _ligne(premier, offre_le, decision="attribution"),
                _ligne(second, offre_le, **refus),
                _ligne(troisieme, offre_le, **refus),
            ]
    appliques = 0
    for bailleur, rangs in lignes.items():
        gestionnaire = _gestionnaire(bailleur)
        if gestionnaire is None:
            continue
        depot, rapport = retours_cal_services.decisions_api(par=gestionnaire, lignes=rangs)
        appliques += rapport.valide
    return appliques
