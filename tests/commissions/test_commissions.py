"""CCPC sessions: agenda, convocations, attendance and quorum, avis (validé, ajourné, order changed), closing that
moves each positionnement and locks the session; the refusals with their messages."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from commissions import codes, selectors, services
from commissions.models import DecisionAvis, EtatSeance
from commun.erreurs import ErreurMetier
from positionnements.etats import EtatPositionnement
from territoire.roles import Role
from tests.commissions.fabriques import tenir
from tests.territoire.fabriques import agent


def test_preparer_convoquer_et_le_quorum(ccpc, django_capture_on_commit_callbacks):
    c = ccpc
    assert c["seance"].numero == f"CCPC-{timezone.now().year}-01"
    assert [d.pk for d in selectors.positionnements_prets()] == [c["a11"].pk, c["a12"].pk]
    with pytest.raises(ErreurMetier, match="L'ordre du jour est vide"):
        services.convoquer(par=c["secretariat"], seance=c["seance"])
    s = services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a12"], c["a11"]])
    with django_capture_on_commit_callbacks(execute=True):
        s = services.convoquer(par=c["secretariat"], seance=s)
    assert s.etat == EtatSeance.CONVOQUEE and s.convocations.count() == 5
    # one message per member: nobody sees the others' addresses (issue 15)
    assert all(len(m.to) == 1 and not m.cc for m in mail.outbox)
    assert sorted(m.to[0] for m in mail.outbox)[0] == "arnal@exemple.fr"
    assert len(mail.outbox) == len({m.to[0] for m in mail.outbox}) == 5
    assert not list(selectors.positionnements_prets())  # both on this session's agenda
    # the State's substitute stands for the State: 3 titulars out of 4 represented, both required colleges present
    s = services.presences_enregistrer(
        par=c["secretariat"], seance=s, presents=[c["membres"]["elu1"], c["membres"]["suppleant_etat"]]
    )
    q = services.quorum(s)
    assert (q.atteint, q.titulaires, q.representes) == (True, 4, 2)
    s = services.presences_enregistrer(par=c["secretariat"], seance=s, presents=[c["membres"]["antibes"]])
    q = services.quorum(s)
    assert not q.atteint
    assert q.message == (
        "1 titulaire présent ou représenté sur 4 (25,0\u00a0%, il en faut 50,0\u00a0%) ; collèges absents : "
        "Élus du conseil communautaire, État"
    )


def test_avis_et_cloture_deplacent_les_positionnements_et_verrouillent_la_seance(ccpc):
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    s = tenir(c, "elu1", "elu2", "etat")
    p = {k: d[k].positionnements.get() for k in ("dalo", "modeste", "moyenne", "aisee")}
    # an avis reported by an absent member is refused
    with pytest.raises(ErreurMetier, match="Mme Claire Dumas n'est pas présent\\(e\\)"):
        services.avis_enregistrer(
            par=sec, seance=s, positionnement=p["dalo"], decision=DecisionAvis.VALIDE, rapporteur=m["antibes"]
        )
    with pytest.raises(ErreurMetier, match="Un avis ajourné ou refusé dit son motif"):
        services.avis_enregistrer(
            par=sec, seance=s, positionnement=p["aisee"], decision=DecisionAvis.AJOURNE, rapporteur=m["elu1"]
        )
    # validé, with the order changed: the third becomes first
    services.avis_enregistrer(
        par=sec, seance=s, positionnement=p["dalo"], decision=DecisionAvis.VALIDE, rapporteur=m["elu1"], rang=2
    )
    services.avis_enregistrer(
        par=sec, seance=s, positionnement=p["moyenne"], decision=DecisionAvis.VALIDE, rapporteur=m["elu1"], rang=1
    )
    services.avis_enregistrer(
        par=sec,
        seance=s,
        positionnement=p["modeste"],
        decision=DecisionAvis.REFUSE,
        rapporteur=m["etat"],
        motif="Ressources à actualiser",
    )
    with pytest.raises(ErreurMetier, match="1 candidat sans avis, dont la demande"):
        services.cloturer(par=sec, seance=s)
    services.avis_enregistrer(
        par=sec,
        seance=s,
        positionnement=p["aisee"],
        decision=DecisionAvis.AJOURNE,
        rapporteur=m["elu2"],
        motif="Pièces manquantes",
    )
    s = services.cloturer(par=sec, seance=s)
    assert s.etat == EtatSeance.CLOSE
    for k in p:
        p[k].refresh_from_db()
    assert (p["moyenne"].etat, p["moyenne"].rang) == (EtatPositionnement.VALIDE, 1)
    assert (p["dalo"].etat, p["dalo"].rang) == (EtatPositionnement.VALIDE, 2)
    assert p["modeste"].etat == EtatPositionnement.REFUSE
    assert p["aisee"].etat == EtatPositionnement.AJOURNE
    assert p["modeste"].transitions.last().motif == f"{s.numero} : Ressources à actualiser"
    # closed: nothing changes any more
    for action in (
        lambda: services.presences_enregistrer(par=sec, seance=s, presents=[]),
        lambda: services.ordre_du_jour_definir(par=sec, seance=s, disponibilites=[]),
        lambda: services.avis_enregistrer(
            par=sec, seance=s, positionnement=p["aisee"], decision=DecisionAvis.VALIDE, rapporteur=m["elu1"]
        ),
        lambda: services.cloturer(par=sec, seance=s),
    ):
        with pytest.raises(ErreurMetier, match="La séance est close : elle ne peut plus être modifiée."):
            action()
    # the ajourné candidate's dwelling is ready for the next session
    assert [x.pk for x in selectors.positionnements_prets()] == [c["a12"].pk]
    # the landlord reads the commission's avis on its dwelling
    client = Client()
    client.force_login(agent(c["a12"].logement.residence.bailleur, Role.GESTIONNAIRE_BAILLEUR))
    page = client.get(f"/positionnements/logements/{c['a12'].pk}/").content.decode()
    assert f"Avis de la commission : {s.numero} : Pièces manquantes" in page


def test_sans_quorum_la_seance_ne_peut_pas_etre_close(ccpc):
    c = ccpc
    s = tenir(c, "antibes")
    with pytest.raises(ErreurMetier, match="Quorum non atteint : la séance ne peut pas être close"):
        services.cloturer(par=c["secretariat"], seance=s)
    s.refresh_from_db()
    assert s.etat == EtatSeance.TENUE


def test_seul_le_secretariat_gere_les_seances(ccpc):
    with pytest.raises(PermissionDenied):
        services.seance_creer(par=ccpc["casa"], date=timezone.now() + dt.timedelta(days=3), lieu="CASA")


def test_l_administrateur_tient_les_membres_et_la_regle_de_quorum(ccpc, referentiel):
    client = Client()
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    assert "Arnal" in client.get("/admin/commissions/membre/").content.decode()
    regle = services.regle_quorum(timezone.localdate())
    page = client.get(f"/admin/commissions/reglequorum/{regle.pk}/change/")
    assert page.status_code == 200
    assert 'name="part_titulaires" value="0.500"' in page.content.decode()  # a number input


def test_un_candidat_ajourne_reexamine_se_clot_apres_les_valides_et_les_codes_ne_changent_pas(ccpc):
    """Found by a newcomer: closing the session that examines again a deferred candidate was a 500 (its new rank 1
    was held by the candidate validated before), and the members' codes were recomputed from the new ranks."""
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    s = tenir(c, "elu1", "elu2", "etat")
    p = {k: d[k].positionnements.get() for k in ("dalo", "modeste", "moyenne", "aisee")}
    for cle, decision, rang in (("dalo", "VALIDE", 2), ("moyenne", "VALIDE", 1), ("aisee", "VALIDE", None)):
        services.avis_enregistrer(
            par=sec, seance=s, positionnement=p[cle], decision=decision, rapporteur=m["elu1"], rang=rang
        )
    services.avis_enregistrer(
        par=sec,
        seance=s,
        positionnement=p["modeste"],
        decision=DecisionAvis.AJOURNE,
        rapporteur=m["elu1"],
        motif="Pièces manquantes",
    )
    codes_avant = codes.codes_candidats(s)
    s = services.cloturer(par=sec, seance=s)
    assert codes.codes_candidats(s) == codes_avant  # the codes of the dossier, whatever the new ranks
    # the deferred candidate comes back at a second session
    seconde = services.seance_creer(par=sec, date=timezone.now() + dt.timedelta(days=14), lieu="Sophia Antipolis")
    seconde = services.ordre_du_jour_definir(par=sec, seance=seconde, disponibilites=[c["a11"]])
    seconde = services.convoquer(par=sec, seance=seconde)
    seconde = services.presences_enregistrer(par=sec, seance=seconde, presents=[m["elu1"], m["elu2"], m["etat"]])
    services.avis_enregistrer(
        par=sec, seance=seconde, positionnement=p["modeste"], decision=DecisionAvis.VALIDE, rapporteur=m["elu1"]
    )
    seconde = services.cloturer(par=sec, seance=seconde)
    for k in p:
        p[k].refresh_from_db()
    assert seconde.etat == EtatSeance.CLOSE
    assert [(p[k].etat, p[k].rang) for k in ("moyenne", "dalo", "modeste")] == [
        (EtatPositionnement.VALIDE, 1),
        (EtatPositionnement.VALIDE, 2),
        (EtatPositionnement.VALIDE, 3),
    ]


def test_deux_candidats_retenus_au_meme_rang_empechent_la_cloture(ccpc):
    """Found by a newcomer: two validated candidates given « rang retenu » 1 were closed silently, the minutes
    deciding by the former rank."""
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    s = tenir(c, "elu1", "elu2", "etat")
    p = {k: d[k].positionnements.get() for k in ("dalo", "modeste", "moyenne", "aisee")}
    for cle, rang in (("dalo", 1), ("modeste", 1), ("moyenne", 3), ("aisee", 1)):
        services.avis_enregistrer(
            par=sec, seance=s, positionnement=p[cle], decision="VALIDE", rapporteur=m["elu1"], rang=rang
        )
    message = f"{p['dalo'].demande.numero} et {p['modeste'].demande.numero} (rang 1)"
    with pytest.raises(ErreurMetier, match=re.escape(message)):
        services.cloture_apercu(s)
    with pytest.raises(ErreurMetier, match="ont le même rang retenu"):
        services.cloturer(par=sec, seance=s)
    services.avis_enregistrer(
        par=sec, seance=s, positionnement=p["modeste"], decision="VALIDE", rapporteur=m["elu1"], rang=2
    )
    assert services.cloturer(par=sec, seance=s).etat == EtatSeance.CLOSE
