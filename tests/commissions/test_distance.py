"""A CCPC session held at a distance: opened by the secretariat for a window, the members convened give their avis
online (pseudonymised pages, a thread per dwelling), the quorum counts those who took part, the close (by the
secretariat or by the beat task at the end of the window) gives the commission's avis from its members' and writes the
minutes; quorum not reached: no avis; a dwelling sent back to a room; the pages refused to anyone else (404)."""

import datetime as dt
import html

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from commissions import selectors, services, tasks
from commissions.models import Avis, AvisMembre, DecisionAvis, EtatSeance, MessageFil, Seance
from commun.erreurs import ErreurMetier
from positionnements.etats import EtatPositionnement
from territoire.roles import Role
from tests.commissions.fabriques import membre_cree
from tests.pdf import texte_pdf
from tests.territoire.fabriques import agent

V, A, R = DecisionAvis.VALIDE, DecisionAvis.AJOURNE, DecisionAvis.REFUSE


def _comptes(c, referentiel, *cles):
    """Gives the members `cles` a user account (role membre de commission): {cle: user}."""
    comptes = {}
    for cle in cles:
        m = c["membres"][cle]
        m.utilisateur = agent(m.organisation, Role.MEMBRE_COMMISSION, username=f"membre_{cle}")
        m.save()
        comptes[cle] = m.utilisateur
    return comptes


def _convoquer(c):
    s = services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"], c["a12"]])
    return services.convoquer(par=c["secretariat"], seance=s)


def _ouvrir(c, heures=48, debut=None):
    debut = debut or timezone.now()
    return services.distance_ouvrir(
        par=c["secretariat"], seance=c["seance"], debut=debut, fin=debut + dt.timedelta(hours=heures)
    )


def _p(c):
    return {k: c["demandes"][k].positionnements.get() for k in ("dalo", "modeste", "moyenne", "aisee")}


def _texte(reponse) -> str:
    page = html.unescape(reponse.content.decode()).replace("\u00a0", " ")
    return page[page.find("<main") : page.find("</main>")]


def _avis_en_ligne(client, s, dispo, avis: dict):
    """A member's form for one dwelling: {positionnement: (decision, motif)}."""
    donnees = {"action": "avis", "point": dispo.pk}
    for p, (decision, motif) in avis.items():
        donnees[f"decision_{p.pk}"] = decision
        donnees[f"motif_{p.pk}"] = motif
    return client.post(f"/commissions/seances/{s.pk}/distance/", donnees, follow=True)


def test_ouvrir_a_distance_verifie_la_fenetre(ccpc, referentiel):
    c = ccpc
    _comptes(c, referentiel, "elu1")
    with pytest.raises(ErreurMetier, match="État « Préparée »|ce n'est plus possible"):
        _ouvrir(c)
    _convoquer(c)
    maintenant = timezone.now()
    with pytest.raises(ErreurMetier, match="doit venir après son début"):
        services.distance_ouvrir(par=c["secretariat"], seance=c["seance"], debut=maintenant, fin=maintenant)
    for debut, fin, message in (
        (maintenant, maintenant + dt.timedelta(minutes=30), "au moins une heure"),
        (maintenant, maintenant + dt.timedelta(days=8), "au plus sept jours"),
        (maintenant - dt.timedelta(days=1), maintenant + dt.timedelta(days=1), "dans le passé"),
        (maintenant + dt.timedelta(days=900), maintenant + dt.timedelta(days=901), "plus de deux ans"),
    ):
        with pytest.raises(ErreurMetier, match=message):
            services.distance_ouvrir(par=c["secretariat"], seance=c["seance"], debut=debut, fin=fin)
    # only the secretariat, only a convened session; the page's form says the error in French
    client = Client()
    client.force_login(c["secretariat"])
    url = f"/commissions/seances/{c['seance'].pk}/"
    page = client.post(url, {"action": "distance_ouvrir", "debut": "2026-13-45T10:00", "fin": ""}, follow=True)
    assert "Donnez le début et la fin de la fenêtre" in _texte(page)
    debut = timezone.localtime() + dt.timedelta(minutes=5)
    page = client.post(
        url,
        {
            "action": "distance_ouvrir",
            "debut": f"{debut:%Y-%m-%dT%H:%M}",
            "fin": f"{debut + dt.timedelta(hours=48):%Y-%m-%dT%H:%M}",
        },
        follow=True,
    )
    assert "Séance ouverte à distance" in _texte(page)
    s = Seance.objects.get(pk=c["seance"].pk)
    assert s.etat == EtatSeance.A_DISTANCE and s.distance_fin - s.distance_debut == dt.timedelta(hours=48)
    # the page says the window, the meeting it replaces after it (newcomers: the room's day alone, then lost)
    page = _texte(page)
    assert f"· {s.lieu} — tenue à distance" in page and "Réunion prévue le " in page
    assert f"avis en ligne du {timezone.localtime(s.distance_debut):%d/%m/%Y à %H:%M}" in page
    assert [(t.de, t.vers) for t in s.transitions.all()][-1] == ("CONVOQUEE", "A_DISTANCE")
    # a session at a distance is not held in a room
    with pytest.raises(ErreurMetier, match="Ouverte à distance"):
        services.presences_enregistrer(par=c["secretariat"], seance=s, presents=[])


