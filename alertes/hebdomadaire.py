"""The weekly digest's content: for each partner, the steps stalled on its side (docs/partenaires.md
« Notifications »). Counts only, each with the page that lists them (the reader sees there what its role allows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from commun import format_fr
from positionnements.etats import EN_COURS, EtatPositionnement
from positionnements.models import Positionnement
from positionnements.retours_cal.offres import offres
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from .destinataires import CASA, GESTIONNAIRES, RESERVATAIRES
from .evenements import jour_de_validation


@dataclass(frozen=True)
class Etape:
    """One line of the digest: « 3 décisions de CAL attendues depuis plus de 30 jours » and its page's path."""

    texte: str
    chemin: str


@dataclass(frozen=True)
class Bloc:
    """What one organisation is told: its stalled steps and the roles of its people who receive them."""

    organisation: Organisation
    roles: tuple[str, ...]
    etapes: list[Etape]


def _sans_candidat(qs):
    en_cours = Positionnement.objects.filter(disponibilite=OuterRef("pk"), etat__in=EN_COURS)
    return qs.filter(etat=EtatDisponibilite.A_POURVOIR).exclude(Exists(en_cours))


def _bailleur(org: Organisation, jour: dt.date) -> list[Etape]:
    delai = int(settings.CASA_DELAI_DECISION_CAL_JOURS)
    attendues = (
        Positionnement.objects.filter(
            etat=EtatPositionnement.VALIDE,
            disponibilite__logement__residence__bailleur=org,
            transitions__vers=EtatPositionnement.VALIDE,
        )
        .annotate(valide_le=jour_de_validation())
        .filter(valide_le__lte=jour - dt.timedelta(days=delai))
        .count()
    )
    reponses = len(offres(Positionnement.objects.filter(disponibilite__logement__residence__bailleur=org)))
    cal = reverse("positionnements:cal")
    etapes = []
    if attendues:
        etapes.append(
            Etape(
                f"{format_fr.compte(attendues, 'décision de CAL attendue', 'décisions de CAL attendues')} depuis plus "
                f"de {delai} jours après la validation par la commission",
                f"{cal}?vue=attendues",
            )
        )
    if reponses:
        etapes.append(
            Etape(
                f"{format_fr.compte(reponses, 'réponse de candidat attendue', 'réponses de candidats attendues')} "
                "après une attribution",
                f"{cal}?vue=reponses",
            )
        )
    return etapes


def _reservataire(org: Organisation) -> list[Etape]:
    n = _sans_candidat(Disponibilite.objects.filter(reservataire=org)).count()
    if not n:
        return []
    texte = format_fr.compte(n, "logement de votre contingent à pourvoir", "logements de votre contingent à pourvoir")
    return [Etape(f"{texte} sans candidat positionné", reverse("positionnements:travail"))]


def _casa(jour: dt.date) -> list[Etape]:
    n = _sans_candidat(Disponibilite.objects.filter(date_limite__lt=jour)).count()
    if not n:
        return []
    texte = format_fr.compte(n, "logement à pourvoir", "logements à pourvoir")
    return [Etape(f"{texte} sans candidat après la date limite de positionnement", reverse("positionnements:travail"))]


def blocs(jour: dt.date) -> list[Bloc]:
    """Every organisation with at least one stalled step on `jour`: landlords (decisions and answers awaited, for
    their managers), réservataires (dwellings of their contingent without a candidate), CASA (dwellings without a
    candidate past the date to position, for its instructors). By organisation name."""
    resultat = []
    for org in Organisation.objects.filter(active=True).order_by("nom", "pk"):
        if org.est_epci:
            etapes, roles = _casa(jour), CASA
        elif org.type == TypeOrganisation.BAILLEUR:
            etapes, roles = _bailleur(org, jour), GESTIONNAIRES
        elif org.est_reservataire:
            etapes, roles = _reservataire(org), RESERVATAIRES
        else:
            continue
        if etapes:
            resultat.append(Bloc(org, tuple(roles), etapes))
    return resultat
