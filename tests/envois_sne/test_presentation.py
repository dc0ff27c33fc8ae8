"""What an event says to the SNE, written for a person (envois_sne/presentation.py, the page /sne/envois/<n>/): French
labels, dates JJ/MM/AAAA, Oui/Non, lists joined, the applicant on a line, codes with their labels, communes by name;
every key the constructors write has its label."""

import html
import re

import pytest

from demandes import services as demandes_services
from envois_sne import presentation
from envois_sne.codes import TypeEvenementSNE
from envois_sne.collecte import collecter
from envois_sne.models import EvenementSNE
from territoire.roles import Role
from tests.envois_sne.fabriques import DEBUT, bail_signe
from tests.territoire.fabriques import agent

T = TypeEvenementSNE


def test_un_contenu_se_lit_pour_une_personne():
    contenu = {
        "nur": "",
        "numero_local": "CASA-2026-000001",
        "num_guichet": "G06004",
        "date_creation": "2026-11-30",
        "demandeur": {"nom": "Envoitest", "prenom": "Anne", "date_naissance": "1980-02-01"},
        "toute_commune": False,
        "typologies": ["T1", "T2", "T6P"],
        "communes": ["06004", "99999"],
        "motif_radiation": "RADABA",
        "dalo": "NONDOC",
        "type_reservataire": "COLTER",
        "accord_collectif": "ACD",
        "decision": "ATTRIBUTION_RANG",
        "rang": 2,
        "typologie": "T6",
        "commune": "06004",
        "condition": "",
        "code_inconnu": "XYZ",
    }
    lu = presentation.contenu_lisible(contenu, communes=lambda codes: {"06004": "Antibes"})
    assert lu == [  # in the page's order (LIBELLES), whatever the content's; an unknown key last
        ("Numéro unique", ["—"]),
        ("Numéro local (CASA)", ["CASA-2026-000001"]),
        ("Code guichet du SNE", ["G06004"]),
        ("Demandeur", ["Anne ENVOITEST, né(e) le 01/02/1980"]),
        ("Date de création de la demande", ["30/11/2026"]),
        ("Typologies souhaitées", ["T1, T2, T6 et plus"]),
        ("Communes souhaitées", ["Antibes (06004), 99999"]),
        ("Demande élargie à toute commune", ["Non"]),
        ("Décision de la CAL", ["Attribution par classement"]),
        ("Rang", ["2"]),
        ("Condition suspensive", ["—"]),
        ("Motif de radiation", ["Renonciation du demandeur (RADABA)"]),
        ("Ménage reconnu prioritaire DALO", ["Non renseigné"]),
        ("Contingent (type de réservataire)", ["Collectivité territoriale (commune, EPCI, département) (COLTER)"]),
        ("Accord collectif", ["Accord collectif départemental (ACD)"]),
        ("Commune du logement", ["Antibes (06004)"]),
        ("Typologie du logement", ["T6 et plus"]),
        ("Code inconnu", ["XYZ"]),  # a key without a label is still shown, its name written out
    ]
    # a household of several people: a line each; a boolean True; a code the list does not know is said so
    lu = dict(
        presentation.contenu_lisible(
            {
                "personnes": [
                    {"nom": "A", "prenom": "Un"},
                    {"nom": "B", "prenom": "Deux", "date_naissance": "2011-05-20"},
                ],
                "toute_commune": True,
                "dalo": "PEUT-ETRE",
            },
            communes=lambda codes: {},
        )
    )
    assert lu == {
        "Personnes": ["Un A", "Deux B, né(e) le 20/05/2011"],
        "Demande élargie à toute commune": ["Oui"],
        "Ménage reconnu prioritaire DALO": ["PEUT-ETRE (code inconnu)"],
    }


def test_chaque_donnee_ecrite_par_la_collecte_a_son_libelle(retours):
    bail_signe(retours)
    demandes_services.demande_radier(
        par=retours["guichet"], demande=retours["demandes"]["moyenne"], motif="RADABA", commentaire="lettre"
    )
    collecter(depuis=DEBUT)
    types = set(EvenementSNE.objects.values_list("type", flat=True))
    assert types >= {T.ENREGISTREMENT, T.POSITIONNEMENT, T.DECISION_CAL, T.ATTRIBUTION, T.RADIATION}
    cles = {cle for contenu in EvenementSNE.objects.values_list("contenu", flat=True) for cle in contenu}
    assert cles - set(presentation.LIBELLES) == set()


def texte(reponse) -> str:
    page = html.unescape(reponse.content.decode()).replace("\u00a0", " ")
    return " ".join(page[page.find("<main") : page.find("</main>")].split())


@pytest.mark.jour_fige
def test_la_page_d_un_evenement_le_dit_pour_une_personne(client, monde, referentiel):
    collecter(depuis=DEBUT)
    e = EvenementSNE.objects.filter(type=T.ENREGISTREMENT, demande=monde["demandes"]["modeste"]).get()
    d = e.demande
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    page = texte(client.get(f"/sne/envois/{e.pk}/"))
    contenu = page[page.index('id="contenu-evenement"') : page.index("Le document XML")]
    for brut in ("num_guichet", "toute_commune", "{'", "['", "<code>"):
        assert brut not in contenu, brut
    assert not re.search(r"\d{4}-\d{2}-\d{2}", contenu)  # no ISO date
    assert f'Numéro local (CASA)</dt> <dd class="col-sm-8"> {d.numero} </dd>' in contenu
    assert f'Date de création de la demande</dt> <dd class="col-sm-8"> {d.date_depot:%d/%m/%Y} </dd>' in contenu
    assert 'Demande élargie à toute commune</dt> <dd class="col-sm-8"> Non </dd>' in contenu
    demandeur = next(p for p in d.personnes.all() if p.lien == "DEMANDEUR")
    assert f"{demandeur.prenom} {demandeur.nom.upper()}, né(e) le {demandeur.date_naissance:%d/%m/%Y}" in contenu
    assert "Antibes (06004)" in contenu
