"""What attributing the dwelling to a candidate would do to the year's indicators, shown before deciding (REGLES §7):
the landlord's share of first-quartile attributions outside the QPV (or of the other quartiles inside it), the share
of priority households among the attributions of the dwelling's réservataire, and the balance of the résidence; and,
given the dwelling's landlord's rules of the day (regles_bailleurs), the household's effort rate against the maximum
of those rules, saying who set it (REGLES §10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q

from commun import format_fr
from demandes.models import Demande
from programmation import observatoire
from programmation.models import Disponibilite, EtatDisponibilite, Occupation
from territoire.roles import TypeOrganisation

from .regles_bailleurs import TAUX_EFFORT, Applicables

OBJECTIF_Q1_HORS_QPV = Decimal("0.25")
OBJECTIF_AUTRES_QUARTILES_EN_QPV = Decimal("0.50")
OBJECTIF_PRIORITAIRES = Decimal("0.25")
DELAI_RELOCATION = dt.timedelta(days=180)  # an attribution follows the vacancy it fills within six months


@dataclass(frozen=True)
class Indicateur:
    libelle: str
    avant: float | None
    apres: float | None
    cible: str

    @property
    def sens(self) -> str:
        if self.avant is None or self.apres is None or self.apres == self.avant:
            return "="
        return "+" if self.apres > self.avant else "-"


def _part(n: int, sur: int) -> float | None:
    return n / sur if sur else None


def _prioritaire(demande: Demande) -> bool:
    return bool(demande.priorites)


def impact(
    dispo: Disponibilite, demande: Demande, *, jour: dt.date, regles: Applicables | None = None
) -> list[Indicateur]:
    """Each indicator of the year, now and if `demande` gets the dwelling: the landlord's quota by quartile, the
    priority households of the réservataire's attributions, the résidence's balance; with `regles` (the dwelling's
    landlord's rules of `jour`), the household's effort rate in the dwelling against their maximum."""
    return impacts(dispo, [demande], jour=jour, regles=regles)[0]


def impacts(
    dispo: Disponibilite, demandes: list[Demande], *, jour: dt.date, regles: Applicables | None = None
) -> list[list[Indicateur]]:
    """`impact` for each of `demandes` (the dwelling's positioned candidates), in their order: the year's counts are
    read once for the dwelling (five queries however many candidates), then each candidate is added to them."""
    bases = (_base_quota(dispo, jour), _base_prioritaires(dispo, jour), _base_equilibre(dispo, jour))
    resultat = []
    for demande in demandes:
        indicateurs = [
            _quota_du_bailleur(dispo, demande, jour, bases[0]),
            _prioritaires_du_reservataire(dispo, demande, jour, bases[1]),
            _equilibre_de_la_residence(dispo, demande, bases[2]),
        ]
        if regles is not None:
            indicateurs.append(taux_effort(dispo, demande, regles))
        resultat.append(indicateurs)
    return resultat


def taux_effort(dispo: Disponibilite, demande: Demande, regles: Applicables) -> Indicateur:
    """The household's effort rate in the dwelling (REGLES §10, arrêté of 10 March 2011: rent + charges − estimated
    housing benefit, over the monthly resources; a fraction of 1, None when the resources are unknown) against the
    maximum of the dwelling's landlord's rules, with who set it (« règle du bailleur Erilia, depuis le … »)."""
    ressources = demande.ressources_mensuelles
    taux = None
    if ressources and ressources > 0:
        reste_a_payer = max(Decimal(0), dispo.loyer + dispo.charges - (demande.apl_estimee or Decimal(0)))
        taux = float(reste_a_payer / ressources)
    regle = regles.de(TAUX_EFFORT)
    return Indicateur("Taux d'effort du ménage dans ce logement", None, taux, f"au plus {regle.valeur} ({regle.texte})")


def _base_quota(dispo: Disponibilite, jour: dt.date) -> dict:
    """The landlord's attributions of the year on the dwelling's side of the QPV line: {"total", "q1"}."""
    residence = dispo.logement.residence
    return Occupation.objects.filter(
        logement__residence__bailleur_id=residence.bailleur_id,
        logement__residence__en_qpv=residence.en_qpv,
        debut__year=jour.year,
        debut__lte=jour,
        quartile__isnull=False,
    ).aggregate(total=Count("pk"), q1=Count("pk", filter=Q(quartile=1)))


def _quota_du_bailleur(dispo: Disponibilite, demande: Demande, jour: dt.date, attributions: dict) -> Indicateur:
    """The landlord's attributions of the year by quartile (`_base_quota`): outside the QPV to the first quartile,
    inside to the others."""
    residence = dispo.logement.residence
    annee = jour.year
    total, q1 = attributions["total"], attributions["q1"]
    connu = demande.premier_quartile is not None
    if not residence.en_qpv:
        return Indicateur(
            f"Attributions hors QPV {format_fr.de(residence.bailleur.nom)} en {annee} à des ménages du 1er quartile",
            _part(q1, total),
            _part(q1 + (1 if demande.premier_quartile else 0), total + (1 if connu else 0)),
            "au moins 25 %",
        )
    autres = total - q1
    return Indicateur(
        f"Attributions en QPV {format_fr.de(residence.bailleur.nom)} en {annee} aux ménages des quartiles 2 à 4",
        _part(autres, total),
        _part(autres + (1 if connu and not demande.premier_quartile else 0), total + (1 if connu else 0)),
        "au moins 50 %",
    )


def _base_prioritaires(dispo: Disponibilite, jour: dt.date) -> dict:
    """The réservataire's vacancies of the year filled, and by a priority household: {"total", "prio"}."""
    annee = jour.year
    suivie = Occupation.objects.filter(
        logement=OuterRef("logement"),
        debut__gte=OuterRef("date_liberation"),
        debut__lte=ExpressionWrapper(OuterRef("date_liberation") + DELAI_RELOCATION, output_field=DateField()),
    )
    pourvues = Disponibilite.objects.filter(
        reservataire=dispo.reservataire, etat=EtatDisponibilite.POURVU, date_liberation__year=annee
    ).annotate(attribuee=Exists(suivie), prioritaire=Exists(suivie.filter(prioritaire=True)))
    return pourvues.aggregate(total=Count("pk", filter=Q(attribuee=True)), prio=Count("pk", filter=Q(prioritaire=True)))


def _prioritaires_du_reservataire(dispo: Disponibilite, demande: Demande, jour: dt.date, compte: dict) -> Indicateur:
    """Priority households among the réservataire's attributions of the year (`_base_prioritaires`)."""
    annee = jour.year
    etat = dispo.reservataire.type == TypeOrganisation.ETAT
    return Indicateur(
        f"Ménages prioritaires parmi les attributions {format_fr.de(dispo.reservataire.nom)} en {annee}",
        _part(compte["prio"], compte["total"]),
        _part(compte["prio"] + (1 if _prioritaire(demande) else 0), compte["total"] + 1),
        "publics prioritaires" if etat else "au moins 25 % (DALO, à défaut L441-1)",
    )


def _base_equilibre(dispo: Disponibilite, jour: dt.date) -> tuple:
    """(the résidence's indicators of the observatoire, the household leaving the dwelling or None, the threshold)."""
    residence = dispo.logement.residence
    ind = observatoire.indicateurs(type(residence).objects.filter(pk=residence.pk), groupe="territoire", jour=jour)[
        None
    ]
    sortant = Occupation.objects.filter(logement=dispo.logement, fin__isnull=True).order_by("pk").first()
    return ind, sortant, observatoire.seuils()["part_q1_occupants"]


def _equilibre_de_la_residence(dispo: Disponibilite, demande: Demande, base: tuple) -> Indicateur:
    """First-quartile households among the résidence's occupants (`_base_equilibre`): the household leaving the
    dwelling goes, the candidate comes."""
    residence = dispo.logement.residence
    ind, sortant, seuil = base
    q1_apres, connus_apres = ind.q1, ind.quartile_connu
    if sortant and sortant.quartile is not None:
        q1_apres -= 1 if sortant.quartile == 1 else 0
        connus_apres -= 1
    if demande.premier_quartile is not None:
        q1_apres += 1 if demande.premier_quartile else 0
        connus_apres += 1
    return Indicateur(
        f"Ménages du 1er quartile parmi les occupants {format_fr.de(residence.nom)}",
        ind.part_q1,
        _part(q1_apres, connus_apres),
        f"signal de fragilité à partir de {round(seuil * 100)} %",
    )
