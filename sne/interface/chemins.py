"""The elements of a demandeLogement that the reader maps (paths from demandeLogement, without ranks), and the
listing of those present that it does not: they stay in the raw document (DemandeSNE.brut) and are named in
DemandeSNE.non_repris. docs/sne.md « Correspondance des éléments » gives the same table, with each name's source."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from .champs import nom_local

_IDENTITE = (
    "civilite",
    "sexe",
    "nom",
    "nomPatronymique",
    "prenom",
    "dateNaissance",
    "nationalite",
    "situationFamiliale",
    "titulaireCMIInvalidite",
    "telPortable",
    "telFixe",
    "mel",
    "adressePostale/numero",
    "adressePostale/voie",
    "adressePostale/codePostal",
)
_RESSOURCES = tuple(
    f"{liste}/detailRessource/{feuille}"
    for liste in ("listeRessourceRecue", "listeRessourceVersee")
    for feuille in ("ressource", "montant")
)
_REVENUS = tuple(f"revenuFiscal/{f}" for f in ("anneeMoins1", "montantMoins1", "anneeMoins2", "montantMoins2"))
_PP = "personnePhysique"

REPRIS = frozenset(
    [
        "numUnique",
        "numGuichet",
        "dateCreationDemande",
        "dateRenouvellement",
        "radiation/dateRadiation",
        "radiation/motifRadiation",
        "radiation/sousMotifRadiation",
        "dalo/statutDalo",
        "dalo/dateDecisionDalo",
        "logementRecherche/demandeElargie",
        "logementRecherche/listeTypeLogement/typeLogement",
        "logementRecherche/listeLocalisationSouhaite/localisationSouhaite/commune",
        "logementRecherche/montantMaxLoyer",
        "listeMotifDemande/motifDemande",
        "precisionMotifDemande",
        "handicap/capaciteMarche",
        "handicap/listeAideTechnique/aideTechnique",
        "handicap/listeEquipement/equipement",
        *(f"{_PP}/demandeur/{c}" for c in (*_IDENTITE, *_RESSOURCES, *_REVENUS)),
        *(
            f"{_PP}/demandeur/{liste}PersACharge/detailRessource/{f}"
            for liste in ("listeRessourceRecue", "listeRessourceVersee")
            for f in ("ressource", "montant")
        ),
        f"{_PP}/demandeur/adressePostale/commune",
        *(
            f"{_PP}/demandeur/situationProfessionnelle/{c}"
            for c in ("nomEmployeurPrincipal", "siretEmployeur", "commune")
        ),
        *(f"{_PP}/listeCotitulaire/cotitulaire/{c}" for c in (*_IDENTITE, *_RESSOURCES, *_REVENUS, "lienDemandeur")),
        *(f"{_PP}/listePersonneACharge/personneACharge/{c}" for c in (*_IDENTITE, *_RESSOURCES, "lienParente")),
        *(f"{_PP}/listePersonneEnGarde/personneEnGarde/{c}" for c in (*_IDENTITE, "coParentalite")),
        f"{_PP}/personneANaitre/nombre",
        f"{_PP}/personneANaitre/dateNaissancePrevue",
        f"{_PP}/logementActuel/listeModeleLogement/modeleLogement",
        f"{_PP}/logementActuel/montantMensuelLoyer",
        f"{_PP}/logementActuel/surface",
    ]
)
# Every element that holds a mapped one: walked into, never listed itself.
CONTENANTS = frozenset(c.rsplit("/", i)[0] for c in REPRIS for i in range(1, c.count("/") + 1))


def non_repris(demande_logement: Element) -> list[str]:
    """The paths of the elements present under `demande_logement` that are not mapped (the topmost of each
    unmapped branch, once each, in document order)."""
    vus: dict[str, None] = {}
    _parcourir(demande_logement, "", vus)
    return list(vus)


def _parcourir(el: Element, chemin: str, vus: dict[str, None]) -> None:
    for enfant in el:
        if not isinstance(enfant.tag, str):
            continue
        sous = f"{chemin}/{nom_local(enfant.tag)}" if chemin else nom_local(enfant.tag)
        if sous in CONTENANTS:
            _parcourir(enfant, sous, vus)
        elif sous not in REPRIS:
            vus.setdefault(sous)
