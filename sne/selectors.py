"""What each person reads of the SNE import (docs/roles.md): the imports, their reports, the conflicts and probable
duplicates still to settle — CASA's administrators and instructors (sne.rules.suit_le_sne), nobody else: an empty
queryset for the others — and the « SNE » panel of a demand's page, for whoever sees the demand.

An import's file (`ImportSNE.contenu`, up to CASA_SNE_TAILLE_MAX_MO) and a line's kept document (`brut`) are never
read by a page that does not show them: deferred here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from defusedxml import minidom
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from commun import format_fr
from demandes.codes import EtatDemande, Lien, StatutDalo
from demandes.models import Demande, Personne
from demandes.selectors import ROLES_EPCI
from territoire.contexte import contexte_de

from . import mise_a_jour
from .models import ConflitSNE, DocumentSNE, EtatConflit, EtatImportSNE, ImportSNE, LigneImportSNE, ResultatLigne
from .rules import suit_le_sne

# The report's columns read by its page and its CSV (the kept document of a duplicate is not one of them).
COLONNES_LIGNE = (
    "import_sne",
    "position",
    "nur",
    "demande",
    "resultat",
    "motifs",
    "champs",
    "evenements",
    "doublon_de",
    "doublon_tranche",
    "demande__nur",
    "demande__numero",
)


def imports_visibles(user) -> QuerySet[ImportSNE]:
    """The SNE imports `user` reads (all of them, or none), their file's bytes left in the database."""
    if not suit_le_sne(user):
        return ImportSNE.objects.none()
    return ImportSNE.objects.defer("contenu").select_related("par")


def lignes_du_rapport(import_sne: ImportSNE, resultat: str = "") -> QuerySet[LigneImportSNE]:
    """The report of `import_sne` (an import the caller read through imports_visibles), in the file's order, of one
    ResultatLigne when `resultat` is given; with each line's demand's numbers."""
    lignes = LigneImportSNE.objects.filter(import_sne=import_sne)
    if resultat:
        lignes = lignes.filter(resultat=resultat)
    return lignes.select_related("demande").only(*COLONNES_LIGNE).order_by("position", "pk")


def compteurs_du_rapport(import_sne: ImportSNE) -> list[tuple[str, str, int]]:
    """[(result, its label, count)] of an applied import, in ResultatLigne's order, results that occur only."""
    compteurs = import_sne.compteurs or {}
    return [(r.value, r.label, compteurs[r.value]) for r in ResultatLigne if compteurs.get(r.value)]


def nombre_de_lignes(import_sne: ImportSNE, resultat: str = "") -> int | None:
    """The lines of the report (of one result), read from the import's totals: an applied import's `compteurs` are
    its lines counted when they were written (sne.application), so a 50,000-line report is not counted again at
    each page. None when the import is not applied (count the lines)."""
    if import_sne.etat != EtatImportSNE.APPLIQUE:
        return None
    compteurs = import_sne.compteurs or {}
    return compteurs.get(resultat, 0) if resultat else sum(compteurs.values())


def _demandeurs(chemin: str) -> Prefetch:
    """The applicant of the demand at `chemin` (its name shows beside its number), as its `titulaires`."""
    return Prefetch(
        f"{chemin}__personnes",
        queryset=Personne.objects.filter(lien=Lien.DEMANDEUR).order_by("ordre", "pk"),
        to_attr="titulaires",
    )


def conflits_ouverts(user) -> QuerySet[ConflitSNE]:
    """The conflicts with the SNE still to settle, the oldest first, with their demand and its applicant."""
    if not suit_le_sne(user):
        return ConflitSNE.objects.none()
    return (
        ConflitSNE.objects.filter(etat=EtatConflit.OUVERT)
        .select_related("demande")
        .prefetch_related(_demandeurs("demande"))
        .order_by("cree_le", "pk")
    )


def doublons_ouverts(user) -> QuerySet[LigneImportSNE]:
    """The probable duplicates held by the imports and not settled yet (LigneImportSNE « doublon », doublon_tranche
    False), in the order they came, with the local demand each looks like (its counter and applicant)."""
    if not suit_le_sne(user):
        return LigneImportSNE.objects.none()
    return (
        LigneImportSNE.objects.filter(resultat=ResultatLigne.DOUBLON, doublon_tranche=False)
        # a NUR some demand carries since (an acknowledgement of the SNE, another import): nothing left to settle
        .exclude(Exists(Demande.objects.filter(nur=OuterRef("nur"))))
        .select_related("doublon_de__guichet")
        .prefetch_related(_demandeurs("doublon_de"))
        .order_by("import_sne_id", "position", "pk")
    )


@dataclass
class PanneauSNE:
    """What the « SNE » panel of a demand's page says (sne/templates/sne/_panneau_demande.html): its NUR (None:
    awaited from the SNE), its SNE document when the SNE spoke of it (None: never), the labels of its open
    conflicts, the raw XML for CASA's agents, and which links the person may follow."""

    nur: str | None
    document: DocumentSNE | None = None
    dalo: str = ""
    hors_menage: list[str] = field(default_factory=list)
    conflits: list[str] = field(default_factory=list)
    brut: str | None = None
    vers_reconciliation: bool = False


def panneau_demande(user, demande: Demande, *, donnees_effacees: bool = False) -> PanneauSNE | None:
    """The « SNE » panel of `demande` for `user`, who reads the demand's page (the page's own scope applies:
    demandes.selectors.demandes_visibles). None for a draft (unknown to the SNE). The raw XML only for CASA's agents
    who read demands (demandes.selectors.ROLES_EPCI), never once the personal data are erased. One query."""
    if demande.etat == EtatDemande.BROUILLON:
        return None
    casa = contexte_de(user).agent_casa(*ROLES_EPCI) and not donnees_effacees
    # a conflict needs a document (the import, or the attachment of a NUR, wrote one): read with it, one query
    ouverts = ConflitSNE.objects.filter(demande=OuterRef("demande_id"), etat=EtatConflit.OUVERT).order_by("champ", "pk")
    document = (
        DocumentSNE.objects.filter(demande=demande)
        .defer(*(["valeurs"] if casa else ["valeurs", "brut"]))
        .annotate(champs_en_conflit=ArraySubquery(ouverts.values("champ")))
        .first()
    )
    panneau = PanneauSNE(nur=demande.nur, document=document, vers_reconciliation=suit_le_sne(user))
    if document is not None:
        panneau.conflits = [mise_a_jour.libelle(champ) for champ in document.champs_en_conflit]
        panneau.dalo = StatutDalo(document.dalo).label if document.dalo in StatutDalo.values else document.dalo
        panneau.hors_menage = [_enfant(e) for e in document.hors_menage or []]
        panneau.brut = _lisible(document.brut) if casa else None
    return panneau


def _enfant(enfant: dict) -> str:
    """« Tom, né(e) le 01/01/2015 » (a child in droit de visite, as the SNE document keeps it: texts)."""
    prenom = enfant.get("prenom") or "Enfant"
    try:
        return f"{prenom}, né(e) le {format_fr.date(dt.date.fromisoformat(str(enfant.get('date_naissance'))[:10]))}"
    except ValueError:
        return prenom


def _lisible(brut: str) -> str:
    """The raw XML indented for reading (parsed again by defusedxml: no DTD); as kept when it does not parse."""
    try:
        joli = minidom.parseString(brut).documentElement.toprettyxml(indent="  ")
    except Exception:  # noqa: BLE001 - shown as kept rather than not at all
        return brut
    # the kept document's own indentation becomes blank lines once indented again: dropped
    return "\n".join(ligne for ligne in joli.splitlines() if ligne.strip())