def test_une_seance_a_distance_de_la_convocation_au_proces_verbal(
    ccpc, referentiel, confirmer, django_capture_on_commit_callbacks
):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1", "elu2", "etat", "antibes")
    _convoquer(c)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        s = _ouvrir(c)
    # the members with an account are told, one message each, with the page's address and no candidate
    assert sorted(m.to[0] for m in mail.outbox) == [
        "arnal@exemple.fr",
        "bonnet@exemple.fr",
        "chauvin@exemple.fr",
        "dumas@exemple.fr",
    ]
    corps = mail.outbox[0].body
    assert f"/commissions/seances/{s.pk}/distance/" in corps
    assert not any(d.numero in corps for d in c["demandes"].values())
    p = _p(c)
    clients = {}
    for cle, user in comptes.items():
        clients[cle] = Client()
        clients[cle].force_login(user)
    # the member's page: each dwelling and its candidates by code, no name, birth date or demand number
    page = _texte(clients["elu1"].get(f"/commissions/seances/{s.pk}/distance/"))
    assert "Candidat A1" in page and "Candidat B1" in page
    for d in c["demandes"].values():
        assert d.numero not in page and d.reference not in page
        for personne in d.personnes.all():
            assert personne.nom not in page
            if personne.date_naissance:
                assert f"{personne.date_naissance:%d/%m/%Y}" not in page
    # elu1 and elu2 agree, the State splits: dalo validated, modeste refused, moyenne tied, aisee without avis
    reponse = _avis_en_ligne(
        clients["elu1"],
        s,
        c["a11"],
        {p["dalo"]: (V, ""), p["modeste"]: (R, "Ressources à actualiser"), p["moyenne"]: (V, "")},
    )
    assert "3 avis enregistrés" in _texte(reponse)
    # an ajourné or refusé without its reason is refused, with the candidate's code (never a name)
    reponse = _avis_en_ligne(clients["elu2"], s, c["a11"], {p["dalo"]: (V, ""), p["modeste"]: (R, "")})
    assert "Candidat A2 : Un avis ajourné ou refusé dit son motif." in _texte(reponse)
    _avis_en_ligne(clients["elu2"], s, c["a11"], {p["modeste"]: (R, "Taux d'effort trop élevé")})
    _avis_en_ligne(
        clients["etat"], s, c["a11"], {p["dalo"]: (V, ""), p["modeste"]: (V, ""), p["moyenne"]: (R, "Typologie")}
    )
    # the State changes its mind, and submits twice: one avis, the last one; the second sending changes nothing
    envois = [_texte(_avis_en_ligne(clients["etat"], s, c["a11"], {p["modeste"]: (R, "Ressources")})) for _ in "12"]
    assert "1 avis enregistré." in envois[0]
    assert "Aucun changement : vos avis étaient déjà enregistrés tels quels." in envois[1]
    assert "enregistré." not in envois[1]
    assert AvisMembre.objects.filter(seance=s, membre=c["membres"]["etat"]).count() == 3
    assert AvisMembre.objects.get(seance=s, membre=c["membres"]["etat"], positionnement=p["modeste"]).decision == R
    # a thread per dwelling; the same message sent twice is one message, and the second sending says so
    envois = [
        _texte(
            clients["elu1"].post(
                f"/commissions/seances/{s.pk}/distance/",
                {"action": "message", "point": c["a11"].pk, "texte": "A3 : pièces à jour ?"},
                follow=True,
            )
        )
        for _ in range(2)
    ]
    assert "Message ajouté au fil du logement." in envois[0]
    assert "Ce message est déjà au fil du logement" in envois[1]
    reponse = clients["elu1"].post(
        f"/commissions/seances/{s.pk}/distance/",
        {"action": "message", "point": c["a11"].pk, "texte": "  "},
        follow=True,
    )
    assert "Le message est vide." in _texte(reponse)
    # found by a newcomer: a candidate's name, birth date and demand number posted for every member to read
    demande = next(iter(c["demandes"].values()))
    titulaire = demande.personnes.first()
    for texte in (
        f"{titulaire.nom.upper()} : pièces à jour ?",
        "La candidate née le 01/02/1980 ?",
        f"Voir la demande {demande.numero}",
    ):
        reponse = clients["elu1"].post(
            f"/commissions/seances/{s.pk}/distance/",
            {"action": "message", "point": c["a11"].pk, "texte": texte},
            follow=True,
        )
        assert "Le texte semble citer" in _texte(reponse), texte
        assert "désignez les candidats par leur code (A1, A2…)" in _texte(reponse)
    assert MessageFil.objects.filter(seance=s).count() == 1
    assert "A3 : pièces à jour ?" in _texte(clients["etat"].get(f"/commissions/seances/{s.pk}/distance/"))
    # antibes reads but gives nothing: absent
    # the secretariat follows the count and closes, confirming
    sec = Client()
    sec.force_login(c["secretariat"])
    page = _texte(sec.get(f"/commissions/seances/{s.pk}/"))
    assert "3 membres ont pris part" in page and "quorum atteint" in page
    reponse = confirmer(sec, f"/commissions/seances/{s.pk}/", {"action": "cloturer_distance"}, follow=True)
    confirmation = html.unescape(reponse.confirmation)
    assert "3 membres ont pris part : quorum atteint" in confirmation
    assert "1 candidat validé, 2 ajournés (dont les avis partagés à égalité et les candidats sans avis), 1 refusé" in (
        confirmation
    )
    s.refresh_from_db()
    assert s.etat == EtatSeance.CLOSE and s.proces_verbal and s.proces_verbal_membres
    for k in p:
        p[k].refresh_from_db()
    assert (p["dalo"].etat, p["dalo"].rang) == (EtatPositionnement.VALIDE, 1)
    assert p["modeste"].etat == EtatPositionnement.REFUSE
    assert p["moyenne"].etat == EtatPositionnement.AJOURNE
    assert p["aisee"].etat == EtatPositionnement.AJOURNE
    avis = {a.positionnement_id: a for a in Avis.objects.filter(seance=s)}
    assert avis[p["modeste"].pk].motif == (
        "À distance (3 refusé) : Ressources à actualiser ; Taux d'effort trop élevé ; Ressources"
    )
    assert avis[p["moyenne"].pk].motif.startswith("À distance, avis partagés à égalité")
    assert avis[p["aisee"].pk].motif.startswith("À distance, aucun avis des membres")
    assert avis[p["dalo"].pk].rapporteur == c["membres"]["elu1"]
    # the members who took part are the ones present; antibes is absent
    presents = set(s.convocations.filter(present=True).values_list("membre_id", flat=True))
    m = c["membres"]
    assert presents == {m["elu1"].pk, m["elu2"].pk, m["etat"].pk}
    # the minutes, the members' version: the count of avis, no demand number
    pv = texte_pdf(bytes(s.proces_verbal_membres))
    assert "Séance tenue à distance" in pv and "quorum atteint" in pv
    assert "Dumas" in pv and "n'a pas pris" in pv and "3 validé" in pv
    assert not any(d.numero in pv for d in c["demandes"].values())
    # after the close the member's page is read only, saying why; an avis posted now is refused
    page = _texte(clients["elu1"].get(f"/commissions/seances/{s.pk}/distance/"))
    assert "La séance est close depuis le" in page and 'name="decision_' not in page
    reponse = _avis_en_ligne(clients["elu1"], s, c["a11"], {p["dalo"]: (R, "Changement")})
    assert "La séance est close depuis le" in _texte(reponse)
    assert Avis.objects.get(seance=s, positionnement=p["dalo"]).decision == V


