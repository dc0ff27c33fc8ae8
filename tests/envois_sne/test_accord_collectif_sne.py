"""The collective agreement in the attribution sent to the SNE (issue 18, R441-2-9 CCH): the code the landlord's CAL
said (ListeAccordCollectif: ACD, ACI, AUCUN), NONDOC « non renseigné » when it did not; in the event's content, its
XML document and its page; an agreement a later CAL file adds is in the content rebuilt before the event leaves."""

import html
import re

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import timezone

from envois_sne import regles, services
from envois_sne.codes import TypeEvenementSNE
from envois_sne.collecte import collecter
from envois_sne.models import EvenementSNE
from envois_sne.xml_envoi import NAMESPACE, document
from territoire.roles import Role
from tests.envois_sne.fabriques import DEBUT
from tests.positionnements.fabriques_cal import appliquer, deposer, fichier_csv, lignes_completes, photo
from tests.territoire.fabriques import agent

NS = {"n": NAMESPACE}


def _bail_signe(r, accord: str):
    """The CAL file of the CAL returns' tests, the DALO household's lease (rank 1) saying `accord`."""
    lignes = lignes_completes(r)
    lignes[0]["accord_collectif"] = accord
    depot = appliquer(r, deposer(r, fichier_csv(lignes)))
    assert depot.etat == "APPLIQUE", (depot.erreurs, depot.resultat)
    return lignes


def _attribution() -> EvenementSNE:
    return EvenementSNE.objects.get(type=TypeEvenementSNE.ATTRIBUTION)


def test_le_code_de_la_liste_du_sne():
    assert [regles.accord_collectif(c) for c in ("ACD", "ACI", "AUCUN")] == ["ACD", "ACI", "AUCUN"]
    assert regles.accord_collectif("") == "NONDOC"  # the CAL did not say it: « non renseigné »
    assert regles.accord_collectif("XYZ") == "NONDOC"


@pytest.mark.parametrize(
    ("ecrit", "code"),
    [("accord collectif départemental", "ACD"), ("intercommunal", "ACI"), ("aucun", "AUCUN"), ("", "NONDOC")],
)
def test_l_attribution_envoie_ce_que_la_cal_a_dit(retours, ecrit, code):
    _bail_signe(retours, ecrit)
    collecter(depuis=DEBUT)
    e = _attribution()
    assert e.contenu["accord_collectif"] == code
    # only the attribution carries it (R441-2-9): never a reason to wait
    assert "accord" not in e.attente
    xml = document(identifiant=e.numero, type_evenement=e.type, contenu=e.contenu, jour=timezone.localdate())
    attribution = fromstring(xml, forbid_dtd=True).find(
        "n:demande/n:demandeLogement/n:radiation/n:attribution", namespaces=NS
    )
    assert attribution.find("n:accordCollectif", NS).get("code") == code


def test_la_page_de_l_evenement_montre_l_accord(client, retours, referentiel):
    _bail_signe(retours, "ACI")
    collecter(depuis=DEBUT)
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    page = html.unescape(client.get(f"/sne/envois/{_attribution().pk}/").content.decode())
    # « Ce que l'événement dit au SNE »: the code with its label (envois_sne/presentation.py)
    assert re.search(r"<dt[^>]*>Accord collectif</dt>\s*<dd[^>]*>\s*Accord collectif intercommunal \(ACI\)", page)
    assert '<accordCollectif code="ACI"' in page  # the XML document shown


def test_un_accord_precise_plus_tard_part_avec_l_evenement(retours):
    r = retours
    lignes = _bail_signe(r, "")
    collecter(depuis=DEBUT)
    e = _attribution()
    assert e.contenu["accord_collectif"] == "NONDOC" and e.attente  # it waits for its numéro unique
    avant = photo()
    # the landlord sends the lease's row again, saying the agreement: it completes the decision, the lease is not redone
    depot = appliquer(r, deposer(r, fichier_csv([{**lignes[0], "accord_collectif": "ACI"}])))
    assert depot.etat == "APPLIQUE" and depot.resultat.startswith("1 décision enregistrée, dont 0 bail signé")
    assert photo() == avant  # same states, same logs, same demands, dwellings and households
    services.reconstruire([e])
    e.refresh_from_db()
    assert e.contenu["accord_collectif"] == "ACI"
