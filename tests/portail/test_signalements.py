"""« Signaler une erreur » (issue 19): the holder says what is wrong in his demand; it becomes a task counted on the
home page of his counter's agents and of CASA's instructors, the list behind the figure shows it, the agent answers
and the holder reads the answer. The text never reaches the demand's log; the limits are said in French."""

import pytest
from django.urls import reverse

from demandes import services
from demandes.codes import Lien
from demandes.models import Signalement, TransitionDemande
from territoire.roles import Role
from tests.territoire.fabriques import agent

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

TEXTE = "Mon salaire est de 1 650 € depuis mars, pas 1 500 €.\r\nJe joins mes bulletins au guichet."


def texte(reponse) -> str:
    return reponse.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def signaler(client, rubrique="RESSOURCES", message=TEXTE, **kw):
    return client.post(reverse("portail:signaler"), {"rubrique": rubrique, "texte": message}, **kw)


def tache(client, libelle):
    """The figure and the link of a task of the signed-in agent's home page."""
    accueil = client.get("/")
    return next(t for p in accueil.context["panneaux"] for t in p.taches if t.libelle == libelle)


def test_une_erreur_signalee_devient_une_tache_du_guichet_qui_repond(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    page = texte(client.get(reverse("portail:demande")))
    assert reverse("portail:signaler") in page and "Signaler une erreur" in page
    formulaire = client.get(reverse("portail:signaler"))
    assert formulaire.status_code == 200 and 'type="radio"' in texte(formulaire)
    reponse = signaler(client, follow=True)
    assert reponse.redirect_chain == [(reverse("portail:signaler"), 302)]
    page = texte(reponse)
    assert "votre guichet va vérifier vos données" in page
    assert "en cours de vérification par votre guichet" in page and "1 650 € depuis mars" in page
    s = Signalement.objects.get()
    assert (s.demande, s.auteur.lien, s.rubrique) == (d, Lien.DEMANDEUR, "RESSOURCES")
    assert s.texte == TEXTE.replace("\r\n", "\n")
    journal = list(TransitionDemande.objects.filter(demande=d).values_list("motif", flat=True))
    assert "Erreur signalée par le demandeur : ressources" in journal
    assert not any("1 650" in m or "bulletins" in m for m in journal)
    # the counter's home counts it; its link opens the list that shows it
    client.force_login(guichet)
    t = tache(client, "Erreurs signalées par les demandeurs")
    assert t.nombre == 1 and t.url == reverse("demandes:en_ligne") + "?vue=signalements"
    liste = client.get(t.url)
    assert liste.context["page"].paginator.count == 1 and d.reference in texte(liste)
    assert tache(client, "Pièces envoyées en ligne à valider").nombre == 0
    # CASA's instructors count it too; a counter of another commune does not
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    assert tache(client, "Erreurs signalées par les demandeurs").nombre == 1
    client.force_login(agent(referentiel["commune-opio"], Role.AGENT_GUICHET))
    assert tache(client, "Erreurs signalées par les demandeurs").nombre == 0
    # the agent answers from the demand's page
    client.force_login(guichet)
    fiche = texte(client.get(reverse("demandes:detail", args=[d.pk])))
    assert "Erreurs signalées (1)" in fiche and "1 650 € depuis mars" in fiche
    url = reverse("demandes:signalement_traiter", args=[d.pk, s.pk])
    assert "Le signalement n'a pas été marqué traité" in texte(client.post(url, {"reponse": ""}, follow=True))
    reponse = client.post(url, {"reponse": "Ressources corrigées d'après vos bulletins d'avril."}, follow=True)
    assert "Signalement traité" in texte(reponse)
    s.refresh_from_db()
    assert s.traite_le is not None and s.traite_par == guichet
    assert tache(client, "Erreurs signalées par les demandeurs").nombre == 0
    assert "déjà été traité" in texte(client.post(url, {"reponse": "encore"}, follow=True))
    connecter(client, d)
    page = texte(client.get(reverse("portail:signaler")))
    assert "Réponse de votre guichet :" in page and "Ressources corrigées d'après vos bulletins d'avril." in page


def test_le_co_demandeur_signale_et_ne_lit_que_les_siens(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    signaler(client, message="Texte du demandeur.")
    connecter(client, d, lien=Lien.CO_DEMANDEUR)
    signaler(client, rubrique="COORDONNEES", message="Texte du co-demandeur.")
    page = texte(client.get(reverse("portail:signaler")))
    assert "Texte du co-demandeur." in page and "Texte du demandeur." not in page
    assert Signalement.objects.get(rubrique="COORDONNEES").auteur.lien == Lien.CO_DEMANDEUR


@pytest.mark.parametrize(
    ("rubrique", "message", "erreur"),
    [
        ("RESSOURCES", "   ", "Dites ce qui est faux et ce qui serait juste."),
        ("RESSOURCES", "x" * 1001, "Votre message fait 1001 caractères : 1000 au plus."),
        ("", "Un texte", "Choisissez ce qui est faux."),
        ("INVENTEE", "Un texte", "Sélectionnez un choix valide"),
    ],
    ids=["vide", "trop-long", "sans-rubrique", "rubrique-inconnue"],
)
def test_un_signalement_incomplet_est_dit_en_francais(client, referentiel, rubrique, message, erreur):
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    reponse = signaler(client, rubrique=rubrique, message=message)
    assert reponse.status_code == 200 and erreur in texte(reponse)
    assert not Signalement.objects.exists()


def test_au_dela_de_cinq_signalements_ouverts_le_demandeur_attend_la_reponse(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    for i in range(services.MAX_SIGNALEMENTS_OUVERTS):
        assert signaler(client, message=f"Erreur {i}").status_code == 302
    reponse = signaler(client, message="Une de plus")
    assert (
        "Votre guichet n'a pas encore traité les 5 signalements que vous avez vous-même envoyés (5 au plus par "
        "personne)" in texte(reponse)
    )
    assert Signalement.objects.count() == 5
    # the page no longer shows a form to fill in vain: it says how many are open and that the counter will answer
    page = texte(client.get(reverse("portail:signaler")))
    assert 'name="texte"' not in page and 'name="rubrique"' not in page
    assert "Votre guichet n'a pas encore traité les 5 signalements que vous avez vous-même envoyés" in page
    assert "il va vérifier vos données et vous répondre ici" in page and "Erreur 0" in page
    services.signalement_traiter(par=guichet, signalement=Signalement.objects.first(), reponse="Corrigé.")
    assert 'name="texte"' in texte(client.get(reverse("portail:signaler")))
    assert signaler(client, message="Une de plus").status_code == 302


def test_la_limite_des_signalements_ouverts_compte_ceux_de_chaque_personne(client, referentiel):
    """Each person reads only his own reports: the co-applicant is not held back by the applicant's five."""
    d, _ = demande_de_famille(referentiel)
    connecter(client, d)
    for i in range(services.MAX_SIGNALEMENTS_OUVERTS):
        assert signaler(client, message=f"Erreur du demandeur {i}").status_code == 302
    connecter(client, d, lien=Lien.CO_DEMANDEUR)
    assert signaler(client, message="Erreur du co-demandeur").status_code == 302
    assert Signalement.objects.filter(auteur__lien=Lien.CO_DEMANDEUR).count() == 1
    connecter(client, d)
    assert "que vous avez vous-même envoyés" in texte(signaler(client, message="Une de plus"))
    assert Signalement.objects.count() == 6


def test_les_caracteres_de_controle_sont_retires_du_texte(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    s = services.erreur_signaler(
        demande=d, personne=d.personnes.get(lien=Lien.DEMANDEUR), rubrique="AUTRE", texte="Nom\x00 faux\u202e ici\n"
    )
    assert s.texte == "Nom faux ici"


def test_un_signalement_identique_a_un_ouvert_est_refuse(client, referentiel):
    """Two tabs, two quick submissions: the same section and the same text (white space aside) as a report still
    open is refused in French; another section, or once the first is handled, it is taken."""
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    assert signaler(client, message="Mon salaire  a changé.\r\n").status_code == 302
    reponse = signaler(client, message="  Mon salaire a\nchangé. ")
    assert reponse.status_code == 200
    assert "Vous avez déjà envoyé ce signalement le " in texte(reponse)
    assert "votre guichet ne l'a pas encore traité" in texte(reponse)
    assert Signalement.objects.count() == 1
    assert signaler(client, rubrique="MENAGE", message="Mon salaire a changé.").status_code == 302
    services.signalement_traiter(par=guichet, signalement=Signalement.objects.get(rubrique="RESSOURCES"), reponse="Vu.")
    assert signaler(client, message="Mon salaire a changé.").status_code == 302
    assert Signalement.objects.count() == 3
