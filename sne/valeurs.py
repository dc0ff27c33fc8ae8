"""Both sides of the comparison in one shape (sne.comparaison): what the SNE says of a demand (`valeurs_sne`) and what
the demand holds here (`valeurs_locales`, read for a whole batch in a constant number of queries). Keys: the Demande
fields the SNE carries, plus `date_depot`, `menage`, `communes`, `date_renouvellement` and `radiation`."""

from __future__ import annotations

from collections import defaultdict

from demandes.codes import EtatDemande
from demandes.models import MAX_COMMUNES_SOUHAITEES, Demande, Personne, Ressource, SouhaitCommune

from .comparaison import CHAMPS_PERSONNE, COMMUNES, DATE_DEPOT, MENAGE, en_json, menage_en_json, personne_en_json
from .interface import DERADIATION, DemandeSNE

RENOUVELLEMENT = "date_renouvellement"
RADIATION = "radiation"
LIBELLES_CYCLE = {RENOUVELLEMENT: "date du dernier renouvellement", RADIATION: "radiation (date et motif)"}
# The keys that are no Demande column (valeurs_locales computes them whatever the fields asked).
CHAMPS_COMPOSES = frozenset({DATE_DEPOT, MENAGE, COMMUNES, RENOUVELLEMENT, RADIATION})


def est_radiee(demande: DemandeSNE) -> bool:
    """Whether the SNE says the demand is struck off (a « déradiation » says it is live again)."""
    return demande.radiation is not None and demande.radiation[1] != DERADIATION


def communes_retenues(demande: DemandeSNE, communes_du_territoire: dict[str, int]) -> tuple[list[str], list[str]]:
    """The wished communes of the territory, in the SNE's order, at most MAX_COMMUNES_SOUHAITEES (the form's limit
    here); and the ones left out (other territories, or beyond the limit), for the report."""
    du_territoire = [c for c in demande.communes if c in communes_du_territoire]
    gardees = du_territoire[:MAX_COMMUNES_SOUHAITEES]
    ecartees = [c for c in demande.communes if c not in gardees]
    return gardees, ecartees


def valeurs_sne(demande: DemandeSNE, communes: list[str]) -> dict:
    """What the SNE says of the demand, in the comparison's shape (`communes`: those kept, communes_retenues)."""
    valeurs = {champ: en_json(v) for champ, v in demande.champs.items()}
    valeurs[DATE_DEPOT] = en_json(demande.date_creation)
    valeurs[MENAGE] = menage_en_json([personne_en_json(p.champs, p.ressources) for p in demande.personnes])
    valeurs[COMMUNES] = list(communes)
    valeurs[RENOUVELLEMENT] = en_json(demande.date_renouvellement)
    valeurs[RADIATION] = [en_json(demande.radiation[0]), demande.radiation[1]] if est_radiee(demande) else None
    return valeurs


def valeurs_locales(demandes: list[Demande], champs: set[str]) -> dict[int, dict]:
    """What each demand holds here, in the comparison's shape, for the Demande `champs` asked plus the composed keys:
    {demand id: values}. Three queries for the whole batch (households, resources, wished communes)."""
    ids = [d.pk for d in demandes]
    personnes: dict[int, list[Personne]] = defaultdict(list)
    for p in Personne.objects.filter(demande_id__in=ids).order_by("demande_id", "ordre", "pk"):
        personnes[p.demande_id].append(p)
    ressources: dict[int, list] = defaultdict(list)
    for r in Ressource.objects.filter(personne__demande_id__in=ids).only("personne_id", "type", "montant_mensuel"):
        ressources[r.personne_id].append((r.type, r.montant_mensuel))
    communes: dict[int, list[str]] = defaultdict(list)
    for pk, code in (
        SouhaitCommune.objects.filter(demande_id__in=ids)
        .order_by("demande_id", "rang")
        .values_list("demande_id", "commune__code_insee")
    ):
        communes[pk].append(code)
    resultat = {}
    for d in demandes:
        valeurs = {c: en_json(getattr(d, c)) for c in champs}
        valeurs[DATE_DEPOT] = en_json(d.date_depot)
        valeurs[MENAGE] = menage_en_json(
            [personne_en_json({c: getattr(p, c) for c in CHAMPS_PERSONNE}, ressources[p.pk]) for p in personnes[d.pk]]
        )
        valeurs[COMMUNES] = communes[d.pk]
        valeurs[RENOUVELLEMENT] = en_json(d.date_dernier_renouvellement)
        valeurs[RADIATION] = [en_json(d.date_radiation), d.motif_radiation] if d.etat == EtatDemande.RADIEE else None
        resultat[d.pk] = valeurs
    return resultat
