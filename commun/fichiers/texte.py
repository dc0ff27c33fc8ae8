"""Text files (CSV and text): their encoding found (a BOM, else UTF-8, else the encodings a French partner's software
writes, ranked by how French the accented letters look), their separator sniffed, their rows read; a control
character, a stray byte or an unclosed quote is refused with its line."""

from __future__ import annotations

import csv
import io

from commun.erreurs import ErreurMetier

from .limites import CELLULE_MAX, LIGNES_ENTETE, LIGNES_MAX, Cellule

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
        position = next((i for i, o in enumerate(contenu) if o in (0x81, 0x8D, 0x8F, 0x90, 0x9D)), None)
        if position is None:  # Windows-1252 reads it all, better than what the detector proposed: it is the one
            return rempli, "cp1252"
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


def lignes_csv(contenu: bytes, notes: list[str]) -> list[list[Cellule]]:
    """The rows of a text file, as text cells; `notes` told what was understood (an encoding other than UTF-8, a
    separator other than `;`)."""
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
