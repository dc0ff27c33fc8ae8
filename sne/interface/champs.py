"""Reading the elements of one demand (a demandeLogement) one value at a time, each check failed kept as a French
reason (« élément obligatoire absent : numGuichet », « code inconnu : … ») instead of raised: a demand gathers all its
faults, then is refused with them. Values: text stripped (empty = absent, as libsne's checks read it), dates ISO
(xs:date, a time or zone after the day is ignored), amounts xs:decimal (a point, no sign, at most 2 decimals kept),
booleans xs:boolean, codes in the `code` attribute (the interface's way: `<ressource code="SAL"/>`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from xml.etree.ElementTree import Element

from commun import format_fr

from .modele import NAMESPACE

DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T+Z-].*)?", re.DOTALL)
NOMBRE = re.compile(r"\+?(?:\d+(?:\.\d*)?|\.\d+)")
ENTIER = re.compile(r"\+?\d{1,9}")
INSEE = re.compile(r"\d{5}|2[AB]\d{3}")
BOOLEENS = {"true": True, "1": True, "false": False, "0": False}
DATE_MIN = dt.date(1900, 1, 1)
MONTANT_MAX = Decimal("9999999.99")  # Ressource.montant_mensuel: 9 digits, 2 decimals
CENTIME = Decimal("0.01")


@lru_cache(maxsize=1024)
def qualifie(chemin: str) -> str:
    """`a/b` → `{ns}a/{ns}b`, the ElementTree path of the interface's elements."""
    return "/".join(f"{{{NAMESPACE}}}{partie}" for partie in chemin.split("/"))


def nom_local(tag: str) -> str:
    return tag.rpartition("}")[2]


