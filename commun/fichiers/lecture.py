"""The intake for tables: every file a partner uploads (CAL decisions, a landlord's stock, a réservataire's list, and
the imports to come) is read here, into rows keyed by our column names, or refused with a French reason. Nothing else
ever comes out: a library's exception, a bug included, becomes an ErreurMetier (the hypothesis test holds us to it).

What it accepts (docs/fichiers.md):
- CSV and text: UTF-8/UTF-16/UTF-32 with their BOM, otherwise UTF-8, Windows-1252, Mac Roman, MS-DOS cp850 or
  ISO-8859-1 as `charset-normalizer` detects them (ranked by how French the accented letters look); separator `;`,
  `,`, tab or `|` sniffed by the standard library's `csv.Sniffer`; any line end (CR LF, LF, CR alone).
- Spreadsheets: XLSX, XLSM, XLSB, XLS and ODS, recognised by their content (not their name), read by `python-calamine`;
  cells typed as dates or numbers come as `datetime.date`/`datetime.datetime`/`int`/`float`; the sheet whose header
  matches best is taken.
- The header row is the one among the first 20 that names the most known columns (titles above it are skipped);
  headers are matched without accents, case, punctuation, articles or « N° »/« Numéro » differences, through the
  aliases each import gives; trailing empty rows and columns are ignored.

Limits, checked before reading as far as the format allows: 20 Mo, 50 000 rows, 200 columns, an archive (XLSX, ODS)
that would expand past 200 Mo or more than 100 times its size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from commun.erreurs import ErreurMetier

journal = logging.getLogger(__name__)

TAILLE_MAX = 20 * 1024 * 1024  # bytes
LIGNES_MAX = 50_000
COLONNES_MAX = 200
DECOMPRESSE_MAX = 200 * 1024 * 1024  # bytes an archive may expand to
TAUX_COMPRESSION_MAX = 100
LIGNES_ENTETE = 20  # the header is looked for among the first rows
FEUILLES_IGNOREES = ("exemple", "valeurs_admises", "aide")  # our templates' other sheets, never read
CELLULE_MAX = 131_072  # characters in one CSV cell (the csv module's own limit)

# Encodings a French partner's software writes, tried when the file has no BOM and is not UTF-8.
ENCODAGES = ["utf_8", "cp1252", "mac_roman", "cp850", "latin_1"]
NOMS_ENCODAGES = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8",
    "utf_16": "UTF-16 (« Texte Unicode » d'Excel)",
    "utf_32": "UTF-32",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman (« CSV Macintosh »)",
    "cp850": "MS-DOS (cp850)",
    "latin_1": "ISO-8859-1",
}
BOMS = [
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32"),
    (b"\x00\x00\xfe\xff", "utf_32"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
]
FRANCAIS = set("éèêëàâäîïôöùûüçÿœæ")
FRANCAIS_MAJ = set("ÉÈÊËÀÂÎÏÔÙÛÜÇŒÆ")
SEPARATEURS = ";,\t|"
NOM_SEPARATEUR = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}

SIGNATURES = {  # files that are no table at all, told by their first bytes
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"%PDF": "un document PDF",
    b"{\\rtf": "un document RTF",
}
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS (and any old Office file, or an encrypted XLSX)

Cellule = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta


@dataclass(frozen=True)
class Colonne:
    """A column an import knows: its key in the rows (`nom`), whether a file must have it, and the other names people
    give it (compared through `cle_entete`, so accents, case, « N° » and articles do not matter)."""

    nom: str
    obligatoire: bool = False
    alias: tuple[str, ...] = ()


@dataclass
class Tableau:
    """What the intake read: `lignes`, one dict per data row keyed by column name (`str` from a text file; typed
    cells from a spreadsheet; unknown columns kept under their normalised header), each with its line number in the
    file under `_ligne`; `notes` (French) tell the partner what was understood (encoding, header line, sheet)."""

    lignes: list[dict]
    colonnes: list[str]
    ligne_entete: int
    format: str
    notes: list[str] = field(default_factory=list)
    entetes: dict[str, str] = field(default_factory=dict)  # {known column: its header as the file writes it}


# ---------------------------------------------------------------------------------------------------- headers

ARTICLES = {"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en", "et", "the", "of"}
NUMERO = {"n", "no", "num", "nr", "numero", "number", "nb"}


def cle(texte: object) -> str:
    """A code or a value as a key: no accents, lower case, words joined by `_` (`Numéro de la demande` ->
    `numero_de_la_demande`). Kept for the codes the imports compare."""
    sans = unicodedata.normalize("NFKD", str(texte if texte is not None else "")).encode("ascii", "ignore").decode()
    return "_".join(re.sub(r"[^a-z0-9]+", " ", sans.lower()).split())


def cle_entete(texte: object) -> str:
    """A header as a key: no accents, case or punctuation, articles dropped, every way of writing « numéro » the same
    (`N° du logement`, `Numéro logement`, `no_logement` -> `numero_logement`)."""
    brut = str(texte if texte is not None else "").replace("°", " ").replace("º", " ")
    mots = [("numero" if m in NUMERO else m) for m in cle(brut).split("_") if m]
    return "_".join(m for m in mots if m not in ARTICLES)


def index_colonnes(colonnes: Iterable[Colonne]) -> dict[str, str]:
    """{header key: column name} for every column's name and alias."""
    index: dict[str, str] = {}
    for c in colonnes:
        for nom in (c.nom, *c.alias):
            index.setdefault(cle_entete(nom), c.nom)
    return index


