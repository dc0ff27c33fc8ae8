"""Home counters (issue 16): every figure on a home page is the row count of the list its link opens, for every demo
role (the counter and the page filter through the same selector and filters)."""

import random

import pytest
from django.utils import timezone
from faker import Faker

from demo.comptes import DEMO_USERS
from demo.demandes import creer_demandes_demo
from territoire.models import Utilisateur


@pytest.fixture
def demo(referentiel):
    from django.core.management import call_command

    call_command("seed_demo", "--scale", "0", verbosity=0)
    faker = Faker("fr_FR")
    faker.seed_instance(3)
    creer_demandes_demo(nombre=80, hasard=random.Random(3), faker=faker, jour=timezone.localdate())


def _total(reponse):
    for cle in ("tableau", "page"):
        objet = reponse.context.get(cle) if reponse.context else None
        paginator = getattr(objet, "paginator", None)
        if paginator is not None:
            return paginator.count
    return None


@pytest.mark.parametrize("login", [u[0] for u in DEMO_USERS])
def test_chaque_compteur_de_l_accueil_est_le_total_de_sa_liste(client, demo, login):
    client.force_login(Utilisateur.objects.get(username=login))
    accueil = client.get("/")
    verifies = []
    for panneau in accueil.context["panneaux"]:
        for tache in panneau.taches:
            if tache.nombre is None or not tache.url:
                continue
            reponse = client.get(tache.url)
            assert reponse.status_code == 200, tache
            total = _total(reponse)
            if total is None:  # a page that is not a list (the territory, the tracking table): nothing to compare
                continue
            assert total == tache.nombre, (
                f"{login} : « {tache.libelle} » dit {tache.nombre}, la liste en montre {total}"
            )
            verifies.append(tache.libelle)
    assert verifies or login in {"lecteur.casa"}, f"{login} : aucun compteur vérifié"


def test_un_membre_convoque_a_des_seances_closes_les_voit_comptees(client, referentiel):
    import datetime as dt

    from commissions.models import Convocation, EtatSeance, Membre, Seance
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    membre = agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION)
    fiche = Membre.objects.create(
        utilisateur=membre,
        organisation=referentiel["commune-vallauris"],
        college=Membre._meta.get_field("college").choices[0][0],
        civilite="Mme",
        prenom="Élodie",
        nom="Fabre",
        debut=dt.date(2025, 1, 1),
    )
    for n, etat in enumerate((EtatSeance.CLOSE, EtatSeance.CLOSE)):
        seance = Seance.objects.create(
            numero=f"CCPC-2026-0{n}",
            date=timezone.now() - dt.timedelta(days=30 + n),
            lieu="Sophia",
            etat=etat,
            creee_par=membre,
        )
        Convocation.objects.create(seance=seance, membre=fiche)
    client.force_login(membre)
    taches = {t.libelle: t for p in client.get("/").context["panneaux"] for t in p.taches}
    assert taches["Séances auxquelles vous êtes convoqué"].nombre == 2
    assert taches["Dont séances à tenir"].nombre == 0


@pytest.mark.parametrize("login", [u[0] for u in DEMO_USERS])
def test_aucune_entree_du_menu_ne_mene_a_un_refus(client, demo, login):
    """Found by a newcomer: CASA's reader was shown « Commission » (403) and lists that could only be empty."""
    import re

    client.force_login(Utilisateur.objects.get(username=login))
    page = client.get("/").content.decode()
    sections = page.split('class="navbar-nav navbar-sections"', 1)[1].split("</ul>", 1)[0]
    liens = re.findall(r'href="([^"]+)"', sections)
    assert liens
    for lien in liens:
        assert client.get(lien).status_code == 200, f"{login} : {lien}"
    if login == "lecteur.casa":
        assert liens == ["/", "/suivi/", "/parc/", "/organisations/", "/territoire/communes/"]