def test_sans_quorum_la_seance_a_distance_finit_sans_avis(ccpc, referentiel, confirmer):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1", "antibes")
    _convoquer(c)
    s = _ouvrir(c)
    p = _p(c)
    client = Client()
    client.force_login(comptes["antibes"])
    _avis_en_ligne(client, s, c["a11"], {p["dalo"]: (V, "")})
    sec = Client()
    sec.force_login(c["secretariat"])
    reponse = confirmer(sec, f"/commissions/seances/{s.pk}/", {"action": "cloturer_distance"}, follow=True)
    assert "quorum non atteint" in html.unescape(reponse.confirmation)
    assert "La commission ne rend aucun avis" in html.unescape(reponse.confirmation)
    assert "Séance close sans quorum" in _texte(reponse)
    s.refresh_from_db()
    assert s.etat == EtatSeance.CLOSE and not s.avis.exists()
    for x in p.values():
        x.refresh_from_db()
        assert x.etat == EtatPositionnement.PROPOSE
    assert "Quorum non atteint : la commission n'a rendu aucun avis." in texte_pdf(bytes(s.proces_verbal))
    assert s.transitions.last().motif == "Quorum non atteint : aucun avis"
    # its dwellings are ready for another session
    assert {d.pk for d in selectors.positionnements_prets()} == {c["a11"].pk, c["a12"].pk}
    salle = services.seance_creer(par=c["secretariat"], date=timezone.now() + dt.timedelta(days=9), lieu="Salle")
    services.ordre_du_jour_definir(par=c["secretariat"], seance=salle, disponibilites=[c["a11"], c["a12"]])


