"""Whatever bytes arrive, the reader answers with a file read or a French refusal, never another exception: random
bytes, the complete household cut anywhere or with a byte changed anywhere (a transfer gone wrong). An XML in another
encoding that declares it is read."""

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sne.interface import FichierSNE, FichierSNERefuse, fichiers_du_depot, lire_fichier

MENAGE = (Path(__file__).parent / "fixtures" / "menage_complet.xml").read_bytes()


def _lire(contenu: bytes) -> None:
    try:
        assert isinstance(lire_fichier(contenu, nom="f.xml"), FichierSNE)
    except FichierSNERefuse as refus:
        assert "« f.xml »" in str(refus)
    with contextlib.suppress(FichierSNERefuse):
        fichiers_du_depot(contenu, nom="f.zip")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contenu=st.binary(max_size=2000))
def test_des_octets_au_hasard(contenu):
    _lire(contenu)
    _lire(
        b'<?xml version="1.0"?><ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">'
        + contenu
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0, max_value=len(MENAGE) - 1), octet=st.integers(min_value=0, max_value=255))
def test_le_menage_coupe_ou_abime(position, octet):
    _lire(MENAGE[:position])
    _lire(MENAGE[:position] + bytes([octet]) + MENAGE[position + 1 :])


@pytest.mark.parametrize("encodage", ["windows-1252", "iso-8859-1", "utf-16"])
def test_un_autre_encodage_declare(xml_sne, encodage):
    texte = xml_sne("plusieurs_demandes").decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encodage}"')
    fichier = lire_fichier(texte.encode(encodage), nom="f.xml")
    assert [p.champs["prenom"] for p in fichier.demandes[1].personnes] == ["Chloé", "Louis", "Lou", "Noé"]
