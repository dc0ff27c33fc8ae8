"""Reading and checking a landlord's occupancy file (import_parc.occupation writes it): its columns and the other
names files give them, the rows checked alone and across rows (reads only), the template offered for download."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from commun import format_fr
from commun.fichiers import Colonne, ValeurIllisible, Vocabulaire, lire_tableau, modeles, valeurs
from commun.quartiles import annee_publiee, quartile_casa
from territoire.models import Organisation

from .. import rpls as identifiants_rpls
from ..models import CompositionMenage, Logement, Occupation, OrigineOccupation
from .lecture import COLONNES as COLONNES_PARC
from .verification import PAS_PROGRESSION, LigneParc, RapportImport

_ALIAS_PARC = {c.nom: c.alias for c in COLONNES_PARC}
COLONNES = [
    Colonne("reference_residence", False, _ALIAS_PARC["reference_residence"]),
    Colonne("numero", False, _ALIAS_PARC["numero"]),
    Colonne("identifiant_rpls", False, _ALIAS_PARC["identifiant_rpls"]),
    Colonne(
        "personnes",
        True,
        (
            "nombre de personnes",
            "personnes du ménage",
            "taille du ménage",
            "nombre d'occupants",
            "occupants",
            "NBPERS",
            "NBOCC",
        ),
    ),
    Colonne("composition", False, ("composition du ménage", "composition familiale", "type de ménage", "TYPMEN")),
    Colonne(
        "ressources_uc",
        False,
        (
            "ressources par UC",
            "revenu par UC",
            "revenus par unité de consommation",
            "ressources annuelles par UC",
            "revenu fiscal par UC",
            "RUC",
        ),
    ),
    Colonne("quartile", False, ("quartile de ressources", "quartile des ressources")),
    Colonne(
        "date_entree",
        True,
        (
            "date d'entrée",
            "date d'entrée dans les lieux",
            "entrée dans les lieux",
            "date d'effet du bail",
            "début du bail",
            "date du bail",
            "DATENTREE",
        ),
    ),
    Colonne(
        "prioritaire",
        False,
        ("ménage prioritaire", "prioritaire à l'entrée", "public prioritaire", "DALO ou prioritaire", "statut DALO"),
    ),
]
NOMS = [c.nom for c in COLONNES]
COMPOSITIONS = Vocabulaire(
    "composition :",
    Path(__file__).resolve().parent.parent / "vocabulaires" / "composition.csv",
    CompositionMenage.choices,
    inconnu="inconnue",
)
PERSONNES_MAX = 20  # a household of more is a typing mistake far more often than a real one
RESSOURCES_UC_MAX = Decimal("200000")  # € per UC per year: beyond, a monthly/annual or thousands-separator slip
DATE_ENTREE_MIN = dt.date(1900, 1, 1)
EXEMPLE = ["RES-001", "A12", "", "3", "Famille monoparentale", "9 850", "", "15/03/2019", "oui"]


@dataclass
class _Referentiel:
    """The landlord's dwellings by (résidence reference, number) and by RPLS identifier (two queries)."""

    par_cle: dict[tuple[str, str], int]
    par_rpls: dict[str, int]

    @classmethod
    def charger(cls, bailleur: Organisation) -> _Referentiel:
        lignes = Logement.objects.filter(residence__bailleur=bailleur).values_list(
            "pk", "residence__reference", "numero", "identifiant_rpls"
        )
        par_cle, par_rpls = {}, {}
        for pk, reference, numero, rpls in lignes:
            par_cle[(reference, numero)] = pk
            if rpls:
                par_rpls[rpls] = pk
        return cls(par_cle, par_rpls)


def lire(nom: str, contenu: bytes):
    """The file's table (commun.fichiers.Tableau: rows keyed by COLONNES' names, its header, its notes); ErreurMetier
    in French for an unreadable file or a header without « personnes » or « date_entree »."""
    return lire_tableau(nom, contenu, colonnes=COLONNES)


