"""« Ma demande », pieces and « Signaler une erreur » (issue 19): the holder sends a missing piece through the page
(the counter's own checks), the counter accepts it (a piece of the file, counted for the qualification) or refuses it
(the holder reads why); he reports an error, the counter's home counts it and he reads the answer. Another applicant
never sees nor touches any of it; an agent of another organisation gets 404."""

import datetime as dt
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demandes import selectors, services
from demandes.codes import EtatDemande, EtatPieceEnLigne, Lien, MotifRadiation
from demandes.models import Demande, Piece, PieceEnLigne, Signalement, TransitionDemande
from demandes.qualification import TypePiece
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import agent

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def envoyer(client, nom, contenu, type=TypePiece.AVIS_IMPOSITION):
    return client.post(
        reverse("portail:piece_envoyer"), {"type": type, "fichier": SimpleUploadedFile(nom, contenu)}, follow=True
    )


def texte(reponse) -> str:
    return reponse.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def fichiers_en_ligne(demande) -> set[str]:
    stockage = PieceEnLigne._meta.get_field("fichier").storage
    dossier = stockage.path(f"en_ligne/{demande.pk}")
    return set(os.listdir(dossier)) if os.path.isdir(dossier) else set()


def autre_famille(referentiel):
    """Another household at the same counter (other names and dates: no likely duplicate)."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    personnes = [demandeur(nom="Durand", prenom="Paul", date_naissance=dt.date(1970, 1, 2), courriel="p@exemple.fr")]
    return demande_complete(guichet, referentiel["commune-antibes"], personnes=personnes)


def test_une_piece_envoyee_attend_le_guichet_qui_l_accepte_et_elle_compte_pour_la_qualification(
    client, referentiel, django_capture_on_commit_callbacks
):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    page = texte(client.get(reverse("portail:demande")))
    assert 'enctype="multipart/form-data"' in page and reverse("portail:piece_envoyer") in page
    assert "Pièces qui manquent à votre dossier" in page
    reponse = envoyer(client, "Avis d'impôt été 2025.pdf", PDF)
    assert reponse.redirect_chain[-1][0].startswith(reverse("portail:demande"))
    page = texte(reponse)
    assert "Pièce envoyée : « Avis d'imposition (revenus N-2) »" in page
    assert "À valider par votre guichet" in page and "Avis d'impôt été 2025.pdf" in page
    envoi = PieceEnLigne.objects.get(demande=d)
    assert envoi.etat == EtatPieceEnLigne.A_VALIDER and envoi.envoyee_par.lien == Lien.DEMANDEUR
    assert envoi.fichier.name.startswith(f"en_ligne/{d.pk}/") and envoi.fichier.name.endswith(".pdf")
    assert list(envoi.transitions.values_list("de", "vers", "par")) == [("", EtatPieceEnLigne.A_VALIDER, None)]
    assert TransitionDemande.objects.filter(demande=d, motif="Pièce envoyée en ligne : Avis d'imposition (revenus N-2)")
    assert TypePiece.AVIS_IMPOSITION in {p.type for p in selectors.pieces_manquantes(demande=d)}  # not yet
    # the applicant downloads nothing: no link to a file of his on his page
    assert "/pieces-en-ligne/" not in page and "/pieces/" + str(envoi.pk) not in page
    # the counter sees it on the demand's page, opens it, accepts it
    client.force_login(guichet)
    fiche = texte(client.get(reverse("demandes:detail", args=[d.pk])))
    assert "Envoyé par le demandeur depuis son espace" in fiche and "Avis d'impôt été 2025.pdf" in fiche
    fichier = client.get(reverse("demandes:piece_en_ligne", args=[d.pk, envoi.pk]))
    assert fichier.status_code == 200 and b"".join(fichier.streaming_content) == PDF
    assert "no-store" in fichier["Cache-Control"]
    nom = envoi.fichier.name
    reponse = client.post(reverse("demandes:piece_en_ligne_accepter", args=[d.pk, envoi.pk]), follow=True)
    assert "Pièce acceptée" in texte(reponse)
    piece = Piece.objects.get(demande=d)
    assert (piece.type, piece.fichier.name, piece.deposee_par) == (TypePiece.AVIS_IMPOSITION, nom, guichet)
    assert piece.nom_original == "Avis d'impôt été 2025.pdf" and os.path.exists(piece.fichier.path)
    envoi.refresh_from_db()
    assert envoi.etat == EtatPieceEnLigne.ACCEPTEE and envoi.piece == piece and not envoi.fichier
    assert TypePiece.AVIS_IMPOSITION not in {p.type for p in selectors.pieces_manquantes(demande=d)}
    # the other expected pieces, sent online and accepted: the demand qualifies as with the counter's uploads
    connecter(client, d)
    for t in (TypePiece.IDENTITE, TypePiece.LOGEMENT_ACTUEL, TypePiece.RESSOURCES):
        assert envoyer(client, "scan.png", PNG, type=t).status_code == 200
    for e in PieceEnLigne.objects.filter(demande=d, etat=EtatPieceEnLigne.A_VALIDER):
        services.piece_en_ligne_accepter(par=guichet, envoi=e)
    services.demande_qualifier(par=agent(referentiel["casa"], Role.INSTRUCTEUR), demande=d)
    d.refresh_from_db()
    assert d.etat == EtatDemande.QUALIFIEE
    page = texte(client.get(reverse("portail:demande")))
    assert page.count("Acceptée le") == 4
    assert "Votre guichet a reconnu votre dossier complet (demande qualifiée). Les pièces reçues :" in page


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("faux.pdf", b"MZ\x90\x00 un programme", "Format refusé : seuls les fichiers PDF, JPEG et PNG"),
        ("vide.pdf", b"", "Le fichier est vide."),
        ("gros.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "Le fichier fait 10,0 Mo : 10 Mo au plus."),
        ("script.exe", PDF, "Format refusé"),
        ("lettre.docx", b"PK\x03\x04", "Format refusé"),
    ],
    ids=["faux-pdf", "vide", "trop-gros", "exe", "docx"],
)
def test_un_fichier_refuse_est_dit_en_francais_et_rien_n_est_garde(client, referentiel, nom, contenu, message):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    avant = fichiers_en_ligne(d)  # (a folder of the same number may hold files of an earlier run's rolled-back rows)
    reponse = envoyer(client, nom, contenu)
    assert reponse.status_code == 200 and message in texte(reponse)
    assert "Le formulaire n'a pas été enregistré" in texte(reponse)
    assert not PieceEnLigne.objects.exists() and fichiers_en_ligne(d) == avant


def test_sans_fichier_ou_sans_type_le_formulaire_le_dit(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    reponse = client.post(reverse("portail:piece_envoyer"), {"type": TypePiece.IDENTITE})
    assert reponse.status_code == 200 and "Joignez le fichier de la pièce." in texte(reponse)
    reponse = client.post(reverse("portail:piece_envoyer"), {"type": "", "fichier": SimpleUploadedFile("a.pdf", PDF)})
    assert "Choisissez dans la liste ce qu'est cette pièce." in texte(reponse)
    reponse = client.post(
        reverse("portail:piece_envoyer"), {"type": "INVENTE", "fichier": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert reponse.status_code == 200 and not PieceEnLigne.objects.exists()


def test_un_nom_de_fichier_tres_long_est_coupe_avec_son_extension(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    nom = "Relevé " + "é" * 240 + ".pdf"
    assert envoyer(client, nom, PDF).status_code == 200
    envoi = PieceEnLigne.objects.get()
    assert len(envoi.nom_original) == 200 and envoi.nom_original.endswith("é.pdf")


def test_au_dela_de_vingt_pieces_en_attente_le_demandeur_attend_son_guichet(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    for i in range(services.MAX_PIECES_A_VALIDER):
        services.piece_envoyer(
            demande=d, personne=d.personnes.get(lien=Lien.DEMANDEUR), type=TypePiece.AUTRE,
            fichier=SimpleUploadedFile(f"p{i}.pdf", PDF),
        )  # fmt: skip
    avant = fichiers_en_ligne(d)
    reponse = envoyer(client, "une-de-plus.pdf", PDF)
    assert (
        "Vous avez vous-même envoyé 20 pièces que votre guichet n'a pas encore vérifiées (20 au plus par personne)"
        in texte(reponse)
    )
    assert PieceEnLigne.objects.count() == 20 and fichiers_en_ligne(d) == avant


def test_la_limite_des_pieces_en_attente_compte_celles_de_chaque_personne(client, referentiel):
    """The co-applicant does not read the applicant's confidential pieces: each person's limit counts the pieces he
    sent himself, as the refusal says."""
    d, _ = demande_de_famille(referentiel)
    for i in range(services.MAX_PIECES_A_VALIDER):
        services.piece_envoyer(
            demande=d, personne=d.personnes.get(lien=Lien.DEMANDEUR),
            type=TypePiece.HANDICAP if i % 2 else TypePiece.AUTRE, fichier=SimpleUploadedFile(f"p{i}.pdf", PDF),
        )  # fmt: skip
    connecter(client, d, lien=Lien.CO_DEMANDEUR)
    reponse = envoyer(client, "bail.pdf", PDF, type=TypePiece.LOGEMENT_ACTUEL)
    assert "Pièce envoyée : « Justificatif du logement actuel" in texte(reponse)
    assert PieceEnLigne.objects.get(nom_original="bail.pdf").envoyee_par.lien == Lien.CO_DEMANDEUR
    connecter(client, d)
    reponse = envoyer(client, "une-de-plus.pdf", PDF)
    assert "Vous avez vous-même envoyé 20 pièces" in texte(reponse)
    assert PieceEnLigne.objects.count() == 21


def test_une_piece_confidentielle_ne_vient_que_du_demandeur(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d, lien=Lien.CO_DEMANDEUR)
    formulaire = texte(client.get(reverse("portail:piece_envoyer")))
    assert 'value="HANDICAP"' not in formulaire and 'value="PROTECTION"' not in formulaire
    reponse = envoyer(client, "mdph.pdf", PDF, type=TypePiece.HANDICAP)
    assert reponse.status_code == 200 and not PieceEnLigne.objects.exists()
    assert envoyer(client, "bail.pdf", PDF, type=TypePiece.LOGEMENT_ACTUEL).status_code == 200
    connecter(client, d)
    assert 'value="HANDICAP"' in texte(client.get(reverse("portail:piece_envoyer")))
    envoyer(client, "mdph.pdf", PDF, type=TypePiece.HANDICAP)
    assert PieceEnLigne.objects.filter(type=TypePiece.HANDICAP, envoyee_par__lien=Lien.DEMANDEUR).count() == 1
    # the co-applicant does not read the applicant's confidential piece
    connecter(client, d, lien=Lien.CO_DEMANDEUR)
    page = texte(client.get(reverse("portail:demande")))
    assert "bail.pdf" in page and "mdph.pdf" not in page


def test_un_refus_est_lu_par_le_demandeur_et_le_fichier_supprime(
    client, referentiel, django_capture_on_commit_callbacks
):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    envoyer(client, "flou.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, type=TypePiece.IDENTITE)
    envoi = PieceEnLigne.objects.get()
    chemin = envoi.fichier.path
    client.force_login(guichet)
    url = reverse("demandes:piece_en_ligne_refuser", args=[d.pk, envoi.pk])
    reponse = client.post(url, {"motif": "  "}, follow=True)
    assert "La pièce n'a pas été refusée" in texte(reponse)
    envoi.refresh_from_db()
    assert envoi.etat == EtatPieceEnLigne.A_VALIDER
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"motif": "Photo floue : envoyez un scan lisible des deux faces."}, follow=True)
    assert "Pièce refusée" in texte(reponse)
    envoi.refresh_from_db()
    assert envoi.etat == EtatPieceEnLigne.REFUSEE and not envoi.fichier and not os.path.exists(chemin)
    assert envoi.transitions.last().motif == "Photo floue : envoyez un scan lisible des deux faces."
    assert not Piece.objects.exists()
    # the log of the demand says it was refused, never why
    journal = list(TransitionDemande.objects.filter(demande=d).values_list("motif", flat=True))
    assert "Pièce envoyée en ligne refusée : Pièce d'identité de chaque adulte" in journal
    assert not any("floue" in m for m in journal)
    connecter(client, d)
    page = texte(client.get(reverse("portail:demande")))
    # a small badge, then the reason as plain text (not inside the red badge)
    assert re.search(r'<span class="badge text-bg-danger[^"]*">Refusée</span>', page)
    assert (
        '<span class="d-block envoi-motif">Motif du refus : Photo floue : envoyez un scan lisible des deux faces.'
        in page
    )
    assert not re.search(r'<span class="badge[^>]*>[^<]*Photo floue', page)
    # handled once: a second decision is refused in French
    client.force_login(guichet)
    reponse = client.post(reverse("demandes:piece_en_ligne_accepter", args=[d.pk, envoi.pk]), follow=True)
    assert "Cette pièce a déjà été traitée : elle est « refusée »." in texte(reponse)


RADIEE = (
    "Votre demande est radiée : vous ne pouvez plus envoyer de pièce ni signaler d'erreur depuis votre espace. Pour "
    "demander de nouveau un logement social, déposez une nouvelle demande auprès d'un guichet."
)


def test_une_demande_radiee_ne_recoit_plus_rien_en_ligne(client, referentiel):
    """Struck off, neither form is shown: the pages say why (200), GET as POST, and nothing is written."""
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    envoyer(client, "avis.pdf", PDF)
    client.post(reverse("portail:signaler"), {"rubrique": "RESSOURCES", "texte": "Mon salaire a changé."})
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    formulaires = ('enctype="multipart/form-data"', 'name="fichier"', 'name="texte"', 'name="rubrique"')
    page = texte(client.get(reverse("portail:demande")))
    assert RADIEE in page and not any(f in page for f in formulaires)
    assert "Votre demande est radiée : vous ne pouvez plus y signaler d'erreur depuis votre espace" in page
    assert "Relire mes signalements et les réponses de mon guichet" in page and "avis.pdf" in page
    for reponse in (
        client.get(reverse("portail:piece_envoyer")),
        client.post(reverse("portail:piece_envoyer"), {"type": "AUTRE", "fichier": SimpleUploadedFile("b.pdf", PDF)}),
        client.get(reverse("portail:signaler")),
        client.post(reverse("portail:signaler"), {"rubrique": "RESSOURCES", "texte": "Une autre erreur."}),
    ):
        page = texte(reponse)
        assert reponse.status_code == 200 and RADIEE in page and not any(f in page for f in formulaires)
        assert "Votre demande n'est plus en cours" not in page  # the service is not even asked
    assert "Mon salaire a changé." in texte(client.get(reverse("portail:signaler")))  # his reports still read
    assert list(PieceEnLigne.objects.values_list("nom_original", flat=True)) == ["avis.pdf"]
    assert list(Signalement.objects.values_list("texte", flat=True)) == ["Mon salaire a changé."]


def test_un_autre_demandeur_ne_voit_ni_ne_touche_rien(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    envoyer(client, "avis-de-la-famille-martin.pdf", PDF)
    client.post(reverse("portail:signaler"), {"rubrique": "MENAGE", "texte": "Lina est née en 2012."})
    envoi, signalement = PieceEnLigne.objects.get(), Signalement.objects.get()
    autre = autre_famille(referentiel)
    connecter(client, autre)
    for url in (reverse("portail:demande"), reverse("portail:piece_envoyer"), reverse("portail:signaler")):
        page = texte(client.get(url))
        assert "avis-de-la-famille-martin.pdf" not in page and "Lina est née" not in page, url
    # his own piece goes to his own demand; the counter's pages are not his (sign-in to the staff interface)
    envoyer(client, "mon-avis.pdf", PDF)
    assert PieceEnLigne.objects.get(nom_original="mon-avis.pdf").demande == autre
    for url in (
        reverse("demandes:piece_en_ligne", args=[d.pk, envoi.pk]),
        reverse("demandes:piece_en_ligne_accepter", args=[d.pk, envoi.pk]),
        reverse("demandes:signalement_traiter", args=[d.pk, signalement.pk]),
    ):
        reponse = client.post(url) if "accepter" in url or "traiter" in url else client.get(url)
        assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/"), url
    envoi.refresh_from_db()
    signalement.refresh_from_db()
    assert envoi.etat == EtatPieceEnLigne.A_VALIDER and signalement.traite_le is None


def test_un_agent_d_une_autre_organisation_recoit_404(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    envoyer(client, "avis.pdf", PDF)
    envoyer(client, "mdph.pdf", PDF, type=TypePiece.HANDICAP)
    client.post(reverse("portail:signaler"), {"rubrique": "AUTRE", "texte": "Mon adresse a changé."})
    envoi, sensible = (
        PieceEnLigne.objects.get(type=TypePiece.AVIS_IMPOSITION),
        PieceEnLigne.objects.get(type=TypePiece.HANDICAP),
    )
    signalement = Signalement.objects.get()
    for etranger in (
        agent(referentiel["commune-opio"], Role.AGENT_GUICHET),
        agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR),
    ):
        client.force_login(etranger)
        assert client.get(reverse("demandes:piece_en_ligne", args=[d.pk, envoi.pk])).status_code == 404
        assert client.post(reverse("demandes:piece_en_ligne_accepter", args=[d.pk, envoi.pk])).status_code == 404
        url = reverse("demandes:piece_en_ligne_refuser", args=[d.pk, envoi.pk])
        assert client.post(url, {"motif": "non"}).status_code == 404
        url = reverse("demandes:signalement_traiter", args=[d.pk, signalement.pk])
        assert client.post(url, {"reponse": "non"}).status_code == 404
        assert "Envoyé par le demandeur" not in texte(client.get(reverse("demandes:en_ligne")))
    # CASA's secretariat reads the demand, does not change it: opens a plain piece, not a confidential one, decides none
    client.force_login(agent(referentiel["casa"], Role.SECRETARIAT_COMMISSION))
    assert client.get(reverse("demandes:piece_en_ligne", args=[d.pk, envoi.pk])).status_code == 200
    assert client.get(reverse("demandes:piece_en_ligne", args=[d.pk, sensible.pk])).status_code == 403
    assert client.post(reverse("demandes:piece_en_ligne_accepter", args=[d.pk, envoi.pk])).status_code == 404
    assert PieceEnLigne.objects.filter(etat=EtatPieceEnLigne.A_VALIDER).count() == 2 and not Piece.objects.exists()
    assert Signalement.objects.get().traite_le is None


def _statut(page: str) -> str:
    """The card « Où en est ma demande » of « Ma demande », as text."""
    debut = page.index('id="titre-statut"')
    carte = page[debut : page.index("</section>", debut)]
    return " ".join(re.sub(r"<[^>]+>", " ", carte).split())


def test_le_conseil_suit_les_pieces_qui_manquent(client, referentiel):
    """An active demand is told to send its pieces only while some are missing; all received, it is told that its
    counter has yet to check the file."""
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    manquantes = selectors.pieces_manquantes(demande=d)
    assert len(manquantes) > 1
    statut = _statut(texte(client.get(reverse("portail:demande"))))
    assert f"il manque {len(manquantes)} pièces, envoyez-les à votre guichet" in statut
    for p in manquantes[1:]:
        services.piece_deposer(par=guichet, demande=d, type=p.type, vue_en_original=True)
    statut = _statut(texte(client.get(reverse("portail:demande"))))
    assert "il manque 1 pièce, envoyez-la à votre guichet" in statut
    services.piece_deposer(par=guichet, demande=d, type=manquantes[0].type, vue_en_original=True)
    d.refresh_from_db()
    assert d.etat == EtatDemande.ACTIVE and not selectors.pieces_manquantes(demande=d)
    statut = _statut(texte(client.get(reverse("portail:demande"))))
    assert "Toutes les pièces attendues ont été reçues : votre guichet doit encore vérifier votre dossier" in statut
    assert "manque" not in statut and "envoyez" not in statut


def test_le_numero_national_et_le_numero_local_sont_montres(client, referentiel):
    """The local number (CASA-AAAA-NNNNNN, the attestation's) is shown with the national one once the SNE gave it."""
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    for url in (reverse("portail:demande"), reverse("portail:etapes")):
        assert f"Demande n° {d.numero} (numéro local ; le numéro unique national" in _statut(texte(client.get(url)))
    Demande.objects.filter(pk=d.pk).update(nur="006102600004206004")
    for url in (reverse("portail:demande"), reverse("portail:etapes")):
        statut = _statut(texte(client.get(url)))
        assert f"Demande n° 006102600004206004 (numéro unique national), numéro local {d.numero}" in statut, url


def test_l_attestation_est_liee_depuis_ma_demande_quand_elle_existe(client, referentiel):
    """Not only from the renewal's page: « Ma demande » links the attestation whenever there is one, the renewal's
    window closed or the demand struck off."""
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    page = texte(client.get(reverse("portail:demande")))
    assert "Votre demande est à renouveler" not in page  # the renewal's card is not there
    assert f'href="{reverse("portail:attestation")}"' in page and "Télécharger mon attestation" in page
    assert client.get(reverse("portail:attestation"))["Content-Type"] == "application/pdf"
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    page = texte(client.get(reverse("portail:demande")))
    assert f'href="{reverse("portail:attestation")}"' in page
    assert client.get(reverse("portail:attestation")).status_code == 200


def _pieces(page: str) -> str:
    """The list of the card « Mes pièces justificatives » of « Ma demande » (the sending form left out), as text."""
    debut = page.index('id="titre-pieces"')
    carte = page[debut : page.index('id="titre-envoyer-piece"', debut)]
    return " ".join(re.sub(r"<[^>]+>", " ", carte).split())


def test_une_demande_qualifiee_ou_radiee_n_attend_plus_de_piece(client, referentiel):
    """Qualified, the file was found complete by the counter: the page says so and lists the pieces received, none
    « à fournir », even when the list of expected pieces moved since (a piece retired); struck off, nothing is
    expected any more either."""
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    for p in selectors.pieces_manquantes(demande=d):
        services.piece_deposer(par=guichet, demande=d, type=p.type, vue_en_original=True)
    services.demande_qualifier(par=guichet, demande=d)
    Piece.objects.filter(demande=d, type=TypePiece.IDENTITE).update(retiree=True)
    page = texte(client.get(reverse("portail:demande")))
    pieces, statut = _pieces(page), _statut(page)
    assert "Votre guichet a reconnu votre dossier complet (demande qualifiée). Les pièces reçues :" in pieces
    assert "Avis d'imposition (revenus N-2)" in pieces and "Reçue" in pieces
    assert "manque" not in pieces and "À fournir" not in pieces and "Pièce d'identité" not in pieces
    assert "manque" not in statut and "envoyez" not in statut and "il ne vous demande plus de pièce" in statut
    assert "Pièces qui manquent à votre dossier" not in page  # nor the sending form's list
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    page = texte(client.get(reverse("portail:demande")))
    pieces, statut = _pieces(page), _statut(page)
    assert "Votre demande est radiée : aucune pièce n'est plus attendue. Les pièces reçues :" in pieces
    assert "manque" not in pieces and "À fournir" not in pieces and "Avis d'imposition (revenus N-2)" in pieces
    assert "manque" not in statut and "envoyez" not in statut and "pièce" not in statut


def test_une_demande_radiee_sans_piece_ne_dit_pas_qu_il_en_manque(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    services.demande_radier(par=guichet, demande=d, motif=MotifRadiation.RADABA)
    connecter(client, d)
    pieces = _pieces(texte(client.get(reverse("portail:demande"))))
    assert "aucune pièce n'est plus attendue" in pieces and "Aucune pièce." in pieces
    assert "manque" not in pieces and "À fournir" not in pieces


def test_la_liste_des_pieces_et_les_chiffres_se_lisent_bien(client, referentiel):
    """No nested brackets in a piece's reason; the reference tax income with a no-break space between thousands."""
    d, _ = demande_de_famille(referentiel, rfr=20737)
    connecter(client, d)
    page = texte(client.get(reverse("portail:demande")))
    assert "(pour tout demandeur ; plafonds de ressources)" in page and "demandeur (plafonds" not in page
    assert "20\u00a0737\u00a0€ (revenus 2024)" in page and "20737" not in page


def test_le_menu_est_dans_la_colonne_centree():
    """The menu's list is a .portail-colonne: its own rule must keep the column's centring (margin auto)."""
    from pathlib import Path

    css = Path(__file__).resolve().parents[2].joinpath("static/css/portail.css").read_text()
    regle = re.search(r"\.portail-nav ul \{([^}]*)\}", css)[1]
    assert re.search(r"margin:\s*0 auto", regle)
