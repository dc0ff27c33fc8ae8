"""The thread of notes on the pages: its section on the demand's page, its own page (the landlord's and the
réservataire's way to it), adding and correcting a note, bad input and a double click, 404 out of reach with nothing
counted, the audit's author."""

import pytest
from django.urls import reverse

from demandes.retention import evenements
from partenariat.models import LONGUEUR_NOTE, NoteDemande, Visibilite
from tests.partenariat.fabriques import noter

V = Visibilite


def _fil(demande):
    return reverse("partenariat:fil", args=[demande.pk])


def _fiche(demande):
    return reverse("demandes:detail", args=[demande.pk])


@pytest.fixture
def fil_garni(notes):
    a, demande = notes["acteurs"], notes["demande"]
    return {
        "casa": noter(a["instructeur"], demande, texte="Réservé à la CASA.", visibilite=V.CASA),
        "bailleur": noter(a["instructeur"], demande, texte="Pour le bailleur.", visibilite=V.CASA_BAILLEUR),
        "tous": noter(a["instructeur"], demande, texte="Pour tous les partenaires.", visibilite=V.PARTENAIRES),
        "sensible": noter(a["instructeur"], demande, texte="Suivi médical.", visibilite=V.PARTENAIRES, sensible=True),
    }


def test_la_page_de_la_demande_montre_le_fil_et_son_formulaire(client, notes, fil_garni):
    client.force_login(notes["acteurs"]["guichet"])
    page = client.get(_fiche(notes["demande"])).content.decode()
    assert 'id="notes-partagees"' in page
    assert "Pour tous les partenaires." in page and "Suivi médical." in page
    assert "Réservé à la CASA." not in page and "Pour le bailleur." not in page
    assert '<span class="badge text-bg-light border" id="nombre-notes">2</span>' in page
    assert 'name="sensible"' in page  # the registering counter reads the sensitive pieces


def test_le_secretariat_lit_sans_le_sensible_et_sans_la_case(client, notes, fil_garni):
    client.force_login(notes["acteurs"]["secretariat"])
    page = client.get(_fiche(notes["demande"])).content.decode()
    assert "Réservé à la CASA." in page and "Suivi médical." not in page
    assert 'id="nombre-notes">3<' in page
    assert 'name="sensible"' not in page


@pytest.mark.parametrize("role", ["gestionnaire", "admin_bailleur", "reservataire"])
def test_le_bailleur_et_le_reservataire_ont_la_page_du_fil(client, notes, fil_garni, role):
    client.force_login(notes["acteurs"][role])
    assert client.get(_fiche(notes["demande"])).status_code == 404  # no demand page for them
    reponse = client.get(_fil(notes["demande"]))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Pour tous les partenaires." in page
    assert ("Pour le bailleur." in page) == (role != "reservataire")
    assert "Réservé à la CASA." not in page and "Suivi médical." not in page
    assert 'name="sensible"' not in page
    assert reverse("positionnements:travail") in page


@pytest.mark.parametrize("role", ["membre", "lecteur"])
def test_hors_du_fil_404_et_rien_n_est_compte(client, notes, fil_garni, role):
    client.force_login(notes["acteurs"][role])
    assert client.get(_fil(notes["demande"])).status_code == 404
    reponse = client.post(_fil(notes["demande"]), {"texte": "Intrus", "visibilite": V.PARTENAIRES})
    assert reponse.status_code == 404
    assert not NoteDemande.objects.filter(texte="Intrus").exists()


def test_ajouter_une_note_depuis_la_page_de_la_demande(client, notes):
    user = notes["acteurs"]["instructeur"]
    client.force_login(user)
    reponse = client.post(
        _fil(notes["demande"]),
        {"texte": "Famille suivie par le CCAS.", "visibilite": V.CASA_BAILLEUR, "sensible": "on", "retour": "fiche"},
    )
    assert reponse.status_code == 302 and reponse["Location"] == _fiche(notes["demande"]) + "#notes-partagees"
    note = NoteDemande.objects.get()
    assert (note.auteur, note.organisation, note.visibilite, note.sensible) == (
        user,
        notes["casa"],
        V.CASA_BAILLEUR,
        True,
    )
    # audited with its author (pghistory's context of the request)
    [evenement] = evenements(NoteDemande, pgh_obj_id=note.pk)
    assert evenement.pgh_context.metadata["user"] == user.pk


def test_le_gestionnaire_ecrit_depuis_la_page_du_fil(client, notes):
    client.force_login(notes["acteurs"]["gestionnaire"])
    reponse = client.post(_fil(notes["demande"]), {"texte": "Visite le 3.", "visibilite": V.CASA_BAILLEUR})
    assert reponse.status_code == 302 and reponse["Location"] == _fil(notes["demande"]) + "#notes-partagees"
    note = NoteDemande.objects.get()
    assert note.organisation == notes["bailleur_a"] and not note.sensible


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        ({"texte": "", "visibilite": V.CASA}, "Écrivez la note."),
        ({"texte": "   ", "visibilite": V.CASA}, "Écrivez la note."),
        ({"texte": "x" * (LONGUEUR_NOTE + 1), "visibilite": V.CASA}, f"{LONGUEUR_NOTE} caractères au plus"),
        ({"texte": "Bonjour", "visibilite": "MONDE"}, "Choisissez dans la liste qui pourra lire la note."),
        ({"texte": "Bonjour"}, "Choisissez dans la liste qui pourra lire la note."),
        ({"texte": "Bonjour", "visibilite": V.CASA, "corrige": "abc"}, "Saisissez un nombre entier."),
    ],
)
def test_une_saisie_invalide_reaffiche_le_formulaire_en_francais(client, notes, donnees, message):
    client.force_login(notes["acteurs"]["guichet"])
    reponse = client.post(_fil(notes["demande"]), donnees)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not NoteDemande.objects.exists()


