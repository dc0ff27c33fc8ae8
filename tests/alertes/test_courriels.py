"""Each person's choice for e-mails honoured by a real worker (immédiat, résumé quotidien, aucun), the daily digest and
the weekly digest of the steps stalled on each partner's side, each sent once."""

import pytest
from django.conf import settings
from django.core import mail
from notifications.models import Notification

from alertes import tasks
from alertes.models import FrequenceCourriel, PreferenceNotification
from alertes.services import notifier
from territoire.roles import Role
from tests.attente import attendre
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.worker


def pour(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_chacun_recoit_selon_son_choix(referentiel, celery_worker_reel):
    erilia = referentiel["erilia"]
    immediat, quotidien, aucun = (agent(erilia, Role.GESTIONNAIRE_BAILLEUR) for _ in range(3))
    PreferenceNotification.objects.create(utilisateur=quotidien, courriel=FrequenceCourriel.QUOTIDIEN)
    PreferenceNotification.objects.create(utilisateur=aucun, courriel=FrequenceCourriel.AUCUN)
    for i in (1, 2):
        notifier(
            cle=f"essai:{i}",
            type="essai",
            destinataires=[immediat, quotidien, aucun],
            acteur=erilia,
            verbe=f"Événement d'essai n° {i}.",
            url="/positionnements/cal/",
        )
    attendre(lambda: len(pour(immediat)) == 2)
    assert sorted(m.subject for m in pour(immediat)) == [
        "Toit commun : Événement d'essai n° 1.",
        "Toit commun : Événement d'essai n° 2.",
    ]
    assert not pour(quotidien) and not pour(aucun)
    assert Notification.objects.filter(recipient__in=[quotidien, aucun], unread=True).count() == 4  # in the app
    # the daily digest: one e-mail listing both, to the one who chose it, once
    assert tasks.resumes_quotidiens.delay().get(timeout=30) == "1 résumés quotidiens envoyés"
    (resume,) = pour(quotidien)
    assert resume.subject == "Toit commun : 2 notifications depuis votre dernier résumé"
    assert resume.body.startswith("Bonjour,\n\nVoici vos 2 notifications depuis votre dernier résumé :\n")
    assert resume.body.index("Événement d'essai n° 1.") < resume.body.index("Événement d'essai n° 2.")
    assert f"https://{settings.CASA_DOMAINE}/positionnements/cal/" in resume.body
    assert tasks.resumes_quotidiens.delay().get(timeout=30) == "0 résumés quotidiens envoyés"
    assert not pour(aucun) and len(pour(immediat)) == 2


def test_le_resume_hebdomadaire_dit_a_chaque_partenaire_ses_etapes_en_attente(retours, referentiel, celery_worker_reel):
    r = retours  # four candidates validated 40 days ago with no CAL decision: stalled on Erilia's side
    sans_courriel = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    PreferenceNotification.objects.create(utilisateur=sans_courriel, courriel=FrequenceCourriel.AUCUN)
    lecteur = agent(referentiel["erilia"], Role.LECTEUR)
    mail.outbox.clear()
    assert tasks.resumes_hebdomadaires.delay().get(timeout=60).endswith("résumés hebdomadaires envoyés")
    (message,) = [m for m in pour(r["gestionnaire"]) if "étapes en attente" in m.subject]
    assert message.subject.startswith("Toit commun : les étapes en attente chez Erilia (semaine ")
    assert "Voici les étapes qui attendent Erilia au 18/11/2026 :\n" in message.body
    assert "- 4 décisions de CAL attendues depuis plus de 30 jours après la validation par la commission :\n" in (
        message.body
    )
    assert "/positionnements/cal/?vue=attendues" in message.body
    for d in r["demandes"].values():
        assert d.numero not in message.body
    for nom in ("Arnaud", "Blanc", "Costa", "Ernst"):
        assert nom not in message.body
    assert not [m for m in pour(sans_courriel) + pour(lecteur) if "étapes en attente" in m.subject]
    # once a week
    mail.outbox.clear()
    assert tasks.resumes_hebdomadaires.delay().get(timeout=60) == "0 résumés hebdomadaires envoyés"
    assert not [m for m in mail.outbox if "étapes en attente" in m.subject]


def test_les_taches_sont_dans_le_calendrier_de_beat():
    calendrier = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert calendrier["alertes.tasks.resumes_quotidiens"].hour == {7}
    assert calendrier["alertes.tasks.decisions_cal_en_retard"].hour == {6}
    assert calendrier["alertes.tasks.resumes_hebdomadaires"].day_of_week == {1}