# ---------------------------------------------------------------------------------------------------- text files


_FINALES_RARES = set("âêîôû")  # never end a French word


def _plausibilite(texte: str) -> int:
    """How French a decoded text looks, from its non-ASCII characters and their neighbours: an accented lower-case
    letter counts for, unless where French never puts it (« à » inside a word, « ù » not after « o », a circumflex
    ending a word); an accented capital counts for at the start of a word, against inside one; any other non-ASCII
    letter or sign counts against. Two decodings of the same bytes (Mac Roman and MS-DOS share no letter at the same
    place) are told apart this way."""
    score = 0
    n = len(texte)
    for i, car in enumerate(texte):
        if car.isascii():
            continue
        avant = texte[i - 1] if i else " "
        apres = texte[i + 1] if i + 1 < n else " "
        if car in FRANCAIS:
            if (
                (car == "à" and avant.isalpha() and apres.isalpha())
                or (car == "ù" and avant != "o")
                or car in _FINALES_RARES
                and not apres.isalpha()
            ):
                score -= 3
            else:
                score += 2
        elif car in FRANCAIS_MAJ:  # a capital inside a word in lower case (« PÉcheurs », « dÚsignÚ »): not French
            score += -3 if avant.isalpha() and (avant.islower() or apres.islower()) else 1
        elif car in "€«»’–—…\u00a0\u202f°":
            score += 1
        else:
            score -= 3
    return score


def _ligne_de(contenu: bytes, position: int) -> int:
    return contenu[:position].count(b"\n") + 1


