"""What the applicant sends from his space, seen from demandes (services/en_ligne.py, retention): odd file names kept
safe, nothing half-written, the nightly sweep leaves the pieces waiting alone, opening a confidential one is logged,
the state machine refuses a second decision, and the erasure of the demand takes the pieces sent, their files and
the errors reported with it."""

import datetime as dt
import html
import os
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import retention, services
from demandes.codes import EtatPieceEnLigne, Lien, MotifRadiation
from demandes.models import (
    ConsultationPieceEnLigne,
    Piece,
    PieceEnLigne,
    Signalement,
    TransitionDemande,
    TransitionPieceEnLigne,
)
from demandes.qualification import TypePiece
from demandes.validation import ErreursValidation
from territoire.models_acces import LectureSensible, NatureLecture
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contexte(referentiel):
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    d = demande_complete(guichet, referentiel["commune-antibes"])
    return guichet, d, d.personnes.get(lien=Lien.DEMANDEUR)


def envoyer(d, personne, nom="avis.pdf", contenu=PDF, type=TypePiece.AVIS_IMPOSITION):
    return services.piece_envoyer(demande=d, personne=personne, type=type, fichier=SimpleUploadedFile(nom, contenu))


@pytest.mark.parametrize(
    ("nom", "garde"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Documents\\avis fiscal.pdf", "avis fiscal.pdf"),
        ("avis\x00.pdf", "avis.pdf"),
        ("facture\u202efdp.exe.pdf", "facturefdp.exe.pdf"),
        ("Cafe\u0301 déjà vu.PDF", "Café déjà vu.PDF"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        (".pdf", ".pdf"),
    ],
    ids=["chemin", "windows", "nul", "droite-a-gauche", "accents", "long", "extension-seule"],
)
def test_un_nom_etrange_est_garde_sans_danger(contexte, nom, garde):
    _, d, demandeur = contexte
    envoi = envoyer(d, demandeur, nom=nom)
    assert envoi.nom_original == garde
    assert envoi.fichier.name.startswith(f"en_ligne/{d.pk}/") and envoi.fichier.name.endswith(".pdf")
    assert "/" not in envoi.fichier.name.removeprefix(f"en_ligne/{d.pk}/")
    assert os.path.exists(envoi.fichier.path)


def test_un_fichier_sans_ligne_ne_reste_pas_sur_le_disque(contexte, monkeypatch):
    _, d, demandeur = contexte
    stockage = PieceEnLigne._meta.get_field("fichier").storage
    dossier = stockage.path(f"en_ligne/{d.pk}")
    avant = set(os.listdir(dossier)) if os.path.isdir(dossier) else set()  # an earlier run's files, if any

    def en_panne(*args, **kwargs):
        raise IntegrityError("panne à l'écriture du journal")

    monkeypatch.setattr(TransitionPieceEnLigne.objects, "create", en_panne)
    with pytest.raises(IntegrityError):
        envoyer(d, demandeur)
    assert not PieceEnLigne.objects.exists()
    assert (set(os.listdir(dossier)) if os.path.isdir(dossier) else set()) == avant


def test_le_balayage_de_la_nuit_garde_les_pieces_envoyees(contexte):
    _, d, demandeur = contexte
    envoi = envoyer(d, demandeur)
    services.pieces_orphelines_supprimer(age_minimal=dt.timedelta(seconds=-1))
    assert os.path.exists(envoi.fichier.path)


def test_une_piece_confidentielle_ouverte_est_journalisee(contexte, referentiel):
    guichet, d, demandeur = contexte
    envoi = envoyer(d, demandeur, nom="mdph.pdf", type=TypePiece.HANDICAP)
    services.piece_en_ligne_consulter(par=guichet, envoi=envoi)
    assert ConsultationPieceEnLigne.objects.filter(piece_en_ligne=envoi, par=guichet).count() == 1
    lecture = LectureSensible.objects.get(par=guichet)
    assert (lecture.nature, lecture.demande_id, lecture.objet_id) == (NatureLecture.PIECE_CONFIDENTIELLE, d.pk, None)
    with pytest.raises(PermissionDenied):
        services.piece_en_ligne_consulter(par=agent(referentiel["casa"], Role.SECRETARIAT_COMMISSION), envoi=envoi)


def test_une_seule_decision_par_piece_et_un_motif_borne(contexte, referentiel):
    guichet, d, demandeur = contexte
    envoi = envoyer(d, demandeur)
    with pytest.raises(ErreursValidation, match="300 caractères"):
        services.piece_en_ligne_refuser(par=guichet, envoi=envoi, motif="x" * 301)
    with pytest.raises(PermissionDenied):
        services.piece_en_ligne_accepter(par=agent(referentiel["commune-opio"], Role.AGENT_GUICHET), envoi=envoi)
    piece = services.piece_en_ligne_accepter(par=guichet, envoi=envoi)
    with pytest.raises(ErreurMetier, match="déjà été traitée"):
        services.piece_en_ligne_accepter(par=guichet, envoi=envoi)
    with pytest.raises(ErreurMetier, match="déjà été traitée"):
        services.piece_en_ligne_refuser(par=guichet, envoi=envoi, motif="Illisible")
    assert Piece.objects.get() == piece
    assert list(envoi.transitions.values_list("de", "vers")) == [
        ("", EtatPieceEnLigne.A_VALIDER),
        (EtatPieceEnLigne.A_VALIDER, EtatPieceEnLigne.ACCEPTEE),
    ]


def test_une_piece_en_attente_d_une_demande_radiee_ne_se_valide_plus(contexte):
    guichet, d, demandeur = contexte
    envoi = envoyer(d, demandeur)
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    with pytest.raises(ErreurMetier, match="radiée"):
        services.piece_en_ligne_accepter(par=guichet, envoi=envoi)


def test_l_effacement_de_la_demande_emporte_pieces_envoyees_fichiers_et_signalements(
    contexte, django_capture_on_commit_callbacks
):
    guichet, d, demandeur = contexte
    acceptee = envoyer(d, demandeur, nom="acceptee.pdf")
    piece = services.piece_en_ligne_accepter(par=guichet, envoi=acceptee)
    refusee = envoyer(d, demandeur, nom="refusee.pdf", type=TypePiece.IDENTITE)
    services.piece_en_ligne_refuser(par=guichet, envoi=refusee, motif="Illisible : la photo est floue.")
    en_attente = envoyer(d, demandeur, nom="en-attente.pdf", type=TypePiece.HANDICAP)
    services.piece_en_ligne_consulter(par=guichet, envoi=en_attente)
    signalement = services.erreur_signaler(
        demande=d, personne=demandeur, rubrique="MENAGE", texte="Mon fils Noé est né en 2017."
    )
    services.signalement_traiter(par=guichet, signalement=signalement, reponse="Date corrigée.")
    services.erreur_signaler(demande=d, personne=demandeur, rubrique="AUTRE", texte="Autre chose à dire.")
    fichiers = [piece.fichier.path, en_attente.fichier.path]
    assert all(os.path.exists(f) for f in fichiers)
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    jour = timezone.localdate() + dt.timedelta(days=400)
    simulation = retention.purger(jour=jour, simulation=True)
    assert (simulation.compteurs["pieces_en_ligne"], simulation.compteurs["signalements"]) == (3, 2)
    assert "pièces envoyées en ligne supprimées : 3" in simulation.resume()
    with django_capture_on_commit_callbacks(execute=True):
        bilan = retention.purger(jour=jour)
    assert bilan.compteurs["demandes"] == 1 and bilan.compteurs["fichiers"] == 2
    assert not PieceEnLigne.objects.filter(demande=d).exists() and not Signalement.objects.filter(demande=d).exists()
    assert not TransitionPieceEnLigne.objects.exists() and not ConsultationPieceEnLigne.objects.exists()
    assert not any(os.path.exists(f) for f in fichiers)
    assert not retention.evenements(PieceEnLigne, demande_id=d.pk).exists()
    assert not retention.evenements(Signalement, demande_id=d.pk).exists()
    # nothing the applicant wrote stays in the demand's log
    motifs = " ".join(TransitionDemande.objects.filter(demande=d).values_list("motif", flat=True))
    assert "Noé" not in motifs and "floue" not in motifs and "Date corrigée" not in motifs


# --------------------------------------------------------------------------- the counter's list, the downloads


def test_la_liste_a_traiter_distingue_les_pieces_par_leur_fichier_leur_auteur_et_leur_heure(client, contexte):
    """Four pieces of one type sent by the holders of one demand: four rows an agent tells apart, the names escaped."""
    guichet, d, demandeur = contexte
    co_demandeur = d.personnes.get(lien=Lien.CO_DEMANDEUR)
    noms = ["avis 2024.pdf", "avis 2025.pdf", "<img src=x onerror=alert(1)>.pdf", 'Reçu "final".pdf']
    for i, nom in enumerate(noms):
        envoyer(d, co_demandeur if i == 3 else demandeur, nom=nom)
    client.force_login(guichet)
    page = client.get("/demandes/en-ligne/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.pdf" in page
    rangees = re.findall(r"<tr>.*?</tr>", page, re.S)[1:]  # the header's left out
    lignes = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr))) for tr in rangees]
    assert len(lignes) == 4 and len(set(lignes)) == 4
    for ligne, nom in zip(lignes, noms, strict=True):
        assert "Avis d'imposition" in ligne and nom in ligne
    quand = timezone.localtime(PieceEnLigne.objects.filter(demande=d).first().envoyee_le)
    assert f"{quand:%d/%m/%Y %H:%M}" in lignes[0]
    assert "Élodie MARTIN (demandeur)" in lignes[0].replace("Martin", "MARTIN")
    assert "Karim MARTIN (co-demandeur)" in lignes[3].replace("Martin", "MARTIN")


