"""The notifications' pages: the bell of the header and its count, my notifications (paginated, marked read one by one
or all at once, a double click harmless, another's a 404), my choice for e-mails; the shared notes' hook."""

import html

import pytest
from django.urls import reverse
from notifications.models import Notification

from alertes import evenements
from alertes.models import FrequenceCourriel, PreferenceNotification
from alertes.services import notifier
from territoire.roles import Role
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.django_db


def lire(reponse) -> str:
    return html.unescape(reponse.content.decode())


def notifie(user, n=1, *, url="/positionnements/"):
    for i in range(n):
        notifier(
            cle=f"essai:{user.pk}:{i}:{Notification.objects.count()}",
            type="essai",
            destinataires=[user],
            acteur=user,
            verbe=f"Notification d'essai n° {i + 1}.",
            url=url,
        )
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


@pytest.fixture
def moi(referentiel):
    return agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)


def test_la_cloche_de_l_en_tete_compte_mes_notifications_non_lues(client, moi, referentiel):
    client.force_login(moi)
    page = lire(client.get(reverse("accueil")))
    assert 'id="cloche"' in page and "Notifications : aucune non lue" in page
    notifie(moi, 3)
    notifie(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR), 2)  # a colleague's are not mine
    page = lire(client.get(reverse("accueil")))
    assert '<span class="badge rounded-pill text-bg-warning">3</span>' in page and "notifications non lues" in page


def test_ma_page_de_notifications_est_paginee_et_marque_lue(client, moi):
    notifications = notifie(moi, 25)
    client.force_login(moi)
    page = lire(client.get(reverse("alertes:liste")))
    assert "25 notifications, dont 25 non lues" in page
    assert "Notification d'essai n° 25." in page and "Notification d'essai n° 1." not in page
    assert "Page 1 sur 2" in page
    assert "Notification d'essai n° 1." in lire(client.get(reverse("alertes:liste") + "?page=2"))
    premiere = notifications[0]
    url = reverse("alertes:lue", args=[premiere.pk])
    for _ in range(2):  # a double click is harmless
        reponse = client.post(url, {"page": "2"})
        assert reponse.status_code == 302 and reponse["Location"] == reverse("alertes:liste") + "?page=2"
    premiere.refresh_from_db()
    assert not premiere.unread
    ouvrir = client.post(reverse("alertes:lue", args=[notifications[1].pk]), {"ouvrir": "1"})
    assert ouvrir.status_code == 302 and ouvrir["Location"] == "/positionnements/"
    assert client.get(reverse("alertes:lue", args=[premiere.pk])).status_code == 405  # POST only
    reponse = client.post(reverse("alertes:toutes_lues"), follow=True)
    assert "23 notifications marquées comme lues." in lire(reponse)
    assert not Notification.objects.filter(recipient=moi, unread=True).exists()
    reponse = client.post(reverse("alertes:toutes_lues"), follow=True)
    assert "Aucune notification non lue." in lire(reponse)


def test_la_notification_d_un_autre_est_introuvable(client, moi, referentiel):
    (sienne,) = notifie(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    client.force_login(moi)
    assert client.post(reverse("alertes:lue", args=[sienne.pk])).status_code == 404
    assert client.post(reverse("alertes:lue", args=[sienne.pk]), {"ouvrir": "1"}).status_code == 404
    sienne.refresh_from_db()
    assert sienne.unread
    assert "Notification d'essai" not in lire(client.get(reverse("alertes:liste")))


def test_un_lien_hors_du_site_n_est_jamais_suivi(client, moi):
    (n,) = notifie(moi, url="https://ailleurs.example/")
    client.force_login(moi)
    reponse = client.post(reverse("alertes:lue", args=[n.pk]), {"ouvrir": "1"})
    assert reponse["Location"] == reverse("alertes:liste")


def test_mon_choix_pour_les_courriels(client, moi):
    client.force_login(moi)
    page = lire(client.get(reverse("alertes:preferences")))
    assert 'value="IMMEDIAT"' in page and "checked" in page and "Résumé quotidien" in page
    reponse = client.post(reverse("alertes:preferences"), {"courriel": "QUOTIDIEN"}, follow=True)
    assert "Votre choix pour les courriels de notification est enregistré." in lire(reponse)
    assert PreferenceNotification.objects.get(utilisateur=moi).courriel == FrequenceCourriel.QUOTIDIEN
    client.post(reverse("alertes:preferences"), {"courriel": "QUOTIDIEN"})  # again: the same row
    assert PreferenceNotification.objects.count() == 1
    mauvais = client.post(reverse("alertes:preferences"), {"courriel": "JAMAIS"})
    assert mauvais.status_code == 200 and "Le formulaire n'a pas été enregistré" in lire(mauvais)
    assert PreferenceNotification.objects.get(utilisateur=moi).courriel == FrequenceCourriel.QUOTIDIEN


def test_une_note_adressee_a_une_organisation_est_dite_a_ceux_qui_travaillent_les_demandes(referentiel, moi):
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    lecteur = agent(referentiel["erilia"], Role.LECTEUR)
    ailleurs = agent(referentiel["prefecture-06"], Role.RESERVATAIRE)
    n = evenements.note_adressee(
        note_id=41,
        demande_id=7,
        organisations=[referentiel["erilia"].pk, referentiel["casa"].pk],
        auteur=referentiel["commune-antibes"],
    )
    assert n == 2
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {moi.pk, instructeur.pk}
    assert not Notification.objects.filter(recipient__in=[lecteur, ailleurs]).exists()
    antibes = referentiel["commune-antibes"]
    verbe = Notification.objects.filter(recipient=moi).get().verb
    assert verbe == f"Une note partagée sur une demande est adressée à votre organisation par {antibes.nom}."
    # the same note told again: nothing
    assert evenements.note_adressee(note_id=41, demande_id=7, organisations=[antibes.pk], auteur=antibes) == 0