def decoder(contenu: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file; ErreurMetier when no encoding gives a text (binary file, stray bytes)."""
    for bom, encodage in BOMS:
        if contenu.startswith(bom):
            try:
                return contenu.decode(encodage), encodage
            except UnicodeDecodeError as err:
                raise ErreurMetier(
                    f"Le fichier annonce l'encodage {NOMS_ENCODAGES[encodage]} mais des octets n'en sont pas (ligne "
                    f"{_ligne_de(contenu, err.start)}) : enregistrez-le à nouveau depuis le tableur."
                ) from err
    try:
        return contenu.decode("utf_8"), "utf_8"
    except UnicodeDecodeError as err:
        premiere_faute = err
    from charset_normalizer import from_bytes

    candidats = []
    for rang, correspondance in enumerate(from_bytes(contenu, cp_isolation=ENCODAGES, preemptive_behaviour=False)):
        encodage = correspondance.encoding
        if encodage not in NOMS_ENCODAGES:
            continue
        try:
            texte = contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
        if _controles(texte):
            continue
        candidats.append((_plausibilite(texte), -rang, texte, encodage))
    # a Windows-1252 file with a byte that is no character in it (0x81, 0x8D, 0x8F, 0x90, 0x9D): another encoding
    # would read it, garbling every accent; it is refused with the place of the byte instead
    rempli = contenu.decode("cp1252", errors="replace")
    if not _controles(rempli) and (not candidats or _plausibilite(rempli.replace("\ufffd", "")) > max(candidats)[0]):
        position = next(i for i, o in enumerate(contenu) if o in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
        raise ErreurMetier(
            f"Le fichier contient un octet qui n'est aucun caractère (0x{contenu[position]:02X}, ligne "
            f"{_ligne_de(contenu, position)}) : corrigez ce caractère, ou enregistrez le fichier en « CSV UTF-8 » "
            "ou en XLSX depuis le tableur."
        )
    if not candidats:  # no encoding of a French partner's software reads it without control characters
        octet = contenu[premiere_faute.start]
        raise ErreurMetier(
            f"Le fichier contient un caractère illisible (octet 0x{octet:02X}, ligne "
            f"{_ligne_de(contenu, premiere_faute.start)}) : il n'est ni en UTF-8, ni en Windows-1252, ni en Mac Roman. "
            "Ouvrez-le dans le tableur et enregistrez-le en « CSV UTF-8 » ou en XLSX."
        )
    _, _, texte, encodage = max(candidats)
    return texte, encodage


def _controles(texte: str) -> bool:
    """Control characters other than tab and line ends: a binary file, or a byte of another encoding."""
    return any((ord(c) < 32 and c not in "\t\r\n") or 0x7F <= ord(c) < 0xA0 for c in texte)


def _separateur(echantillon: str) -> str:
    """The separator of a CSV sample: the standard library's sniffer, else the one that splits the widest line."""
    try:
        return csv.Sniffer().sniff(echantillon, delimiters=SEPARATEURS).delimiter
    except csv.Error:
        lignes = [li for li in echantillon.splitlines() if li.strip()][:LIGNES_ENTETE]
        comptes = {s: max((li.count(s) for li in lignes), default=0) for s in SEPARATEURS}
        meilleur = max(SEPARATEURS, key=lambda s: comptes[s])  # ties: the order of SEPARATEURS
        return meilleur if comptes[meilleur] else ";"


def _lignes_csv(contenu: bytes, notes: list[str]) -> list[list[Cellule]]:
    texte, encodage = decoder(contenu)
    if _controles(texte):
        position = next(i for i, c in enumerate(texte) if _controles(c))
        raise ErreurMetier(
            f"Ce fichier contient un caractère de contrôle (U+{ord(texte[position]):04X}, ligne "
            f"{texte[:position].count(chr(10)) + 1}) : ce n'est pas un tableau lisible, ou il a été abîmé. "
            "Enregistrez-le en CSV ou en XLSX depuis le tableur."
        )
    if encodage not in ("utf_8", "utf_8_sig"):
        notes.append(f"Encodage reconnu : {NOMS_ENCODAGES[encodage]}.")
    lignes_texte = texte.count("\n") + texte.count("\r") - texte.count("\r\n")
    if lignes_texte > LIGNES_MAX + LIGNES_ENTETE + 1000:  # before parsing: far too many lines
        raise ErreurMetier(f"Le fichier a plus de {LIGNES_MAX:,} lignes : découpez-le.".replace(",", " "))
    echantillon = "\n".join(texte[:65536].splitlines()[:50])
    separateur = _separateur(echantillon)
    if separateur != ";":
        notes.append(f"Séparateur reconnu : {NOM_SEPARATEUR[separateur]}.")
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur, strict=False)
    lignes: list[list[Cellule]] = []
    debut = 1
    try:
        for ligne in lecteur:
            if len(lignes) > LIGNES_MAX + LIGNES_ENTETE + 1000:
                raise ErreurMetier(f"Le fichier a plus de {LIGNES_MAX:,} lignes : découpez-le.".replace(",", " "))
            lignes.append(ligne)
            if any(("\n" in c or "\r" in c) and separateur in c for c in ligne):
                raise ErreurMetier(
                    f"Un guillemet ouvert ligne {debut} n'est jamais refermé : la suite du fichier y est avalée. "
                    "Retirez ce guillemet ou refermez-le."
                )
            debut = lecteur.line_num + 1
    except csv.Error as err:  # a cell past the csv module's limit: an unclosed quote swallowed the file
        raise ErreurMetier(
            f"Le fichier ne se lit pas comme un CSV (ligne {lecteur.line_num}) : une cellule dépasse "
            f"{CELLULE_MAX:,} caractères ou un guillemet n'est pas refermé.".replace(",", " ")
        ) from err
    return lignes


# ---------------------------------------------------------------------------------------------------- spreadsheets


