"""Croisement des fichiers: a réservataire's list of candidates, checked row by row (file and API), replacing the
previous one, and the flags it raises against CASA's positionnements."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from demandes import services as demandes_services
from demandes.codes import MotifRadiation
from positionnements import croisements, services
from positionnements.models import Designation, ListeReservataire
from territoire.roles import Role
from tests.territoire.fabriques import agent


def _csv(*lignes, encodage="cp1252"):
    return ("numéro;type;date;logement\n" + "\n".join(lignes) + "\n").encode(encodage)


@pytest.fixture
def etat(referentiel):
    return agent(referentiel["prefecture-06"], Role.RESERVATAIRE)


def test_une_liste_fausse_dit_chaque_ligne_et_n_enregistre_rien(monde, referentiel, etat):  # noqa: F811
    d = monde["demandes"]
    demain = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    rapport = croisements.fichier_deposer(
        par=etat,
        reservataire=referentiel["prefecture-06"],
        nom="liste.csv",
        contenu=_csv(
            f"{d['modeste'].numero};positionné;20/11/2026;Erilia A12",
            "000000000000000000;désigné;20/11/2026;",
            f"{d['moyenne'].numero};réservé;20/11/2026;",
            f"{d['aisee'].numero};attribué;{demain};",
            f"{d['modeste'].numero};Positionné;21/11/2026;",
            f"{d['dalo'].numero};désigné;31/02/2026;",
        ),
    )
    assert not rapport.valide and rapport.lignes == 6
    assert rapport.erreurs == [
        [3, "la demande 000000000000000000 est inconnue"],
        [4, "type « réservé » inconnu (positionné, désigné ou attribué)"],
        [5, f"la date {demain} est dans le futur"],
        [6, f"la demande {d['modeste'].numero} est déjà sur la ligne 2 avec ce type"],
        [7, "la date « 31/02/2026 » n'existe pas dans le calendrier"],
    ]
    assert rapport.nombre_erreurs == 5
    assert not ListeReservataire.objects.exists() and not Designation.objects.exists()


def test_une_liste_valide_remplace_la_precedente_et_leve_les_signalements(monde, referentiel, etat):  # noqa: F811
    d, dispo = monde["demandes"], monde["dispos"][0]
    services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    contenu = _csv(
        f"{d['dalo'].numero};positionné;20/11/2026;Logirem B3",
        f"{d['moyenne'].numero};désigné;2026-11-18;",
        encodage="utf-8-sig",
    )
    r1 = croisements.fichier_deposer(par=etat, reservataire=referentiel["prefecture-06"], nom="l.csv", contenu=contenu)
    assert r1.valide
    r2 = croisements.fichier_deposer(par=etat, reservataire=referentiel["prefecture-06"], nom="l.csv", contenu=contenu)
    assert ListeReservataire.objects.filter(active=True).get() == r2.liste  # the same list twice: one list in force
    assert Designation.objects.filter(liste__active=True).count() == 2
    alertes = croisements.alertes()
    assert [a.message for a in alertes[d["dalo"].pk]] == [
        "Positionnée par plusieurs réservataires : Préfecture des Alpes-Maritimes (DDETS 06), la CASA."
    ]
    assert [a.code for a in alertes[d["moyenne"].pk]] == ["DESIGNEE_AILLEURS"]
    designee = "Désignée par Préfecture des Alpes-Maritimes (DDETS 06) le 18/11/2026."
    assert alertes[d["moyenne"].pk][0].message == designee
    # the candidate page shows the flags next to the candidates
    client = Client()
    client.force_login(monde["casa"])
    page = client.get(f"/positionnements/logements/{dispo.pk}/").content.decode()
    assert designee in page


def test_une_demande_radiee_pour_attribution_est_signalee(monde, referentiel, etat):  # noqa: F811
    d = monde["demandes"]
    demandes_services.demande_radier(par=monde["casa"], demande=d["aisee"], motif=MotifRadiation.RADATT)
    croisements.fichier_deposer(
        par=etat,
        reservataire=referentiel["prefecture-06"],
        nom="l.csv",
        contenu=_csv(f"{d['aisee'].numero};positionné;20/11/2026;"),
    )
    assert [a.code for a in croisements.alertes()[d["aisee"].pk]] == ["DEJA_ATTRIBUEE"]


def test_chacun_depose_sa_liste(monde, referentiel):  # noqa: F811
    al = agent(referentiel["action-logement"], Role.RESERVATAIRE)
    with pytest.raises(PermissionDenied):
        croisements.liste_deposer(par=al, reservataire=referentiel["prefecture-06"], lignes=[{"numero": "x"}])


def test_l_api_des_listes(monde, referentiel, etat):  # noqa: F811
    d = monde["demandes"]
    api = APIClient()
    api.force_authenticate(etat)
    mauvaise = api.post(
        "/api/v1/listes-reservataires/",
        {"lignes": [{"numero": "inconnu", "type": "positionné", "date": "20/11/2026"}]},
        format="json",
    )
    assert mauvaise.status_code == 400
    assert mauvaise.json() == {"lignes": ["Ligne 1 : la demande inconnu est inconnue"]}
    bonne = api.post(
        "/api/v1/listes-reservataires/",
        {"lignes": [{"numero": d["modeste"].numero, "type": "designe", "date": "2026-11-20"}]},
        format="json",
    )
    assert bonne.status_code == 201 and bonne.json()["lignes"] == 1
    assert api.get("/api/v1/listes-reservataires/").json()["count"] == 1
