"""No input makes a page answer 500: what a URL, a query string or a hand-read form field can hold, answered with a
404 or a French 400 — an impossible month in the tracking table's URLs, a piece seen in original (no file), the
minutes of a session closed outside the application, numbers and dates read by hand (`²`, 5,000 digits, « abc »), a
NUL character, a business error a view let escape."""

import datetime as dt
import html
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone

from casa_logement.middleware import RequeteValideMiddleware
from commissions.models import Avis, EtatSeance, Seance
from commissions.views import SANS_PROCES_VERBAL
from commun import saisie
from commun.erreurs import ErreurMetier
from demandes import services as demandes_services
from suivi.sources import Periode
from tests.commissions.fabriques import tenir


@pytest.fixture
def donnees(ccpc):  # noqa: F811
    """Demands positioned on two dwellings of Erilia, the CCPC's members, its secretariat and a session to prepare."""
    return ccpc


CHIFFRES_EN_EXPOSANT = "²"  # a digit for str.isdigit(), not for int()
TROP_DE_CHIFFRES = "9" * 5000  # past int()'s 4,300 digits


def _client(user) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def _texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


# ---------------------------------------------------------------------------------------------------- suivi


@pytest.mark.parametrize(
    "mois", ["2026/13", "2026/0", "2026/00", "0/1", "0000/1", "99999/1", "1999/5", "2101/1", "2026/123"]
)
def test_un_mois_impossible_dans_l_url_du_suivi_est_introuvable(donnees, mois):
    """Was a 500: `/suivi/2026/13/liste/` built date(2026, 13, 1)."""
    instructeur = _client(donnees["casa"])
    for page in ("liste/?indicateur=attributions", "suivi.xlsx", "rapport.pdf"):
        reponse = instructeur.get(f"/suivi/{mois}/{page}")
        assert reponse.status_code == 404, (mois, page)
        assert "Page introuvable" in _texte(reponse)


def test_un_mois_possible_ouvre_sa_liste(donnees):
    p = Periode.de(timezone.localdate()).precedente()
    instructeur = _client(donnees["casa"])
    for chemin in (f"/suivi/{p.annee}/{p.mois}/liste/", f"/suivi/{p.annee}/{p.mois:02d}/liste/"):
        assert instructeur.get(chemin, {"indicateur": "attributions"}).status_code == 200


@pytest.mark.parametrize(
    "parametres",
    [
        {"annee": "2026", "mois": "13"},
        {"annee": CHIFFRES_EN_EXPOSANT, "mois": "1"},
        {"annee": TROP_DE_CHIFFRES, "mois": "1"},
        {"annee": "2026"},
        {"mois": "abc"},
    ],
)
def test_un_mois_impossible_demande_au_tableau_de_suivi_est_introuvable(donnees, parametres):
    assert _client(donnees["casa"]).get("/suivi/", parametres).status_code == 404


@pytest.mark.parametrize("annee", ["99999", TROP_DE_CHIFFRES, CHIFFRES_EN_EXPOSANT, ""])
def test_produire_le_tableau_d_un_mois_impossible_le_dit_en_francais(donnees, annee):
    reponse = _client(donnees["casa"]).post("/suivi/", {"annee": annee, "mois": "1"}, follow=True)
    assert reponse.status_code == 200
    assert "Mois invalide." in _texte(reponse)


# ---------------------------------------------------------------------------------------------------- pieces


def test_une_piece_vue_en_original_n_a_pas_de_fichier_a_ouvrir(donnees):
    """Was a 500: the download view raised an ErreurMetier nobody caught."""
    casa, demande = donnees["casa"], donnees["demandes"]["modeste"]
    piece = demandes_services.piece_deposer(par=casa, demande=demande, type="IDENTITE", vue_en_original=True)
    reponse = _client(casa).get(f"/demandes/{demande.pk}/pieces/{piece.pk}/")
    assert reponse.status_code == 404
    assert "vue en original au guichet : aucune copie n'a été jointe" in _texte(reponse)


