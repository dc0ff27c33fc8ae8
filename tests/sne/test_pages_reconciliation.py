"""The reconciliation page (sne/views/reconciliation.py): conflicts written for an agent and settled by one button,
probable duplicates settled after a confirmation, a second click saying it is settled already; and the « SNE »
panel of a demand's page (sne/templates/sne/_panneau_demande.html)."""

import datetime as dt
import html
from decimal import Decimal

import pytest

from commun.erreurs import ErreurMetier
from demandes.models import Demande
from sne import reconciliation
from sne.models import ConflitSNE, EtatConflit, LigneImportSNE
from sne.views import affichage
from territoire.roles import Role
from tests.sne.fabriques import (  # noqa: F401
    cache_a_part,
    conflit_sur_la_surface,
    demande_xml,
    doublon,
    fichier_xml,
    importer,
    nur,
)
from tests.territoire.fabriques import agent

pytestmark = [pytest.mark.jour_fige, pytest.mark.usefixtures("cache_a_part")]


@pytest.fixture
def acteurs(referentiel):
    casa, antibes = referentiel["casa"], referentiel["commune-antibes"]
    return {
        "admin": agent(casa, Role.ADMINISTRATEUR),
        "instructeur": agent(casa, Role.INSTRUCTEUR),
        "bailleur": agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR),
        "guichet": agent(antibes, Role.AGENT_GUICHET),
        "antibes": antibes,
    }


def texte(reponse) -> str:
    page = html.unescape(reponse.content.decode()).replace("\u00a0", " ")
    return " ".join(page[page.find("<main") : page.find("</main>")].split())


def test_la_file_vide_le_dit_simplement(client, acteurs):
    client.force_login(acteurs["instructeur"])
    reponse = client.get("/sne/reconciliation/")
    assert "<title>Réconciliation avec le SNE (0 conflit, 0 doublon)" in reponse.content.decode()
    page = texte(reponse)
    assert "Aucun conflit à trancher : les valeurs du SNE et celles des agents s'accordent." in page
    assert "Aucun doublon probable à trancher." in page
    client.force_login(acteurs["bailleur"])
    assert client.get("/sne/reconciliation/").status_code == 403
    assert client.post("/sne/reconciliation/conflits/1/", {"garder": "SNE"}).status_code == 403
    assert client.post("/sne/reconciliation/doublons/1/", {"decision": "CREER"}).status_code == 403


def test_un_conflit_se_tranche_une_fois_par_un_bouton(client, acteurs):
    conflit = conflit_sur_la_surface(acteurs["instructeur"], par=acteurs["admin"])
    demande = conflit.demande
    client.force_login(acteurs["instructeur"])
    reponse = client.get("/sne/reconciliation/")
    assert "(1 conflit, 0 doublon)" in reponse.content.decode()
    page = texte(reponse)
    assert "Surface actuelle (m²)</h3>" in page and f"Demande {demande.reference}</a> (Élodie CONFLIT)" in page
    assert "<li>52 m²</li>" in page and "<li>45 m²</li>" in page
    assert "Garder la valeur du SNE" in page and "Garder la valeur de l'agent" in page
    suite = client.post(f"/sne/reconciliation/conflits/{conflit.pk}/", {"garder": "SNE"}, follow=True)
    assert suite.redirect_chain[0][0] == "/sne/reconciliation/#conflits"
    assert f"Demande {demande.reference} : surface actuelle (m²), valeur du SNE retenue." in texte(suite)
    demande.refresh_from_db()
    assert demande.surface_actuelle == 52
    # the second click of a double click: said, nothing more
    encore = client.post(f"/sne/reconciliation/conflits/{conflit.pk}/", {"garder": "LOCALE"}, follow=True)
    assert "Ce conflit est déjà tranché" in texte(encore)
    conflit.refresh_from_db()
    assert conflit.etat == EtatConflit.VALEUR_SNE
    demande.refresh_from_db()
    assert demande.surface_actuelle == 52 and "Aucun conflit à trancher" in texte(encore)