def test_un_membre_d_une_autre_seance_ou_un_autre_compte_recoit_404(ccpc, referentiel):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1")
    _convoquer(c)
    s = _ouvrir(c)
    url = f"/commissions/seances/{s.pk}/distance/"
    # a member in office only from next year is not convened to this session: a member of another session
    ailleurs = membre_cree(referentiel["casa"], "ELUS_CASA", "Ferrand")
    ailleurs.debut = dt.date(2099, 1, 1)
    ailleurs.utilisateur = agent(referentiel["casa"], Role.MEMBRE_COMMISSION, username="membre_ailleurs")
    ailleurs.save()
    autres = [
        ailleurs.utilisateur,
        c["secretariat"],
        agent(referentiel["casa"], Role.ADMINISTRATEUR),
        agent(referentiel["casa"], Role.INSTRUCTEUR),
        agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR),
    ]
    client = Client()
    for user in autres:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"action": "message", "point": c["a11"].pk, "texte": "x"}).status_code == 404
    assert not MessageFil.objects.exists()
    client.force_login(comptes["elu1"])
    assert client.get(url).status_code == 200
    # a session in a room has no page at a distance, even for its members
    salle = services.seance_creer(par=c["secretariat"], date=timezone.now() + dt.timedelta(days=8), lieu="Salle")
    assert client.get(f"/commissions/seances/{salle.pk}/distance/").status_code == 404


