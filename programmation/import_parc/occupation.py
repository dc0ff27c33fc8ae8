"""A landlord's occupancy file: the households in place, one row per occupied dwelling (household size and
composition, resources per consumption unit or quartile, entry date, priority status at entry where known; no name,
nothing more than the allocations need). Read, checked and applied through the same intake as the parc file (kept
file, Celery worker, one transaction, report by line, « Relancer »): ImportParc with nature OCCUPATION.

The file describes the résidences it covers: for each dwelling listed, the household in place; a dwelling of those
résidences that the file does not list is vacant, and an occupant a previous file (or the demo's initial parc)
declared there has left. Households housed through the application (origin ATTRIBUTION) are never ended by a file:
the allocation is the application's own record, possibly newer than the landlord's extraction. See
docs/programmation.md, « L'occupation du parc ».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commun import format_fr
from territoire.models import Utilisateur

from ..models import ImportParc, Logement, Occupation, OrigineOccupation
from .application import gestionnaire_verifier
from .occupation_verification import lire, valider
from .verification import PAS_PROGRESSION, LigneParc, RapportImport


@dataclass
class BilanOccupation:
    """What applying an occupancy file did, in households."""

    arrives: int = 0
    mis_a_jour: int = 0
    partis: int = 0
    inchanges: int = 0
    ignores: list[str] | None = None
    attributions_gardees: int = 0

    def resume(self) -> str:
        """One French line for the import's result (at most 200 characters)."""
        parties = [
            format_fr.compte(self.arrives, "ménage enregistré", "ménages enregistrés"),
            format_fr.compte(self.mis_a_jour, "mis à jour", "mis à jour"),
            format_fr.compte(self.partis, "départ", "départs"),
        ]
        if self.ignores:
            parties.append(format_fr.compte(len(self.ignores), "ligne ignorée", "lignes ignorées"))
        return ", ".join(parties)[:200]


CHAMPS = ("personnes", "composition", "ressources_uc", "quartile")


@transaction.atomic
def occupation_appliquer(
    rapport: RapportImport, *, import_occupation: ImportParc, jour: dt.date | None = None, progression=None
) -> BilanOccupation:
    """Writes a valid occupancy report (valider) in the caller's transaction, idempotently: for each dwelling listed,
    the household in place (same entry date: updated; a later entry: the previous one leaves the day before; an
    earlier entry than the occupant the application knows: ignored, said in `ignores`); in the résidences the file
    covers, a dwelling not listed has no one left from a previous file or the initial parc (ended on `jour`). A
    priority status left empty keeps the known one. Returns the counts."""
    assert rapport.valide
    jour = jour or timezone.localdate()
    bilan = BilanOccupation(ignores=[])
    logements = [ligne.valeurs["logement"] for ligne in rapport.lignes]
    en_place = {
        o.logement_id: o
        for o in Occupation.objects.select_for_update().filter(logement_id__in=logements, fin__isnull=True)
    }
    for n, ligne in enumerate(rapport.lignes, start=1):
        if progression and n % PAS_PROGRESSION == 0:
            progression(n, len(rapport.lignes))
        _ligne_appliquer(ligne, en_place.get(ligne.valeurs["logement"]), import_occupation, bilan)
    residences = Logement.objects.filter(pk__in=logements).values("residence_id")
    absents = Occupation.objects.select_for_update().filter(
        Q(logement__residence_id__in=residences) & ~Q(logement_id__in=logements), fin__isnull=True
    )
    bilan.attributions_gardees = absents.filter(origine=OrigineOccupation.ATTRIBUTION).count()
    for occupation in absents.exclude(origine=OrigineOccupation.ATTRIBUTION):
        occupation.fin = max(jour, occupation.debut)
        occupation.save(update_fields=["fin"])
        bilan.partis += 1
    return bilan


def _ligne_appliquer(ligne: LigneParc, actuelle: Occupation | None, source: ImportParc, bilan: BilanOccupation):
    v = ligne.valeurs
    valeurs_ligne = {c: v[c] for c in CHAMPS}
    if v["prioritaire"] is not None:
        valeurs_ligne["prioritaire"] = v["prioritaire"]
    if actuelle is not None and actuelle.debut == v["debut"]:
        changes = [c for c, valeur in valeurs_ligne.items() if getattr(actuelle, c) != valeur]
        if not changes:
            bilan.inchanges += 1
            return
        for c in changes:
            setattr(actuelle, c, valeurs_ligne[c])
        actuelle.import_occupation = source
        actuelle.save(update_fields=[*changes, "import_occupation"])
        bilan.mis_a_jour += 1
        return
    if actuelle is not None and actuelle.debut > v["debut"]:
        bilan.ignores.append(
            f"ligne {ligne.ligne} : le logement a un occupant entré le {format_fr.date(actuelle.debut)}, après le "
            f"{format_fr.date(v['debut'])} du fichier : gardé"
        )
        return
    if actuelle is not None:
        actuelle.fin = v["debut"] - dt.timedelta(days=1)
        actuelle.save(update_fields=["fin"])
        bilan.partis += 1
    elif Occupation.objects.filter(logement_id=v["logement"], debut=v["debut"]).exists():
        bilan.ignores.append(
            f"ligne {ligne.ligne} : ce ménage, entré le {format_fr.date(v['debut'])}, est déjà parti selon "
            "l'application : non réinstallé"
        )
        return
    Occupation.objects.create(
        logement_id=v["logement"],
        origine=OrigineOccupation.IMPORT,
        debut=v["debut"],
        prioritaire=v["prioritaire"],
        import_occupation=source,
        **{c: v[c] for c in CHAMPS},
    )
    bilan.arrives += 1


def occupation_importer(
    *, par: Utilisateur, import_occupation: ImportParc, appliquer: bool = False, progression=None
) -> tuple[RapportImport, BilanOccupation | None]:
    """Checks the kept occupancy file of `import_occupation`; with appliquer=True and a valid file, writes it in one
    transaction (occupation_appliquer). PermissionDenied for a user who does not manage the landlord's parc."""
    bailleur = import_occupation.bailleur
    gestionnaire_verifier(par, bailleur)
    tableau = lire(import_occupation.nom_fichier, bytes(import_occupation.contenu))
    rapport = valider(tableau.lignes, bailleur=bailleur, progression=progression, entetes=tableau.entetes)
    if not appliquer or not rapport.valide:
        return rapport, None
    with transaction.atomic():
        bilan = occupation_appliquer(rapport, import_occupation=import_occupation, progression=progression)
    rapport.applique = True
    return rapport, bilan