def test_garder_la_valeur_de_l_agent_et_un_choix_manquant(client, acteurs):
    conflit = conflit_sur_la_surface(acteurs["instructeur"], par=acteurs["admin"])
    client.force_login(acteurs["admin"])
    url = f"/sne/reconciliation/conflits/{conflit.pk}/"
    assert "Choisissez la valeur du SNE ou celle de l'agent." in texte(client.post(url, {}, follow=True))
    suite = client.post(url, {"garder": "LOCALE", "page": "3"}, follow=True)
    assert suite.redirect_chain[0][0] == "/sne/reconciliation/?page=3#conflits"
    assert "valeur de l'agent gardée" in texte(suite)
    conflit.refresh_from_db()
    assert (
        conflit.etat == EtatConflit.VALEUR_LOCALE and Demande.objects.get(pk=conflit.demande_id).surface_actuelle == 45
    )
    assert client.get("/sne/reconciliation/conflits/1/").status_code == 405


def test_les_valeurs_d_un_conflit_se_lisent():
    communes = {"06004": "Antibes", "06155": "Vallauris"}
    menage = [
        {"lien": "DEMANDEUR", "nom": "Martin", "prenom": "Élodie", "sexe": "F", "date_naissance": "1988-04-12",
         "ressources": [["SAL", "1500.00"]]},
        {"lien": "ENFANT", "prenom": "Lina", "date_naissance": "2011-05-20", "a_charge": True, "ressources": []},
        {"lien": "ENFANT", "enfant_a_naitre": True, "date_naissance": "2027-01-15", "ressources": []},
    ]  # fmt: skip
    lignes = affichage.valeur("menage", menage, communes)
    assert lignes[0].startswith("Élodie MARTIN, demandeur, née le 12/04/1988 ; ")
    assert lignes[0].endswith(" 1\u00a0500,00\u00a0€")
    assert lignes[1:] == ["Lina, enfant, né(e) le 20/05/2011, à charge", "enfant attendu le 15/01/2027"]
    assert affichage.valeur("communes", ["06155", "06004", "99999"], communes) == [
        "1. Vallauris",
        "2. Antibes",
        "3. 99999",
    ]
    assert affichage.valeur("date_depot", "2025-03-10", communes) == ["10/03/2025"]
    assert affichage.valeur("loyer_actuel", "620.00", communes) == ["620,00\u00a0€"]
    assert affichage.valeur("revenu_fiscal_reference", 18000, communes) == ["18\u00a0000\u00a0€"]
    assert affichage.valeur("logement_actuel", "LP", communes)[0].lower().startswith("locataire")
    assert affichage.valeur("commune_actuelle", "06004", communes) == ["Antibes (06004)"]
    assert affichage.valeur("typologies", ["T2", "T6P"], communes) == ["T2, T6 et plus"]
    assert affichage.valeur("vit_en_couple", False, communes) == ["non"]
    assert affichage.valeur("radiation", ["2026-10-01", "RADREN"], communes)[0].startswith("radiée le 01/10/2026 : ")
    assert affichage.valeur("radiation", None, communes) == ["non radiée"]
    assert affichage.valeur("surface_actuelle", None, communes) == ["non renseigné"]
    assert affichage.valeur("champ_inconnu", Decimal("1"), communes) == ["1"]


