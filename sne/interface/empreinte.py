"""The raw document of one demand and its empreinte, written in one walk of the element (the standard library's
`ElementTree.tostring` then `canonicalize` took three quarters of the reading time of a 50,000-demand file).

- `brut`: the element as XML text, its namespace declared once on it (prefix « nuu » for the interface's), text and
  whitespace as in the file.
- `empreinte`: sha256 hex of the element's canonical form, XML C14N 2.0 as `xml.etree.ElementTree.canonicalize`
  writes it with `strip_text=True, rewrite_prefixes=True` (prefixes n0, n1… in order of first use, declarations where
  first needed, attributes sorted, whitespace around text dropped unless xml:space="preserve"): the same content
  written with other prefixes or another indentation has the same empreinte; any changed value, attribute or element
  changes it. tests/sne/test_empreinte.py checks that the form is the standard library's, character for character."""

from __future__ import annotations

import hashlib
from xml.etree.ElementTree import Element

from .modele import NAMESPACE

XML_NS = "http://www.w3.org/XML/1998/namespace"
PRESERVE = f"{{{XML_NS}}}space"


def _separer(nom: str) -> tuple[str, str]:
    """(namespace URI, local name) of a Clark name (`{uri}local`, or `local` in no namespace)."""
    if nom[:1] == "{":
        uri, _, local = nom[1:].rpartition("}")
        return uri, local
    return "", nom


def texte_c14n(texte: str) -> str:
    return texte.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def attribut_c14n(texte: str) -> str:
    return (
        texte.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


# (tag, attribute names, scope, C14N prefixes so far) → how the element starts and ends in the canonical form: the
# elements of a demand repeat a few dozen shapes, computed once each (bounded: cleared past GABARITS_MAX).
_GABARITS: dict[tuple, tuple] = {}
GABARITS_MAX = 20_000


class _Ecriture:
    def __init__(self) -> None:
        self.brut: list[str] = []
        self.canon: list[str] = []
        self.prefixes_c14n: dict[str, str] = {}  # uri → n0, n1… (C14N, in order of first use)
        self.prefixes_brut: dict[str, str] = {NAMESPACE: "nuu", XML_NS: "xml", "": ""}
        self.noms_brut: dict[str, str] = {}

    def _brut(self, nom: str) -> str:
        if nom in self.noms_brut:
            return self.noms_brut[nom]
        uri, local = _separer(nom)
        if uri not in self.prefixes_brut:
            self.prefixes_brut[uri] = f"ns{len(self.prefixes_brut)}"
        prefixe = self.prefixes_brut[uri]
        self.noms_brut[nom] = f"{prefixe}:{local}" if prefixe else local
        return self.noms_brut[nom]

    def _gabarit(self, el: Element, portee: tuple[tuple[str, str], ...]) -> tuple:
        """(opening of the start tag with its declarations, [(attribute, canonical name)] sorted, scope for the
        children, end tag), as C14N 2.0 writes them (xml.etree.ElementTree.C14NWriterTarget)."""
        cle = (el.tag, tuple(el.attrib), portee, tuple(self.prefixes_c14n.items()))
        gabarit = _GABARITS.get(cle)
        if gabarit is None:
            gabarit = _GABARITS[cle] = self._calculer(el, dict(portee))
            if len(_GABARITS) > GABARITS_MAX:
                _GABARITS.clear()
        else:
            self.prefixes_c14n.update(gabarit[4])
        return gabarit

    def _calculer(self, el: Element, portee: dict[str, str]) -> tuple:
        nouveaux: list[tuple[str, str]] = []
        qualifies: dict[str, tuple[str, str]] = {}
        for nom in sorted({el.tag, *el.attrib}, key=lambda n: n.split("}", 1)):
            uri, local = _separer(nom)
            if uri not in portee:
                prefixe = self.prefixes_c14n.setdefault(uri, f"n{len(self.prefixes_c14n)}")
                portee[uri] = prefixe
                nouveaux.append((uri, prefixe))
            qualifies[nom] = (f"{portee[uri]}:{local}", uri)
        declarations = "".join(f' {k}="{attribut_c14n(v)}"' for k, v in sorted((f"xmlns:{p}", u) for u, p in nouveaux))
        attributs = [
            (cle, q if uri else _separer(cle)[1]) for cle, (q, uri) in sorted(qualifies.items()) if cle in el.attrib
        ]
        tag = qualifies[el.tag][0]
        return f"<{tag}{declarations}", attributs, tuple(portee.items()), f"</{tag}>", dict(self.prefixes_c14n)

    def element(self, el: Element, portee: tuple[tuple[str, str], ...], garder: bool) -> None:
        ouverture, attributs, portee, fin, _ = self._gabarit(el, portee)
        valeurs = el.attrib
        if attributs:
            ouverture += "".join(f' {nom}="{attribut_c14n(valeurs[cle])}"' for cle, nom in attributs)
            if PRESERVE in valeurs:
                garder = valeurs[PRESERVE] == "preserve"
        self.canon.append(ouverture + ">")
        nom_brut = self._brut(el.tag)
        brut = "".join(f' {self._brut(k)}="{attribut_c14n(v)}"' for k, v in valeurs.items()) if valeurs else ""
        vide = not el.text and not len(el)
        self.brut.append(f"<{nom_brut}{brut}/>" if vide else f"<{nom_brut}{brut}>")
        self._texte(el.text, garder)
        for enfant in el:
            if isinstance(enfant.tag, str):
                self.element(enfant, portee, garder)
            self._texte(enfant.tail, garder)
        self.canon.append(fin)
        if not vide:
            self.brut.append(f"</{nom_brut}>")

    def _texte(self, texte: str | None, garder: bool) -> None:
        if not texte:
            return
        self.brut.append(texte_c14n(texte))
        canonique = texte if garder else texte.strip()
        if canonique:
            self.canon.append(texte_c14n(canonique))


def brut_et_empreinte(el: Element) -> tuple[str, str]:
    """(the element as XML text, sha256 hex of its canonical form): see the module's doc."""
    ecriture = _Ecriture()
    ecriture.element(el, ((XML_NS, "xml"),), False)
    racine = ecriture._brut(el.tag)
    declarations = "".join(
        f' xmlns:{prefixe}="{attribut_c14n(uri)}"'
        for uri, prefixe in ecriture.prefixes_brut.items()
        if prefixe not in ("", "xml")
    )
    ecriture.brut[0] = ecriture.brut[0].replace(f"<{racine}", f"<{racine}{declarations}", 1)
    canonique = "".join(ecriture.canon)
    return "".join(ecriture.brut), hashlib.sha256(canonique.encode("utf-8")).hexdigest()


def canonique(el: Element) -> str:
    """The canonical form itself (for the tests and for a look by hand)."""
    ecriture = _Ecriture()
    ecriture.element(el, ((XML_NS, "xml"),), False)
    return "".join(ecriture.canon)
