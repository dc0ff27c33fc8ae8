import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from commun.erreurs import ErreurMetier
from territoire import services
from territoire.models import Habilitation, Utilisateur
from territoire.roles import Role, TypeOrganisation
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def bailleur(db):
    return OrganisationFactory(nom="Bailleur A", type=TypeOrganisation.BAILLEUR)


@pytest.fixture
def admin_bailleur(bailleur):
    return agent(bailleur, Role.ADMINISTRATEUR, username="admin.a")


def test_un_administrateur_de_bailleur_cree_un_gestionnaire_qui_recoit_son_invitation(
    admin_bailleur, bailleur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.utilisateur_creer(
            par=admin_bailleur,
            organisation=bailleur,
            role=Role.GESTIONNAIRE_BAILLEUR,
            username="julie.roux",
            first_name="Julie",
            last_name="Roux",
            email="julie.roux@bailleur-a.fr",
        )
    assert not user.has_usable_password()
    assert Habilitation.objects.get(utilisateur=user).role == Role.GESTIONNAIRE_BAILLEUR
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Toit commun : votre compte est ouvert"
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_un_role_non_permis_pour_le_type_d_organisation_est_refuse_en_francais(admin_bailleur, bailleur):
    with pytest.raises(ErreurMetier, match="« Agent de guichet communal » ne peut pas être donné") as err:
        services.utilisateur_creer(
            par=admin_bailleur,
            organisation=bailleur,
            role=Role.AGENT_GUICHET,
            username="x.y",
            first_name="X",
            last_name="Y",
            email="x.y@bailleur-a.fr",
        )
    assert err.value.champ == "role"
    # Nothing half-written: the account was not kept without its habilitation.
    assert not Utilisateur.objects.filter(username="x.y").exists()


def test_l_administrateur_d_un_bailleur_ne_peut_pas_habiliter_dans_un_autre(admin_bailleur):
    autre = OrganisationFactory(nom="Bailleur B")
    cible = agent(autre, Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        services.habilitation_ajouter(par=admin_bailleur, utilisateur=cible, organisation=autre, role=Role.LECTEUR)


def test_on_ne_retire_pas_son_propre_role_d_administrateur(admin_bailleur):
    with pytest.raises(ErreurMetier, match="propre rôle d'administrateur"):
        services.habilitation_retirer(par=admin_bailleur, habilitation=admin_bailleur.habilitations.get())


def test_un_doublon_d_habilitation_est_signale(admin_bailleur, bailleur):
    cible = agent(bailleur, Role.LECTEUR)
    with pytest.raises(ErreurMetier, match="déjà ce rôle"):
        services.habilitation_ajouter(par=admin_bailleur, utilisateur=cible, organisation=bailleur, role=Role.LECTEUR)


def test_une_habilitation_retiree_peut_etre_redonnee(admin_bailleur, bailleur):
    cible = agent(bailleur, Role.LECTEUR)
    h = services.habilitation_retirer(par=admin_bailleur, habilitation=cible.habilitations.get())
    assert not h.active
    h2 = services.habilitation_ajouter(par=admin_bailleur, utilisateur=cible, organisation=bailleur, role=Role.LECTEUR)
    assert h2.pk == h.pk and h2.active


def test_le_formulaire_de_creation_affiche_les_erreurs_a_cote_des_champs(client, admin_bailleur, bailleur):
    client.force_login(admin_bailleur)
    reponse = client.post(
        "/utilisateurs/nouveau/",
        {
            "organisation": bailleur.pk,
            "role": Role.AGENT_GUICHET,
            "first_name": "Léa",
            "last_name": "Morel",
            "email": "pas-une-adresse",
            "username": "lea morel",
        },
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Saisissez une adresse e-mail valide." in page
    assert "Lettres, chiffres et . @ + - _ uniquement." in page
    assert 'aria-invalid="true"' in page
    assert 'value="Léa"' in page  # the user's input is kept
    assert not Utilisateur.objects.filter(last_name="Morel").exists()


def test_un_double_clic_sur_creer_ne_cree_qu_un_compte(client, admin_bailleur, bailleur):
    client.force_login(admin_bailleur)
    donnees = {
        "organisation": bailleur.pk,
        "role": Role.GESTIONNAIRE_BAILLEUR,
        "first_name": "Léa",
        "last_name": "Morel",
        "email": "lea.morel@bailleur-a.fr",
        "username": "lea.morel",
    }
    premier = client.post("/utilisateurs/nouveau/", donnees)
    second = client.post("/utilisateurs/nouveau/", donnees)
    assert premier.status_code == 302
    assert second.status_code == 200
    assert "Cet identifiant est déjà pris." in second.content.decode()
    assert Utilisateur.objects.filter(username="lea.morel").count() == 1


def test_un_administrateur_voit_le_formulaire_et_ajoute_une_habilitation(client, admin_bailleur, bailleur):
    cible = agent(bailleur, Role.LECTEUR)
    client.force_login(admin_bailleur)
    reponse = client.post(
        f"/utilisateurs/{cible.pk}/", {"organisation": bailleur.pk, "role": Role.GESTIONNAIRE_BAILLEUR}
    )
    assert reponse.status_code == 302
    assert set(cible.habilitations.values_list("role", flat=True)) == {Role.LECTEUR, Role.GESTIONNAIRE_BAILLEUR}
