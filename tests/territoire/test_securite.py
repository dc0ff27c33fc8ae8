"""Security as a user meets it (issue 15): the throttled login, the second factor's enrolment and refusal, the idle
session, the password rule, the headers, the member's page and PDF, the access log line."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from commun.journaux import SansParametresDeRequete
from territoire import connexion as territoire_connexion
from territoire.mots_de_passe import conforme_cnil
from territoire.roles import Role
from tests.territoire.fabriques import agent, code_totp

MOT_DE_PASSE = "mot-de-passe-de-test"


def _connexion(client: Client, identifiant: str, mot_de_passe: str = MOT_DE_PASSE, **entetes):
    return client.post("/connexion/", {"username": identifiant, "password": mot_de_passe}, **entetes)


# ----------------------------------------------------------------------------------------------- throttled login


def test_la_connexion_est_bloquee_apres_cinq_echecs_meme_avec_le_bon_mot_de_passe(client, referentiel):
    agent(referentiel["casa"], Role.LECTEUR, username="lecteur.test")
    for _ in range(4):
        reponse = _connexion(client, "lecteur.test", "mauvais-mot-de-passe")
        assert reponse.status_code == 200
        assert "Identifiant ou mot de passe incorrect" in reponse.content.decode()
    reponse = _connexion(client, "lecteur.test", "mauvais-mot-de-passe")
    assert reponse.status_code == 429
    page = reponse.content.decode()
    assert "Connexion temporairement bloquée" in page
    assert "30 minutes" in page
    # the right password does not open it while the lock lasts
    reponse = _connexion(client, "lecteur.test")
    assert reponse.status_code == 429
    assert "_auth_user_id" not in client.session


def test_le_blocage_par_adresse_vaut_pour_tous_les_identifiants(client, referentiel):
    agent(referentiel["casa"], Role.LECTEUR, username="victime")
    for i in range(5):
        _connexion(client, f"inconnu{i}", "x", REMOTE_ADDR="203.0.113.7")
    assert _connexion(client, "victime", REMOTE_ADDR="203.0.113.7").status_code == 429
    # another address is not locked for that account
    autre = Client()
    assert _connexion(autre, "victime", REMOTE_ADDR="198.51.100.1").status_code == 302


def test_l_administration_django_n_a_pas_d_autre_porte_que_la_connexion_bloquee(client, referentiel):
    """/admin/login/ takes no password: it sends to /connexion/ (throttled, second factor), then back to /admin/."""
    reponse = client.post("/admin/login/", {"username": "admin", "password": "x"})
    assert reponse.status_code == 302 and reponse["Location"] == "/connexion/?next=%2Fadmin%2F"
    assert client.get("/admin/login/?next=https://exemple.invalid/")["Location"] == "/connexion/?next=%2Fadmin%2F"
    agent(referentiel["casa"], Role.ADMINISTRATEUR, username="admin.instance")
    for _ in range(5):
        _connexion(client, "admin.instance", "faux")
    assert _connexion(client, "admin.instance").status_code == 429


def test_un_identifiant_demesure_est_refuse_comme_un_autre(client, referentiel):
    reponse = _connexion(client, "x" * 400, "faux")
    assert reponse.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in reponse.content.decode()
    # django-axes keeps the identifier cut to an identifier's length, never a 500
    assert territoire_connexion.identifiant_tente(None, {"username": "y" * 400}) == "y" * 150


def test_le_blocage_cesse_apres_le_delai(client, referentiel):
    import time_machine

    agent(referentiel["casa"], Role.LECTEUR, username="patient")
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            _connexion(client, "patient", "faux")
        assert _connexion(client, "patient").status_code == 429
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 31, tzinfo=dt.UTC), tick=False):
        assert _connexion(client, "patient").status_code == 302


def test_un_administrateur_debloque_le_compte_de_son_organisation(client, referentiel):
    casa = referentiel["casa"]
    bloque = agent(casa, Role.LECTEUR, username="bloque")
    admin = agent(casa, Role.ADMINISTRATEUR, username="admin.test")
    anonyme = Client(REMOTE_ADDR="192.0.2.10")
    for i in range(5):
        # failures from several addresses: the account's lock, not the address's
        Client().post("/connexion/", {"username": "bloque", "password": "x"}, REMOTE_ADDR=f"192.0.2.{20 + i}")
    assert _connexion(anonyme, "bloque").status_code == 429
    # someone else (not an administrator) cannot unlock
    curieux = agent(casa, Role.INSTRUCTEUR, username="curieux")
    client.force_login(curieux)
    assert client.post(f"/securite/comptes/{bloque.pk}/debloquer/").status_code in (403, 404)
    client.force_login(admin)
    assert '<strong class="text-danger">bloquée</strong>' in client.get(f"/utilisateurs/{bloque.pk}/").content.decode()
    reponse = client.post(f"/securite/comptes/{bloque.pk}/debloquer/", follow=True)
    page = reponse.content.decode()
    assert "Connexion débloquée" in page
    assert "Connexion débloquée par un administrateur (par " in page  # the audit, on the account's page
    assert _connexion(Client(), "bloque", REMOTE_ADDR="192.0.2.99").status_code == 302


def test_les_journaux_de_connexion_ne_disent_ni_l_identifiant_ni_l_adresse(client, referentiel, caplog):
    agent(referentiel["casa"], Role.LECTEUR, username="marie.dupont")
    with caplog.at_level("DEBUG"):
        for _ in range(6):
            _connexion(client, "marie.dupont", "faux", REMOTE_ADDR="203.0.113.55")
    texte = "\n".join(r.getMessage() for r in caplog.records)
    assert "connexion bloquée" in texte
    assert "marie.dupont" not in texte
    assert "203.0.113.55" not in texte


# ----------------------------------------------------------------------------------------------- second factor


@pytest.mark.sans_second_facteur
def test_a_la_premiere_connexion_un_instructeur_active_son_second_facteur(client, referentiel):
    agent(referentiel["casa"], Role.INSTRUCTEUR, username="instructeur.neuf")
    reponse = _connexion(client, "instructeur.neuf")
    assert reponse.status_code == 302
    # anything else sends to the enrolment
    reponse = client.get("/demandes/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/securite/deuxieme-facteur/?next=%2Fdemandes%2F")
    assert client.get("/api/v1/demandes/").status_code == 403
    page = client.get(reponse["Location"]).content.decode()
    assert "Activer le second facteur" in page
    assert "<svg" in page  # the QR code, inline
    cle = re.search(r'id="cle-secrete">([A-Z2-7 ]+)<', page).group(1)
    # a wrong code is refused in French, and nothing is enrolled
    reponse = client.post("/securite/deuxieme-facteur/?next=/demandes/", {"code": "000000", "next": "/demandes/"})
    assert reponse.status_code == 400
    assert "Code refusé" in reponse.content.decode()
    assert not TOTPDevice.objects.filter(user__username="instructeur.neuf", confirmed=True).exists()
    time.sleep(1.1)  # django-otp waits one second after a wrong code
    reponse = client.post("/securite/deuxieme-facteur/", {"code": code_totp(cle), "next": "/demandes/"})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "plus jamais affichés" in page
    codes = re.findall(r'<li class="col">([a-z2-7]+)</li>', page)
    assert len(codes) == 10
    assert client.get("/demandes/").status_code == 200
    # the secret is no longer shown anywhere
    assert cle not in client.get("/securite/compte/").content.decode()


@pytest.mark.sans_second_facteur
def test_a_la_connexion_suivante_le_code_est_demande_et_un_code_de_secours_ne_sert_qu_une_fois(client, referentiel):
    from territoire import deuxieme_facteur

    user = agent(referentiel["casa"], Role.SECRETARIAT_COMMISSION, username="secretariat.test")
    appareil = deuxieme_facteur.enrolement_commencer(user)
    cle = deuxieme_facteur.cle_lisible(appareil)
    codes = deuxieme_facteur.enrolement_confirmer(user=user, appareil=appareil, code=code_totp(cle))
    _connexion(client, "secretariat.test")
    reponse = client.get("/commissions/")
    assert reponse["Location"].startswith("/securite/deuxieme-facteur/")
    page = client.get(reponse["Location"]).content.decode()
    assert "Code de connexion" in page
    assert "cle-secrete" not in page  # no secret shown again
    reponse = client.post("/securite/deuxieme-facteur/", {"code": codes[0], "next": "/commissions/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/commissions/"
    assert client.get("/commissions/").status_code == 200
    # the same recovery code, next login: refused
    client.logout()
    _connexion(client, "secretariat.test")
    reponse = client.post("/securite/deuxieme-facteur/", {"code": codes[0], "next": "/"})
    assert reponse.status_code == 400
    assert "Code refusé" in reponse.content.decode()


@pytest.mark.sans_second_facteur
def test_un_membre_de_commission_n_a_pas_de_second_facteur(client, referentiel):
    agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="membre.test")
    _connexion(client, "membre.test")
    assert client.get("/").status_code == 200


@pytest.mark.sans_second_facteur
def test_la_suite_apres_le_code_ne_mene_jamais_hors_du_site(client, referentiel):
    from territoire import deuxieme_facteur

    user = agent(referentiel["casa"], Role.INSTRUCTEUR, username="redirige")
    appareil = deuxieme_facteur.enrolement_commencer(user)
    codes = deuxieme_facteur.enrolement_confirmer(
        user=user, appareil=appareil, code=code_totp(deuxieme_facteur.cle_lisible(appareil))
    )
    _connexion(client, "redirige")
    reponse = client.post("/securite/deuxieme-facteur/", {"code": codes[1], "next": "https://exemple.invalid/"})
    assert reponse["Location"] == "/"


def test_un_administrateur_reinitialise_le_second_facteur_d_un_telephone_perdu(client, referentiel, confirmer):
    casa = referentiel["casa"]
    perdu = agent(casa, Role.INSTRUCTEUR, username="telephone.perdu")
    TOTPDevice.objects.create(user=perdu, name="ancien", confirmed=True)
    autre_admin = agent(referentiel["erilia"], Role.ADMINISTRATEUR, username="admin.erilia")
    client.force_login(autre_admin)
    assert client.post(f"/securite/comptes/{perdu.pk}/deuxieme-facteur/reinitialiser/").status_code == 404
    assert TOTPDevice.objects.filter(user=perdu, name="ancien").exists()
    client.force_login(agent(casa, Role.ADMINISTRATEUR, username="admin.casa.test"))
    reponse = confirmer(client, f"/securite/comptes/{perdu.pk}/deuxieme-facteur/reinitialiser/", follow=True)
    assert "Second facteur réinitialisé" in reponse.content.decode()
    assert not TOTPDevice.objects.filter(user=perdu).exists()
    from territoire.models import EvenementCompte

    assert EvenementCompte.objects.get(utilisateur=perdu).nature == "2FA_REINITIALISE"


# ----------------------------------------------------------------------------------------------- sessions, passwords


@pytest.mark.sans_second_facteur
def test_la_session_se_ferme_apres_trente_minutes_sans_activite(client, referentiel):
    import time_machine

    agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="inactif")
    debut = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(debut, tick=False):
        _connexion(client, "inactif")
        assert client.get("/").status_code == 200
    with time_machine.travel(debut + dt.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity moves the expiry
    with time_machine.travel(debut + dt.timedelta(minutes=58), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(debut + dt.timedelta(minutes=89), tick=False):
        reponse = client.get("/")
        assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")


@pytest.mark.parametrize(
    ("mot_de_passe", "accepte"),
    [
        ("Tortue-Gravier-77!", True),  # 12+ with the four kinds
        ("TortueGravier2026x", True),  # 14+ capitals, small letters, digits
        ("le chat de la voisine mange sept croquettes", True),  # 7 words
        ("casa-demo-2026", False),
        ("Azerty123456", False),
        ("Ab1!Ab1!Ab1", False),  # 11 characters
        # found by a newcomer: the four kinds but no strength (a common word dressed, one letter repeated, one-letter
        # words, our own domain's words)
        ("Password123!", False),
        ("Motdepasse123!", False),
        ("Soleil123456!", False),
        ("aaaaaaaaaaaaA1!", False),
        ("a b c d e f g", False),
        ("le le le le le le le", False),
        ("x-x-x-x-x-x-x", False),
        ("Casa-Logement-2026!", False),
    ],
)
def test_la_regle_de_mot_de_passe_de_la_cnil(mot_de_passe, accepte):
    assert conforme_cnil(mot_de_passe) is accepte


def test_un_mot_de_passe_trop_faible_est_refuse_en_francais_au_changement(client, referentiel):
    user = agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="change")
    client.force_login(user)
    reponse = client.post(
        "/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": "azertyuiopqs", "new_password2": "azertyuiopqs"},
    )
    assert reponse.status_code == 200
    assert "recommandation de la CNIL" in reponse.content.decode()
    reponse = client.post(
        "/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": "Tortue-Gravier-77!", "new_password2": "Tortue-Gravier-77!"},
    )
    assert reponse.status_code == 302
    # the person's own name, dressed: refused
    user.first_name, user.last_name = "Geneviève", "Clerc"
    user.save()
    client.force_login(user)
    reponse = client.post(
        "/mot-de-passe/",
        {
            "old_password": "Tortue-Gravier-77!",
            "new_password1": "Genevieve Clerc 2026!",
            "new_password2": "Genevieve Clerc 2026!",
        },
    )
    assert "ni votre prénom, ni votre nom" in reponse.content.decode()


# ----------------------------------------------------------------------------------------------- headers


def test_les_pages_portent_une_csp_sans_script_en_ligne_et_ne_sont_pas_mises_en_cache(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    for url in ("/", "/demandes/", "/api/v1/demandes/", "/api/docs/", "/connexion/"):
        reponse = client.get(url)
        csp = reponse["Content-Security-Policy"]
        assert "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], url
        assert "frame-ancestors 'none'" in csp
        assert "no-store" in reponse["Cache-Control"], url
        assert "private" in reponse["Cache-Control"], url
        assert reponse["X-Content-Type-Options"] == "nosniff"
        assert reponse["X-Frame-Options"] == "DENY"


def test_aucun_gabarit_ne_contient_de_script_en_ligne():
    """The CSP forbids them: a <script> without src, or an on…= attribute, would silently stop working."""
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent.parent
    fautes = []
    for gabarit in racine.glob("**/templates/**/*.html"):
        if ".venv" in gabarit.parts:
            continue
        texte = gabarit.read_text(encoding="utf-8")
        for balise in re.findall(r"<script\b[^>]*>", texte):
            if "src=" not in balise:
                fautes.append(f"{gabarit.relative_to(racine)} : {balise}")
        for attribut in re.findall(r"\son[a-z]+\s*=\s*[\"']", texte):
            fautes.append(f"{gabarit.relative_to(racine)} : {attribut.strip()}")
    assert not fautes, fautes


RACINE = __import__("pathlib").Path(__file__).resolve().parent.parent.parent
# The production settings as docker-compose.yml gives them (no database nor Redis is contacted by these checks).
ENV_PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "casa_logement.settings.production",
    "DJANGO_SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-" + "x7Kq9" * 8,
    "CASA_DOMAINE": "logement.agglo-sophia-antipolis.fr",
    "DJANGO_ALLOWED_HOSTS": "logement.agglo-sophia-antipolis.fr",
    "DATABASE_URL": "postgresql://casa@localhost/casa",
    "REDIS_URL": "redis://localhost:6379/0",
    "PATH": "/usr/bin:/bin",
}


def _python_en_production(*arguments: str):
    import subprocess
    import sys

    return subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, *arguments], env=ENV_PRODUCTION, capture_output=True, text=True, cwd=RACINE, timeout=120
    )


def test_les_reglages_de_production_passent_check_deploy():
    resultat = _python_en_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_la_production_redirige_vers_https_et_envoie_hsts():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)"
    )
    sortie = _python_en_production("-c", code)
    assert sortie.stdout.split() == ["True", "31536000", "True"], sortie.stderr


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_en_https_l_en_tete_hsts_est_envoye_et_http_est_redirige(client, referentiel):
    assert client.get("/connexion/").status_code == 301
    reponse = client.get("/connexion/", secure=True)
    assert reponse.status_code == 200
    assert reponse["Strict-Transport-Security"].startswith("max-age=31536000")


# ----------------------------------------------------------------------------------------------- exports


@pytest.mark.parametrize("piege", ['=HYPERLINK("https://exemple.invalid","clic")', "+33 6 12", "-2+3", "@SUM(A1)"])
def test_une_cellule_qui_ressemble_a_une_formule_reste_du_texte_en_xlsx_et_en_csv(piege):
    import io

    import openpyxl

    from commun import tableurs

    classeur = openpyxl.Workbook()
    tableurs.ajouter(classeur.active, ["Nom", piege, 12, None])
    sortie = io.BytesIO()
    classeur.save(sortie)
    relu = openpyxl.load_workbook(io.BytesIO(sortie.getvalue())).active
    assert relu["B1"].data_type == "s"
    assert relu["B1"].value == piege  # text as typed, no visible apostrophe in a spreadsheet
    assert relu["C1"].value == 12
    csv = tableurs.csv_ecrire([[piege, -4]], entete=["a", "b"]).decode("utf-8-sig")
    assert csv.splitlines()[1].startswith(("'" + piege[0], "\"'" + piege[0]))
    assert csv.splitlines()[1].endswith(";-4")


def test_un_montant_s_exporte_en_csv_avec_une_virgule_decimale():
    from decimal import Decimal

    from commun import tableurs

    csv = tableurs.csv_ecrire([[Decimal("1650.50"), 950.0, 12, None, "1650.50"]]).decode("utf-8-sig")
    assert csv == "1650,50;950;12;;1650.50\r\n"  # a text stays as typed


def test_le_fichier_de_cal_fabrique_neutralise_un_motif_piege():
    import io

    import openpyxl

    from bench import fabrique_cal
    from positionnements.retours_cal.lecture import NOMS

    ligne = dict.fromkeys(NOMS, "")
    ligne[NOMS[-1]] = "=1+1"
    feuille = openpyxl.load_workbook(io.BytesIO(fabrique_cal.xlsx([ligne]))).active
    assert [c.data_type for c in feuille[2]].count("f") == 0
    assert "=1+1" in [c.value for c in feuille[2]]
    assert "'=1+1" in fabrique_cal.csv([ligne]).decode("cp1252")


def test_tous_les_exports_passent_par_casa_logement_tableurs():
    """The one place: no module writes a sheet row or a CSV row itself."""
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent.parent
    fautes = []
    for module in racine.glob("*/**/*.py"):
        if {".venv", "tests", "migrations", "build"} & set(
            module.relative_to(racine).parts
        ) or module.name == "tableurs.py":
            continue
        texte = module.read_text(encoding="utf-8")
        if "openpyxl" in texte or "csv.writer" in texte:
            for n, ligne in enumerate(texte.splitlines(), start=1):
                if re.search(r"\b(feuille|info|valeurs|ws|sheet)\.append\(|csv\.writer\(|\.writerow\(", ligne):
                    fautes.append(f"{module.relative_to(racine)}:{n}: {ligne.strip()}")
    assert not fautes, fautes


# ----------------------------------------------------------------------------------------------- logs


def test_le_journal_d_acces_de_gunicorn_ne_garde_pas_le_nom_cherche(tmp_path, referentiel):
    """The production server for real (gunicorn with casa_logement/gunicorn.py), a search by name, its log line."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    journal = tmp_path / "acces.log"
    serveur = subprocess.Popen(  # noqa: S603 — our own interpreter and server
        [
            sys.executable, "-m", "gunicorn", "casa_logement.wsgi:application",
            "--config", "python:casa_logement.gunicorn",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", str(journal),
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "casa_logement.settings.test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/?q=Dupont-Moreau&nom=Zoulikha", timeout=2)
                with contextlib.suppress(urllib.error.HTTPError):  # 401 or 403: what matters is its log line
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/demandes/006062401078906155/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(50):
            if journal.exists() and journal.read_text():
                break
            time.sleep(0.1)
    finally:
        serveur.terminate()
        serveur.wait(timeout=10)
    for _ in range(50):
        if journal.read_text().count("\n") >= 2:
            break
        time.sleep(0.1)
    ligne = journal.read_text()
    assert '"GET /connexion/ HTTP/1.1" 200' in ligne
    assert "Dupont" not in ligne and "Zoulikha" not in ligne
    assert '"GET /api/v1/demandes/[numéro]/ HTTP/1.1"' in ligne and "006062401078906155" not in ligne


def test_le_journal_du_serveur_de_demonstration_ne_garde_pas_le_nom_cherche():
    """make demo's server logs through django.server: its handler's filter cuts the query string."""
    import logging

    gestionnaire = logging.getLogger("django.server").handlers[0]
    enregistrement = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /demandes/?q=Dupont HTTP/1.1", "200", "812"),
        None,
    )
    assert gestionnaire.filter(enregistrement)
    ligne = gestionnaire.format(enregistrement)
    assert '"GET /demandes/ HTTP/1.1" 200 812' in ligne
    assert "Dupont" not in ligne


