import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commun.erreurs import ErreurMetier
from programmation import reunions
from programmation.models import EtatReunion, PartReservataire
from territoire.models import Commune
from territoire.roles import Role
from tests.programmation.fabriques import parts_de
from tests.territoire.fabriques import agent


def test_convoquer_envoie_les_convocations(programme, referentiel, django_capture_on_commit_callbacks):
    casa, p = programme
    with django_capture_on_commit_callbacks(execute=True):
        r = reunions.reunion_convoquer(
            par=casa,
            programme=p,
            date=timezone.now() + dt.timedelta(days=10),
            lieu="Salle du conseil, CASA",
            organisations=[
                referentiel["prefecture-06"],
                referentiel["action-logement"],
                referentiel["commune-valbonne"],
            ],
        )
    assert r.invitations.count() == 4  # the landlord is always invited
    assert mail.outbox[0].to == ["programmation@erilia.fr"]
    assert "Les Terrasses de Garbejaïre" in mail.outbox[0].subject


def test_une_repartition_aux_totaux_faux_est_refusee_puis_corrigee_validee_et_le_compte_rendu_produit(
    programme, referentiel
):
    casa, p = programme
    r = reunions.reunion_convoquer(
        par=casa,
        programme=p,
        date=timezone.now() + dt.timedelta(days=10),
        lieu="CASA",
        organisations=[referentiel["prefecture-06"]],
    )
    with pytest.raises(ErreurMetier, match="T4 PLS : 3 répartis pour 2 au programme"):
        reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel, bon=False))
    assert not PartReservataire.objects.exists()
    reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel))
    reunions.presences_enregistrer(par=casa, reunion=r, presentes=[referentiel["erilia"], referentiel["prefecture-06"]])
    synthese = {s["organisation"].slug: s for s in reunions.parts_par_reservataire(r)}
    assert synthese["prefecture-06"]["nombre"] == 6
    assert synthese["prefecture-06"]["part"] == 0.3
    assert synthese["prefecture-06"]["alerte"] == ""  # exactly 30 % is within the usual rule
    r = reunions.reunion_valider(par=casa, reunion=r)
    assert r.etat == EtatReunion.VALIDEE
    assert bytes(r.compte_rendu).startswith(b"%PDF")
    with pytest.raises(ErreurMetier, match="validée"):
        reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel))


def test_un_bailleur_ne_cree_pas_de_programme(referentiel):
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        reunions.programme_creer(
            par=gestionnaire,
            bailleur=referentiel["erilia"],
            commune=Commune.objects.get(code_insee="06004"),
            nom="X",
            adresse="Y",
            livraison_prevue=dt.date(2028, 1, 1),
            lots=[("T2", "PLUS", 2)],
        )


def test_au_dela_de_30_pour_cent_pour_l_etat_la_part_est_signalee(programme, referentiel):
    casa, p = programme
    r = reunions.reunion_convoquer(
        par=casa,
        programme=p,
        date=timezone.now() + dt.timedelta(days=10),
        lieu="CASA",
        organisations=[referentiel["prefecture-06"]],
    )
    parts = parts_de(referentiel)
    parts[2] = (referentiel["action-logement"], "T2", "PLUS", 5)
    parts.append((referentiel["prefecture-06"], "T2", "PLUS", 1))
    reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts)
    synthese = {s["organisation"].slug: s for s in reunions.parts_par_reservataire(r)}
    assert synthese["prefecture-06"]["nombre"] == 7
    assert "au-delà des 30" in synthese["prefecture-06"]["alerte"]