def valider(
    lignes: list[dict],
    *,
    bailleur: Organisation,
    jour: dt.date | None = None,
    progression=None,
    entetes: dict[str, str] | None = None,
) -> RapportImport:
    """Checks every row of an occupancy file alone and across rows; reads only. Each valid row's values:
    {"logement": dwelling pk, "personnes": int, "composition": code or "", "ressources_uc": Decimal € per UC per year
    or None, "quartile": 1–4 or None (read, or computed from ressources_uc with CASA's thresholds of `jour`'s year:
    the file's resources are the survey's, current ones), "debut": date, "prioritaire": bool or None (unknown)}.
    Errors: a dwelling unknown in `bailleur`'s parc, listed twice, a size outside 1–PERSONNES_MAX, resources outside
    0–RESSOURCES_UC_MAX € per UC, a quartile outside 1–4, an entry date in the future or before 1900."""
    jour = jour or timezone.localdate()
    noms = {c: f"« {t} »" for c, t in (entetes or {}).items() if t and t != c}
    referentiel = _Referentiel.charger(bailleur)
    rapport = RapportImport()
    vus: dict[int, int] = {}
    quartiles_calcules = Counter()
    for position, brut in enumerate(lignes, start=2):
        if progression and position % PAS_PROGRESSION == 0:
            progression(position, len(lignes))
        numero_ligne = brut.get("_ligne", position)
        erreurs: list[str] = []
        lues = _ligne_lire(brut, referentiel, jour, erreurs, quartiles_calcules)
        if not erreurs and (premiere := vus.setdefault(lues["logement"], numero_ligne)) != numero_ligne:
            erreurs.append(f"ce logement figure déjà ligne {premiere}")
        if erreurs:
            rapport.erreurs.append((numero_ligne, " ; ".join(_nommer(e, noms) for e in erreurs)))
        else:
            rapport.lignes.append(LigneParc(numero_ligne, lues))
    if not lignes:
        rapport.erreurs.append((1, "aucune ligne de ménage sous l'en-tête"))
    if rapport.valide and (partants := departs_prevus([ligne.valeurs["logement"] for ligne in rapport.lignes])):
        rapport.notes.append(
            (
                0,
                f"{format_fr.compte(partants, 'ménage en place', 'ménages en place')} dans les résidences du fichier "
                f"{'n’y figure' if partants == 1 else 'n’y figurent'} pas : à l'enregistrement, leur logement sera "
                "compté libre (un fichier d'occupation décrit des résidences entières ; les ménages logés par "
                "l'application restent)",
            )
        )
    if rapport.valide and (ignorees := lignes_ignorees(rapport.lignes)):
        rapport.notes.append((0, _note_ignorees(ignorees)))
    if quartiles_calcules:
        annee = annee_publiee(jour.year)
        rapport.notes.append(
            (
                0,
                f"quartile calculé depuis les ressources par UC aux seuils {annee} de la CASA pour "
                f"{format_fr.compte(sum(quartiles_calcules.values()), 'ligne', 'lignes')}",
            )
        )
    return rapport


def lignes_ignorees(lignes: list[LigneParc]) -> list[int]:
    """The numbers of the file's lines that the application will leave aside (occupation._ligne_appliquer, said at
    the check; found by a newcomer, who learnt it only at the save): the dwelling's household in place entered after
    the line's entry date (the application knows newer), or the line's household already gone (same entry date, an
    end). Two queries."""
    logements = [ligne.valeurs["logement"] for ligne in lignes]
    en_place = dict(
        Occupation.objects.filter(logement_id__in=logements, fin__isnull=True).values_list("logement_id", "debut")
    )
    partis = set(
        Occupation.objects.filter(logement_id__in=logements, fin__isnull=False).values_list("logement_id", "debut")
    )
    ignorees = []
    for ligne in lignes:
        logement, debut = ligne.valeurs["logement"], ligne.valeurs["debut"]
        actuel = en_place.get(logement)
        if (actuel is not None and actuel > debut) or (actuel is None and (logement, debut) in partis):
            ignorees.append(ligne.ligne)
    return ignorees


def _note_ignorees(ignorees: list[int]) -> str:
    return (
        f"{format_fr.compte(len(ignorees), 'ligne sera ignorée', 'lignes seront ignorées')} à l'enregistrement "
        f"(ligne{'s' if len(ignorees) > 1 else ''} {_liste(ignorees)}) : l'application connaît un occupant entré "
        "après la date du fichier (gardé), ou ce ménage est déjà parti"
    )


def _liste(numeros: list[int], montres: int = 10) -> str:
    """« 3, 5, 8 » or « 3, 5, 8… (12 en tout) »."""
    texte = ", ".join(str(n) for n in numeros[:montres])
    return texte if len(numeros) <= montres else f"{texte}… ({len(numeros)} en tout)"