def test_un_doublon_se_rattache_apres_confirmation(client, acteurs, confirmer):
    ligne = doublon(acteurs["guichet"], acteurs["antibes"], par=acteurs["admin"])
    locale = ligne.doublon_de
    client.force_login(acteurs["instructeur"])
    page = texte(client.get("/sne/reconciliation/"))
    assert f"Numéro unique {ligne.nur} du SNE ou demande {locale.reference} saisie ici ?" in page
    assert "Élodie MARTIN, demandeur, née le 12/04/1988" in page and "communes : Antibes" in page
    assert f'<a href="/demandes/{locale.pk}/">Demande {locale.reference}</a>' in page
    url = f"/sne/reconciliation/doublons/{ligne.pk}/"
    reponse = confirmer(client, url, {"decision": "RATTACHER"}, follow=True)
    assert f"Rattacher le numéro unique {ligne.nur} à la demande {locale.reference} ?" in reponse.confirmation
    locale.refresh_from_db()
    assert locale.nur == ligne.nur
    assert f"Demande {locale.numero} rattachée au numéro unique {ligne.nur}." in texte(reponse)
    # the duplicate's form sent again (a second click): said at once, no confirmation, nothing more
    encore = client.post(url, {"decision": "CREER"}, follow=True)
    assert "Ce doublon est déjà tranché." in texte(encore) and Demande.objects.filter(nur=ligne.nur).count() == 1
    # the confirmation sent again (a reload): said the same way, done once
    rejeu = client.post(url, reponse.champs, follow=True)
    assert "Ce doublon est déjà tranché." in texte(rejeu) and Demande.objects.filter(nur=ligne.nur).count() == 1


def test_un_doublon_qui_est_une_autre_personne_cree_la_demande(client, acteurs, confirmer):
    ligne = doublon(acteurs["guichet"], acteurs["antibes"], par=acteurs["admin"])
    client.force_login(acteurs["admin"])
    url = f"/sne/reconciliation/doublons/{ligne.pk}/"
    assert "Choisissez : même demande" in texte(client.post(url, {}, follow=True))
    reponse = confirmer(client, url, {"decision": "CREER"}, follow=True)
    assert f"Créer la demande {ligne.nur} du SNE ?" in reponse.confirmation
    creee = Demande.objects.get(nur=ligne.nur)
    assert creee.pk != ligne.doublon_de_id and Demande.objects.get(pk=ligne.doublon_de_id).nur is None
    assert "Aucun doublon probable à trancher." in texte(reponse)
    assert LigneImportSNE.objects.get(pk=ligne.pk).doublon_tranche


def test_le_panneau_sne_d_une_demande_venue_du_sne(client, acteurs):
    x = demande_xml(
        nur(7),
        nom="DUPONT",
        prenom="Anne",
        dalo="ACTIF",
        en_visite=[("Tom", dt.date(2015, 1, 1))],
        en_plus="<ns1:commentaire>Vu au guichet</ns1:commentaire>",
    )
    importer(fichier_xml(x), par=acteurs["admin"])
    demande = Demande.objects.get(nur=nur(7))
    client.force_login(acteurs["instructeur"])
    page = texte(client.get(f"/demandes/{demande.pk}/"))
    panneau = page[page.index('id="panneau-sne"') :]
    assert nur(7) in panneau and "Dernière synchronisation" in panneau and "import n° " in panneau
    assert "DALO au SNE" in panneau and "Actif, décision du 03/02/2026" in panneau
    assert "Tom, né(e) le 01/01/2015" in panneau and "<code>commentaire</code>" in panneau
    assert (
        "Document du SNE (XML)" in panneau
        and "&lt;nuu:numUnique&gt;" in client.get(f"/demandes/{demande.pk}/").content.decode()
    )
    # a counter's agent who sees the demand reads the panel, not the raw XML nor the import
    client.force_login(acteurs["guichet"])
    page = texte(client.get(f"/demandes/{demande.pk}/"))
    assert "Tom, né(e) le 01/01/2015" in page and "Document du SNE (XML)" not in page and "import n° " not in page
    client.force_login(acteurs["bailleur"])
    assert client.get(f"/demandes/{demande.pk}/").status_code == 404


def test_le_panneau_dit_le_nur_attendu_et_les_ecarts(client, acteurs):
    conflit = conflit_sur_la_surface(acteurs["instructeur"], par=acteurs["admin"])
    ligne = doublon(acteurs["guichet"], acteurs["antibes"], par=acteurs["admin"])
    client.force_login(acteurs["instructeur"])
    page = texte(client.get(f"/demandes/{ligne.doublon_de_id}/"))
    panneau = page[page.index('id="panneau-sne"') :]
    assert "NUR en attente du SNE" in panneau and "le SNE n'a encore rien transmis sur cette demande" in panneau
    page = texte(client.get(f"/demandes/{conflit.demande_id}/"))
    assert "1 écart avec le SNE à trancher : surface actuelle (m²)." in page
    assert 'href="/sne/reconciliation/#conflits"' in page
    client.force_login(acteurs["guichet"])
    page = texte(client.get(f"/demandes/{conflit.demande_id}/"))
    assert "La valeur saisie ici est gardée en attendant la décision de la CASA." in page
    assert ConflitSNE.objects.filter(etat=EtatConflit.OUVERT).count() == 1


