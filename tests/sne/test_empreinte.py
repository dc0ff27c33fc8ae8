"""The raw document and the empreinte of a demand (sne/interface/empreinte.py): the same content reformatted (another
indentation, another prefix, the default namespace) has the same empreinte; a changed amount, code or element
changes it; the canonical form is exactly the standard library's C14N 2.0; the raw document reads back as the same
demand."""

import re
from xml.etree import ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring

from bench.fabrique_sne import fichier_departemental
from sne.interface import NAMESPACE, lire_fichier
from sne.interface.empreinte import brut_et_empreinte, canonique

FIXTURES = ["menage_complet", "plusieurs_demandes", "radiation", "reactivation", "renouvellement"]


def _empreintes(contenu: bytes) -> list[str]:
    return [d.empreinte for d in lire_fichier(contenu, nom="f.xml").demandes]


def test_meme_contenu_reformate_meme_empreinte(xml_sne):
    original = xml_sne("menage_complet")
    serre = re.sub(rb">\s+<", b"><", original)  # no indentation at all
    autre_prefixe = original.replace(b"ns1:", b"sne:").replace(b"xmlns:ns1=", b"xmlns:sne=")
    sans_prefixe = original.replace(b"ns1:", b"").replace(b"xmlns:ns1=", b"xmlns=")
    crlf = original.replace(b"\n", b"\r\n")
    empreinte = _empreintes(original)
    assert len(serre) < len(original)
    for variante in (serre, autre_prefixe, sans_prefixe, crlf):
        assert _empreintes(variante) == empreinte


@pytest.mark.parametrize(
    "avant, apres",
    [
        (b"<ns1:montant>1850.50</ns1:montant>", b"<ns1:montant>1850.51</ns1:montant>"),
        (b'<ns1:ressource code="PAJE"/>', b'<ns1:ressource code="AF"/>'),
        (b"<ns1:prenom>Lina</ns1:prenom>", b"<ns1:prenom>Lina Sofia</ns1:prenom>"),
        (b"<ns1:nombreHabitant>6</ns1:nombreHabitant>", b""),  # an element we do not map changes it too
    ],
)
def test_un_contenu_change_change_l_empreinte(xml_sne, avant, apres):
    original = xml_sne("menage_complet")
    assert avant in original
    assert _empreintes(original.replace(avant, apres)) != _empreintes(original)


def _demandes_logement(contenu: bytes):
    for el in fromstring(contenu).iter(f"{{{NAMESPACE}}}demandeLogement"):
        el.tail = None
        yield el


@pytest.mark.parametrize("nom", FIXTURES)
def test_forme_canonique_de_la_bibliotheque_standard(xml_sne, nom):
    for el in _demandes_logement(xml_sne(nom)):
        attendue = ET.canonicalize(ET.tostring(el, encoding="unicode"), strip_text=True, rewrite_prefixes=True)
        assert canonique(el) == attendue
        brut, _ = brut_et_empreinte(el)
        assert canonique(fromstring(brut)) == attendue  # the raw document is the same demand


def test_forme_canonique_des_demandes_fabriquees():
    for el in _demandes_logement(fichier_departemental(60, graine=11)):
        attendue = ET.canonicalize(ET.tostring(el, encoding="unicode"), strip_text=True, rewrite_prefixes=True)
        assert canonique(el) == attendue


def test_forme_canonique_d_un_element_hors_de_l_espace_et_d_un_texte_garde():
    """What the SNE never sends, written as C14N 2.0 still: an element of no or another namespace, attributes to
    sort, escapes, xml:space="preserve"."""
    xml = (
        f'<n:demandeLogement xmlns:n="{NAMESPACE}" xmlns:x="urn:x"><libre b="2" a="1&amp;&lt;">  t &gt; </libre>'
        '<x:y x:z="&quot;" xml:space="preserve">  garde  </x:y><n:vide/></n:demandeLogement>'
    )
    el = fromstring(xml)
    attendue = ET.canonicalize(xml, strip_text=True, rewrite_prefixes=True)
    assert canonique(el) == attendue
    brut, _ = brut_et_empreinte(el)
    assert canonique(fromstring(brut)) == attendue