def departs_prevus(logements: list[int]) -> int:
    """How many households in place in the résidences of `logements` (dwelling pks) live in a dwelling not among
    them and came from a file or the initial parc (not an attribution): those the file's application ends."""
    residences = Logement.objects.filter(pk__in=logements).values("residence_id")
    return (
        Occupation.objects.filter(logement__residence_id__in=residences, fin__isnull=True)
        .exclude(logement_id__in=logements)
        .exclude(origine=OrigineOccupation.ATTRIBUTION)
        .count()
    )


COMPOSITIONS_LIBELLES = dict(CompositionMenage.choices)
# the household sizes each composition allows (found by a newcomer: « personne seule » for three people passed)
TAILLES_COMPOSITION = {
    CompositionMenage.PERSONNE_SEULE: (1, 1, "une personne seule est 1 personne"),
    CompositionMenage.COUPLE_SANS_ENFANT: (2, 2, "un couple sans enfant est 2 personnes"),
    CompositionMenage.COUPLE_AVEC_ENFANTS: (3, PERSONNES_MAX, "un couple avec enfant(s) est 3 personnes ou plus"),
    CompositionMenage.MONOPARENTALE: (2, PERSONNES_MAX, "une famille monoparentale est 2 personnes ou plus"),
}


def _composition_lire(brut: dict, personnes: int | None, erreurs: list[str]) -> str:
    """The composition's code ("" unknown), a size it does not allow noted in `erreurs`."""
    composition = _lu(brut, "composition", lambda v, nom: COMPOSITIONS.code(v), erreurs) or ""
    if personnes is not None and composition and (regle := _taille_incoherente(composition, personnes)):
        taille = format_fr.compte(personnes, "personne", "personnes")
        erreurs.append(f"composition : « {COMPOSITIONS_LIBELLES[composition]} » pour {taille} ({regle})")
    return composition


def _taille_incoherente(composition: str, personnes: int) -> str:
    """Why `personnes` does not fit `composition` ("" when it does, or when the composition says nothing of it)."""
    mini, maxi, regle = TAILLES_COMPOSITION.get(composition, (1, PERSONNES_MAX, ""))
    return "" if mini <= personnes <= maxi else regle


def _cellule(brut: dict, colonne: str) -> str:
    return valeurs.texte(brut.get(colonne, ""))


def _lu(brut: dict, colonne: str, lecteur, erreurs: list[str], **options):
    """The cell read by `lecteur` (commun.fichiers.valeurs), None when empty or unreadable (the reason noted)."""
    if _cellule(brut, colonne) == "":
        return None
    try:
        return lecteur(brut[colonne], nom=f"{colonne} :", **options)
    except ValeurIllisible as err:
        erreurs.append(err.message)
        return None


def _ligne_lire(brut: dict, referentiel: _Referentiel, jour: dt.date, erreurs: list[str], calcules: Counter) -> dict:
    """One row's values (see valider), its reasons appended to `erreurs`."""
    logement = _logement_trouver(brut, referentiel, erreurs)
    personnes = _lu(brut, "personnes", valeurs.entier, erreurs)
    if _cellule(brut, "personnes") == "":
        erreurs.append("personnes : valeur manquante")
    elif personnes is not None and not 1 <= personnes <= PERSONNES_MAX:
        erreurs.append(f"personnes : {personnes} est invraisemblable (attendu entre 1 et {PERSONNES_MAX})")
    debut = _lu(brut, "date_entree", valeurs.date, erreurs)
    if _cellule(brut, "date_entree") == "":
        erreurs.append("date_entree : valeur manquante")
    elif debut is not None and debut > jour:
        erreurs.append(f"date_entree : le {format_fr.date(debut)} est dans le futur")
    elif debut is not None and debut < DATE_ENTREE_MIN:
        erreurs.append(f"date_entree : le {format_fr.date(debut)} est invraisemblable")
    composition = _composition_lire(brut, personnes, erreurs)
    ressources = _lu(brut, "ressources_uc", valeurs.montant, erreurs)
    if ressources is not None and not 0 <= ressources <= RESSOURCES_UC_MAX:
        erreurs.append(
            f"ressources_uc : {format_fr.nombre(ressources, 2)} € par UC et par an est invraisemblable (attendu entre "
            f"0 et {format_fr.nombre(RESSOURCES_UC_MAX)}) : vérifiez qu'il s'agit bien de ressources annuelles"
        )
        ressources = None
    quartile = _quartile_lire(brut, erreurs)
    if quartile is None and ressources is not None:
        quartile = quartile_casa(ressources, jour.year)
        calcules[quartile] += 1
    prioritaire = _lu(brut, "prioritaire", valeurs.booleen, erreurs) if _cellule(brut, "prioritaire") else None
    return {
        "logement": logement,
        "personnes": personnes,
        "composition": composition,
        "ressources_uc": ressources,
        "quartile": quartile,
        "debut": debut,
        "prioritaire": prioritaire,
    }


