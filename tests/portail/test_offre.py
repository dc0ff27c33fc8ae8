"""« Répondre à une proposition » (/mon-logement/offre/): the offer of the signed-in holder's demand, accepted (with
its confirmation) or refused (with a reason) and seen at once on the landlord's CAL page; a second answer, another
applicant, the last day to answer and a ranked candidate's turn. The world: the CAL returns' (fixture `retours`,
tests/positionnements/fabriques_offres.py), the tests' frozen day."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from demandes.models import Demande
from positionnements.etats import EtatPositionnement as E
from positionnements.etats import SourceDepot
from positionnements.models import DecisionCAL, DepotDecisionsCAL, Positionnement
from tests.portail.fabriques import connecter
from tests.positionnements.fabriques_cal import AUJOURDHUI, j
from tests.positionnements.fabriques_offres import cal_tenue, instantane, positionnement_offert

pytestmark = pytest.mark.jour_fige
URL = "/mon-logement/offre/"


def texte(reponse) -> str:
    """The page's words, tags taken away and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", reponse.content.decode())).split())


def accepter(client, p, confirme=True):
    donnees = {"action": "accepter", "accepter-offre": p.pk}
    return client.post(URL, donnees | ({"accepter-confirme": "on"} if confirme else {}))


def refuser(client, p, motif="", precision="", confirme=True):
    donnees = {"action": "refuser", "refuser-offre": p.pk, "refuser-motif": motif, "refuser-precision": precision}
    return client.post(URL, donnees | ({"refuser-confirme": "on"} if confirme else {}))


def test_l_adresse_est_celle_du_portail():
    assert reverse("portail:offre") == URL


def test_l_offre_est_montree_et_annoncee_sur_ma_demande(client, retours):
    d = retours["demandes"]
    cal = cal_tenue(retours, il_y_a=5)
    connecter(client, d["aisee"])
    page = texte(client.get(URL))
    for attendu in (
        "1 rue, Antibes (résidence Les Oliviers, logement A12)",
        "T3",
        "65 m²",
        "1er étage, avec ascenseur",
        "450,00 € de loyer + 80,00 € de charges, soit 530,00 € par mois",
        "Erilia",
        f"du {j(cal)} : attribution",
        f"Répondez au plus tard le {j(cal + dt.timedelta(days=10))}.",
        "Accepter le logement",
        "Refuser le logement",
    ):
        assert attendu in page, attendu
    assert "Sans réponse dans le délai (vaut refus)" not in page  # silence is no reason the applicant chooses
    demande = texte(client.get(reverse("portail:demande")))
    assert "Un logement vous est proposé" in demande
    assert f"répondez au plus tard le {j(cal + dt.timedelta(days=10))}" in demande
    assert 'href="/mon-logement/offre/"' in client.get(reverse("portail:demande")).content.decode()


def test_accepter_demande_la_confirmation_puis_le_bailleur_le_voit(client, retours):
    r, d = retours, retours["demandes"]
    cal_tenue(r)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    avant = instantane()
    sans = accepter(client, p, confirme=False)
    assert sans.status_code == 200 and "Cochez la case pour confirmer" in texte(sans)
    assert instantane() == avant
    reponse = accepter(client, p)
    assert reponse.status_code == 302 and reponse["Location"] == URL
    suite = texte(client.get(URL))
    assert "Votre acceptation est enregistrée et transmise au bailleur (Erilia)" in suite
    assert "Aucune proposition en attente de votre réponse" in suite
    assert f"Votre dernière réponse : acceptation le {j(AUJOURDHUI)} du logement T3 à Antibes" in suite
    assert Positionnement.objects.get(pk=p.pk).etat == E.ACCEPTE
    depot = DepotDecisionsCAL.objects.get(source=SourceDepot.PORTAIL)
    assert depot.par is None and depot.etat == "APPLIQUE"
    # the landlord's manager, signed in to the staff pages, sees it at once
    client.force_login(r["gestionnaire"])
    recues = texte(client.get(reverse("positionnements:cal") + "?vue=recues"))
    assert d["aisee"].numero in recues and f"Acceptation le {j(AUJOURDHUI)}" in recues
    assert "par le candidat, dans son espace" in recues