QUOTABLE = r'filename="((?:[\t \x21\x23-\x5b\x5d-\x7e]|\\[\\"])*)"'
ETENDU = r"filename\*=utf-8''([A-Za-z0-9!#$&+.^_`|~%-]*)"


def nom_de_l_entete(valeur: str) -> str:
    """The file name a well-formed ``Content-Disposition: attachment`` header carries (RFC 6266: a quoted-string with
    « " » and « \\ » escaped, or the RFC 5987 ``filename*=utf-8''…`` form); fails on any other form."""
    from urllib.parse import unquote

    assert "\r" not in valeur and "\n" not in valeur
    trouve = re.fullmatch(rf"attachment; (?:{QUOTABLE}|{ETENDU})", valeur)
    assert trouve, valeur
    return re.sub(r"\\(.)", r"\1", trouve[1]) if trouve[1] is not None else unquote(trouve[2])


NOMS_PIEGES = [
    "<img src=x onerror=alert(1)>.pdf",
    'avis "2025" \\ final.pdf',
    'avis.pdf"; filename="autre.pdf',
    "Reçu « été » 2025 <b>.pdf",
    "avis\r\nSet-Cookie: x=1.pdf",
]


@pytest.mark.parametrize("nom", NOMS_PIEGES, ids=["balises", "guillemets", "second-nom", "non-ascii", "saut-de-ligne"])
def test_le_telechargement_d_une_piece_donne_un_en_tete_bien_forme(client, contexte, nom):
    """The name as typed (kept by nom_de_fichier) or as a row might hold it (a raw newline): the header stays one
    well-formed line that names that file, for a piece sent online and a piece of the file alike."""
    guichet, d, demandeur = contexte
    envoi = envoyer(d, demandeur, nom=nom)
    piece = services.piece_deposer(
        par=guichet, demande=d, type=TypePiece.IDENTITE, fichier=SimpleUploadedFile(nom, PDF)
    )
    assert envoi.nom_original == piece.nom_original and "\n" not in envoi.nom_original
    client.force_login(guichet)
    urls = (f"/demandes/{d.pk}/pieces-en-ligne/{envoi.pk}/", f"/demandes/{d.pk}/pieces/{piece.pk}/")
    for url, garde in zip(urls, (envoi, piece), strict=True):
        reponse = client.get(url)
        assert reponse.status_code == 200
        assert nom_de_l_entete(reponse["Content-Disposition"]) == garde.nom_original
    # a name stored before it was cleaned, newline included: still one header, that name percent-encoded
    PieceEnLigne.objects.filter(pk=envoi.pk).update(nom_original=nom)
    Piece.objects.filter(pk=piece.pk).update(nom_original=nom)
    for url in urls:
        reponse = client.get(url)
        assert reponse.status_code == 200 and nom_de_l_entete(reponse["Content-Disposition"]) == nom


def test_l_attestation_du_guichet_donne_un_en_tete_bien_forme(client, contexte):
    guichet, d, _ = contexte
    client.force_login(guichet)
    reponse = client.get(f"/demandes/{d.pk}/attestation.pdf")
    assert nom_de_l_entete(reponse["Content-Disposition"]) == f"attestation_{d.reference}.pdf"
