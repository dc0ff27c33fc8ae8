import html
import re

import pytest
from django.core import mail

from territoire.roles import Role
from tests.territoire.fabriques import agent


@pytest.fixture
def lecteur(referentiel):
    return agent(referentiel["casa"], Role.LECTEUR, username="lea.lecteur")


def test_une_personne_non_connectee_est_renvoyee_vers_la_connexion(client, db):
    reponse = client.get("/utilisateurs/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/?next=")


def test_un_mauvais_mot_de_passe_donne_un_message_francais(client, lecteur):
    reponse = client.post("/connexion/", {"username": "lea.lecteur", "password": "faux"})
    assert "Identifiant ou mot de passe incorrect." in html.unescape(reponse.content.decode())


def test_connexion_puis_page_d_accueil_du_role(client, lecteur):
    reponse = client.post("/connexion/", {"username": "lea.lecteur", "password": "mot-de-passe-de-test"}, follow=True)
    page = html.unescape(reponse.content.decode())
    assert 'data-role="LECTEUR"' in page
    assert "Communes du territoire (186\xa0753 habitants)" in page
    assert re.search(r"Nous sommes le \d\d/\d\d/\d{4}", page)


def test_la_page_404_est_en_francais(client, lecteur):
    client.force_login(lecteur)
    reponse = client.get("/organisations/inconnue/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()


def test_la_page_403_est_en_francais(client, lecteur):
    client.force_login(lecteur)
    reponse = client.get("/utilisateurs/")
    assert reponse.status_code == 403
    assert "Accès refusé" in html.unescape(reponse.content.decode())


def test_mot_de_passe_oublie_envoie_un_lien_qui_fonctionne(client, lecteur):
    client.post("/mot-de-passe/oublie/", {"email": lecteur.email})
    assert len(mail.outbox) == 1
    lien = re.search(r"https?://[^/]+(/mot-de-passe/nouveau/\S+)", mail.outbox[0].body).group(1)
    formulaire = client.get(lien, follow=True)
    assert "Choisir un mot de passe" in formulaire.content.decode()
    reponse = client.post(
        formulaire.redirect_chain[-1][0],
        {"new_password1": "Un-nouveau-mot-de-passe-2026", "new_password2": "Un-nouveau-mot-de-passe-2026"},
    )
    assert reponse.status_code == 302
    lecteur.refresh_from_db()
    assert lecteur.check_password("Un-nouveau-mot-de-passe-2026")


def test_changer_de_mot_de_passe_refuse_un_mot_de_passe_trop_court(client, lecteur):
    client.force_login(lecteur)
    reponse = client.post(
        "/mot-de-passe/",
        {"old_password": "mot-de-passe-de-test", "new_password1": "court", "new_password2": "court"},
    )
    assert "Ce mot de passe est trop court." in html.unescape(reponse.content.decode())


def test_la_page_de_sante_repond_sans_connexion(client, db):
    assert client.get("/sante/").json() == {"base": "ok", "redis": "ok"}


def test_zero_et_un_prennent_le_singulier_dans_toutes_les_pages():
    """Found by a newcomer: « 0 membres a pris part ». Django's `pluralize` puts the plural on 0; French does not.
    The templates use `pluriel` (same arguments), never `pluralize`."""
    from pathlib import Path

    from django.template import Context, Template

    racine = Path(__file__).resolve().parents[2]
    avec_pluralize = [
        str(f.relative_to(racine))
        for f in racine.glob("**/templates/**/*")
        if f.is_file() and ".venv" not in f.parts and "|pluralize" in f.read_text(encoding="utf-8", errors="ignore")
    ]
    assert not avec_pluralize
    gabarit = Template(
        '{{ n }} membre{{ n|pluriel }} {{ n|pluriel:"a,ont" }} pris part ; {{ l|length }} ligne{{ l|pluriel }}'
    )
    assert gabarit.render(Context({"n": 0, "l": []})) == "0 membre a pris part ; 0 ligne"
    assert gabarit.render(Context({"n": 1, "l": [1]})) == "1 membre a pris part ; 1 ligne"
    assert gabarit.render(Context({"n": 3, "l": [1, 2]})) == "3 membres ont pris part ; 2 lignes"
