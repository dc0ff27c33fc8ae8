"""The figures derived from a demand and kept on its row for lists, filters and sorting: eligibility (demandes
.eligibilite with the barèmes in force), priorities in force, search key, cotation (demandes.cotation with CASA's grid);
refreshed after every change, nightly for every live demand, and after a refused offer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from .. import cotation, eligibilite, reference
from ..codes import EtatDemande, Lien
from ..models import CriterePriorite, Demande, Personne, Ressource
from ..selectors import normaliser, priorites_en_cours


def _personnes_pures(personnes: list[Personne]) -> list[eligibilite.Personne]:
    """The household as the pure eligibility rules read it."""
    return [
        eligibilite.Personne(
            date_naissance=p.date_naissance,
            lien=p.lien,
            a_charge=p.a_charge,
            handicap=p.handicap,
            enfant_a_naitre=p.enfant_a_naitre,
        )
        for p in personnes
    ]


@dataclass(frozen=True)
class Regles:
    """The rules in force on a day that the derived figures read: the income ceilings, the first-quartile threshold
    (€ per UC and year), the cotation grid; None where none is in force (reference.RegleManquante)."""

    jour: dt.date
    baremes: dict | None
    seuil_q1: Decimal | None
    grille: object | None

    @classmethod
    def du(cls, jour: dt.date) -> Regles:
        def ou_rien(lire):
            try:
                return lire(jour)
            except (ValueError, reference.RegleManquante):
                return None

        return cls(
            jour, ou_rien(reference.baremes_en_vigueur), ou_rien(reference.seuil_q1), ou_rien(reference.grille_cotation)
        )


def _eligibilite(demande: Demande, personnes: list[Personne], ressources: Decimal | None, regles: Regles):
    """The eligibility figures (demandes.eligibilite) from the household, the monthly resources (€) and the rules;
    None while the household or the income is not known yet, or no barème is in force."""
    pures = _personnes_pures(personnes)
    if not any(p.lien == Lien.DEMANDEUR for p in pures) or demande.revenu_fiscal_reference is None:
        return None
    if not regles.baremes or regles.seuil_q1 is None:
        raise reference.RegleManquante("Aucun barème de plafonds ou seuil de premier quartile en vigueur.")
    retenu = eligibilite.revenu_retenu(
        demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
    )
    return eligibilite.evaluer(
        personnes=pures,
        couple=demande.vit_en_couple,
        jour=regles.jour,
        revenu_fiscal_reference=retenu.montant,
        ressources_mensuelles=ressources or Decimal("0"),
        baremes=regles.baremes,
        seuil_q1=regles.seuil_q1,
        # The year of the barème in force (the latest one stays in force until the next is entered).
        annee_regles=next(iter(regles.baremes.values())).annee,
    )


def eligibilite_evaluer(*, demande: Demande, jour: dt.date | None = None) -> eligibilite.Eligibilite | None:
    """The eligibility figures with the rules in force on `jour` (today by default); None while the household or
    the income is not known yet."""
    jour = jour or timezone.localdate()
    ressources = Ressource.objects.filter(personne__demande=demande).aggregate(t=Sum("montant_mensuel"))["t"]
    baremes = reference.baremes_en_vigueur(jour)
    regles = Regles(jour, baremes, reference.seuil_q1(jour), None)
    return _eligibilite(demande, list(demande.personnes.all()), ressources, regles)


def eligibilite_reporter(demande: Demande, resultat: eligibilite.Eligibilite) -> None:
    """Copies the eligibility figures onto the demand's row (kept there for lists, filters and sorting)."""
    demande.categorie_menage = resultat.categorie_menage
    demande.nombre_personnes = resultat.nombre_personnes
    demande.unites_consommation = resultat.unites_consommation
    demande.ressources_mensuelles = resultat.ressources_mensuelles
    demande.ressources_par_uc = resultat.ressources_par_uc
    demande.premier_quartile = resultat.premier_quartile
    demande.eligible_plai = resultat.plafonds["PLAI"].eligible
    demande.eligible_plus = resultat.plafonds["PLUS"].eligible
    demande.eligible_pls = resultat.plafonds["PLS"].eligible


