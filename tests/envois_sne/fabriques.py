"""Builders of the outbox tests: the CAL returns' world carried to a signed lease, numéros uniques, the SNE's
acknowledgement as an XML file, the day's ZIP read back."""

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from demandes.models import Demande
from envois_sne.xml_envoi import NAMESPACE
from tests.horloge import MOMENT
from tests.positionnements.fabriques_cal import appliquer, deposer, fichier_csv, lignes_completes

# The collector reads the logs from this moment (the tests' worlds are built on the frozen day, after it).
DEBUT = MOMENT - dt.timedelta(hours=1)


def bail_signe(r):
    """The CAL file of the CAL returns' tests applied: the DALO household signs its lease on A11 (ATTRIBUTION), the
    others are ranked, not attributed, or attributed under a condition (DECISION_CAL)."""
    depot = appliquer(r, deposer(r, fichier_csv(lignes_completes(r))))
    assert depot.etat == "APPLIQUE", (depot.erreurs, depot.resultat)
    for d in r["demandes"].values():
        d.refresh_from_db()
    return r


def nur(n: int) -> str:
    """A numéro unique in the SNE's shape: 18 capitals or digits (department, month and year, sequence, counter)."""
    return f"0061126{n:06d}CASA0"


def donner_nur(demande: Demande, n: int) -> str:
    numero = nur(n)
    Demande.objects.filter(pk=demande.pk).update(nur=numero)
    demande.refresh_from_db()
    return numero


def retour_xml(*lignes: dict, type_fichier="RET", version="02.01", avant="") -> bytes:
    """The SNE's acknowledgement: one `retour` per dict (identifiant, statut, and numUnique / motifRejet)."""
    retours = "".join(
        "<retour>"
        f"<identifiantEnvoi>{escape(li['identifiant'])}</identifiantEnvoi><statut>{li['statut']}</statut>"
        + (f"<numUnique>{li['nur']}</numUnique>" if li.get("nur") else "")
        + (f"<motifRejet>{escape(li['motif'])}</motifRejet>" if li.get("motif") else "")
        + "</retour>"
        for li in lignes
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{avant}<interfaceNuu xmlns="{NAMESPACE}" versionInterface="{version}">'
        f"<entete><typeFichier>{type_fichier}</typeFichier><dateFichier>2026-11-19</dateFichier></entete>"
        f"<listeRetour>{retours}</listeRetour></interfaceNuu>"
    ).encode()


def documents_du_zip(contenu: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        return {nom: z.read(nom) for nom in z.namelist()}
