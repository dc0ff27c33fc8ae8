"""What the candidate search reads: the dwelling's landlord's rules of the day (over CASA's,
positionnements.regles_bailleurs) widened by the agent's options, the pure rules' view of a dwelling and of a demand
(positionnements.regles), and the landlord's first-quartile quota of the year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q

from demandes import eligibilite
from demandes.codes import CodePriorite, EtatDemande
from demandes.models import Demande
from programmation.models import Disponibilite, Occupation

from .. import regles
from ..regles_bailleurs import Applicables, regles_applicables

ETATS_CANDIDATS = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)
OBJECTIF_Q1_HORS_QPV = Decimal("0.25")  # REGLES §7, or the rate of the Convention Intercommunale d'Attribution
DUREE_CACHE_QUOTA = 600  # seconds


def regles_du_logement(dispo: Disponibilite, jour: dt.date, **elargir) -> Applicables:
    """The rules applied to the dwelling on `jour`: its landlord's over CASA's (regles_bailleurs.regles_applicables,
    who set each one), widened by the agent's options (`elargir`: ecart_typologie, communes_secteur). One query."""
    return regles_applicables(dispo.logement.residence.bailleur_id, jour, **elargir)


def parametres(dispo: Disponibilite, *, jour: dt.date, **elargir) -> regles.Parametres:
    """The pure rules' parameters for the dwelling on `jour` (regles_du_logement), with who set each rule."""
    return regles_du_logement(dispo, jour, **elargir).parametres


@dataclass(frozen=True)
class Options:
    """How the agent widens or narrows the search."""

    ecart_typologie: int = 0  # 1: one typology above or below
    mutations_seulement: bool = False
    priorite: str = ""  # only the demands with this priority criterion (a CodePriorite)
    secteur: bool = False  # also the demands wishing another commune of the dwelling's sector

    def __post_init__(self):
        if self.ecart_typologie not in (0, 1):
            raise ValueError("L'élargissement de typologie est de 0 ou 1.")
        if self.priorite and self.priorite not in CodePriorite.values:
            raise ValueError(f"Critère de priorité inconnu : {self.priorite}.")


def logement_regles(dispo: Disponibilite) -> regles.Logement:
    """The pure rules' view of a dwelling to fill: where, what, its rent and charges."""
    lg = dispo.logement
    return regles.Logement(
        commune=lg.residence.commune.code_insee,
        en_qpv=lg.residence.en_qpv,
        typologie=lg.typologie,
        financement=lg.financement,
        etage=lg.etage,
        ascenseur=lg.ascenseur,
        accessible_pmr=lg.accessible_pmr,
        loyer=dispo.loyer,
        charges=dispo.charges,
    )


def quota_q1_en_retard(dispo: Disponibilite, jour: dt.date) -> bool:
    """Whether the dwelling's landlord is behind its first-quartile quota outside QPV this year (REGLES §7), from the
    attributions the application knows. Inside a QPV the question does not arise. Kept ten minutes in the cache: it
    moves with the attributions of the year, not from one search to the next."""
    residence = dispo.logement.residence
    if residence.en_qpv:
        return False
    cle = f"positionnements:quota-q1:{residence.bailleur_id}:{jour.isoformat()}"
    en_retard = cache.get(cle)
    if en_retard is None:
        en_retard = _quota_q1_en_retard(residence.bailleur_id, jour)
        cache.set(cle, en_retard, DUREE_CACHE_QUOTA)
    return en_retard


def _quota_q1_en_retard(bailleur_id: int, jour: dt.date) -> bool:
    annee = Occupation.objects.filter(
        logement__residence__bailleur_id=bailleur_id,
        logement__residence__en_qpv=False,
        debut__year=jour.year,
        debut__lte=jour,
        quartile__isnull=False,
    )
    compte = annee.aggregate(total=Count("pk"), q1=Count("pk", filter=Q(quartile=1)))
    return compte["total"] == 0 or Decimal(compte["q1"]) / compte["total"] < OBJECTIF_Q1_HORS_QPV


def candidat(
    demande: Demande, *, jour: dt.date, baremes: dict, bebe: bool | None = None, communes: frozenset | None = None
) -> regles.Candidat:
    """The pure rules' view of a demand. `communes` may be given by the caller (the search knows whether the
    commune is wished from its query); otherwise it is read from the demand's wishes."""
    if bebe is None:
        bebe = demande.bebe_jusqu_au is not None and demande.bebe_jusqu_au >= jour
    if communes is None:
        communes = frozenset(s.commune.code_insee for s in demande.souhaits_communes.select_related("commune"))
    revenu = None
    if demande.revenu_fiscal_reference is not None:
        revenu = eligibilite.revenu_retenu(
            demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
        ).montant
    plafonds = {}
    if demande.categorie_menage:
        supplementaires = max((demande.nombre_personnes or 0) - eligibilite.CATEGORIE_MAX, 0)
        if demande.categorie_menage != eligibilite.CATEGORIE_MAX:
            supplementaires = 0
        plafonds = {f: eligibilite.plafond(b, demande.categorie_menage, supplementaires) for f, b in baremes.items()}
    return regles.Candidat(
        numero=demande.numero,
        active=demande.etat in ETATS_CANDIDATS,
        qualifiee=demande.etat == EtatDemande.QUALIFIEE,
        personnes=demande.nombre_personnes or demande.personnes.count(),
        bebe=bebe,
        revenu=revenu,
        plafonds=plafonds,
        ressources_mensuelles=demande.ressources_mensuelles,
        unites_consommation=demande.unites_consommation,
        apl_estimee=demande.apl_estimee,
        communes=communes,
        toute_commune=demande.toute_commune,
        fauteuil=demande.accessibilite_pmr,
        ascenseur_requis=demande.ascenseur_requis,
        etage_max=demande.etage_max,
        loyer_max=demande.loyer_max,
        dalo=CodePriorite.DALO in demande.priorites,
        priorites=tuple(c for c in demande.priorites if c != CodePriorite.DALO),
        premier_quartile=demande.premier_quartile,
        score=demande.score_cotation or 0,
        date_depot=demande.date_depot,
        mutation=demande.mutation,
    )