def _logement_trouver(brut: dict, referentiel: _Referentiel, erreurs: list[str]) -> int | None:
    """The dwelling's pk by résidence reference and number, or by RPLS identifier (both given: they must agree)."""
    reference = _lu(brut, "reference_residence", valeurs.identifiant, erreurs) or ""
    numero = _lu(brut, "numero", valeurs.identifiant, erreurs) or ""
    rpls_ecrit = _cellule(brut, "identifiant_rpls")
    par_rpls = None
    if rpls_ecrit:
        try:
            rpls = identifiants_rpls.lire(rpls_ecrit)
        except ValueError as err:
            erreurs.append(f"identifiant_rpls : {err}")
            return None
        par_rpls = referentiel.par_rpls.get(rpls)
        if par_rpls is None:
            erreurs.append(f"identifiant_rpls : {rpls} n'est celui d'aucun logement de votre parc")
            return None
    if reference and numero:
        par_cle = referentiel.par_cle.get((reference, numero))
        if par_cle is None:
            erreurs.append(
                f"numero : le logement {numero} de la résidence {reference} n'est pas dans votre parc (vérifiez "
                "la référence ; un logement nouveau s'ajoute d'abord par le fichier du parc)"
            )
            return None
        if par_rpls is not None and par_rpls != par_cle:
            erreurs.append(
                f"identifiant_rpls : {rpls_ecrit} est celui d'un autre logement que le {numero} de la résidence "
                f"{reference}"
            )
            return None
        return par_cle
    if par_rpls is not None:
        return par_rpls
    if reference or numero:
        manquante = "numero" if reference else "reference_residence"
        erreurs.append(f"{manquante} : valeur manquante (il faut la résidence et le numéro, ou l'identifiant RPLS)")
    elif not rpls_ecrit:
        erreurs.append(
            "logement : ni référence de résidence et numéro, ni identifiant RPLS : le logement est introuvable"
        )
    return None


def _quartile_lire(brut: dict, erreurs: list[str]) -> int | None:
    """A quartile written 1 to 4, or Q1 to Q4."""
    ecrit = _cellule(brut, "quartile")
    if not ecrit:
        return None
    chiffre = ecrit.upper().removeprefix("Q").strip()
    if chiffre in {"1", "2", "3", "4"}:
        return int(chiffre)
    erreurs.append(f"quartile : « {ecrit} » n'est pas un quartile (1, 2, 3 ou 4)")
    return None


def _nommer(message: str, noms: dict[str, str]) -> str:
    colonne, separateur, reste = message.partition(" : ")
    return f"{noms[colonne]} : {reste}" if separateur and colonne in noms else message


def modele_csv() -> bytes:
    """The occupancy template file offered for download: header and no row, as Excel writes it in France."""
    return modeles.modele_csv(NOMS)


def modele_xlsx() -> bytes:
    """The XLSX occupancy template: references typed as text, a sheet of help on each column."""
    return modeles.modele_xlsx(
        titre="Occupation",
        colonnes=NOMS,
        exemples=[EXEMPLE],
        identifiants=("reference_residence", "numero", "identifiant_rpls"),
        aide=[
            ("reference_residence, numero", "le logement, comme dans le fichier du parc (ou son identifiant RPLS)"),
            ("personnes", f"nombre de personnes du ménage, 1 à {PERSONNES_MAX}"),
            ("composition", COMPOSITIONS.acceptes() + " (vide : inconnue)"),
            ("ressources_uc", "ressources annuelles par unité de consommation, en € (enquête OPS) ; vide : inconnues"),
            ("quartile", "1 à 4 ; vide : calculé depuis ressources_uc aux seuils de la CASA, sinon inconnu"),
            ("date_entree", "date d'entrée dans les lieux (JJ/MM/AAAA)"),
            ("prioritaire", "ménage prioritaire (DALO ou L441-1) à l'entrée : oui, non, vide si inconnu"),
        ],
    )