def _verifier_archive(contenu: bytes) -> None:
    """An XLSX or ODS is a zip: refuse it before expanding it if it would grow past the bounds (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise ErreurMetier(
            "Ce fichier est une archive abîmée (XLSX ou ODS incomplet) : enregistrez-le à nouveau depuis le tableur."
        ) from err
    if total > DECOMPRESSE_MAX or total > TAUX_COMPRESSION_MAX * max(len(contenu), 1) + 1024 * 1024:
        raise ErreurMetier(
            f"Ce classeur se décompresse en {total // (1024 * 1024)} Mo : c'est plus que la limite de "
            f"{DECOMPRESSE_MAX // (1024 * 1024)} Mo. Enregistrez seulement la feuille utile, en CSV."
        )


def _nettoyer(valeur: object) -> Cellule:
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return int(valeur)
    return valeur  # int, float, bool, date, datetime, time, timedelta


def _feuilles(contenu: bytes, format_: str) -> list[tuple[str, list[list[Cellule]]]]:
    """Every sheet of a workbook (at most 10), each trimmed, as (name, rows)."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        classeur = CalamineWorkbook.from_filelike(io.BytesIO(contenu))
    except PasswordError as err:
        raise ErreurMetier("Ce classeur est protégé par un mot de passe : enregistrez-le sans protection.") from err
    except Exception as err:  # noqa: BLE001 - calamine's errors all mean the same for the partner
        raise ErreurMetier(
            f"Ce fichier {format_} ne peut pas être lu : enregistrez-le à nouveau depuis le tableur (XLSX ou CSV)."
        ) from err
    feuilles = []
    for nom in classeur.sheet_names[:10]:
        if cle(nom).startswith(FEUILLES_IGNOREES):
            continue
        try:
            feuille = classeur.get_sheet_by_name(nom)
        except Exception:  # noqa: BLE001, S112 - a chart sheet or a damaged one: the others may hold the table
            continue
        if feuille.height > LIGNES_MAX + LIGNES_ENTETE + 1000:
            raise ErreurMetier(
                f"La feuille « {nom} » a {feuille.height:,} lignes, plus que la limite de {LIGNES_MAX:,} : "
                "découpez-la.".replace(",", " ")
            )
        lignes = [[_nettoyer(v) for v in ligne] for ligne in feuille.to_python(skip_empty_area=False)]
        feuilles.append((nom, lignes))
    if not feuilles:
        raise ErreurMetier(f"Ce fichier {format_} ne contient aucune feuille lisible.")
    return feuilles


# ---------------------------------------------------------------------------------------------------- the table


def _vide(c: Cellule) -> bool:
    return (isinstance(c, str) and not c.strip()) or c is None


def _rogner(lignes: list[list[Cellule]]) -> list[tuple[int, list[Cellule]]]:
    """Numbered non-empty rows, trailing empty cells cut."""
    resultat = []
    for numero, ligne in enumerate(lignes, start=1):
        fin = len(ligne)
        while fin and _vide(ligne[fin - 1]):
            fin -= 1
        if fin:
            resultat.append((numero, list(ligne[:fin])))
    return resultat


def _entete(numerotees: list[tuple[int, list[Cellule]]], index: Mapping[str, str]) -> tuple[int, int]:
    """(position in `numerotees`, score) of the row naming the most known columns among the first rows."""
    meilleur, score_max = 0, -1
    for position, (_, ligne) in enumerate(numerotees[:LIGNES_ENTETE]):
        score = len({index[k] for k in (cle_entete(c) for c in ligne if isinstance(c, str)) if k in index})
        if score > score_max:
            meilleur, score_max = position, score
    return meilleur, score_max