def test_une_page_introuvable_journalisee_ne_garde_pas_la_recherche(client, referentiel, caplog):
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    import logging

    console = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    with caplog.at_level("WARNING", logger="django.request"):
        client.get("/demandes/999999999/?q=Dupont")
        client.get("/api/v1/demandes/006062401078906155/")
    assert "Not Found: /demandes/999999999/" in caplog.text
    assert "Dupont" not in caplog.text
    # through the configured handler's filter, a demand's number in a path is masked
    filtre = SansParametresDeRequete()
    for enregistrement in caplog.records:
        filtre.filter(enregistrement)
        assert "006062401078906155" not in enregistrement.getMessage()
    assert console and any(isinstance(f, SansParametresDeRequete) for f in console[0].filters)


# ----------------------------------------------------------------------------------------------- CAL returns


def test_un_bailleur_n_apprend_pas_qu_une_demande_existe_hors_de_ses_logements(referentiel):
    """The CAL check answers the same for a demand of the territory never proposed on its dwellings and for a number
    that does not exist."""
    from positionnements.retours_cal import verification
    from positionnements.retours_cal.lecture import NOMS
    from tests.demandes.fabriques import demande_complete

    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    existante = demande_complete(guichet, referentiel["commune-antibes"], communes=("06004",))
    lignes = []
    for numero in (existante.numero, "006112699999999999"):
        ligne = dict.fromkeys(NOMS, "")
        ligne.update(numero_demande=numero, decision="attribution", date_cal="01/11/2026")
        lignes.append(ligne)
    rapport = verification.valider(lignes, bailleur=referentiel["erilia"], jour=dt.date(2026, 11, 30))
    messages = [m.replace(existante.numero, "N").replace("006112699999999999", "N") for _, m in rapport.erreurs]
    assert len(messages) == 2
    assert messages[0] == messages[1]
    assert "n'a été proposée par la CASA sur aucun logement d'Erilia" in messages[0]


