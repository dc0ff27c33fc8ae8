import pghistory.models
import pytest

from territoire.models import Habilitation
from territoire.roles import Role
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def bailleur(db):
    return OrganisationFactory(nom="Bailleur A")


def test_chaque_modification_d_habilitation_est_tracee_avec_son_auteur_et_sa_page(client, bailleur, confirmer):
    admin = agent(bailleur, Role.ADMINISTRATEUR)
    cible = agent(bailleur, Role.LECTEUR)
    client.force_login(admin)
    client.post(f"/utilisateurs/{cible.pk}/", {"organisation": bailleur.pk, "role": Role.GESTIONNAIRE_BAILLEUR})
    h = Habilitation.objects.get(utilisateur=cible, role=Role.GESTIONNAIRE_BAILLEUR)
    confirmer(client, f"/habilitations/{h.pk}/retirer/")
    evenements = pghistory.models.Events.objects.tracks(h).order_by("pgh_id")
    assert [e.pgh_label for e in evenements] == ["insert", "update"]
    assert evenements[1].pgh_diff["active"] == [True, False]
    for e in evenements:
        assert e.pgh_context["user"] == admin.pk
        assert e.pgh_context["url"].startswith(("/utilisateurs/", "/habilitations/"))


def test_une_modification_d_identite_est_tracee_sans_le_mot_de_passe(db, bailleur):
    user = agent(bailleur, Role.LECTEUR)
    user.last_name = "Nouveau-Nom"
    user.set_password("un-autre-mot-de-passe")
    user.save()
    evenement = pghistory.models.Events.objects.tracks(user).order_by("-pgh_id").first()
    assert evenement.pgh_diff["last_name"][1] == "Nouveau-Nom"
    assert "password" not in evenement.pgh_data


def test_la_suppression_d_un_compte_est_tracee(db, bailleur):
    user = agent(bailleur, Role.LECTEUR)
    pk = user.pk
    user.delete()
    labels = pghistory.models.Events.objects.filter(pgh_obj_model="territoire.Utilisateur", pgh_obj_id=str(pk))
    assert "delete" in set(labels.values_list("pgh_label", flat=True))