def detecter_format(nom: str, contenu: bytes) -> str:
    """« XLSX », « ODS », « XLS » or « CSV », from the content first (a renamed file is read for what it is)."""
    if contenu.startswith(ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
                noms = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return "XLSX"
        if "mimetype" in noms or "content.xml" in noms:
            return "ODS"
        if any(n.endswith(".bin") and n.startswith("xl/") for n in noms) and "xl/workbook.bin" in noms:
            return "XLSB"
        return "XLSX"
    if contenu.startswith(OLE):
        return "XLS"
    return "CSV"


def lire_tableau(nom: str, contenu: bytes, *, colonnes: Sequence[Colonne]) -> Tableau:
    """Reads an uploaded table (see the module's doc). `colonnes`: what the import knows. Returns a Tableau whose rows
    have every known column present (missing optional ones as ""). Raises ErreurMetier, in French, for an empty,
    too big or unreadable file, or one whose header lacks a required column; never another exception."""
    try:
        return _lire(nom, contenu, colonnes)
    except ErreurMetier:
        raise
    except Exception as err:  # a library's or our own fault: the partner gets a reason, we get the trace
        journal.exception("Lecture d'un fichier impossible (%s, %d octets)", type(err).__name__, len(contenu))
        raise ErreurMetier(
            "Ce fichier ne peut pas être lu. Enregistrez-le à nouveau depuis le tableur (XLSX, ou CSV UTF-8) ; si "
            "l'erreur demeure, transmettez-le à la CASA."
        ) from err


def _lire(nom: str, contenu: bytes, colonnes: Sequence[Colonne]) -> Tableau:
    if not contenu:
        raise ErreurMetier("Le fichier est vide.")
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(
            f"Le fichier fait {len(contenu) / 1024 / 1024:.1f} Mo : la limite est de {TAILLE_MAX // 1024 // 1024} Mo. "
            "Découpez-le.".replace(".", ",", 1)
        )
    for signature, nature in SIGNATURES.items():
        if contenu.startswith(signature):
            raise ErreurMetier(
                f"Ce fichier est {nature}, pas un tableau : déposez le tableau lui-même (XLSX, XLS, ODS ou CSV)."
            )
    format_ = detecter_format(nom, contenu)
    notes: list[str] = []
    index = index_colonnes(colonnes)
    if format_ == "CSV":
        candidates = [("", _lignes_csv(contenu, notes))]
    else:
        if format_ in ("XLSX", "ODS", "XLSB"):
            _verifier_archive(contenu)
        candidates = _feuilles(contenu, format_)
    # the sheet (or the only text) whose header names the most known columns
    choix = None
    for feuille, lignes in candidates:
        numerotees = _rogner(lignes)
        position, score = _entete(numerotees, index) if numerotees else (0, -1)
        if choix is None or score > choix[3]:
            choix = (feuille, numerotees, position, score)
    feuille, numerotees, position, _ = choix
    if not numerotees:
        raise ErreurMetier("Le fichier est vide.")
    if len(candidates) > 1 and feuille:
        notes.append(f"Feuille lue : « {feuille} ».")
    ligne_entete, entete_brute = numerotees[position]
    if position:
        notes.append(f"En-tête trouvé ligne {ligne_entete} (les lignes de titre au-dessus sont ignorées).")
    if len(entete_brute) > COLONNES_MAX:
        raise ErreurMetier(f"Le fichier a {len(entete_brute)} colonnes : la limite est de {COLONNES_MAX}.")
    entete = []
    for i, c in enumerate(entete_brute):
        k = cle_entete(c)
        entete.append(index.get(k, k or f"colonne_{i + 1}"))
    doublons = sorted({c for c in entete if entete.count(c) > 1 and c in {col.nom for col in colonnes}})
    if doublons:
        raise ErreurMetier(
            f"La colonne {', '.join(doublons)} figure deux fois dans l'en-tête (ligne {ligne_entete}) : gardez-en une."
        )
    manquantes = [c.nom for c in colonnes if c.obligatoire and c.nom not in entete]
    if manquantes:
        lues = ", ".join(f"« {str(c).strip()} »" for c in entete_brute[:12] if str(c).strip())
        lues += ", …" if len(entete_brute) > 12 else ""
        raise ErreurMetier(
            f"Colonnes manquantes : {', '.join(manquantes)}. L'en-tête lu (ligne {ligne_entete}) : {lues or 'vide'}. "
            "Téléchargez le modèle pour le format attendu."
        )
    donnees = numerotees[position + 1 :]
    if not donnees:
        raise ErreurMetier(
            f"Le fichier ne contient que la ligne des titres (ligne {ligne_entete}) : aucune ligne à lire."
        )
    if len(donnees) > LIGNES_MAX:
        raise ErreurMetier(
            f"Le fichier a {len(donnees):,} lignes : la limite est de {LIGNES_MAX:,}. Découpez-le.".replace(",", " ")
        )
    connues = [c.nom for c in colonnes]
    lignes = []
    for numero, ligne in donnees:
        if len(ligne) > COLONNES_MAX:
            raise ErreurMetier(f"La ligne {numero} a {len(ligne)} cellules : la limite est de {COLONNES_MAX}.")
        valeurs = dict.fromkeys(connues, "")
        for k, v in zip(entete, ligne, strict=False):
            valeurs[k] = v.strip() if isinstance(v, str) else v
        valeurs["_ligne"] = numero
        lignes.append(valeurs)
    entetes = {nom: str(brut).strip() for nom, brut in zip(entete, entete_brute, strict=False) if nom in connues}
    return Tableau(
        lignes=lignes, colonnes=entete, ligne_entete=ligne_entete, format=format_, notes=notes, entetes=entetes
    )
