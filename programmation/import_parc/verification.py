"""Checking the rows of a stock file, alone and across rows (one dwelling once; one résidence described one way),
without writing anything: the report (`RapportImport`) lists the valid rows with their values read, and one error
per bad row with its line number and its French reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from commun import format_fr
from commun.fichiers import ValeurIllisible, cle, valeurs
from territoire.models import Commune, Organisation

from .. import rpls as identifiants_rpls
from ..models import Logement
from .lecture import FINANCEMENTS, OBLIGATOIRES, TYPOLOGIES

PAS_PROGRESSION = 500  # rows between two notes of progress
# Plausibility bounds (not legal figures: a value outside is a typing or spreadsheet mistake far more often than a
# real dwelling). The décence decree asks at least 9 m² (or 20 m³) of living space: décret n° 2002-120, art. 4.
BORNES = {
    "surface": (Decimal("9"), Decimal("400"), "m²"),
    "loyer": (Decimal("20"), Decimal("5000"), "€ par mois"),
    "charges": (Decimal("0"), Decimal("2000"), "€ par mois"),
}
OPTIONS = ("en_qpv", "ascenseur", "accessible_pmr")
LONGUEUR_REFERENCE = 40  # the longest résidence reference or dwelling number (the models' columns)


@dataclass
class LigneParc:
    ligne: int
    valeurs: dict


@dataclass
class RapportImport:
    lignes: list[LigneParc] = field(default_factory=list)
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    residences_creees: int = 0
    logements_crees: int = 0
    logements_modifies: int = 0
    applique: bool = False
    notes: list[tuple[int, str]] = field(default_factory=list)  # values completed (an INSEE code's leading zero)

    @property
    def valide(self) -> bool:
        return not self.erreurs


@dataclass
class _Referentiel:
    """What the rows may name: the communes (by INSEE code and by name) and the réservataires (by slug and SIREN);
    the RPLS identifiers already held, {identifier: (landlord id, résidence reference, dwelling number)}."""

    communes: dict
    codes_insee: frozenset
    reservataires: dict
    rpls: dict = field(default_factory=dict)

    @classmethod
    def charger(cls) -> _Referentiel:
        """Three queries: every commune, every réservataire, every RPLS identifier held."""
        communes = {}
        for c in Commune.objects.all():
            communes[c.code_insee] = c
            communes[cle(c.nom)] = c
        reservataires = {}
        for o in Organisation.objects.filter(est_reservataire=True):
            reservataires[o.slug] = o
            if o.siren:
                reservataires[o.siren] = o
        rpls = {
            i: (b, r, n)
            for i, b, r, n in Logement.objects.filter(identifiant_rpls__isnull=False)
            .order_by()
            .values_list("identifiant_rpls", "residence__bailleur_id", "residence__reference", "numero")
        }
        return cls(communes, frozenset(c for c in communes if c.isdigit()), reservataires, rpls)


@dataclass
class _Verification:
    """What the check carries from row to row: the dwellings and résidences seen, the vocabularies' translations."""

    referentiel: _Referentiel
    bailleur_id: int | None = None
    rapport: RapportImport = field(default_factory=RapportImport)
    traductions: Counter = field(default_factory=Counter)
    logements_vus: dict[tuple[str, str], int] = field(default_factory=dict)
    residences_vues: dict[str, tuple[int, tuple]] = field(default_factory=dict)
    rpls_vus: dict[str, int] = field(default_factory=dict)


class _Ligne:
    """One row being read: its raw cells, its line in the file, the reasons it is wrong (in the order found)."""

    def __init__(self, brut: dict, numero: int):
        self.brut = brut
        self.numero = numero
        self.erreurs: list[str] = []

    def ecrit(self, colonne: str) -> str:
        """The cell as text (empty when absent)."""
        return valeurs.texte(self.brut.get(colonne, ""))

    def lu(self, colonne: str, lecteur, **options):
        """The cell read by `lecteur` (commun.fichiers.valeurs), None when empty or unreadable (the reason noted)."""
        if self.ecrit(colonne) == "":
            return None
        try:
            return lecteur(self.brut[colonne], nom=f"{colonne} :", **options)
        except ValeurIllisible as err:
            self.erreurs.append(err.message)
            return None


