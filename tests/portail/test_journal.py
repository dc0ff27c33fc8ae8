"""What an applicant does in the space is audited like an agent's change (docs/audit.md): the journal of
modifications names the author « Le demandeur », « dans son espace en ligne », not « Sans auteur connu »."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoire.roles import Role
from tests.portail.fabriques import connecter, demande_de_famille
from tests.territoire.fabriques import agent


def test_une_piece_envoyee_et_une_erreur_signalee_sont_au_journal_au_nom_du_demandeur(client, referentiel):
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    fichier = SimpleUploadedFile("identite.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(reverse("portail:piece_envoyer"), {"type": "IDENTITE", "fichier": fichier}).status_code == 302
    r = client.post(reverse("portail:signaler"), {"rubrique": "COORDONNEES", "texte": "J'ai déménagé."})
    assert r.status_code == 302
    client.logout()
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    page = client.get(reverse("journal"), {"objet": "demande", "numero": demande.numero})
    texte = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
    for quoi in ("Pièce envoyée en ligne", "Erreur signalée"):
        ligne = f"Le demandeur dans son espace en ligne Création {quoi} de la demande n° {demande.numero}"
        assert ligne in texte, quoi
