"""Signing in to the applicant's space (portail/connexion.py): the link by e-mail sent by a real worker, its 15
minutes, its single use, the same answer for any number, the throttling, the sign-in log."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from portail.models import ConnexionDemandeur

from .fabriques import CO_NE_LE, NE_LE, connecter, demande_de_famille

pytestmark = pytest.mark.django_db


def demander(client, numero, ne_le):
    return client.post(reverse("portail:connexion"), {"numero": numero, "date_naissance": f"{ne_le:%d/%m/%Y}"})


def lien_du_courriel(message) -> str:
    return re.search(r"https?://\S+/mon-logement/entrer/\S+/", message.body)[0]


def chemin(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.mark.worker
def test_le_bon_numero_et_la_bonne_date_envoient_un_lien_qui_ouvre_l_espace(
    client, referentiel, celery_worker_reel, settings
):
    demande, _ = demande_de_famille(referentiel)
    reponse = demander(client, demande.numero.lower().replace("-", " "), NE_LE)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("portail:lien_envoye")
    connexion = ConnexionDemandeur.objects.get()
    for _ in range(100):  # the worker sends it after the commit
        if mail.outbox:
            break
        import time

        time.sleep(0.05)
    (message,) = mail.outbox
    assert message.to == ["elodie.martin@exemple.fr"]
    assert message.body.startswith("Bonjour Élodie,")
    # nothing personal beyond the first name: no number, no name
    assert demande.numero not in message.body + message.subject and "Martin" not in message.body + message.subject
    url = chemin(lien_du_courriel(message))
    page = client.get(url)  # a mail scanner opening the link does not use it up
    assert page.status_code == 200 and "Entrer dans mon espace" in page.content.decode()
    ConnexionDemandeur.objects.get(pk=connexion.pk, utilisee_le__isnull=True)
    entree = client.post(url)
    assert entree.status_code == 302 and entree["Location"] == reverse("portail:demande")
    assert ConnexionDemandeur.objects.get(pk=connexion.pk).utilisee_le is not None  # the sign-in logged
    page = client.get(reverse("portail:demande")).content.decode()
    assert "Bonjour Élodie" in page and demande.numero in page


@pytest.mark.worker
def test_le_co_demandeur_sans_adresse_recoit_le_lien_a_celle_du_demandeur(client, referentiel, celery_worker_reel):
    demande, _ = demande_de_famille(referentiel)
    demander(client, demande.numero, CO_NE_LE)
    connexion = ConnexionDemandeur.objects.get()
    assert connexion.personne.prenom == "Karim"
    import time

    for _ in range(100):
        if mail.outbox:
            break
        time.sleep(0.05)
    assert mail.outbox[0].to == ["elodie.martin@exemple.fr"] and mail.outbox[0].body.startswith("Bonjour Karim,")


def test_un_numero_inconnu_ou_une_autre_date_recoivent_la_meme_reponse(client, referentiel):
    demande, _ = demande_de_famille(referentiel)
    reponses = [
        demander(client, demande.numero, NE_LE + dt.timedelta(days=1)),
        demander(client, "CASA-2026-999999", NE_LE),
        demander(client, "0600126123456789A", NE_LE),
        demander(client, demande.numero, NE_LE),
    ]
    assert {(r.status_code, r["Location"]) for r in reponses} == {(302, reverse("portail:lien_envoye"))}
    assert ConnexionDemandeur.objects.count() == 1  # only the right pair made a link


def test_un_lien_expire_ou_deja_servi_est_refuse_en_francais(client, referentiel):
    from django.core import signing

    from portail.connexion import SEL, lien_demander

    demande, _ = demande_de_famille(referentiel)
    requete = client.get("/").wsgi_request
    connexion = lien_demander(requete, numero=demande.numero, date_naissance=NE_LE)
    jeton = signing.dumps({"c": connexion.pk}, salt=SEL)
    url = reverse("portail:entrer", args=[jeton])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        expire = client.post(url)
    assert expire.status_code == 410 and "a expiré" in expire.content.decode()
    assert client.post(url).status_code == 302
    client.post(reverse("portail:sortir"))
    reutilise = client.post(url)
    assert reutilise.status_code == 410 and "déjà servi" in reutilise.content.decode()
    falsifie = client.get(reverse("portail:entrer", args=[jeton[:-3] + "abc"]))
    assert falsifie.status_code == 410 and "pas valable" in falsifie.content.decode()
    assert client.get(reverse("portail:demande"))["Location"] == reverse("portail:connexion")


def test_les_demandes_de_lien_sont_limitees_par_numero_existant_ou_non(client, referentiel, settings):
    demande, _ = demande_de_famille(referentiel)
    for numero in (demande.numero, "CASA-2026-999999"):
        codes = [demander(client, numero, NE_LE).status_code for _ in range(6)]
        assert codes == [302] * 5 + [429]
    refus = demander(client, demande.numero, NE_LE).content.decode()
    assert "Trop de demandes de lien" in refus
    assert ConnexionDemandeur.objects.count() == 5


def test_les_demandes_de_lien_sont_limitees_par_adresse_du_client(client, referentiel, settings):
    settings.CASA_PORTAIL_DEBITS = {"numero": "5/h", "courriel": "5/h", "adresse": "3/h"}
    codes = [demander(client, f"CASA-2026-99999{n}", NE_LE).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_une_date_mal_ecrite_est_dite_en_francais(client, referentiel):
    reponse = client.post(reverse("portail:connexion"), {"numero": "CASA-2026-000001", "date_naissance": "1988/31"})
    assert reponse.status_code == 200 and "format jour/mois/année" in reponse.content.decode()
    reponse = client.post(reverse("portail:connexion"), {"numero": "abc", "date_naissance": "12/04/1988"})
    assert "comporte des chiffres" in reponse.content.decode()


def test_la_session_tombe_si_la_personne_quitte_la_demande(client, referentiel):
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    assert client.get(reverse("portail:demande")).status_code == 200
    demande.personnes.filter(lien="DEMANDEUR").update(lien="AUTRE_PARENT")
    assert client.get(reverse("portail:demande"))["Location"] == reverse("portail:connexion")


def test_la_session_finit_apres_30_minutes_sans_page_lue_et_a_la_fermeture_du_navigateur(client, referentiel):
    from django.conf import settings as reglages
    from django.utils import timezone

    from portail import connexion as service

    demande, _ = demande_de_famille(referentiel)
    lien = ConnexionDemandeur.objects.create(
        demande=demande,
        personne=demande.personnes.get(lien="DEMANDEUR"),
        expire_le=timezone.now() + dt.timedelta(minutes=15),
    )
    from django.core import signing

    entree = client.post(reverse("portail:entrer", args=[signing.dumps({"c": lien.pk}, salt=service.SEL)]))
    assert entree.status_code == 302
    cookie = entree.cookies[reglages.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie: gone when it closes
    debut = timezone.now()
    for minutes in (20, 40):  # a page read every 20 minutes keeps it open
        with time_machine.travel(debut + dt.timedelta(minutes=minutes)):
            assert client.get(reverse("portail:demande")).status_code == 200
    with time_machine.travel(debut + dt.timedelta(minutes=40 + 31)):
        # the session is over (Django's own, of the same 30 minutes, too): back to the sign-in page
        assert client.get(reverse("portail:demande"))["Location"] == reverse("portail:connexion")


def test_une_session_plus_courte_que_celle_des_agents_le_dit(client, referentiel, settings):
    """With CASA_PORTAIL_SESSION_MINUTES shorter than the staff's inactivity limit, the space ends its own session
    and says so."""
    from django.utils import timezone

    settings.CASA_PORTAIL_SESSION_MINUTES = 10
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        fin = client.get(reverse("portail:demande"))
        assert fin["Location"] == reverse("portail:connexion")
        assert "Votre session est terminée" in client.get(fin["Location"]).content.decode()


def test_le_co_demandeur_ne_voit_pas_les_pieces_sensibles(client, referentiel):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demandes import services

    demande, guichet = demande_de_famille(referentiel)
    services.piece_deposer(
        par=guichet,
        demande=demande,
        type="PROTECTION",
        fichier=SimpleUploadedFile("ordonnance.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    connecter(client, demande, lien="CO_DEMANDEUR")
    assert "Ordonnance de protection" not in client.get(reverse("portail:demande")).content.decode()
    from django.test import Client

    demandeur = Client()
    connecter(demandeur, demande)
    assert "Ordonnance de protection" in demandeur.get(reverse("portail:demande")).content.decode()


def test_la_page_des_courriels_n_existe_que_dans_la_demonstration(client, settings, tmp_path):
    settings.CASA_DEMONSTRATION = False
    assert client.get(reverse("portail:courriels_demo")).status_code == 404
    settings.CASA_DEMONSTRATION = True
    from django.core.mail.backends.filebased import EmailBackend

    settings.EMAIL_FILE_PATH = str(tmp_path)
    message = mail.EmailMessage("Sujet d'essai", "Bonjour Élodie,\nhttp://exemple/lien/", None, ["a@exemple.fr"])
    EmailBackend(file_path=str(tmp_path)).send_messages([message])
    page = client.get(reverse("portail:courriels_demo")).content.decode()
    assert "Sujet d&#x27;essai" in page and "Bonjour Élodie" in page


def test_la_demonstration_montre_ses_demandeurs_a_essayer_et_pas_ailleurs(client, settings, referentiel):
    """The demo's sign-in page lists an applicant at each stage with the number and birth date to type (from the data
    as it stands: portail/demonstration.py), and the link to the demo's outbox; a real instance shows none."""
    from django.utils import timezone

    from demandes.models import Demande

    demande, _ = demande_de_famille(referentiel)
    Demande.objects.filter(pk=demande.pk).update(date_echeance=timezone.localdate() + dt.timedelta(days=20))
    settings.CASA_DEMONSTRATION = True
    page = client.get(reverse("portail:connexion")).content.decode()
    assert "Demande à renouveler en ligne" in page
    assert demande.reference in page and f"{NE_LE:%d/%m/%Y}" in page
    assert reverse("portail:courriels_demo") in page
    assert "valable 15 minutes" in page
    settings.CASA_DEMONSTRATION = False
    page = client.get(reverse("portail:connexion")).content.decode()
    assert demande.reference not in page and "Démonstration" not in page


