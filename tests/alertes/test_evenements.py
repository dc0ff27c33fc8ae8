"""Each notification produced by the real service that causes it and e-mailed by a real Celery worker
(docs/partenaires.md « Notifications »): a dwelling to fill, candidates positioned, the commission's verdict, a CAL
deposit checked or refused, the CAL decisions awaited past their delay, the demands due for renewal; each e-mail's
subject and body, and no applicant's name nor demand number in it."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone
from notifications.models import Notification

from alertes import evenements, tasks
from alertes.models import EvenementNotifie
from commissions import services as commissions_services
from commissions.models import DecisionAvis
from demandes import services as demandes_services
from demandes.models import Demande
from positionnements import services as positionnements_services
from positionnements.models import Designation, ListeReservataire, Positionnement
from positionnements.retours_cal import services as services_cal
from programmation import services as parc_services
from territoire.roles import Role
from tests.commissions.fabriques import tenir
from tests.positionnements.fabriques import logement_cree
from tests.positionnements.fabriques_cal import fichier_csv, ligne, lignes_completes
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.worker

NOMS = ("Arnaud", "Blanc", "Costa", "Durand", "Ernst")


def courriels_de(user, sujet, delai=30.0, nombre=1):
    """The e-mails sent to `user` by the worker whose subject contains `sujet` (waits for `nombre` of them; the
    worker tells the events of the world's making too, in its own time)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        recus = [m for m in mail.outbox if m.to == [user.email] and sujet in m.subject]
        if len(recus) >= nombre:
            return recus
        time.sleep(0.05)
    recus = [m.subject for m in mail.outbox]
    raise AssertionError(f"{nombre} courriel(s) attendu(s) pour {user.email}, reçus : {recus}")


def sans_donnee_personnelle(message, demandes=()):
    texte = message.subject + message.body
    for nom in NOMS:
        assert nom not in texte
    for d in demandes:
        assert d.numero not in texte


def test_un_logement_a_pourvoir_est_dit_a_son_reservataire(referentiel, celery_worker_reel):
    prefecture = referentiel["prefecture-06"]
    reservataire = agent(prefecture, Role.RESERVATAIRE)
    autre_reservataire = agent(referentiel["action-logement"], Role.RESERVATAIRE)
    lecteur = agent(prefecture, Role.LECTEUR)
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    dispo = parc_services.disponibilite_declarer(
        par=gestionnaire,
        logement=logement_cree(referentiel["erilia"], "B7"),
        date_liberation=timezone.localdate() + dt.timedelta(days=40),
        reservataire=prefecture,
    )
    (message,) = courriels_de(reservataire, "Logement de votre contingent")
    libre = f"{timezone.localdate() + dt.timedelta(days=40):%d/%m/%Y}"
    assert message.subject.startswith("Toit commun : Logement de votre contingent à pourvoir : le T3 n° B7 de la")
    assert message.body.startswith(
        "Bonjour,\n\nLogement de votre contingent à pourvoir : le T3 n° B7 de la résidence Les Oliviers (Antibes), "
        f"libre le {libre}.\n"
    )
    assert f"/positionnements/logements/{dispo.pk}/\n" in message.body
    assert "/notifications/preferences/" in message.body
    # the worker sends the e-mail, then commits « emailed » in the same transaction: seen once committed
    (notification,) = Notification.objects.filter(recipient=reservataire)
    fin = time.monotonic() + 30
    while not notification.emailed and time.monotonic() < fin:
        time.sleep(0.05)
        notification.refresh_from_db()
    assert notification.unread and notification.emailed and notification.data["type"] == "logement_a_pourvoir"
    # neither the other réservataire, nor the prefecture's reader, nor the landlord
    assert not Notification.objects.exclude(recipient=reservataire).exists()
    assert not [m for m in mail.outbox if m.to[0] in (autre_reservataire.email, lecteur.email, gestionnaire.email)]
    # told once: the signal sent again writes nothing
    assert evenements.sur_logements_a_pourvoir(None, disponibilites=[dispo.pk]) == 0


def test_des_candidats_positionnes_sont_dits_aux_gestionnaires_du_bailleur(monde, referentiel, celery_worker_reel):
    d, (a11, _a12) = monde["demandes"], monde["dispos"]
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    mail.outbox.clear()
    positionnements_services.positionner(
        par=monde["casa"], disponibilite=a11, numeros=[d[k].numero for k in ("dalo", "modeste", "moyenne")]
    )
    (message,) = courriels_de(gestionnaire, "candidats positionnés")
    assert message.subject.startswith("Toit commun : 3 candidats positionnés par la CASA sur votre logement : le T3")
    assert "3 candidats positionnés par la CASA sur votre logement : le T3 n° A11 de la résidence Les Oliviers" in (
        message.body
    )
    assert f"/positionnements/logements/{a11.pk}/" in message.body
    sans_donnee_personnelle(message, d.values())
    assert Notification.objects.filter(recipient=gestionnaire).count() == 1
    # the counter and CASA are not told of a proposal
    assert not Notification.objects.filter(recipient__in=[monde["guichet"], monde["casa"]]).exists()


def test_l_avis_de_la_commission_est_dit_au_reservataire_qui_a_designe_et_au_guichet(
    ccpc, referentiel, celery_worker_reel
):
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    prefecture = referentiel["prefecture-06"]
    reservataire = agent(prefecture, Role.RESERVATAIRE)
    liste = ListeReservataire.objects.create(reservataire=prefecture, deposee_par=reservataire)
    Designation.objects.create(liste=liste, demande=d["dalo"], type="DESIGNE", date=timezone.localdate())
    s = tenir(c, "elu1", "elu2", "etat", "antibes")
    p = {k: Positionnement.objects.get(demande=d[k]) for k in ("dalo", "modeste", "moyenne", "aisee")}
    avis = {
        "dalo": (DecisionAvis.VALIDE, "", 1),
        "moyenne": (DecisionAvis.VALIDE, "", 2),
        "modeste": (DecisionAvis.REFUSE, "Ressources à actualiser", None),
        "aisee": (DecisionAvis.AJOURNE, "Pièces manquantes", None),
    }
    for k, (decision, motif, rang) in avis.items():
        commissions_services.avis_enregistrer(
            par=sec, seance=s, positionnement=p[k], decision=decision, rapporteur=m["elu1"], motif=motif, rang=rang
        )
    mail.outbox.clear()
    s = commissions_services.cloturer(par=sec, seance=s)
    (au_reservataire,) = courriels_de(reservataire, "Un candidat que vous avez désigné")
    assert au_reservataire.subject.startswith("Toit commun : Un candidat que vous avez désigné, sur le T3 n° A11")
    assert (
        f"Un candidat que vous avez désigné, sur le T3 n° A11 de la résidence Les Oliviers (Antibes), a été validé "
        f"par la commission (transmis à la CAL du bailleur) ({s.numero})."
    ) in au_reservataire.body
    sans_donnee_personnelle(au_reservataire, d.values())
    # the counter: three verdicts (two validated, one refused; the deferred one is not a verdict)
    au_guichet = courriels_de(c["guichet"], "Une demande enregistrée à votre guichet", nombre=3)
    textes = sorted(n.verb for n in Notification.objects.filter(recipient=c["guichet"], data__type="avis_commission"))
    assert len(textes) == 3
    assert sum("a été refusé par la commission" in t for t in textes) == 1
    assert sum("a été validé par la commission" in t for t in textes) == 2
    for message in au_guichet:
        assert message.subject.startswith("Toit commun : Une demande enregistrée à votre guichet, positionnée sur")
        sans_donnee_personnelle(message, d.values())
    assert (
        not Notification.objects.filter(recipient=reservataire, data__type="avis_commission")
        .exclude(verb__contains="validé")
        .exists()
    )


def test_un_depot_de_cal_verifie_ou_refuse_est_dit_au_bailleur(retours, celery_worker_reel):
    r = retours
    mail.outbox.clear()
    depot = services_cal.depot_recevoir(par=r["gestionnaire"], nom="cal.csv", contenu=fichier_csv(lignes_completes(r)))
    depot.refresh_from_db()
    (message,) = courriels_de(r["gestionnaire"], f"dépôt de décisions de CAL n° {depot.numero}")
    assert message.subject.startswith(
        f"Toit commun : Votre dépôt de décisions de CAL n° {depot.numero} (4 lignes) est vérifié sans erreur"
    )
    assert f"/positionnements/cal/depots/{depot.pk}/" in message.body
    sans_donnee_personnelle(message, r["demandes"].values())
    mauvais = services_cal.depot_recevoir(
        par=r["gestionnaire"], nom="faux.csv", contenu=fichier_csv([ligne(r["demandes"]["dalo"], decision="peut-être")])
    )
    mauvais.refresh_from_db()
    (refus,) = courriels_de(r["gestionnaire"], f"dépôt de décisions de CAL n° {mauvais.numero}")
    assert refus.subject.startswith(
        f"Toit commun : Votre dépôt de décisions de CAL n° {mauvais.numero} (1 erreur) est refusé"
    )
    assert "est refusé : corrigez les erreurs du rapport et déposez-le à nouveau." in refus.body
    sans_donnee_personnelle(refus, r["demandes"].values())


def test_les_decisions_de_cal_attendues_apres_le_delai_sont_dites_a_la_casa_une_fois(retours, celery_worker_reel):
    r = retours  # four candidates validated 40 days ago, no decision (CASA_DELAI_DECISION_CAL_JOURS: 30)
    mail.outbox.clear()
    assert tasks.decisions_cal_en_retard.delay().get(timeout=30) == "1 notifications de décisions de CAL attendues"
    (message,) = courriels_de(r["casa"], "décisions de CAL attendues")
    assert message.subject.startswith("Toit commun : 4 décisions de CAL attendues d'Erilia depuis plus de 30 jours")
    assert "/positionnements/cal/?vue=attendues&bailleur=" in message.body
    sans_donnee_personnelle(message, r["demandes"].values())
    # the next day's scan tells nothing again
    assert tasks.decisions_cal_en_retard.delay().get(timeout=30) == "0 notifications de décisions de CAL attendues"
    assert EvenementNotifie.objects.filter(type="decisions_cal_en_retard").count() == 5  # 4 candidates + 1 notice
    assert Notification.objects.filter(recipient=r["casa"], data__type="decisions_cal_en_retard").count() == 1


def test_les_demandes_a_renouveler_sont_dites_au_guichet(monde, celery_worker_reel):
    jour = timezone.localdate()
    d = monde["demandes"]
    Demande.objects.filter(pk__in=[d["dalo"].pk, d["modeste"].pk]).update(date_echeance=jour + dt.timedelta(days=20))
    mail.outbox.clear()
    assert demandes_services.rappels_renouvellement_envoyer(jour=jour) == 2
    (message,) = courriels_de(monde["guichet"], "arrivent à échéance")
    assert message.subject.startswith("Toit commun : 2 demandes enregistrées à votre guichet arrivent à échéance")
    assert "/demandes/?echeance_jours=31" in message.body
    sans_donnee_personnelle(message, d.values())
    # the reminders are sent once: nothing more the next time
    assert demandes_services.rappels_renouvellement_envoyer(jour=jour) == 0
    assert Notification.objects.filter(recipient=monde["guichet"], data__type="demandes_a_renouveler").count() == 1
