"""The help (issue 16): the glossary is open without an account, alphabetical, every entry reachable by its anchor;
every role reaches its own help from the header and finds there its first tasks, each linking to a page that role
opens; each role's guide has its page; the fields people get wrong carry a short help tied to them."""

import re
import unicodedata

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from casa_logement import aide
from commissions.forms import SeanceForm
from demandes.forms import DemandeurForm, RessourcesDemandeurForm, RevenusForm, SituationForm, SouhaitsForm
from positionnements.retours_cal.forms import DepotForm
from territoire.roles import Role
from tests.territoire.fabriques import agent

ORGANISATION_DU_ROLE = {
    Role.ADMINISTRATEUR: "casa",
    Role.INSTRUCTEUR: "casa",
    Role.SECRETARIAT_COMMISSION: "casa",
    Role.GESTIONNAIRE_BAILLEUR: "erilia",
    Role.AGENT_GUICHET: "commune-antibes",
    Role.RESERVATAIRE: "prefecture-06",
    Role.MEMBRE_COMMISSION: "commune-vallauris",
    Role.LECTEUR: "casa",
}


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def test_le_glossaire_est_ouvert_sans_compte_alphabetique_et_chaque_terme_a_son_ancre(client, referentiel):
    reponse = client.get("/aide/glossaire/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    ancres = re.findall(r'<dt id="([a-z0-9-]+)"', page)
    assert ancres == [t.ancre for t in aide.GLOSSAIRE]
    assert len(ancres) == len(set(ancres)) >= 50
    for attendu in ("dalo", "cal", "ccpc", "reservataire", "revenu-fiscal", "date-de-depot", "typologie", "motifs"):
        assert attendu in ancres
    termes = [t.terme for t in aide.GLOSSAIRE]
    assert [_sans_accents(t) for t in termes] == sorted(_sans_accents(t) for t in termes)
    # every « voir aussi » and every letter of the index lead to an entry of the page
    liens = set(re.findall(r'href="#([a-z0-9-]+)"', page)) - {"contenu"}  # the skip link
    assert liens <= set(ancres)
    assert [lettre for lettre, _ in aide.lettres()][:4] == ["A", "B", "C", "D"]
    assert 'href="/connexion/">Retour à la connexion' in page  # without an account


def test_la_page_de_connexion_mene_au_glossaire(client, referentiel):
    page = client.get("/connexion/").content.decode()
    assert 'href="/aide/glossaire/" id="lien-glossaire"' in page
    assert client.get("/aide/").status_code == 302  # the role's help needs an account


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_chaque_role_atteint_son_aide_depuis_l_en_tete_et_ses_premieres_pages(client, referentiel, role):
    user = agent(referentiel[ORGANISATION_DU_ROLE[role]], role)
    client.force_login(user)
    accueil = client.get("/").content.decode()
    assert 'href="/aide/" id="lien-aide"' in accueil
    page = client.get("/aide/").content.decode()
    guide = aide.GUIDES_PAR_ROLE[role]
    assert f'id="role-{guide.slug}"' in page
    assert "Par où commencer" in page
    autres = [g for g in aide.GUIDES if g is not guide]
    assert all(f'href="/aide/{g.slug}/"' in page for g in autres)
    for tache in guide.premieres:
        assert tache.titre in page.replace("&#x27;", "'")
        if tache.lien:
            href = tache.lien.href
            assert f'href="{href}"' in page
            assert client.get(href).status_code == 200, f"{role} : {href}"
    for ancre in guide.mots:
        assert f'href="/aide/glossaire/#{ancre}"' in page and ancre in aide.TERMES


def test_l_aide_de_chaque_role_a_sa_page(client, referentiel):
    client.force_login(agent(referentiel["commune-antibes"], Role.AGENT_GUICHET))
    for guide in aide.GUIDES:
        reponse = client.get(reverse("aide:role", args=[guide.slug]))
        assert reponse.status_code == 200
        assert f"Aide : {guide.libelle}" in reponse.content.decode().replace("&#x27;", "'")
    assert client.get("/aide/inconnu/").status_code == 404
    # all the links of every guide, « ensuite » included, name pages of the project
    for guide in aide.GUIDES:
        for tache in (*guide.premieres, *guide.ensuite):
            assert tache.lien is None or tache.lien.href.startswith("/")


def _rendu(champ) -> str:
    return Template("{% champ champ %}").render(Context({"champ": champ}))


def test_les_champs_souvent_mal_remplis_ont_une_aide_reliee(referentiel):
    date_depot = _rendu(DemandeurForm()["date_depot"])
    assert 'aria-describedby="id_date_depot_aide"' in date_depot
    assert "pas celui de la saisie" in date_depot and "de plus de 3 mois" in date_depot
    from django.utils import timezone

    annee = timezone.localdate().year
    revenus = RevenusForm()
    rfr = _rendu(revenus["revenu_fiscal_reference"])
    assert f"avis d'imposition {annee - 1} sur les revenus {annee - 2}" in rfr
    assert 'aria-describedby="id_revenu_fiscal_reference_aide"' in rfr
    assert f"{annee - 2} pour une décision en {annee}" in _rendu(revenus["annee_revenu_fiscal"])
    assert "déclaration sur l'honneur ne suffit pas" in _rendu(revenus["revenu_recent"])
    assert "sans l'APL" in _rendu(RessourcesDemandeurForm()["ressource_montant"])
    assert "pas seulement le principal" in _rendu(SituationForm()["motifs"])
    assert "un T3 convient de 2 à 4 personnes" in _rendu(SouhaitsForm()["typologies"])
    assert "fichier pré-rempli" in _rendu(DepotForm()["fichier"])
    seance = _rendu(SeanceForm()["date"])
    assert 'aria-describedby="id_date_aide"' in seance and "à venir" in seance


def test_un_groupe_de_choix_est_nomme_par_sa_legende(referentiel):
    """A group of radios (the choice of e-mails) is a <fieldset> named by its <legend>, each option labelled, and no
    <label for=""> pointing at nothing (RGAA 11.1, 11.5)."""

    class Formulaire(forms.Form):
        frequence = forms.ChoiceField(
            label="Recevoir", choices=[("i", "Immédiatement"), ("q", "Résumé du jour")], widget=forms.RadioSelect
        )
        sujets = forms.MultipleChoiceField(
            label="Sujets", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, help_text="Aide"
        )

    rendu = Template("{% load formulaires %}{% champ f.frequence %}{% champ f.sujets %}").render(
        Context({"f": Formulaire()})
    )
    assert 'for=""' not in rendu
    assert rendu.count("<fieldset") == 2 and "Recevoir" in rendu.split("</legend>")[0]
    assert '<fieldset class="mb-3" aria-describedby="id_sujets_aide">' in rendu
    assert '<label for="id_frequence_0">' in rendu and '<label for="id_sujets_1">' in rendu