CHAMPS_CALCULES = (
    "score_cotation",
    "detail_cotation",
    "nom_recherche",
    "priorites",
    "nombre_personnes",
    "bebe_jusqu_au",
    "categorie_menage",
    "unites_consommation",
    "ressources_mensuelles",
    "ressources_par_uc",
    "premier_quartile",
    "eligible_plai",
    "eligible_plus",
    "eligible_pls",
)


def figures_calculer(
    demande: Demande, personnes: list[Personne], ressources: Decimal | None, priorites: list[str], regles: Regles
) -> None:
    """Sets the CHAMPS_CALCULES on the demand, in memory (nothing saved), from its household (Personne objects,
    saved or not), its monthly resources (€), its priorities in force and the rules of the day (Regles.du): what
    demande_recalculer writes, for a caller that creates many demands at once (the SNE import)."""
    demande.nom_recherche = normaliser(
        " ".join(f"{p.prenom} {p.nom} {p.nom_naissance}" for p in personnes if p.lien != Lien.ENFANT or p.nom)
    )
    demande.priorites = priorites
    demande.nombre_personnes = len(personnes) or None
    demande.bebe_jusqu_au = eligibilite.bebe_jusqu_au(personnes)
    try:
        resultat = _eligibilite(demande, personnes, ressources, regles)
    except (ValueError, reference.RegleManquante):
        resultat = None
    if resultat is not None:
        eligibilite_reporter(demande, resultat)
    else:  # not computable yet (a draft without income): no figure rather than a stale one
        demande.categorie_menage = demande.unites_consommation = demande.ressources_mensuelles = None
        demande.ressources_par_uc = demande.premier_quartile = None
        demande.eligible_plai = demande.eligible_plus = demande.eligible_pls = None
    try:
        if regles.grille is None:
            raise reference.RegleManquante("Aucune grille de cotation en vigueur.")
        situation = situation_cotation(demande=demande, personnes=personnes, jour=regles.jour)
        resultat_cotation = cotation.calculer(regles.grille, situation)
        demande.score_cotation = resultat_cotation.score
        demande.detail_cotation = resultat_cotation.as_dict()
    except (ValueError, reference.RegleManquante):
        demande.score_cotation, demande.detail_cotation = None, {}


def demande_recalculer(*, demande: Demande, jour: dt.date | None = None) -> Demande:
    """Refreshes the figures kept on the row for lists and filters (eligibility, priorities, search key)."""
    jour = jour or timezone.localdate()
    ressources = Ressource.objects.filter(personne__demande=demande).aggregate(t=Sum("montant_mensuel"))["t"]
    priorites = priorites_en_cours(demande=demande, jour=jour)
    figures_calculer(demande, list(demande.personnes.all()), ressources, priorites, Regles.du(jour))
    Demande.objects.filter(pk=demande.pk).update(**{c: getattr(demande, c) for c in CHAMPS_CALCULES})
    return demande


def demandes_recalculer(*, demandes: list[Demande], jour: dt.date | None = None) -> None:
    """demande_recalculer for many demands at once (the SNE import: hundreds per batch), in a constant number of
    queries: the households, their resources and their criteria read in three, the rules once, one bulk update."""
    jour = jour or timezone.localdate()
    regles = Regles.du(jour)
    ids = [d.pk for d in demandes]
    personnes: dict[int, list[Personne]] = {pk: [] for pk in ids}
    for p in Personne.objects.filter(demande_id__in=ids).order_by("demande_id", "ordre", "pk"):
        personnes[p.demande_id].append(p)
    ressources = dict(
        Ressource.objects.filter(personne__demande_id__in=ids)
        .values_list("personne__demande_id")
        .annotate(t=Sum("montant_mensuel"))
        .order_by()
    )
    priorites: dict[int, list[str]] = {pk: [] for pk in ids}
    for pk, code in (
        CriterePriorite.objects.filter(demande_id__in=ids, actif=True)
        .filter(Q(valable_jusqu_au__isnull=True) | Q(valable_jusqu_au__gte=jour))
        .values_list("demande_id", "code")
        .order_by("demande_id", "code")
    ):
        priorites[pk].append(code)
    for d in demandes:
        figures_calculer(d, personnes[d.pk], ressources.get(d.pk), priorites[d.pk], regles)
    Demande.objects.bulk_update(demandes, list(CHAMPS_CALCULES), batch_size=1000)


