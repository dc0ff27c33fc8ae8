import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import selectors, services
from demandes.codes import CodePriorite, EtatDemande
from demandes.models import ConsultationPiece, Piece
from demandes.qualification import TypePiece
from demandes.validation import ErreursValidation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contexte(referentiel):
    guichet = referentiel["commune-antibes"]
    agent_guichet = agent(guichet, Role.AGENT_GUICHET)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    return guichet, agent_guichet, instructeur, demande_complete(agent_guichet, guichet)


def test_les_pieces_attendues_suivent_la_situation(contexte):
    _, agent_guichet, _, d = contexte
    types = [p.type for p in selectors.pieces_attendues(demande=d)]
    assert types == [TypePiece.IDENTITE, TypePiece.AVIS_IMPOSITION, TypePiece.LOGEMENT_ACTUEL, TypePiece.RESSOURCES]
    services.critere_ajouter(
        par=agent_guichet, demande=d, code=CodePriorite.DALO, preuve="Décision COMED", date_decision=dt.date(2026, 6, 1)
    )
    d.refresh_from_db()
    assert TypePiece.DALO in [p.type for p in selectors.pieces_attendues(demande=d)]


def test_on_ne_qualifie_pas_une_demande_dont_les_pieces_manquent(contexte):
    _, _, instructeur, d = contexte
    with pytest.raises(ErreurMetier, match="Pièces manquantes pour qualifier la demande : Pièce d'identité"):
        services.demande_qualifier(par=instructeur, demande=d)
    d.refresh_from_db()
    assert d.etat == EtatDemande.ACTIVE


def test_pieces_completes_puis_qualification(contexte):
    _, agent_guichet, instructeur, d = contexte
    services.piece_deposer(
        par=agent_guichet,
        demande=d,
        type=TypePiece.AVIS_IMPOSITION,
        fichier=SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf"),
    )
    for t in (TypePiece.IDENTITE, TypePiece.LOGEMENT_ACTUEL, TypePiece.RESSOURCES):
        services.piece_deposer(par=agent_guichet, demande=d, type=t, vue_en_original=True)
    services.demande_qualifier(par=instructeur, demande=d)
    d.refresh_from_db()
    assert d.etat == EtatDemande.QUALIFIEE


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00binaire", "Format refusé"),
        ("script.exe", PDF, "Format refusé"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_un_fichier_douteux_est_refuse_et_rien_n_est_enregistre(contexte, nom, contenu, message):
    _, agent_guichet, _, d = contexte
    with pytest.raises(ErreursValidation) as err:
        services.piece_deposer(
            par=agent_guichet, demande=d, type=TypePiece.IDENTITE, fichier=SimpleUploadedFile(nom, contenu)
        )
    assert message in err.value.erreurs["fichier"][0]
    assert not Piece.objects.exists()


def test_une_piece_n_est_servie_qu_aux_personnes_qui_voient_la_demande(client, contexte, referentiel):
    _, agent_guichet, _, d = contexte
    piece = services.piece_deposer(
        par=agent_guichet, demande=d, type=TypePiece.AVIS_IMPOSITION, fichier=SimpleUploadedFile("avis.pdf", PDF)
    )
    url = f"/demandes/{d.pk}/pieces/{piece.pk}/"
    client.force_login(agent_guichet)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF
    assert "no-store" in reponse["Cache-Control"] and "private" in reponse["Cache-Control"]
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    assert client.get(url).status_code == 404
    client.force_login(agent(referentiel["commune-opio"], Role.AGENT_GUICHET))
    assert client.get(url).status_code == 404


def test_la_consultation_d_une_piece_sensible_est_journalisee_et_reservee(contexte, referentiel):
    _, agent_guichet, _, d = contexte
    piece = services.piece_deposer(
        par=agent_guichet, demande=d, type=TypePiece.PROTECTION, fichier=SimpleUploadedFile("ordonnance.pdf", PDF)
    )
    services.piece_consulter(par=agent_guichet, piece=piece)
    assert ConsultationPiece.objects.filter(piece=piece, par=agent_guichet).count() == 1
    secretariat = agent(referentiel["casa"], Role.SECRETARIAT_COMMISSION)  # sees the demand, does not instruct it
    with pytest.raises(PermissionDenied):
        services.piece_consulter(par=secretariat, piece=piece)


def test_l_entretien_suit_le_guide(contexte):
    _, agent_guichet, _, d = contexte
    with pytest.raises(ErreursValidation):
        services.entretien_enregistrer(par=agent_guichet, demande=d, date=timezone.localdate(), sujets=[])
    e = services.entretien_enregistrer(
        par=agent_guichet, demande=d, date=timezone.localdate(), sujets=["MENAGE", "RESSOURCES"], notes="RAS"
    )
    assert e.sujets == ["MENAGE", "RESSOURCES"]


def test_un_fichier_sans_piece_est_supprime_la_nuit(contexte):
    import datetime as dt_

    _, agent_guichet, _, d = contexte
    piece = services.piece_deposer(
        par=agent_guichet, demande=d, type=TypePiece.AVIS_IMPOSITION, fichier=SimpleUploadedFile("avis.pdf", PDF)
    )
    stockage = piece.fichier.storage
    orphelin = stockage.save(f"{d.pk}/orphelin.pdf", SimpleUploadedFile("x.pdf", PDF))
    # files left by earlier tests whose rows were rolled back are orphans too
    assert services.pieces_orphelines_supprimer(age_minimal=dt_.timedelta(seconds=-1)) >= 1
    assert not stockage.exists(orphelin)
    assert stockage.exists(piece.fichier.name)
