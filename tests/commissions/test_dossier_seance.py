"""The session dossier: both versions, the members' one without any applicant's name, birth date or demand number
(read back from the PDF's text), produced by a real Celery worker with its progress."""

import time

from commissions import services, tasks
from commissions.dossier import dossier_pdf
from commissions.models import Seance
from tests.pdf import texte_pdf


def _texte(pdf: bytes) -> str:
    return texte_pdf(pdf)


def _preparer(c):
    return services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"], c["a12"]])


def test_la_version_des_membres_ne_montre_ni_nom_ni_naissance_ni_numero(ccpc):  # noqa: F811
    c = ccpc
    s = _preparer(c)
    casa, membres = _texte(dossier_pdf(s, membres=False)), _texte(dossier_pdf(s, membres=True))
    d = c["demandes"]
    for cle, nom in (("dalo", "Ernst"), ("modeste", "Arnaud"), ("moyenne", "Blanc"), ("aisee", "Costa")):
        demande = d[cle]
        assert nom in casa and demande.numero in casa
        assert nom not in membres and demande.numero not in membres
        for personne in demande.personnes.all():
            if personne.date_naissance:
                assert personne.date_naissance.strftime("%d/%m/%Y") not in membres
                assert personne.prenom not in membres
    assert "Candidat A1 — rang 1 — É.E." in membres  # initials and the session's number
    assert "Version des membres" in membres
    for texte in (casa, membres):
        assert "Taux d'effort" in texte and "Reste à vivre" in texte and "Page 1 sur" in texte
        assert "Les Oliviers" in texte and "Ordre du jour" in texte


def test_le_dossier_est_produit_par_un_vrai_worker(ccpc, celery_worker_reel):  # noqa: F811
    s = _preparer(ccpc)
    tasks.generer_dossier.delay(s.pk)
    for _ in range(120):
        s.refresh_from_db()
        if s.dossier_genere_le:
            break
        time.sleep(0.5)
    assert s.dossier_genere_le is not None
    assert bytes(s.dossier)[:4] == b"%PDF" and bytes(s.dossier_membres)[:4] == b"%PDF"
    assert tasks.progression(s.pk)["etat"] == "FAIT"
    assert Seance.objects.get(pk=s.pk).dossier_genere_le == s.dossier_genere_le


def test_un_membre_ne_voit_ni_numero_ni_texte_libre_sur_le_menage_page_dossier_et_proces_verbal(ccpc, client):  # noqa: F811
    """Issue 15: the members' session page, their dossier and their minutes name a candidate by its code (A1…);
    the DALO criterion's proof typed by the agent and the avis' reasons stay in CASA's version."""
    from commissions.models import DecisionAvis
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    # typed with the DALO criterion (tests/positionnements/fabriques.py)
    preuve = "Décision de la commission de médiation"
    # the member of Antibes has an account; the session is held with it present
    membre = agent(c["membres"]["antibes"].organisation, Role.MEMBRE_COMMISSION, username="elu.antibes")
    m["antibes"].utilisateur = membre
    m["antibes"].save()
    s = services.ordre_du_jour_definir(par=sec, seance=c["seance"], disponibilites=[c["a11"], c["a12"]])
    s = services.convoquer(par=sec, seance=s)
    s = services.presences_enregistrer(par=sec, seance=s, presents=[m["elu1"], m["elu2"], m["etat"], m["antibes"]])
    casa, membres = (" ".join(_texte(dossier_pdf(s, membres=v)).split()) for v in (False, True))
    assert preuve in casa and preuve not in membres
    from demandes.codes import CodePriorite

    assert CodePriorite.DALO.label in membres  # the criterion itself stays, without the proof
    motifs = {"modeste": "Ressources à actualiser chez M. Arnaud", "aisee": "Pièces manquantes de Mme Costa"}
    for cle in ("dalo", "moyenne", "modeste", "aisee"):
        decision = DecisionAvis.VALIDE if cle in ("dalo", "moyenne") else DecisionAvis.REFUSE
        services.avis_enregistrer(
            par=sec,
            seance=s,
            positionnement=d[cle].positionnements.get(),
            decision=decision,
            rapporteur=m["elu1"],
            motif=motifs.get(cle, ""),
        )
    # the member's page, before closing
    client.force_login(membre)
    page = client.get(f"/commissions/seances/{s.pk}/").content.decode()
    for cle in ("dalo", "modeste", "moyenne", "aisee"):
        assert d[cle].numero not in page
    assert ">A1<" in page and ">B1<" in page
    for motif in motifs.values():
        assert motif not in page
    assert client.get(f"/commissions/seances/{s.pk}/dossier.pdf").status_code == 403
    s = services.cloturer(par=sec, seance=s)
    # the members' minutes; CASA's keeps numbers and reasons
    pv_casa, pv_membres = (" ".join(_texte(bytes(pdf)).split()) for pdf in (s.proces_verbal, s.proces_verbal_membres))
    reponse = client.get(f"/commissions/seances/{s.pk}/proces-verbal.pdf")
    assert reponse["Content-Disposition"].endswith('_membres.pdf"')
    assert " ".join(_texte(reponse.content).split()) == pv_membres
    for cle in ("dalo", "modeste", "moyenne", "aisee"):
        assert d[cle].numero in pv_casa and d[cle].numero not in pv_membres
    for motif in motifs.values():
        assert motif in pv_casa and motif not in pv_membres
    assert "A1" in pv_membres and "B1" in pv_membres
    page = client.get(f"/commissions/seances/{s.pk}/").content.decode()
    assert not any(d[cle].numero in page for cle in d)