def test_un_second_doublon_de_la_meme_demande_locale_une_fois_rattachee(client, acteurs, confirmer):
    """Two open duplicates point to the same local demand: once one is settled by « rattacher », the other says the
    local demand has a numéro unique now and offers only « créer »."""
    premiere = doublon(acteurs["guichet"], acteurs["antibes"], par=acteurs["admin"])
    locale = premiere.doublon_de
    autre = importer(fichier_xml(demande_xml(nur(902))), par=acteurs["admin"], nom="autre.xml").lignes.get(position=1)
    assert autre.doublon_de_id == locale.pk and not autre.doublon_tranche
    client.force_login(acteurs["instructeur"])
    confirmer(client, f"/sne/reconciliation/doublons/{premiere.pk}/", {"decision": "RATTACHER"})
    locale.refresh_from_db()
    assert locale.nur == nur(901)
    page = texte(client.get("/sne/reconciliation/"))
    carte = page[page.index(f'id="doublon-{autre.pk}"') :]
    assert (
        f"La demande locale {locale.numero} a reçu le numéro unique {nur(901)} : elle ne peut pas recevoir celui-ci."
        in carte
    )
    assert "rattacher le numéro unique" not in carte and "Autre personne : créer la demande" in carte
    # the form of a page shown before: said at once, without a confirmation nor « relancez l'import »
    reponse = texte(client.post(f"/sne/reconciliation/doublons/{autre.pk}/", {"decision": "RATTACHER"}, follow=True))
    assert (
        f"La demande locale {locale.numero} a reçu le numéro unique {nur(901)} : elle ne peut pas recevoir aussi"
        in (reponse)
    )
    assert "choisissez « Autre personne : créer la demande »." in reponse and "relancez" not in reponse
    locale.refresh_from_db()
    assert locale.nur == nur(901) and not LigneImportSNE.objects.get(pk=autre.pk).doublon_tranche
    # the service says what to do instead, too
    with pytest.raises(ErreurMetier, match="choisissez « Autre personne : créer la demande »") as refus:
        reconciliation.doublon_trancher(par=acteurs["admin"], ligne_id=autre.pk, decision="RATTACHER")
    assert "relancez" not in refus.value.message
    # another person: the SNE's demand is created beside it
    confirmer(client, f"/sne/reconciliation/doublons/{autre.pk}/", {"decision": "CREER"})
    assert Demande.objects.get(nur=nur(902)).pk != locale.pk


def test_un_doublon_dont_la_demande_locale_a_recu_ce_numero(client, acteurs):
    """The SNE's acknowledgement of the local demand's registration gave it the duplicate's own number: nothing is
    left to settle, the line leaves the queue, a form of a page shown before says so."""
    ligne = doublon(acteurs["guichet"], acteurs["antibes"], par=acteurs["admin"])
    locale = ligne.doublon_de
    Demande.objects.filter(pk=locale.pk).update(nur=ligne.nur)  # as envois_sne.services._nur_enregistrer does
    client.force_login(acteurs["instructeur"])
    page = texte(client.get("/sne/reconciliation/"))
    assert f'id="doublon-{ligne.pk}"' not in page  # nothing left to settle: out of the queue
    for decision in ("RATTACHER", "CREER"):
        reponse = texte(client.post(f"/sne/reconciliation/doublons/{ligne.pk}/", {"decision": decision}, follow=True))
        assert "ce doublon est réglé, il n'y a plus rien à trancher." in reponse and "relancez" not in reponse
    assert Demande.objects.filter(nur=ligne.nur).count() == 1