def surface_minimale(personnes: int) -> int:
    """Overcrowding (APL decency rule, REGLES §10): 9 m² for one person, 16 m² for two, + 9 m² per additional person,
    capped at 70 m² from 8 persons."""
    if personnes <= 1:
        return 9
    return min(16 + 9 * (personnes - 2), 70)


def situation_cotation(*, demande: Demande, personnes: list[Personne], jour: dt.date) -> cotation.SituationCotation:
    """The plain facts the cotation grid reads, taken from the demand."""
    nes = [p for p in personnes if not p.enfant_a_naitre]
    a_un_co = any(p.lien == Lien.CO_DEMANDEUR for p in personnes)
    enfants = any(p.lien == Lien.ENFANT and p.a_charge for p in personnes)
    taux = None
    if demande.loyer_actuel and demande.ressources_mensuelles:
        charge = demande.loyer_actuel - (demande.apl_estimee or 0)
        taux = max(charge, 0) / demande.ressources_mensuelles
    return cotation.SituationCotation(
        priorites=frozenset(demande.priorites),
        logement_actuel=demande.logement_actuel,
        motifs=frozenset(demande.motifs),
        mois_anciennete=cotation.mois_ecoules(demande.date_depot, jour),
        famille_monoparentale=enfants and not a_un_co,
        enfant_attendu=any(p.enfant_a_naitre for p in personnes),
        handicap_dans_menage=demande.perte_autonomie or any(p.handicap for p in personnes),
        taux_effort=taux,
        suroccupation=bool(demande.surface_actuelle and demande.surface_actuelle < surface_minimale(len(nes))),
        mutation=demande.mutation,
        refus_offre_adaptee=demande.refus_offre_adaptee,
        criteres_locaux=frozenset(demande.criteres_locaux),
    )


def cotation_calculer(*, demande: Demande, personnes: list[Personne] | None = None, jour: dt.date | None = None):
    """The demand's score with the grid in force on `jour` (today by default): a demandes.cotation result. Raises
    ValueError or reference.RegleManquante when no grid is in force."""
    jour = jour or timezone.localdate()
    personnes = personnes if personnes is not None else list(demande.personnes.all())
    return cotation.calculer(
        reference.grille_cotation(jour), situation_cotation(demande=demande, personnes=personnes, jour=jour)
    )


@transaction.atomic
def cotations_recalculer(*, jour: dt.date | None = None) -> int:
    """Scores every live demand again (nightly, and after a change of grid): seniority grows every month."""
    jour = jour or timezone.localdate()
    grille = reference.grille_cotation(jour)
    vivantes = Demande.objects.exclude(etat=EtatDemande.RADIEE).prefetch_related("personnes")
    a_jour = []
    expirees = set(
        CriterePriorite.objects.filter(actif=True, valable_jusqu_au__lt=jour).values_list("demande_id", flat=True)
    )
    for demande in vivantes.iterator(chunk_size=1000):
        if demande.pk in expirees:  # a criterion ended: it no longer counts
            demande.priorites = priorites_en_cours(demande=demande, jour=jour)
        resultat = cotation.calculer(
            grille, situation_cotation(demande=demande, personnes=list(demande.personnes.all()), jour=jour)
        )
        demande.score_cotation, demande.detail_cotation = resultat.score, resultat.as_dict()
        a_jour.append(demande)
    Demande.objects.bulk_update(a_jour, ["score_cotation", "detail_cotation", "priorites"], batch_size=1000)
    return len(a_jour)


def refus_offre_compter(*, demande_ids: list[int], jour: dt.date | None = None) -> None:
    """One more refused adapted offer for each demand (a demand may appear twice): the cotation's malus, scored
    again at once."""
    for pk, n in Counter(demande_ids).items():
        Demande.objects.filter(pk=pk).update(refus_offre_adaptee=F("refus_offre_adaptee") + n)
    for demande in Demande.objects.filter(pk__in=set(demande_ids)).prefetch_related("personnes"):
        try:
            resultat = cotation_calculer(demande=demande, personnes=list(demande.personnes.all()), jour=jour)
        except (ValueError, reference.RegleManquante):
            continue
        Demande.objects.filter(pk=demande.pk).update(score_cotation=resultat.score, detail_cotation=resultat.as_dict())