def valider(
    lignes: list[dict], *, bailleur: Organisation | None, progression=None, entetes: dict[str, str] | None = None
) -> RapportImport:
    """Checks every row alone and across rows (one dwelling once; one résidence described one way); reads only.
    Values as people write them (commun.fichiers.valeurs): amounts with any thousands separator, RPLS financings
    and typologies, floors such as « RDC », INSEE codes that lost their leading zero (completed, and said in
    `notes`). One error entry per bad row (its reasons joined by « ; »), each reason naming the column as the file's
    header wrote it (`entetes`: {column: header text})."""
    noms = {c: f"« {t} »" for c, t in (entetes or {}).items() if t and t != c}
    verification = _Verification(_Referentiel.charger(), bailleur.pk if bailleur else None)
    rapport = verification.rapport
    for position, brut in enumerate(lignes, start=2):  # line 1 is the header
        if progression and position % PAS_PROGRESSION == 0:
            progression(position, len(lignes))
        ligne = _Ligne(brut, brut.get("_ligne", position))  # the line in the file, blank lines counted
        lues = _ligne_verifier(ligne, verification)
        if ligne.erreurs:
            rapport.erreurs.append((ligne.numero, " ; ".join(_nommer(e, noms) for e in ligne.erreurs)))
            continue
        rapport.lignes.append(LigneParc(ligne.numero, lues))
    if not lignes:
        rapport.erreurs.append((1, "aucune ligne de logement sous l'en-tête"))
    for (colonne, ecrit, code), n in sorted(verification.traductions.items())[:20]:
        rapport.notes.append((0, f"{colonne} « {ecrit} » lu comme {code} ({format_fr.compte(n, 'ligne', 'lignes')})"))
    return rapport


def _ligne_verifier(ligne: _Ligne, verification: _Verification) -> dict:
    """Reads and checks one row, its reasons in `ligne.erreurs`; returns its values (meaningful when it has none)."""
    for c in OBLIGATOIRES:
        if ligne.ecrit(c) == "":
            ligne.erreurs.append(f"{c} : valeur manquante")
    reference = ligne.lu("reference_residence", valeurs.identifiant) or ""
    numero = ligne.lu("numero", valeurs.identifiant) or ""
    textes = {
        "nom_residence": ligne.lu("nom_residence", valeurs.texte_libre, longueur=200) or "",
        "adresse": ligne.lu("adresse", valeurs.texte_libre, longueur=300) or "",
    }
    commune = _commune_lire(ligne, verification)
    codes = _codes_lire(ligne, verification.traductions)
    nombres = _nombres_lire(ligne)
    etage = ligne.lu("etage", valeurs.etage)
    reservataire = _reservataire_lire(ligne, verification.referentiel)
    rpls = _rpls_lire(ligne, verification, (reference, numero))
    _doublon_verifier(ligne, (reference, numero), verification.logements_vus)
    options = {c: ligne.lu(c, valeurs.booleen) or False for c in OPTIONS}
    for c, valeur in (("reference_residence", reference), ("numero", numero)):
        if len(valeur) > LONGUEUR_REFERENCE:
            ligne.erreurs.append(f"{c} : {len(valeur)} caractères, {LONGUEUR_REFERENCE} au plus")
    if not ligne.erreurs and reference:
        description = (textes["nom_residence"], textes["adresse"], commune.pk, options["en_qpv"])
        _residence_verifier(ligne, reference, description, verification.residences_vues)
    if ligne.erreurs:
        return {}
    return {
        **options,
        "reference_residence": reference,
        "nom_residence": textes["nom_residence"],
        "adresse": textes["adresse"],
        "commune": commune,
        "numero": numero,
        "typologie": codes["typologie"],
        "surface": nombres["surface"],
        "etage": etage,
        "financement": codes["financement"],
        "loyer": nombres["loyer"],
        "charges": nombres.get("charges", Decimal("0")),
        "reservataire": reservataire,
        "identifiant_rpls": rpls,
    }


def _commune_lire(ligne: _Ligne, verification: _Verification) -> Commune | None:
    """The commune by INSEE code (a lost leading zero completed, and noted) or by name; one of CASA's."""
    if not ligne.ecrit("commune"):
        return None
    referentiel = verification.referentiel
    try:
        code, note = valeurs.code_insee(ligne.brut["commune"], referentiel.codes_insee)
    except ValeurIllisible as err:
        ligne.erreurs.append(err.message)
        return None
    commune = referentiel.communes.get(code) or referentiel.communes.get(cle(code))
    if commune is None:
        ligne.erreurs.append(f"commune : « {ligne.ecrit('commune')} » n'est pas une commune de la CASA")
    elif note:
        verification.rapport.notes.append((ligne.numero, note))
    return commune