def test_un_double_clic_ne_fait_qu_une_note(client, notes):
    client.force_login(notes["acteurs"]["guichet"])
    donnees = {"texte": "Le demandeur a rappelé.", "visibilite": V.PARTENAIRES}
    assert client.post(_fil(notes["demande"]), donnees).status_code == 302
    assert client.post(_fil(notes["demande"]), donnees).status_code == 302
    assert NoteDemande.objects.count() == 1


def test_corriger_une_note_de_son_organisation(client, notes, fil_garni):
    a, demande = notes["acteurs"], notes["demande"]
    client.force_login(a["secretariat"])
    page = client.get(_fil(demande)).content.decode()
    assert page.count("<summary>Corriger</summary>") == 3  # CASA's three notes it reads; not the sensitive one
    reponse = client.post(
        _fil(demande), {"texte": "Pour tous, corrigé.", "visibilite": V.PARTENAIRES, "corrige": fil_garni["tous"].pk}
    )
    assert reponse.status_code == 302
    correction = NoteDemande.objects.get(corrige=fil_garni["tous"])
    page = client.get(_fil(demande)).content.decode()
    assert "Corrigée par" in page and "Corrige <a" in page
    assert page.count("<summary>Corriger</summary>") == 3  # the corrected one no more, its correction yes
    # a landlord reads the chain, corrects nothing of CASA's
    client.force_login(a["gestionnaire"])
    page = client.get(_fil(demande)).content.decode()
    assert "Corrigée par" in page and "<summary>Corriger</summary>" not in page
    # a form sent by hand to correct CASA's note: said on the form (it was a bare 403 page), nothing written
    reponse = client.post(_fil(demande), {"texte": "Non.", "visibilite": V.PARTENAIRES, "corrige": correction.pk})
    assert reponse.status_code == 200
    assert "Seule l&#x27;organisation qui a écrit une note la corrige." in reponse.content.decode()
    # a note out of the reader's sight: 404, as if it did not exist
    assert (
        client.post(
            _fil(demande), {"texte": "Non.", "visibilite": V.PARTENAIRES, "corrige": fil_garni["casa"].pk}
        ).status_code
        == 404
    )
    assert NoteDemande.objects.count() == 5


def test_corriger_deux_fois_la_meme_note_le_dit(client, notes, fil_garni):
    client.force_login(notes["acteurs"]["instructeur"])
    url, pk = _fil(notes["demande"]), fil_garni["casa"].pk
    assert client.post(url, {"texte": "Un.", "visibilite": V.CASA, "corrige": pk}).status_code == 302
    reponse = client.post(url, {"texte": "Deux.", "visibilite": V.CASA, "corrige": pk})
    assert reponse.status_code == 200 and "déjà été corrigée" in reponse.content.decode()


def test_le_journal_montre_les_notes_de_la_demande_et_masque_les_sensibles(client, notes, fil_garni):
    client.force_login(notes["acteurs"]["admin_casa"])
    page = client.get("/journal/", {"objet": "demande", "numero": notes["demande"].numero})
    texte = page.content.decode()
    assert texte.count("Note partagée de la") == 4
    assert "Pour tous les partenaires." in texte
    assert "Suivi médical." not in texte and "note sensible : valeurs masquées" in texte


def test_une_case_sensible_envoyee_par_qui_ne_l_a_pas_est_refusee_et_rien_n_est_ecrit(client, notes):
    """Found by a newcomer: the box is not offered to the landlord's manager; sent all the same, the note was written
    as an ordinary one without a word. It is refused, said, and nothing is written."""
    client.force_login(notes["acteurs"]["gestionnaire"])
    reponse = client.post(
        _fil(notes["demande"]), {"texte": "Violences conjugales signalées.", "visibilite": V.CASA, "sensible": "on"}
    )
    assert reponse.status_code == 200
    assert "écrivent une note sensible : la note n&#x27;est pas enregistrée." in reponse.content.decode()
    assert not NoteDemande.objects.exists()


def test_une_longue_note_est_repliee(client, notes):
    """Found by a newcomer: a note of 2,000 characters filled the thread. Past 600 characters it shows its beginning,
    the whole note one click away."""
    a, demande = notes["acteurs"], notes["demande"]
    noter(a["instructeur"], demande, texte="Situation détaillée. " * 90, visibilite=V.PARTENAIRES)
    client.force_login(a["guichet"])
    page = client.get(_fil(demande)).content.decode()
    assert '<details class="mb-1 note-longue">' in page
    assert "lire la note entière, 1\u00a0889 caractères" in page
