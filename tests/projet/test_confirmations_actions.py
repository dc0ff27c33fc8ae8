"""Each irreversible action of the commission, the positionnements, the CAL returns and the programmes, through its
page: without its confirmation it writes nothing (the `confirmer` fixture checks that no INSERT, UPDATE or DELETE
ran) and says what it will do; confirmed, it acts; a refusal bound to happen is said at once, with no confirmation.
(Renewal, radiation, warnings and pieces: tests/commun/test_confirmations.py; API keys, habilitations, second factor and
recovery codes, stock imports, programme steps and delivery: their own test files.)"""

import datetime as dt
import html

from django.core import mail
from django.utils import timezone

from commissions import services as commissions_services
from commissions.models import DecisionAvis, EtatSeance
from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DepotDecisionsCAL, EtatDepot, Positionnement
from programmation import reunions
from programmation.models import EtatReunion, ReunionReservataires
from tests.commissions.fabriques import tenir
from tests.positionnements.fabriques_cal import deposer, fichier_csv, lignes_completes
from tests.programmation.fabriques import parts_de


def texte(reponse) -> str:
    page = html.unescape(reponse.content.decode()).replace("\u00a0", " ")
    return page[page.find("<main") : page.find("</main>")]


def test_clore_une_seance_se_confirme_avec_ce_que_deviennent_les_candidats(client, ccpc, confirmer):  # noqa: F811
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    s = tenir(c, "elu1", "elu2", "etat")
    for k, decision, motif in (
        ("dalo", DecisionAvis.VALIDE, ""),
        ("modeste", DecisionAvis.REFUSE, "Ressources à actualiser"),
        ("moyenne", DecisionAvis.VALIDE, ""),
        ("aisee", DecisionAvis.AJOURNE, "Pièces manquantes"),
    ):
        commissions_services.avis_enregistrer(
            par=sec,
            seance=s,
            positionnement=d[k].positionnements.get(),
            decision=decision,
            rapporteur=m["elu1"],
            motif=motif,
        )
    client.force_login(sec)
    url = f"/commissions/seances/{s.pk}/"
    reponse = confirmer(client, url, {"action": "cloturer"}, follow=True)
    page = html.unescape(reponse.confirmation)
    assert f"Clore la séance {s.numero} ?" in page
    assert "2 candidats validés (dans l'ordre retenu), 1 ajourné, 1 refusé." in page
    assert "Une séance close ne se rouvre pas." in page
    s.refresh_from_db()
    assert s.etat == EtatSeance.CLOSE and s.proces_verbal
    assert "Séance close" in texte(reponse)
    # the same confirmation again: nothing more, no error
    encore = client.post(url, reponse.champs, follow=True)
    assert encore.status_code == 200 and "l'action n'est faite qu'une fois" in texte(encore)


def test_une_cloture_sans_quorum_est_refusee_sans_confirmation(client, ccpc):  # noqa: F811
    s = tenir(ccpc, "antibes")
    client.force_login(ccpc["secretariat"])
    reponse = client.post(f"/commissions/seances/{s.pk}/", {"action": "cloturer"}, follow=True)
    assert "Quorum non atteint : la séance ne peut pas être close" in texte(reponse)
    assert 'name="confirmation"' not in texte(reponse)
    s.refresh_from_db()
    assert s.etat == EtatSeance.TENUE


def test_convoquer_les_membres_se_confirme_avant_les_courriels(
    client,
    ccpc,  # noqa: F811
    confirmer,
    django_capture_on_commit_callbacks,
):
    c = ccpc
    s = commissions_services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"]])
    client.force_login(c["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        reponse = confirmer(client, f"/commissions/seances/{s.pk}/", {"action": "convoquer"}, follow=True)
    assert "5 membres en fonction seront convoqués" in reponse.confirmation
    assert "5 courriels partiront, un par membre." in reponse.confirmation
    s.refresh_from_db()
    assert s.etat == EtatSeance.CONVOQUEE and len(mail.outbox) == 5


def test_retirer_un_candidat_se_confirme(client, monde, confirmer):  # noqa: F811
    d, a11 = monde["demandes"], monde["dispos"][0]
    services.positionner(par=monde["casa"], disponibilite=a11, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    p = Positionnement.objects.get(demande=d["dalo"])
    client.force_login(monde["casa"])
    reponse = confirmer(client, f"/positionnements/{p.pk}/retirer/", {"motif": "Le ménage a déménagé"}, follow=True)
    assert (
        f"Le positionnement de la demande n° {d['dalo'].numero} (rang 1) sera retiré pour « Le ménage a déménagé »."
        in (html.unescape(reponse.confirmation))
    )
    p.refresh_from_db()
    assert p.etat == E.RETIRE
    # without a reason: refused at once, no confirmation
    services.positionner(par=monde["casa"], disponibilite=a11, numeros=[d["modeste"].numero], exception="PAS_ASSEZ")
    autre = Positionnement.objects.get(demande=d["modeste"])
    reponse = client.post(f"/positionnements/{autre.pk}/retirer/", {"motif": " "}, follow=True)
    assert "Donnez le motif du retrait." in texte(reponse)
    assert Positionnement.objects.get(pk=autre.pk).etat == E.PROPOSE


def test_appliquer_les_decisions_d_une_cal_se_confirme(client, retours, confirmer):  # noqa: F811
    r = retours
    depot = deposer(r, fichier_csv(lignes_completes(r)))
    assert depot.etat == EtatDepot.VERIFIE
    client.force_login(r["gestionnaire"])
    reponse = confirmer(client, f"/positionnements/cal/depots/{depot.pk}/", follow=True)
    page = html.unescape(reponse.confirmation)
    assert "4 décisions seront enregistrées depuis le fichier « decisions.csv »." in page
    assert "Pour 1 bail signé : la demande sera radiée pour attribution" in page
    # the household housed and the dwelling named (a newcomer could not tell who was concerned)
    bail = next(
        ligne
        for ligne in page.split("\n")
        if "Bail signé\u00a0: demande n°" in ligne or "Bail signé : demande n°" in ligne
    )
    assert ", logement " in bail
    assert DepotDecisionsCAL.objects.get(pk=depot.pk).application_demandee_le is not None
    assert "Application demandée" in texte(reponse)


def test_valider_la_repartition_et_convoquer_la_reunion_se_confirment(client, programme, referentiel, confirmer):  # noqa: F811
    casa, p = programme
    client.force_login(casa)
    quand = (timezone.localtime() + dt.timedelta(days=5)).replace(second=0, microsecond=0)
    reponse = confirmer(
        client,
        f"/parc/programmes/{p.pk}/",
        {"date": quand.strftime("%Y-%m-%dT%H:%M"), "lieu": "CASA", "organisations": [referentiel["prefecture-06"].pk]},
        follow=True,
    )
    assert "Seront convoqués, par courriel quand l'organisation en a un : Erilia," in html.unescape(
        reponse.confirmation
    )
    r = ReunionReservataires.objects.get(programme=p)
    reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel))
    reponse = confirmer(client, f"/parc/reunions/{r.pk}/", {"valider": ""}, follow=True)
    assert "La répartition enregistrée entre réservataires deviendra définitive" in html.unescape(reponse.confirmation)
    r.refresh_from_db()
    assert r.etat == EtatReunion.VALIDEE and r.compte_rendu
