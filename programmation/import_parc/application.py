"""Writing a stock file to the parc: checked first (verification), then, when valid, every résidence and dwelling
created or updated in one transaction, matched on the landlord's references (applying a file twice changes
nothing the second time). Only the landlord's managers (and CASA's administrator) may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from commun.erreurs import ErreurMetier
from territoire.models import Organisation, Utilisateur
from territoire.roles import TypeOrganisation

from ..models import Logement, Residence
from ..rules import gere_le_parc
from .lecture import lire
from .verification import PAS_PROGRESSION, RapportImport, valider

CHAMPS_LOGEMENT = (
    "typologie",
    "surface",
    "etage",
    "ascenseur",
    "accessible_pmr",
    "financement",
    "loyer",
    "charges",
    "reservataire",
)


def gestionnaire_verifier(par: Utilisateur, bailleur: Organisation) -> None:
    """ErreurMetier when `bailleur` is no landlord; PermissionDenied when `par` does not manage its parc."""
    if bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.")
    if not gere_le_parc(par, bailleur):
        raise PermissionDenied("Vous ne gérez pas le parc de ce bailleur.")


def parc_importer(
    *,
    par: Utilisateur,
    bailleur: Organisation,
    nom: str,
    contenu: bytes,
    appliquer: bool = False,
    progression=None,
) -> RapportImport:
    """Checks the file; with appliquer=True and a valid file, writes it in one transaction. `progression(fait,
    total)` is called every PAS_PROGRESSION rows written."""
    gestionnaire_verifier(par, bailleur)
    rapport = valider(lire(nom, contenu), bailleur=bailleur)
    if not appliquer or not rapport.valide:
        return rapport
    with transaction.atomic():
        residences = _lignes_ecrire(rapport, bailleur, progression)
        for residence in residences.values():
            residence.nombre_logements = residence.logements.count()
            residence.save(update_fields=["nombre_logements"])
    rapport.applique = True
    return rapport


def _lignes_ecrire(rapport: RapportImport, bailleur: Organisation, progression) -> dict[str, Residence]:
    """Creates or updates each row's résidence (once per reference) and dwelling, counting them in the report;
    returns the résidences by reference."""
    residences: dict[str, Residence] = {}
    for n, ligne in enumerate(rapport.lignes, start=1):
        if progression and n % PAS_PROGRESSION == 0:
            progression(n, len(rapport.lignes))
        v = ligne.valeurs
        residence = residences.get(v["reference_residence"])
        if residence is None:
            residence, cree = Residence.objects.update_or_create(
                bailleur=bailleur,
                reference=v["reference_residence"],
                defaults={
                    "nom": v["nom_residence"],
                    "adresse": v["adresse"],
                    "commune": v["commune"],
                    "en_qpv": v["en_qpv"],
                },
            )
            residences[v["reference_residence"]] = residence
            rapport.residences_creees += cree
        # an RPLS identifier left empty keeps the dwelling's (a file without the column erases none)
        rpls = {"identifiant_rpls": v["identifiant_rpls"]} if v.get("identifiant_rpls") else {}
        _, cree = Logement.objects.update_or_create(
            residence=residence, numero=v["numero"], defaults={**{k: v[k] for k in CHAMPS_LOGEMENT}, **rpls}
        )
        rapport.logements_crees += cree
        rapport.logements_modifies += not cree
    return residences