def _codes_lire(ligne: _Ligne, traductions: Counter) -> dict[str, str | None]:
    """Typology and financing as our codes (the vocabularies' variants counted, to tell how they were read)."""
    codes = {
        "typologie": ligne.lu("typologie", lambda v, nom: TYPOLOGIES.code(v)),
        "financement": ligne.lu("financement", lambda v, nom: FINANCEMENTS.code(v)),
    }
    for c, vocabulaire in (("typologie", TYPOLOGIES), ("financement", FINANCEMENTS)):
        ecrit, code = ligne.ecrit(c), codes[c]
        if code and cle(ecrit) not in (cle(code), cle(vocabulaire.libelle(code))):
            traductions[(c, ecrit, code)] += 1
    return codes


def _nombres_lire(ligne: _Ligne) -> dict[str, Decimal]:
    """Surface, rent and charges, each within its plausibility bounds (BORNES)."""
    nombres = {}
    for c, (minimum, maximum, unite) in BORNES.items():
        n = ligne.lu(c, valeurs.montant)
        if n is None:
            continue
        if not minimum <= n <= maximum:
            ligne.erreurs.append(
                f"{c} : {format_fr.nombre(n, 2)} {unite} est invraisemblable (attendu entre "
                f"{format_fr.nombre(minimum)} et {format_fr.nombre(maximum)} {unite}) : vérifiez la valeur et le "
                "séparateur des milliers"
            )
        else:
            nombres[c] = n
    return nombres


def _reservataire_lire(ligne: _Ligne, referentiel: _Referentiel) -> Organisation | None:
    """The dwelling's réservataire by slug or SIREN (empty: none, the landlord's own)."""
    if not ligne.ecrit("reservataire"):
        return None
    code = ligne.ecrit("reservataire")
    reservataire = referentiel.reservataires.get(code) or referentiel.reservataires.get(code.lower())
    if reservataire is None:
        ligne.erreurs.append(f"reservataire : « {code} » inconnu (identifiant ou SIREN)")
    return reservataire


def _rpls_lire(ligne: _Ligne, verification: _Verification, cle_logement: tuple[str, str]) -> str | None:
    """The dwelling's RPLS identifier (programmation/rpls.py; empty: None, the dwelling's one unchanged): once in the
    file, and not another dwelling's already."""
    ecrit = ligne.ecrit("identifiant_rpls")
    if not ecrit:
        return None
    try:
        valeur = identifiants_rpls.lire(ecrit)
    except ValueError as err:
        ligne.erreurs.append(f"identifiant_rpls : {err}")
        return None
    if (premiere := verification.rpls_vus.setdefault(valeur, ligne.numero)) != ligne.numero:
        ligne.erreurs.append(f"identifiant_rpls : {valeur} figure déjà ligne {premiere}")
    detenteur = verification.referentiel.rpls.get(valeur)
    if detenteur and detenteur != (verification.bailleur_id, *cle_logement):
        chez = (
            f"du logement {detenteur[2]} de la résidence {detenteur[1]}"
            if detenteur[0] == verification.bailleur_id
            else "d'un logement d'un autre bailleur"
        )
        ligne.erreurs.append(f"identifiant_rpls : {valeur} est déjà celui {chez}")
    return valeur


def _doublon_verifier(ligne: _Ligne, cle_logement: tuple[str, str], vus: dict[tuple[str, str], int]) -> None:
    """One dwelling (résidence reference, number) once in the file."""
    reference, numero = cle_logement
    if all(cle_logement) and cle_logement in vus:
        ligne.erreurs.append(
            f"numero : le logement {numero} de la résidence {reference} figure déjà ligne {vus[cle_logement]}"
        )
    vus.setdefault(cle_logement, ligne.numero)


def _residence_verifier(ligne: _Ligne, reference: str, description: tuple, vues: dict[str, tuple[int, tuple]]) -> None:
    """One résidence, one description (name, address, commune, QPV): a second one differing is a mistake."""
    premiere = vues.setdefault(reference, (ligne.numero, description))
    if premiere[1] != description:
        ecarts = [
            n for n, a, b in zip(("nom", "adresse", "commune", "QPV"), premiere[1], description, strict=True) if a != b
        ]
        ligne.erreurs.append(
            f"la résidence {reference} est décrite autrement ligne {premiere[0]} ({', '.join(ecarts)}) : "
            "une résidence a un seul nom, une seule adresse, une seule commune"
        )


def _nommer(message: str, noms: dict[str, str]) -> str:
    """« reference_residence : … » as « « Code résidence » : … » when the file's header named the column so."""
    colonne, separateur, reste = message.partition(" : ")
    return f"{noms[colonne]} : {reste}" if separateur and colonne in noms else message
