import pytest
from django.core.management import call_command

from demo.comptes import DEMO_PASSWORD, DEMO_USERS
from territoire.contexte import contexte_de
from territoire.models import Habilitation, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def test_17_bailleurs_dont_erilia_reel_et_16_noms_de_demonstration(demo):
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR)
    assert bailleurs.count() == 17
    assert bailleurs.get(nom="Erilia").est_demo is False
    assert bailleurs.filter(est_demo=True).count() == 16


def test_un_compte_de_demonstration_par_role(demo):
    roles = set()
    for login, _, slug, role in DEMO_USERS:
        user = Utilisateur.objects.get(username=login)
        assert user.check_password(DEMO_PASSWORD)
        assert Habilitation.objects.filter(utilisateur=user, organisation__slug=slug, role=role).exists()
        roles.add(role)
    assert roles == set(Role.values)


def test_le_personnel_des_partenaires_a_des_noms_francais_deterministes(demo):
    premier = Utilisateur.objects.get(username="erilia.1")
    assert premier.first_name and premier.last_name
    nom = premier.get_full_name()
    Utilisateur.objects.filter(username__contains=".").exclude(username__in=[u[0] for u in DEMO_USERS]).delete()
    call_command("seed_demo", "--scale", "0", verbosity=0)
    assert Utilisateur.objects.get(username="erilia.1").get_full_name() == nom


def test_seed_demo_est_idempotent(demo):
    compte = (Organisation.objects.count(), Utilisateur.objects.count(), Habilitation.objects.count())
    call_command("seed_demo", "--scale", "0", verbosity=0)
    assert (Organisation.objects.count(), Utilisateur.objects.count(), Habilitation.objects.count()) == compte


def test_createsuperuser_noinput_cree_un_administrateur_de_la_casa(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chef")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chef@agglo-sophia-antipolis.fr")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "un-mot-de-passe-solide")
    call_command("createsuperuser", "--noinput", verbosity=0)
    chef = Utilisateur.objects.get(username="chef")
    ctx = contexte_de(chef)
    assert ctx.administrateur_epci
    assert ctx.organisation_nom == "Communauté d'Agglomération Sophia Antipolis"