def test_un_lien_plus_recent_utilise_met_fin_aux_liens_plus_anciens_non_utilises(client, referentiel):
    from django.core import signing

    from portail.connexion import SEL, lien_demander

    demande, _ = demande_de_famille(referentiel)
    requete = client.get("/").wsgi_request
    ancien, recent = (lien_demander(requete, numero=demande.numero, date_naissance=NE_LE) for _ in range(2))
    du_co_demandeur = lien_demander(requete, numero=demande.numero, date_naissance=CO_NE_LE)

    def url(connexion):
        return reverse("portail:entrer", args=[signing.dumps({"c": connexion.pk}, salt=SEL)])

    assert client.post(url(recent)).status_code == 302
    client.post(reverse("portail:sortir"))
    for methode in (client.get, client.post):  # the older link, unused and within its 15 minutes, no longer opens
        refus = methode(url(ancien))
        assert refus.status_code == 410 and "un autre lien envoyé à votre adresse a servi" in refus.content.decode()
    assert client.get(reverse("portail:demande"))["Location"] == reverse("portail:connexion")
    ancien.refresh_from_db()
    assert ancien.utilisee_le is None and ancien.expire_le == ConnexionDemandeur.objects.get(pk=recent.pk).utilisee_le
    # the co-applicant's own link is another person's: still valid
    assert client.post(url(du_co_demandeur)).status_code == 302


@pytest.mark.parametrize("date", ["31/02/2000", "31022000", "30-02-1988", "1988-02-30", "12/13/1988"])
def test_une_date_qui_n_existe_pas_est_dite_telle(client, referentiel, date):
    """Written in an accepted format but impossible: the date does not exist, it is not a format error."""
    reponse = client.post(reverse("portail:connexion"), {"numero": "CASA-2026-000001", "date_naissance": date})
    page = reponse.content.decode().replace("&#x27;", "'")
    assert reponse.status_code == 200 and f"La date {date} n'existe pas : vérifiez le jour et le mois." in page
    assert "Écrivez la date au format" not in page


def test_l_aide_dit_que_la_date_sans_barres_est_acceptee(client):
    page = client.get(reverse("portail:connexion")).content.decode()
    assert "ou sans les barres : 12041988" in page
