"""What an upload holds (sne/interface/depot.py): an XML is itself, a ZIP gives its XML members; a ZIP that is damaged,
a bomb, climbs out of itself, nests another archive, lies about its sizes, or holds no XML is refused in French."""

import io
import zipfile

import pytest

from sne.interface import FichierSNERefuse, fichiers_du_depot
from sne.interface.depot import MEMBRES_MAX

MO = 1024 * 1024


def _zip(membres: dict[str, bytes], methode=zipfile.ZIP_DEFLATED) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", methode) as archive:
        for nom, contenu in membres.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


def test_un_xml_est_lui_meme(xml_sne):
    contenu = xml_sne("plusieurs_demandes")
    assert fichiers_du_depot(contenu, nom="jour.xml") == [("jour.xml", contenu)]
    assert fichiers_du_depot(contenu, nom="sans_extension") == [("sans_extension", contenu)]


def test_un_zip_donne_ses_xml_dans_l_ordre(xml_sne):
    a, b = xml_sne("plusieurs_demandes"), xml_sne("radiation")
    contenu = _zip(
        {
            "lisezmoi.txt": b"transmission du jour",
            "2026/11/16.xml": a,
            "__MACOSX/2026/11/._16.xml": b"\x00\x05\x16\x07",
            "2026/11/17.XML": b,
            "2026/": b"",
        }
    )
    assert fichiers_du_depot(contenu, nom="novembre.zip") == [("2026/11/16.xml", a), ("2026/11/17.XML", b)]


@pytest.mark.parametrize(
    "membres, raison",
    [
        ({"../../etc/cron.d/x.xml": b"<a/>"}, "contient un chemin qui sort de l'archive (« ../../etc/cron.d/x.xml »)"),
        ({"/etc/x.xml": b"<a/>"}, "contient un chemin qui sort de l'archive"),
        ({"C:/x.xml": b"<a/>"}, "contient un chemin qui sort de l'archive"),
        ({"a\\..\\..\\x.xml": b"<a/>"}, "contient un chemin qui sort de l'archive"),
        ({"dedans.zip": b"PK\x03\x04"}, "contient une autre archive (dedans.zip)"),
        ({"dedans.xml": _zip({"x.xml": b"<a/>"})}, "contient une autre archive (dedans.xml)"),
        ({"lisezmoi.txt": b"rien"}, "ne contient aucun fichier XML"),
        ({f"f{i}.xml": b"<a/>" for i in range(MEMBRES_MAX + 1)}, f"compte {MEMBRES_MAX + 1} éléments"),
    ],
)
def test_archive_refusee(membres, raison):
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(_zip(membres), nom="depot.zip")
    assert raison in str(refus.value) and "« depot.zip »" in str(refus.value)


def test_bombe_zip_refusee_avant_decompression():
    contenu = _zip({"bombe.xml": b"\x00" * (30 * MO)})
    assert len(contenu) < 100_000
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(contenu, nom="bombe.zip")
    assert "se décompresse en 30 Mo" in str(refus.value) and "plus de 100 fois sa taille compressée" in str(refus.value)


def test_au_dela_du_reglage(settings):
    settings.CASA_SNE_TAILLE_MAX_MO = 1
    contenu = _zip({"gros.xml": bytes(range(256)) * (5 * 1024)}, methode=zipfile.ZIP_STORED)  # 1.25 Mo
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(contenu, nom="gros.zip")
    assert "au-delà de la limite de 1 Mo" in str(refus.value)


def test_une_archive_qui_ment_sur_ses_tailles():
    """The directory says 16 bytes, the member expands to 2 Mo: read no further than announced, then refused."""
    vrai = b"<a>" + b"x" * (2 * MO) + b"</a>"
    contenu = bytearray(_zip({"x.xml": vrai}))
    faux = (16).to_bytes(4, "little")
    local = contenu.index(b"PK\x03\x04")
    central = contenu.index(b"PK\x01\x02")
    contenu[local + 22 : local + 26] = faux
    contenu[central + 24 : central + 28] = faux
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(bytes(contenu), nom="menteuse.zip")
    assert "abîmée" in str(refus.value)


def test_archive_protegee_par_mot_de_passe():
    """The « encrypted » bit of the member's flags (the standard library writes no encrypted archive)."""
    contenu = bytearray(_zip({"x.xml": b"<a/>"}))
    local = contenu.index(b"PK\x03\x04")
    central = contenu.index(b"PK\x01\x02")
    contenu[local + 6] |= 0x1
    contenu[central + 8] |= 0x1
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(bytes(contenu), nom="secret.zip")
    assert "protégée par un mot de passe" in str(refus.value)


@pytest.mark.parametrize(
    "contenu, nom, raison",
    [
        (b"PK\x03\x04abimee", "x.zip", "est abîmée ou d'un format non pris en charge"),
        (b"pas une archive", "x.zip", "porte le nom d'une archive ZIP mais n'en est pas une"),
        (b"%PDF-1.7", "releve.pdf", "n'est ni un fichier XML du SNE ni une archive ZIP"),
    ],
)
def test_ni_xml_ni_zip(contenu, nom, raison):
    with pytest.raises(FichierSNERefuse) as refus:
        fichiers_du_depot(contenu, nom=nom)
    assert raison in str(refus.value)
