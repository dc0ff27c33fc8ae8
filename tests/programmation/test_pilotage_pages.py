"""Pages of the programme's states and delivery, gestion en flux and the résidence watch, through the test client:
what each organisation sees and may do."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.utils import timezone

from programmation import flux, livraison, reunions
from programmation.models import EtatProgramme, Logement, ObjectifFlux, Occupation, Programme, Residence
from territoire.models import Commune
from territoire.roles import Role, TypeOrganisation
from tests.programmation.fabriques import dispo_creee, parts_de
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def monde(referentiel):
    casa = agent(referentiel["casa"], Role.INSTRUCTEUR)
    erilia = referentiel["erilia"]
    autre = OrganisationFactory(nom="Logis du Sud", slug="logis-du-sud", type=TypeOrganisation.BAILLEUR)
    antibes = Commune.objects.get(code_insee="06004")
    residences = {}
    for bailleur, nom in ((erilia, "Les Oliviers"), (autre, "Le Mas du Sud")):
        r = Residence.objects.create(bailleur=bailleur, reference=nom[:6], nom=nom, adresse="1 rue", commune=antibes)
        for i in range(5):
            lg = Logement.objects.create(
                residence=r, numero=str(i), typologie="T3", financement="PLUS", surface=65, etage=0, loyer=450
            )
            Occupation.objects.create(logement=lg, debut=dt.date(2010, 1, 1), personnes=3, quartile=1 + i % 4)
        residences[bailleur.slug] = r
    return {
        "casa": casa,
        "erilia": erilia,
        "autre": autre,
        "residences": residences,
        "gestionnaire": agent(erilia, Role.GESTIONNAIRE_BAILLEUR),
        "etat": agent(referentiel["prefecture-06"], Role.RESERVATAIRE),
        **{k: v for k, v in referentiel.items() if k in ("prefecture-06", "action-logement", "commune-valbonne")},
    }


def _texte(reponse) -> str:
    return reponse.content.decode()


def test_la_page_du_flux_selon_l_organisation(client, monde):
    annee = timezone.localdate().year
    casa, etat = monde["casa"], monde["prefecture-06"]
    for bailleur in (monde["erilia"], monde["autre"]):
        flux.objectif_fixer(par=casa, annee=annee, bailleur=bailleur, reservataire=etat, part=Decimal(25))
    flux.objectif_fixer(
        par=casa, annee=annee, bailleur=monde["erilia"], reservataire=monde["action-logement"], part=Decimal(15)
    )
    dispo_creee(monde["residences"]["erilia"].logements.first(), etat, le=timezone.localdate(), declarant=casa)
    client.force_login(casa)
    page = _texte(client.get("/parc/flux/"))
    assert "Par réservataire, tous bailleurs" in page
    assert "Erilia — flux" in page and "Logis du Sud — flux" in page
    assert "Fixer un objectif pour" in page
    client.force_login(monde["gestionnaire"])
    page = _texte(client.get("/parc/flux/"))
    assert "Erilia — flux" in page and "Logis du Sud" not in page
    assert "Action Logement Services" in page
    client.force_login(monde["etat"])
    page = _texte(client.get("/parc/flux/"))
    assert "Erilia — flux" in page and "Logis du Sud — flux" in page
    assert "Action Logement Services" not in page  # another réservataire's objective
    assert "Fixer un objectif" not in page
    assert client.post("/parc/flux/", {"bailleur": monde["erilia"].pk}).status_code == 403


def test_fixer_un_objectif_depuis_la_page(client, monde):
    client.force_login(monde["gestionnaire"])
    annee = timezone.localdate().year
    vide = client.post(f"/parc/flux/?annee={annee}", {"bailleur": monde["erilia"].pk, "reservataire": ""})
    assert "Donnez soit une part du flux, soit un nombre de logements." in _texte(vide)
    # a landlord fixes only its own objectives: another landlord is not in its choices
    autre = client.post(
        "/parc/flux/", {"bailleur": monde["autre"].pk, "reservataire": monde["prefecture-06"].pk, "part": "25"}
    )
    assert autre.status_code == 200 and not ObjectifFlux.objects.exists()
    ok = client.post(
        f"/parc/flux/?annee={annee}",
        {"bailleur": monde["erilia"].pk, "reservataire": monde["prefecture-06"].pk, "part": "27,5"},
    )
    assert ok.status_code == 302
    assert ObjectifFlux.objects.get().part == Decimal("27.5")
    assert "27,5\u00a0% du flux" in _texte(client.get(ok.url))


def test_l_observatoire_reste_dans_le_parc_visible(client, monde):
    client.force_login(monde["gestionnaire"])
    page = _texte(client.get("/parc/observatoire/"))
    assert "Les Oliviers" in page and "Le Mas du Sud" not in page
    client.force_login(monde["casa"])
    page = _texte(client.get("/parc/observatoire/?commune=06004"))
    assert "Les Oliviers" in page and "Le Mas du Sud" in page
    assert "40,0\u00a0%" in page  # 2 first-quartile households out of 5 in each
    page = _texte(client.get("/parc/observatoire/?seulement=fragiles"))
    assert "Aucune résidence." in page
    residence = _texte(client.get(f"/parc/residences/{monde['residences']['erilia'].pk}/"))
    assert "À surveiller" in residence and "ménages du 1er quartile parmi les occupants : 40,0" in residence


@pytest.fixture
def en_chantier(monde, referentiel):
    casa = monde["casa"]
    p = reunions.programme_creer(
        par=casa,
        bailleur=monde["erilia"],
        commune=Commune.objects.get(code_insee="06152"),
        nom="Les Terrasses de Garbejaïre",
        adresse="Route des Colles",
        livraison_prevue=dt.date(2027, 6, 30),
        lots=[("T2", "PLAI", 4), ("T2", "PLUS", 6), ("T3", "PLUS", 8), ("T4", "PLS", 2)],
    )
    return p


def test_faire_avancer_le_programme_depuis_sa_page(client, monde, en_chantier, referentiel, confirmer):
    p = en_chantier
    client.force_login(monde["gestionnaire"])  # the programme's landlord
    reponse = client.post(f"/parc/programmes/{p.pk}/", {"avancer": "FINANCE"}, follow=True)
    assert "La répartition entre réservataires doit être validée en réunion" in _texte(reponse)
    r = reunions.reunion_convoquer(
        par=monde["casa"], programme=p, date=timezone.now() + dt.timedelta(days=2), lieu="CASA", organisations=[]
    )
    reunions.repartition_enregistrer(par=monde["casa"], reunion=r, parts=parts_de(referentiel))
    reunions.reunion_valider(par=monde["casa"], reunion=r)
    reponse = confirmer(
        client, f"/parc/programmes/{p.pk}/", {"avancer": "FINANCE", "commentaire": "Agrément"}, follow=True
    )
    assert "à « Financé » ; le changement est noté dans son historique" in html.unescape(reponse.confirmation)
    assert "Le programme est désormais « Financé »." in _texte(reponse)
    assert "Passer à « En chantier »" in _texte(reponse)
    # a double click sends the same step twice: the second is refused, nothing moves
    double = client.post(f"/parc/programmes/{p.pk}/", {"avancer": "FINANCE"}, follow=True)
    assert "il ne peut passer qu&#x27;à « En chantier »" in _texte(double)
    assert Programme.objects.get(pk=p.pk).etat == EtatProgramme.FINANCE
    client.force_login(monde["etat"])
    assert client.post(f"/parc/programmes/{p.pk}/", {"avancer": "CHANTIER"}).status_code == 403


def test_livrer_depuis_la_page(client, monde, en_chantier, referentiel, confirmer):
    p = en_chantier
    casa = monde["casa"]
    r = reunions.reunion_convoquer(
        par=casa, programme=p, date=timezone.now() + dt.timedelta(days=2), lieu="CASA", organisations=[]
    )
    reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel))
    reunions.reunion_valider(par=casa, reunion=r)
    livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.FINANCE)
    livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.CHANTIER)
    client.force_login(casa)
    page = _texte(client.get(f"/parc/programmes/{p.pk}/livrer/"))
    assert f'value="PRG-{p.pk}"' in page
    assert 'name="surface_T3_PLUS" value="65"' in page  # the average of the commune, else the usual figure
    donnees = {"date_livraison": timezone.localdate().isoformat(), "reference": "GARB"}
    for lot in p.lots.all():
        cle = f"{lot.typologie}_{lot.financement}"
        donnees |= {f"surface_{cle}": "60", f"loyer_{cle}": "400,50", f"charges_{cle}": "80"}
    reponse = confirmer(client, f"/parc/programmes/{p.pk}/livrer/", donnees)
    assert "ses 20 logements seront créés" in html.unescape(reponse.confirmation)
    residence = Residence.objects.get(reference="GARB")
    assert reponse.status_code == 302 and reponse.url == f"/parc/residences/{residence.pk}/"
    assert residence.logements.count() == 20
    assert set(residence.logements.values_list("loyer", flat=True)) == {Decimal("400.50")}
    page = _texte(client.get(reponse.url))
    assert "Aucun occupant connu" in page and "Occupation inconnue" in page
    # delivered: the delivery page sends back to the programme
    assert client.get(f"/parc/programmes/{p.pk}/livrer/").status_code == 302
