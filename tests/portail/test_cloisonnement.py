"""An applicant reads their own demand and nothing else (docs/portail.md « Cloisonnement »): the space's pages take no
identifier, the holder comes from the session only; every page and every form of the space, tried with another
applicant's identifiers (in the address, the query string, the form's fields, a forged session), shows nothing of
theirs or answers 404; the staff's pages stay closed to an applicant's session. The world: the CAL returns'
(fixture `retours`): « dalo » is signed in, « aisee » (an offer on A12) is the other applicant."""

import io
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from demandes import services as services_demandes
from demandes.codes import Lien
from demandes.models import Personne
from portail import acces
from tests.portail.fabriques import PAGES, connecter
from tests.positionnements.fabriques_offres import cal_tenue, positionnement_offert

pytestmark = pytest.mark.jour_fige


def _motifs_du_portail():
    """(route, URL name) of every URL of the space."""
    (resolveur,) = [m for m in get_resolver().url_patterns if isinstance(m, URLResolver) and m.namespace == "portail"]
    return [(str(m.pattern), m.name) for m in resolveur.url_patterns if isinstance(m, URLPattern)]


def _texte(reponse) -> str:
    """What a page says (its tags and attributes left out), or a PDF's extracted text."""
    if reponse["Content-Type"].startswith("application/pdf"):
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages)
    return re.sub(r"<[^>]+>", " ", reponse.content.decode())  # what it says: a random CSRF token could hold « A12 »


def _traces_de(demande) -> list[str]:
    """What would betray the other applicant's demand on a page: its number, its people's names, its dwelling A12."""
    traces = [demande.numero, "A12"]
    for p in demande.personnes.all():
        traces += [p.nom, p.prenom]
    return [t for t in traces if t]


@pytest.fixture
def deux(retours):
    """« dalo » (an offer on A11, rank 1) and « aisee » (an offer on A12, a piece sent, an error signalled)."""
    cal_tenue(retours, il_y_a=3)
    moi, autre = retours["demandes"]["dalo"], retours["demandes"]["aisee"]
    personne = autre.personnes.get(lien=Lien.DEMANDEUR)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services_demandes.piece_envoyer(
        demande=autre,
        personne=personne,
        type="IDENTITE",
        fichier=SimpleUploadedFile("identite.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    services_demandes.erreur_signaler(demande=autre, personne=personne, rubrique="RESSOURCES", texte="Salaire changé")
    # the demands of the world are all of the same family: the other one is made another's
    for i, p in enumerate(autre.personnes.order_by("pk")):
        Personne.objects.filter(pk=p.pk).update(nom="Quennehen", prenom=f"Zéphyrine{i}")
    return moi, autre


def test_aucune_page_de_l_espace_ne_prend_d_identifiant():
    """The holder is never named by the address: the only parameter of the space is the sign-in link's token."""
    parametres = {nom: re.findall(r"<(?:\w+:)?(\w+)>", route) for route, nom in _motifs_du_portail()}
    assert {nom: p for nom, p in parametres.items() if p} == {"entrer": ["jeton"]}
    assert set(PAGES) <= set(parametres)


def test_chaque_page_avec_les_identifiants_d_un_autre_ne_montre_que_la_mienne(client, deux):
    moi, autre = deux
    connecter(client, moi)
    p_autre = positionnement_offert(autre)
    requete = {
        "demande": autre.pk,
        "numero": autre.numero,
        "pk": autre.pk,
        "personne": autre.personnes.get(lien=Lien.DEMANDEUR).pk,
        "offre": p_autre.pk,
        "positionnement": p_autre.pk,
    }
    traces = _traces_de(autre)
    assert moi.numero not in traces
    for nom in PAGES:
        url = reverse(f"portail:{nom}")
        seule, trafiquee = client.get(url), client.get(url, requete)
        assert seule.status_code == trafiquee.status_code == 200, nom
        texte = _texte(trafiquee)
        assert not [t for t in traces if t in texte], f"{nom} montre la demande de l'autre"
    assert moi.numero in _texte(client.get(reverse("portail:demande")))


def test_repondre_a_l_offre_d_un_autre_repond_404_et_ne_change_rien(client, deux):
    moi, autre = deux
    connecter(client, moi)
    p_autre = positionnement_offert(autre)
    etat = p_autre.etat
    for action in ("accepter", "refuser"):
        donnees = {
            "action": action,
            f"{action}-offre": p_autre.pk,
            "accepter-confirme": "on",
            "refuser-motif": "LOCALISATION",
        }
        assert client.post(reverse("portail:offre"), donnees).status_code == 404
    p_autre.refresh_from_db()
    assert p_autre.etat == etat
    assert positionnement_offert(autre) == p_autre


def test_envoyer_ou_signaler_avec_les_identifiants_d_un_autre_ecrit_sur_ma_demande(client, deux):
    """A form's extra fields naming the other demand are ignored: what is sent goes to the signed-in holder's demand."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    moi, autre = deux
    connecter(client, moi)
    avant = (autre.pieces_en_ligne.count(), autre.signalements.count())
    intrus = {"demande": autre.pk, "personne": autre.personnes.get(lien=Lien.DEMANDEUR).pk, "numero": autre.numero}
    fichier = SimpleUploadedFile("bulletin.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    r = client.post(reverse("portail:piece_envoyer"), {"type": "RESSOURCES", "fichier": fichier, **intrus})
    assert r.status_code == 302, r.content.decode()[:500]
    r = client.post(reverse("portail:signaler"), {"rubrique": "COORDONNEES", "texte": "Nouvelle adresse", **intrus})
    assert r.status_code == 302
    assert (autre.pieces_en_ligne.count(), autre.signalements.count()) == avant
    assert moi.pieces_en_ligne.count() == 1 and moi.signalements.count() == 1


def test_une_session_trafiquee_ne_mene_a_aucune_demande(deux):
    """A session naming the other demand with my person (or a person of no holder's standing) signs nobody in."""
    moi, autre = deux
    for donnees in (
        {"demande": autre.pk, "personne": moi.personnes.get(lien=Lien.DEMANDEUR).pk},
        {"demande": moi.pk, "personne": autre.personnes.get(lien=Lien.DEMANDEUR).pk},
    ):
        client = Client()  # a new browser each time: the refused session was flushed
        connecter(client, moi)
        session = client.session
        session[acces.CLE] = {**session[acces.CLE], **donnees}
        session.save()
        for nom in PAGES:
            r = client.get(reverse(f"portail:{nom}"))
            assert r.status_code == 302 and r["Location"].startswith(reverse("portail:connexion")), nom


def test_les_pages_des_agents_restent_fermees_a_la_session_d_un_demandeur(client, deux):
    moi, autre = deux
    connecter(client, moi)
    piece = autre.pieces_en_ligne.get()
    for url in (
        f"/demandes/{moi.pk}/",
        f"/demandes/{autre.pk}/",
        f"/demandes/{autre.pk}/attestation.pdf",
        f"/demandes/{autre.pk}/pieces-en-ligne/{piece.pk}/",
        "/demandes/en-ligne/",
        f"/api/v1/demandes/{autre.numero}/",
    ):
        r = client.get(url)
        assert r.status_code in (302, 401), url
        assert autre.numero not in r.content.decode()
