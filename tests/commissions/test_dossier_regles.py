"""The session dossier judges each dwelling by its landlord's rules on the session's day and says who set them
(issue 20): a stricter effort rate of Erilia in force before the session shows in both versions."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from commissions import services
from commissions.dossier import dossier_pdf
from positionnements import services as positionnements_services
from territoire.roles import Role
from tests.pdf import texte_pdf
from tests.territoire.fabriques import agent


def _texte(pdf: bytes) -> str:
    return " ".join(texte_pdf(pdf).split())


def test_le_dossier_dit_la_regle_du_bailleur_du_jour_de_la_seance(ccpc, referentiel):
    c = ccpc
    seance = services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"]])
    avant = _texte(dossier_pdf(seance, membres=True))
    assert "Règles appliquées" in avant and "règle de la CASA" in avant and "règle du bailleur" not in avant
    positionnements_services.regles_enregistrer(
        par=agent(referentiel["erilia"], Role.ADMINISTRATEUR),
        bailleur=referentiel["erilia"],
        date_effet=timezone.localdate() + dt.timedelta(days=3),  # before the session, in 7 days
        taux_effort_max=Decimal("0.20"),
        motif="Règlement intérieur d'attribution",
    )
    for membres in (False, True):
        texte = _texte(dossier_pdf(seance, membres=membres))
        assert "Taux d'effort maximal : 20,0 % (règle du bailleur Erilia" in texte
        assert "Ne convient plus au logement : Taux d'effort de 23,0 %" in texte