def jour_iso(brut: str) -> dt.date | None:
    """The day of an xs:date or xs:dateTime text (« 2018-03-15T16:54:06.339+01:00 »); None when there is none."""
    m = DATE.fullmatch(brut.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Noeud:
    """An element and its path from demandeLogement, as the reasons name it (`listeCotitulaire/cotitulaire[2]`)."""

    el: Element
    chemin: str

    def vers(self, chemin: str) -> str:
        return f"{self.chemin}/{chemin}" if self.chemin else chemin


class Lecture:
    """The reader of one demand: `motifs` gathers what is wrong. `jour_fichier`: the file's date, after which no date
    of the past (birth, filing, radiation…) can be."""

    def __init__(self, racine: Element, *, jour_fichier: dt.date):
        self.racine = Noeud(racine, "")
        self.jour_fichier = jour_fichier
        self.motifs: list[str] = []

    def faute(self, motif: str) -> None:
        if motif not in self.motifs:
            self.motifs.append(motif)

    def absent(self, chemin: str) -> None:
        self.faute(f"élément obligatoire absent : {chemin}")

    # ------------------------------------------------------------------------------------------------ elements

    def sous(self, base: Noeud, chemin: str, *, obligatoire: bool = False) -> Noeud | None:
        el = base.el.find(qualifie(chemin))
        if el is None:
            if obligatoire:
                self.absent(base.vers(chemin))
            return None
        return Noeud(el, base.vers(chemin))

    def tous(self, base: Noeud, chemin: str) -> list[Noeud]:
        """Every element at `chemin`, each named with its rank (`listeCotitulaire/cotitulaire[1]`)."""
        return [
            Noeud(el, f"{base.vers(chemin)}[{rang}]") for rang, el in enumerate(base.el.iterfind(qualifie(chemin)), 1)
        ]

    # -------------------------------------------------------------------------------------------------- values

    def texte(self, base: Noeud, chemin: str, *, obligatoire: bool = False, longueur: int | None = None) -> str | None:
        """The element's text, stripped; None when absent or empty. Cut to `longueur` (the field's size; the whole
        text stays in the raw document)."""
        el = base.el.find(qualifie(chemin))
        texte = (el.text or "").strip() if el is not None else ""
        if not texte:
            if obligatoire:
                self.absent(base.vers(chemin))
            return None
        return texte[:longueur] if longueur else texte

    def _illisible(self, base: Noeud, chemin: str, brut: str, attendu: str) -> None:
        self.faute(f"valeur illisible : {base.vers(chemin)} = « {brut[:40]} » ({attendu})")

    def date(self, base: Noeud, chemin: str, *, obligatoire: bool = False, future: bool = False) -> dt.date | None:
        """An xs:date. Refused as « date impossible » when no such day exists, before 1900, or (unless `future`)
        after the file's date."""
        brut = self.texte(base, chemin, obligatoire=obligatoire)
        if brut is None:
            return None
        m = DATE.fullmatch(brut)
        if not m:
            self._illisible(base, chemin, brut, "date attendue au format AAAA-MM-JJ")
            return None
        try:
            jour = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            jour = None
        if jour is None or jour < DATE_MIN:
            self.faute(f"date impossible : {base.vers(chemin)} = « {brut[:40]} »")
            return None
        if not future and jour > self.jour_fichier:
            self.faute(
                f"date impossible : {base.vers(chemin)} = {format_fr.date(jour)}, après la date du fichier "
                f"({format_fr.date(self.jour_fichier)})"
            )
            return None
        return jour

    def montant(self, base: Noeud, chemin: str, *, obligatoire: bool = False) -> Decimal | None:
        """An amount in euros (xs:decimal, never negative), rounded to the cent."""
        brut = self.texte(base, chemin, obligatoire=obligatoire)
        if brut is None:
            return None
        if not NOMBRE.fullmatch(brut):
            self._illisible(base, chemin, brut, "montant attendu : un nombre positif, point décimal")
            return None
        valeur = Decimal(brut.lstrip("+")).quantize(CENTIME, rounding=ROUND_HALF_UP)
        if valeur > MONTANT_MAX:
            self._illisible(base, chemin, brut, "montant hors limite")
            return None
        return valeur

    def entier(self, base: Noeud, chemin: str, *, obligatoire: bool = False, maximum: int) -> int | None:
        brut = self.texte(base, chemin, obligatoire=obligatoire)
        if brut is None:
            return None
        if not ENTIER.fullmatch(brut) or int(brut) > maximum:
            self._illisible(base, chemin, brut, f"nombre entier attendu, de 0 à {maximum}")
            return None
        return int(brut)

    def booleen(self, base: Noeud, chemin: str, *, obligatoire: bool = False) -> bool | None:
        brut = self.texte(base, chemin, obligatoire=obligatoire)
        if brut is None:
            return None
        if brut not in BOOLEENS:
            self._illisible(base, chemin, brut, "true ou false attendu")
            return None
        return BOOLEENS[brut]

    def code(self, base: Noeud, chemin: str, liste: dict, nom_liste: str, *, obligatoire: bool = False):
        """The value mapped from the `code` attribute of the element at `chemin` (`liste`: SNE code → ours); None when
        absent, and a reason « code inconnu » when the code is not in the list."""
        el = base.el if not chemin else base.el.find(qualifie(chemin))
        nom = base.vers(chemin) if chemin else base.chemin
        if el is None:
            if obligatoire:
                self.absent(nom)
            return None
        code = el.get("code")
        if code is None:
            if obligatoire:
                self.faute(f"attribut obligatoire absent : {nom}@code")
            return None
        code = code.strip()
        if code not in liste:
            admis = ", ".join(c or "« » (vide)" for c in liste)
            self.faute(f"code inconnu : {nom} = « {code[:20]} » (liste {nom_liste} : {admis})")
            return None
        return liste[code]

    def commune(self, base: Noeud, chemin: str, *, obligatoire: bool = False) -> str | None:
        """The INSEE code in the `code` attribute of the commune at `chemin` (5 characters, Corsica's 2A/2B too)."""
        el = base.el.find(qualifie(chemin))
        if el is None:
            if obligatoire:
                self.absent(base.vers(chemin))
            return None
        code = (el.get("code") or "").strip()
        if not INSEE.fullmatch(code):
            self.faute(
                f"code commune invalide : {base.vers(chemin)}@code = « {code[:12]} » (code INSEE de 5 caractères)"
            )
            return None
        return code