def test_un_double_clic_n_enregistre_qu_une_reponse(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    accepter(client, p)
    apres = instantane()
    second = accepter(client, p)
    assert second.status_code == 302
    assert "Votre réponse est déjà enregistrée (acceptation le 18/11/2026)" in texte(client.get(URL))
    assert refuser(client, p, motif="LOCALISATION").status_code == 302  # the other tab
    assert instantane() == apres
    assert DepotDecisionsCAL.objects.filter(source=SourceDepot.PORTAIL).count() == 1


def test_refuser_avec_un_motif(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    avant = instantane()
    for motif, precision, message in (
        ("", "", "Choisissez la raison de votre refus dans la liste."),
        ("AUTRE", "", "Dites en quelques mots pourquoi vous refusez ce logement."),
        ("SANS_REPONSE", "", "Sélectionnez un choix valide."),
    ):
        page = refuser(client, p, motif, precision)
        assert page.status_code == 200 and message in texte(page), message
    assert instantane() == avant
    assert refuser(client, p, "LOCALISATION").status_code == 302
    assert "Votre refus est enregistré" in texte(client.get(URL))
    decision = DecisionCAL.objects.get(positionnement=p)
    assert (decision.reponse, decision.motif_refus, decision.date_reponse) == ("REFUS", "LOCALISATION", AUJOURDHUI)
    assert Demande.objects.get(pk=d["aisee"].pk).refus_offre_adaptee == 1


def test_un_autre_demandeur_ne_voit_ni_ne_repond(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["moyenne"])  # not attributed by the CAL
    page = client.get(URL)
    assert page.status_code == 200 and "Aucune proposition en attente de votre réponse" in texte(page)
    assert "Les Oliviers" not in texte(page)
    avant = instantane()
    assert accepter(client, p).status_code == 404
    assert refuser(client, p, "LOCALISATION").status_code == 404
    assert client.post(URL, {"action": "accepter", "accepter-offre": "x", "accepter-confirme": "on"}).status_code == 404
    assert instantane() == avant
    client.logout()
    assert client.get(URL)["Location"] == reverse("portail:connexion")


def test_le_lendemain_du_dernier_jour_on_ne_repond_plus(client, retours):
    d = retours["demandes"]
    cal = cal_tenue(retours, il_y_a=11)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    page = texte(client.get(URL))
    assert f"Le délai pour répondre a pris fin le {j(cal + dt.timedelta(days=10))}" in page
    assert "Accepter le logement" not in page
    avant = instantane()
    accepter(client, p)
    assert "Le délai pour répondre a pris fin" in texte(client.get(URL))
    assert instantane() == avant


def test_le_candidat_classe_recoit_l_offre_quand_son_tour_vient(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    second = Positionnement.objects.get(demande=d["modeste"])
    connecter(client, d["modeste"])
    assert "Aucune proposition en attente" in texte(client.get(URL))
    assert "Un logement vous est proposé" not in texte(client.get(reverse("portail:demande")))
    connecter(client, d["dalo"])
    refuser(client, positionnement_offert(d["dalo"]), "TYPOLOGIE")
    connecter(client, d["modeste"])
    page = texte(client.get(URL))
    assert f"Proposé depuis le {j(AUJOURDHUI)}" in page and "vous êtes classé au rang 2" in page
    assert accepter(client, second).status_code == 302
    assert Positionnement.objects.get(pk=second.pk).etat == E.ACCEPTE


def test_refuser_demande_la_confirmation_et_les_erreurs_sont_resumees_en_haut(client, retours):
    """A refusal is final and may count in the cotation: confirmed as an acceptance is. A form sent back lists its
    errors at the page's top, each a link to its field (read first on a phone)."""
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    avant = instantane()
    page = client.get(URL).content.decode()
    assert "Je confirme que je refuse ce logement." in page and "data-resume-erreurs" not in page
    sans = refuser(client, p, "LOCALISATION", confirme=False)
    html_sans = sans.content.decode()
    assert sans.status_code == 200 and "Cochez la case pour confirmer que vous refusez ce logement." in texte(sans)
    resume = html_sans.index("data-resume-erreurs")
    assert resume < html_sans.index('id="titre-logement"')  # above the dwelling, at the top
    assert 'href="#id_refuser-confirme"' in html_sans[resume:]
    assert instantane() == avant
    sans = accepter(client, p, confirme=False)
    html_sans = sans.content.decode()
    assert html_sans.index("data-resume-erreurs") < html_sans.index('id="titre-logement"')
    assert 'href="#id_accepter-confirme"' in html_sans
    assert refuser(client, p, "LOCALISATION").status_code == 302
    assert DecisionCAL.objects.get(positionnement=p).reponse == "REFUS"


def test_une_precision_trop_longue_a_un_seul_message_clair(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    connecter(client, d["aisee"])
    avant = instantane()
    page = texte(refuser(client, p, "AUTRE", "x" * 10000))
    assert "Votre précision fait 10000 caractères : écrivez-la en 150 caractères au plus." in page
    assert "Assurez-vous" not in page and "Dites en quelques mots" not in page
    assert instantane() == avant


def test_autre_entre_guillemets_ne_se_coupe_pas(client, retours):
    d = retours["demandes"]
    cal_tenue(retours)
    connecter(client, d["aisee"])
    page = html.unescape(client.get(URL).content.decode())
    assert "«\u00a0Autre\u00a0»" in page and "« Autre »" not in page