def test_hors_de_la_fenetre_la_page_se_lit_seulement(ccpc, referentiel):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1")
    _convoquer(c)
    s = _ouvrir(c, heures=24, debut=timezone.now() + dt.timedelta(hours=2))
    p = _p(c)
    client = Client()
    client.force_login(comptes["elu1"])
    page = _texte(client.get(f"/commissions/seances/{s.pk}/distance/"))
    assert "La fenêtre des avis ouvre le" in page and 'name="decision_' not in page
    reponse = _avis_en_ligne(client, s, c["a11"], {p["dalo"]: (V, "")})
    assert "La fenêtre des avis ouvre le" in _texte(reponse)  # the banner says why, once
    assert _texte(reponse).count("La fenêtre des avis ouvre le") == 1
    assert "Rien n'a été enregistré : la séance ne reçoit pas d'avis ni de message en ce moment." in _texte(reponse)
    assert not AvisMembre.objects.exists()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=27), tick=True):
        client.force_login(comptes["elu1"])  # the session of the browser ended meanwhile
        page = _texte(client.get(f"/commissions/seances/{s.pk}/distance/"))
        assert "La fenêtre des avis est fermée depuis le" in page
        reponse = _avis_en_ligne(client, s, c["a11"], {p["dalo"]: (V, "")})
        assert "La fenêtre des avis est fermée" in _texte(reponse)
    assert not AvisMembre.objects.exists()


def test_la_tache_de_beat_clot_une_fenetre_echue_une_fois(ccpc, referentiel):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1", "etat")
    _convoquer(c)
    s = _ouvrir(c, heures=2)
    p = _p(c)
    for cle in ("elu1", "etat"):
        client = Client()
        client.force_login(comptes[cle])
        _avis_en_ligne(client, s, c["a11"], {p["dalo"]: (V, ""), p["modeste"]: (V, ""), p["moyenne"]: (V, "")})
    # before the end: nothing to close
    assert tasks.clore_les_seances_a_distance() == "0 séance(s) à distance close(s)"
    with pytest.raises(ErreurMetier, match="pas encore fermée"):
        services.cloturer_a_distance(par=None, seance=s)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=3), tick=True):
        assert tasks.clore_les_seances_a_distance() == "1 séance(s) à distance close(s)"
        assert tasks.clore_les_seances_a_distance() == "0 séance(s) à distance close(s)"
    s.refresh_from_db()
    assert s.etat == EtatSeance.CLOSE and s.proces_verbal
    t = s.transitions.last()
    assert (t.vers, t.par, t.motif) == ("CLOSE", None, "Clôture automatique à la fin de la fenêtre")
    for k in p:
        p[k].refresh_from_db()
    assert [p[k].etat for k in ("dalo", "modeste", "moyenne")] == [EtatPositionnement.VALIDE] * 3
    assert [p[k].rang for k in ("dalo", "modeste", "moyenne")] == [1, 2, 3]
    assert p["aisee"].etat == EtatPositionnement.AJOURNE  # no avis: ajourné
    # closed: a second close is refused in French, never half done
    with pytest.raises(ErreurMetier, match="La séance est close"):
        services.cloturer_a_distance(par=c["secretariat"], seance=s)


def test_le_secretariat_renvoie_un_logement_en_seance_en_salle(ccpc, referentiel):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1")
    _convoquer(c)
    s = _ouvrir(c)
    p = _p(c)
    client = Client()
    client.force_login(comptes["elu1"])
    _avis_en_ligne(client, s, c["a11"], {p["dalo"]: (V, "")})
    assert services.participants(s) == {c["membres"]["elu1"].pk}
    salle = services.seance_creer(par=c["secretariat"], date=timezone.now() + dt.timedelta(days=10), lieu="Salle")
    sec = Client()
    sec.force_login(c["secretariat"])
    page = sec.post(
        f"/commissions/seances/{s.pk}/", {"action": "renvoyer", "point": c["a11"].pk, "vers": salle.pk}, follow=True
    )
    assert f"inscrit à la séance {salle.numero}" in _texte(page)
    assert list(salle.points.values_list("disponibilite_id", flat=True)) == [c["a11"].pk]
    assert list(s.points.values_list("disponibilite_id", flat=True)) == [c["a12"].pk]
    # its avis no longer count; the other dwelling keeps its letter and its candidate its code
    assert services.participants(s) == set()
    page = _texte(client.get(f"/commissions/seances/{s.pk}/distance/"))
    assert "Candidat B1" in page and "Candidat A1" not in page
    # a member cannot send anything back
    assert client.post(f"/commissions/seances/{s.pk}/", {"action": "renvoyer", "point": c["a12"].pk}).status_code == 403
    assert s.points.count() == 1
    with pytest.raises(ErreurMetier, match="n'est pas une séance en salle à venir"):
        services.renvoyer_en_salle(par=c["secretariat"], seance=s, disponibilite=c["a12"], vers=s)
    assert s.points.count() == 1  # nothing half done
    # a target that is no session (found by a newcomer: it was taken as « a next agenda »): refused, nothing moves
    page = sec.post(
        f"/commissions/seances/{s.pk}/", {"action": "renvoyer", "point": c["a12"].pk, "vers": "abc"}, follow=True
    )
    assert "Séance en salle inconnue" in _texte(page)
    assert s.points.count() == 1


