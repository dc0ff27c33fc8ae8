"""Issue 18: a demand is named by its NUR (the SNE's numéro unique) when known, else by its local number
(CASA-2026-000123), and found by either. Here: the CAL file (a row by the NUR, a row by the local number, both at once,
an unknown one), the pre-filled template (it writes the number to show), the positionnements (service, page, API),
the réservataires' lists, the candidates' API and the commission's pages."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from commissions import services as commissions_services
from commun.erreurs import ErreurMetier
from demandes.models import Demande
from positionnements import croisements, services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import EtatDepot, Positionnement
from territoire.roles import Role
from tests.positionnements.fabriques_cal import appliquer, deposer, etats, fichier_csv, lignes_completes, photo
from tests.territoire.fabriques import agent

NUR_DALO = "006091600004206004"
NUR_MOYENNE = "006091600004306004"


def _avec_nur(demande: Demande, nur: str) -> Demande:
    """The SNE gave `demande` its NUR (sne/ writes it at import; here, directly)."""
    Demande.objects.filter(pk=demande.pk).update(nur=nur)
    demande.refresh_from_db()
    return demande


@pytest.mark.jour_fige
def test_un_fichier_de_cal_nomme_la_demande_par_son_nur_ou_par_son_numero_local(retours):
    r, d = retours, retours["demandes"]
    _avec_nur(d["dalo"], NUR_DALO)
    _avec_nur(d["moyenne"], NUR_MOYENNE)
    lignes = lignes_completes(r)  # dalo, modeste, moyenne, aisee: by their local numbers
    lignes[0]["numero_demande"] = "006 0916 000042 06004"  # the NUR, with spaces
    lignes[1]["numero_demande"] = d["modeste"].numero.lower()  # no NUR yet: the local number, in lower case
    # moyenne keeps its local number although it has a NUR: both are read
    depot = deposer(r, fichier_csv(lignes))
    assert depot.etat == EtatDepot.VERIFIE, depot.erreurs
    assert depot.resume["a_appliquer"] == 4 and depot.resume["baux"] == 1
    assert depot.resume["baux_detail"][0].startswith(f"demande n° {NUR_DALO} — Les Oliviers, logement A11")
    appliquer(r, depot)
    assert etats(r) == {"dalo": E.BAIL_SIGNE, "modeste": E.ECHEC, "moyenne": E.NON_ATTRIBUE, "aisee": E.ATTRIBUE_CS}


@pytest.mark.jour_fige
def test_la_meme_demande_par_ses_deux_numeros_et_un_numero_inconnu_sont_refuses(retours):
    r, d = retours, retours["demandes"]
    _avec_nur(d["dalo"], NUR_DALO)
    lignes = lignes_completes(r)  # row 2: dalo by its local number
    lignes.append({**lignes[0], "numero_demande": NUR_DALO})  # row 6: dalo again, by its NUR
    lignes[2]["numero_demande"] = "CASA-2026-999999"  # row 4
    avant = photo()
    depot = deposer(r, fichier_csv(lignes))
    assert depot.etat == EtatDepot.REJETE
    assert depot.erreurs == [
        [4, "la demande CASA-2026-999999 n'a été proposée par la CASA sur aucun logement d'Erilia"],
        [6, "même candidat et même logement que la ligne 2"],
    ]
    assert photo() == avant


@pytest.mark.jour_fige
def test_le_modele_pre_rempli_ecrit_le_nur_connu_et_se_relit_tel_quel(client, retours):
    r, d = retours, retours["demandes"]
    _avec_nur(d["dalo"], NUR_DALO)
    client.force_login(r["gestionnaire"])
    contenu = client.get("/positionnements/cal/modele-prerempli.csv").content
    lignes = list(csv.DictReader(io.StringIO(contenu.decode("cp1252")), delimiter=";"))
    assert [li["numero_demande"] for li in lignes] == [
        NUR_DALO,
        d["modeste"].numero,
        d["moyenne"].numero,
        d["aisee"].numero,
    ]
    depot = deposer(r, contenu, nom="prerempli.csv")
    assert depot.erreurs == [] and depot.resume["sans_decision"] == 4
    client.force_login(r["casa"])  # CASA's tab of the decisions awaited names each candidate by its number to show
    page = client.get("/positionnements/cal/?vue=attendues").content.decode()
    assert f">{NUR_DALO}</a>" in page and f">{d['modeste'].numero}</a>" in page
    assert d["dalo"].numero not in page


def test_positionner_par_le_nur_ou_le_numero_local(monde):
    d, (a11, a12) = monde["demandes"], monde["dispos"]
    _avec_nur(d["dalo"], NUR_DALO)
    casa = monde["casa"]
    with pytest.raises(ErreurMetier, match="^Demande inconnue : 006 0916 000099 06004.$"):
        services.positionner(par=casa, disponibilite=a11, numeros=["006 0916 000099 06004"], exception="PAS_ASSEZ")
    with pytest.raises(ErreurMetier, match="^Un même candidat est choisi deux fois.$"):
        services.positionner(
            par=casa, disponibilite=a11, numeros=[NUR_DALO, d["dalo"].numero.lower()], exception="PAS_ASSEZ"
        )
    assert not Positionnement.objects.exists()
    crees = services.positionner(
        par=casa, disponibilite=a11, numeros=[NUR_DALO.lower(), d["modeste"].numero, f" {d['moyenne'].numero} "]
    )
    assert [(p.rang, p.demande_id) for p in crees] == [(1, d["dalo"].pk), (2, d["modeste"].pk), (3, d["moyenne"].pk)]
    assert str(crees[0]).startswith(f"{NUR_DALO} sur ")
    # a second positionnement: its reason keyed by the number given, the message naming the NUR
    with pytest.raises(ErreurMetier, match=f"La demande {NUR_DALO} est déjà positionnée sur le logement A11"):
        services.positionner(par=casa, disponibilite=a12, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    (p,) = services.positionner(
        par=casa,
        disponibilite=a12,
        numeros=[d["dalo"].numero],
        exception="PAS_ASSEZ",
        derogations={d["dalo"].numero: "Deux offres adaptées"},
    )
    assert p.derogation == "Deux offres adaptées"


def test_la_page_du_logement_montre_et_positionne_par_le_numero_a_montrer(client, monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    _avec_nur(d["dalo"], NUR_DALO)
    client.force_login(monde["casa"])
    url = f"/positionnements/logements/{dispo.pk}/"
    page = client.get(url).content.decode()
    assert f'value="{NUR_DALO}"' in page and f'value="{d["dalo"].numero}"' not in page
    assert f'value="{d["modeste"].numero}"' in page  # no NUR: the local number
    # « pourquoi » by either number, spaces and case aside
    for texte in (NUR_DALO, d["dalo"].numero.lower()):
        verdict = client.get(url, {"pourquoi": texte}).content.decode()
        assert "La demande convient au logement" in verdict, texte
    assert (
        "Aucune demande n&#x27;a le numéro CASA-2026-999999."
        in client.get(url, {"pourquoi": "CASA-2026-999999"}).content.decode()
    )
    reponse = client.post(url, {"numeros": [NUR_DALO], "exception": "PAS_ASSEZ"})
    assert reponse.status_code == 302
    assert Positionnement.objects.get().demande_id == d["dalo"].pk
    page = client.get(url).content.decode()
    assert f"<td>{NUR_DALO}</td>" in page


def test_l_api_montre_les_deux_numeros_et_lit_l_un_ou_l_autre(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    _avec_nur(d["dalo"], NUR_DALO)
    api = APIClient()
    api.force_authenticate(monde["casa"])
    premier = api.get(f"/api/v1/disponibilites/{dispo.pk}/candidats/").json()["resultats"][0]
    assert (premier["numero"], premier["nur"], premier["numero_local"]) == (NUR_DALO, NUR_DALO, d["dalo"].numero)
    for texte in (NUR_DALO, d["dalo"].numero):
        assert api.get(f"/api/v1/disponibilites/{dispo.pk}/pourquoi/{texte}/").json()["eligible"] is True
    inconnu = api.get(f"/api/v1/disponibilites/{dispo.pk}/pourquoi/CASA-2026-999999/").json()
    assert inconnu["message"] == "Aucune demande n'a le numéro CASA-2026-999999."
    cree = api.post(
        "/api/v1/positionnements/",
        {"disponibilite": dispo.pk, "numeros": [NUR_DALO, d["modeste"].numero, d["moyenne"].numero]},
        format="json",
    )
    assert cree.status_code == 201, cree.content
    assert [(p["numero"], p["nur"], p["numero_local"]) for p in cree.json()] == [
        (NUR_DALO, NUR_DALO, d["dalo"].numero),
        (d["modeste"].numero, None, d["modeste"].numero),
        (d["moyenne"].numero, None, d["moyenne"].numero),
    ]


def test_la_liste_d_un_reservataire_nomme_les_demandes_par_l_un_ou_l_autre_numero(monde, referentiel):
    d = monde["demandes"]
    _avec_nur(d["dalo"], NUR_DALO)
    etat = agent(referentiel["prefecture-06"], Role.RESERVATAIRE)

    def deposer_liste(*lignes):
        contenu = ("numéro;type;date;logement\n" + "\n".join(lignes) + "\n").encode("cp1252")
        return croisements.fichier_deposer(
            par=etat, reservataire=referentiel["prefecture-06"], nom="liste.csv", contenu=contenu
        )

    refus = deposer_liste(
        f"{NUR_DALO};positionné;20/11/2026;",
        f"{d['dalo'].numero.lower()};positionné;21/11/2026;",
        "CASA-2026-999999;désigné;20/11/2026;",
    )
    assert refus.erreurs == [
        [3, f"la demande {d['dalo'].numero.lower()} est déjà sur la ligne 2 avec ce type"],
        [4, "la demande CASA-2026-999999 est inconnue"],
    ]
    rapport = deposer_liste(
        "006 0916 000042 06004;positionné;20/11/2026;", f"{d['modeste'].numero};désigné;20/11/2026;"
    )
    assert rapport.valide, rapport.erreurs
    assert set(rapport.liste.designations.values_list("demande_id", flat=True)) == {d["dalo"].pk, d["modeste"].pk}


def test_la_seance_et_le_proces_verbal_nomment_le_candidat_par_son_nur(client, ccpc):
    """The commission's pages name a candidate by the number to show (CASA's version)."""
    d = ccpc["demandes"]
    _avec_nur(d["dalo"], NUR_DALO)
    seance = commissions_services.ordre_du_jour_definir(
        par=ccpc["secretariat"], seance=ccpc["seance"], disponibilites=[ccpc["a11"], ccpc["a12"]]
    )
    client.force_login(ccpc["secretariat"])
    page = client.get(f"/commissions/seances/{seance.pk}/").content.decode()
    assert f"{NUR_DALO} <span" in page and f"{d['modeste'].numero} <span" in page
    assert d["dalo"].numero not in page
