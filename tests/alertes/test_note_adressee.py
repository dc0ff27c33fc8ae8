"""« A note addressed to my organisation » (docs/partenaires.md « Notifications »): produced by the real service that
writes a shared note (partenariat.services.note_ajouter), told by a real Celery worker to the people who may read it
in the organisations it is addressed to, never to its author's organisation; the e-mail links to the thread and holds
neither the note's text nor the applicant's name or demand number."""

import time

import pytest
from django.core import mail
from notifications.models import Notification

from partenariat.models import Visibilite
from tests.partenariat.fabriques import monde_des_notes, noter

pytestmark = pytest.mark.worker

TEXTE = "Madame Arnaud sort d'un hébergement d'urgence : un rez-de-chaussée est indispensable."


def notifies(delai=30.0, nombre=1) -> set[str]:
    """The usernames told (waits for at least `nombre` notifications written by the worker)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if Notification.objects.count() >= nombre:
            time.sleep(0.5)  # the worker writes them in one go: let it finish
            return set(Notification.objects.values_list("recipient__username", flat=True))
        time.sleep(0.05)
    raise AssertionError("aucune notification écrite")


def test_une_note_pour_tous_les_partenaires_est_dite_a_ceux_qui_la_lisent_hors_de_l_organisation_de_l_auteur(
    referentiel, celery_worker_reel, client
):
    monde = monde_des_notes(referentiel)
    acteurs, demande = monde["acteurs"], monde["demande"]
    note = noter(acteurs["instructeur"], demande, texte=TEXTE, visibilite=Visibilite.PARTENAIRES)
    # the landlord of the dwelling it is positioned on, the registering counter, the dwelling's réservataire; not
    # CASA (the author's organisation), nor the landlord's administrator, the member or the reader
    assert notifies(nombre=3) == {"gestionnaire", "guichet", "reservataire"}
    notification = Notification.objects.get(recipient=acteurs["gestionnaire"])
    assert notification.data["type"] == "note_adressee"
    assert notification.verb == (
        f"Une note partagée sur une demande est adressée à votre organisation par {monde['casa'].nom}."
    )
    fin = time.monotonic() + 30
    while time.monotonic() < fin and not [m for m in mail.outbox if m.to == [acteurs["gestionnaire"].email]]:
        time.sleep(0.05)
    (message,) = [m for m in mail.outbox if m.to == [acteurs["gestionnaire"].email]]
    assert "Une note partagée sur une demande est adressée à votre organisation" in message.subject
    assert f"/notes/demandes/{demande.pk}/" in message.body
    texte = message.subject + message.body
    assert "Arnaud" not in texte and "rez-de-chaussée" not in texte and demande.numero not in texte
    for personne in demande.personnes.exclude(nom=""):
        assert personne.nom not in texte
    # the page of notifications tells the demand (found by a newcomer: identical lines), the e-mail does not
    client.force_login(acteurs["gestionnaire"])
    assert f"Demande {demande.reference}" in client.get("/notifications/").content.decode()
    # the link opens the thread for the landlord's manager, and the note is there
    page = client.get(f"/notes/demandes/{demande.pk}/")
    assert page.status_code == 200 and "un rez-de-chaussée est indispensable" in page.content.decode()
    assert note.visibilite == Visibilite.PARTENAIRES


def test_une_note_sensible_n_est_dite_qu_a_qui_lit_le_sensible(referentiel, celery_worker_reel):
    monde = monde_des_notes(referentiel)
    acteurs = monde["acteurs"]
    noter(acteurs["guichet"], monde["demande"], texte=TEXTE, visibilite=Visibilite.PARTENAIRES, sensible=True)
    # CASA's instructor reads sensitive pieces; CASA's secretariat, the landlord and the réservataire do not
    assert notifies(nombre=1) == {"instructeur"}


def test_une_note_pour_la_casa_seulement_n_est_pas_dite_au_bailleur(referentiel, celery_worker_reel):
    monde = monde_des_notes(referentiel)
    acteurs = monde["acteurs"]
    noter(acteurs["guichet"], monde["demande"], texte=TEXTE, visibilite=Visibilite.CASA)
    assert notifies(nombre=2) == {"instructeur", "secretariat"}