def test_les_motifs_et_les_fils_s_effacent_avec_la_demande(ccpc, referentiel):
    from commissions.retention import MESSAGE_EFFACE, effacer
    from demandes.retention import MOTIF_EFFACE

    c = ccpc
    comptes = _comptes(c, referentiel, "elu1")
    _convoquer(c)
    s = _ouvrir(c)
    p = _p(c)
    client = Client()
    client.force_login(comptes["elu1"])
    _avis_en_ligne(client, s, c["a11"], {p["modeste"]: (R, "Dette de loyer chez le bailleur actuel")})
    client.post(
        f"/commissions/seances/{s.pk}/distance/",
        {"action": "message", "point": c["a11"].pk, "texte": "A2 sort d'une hospitalisation"},
    )
    ids = [c["demandes"]["modeste"].pk]
    assert effacer(ids, simulation=True) == {
        "avis": 0,
        "avis_membres": 1,
        "messages_seance": 1,
        "dossiers_seance": 0,
        "evenements": 2,
    }
    effacer(ids, simulation=False)
    assert AvisMembre.objects.get().motif == MOTIF_EFFACE
    assert MessageFil.objects.get().texte == MESSAGE_EFFACE
    from demandes.retention import evenements

    assert not evenements(AvisMembre, motif__contains="Dette").exists()
    assert not evenements(MessageFil, texte__contains="hospitalisation").exists()
    assert effacer(ids, simulation=True)["messages_seance"] == 0


@pytest.mark.parametrize(
    ("texte", "cite"),
    [
        ("Je connais M. Jean Dupont, il travaille à Biot.", ["un nom"]),  # a civility and a name, on the agenda or not
        ("Madame Martin a déjà refusé un logement.", ["un nom"]),
        ("né le 1er février 1980", ["une date de naissance"]),
        ("DN 01-02-1980", ["une date de naissance"]),
        ("demande 006 1222 0012 0706 161", ["un numéro (de demande, de téléphone…)"]),
        ("Appeler le 06 12 34 56 78", ["un numéro (de demande, de téléphone…)"]),
        ("0060325005536BD003", ["un numéro (de demande, de téléphone…)"]),
        # what a member writes about the candidates passes: a planning date, amounts, surfaces, codes
        (f"Visite prévue le 15/12/{timezone.localdate().year} à 10 h", []),
        ("A2 : loyer 1 250 € pour 3 900 € de ressources, T3 de 65 m², 32,5 %", []),
        ("A1 et A2 : M. le maire est d'accord", []),
    ],
)
def test_ce_qu_un_membre_ne_peut_pas_ecrire(ccpc, texte, cite):
    """Found by two newcomers: names, birth dates and numbers in a thread or a reason, read by every member."""
    from commissions.services.anonymat import ce_qui_est_cite

    assert ce_qui_est_cite(texte, ccpc["seance"]) == cite


def test_le_motif_d_un_avis_a_distance_ne_cite_personne(ccpc, referentiel):
    c = ccpc
    comptes = _comptes(c, referentiel, "elu1")
    _convoquer(c)
    s = _ouvrir(c)
    client = Client()
    client.force_login(comptes["elu1"])
    reponse = _avis_en_ligne(client, s, c["a11"], {_p(c)["modeste"]: (R, "M. Dupont, né le 01/02/1980")})
    assert "Le texte semble citer une date de naissance et un nom" in _texte(reponse)
    assert not AvisMembre.objects.exists()