# ----------------------------------------------------------------------------------------------- sensitive reads


def test_les_listes_de_candidats_d_un_logement_sont_des_lectures_sensibles(monde, client, referentiel):  # noqa: F811
    """The candidates of a dwelling (page and API) are noted for CASA's administrators: who, which dwelling, how
    many; and nothing when no one is shown."""
    from territoire.models import LectureSensible

    casa, dispo = monde["casa"], monde["dispos"][0]
    client.force_login(casa)
    assert client.get(f"/positionnements/logements/{dispo.pk}/").status_code == 200
    assert client.get(f"/api/v1/disponibilites/{dispo.pk}/candidats/").status_code == 200
    lectures = list(LectureSensible.objects.order_by("pk").values_list("nature", "par", "objet_id"))
    assert lectures == [("CANDIDATS", casa.pk, dispo.pk), ("API_CANDIDATS", casa.pk, dispo.pk)]
    assert all(n > 0 for n in LectureSensible.objects.values_list("nombre", flat=True))
    # CASA's administrator reads them in words
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    page = client.get("/lectures-sensibles/").content.decode()
    assert f'A lu les candidats du <a href="/positionnements/logements/{dispo.pk}/">logement à pourvoir' in page
    assert "par l'API" in page


def test_de_nouveaux_codes_de_secours_ne_se_montrent_qu_une_fois_meme_en_rechargeant(client, referentiel, confirmer):
    from territoire import deuxieme_facteur

    user = agent(referentiel["casa"], Role.INSTRUCTEUR, username="recharge")
    appareil = deuxieme_facteur.enrolement_commencer(user)
    deuxieme_facteur.enrolement_confirmer(
        user=user, appareil=appareil, code=code_totp(deuxieme_facteur.cle_lisible(appareil))
    )
    client.force_login(user)
    reponse = confirmer(client, "/securite/compte/", follow=True)
    assert "Les 10 codes encore valables aujourd'hui ne serviront plus." in reponse.confirmation.replace("&#x27;", "'")
    codes = re.findall(r'<li class="col">([a-z2-7]+)</li>', reponse.content.decode())
    assert len(codes) == 10
    recharge = client.get("/securite/compte/").content.decode()
    assert not any(code in recharge for code in codes)
    assert deuxieme_facteur.codes_de_secours_restants(user) == 10