def test_une_piece_dont_le_fichier_a_disparu_le_dit(donnees):
    casa, demande = donnees["casa"], donnees["demandes"]["modeste"]
    fichier = SimpleUploadedFile("avis.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    piece = demandes_services.piece_deposer(par=casa, demande=demande, type="IDENTITE", fichier=fichier)
    assert _client(casa).get(f"/demandes/{demande.pk}/pieces/{piece.pk}/").status_code == 200
    piece.fichier.storage.delete(piece.fichier.name)
    reponse = _client(casa).get(f"/demandes/{demande.pk}/pieces/{piece.pk}/")
    assert reponse.status_code == 404
    assert "Le fichier de cette pièce est introuvable" in _texte(reponse)


# ---------------------------------------------------------------------------------------------------- commission


def test_une_seance_close_hors_de_l_application_n_offre_pas_de_proces_verbal(donnees):
    """The demo's history (suivi/demo.py) records its sessions already closed, without attendance nor minutes: the
    page said « Télécharger le procès-verbal », whose link answered 404. The minutes are written when a session is
    closed in the application (from its attendance and quorum): here the page says there are none."""
    historique = Seance.objects.create(
        date=timezone.now() - dt.timedelta(days=200),
        lieu="Salle du conseil",
        etat=EtatSeance.CLOSE,
        numero="CCPC-2025-H01",
        creee_par=donnees["secretariat"],
        close_le=timezone.now() - dt.timedelta(days=200),
    )
    for user in (donnees["secretariat"], donnees["casa"]):
        page = _texte(_client(user).get(f"/commissions/seances/{historique.pk}/"))
        assert "proces-verbal.pdf" not in page
        assert SANS_PROCES_VERBAL in page
    reponse = _client(donnees["secretariat"]).get(f"/commissions/seances/{historique.pk}/proces-verbal.pdf")
    assert reponse.status_code == 404 and SANS_PROCES_VERBAL in _texte(reponse)


def test_une_seance_close_dans_l_application_offre_son_proces_verbal(donnees):
    """The other side of the rule: closed here, the session has its minutes, and the page links them."""
    from commissions import services as commissions_services
    from commissions.models import DecisionAvis

    c = donnees
    seance = tenir(c, "elu1", "elu2", "etat")
    for cle in ("dalo", "modeste", "moyenne", "aisee"):
        commissions_services.avis_enregistrer(
            par=c["secretariat"],
            seance=seance,
            positionnement=c["demandes"][cle].positionnements.get(),
            decision=DecisionAvis.VALIDE,
            rapporteur=c["membres"]["elu1"],
        )
    commissions_services.cloturer(par=c["secretariat"], seance=seance)
    secretariat = _client(c["secretariat"])
    page = _texte(secretariat.get(f"/commissions/seances/{seance.pk}/"))
    assert "Télécharger le procès-verbal (PDF)" in page and SANS_PROCES_VERBAL not in page
    reponse = secretariat.get(f"/commissions/seances/{seance.pk}/proces-verbal.pdf")
    assert reponse.status_code == 200 and reponse.content[:4] == b"%PDF"


@pytest.mark.parametrize("valeur", ["abc", CHIFFRES_EN_EXPOSANT, TROP_DE_CHIFFRES, "-1", ""])
def test_les_nombres_lus_a_la_main_dans_les_formulaires_de_la_seance(donnees, valeur):
    """Were 500s: int() on a rapporteur « abc » or « ² » (which isdigit() lets through), on points and presences."""
    c = donnees
    seance = tenir(c, "elu1", "elu2", "etat")
    p = c["demandes"]["dalo"].positionnements.get()
    secretariat = _client(c["secretariat"])
    url = f"/commissions/seances/{seance.pk}/"
    elu = str(c["membres"]["elu1"].pk)
    for donnees in (
        {"action": "avis", f"decision_{p.pk}": "VALIDE", f"rapporteur_{p.pk}": valeur},
        {"action": "avis", f"decision_{p.pk}": "VALIDE", f"rapporteur_{p.pk}": elu, f"rang_{p.pk}": valeur},
        {"action": "presences", "presents": [valeur, elu]},
    ):
        assert secretariat.post(url, donnees).status_code == 302, donnees
    nouvelle = c["seance"]
    dispo = c["a11"]
    donnees = {"action": "ordre_du_jour", "points": [valeur, str(dispo.pk)], f"ordre_{dispo.pk}": valeur}
    assert secretariat.post(f"/commissions/seances/{nouvelle.pk}/", donnees).status_code == 302
    filtres = {"bailleur": valeur, "avant": valeur, "commune": valeur}
    assert secretariat.get(f"/commissions/seances/{nouvelle.pk}/", filtres).status_code == 200


def test_un_rang_impossible_ou_un_motif_trop_long_sont_refuses_avec_leur_raison(donnees):
    c = donnees
    seance = tenir(c, "elu1", "elu2", "etat")
    p = c["demandes"]["dalo"].positionnements.get()
    elu = str(c["membres"]["elu1"].pk)
    secretariat = _client(c["secretariat"])
    url = f"/commissions/seances/{seance.pk}/"
    avis = {"action": "avis", f"decision_{p.pk}": "AJOURNE", f"rapporteur_{p.pk}": elu}
    page = _texte(secretariat.post(url, {**avis, f"rang_{p.pk}": "abc", f"motif_{p.pk}": "x"}, follow=True))
    assert "Le rang va de 1 à 3." in page
    page = _texte(secretariat.post(url, {**avis, f"motif_{p.pk}": "x" * 501}, follow=True))  # was a 500
    assert "Le motif fait 501 caractères : 500 au plus." in page
    assert not Avis.objects.exists()


# ---------------------------------------------------------------------------------------------------- other pages


@pytest.mark.parametrize("valeur", [CHIFFRES_EN_EXPOSANT, TROP_DE_CHIFFRES, "abc"])
def test_les_filtres_numeriques_des_pages_ignorent_une_valeur_illisible(donnees, valeur):
    """Were 500s: ?bailleur=² on the CAL returns (isdigit() then a filter on a bigint), ?annee=² on the flows."""
    instructeur = _client(donnees["casa"])
    for vue in ("", "attendues", "depots", "attributions"):
        assert instructeur.get("/positionnements/cal/", {"bailleur": valeur, "vue": vue}).status_code == 200
    reponse = instructeur.get("/parc/flux/", {"annee": valeur})
    assert reponse.status_code == 200 and reponse.context["annee"] == timezone.localdate().year


@pytest.mark.parametrize(
    "requete",
    [
        ("get", "/organisations/?q=%00", None),
        ("get", "/parc/observatoire/?commune=a%00", None),
        ("get", "/positionnements/logements/{dispo}/?pourquoi=%00", None),
        ("post", "/positionnements/{positionnement}/retirer/", {"motif": "a\x00b"}),
        ("get", "/suivi/?vue=commune&cle=%00", None),
        ("get", "/demandes/?q=%00", None),
    ],
)
def test_un_caractere_nul_est_refuse_en_francais(donnees, requete):
    """Were 500s: PostgreSQL cannot compare nor store a NUL (a search, a filter, a reason typed by hand)."""
    methode, chemin, corps = requete
    p = donnees["demandes"]["modeste"].positionnements.get()
    chemin = chemin.format(dispo=donnees["a11"].pk, positionnement=p.pk)
    client = _client(donnees["casa"])
    reponse = client.post(chemin, corps) if methode == "post" else client.get(chemin)
    assert reponse.status_code == 400
    assert "caractère nul" in _texte(reponse) and "Requête refusée" in _texte(reponse)


def test_une_erreur_metier_echappee_d_une_vue_est_montree_avec_un_400(rf: RequestFactory):
    requete = rf.get("/une/page/")
    requete.user = AnonymousUser()
    intercepteur = RequeteValideMiddleware(lambda r: None)
    reponse = intercepteur.process_exception(requete, ErreurMetier("Cette action n'est pas permise ici."))
    assert reponse.status_code == 400 and "Cette action n'est pas permise ici." in _texte(reponse)
    api = intercepteur.process_exception(rf.get("/api/v1/x/"), ErreurMetier("Refusé."))
    assert api.status_code == 400 and json.loads(api.content) == {"detail": "Refusé."}
    assert intercepteur.process_exception(requete, ValueError("un bogue")) is None  # a real bug stays a 500


def test_une_requete_mal_formee_recoit_la_page_400_en_francais(donnees):
    client = _client(donnees["casa"])
    reponse = client.get("/", HTTP_HOST="hote-inconnu.exemple")  # DisallowedHost: Django's 400
    assert reponse.status_code == 400 and "Requête refusée" in _texte(reponse)


# ---------------------------------------------------------------------------------------------------- the readers


def test_les_lecteurs_de_saisie_ne_prennent_que_ce_qui_se_convertit():
    assert saisie.entier("12") == 12 and saisie.entier(" 7 ") == 7
    for illisible in ("²", "١٢", "-3", "1e3", "", None, "9" * 19, TROP_DE_CHIFFRES, "12abc"):
        assert saisie.entier(illisible) is None, illisible
    assert saisie.entier("2030", maximum=2027, defaut=2026) == 2026
    assert saisie.identifiant("0") is None and saisie.identifiant("42") == 42
    assert saisie.identifiants(["3", "x", "²", "4"]) == [3, 4]
    assert saisie.date_iso("2026-02-28") == dt.date(2026, 2, 28)
    for illisible in ("2026-02-30", "99999-01-01", "28/02/2026", "2026-2-1", None, "9999-12-31", "0001-01-01"):
        assert saisie.date_iso(illisible) is None, illisible
    assert saisie.mois("2026", "12") == (2026, 12)
    assert saisie.mois("2026", "13") is None and saisie.mois("1999", "1") is None


def test_les_dates_et_annees_aux_bords_du_calendrier_ne_font_pas_d_erreur_serveur(client, referentiel):
    """Found by a newcomer: /journal/?au=9999-12-31 and /commissions/?annee=10000 answered 500."""
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    for url in (
        "/journal/?au=9999-12-31",
        "/journal/?du=0001-01-01&au=9999-12-31",
        "/commissions/?annee=10000",
        "/commissions/?annee=99999",
        "/commissions/export.csv?annee=99999",
        "/commissions/?annee=-1",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
    assert "hors des années 1900 à 2100" in client.get("/journal/?au=9999-12-31").content.decode()


def test_la_page_d_erreur_500_est_en_francais_dans_la_mise_en_page_du_site():
    from django.test import RequestFactory

    from casa_logement.views import erreur_500

    reponse = erreur_500(RequestFactory().get("/"))
    page = reponse.content.decode()
    assert reponse.status_code == 500
    assert '<html lang="fr">' in page and "navbar-casa" in page and "Toit commun" in page
    assert "Une erreur est survenue" in page and "/static/css/casa.css" in page


def test_une_adresse_d_action_ouverte_comme_une_page_repond_en_francais(client, referentiel):
    """Found by a newcomer: GET on a POST-only address gave an empty 405 (the browser's English error page)."""
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    reponse = client.get("/listes/filtres/")
    assert reponse.status_code == 405 and "POST" in reponse["Allow"]
    assert "Cette adresse est celle d'une action" in reponse.content.decode()
    assert 'lang="fr"' in reponse.content.decode()
