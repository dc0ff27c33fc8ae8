"""Values as partners' files hold them: a cell is a `str` from a CSV, or a typed cell from a spreadsheet (`int`,
`float`, `datetime.date`, `datetime.datetime`). Each reader returns our value or raises ValeurIllisible with a French
reason that names the value and, where a spreadsheet did the damage, what to do about it (docs/fichiers.md)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from commun import format_fr


class ValeurIllisible(ValueError):
    """A value that cannot be read; `message` is French and shown as is in the row's report."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


CONSEIL_TEXTE = (
    "car votre tableur l'a transformé en nombre. Formatez la colonne en « Texte » avant de saisir ou de coller les "
    "numéros (ou partez du modèle XLSX, où elle l'est déjà)"
)
NOTATION_SCIENTIFIQUE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
MONTANT_MAX = 10**12  # no amount, surface or count of ours comes near
ESPACES = "\u0020\u00a0\u202f\u2009\u2007"
_FORMES_DATE = [
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("j", "m", "a")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("a", "m", "j")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("a", "m", "j")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), ("j", "m", "aa")),
]
_HEURE = re.compile(
    r"^(?P<date>[^ T]+)(?:[ T](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def texte(valeur: object) -> str:
    """Any cell as text (a number cell without its `.0`, a date cell as JJ/MM/AAAA)."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return str(int(valeur))
    if isinstance(valeur, dt.datetime):
        return f"{valeur:%d/%m/%Y %H:%M}" if valeur.time() != dt.time(0) else f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    return str(valeur).strip()


FORMULE = ("=", "+", "@")  # what a spreadsheet takes for the start of a formula


def _formule(resultat: str, nom: str) -> None:
    if resultat.startswith(FORMULE):
        raise ValeurIllisible(
            f"{nom} « {resultat[:40]} » commence comme une formule de tableur ({resultat[0]}) : écrivez la valeur "
            "elle-même"
        )


def texte_libre(valeur: object, *, nom: str, longueur: int) -> str:
    """A free text (a name, an address, a reason): at most `longueur` characters, not a spreadsheet formula."""
    resultat = texte(valeur)
    _formule(resultat, nom)
    if len(resultat) > longueur:
        raise ValeurIllisible(f"{nom} {len(resultat)} caractères, {longueur} au plus")
    return resultat


def identifiant(valeur: object, *, nom: str = "l'identifiant") -> str:
    """An identifier (demand number, reference): text kept as is. A number from a spreadsheet is taken when it is a
    whole number of at most 15 digits (no precision lost), but a number written in scientific notation (`6,00226E+15`)
    or too long to be exact is refused: the spreadsheet has already lost digits."""
    if isinstance(valeur, bool):
        raise ValeurIllisible(f"{nom} « {valeur} » n'est pas un identifiant")
    if isinstance(valeur, float):
        if not valeur.is_integer() or abs(valeur) >= 1e15:
            vu = f"{valeur:.6G}".replace(".", ",")  # as a French spreadsheet shows it: 6,0226E+15
            raise ValeurIllisible(f"{nom} « {vu} » a perdu des chiffres, {CONSEIL_TEXTE}")
        return str(int(valeur))
    if isinstance(valeur, int):
        if abs(valeur) >= 10**15:
            raise ValeurIllisible(f"{nom} « {valeur} » a perdu des chiffres, {CONSEIL_TEXTE}")
        return str(valeur)
    resultat = texte(valeur)
    if NOTATION_SCIENTIFIQUE.match(resultat.replace(" ", "")):
        raise ValeurIllisible(f"{nom} « {resultat} » est écrit en notation scientifique, {CONSEIL_TEXTE}")
    _formule(resultat, nom)
    return resultat


LONGUEUR_NUMERO_UNIQUE = 18  # characters of the SNE's numéro unique (demandes.models FORMAT_NUR); local ones: dashes


def demande_inconnue(numero: str, *, chez: str | None = None) -> str:
    """The reason for an unknown demand number, with a hint when a spreadsheet seems to have cut its leading zeros.
    With `chez` (a landlord's name), the number is unknown *among the demands proposed on its dwellings*: the same
    words whether the demand exists elsewhere or not (issue 15)."""
    inconnue = (
        f"la demande {numero} n'a été proposée par la CASA sur aucun logement {format_fr.de(chez)}"
        if chez
        else f"la demande {numero} est inconnue"
    )
    if numero.isdigit() and len(numero) < LONGUEUR_NUMERO_UNIQUE:
        return (
            f"{inconnue} : un numéro unique a {LONGUEUR_NUMERO_UNIQUE} chiffres, le tableur a sans doute enlevé ses "
            "zéros de tête (formatez la colonne en « Texte »)"
        )
    return inconnue


def montant(valeur: object, *, nom: str = "le montant") -> Decimal:
    """An amount or a surface (€, m²): `1 012,40` with any thousands separator (space, U+00A0, U+202F, dot when a
    decimal comma follows), a decimal comma or point, an optional `€` or `m²`; a spreadsheet's number cell as is."""
    if isinstance(valeur, bool):
        raise ValeurIllisible(f"{nom} « {valeur} » n'est pas un nombre")
    if isinstance(valeur, int | float):
        if not math.isfinite(valeur) or abs(valeur) >= MONTANT_MAX:
            raise ValeurIllisible(f"{nom} « {valeur} » est hors des valeurs possibles")
        return Decimal(valeur) if isinstance(valeur, int) else Decimal(repr(valeur)).quantize(Decimal("0.01"))
    brut = texte(valeur)
    t = brut.replace("€", "").replace("m²", "").replace("m2", "")
    for e in ESPACES:
        t = t.replace(e, "")
    if "," in t and "." in t:  # 1.012,40 (French) or 1,012.40 (English): the last one is the decimal mark
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    elif t.count(".") > 1:  # 1.234.567
        t = t.replace(".", "")
    elif re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", t):  # 1.250: 1 250 in France, 1,25 elsewhere: never guessed
        raise ValeurIllisible(
            f"{nom} « {brut} » est ambigu (1 250 ou 1,25 ?) : écrivez {t.replace('.', ' ')} ou {t.replace('.', ',')}"
        )
    else:
        t = t.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t):
        return _non_nombre(nom, brut)
    try:
        resultat = Decimal(t)
    except InvalidOperation:
        return _non_nombre(nom, brut)
    if abs(resultat) >= MONTANT_MAX:
        raise ValeurIllisible(f"{nom} « {brut} » est hors des valeurs possibles")
    return resultat


def _non_nombre(nom: str, valeur: object):
    raise ValeurIllisible(f"{nom} « {valeur} » n'est pas un nombre")


def entier(valeur: object, *, nom: str = "le nombre") -> int:
    """A whole number (`2`, `2,0`, a number cell)."""
    d = montant(valeur, nom=nom)
    if d != d.to_integral_value():
        raise ValeurIllisible(f"{nom} « {texte(valeur)} » n'est pas un nombre entier")
    return int(d)


def date(valeur: object, *, nom: str = "la date") -> dt.date:
    """A date as spreadsheets and other systems write it: JJ/MM/AAAA, JJ.MM.AAAA, JJ-MM-AAAA, AAAA-MM-JJ, JJ/MM/AA,
    each possibly followed by a time of 00:00 (`30/11/2026 00:00:00`, `2026-11-30T00:00:00`), or a date cell. A time
    other than midnight is refused: the column holds a day, and a time usually means a shifted value."""
    if isinstance(valeur, dt.datetime):
        if valeur.time() != dt.time(0):
            raise ValeurIllisible(
                f"{nom} « {valeur:%d/%m/%Y %H:%M} » porte une heure : seule la date est attendue (JJ/MM/AAAA)"
            )
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    brut = texte(valeur)
    if isinstance(valeur, int | float):
        raise ValeurIllisible(
            f"{nom} « {brut} » est un nombre, pas une date : formatez la colonne en date (JJ/MM/AAAA)"
        )
    if re.fullmatch(r"[2-7]\d{4}", brut):  # 20000 to 79999: a spreadsheet's serial day number (1954 to 2118)
        jour = dt.date(1899, 12, 30) + dt.timedelta(days=int(brut))
        raise ValeurIllisible(
            f"{nom} « {brut} » est un nombre de jours de tableur (le {jour:%d/%m/%Y} ?), pas une date : formatez la "
            "colonne en date (JJ/MM/AAAA)"
        )
    correspondance = _HEURE.match(brut)
    if correspondance:
        if correspondance["h"] is not None and (
            int(correspondance["h"]) or int(correspondance["mi"]) or int(correspondance["s"] or 0)
        ):
            raise ValeurIllisible(f"{nom} « {brut} » porte une heure : seule la date est attendue (JJ/MM/AAAA)")
        partie = correspondance["date"]
        for forme, ordre in _FORMES_DATE:
            m = forme.match(partie)
            if not m:
                continue
            v = dict(zip(ordre, (int(x) for x in m.groups()), strict=True))
            annee = v.get("a") or (2000 + v["aa"] if v["aa"] < 70 else 1900 + v["aa"])
            try:
                return dt.date(annee, v["m"], v["j"])
            except ValueError as err:
                raise ValeurIllisible(f"{nom} « {brut} » n'existe pas dans le calendrier") from err
    raise ValeurIllisible(f"{nom} « {brut} » est illisible (attendu : JJ/MM/AAAA, par exemple 30/11/2026)")


def code_insee(valeur: object, codes: set[str] | frozenset[str]) -> tuple[str, str | None]:
    """(code, note) of a commune's INSEE code among `codes` (the territory's). A code that lost its leading zero in a
    spreadsheet (`6004`, or the number 6004) is completed when that gives a commune of `codes`; the note says so.
    A code not found is returned as read (the caller says the commune is unknown)."""
    brut = identifiant(valeur, nom="le code INSEE")
    if len(brut) == 4 and brut.isdigit() and "0" + brut in codes:
        return "0" + brut, f"code INSEE {brut} complété en 0{brut} (zéro perdu par le tableur)"
    return brut, None


_ETAGE = re.compile(r"^(\d+)\s*(?:er|ere|re|e|eme|em|me|nd|nde)?(?:\s*etage)?$")
REZ_DE_CHAUSSEE = {"rdc", "rez de chaussee", "rez chaussee", "rc", "r", "rez de jardin", "rdj"}
SOUS_SOL = {"ss", "sous sol", "s sol"}


def etage(valeur: object, *, nom: str = "l'étage") -> int:
    """A floor as people write it: `2`, `2e`, `2ème étage`, `1er`, `RDC`, `rez-de-chaussée` (0), `sous-sol` or `-1`
    (-1)."""
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        return entier(valeur, nom=nom)
    brut = texte(valeur)
    t = unicodedata.normalize("NFKD", brut).encode("ascii", "ignore").decode().lower().strip()
    signe = -1 if t.startswith("-") else 1
    t = " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())
    if t in REZ_DE_CHAUSSEE:
        return 0
    if t in SOUS_SOL:
        return -1
    m = _ETAGE.match(t)
    if m and int(m[1]) < 100:
        return signe * int(m[1])
    raise ValeurIllisible(f"{nom} « {brut} » n'est pas un étage (0 ou RDC, 1, 2e, 3ème…)")


VRAI = {"oui", "o", "1", "vrai", "x", "yes", "y", "true"}
FAUX = {"non", "n", "0", "faux", "", "no", "false"}


def booleen(valeur: object, *, nom: str) -> bool:
    """Oui/non as people write it (oui, non, o, n, x, 1, 0, vrai, faux, a checkbox cell); empty is non."""
    if isinstance(valeur, bool):
        return valeur
    v = texte(valeur).lower()
    if v in VRAI:
        return True
    if v in FAUX:
        return False
    raise ValeurIllisible(f"{nom} « {texte(valeur)} » n'est pas oui ou non")