@pytest.mark.sans_second_facteur
def test_un_bon_code_saisi_pendant_l_attente_dit_combien_attendre(client, referentiel):
    from territoire import deuxieme_facteur

    user = agent(referentiel["casa"], Role.INSTRUCTEUR, username="presse")
    appareil = deuxieme_facteur.enrolement_commencer(user)
    cle = deuxieme_facteur.cle_lisible(appareil)
    deuxieme_facteur.enrolement_confirmer(user=user, appareil=appareil, code=code_totp(cle))
    _connexion(client, "presse")
    for faux in ("000000", "111111"):
        client.post("/securite/deuxieme-facteur/", {"code": faux, "next": "/"})
    reponse = client.post("/securite/deuxieme-facteur/", {"code": code_totp(cle, decalage=30), "next": "/"})
    assert reponse.status_code == 400
    assert re.search(r"attendez \d+ secondes? avant de saisir le code", reponse.content.decode())


def test_un_nouveau_mot_de_passe_par_le_lien_leve_le_blocage(client, referentiel):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="oublieux")
    for _ in range(5):
        _connexion(client, "oublieux", "faux")
    assert _connexion(client, "oublieux").status_code == 429
    uid, jeton = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    lien = f"/mot-de-passe/nouveau/{uid}/{jeton}/"
    formulaire = client.get(lien, follow=True)
    reponse = client.post(
        formulaire.redirect_chain[-1][0],
        {"new_password1": "Tortue-Gravier-77!", "new_password2": "Tortue-Gravier-77!"},
    )
    assert reponse.status_code == 302
    assert _connexion(Client(), "oublieux", "Tortue-Gravier-77!").status_code == 302


def test_un_formulaire_perime_et_une_deconnexion_tapee_parlent_francais(referentiel):
    navigateur = Client(enforce_csrf_checks=True)
    navigateur.force_login(agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION))
    reponse = navigateur.post("/securite/compte/", {})
    assert reponse.status_code == 403
    assert "Ce formulaire n'est plus valable" in reponse.content.decode()
    page = navigateur.get("/deconnexion/")
    assert page.status_code == 200 and "Se déconnecter" in page.content.decode()


def test_le_mot_bearer_s_ecrit_en_minuscules_aussi(client, referentiel):
    from territoire.services import cle_api_creer

    admin = agent(referentiel["erilia"], Role.ADMINISTRATEUR)
    _, secret = cle_api_creer(par=admin, organisation=referentiel["erilia"], nom="Logiciel")
    assert client.get("/api/v1/moi/", HTTP_AUTHORIZATION=f"bearer {secret}").status_code == 200
