"""Issue 16, « daily use »: the household edited in place at step 2 (add and remove persons without leaving the step,
with or without JavaScript), the full recapitulation at step 6, amounts typed and shown the French way, the
attestation d'enregistrement with what article R441-2-4 CCH requires, and the printable demand — each read like the
demand's page (404 outside the user's scope)."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from demandes import attestation, cycle, services
from demandes.codes import Lien
from demandes.forms import MAX_AUTRES_PERSONNES
from demandes.models import Demande
from programmation.models import Residence
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur, famille_de_4
from tests.pdf import texte_pdf
from tests.territoire.fabriques import agent

NBSP = "\xa0"


def _texte_pdf(pdf: bytes) -> str:
    """The PDF's text on one line (tests/pdf.py), no-break spaces as plain ones."""
    texte = texte_pdf(pdf)
    return " ".join(texte.replace(NBSP, " ").replace("\u202f", " ").split())


@pytest.fixture
def guichet(referentiel):
    return referentiel["commune-antibes"]


@pytest.fixture
def agent_guichet(guichet):
    return agent(guichet, Role.AGENT_GUICHET)


@pytest.fixture
def brouillon(agent_guichet, guichet):
    """A draft that has its applicant only (step 1 done)."""
    return services.demande_creer(
        par=agent_guichet, guichet=guichet, date_depot=timezone.localdate(), demandeur=demandeur()
    )


def _gestion(total, initiales=0):
    return {
        "personnes-TOTAL_FORMS": str(total),
        "personnes-INITIAL_FORMS": str(initiales),
        "personnes-MIN_NUM_FORMS": "0",
        "personnes-MAX_NUM_FORMS": str(MAX_AUTRES_PERSONNES),
    }


def _ligne(i, lien="ENFANT", prenom="", nom="", naissance="", **autres):
    ligne = {
        f"personnes-{i}-lien": lien,
        f"personnes-{i}-prenom": prenom,
        f"personnes-{i}-nom": nom,
        f"personnes-{i}-date_naissance": naissance,
    }
    ligne.update({f"personnes-{i}-{k}": v for k, v in autres.items()})
    return ligne


def _champ(page: str, nom: str) -> str | None:
    """The value of an input of the page (None when the input is absent)."""
    m = re.search(rf'<input[^>]*name="{re.escape(nom)}"[^>]*>', page)
    if not m:
        return None
    valeur = re.search(r'value="([^"]*)"', m.group(0))
    return valeur.group(1) if valeur else ""


# --------------------------------------------------------------------------- step 2 without JavaScript


def test_sans_javascript_ajouter_une_personne_rend_un_bloc_de_plus_sans_rien_perdre_ni_enregistrer(
    client, agent_guichet, brouillon
):
    client.force_login(agent_guichet)
    url = f"/demandes/{brouillon.pk}/etape/2/"
    page = client.get(url).content.decode()
    assert _champ(page, "personnes-TOTAL_FORMS") == "0"  # no blank block: the household is the applicant alone
    assert "Ajouter une personne" in page and "personnes-__prefix__-lien" in page  # the empty form for menage.js
    # Two clicks on « Ajouter une personne », the first block filled in between (a first name, no link yet).
    page = client.post(
        url, {"ressource_type": "SAL", "ressource_montant": "1650.50", **_gestion(0), "ajouter_personne": "1"}
    )
    page = page.content.decode()
    assert _champ(page, "personnes-TOTAL_FORMS") == "1" and _champ(page, "personnes-0-prenom") == ""
    donnees = {
        "ressource_type": "SAL",
        "ressource_montant": "1650.50",
        **_gestion(1, 1),
        **_ligne(0, lien="", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        "ajouter_personne": "1",
    }
    page = client.post(url, donnees).content.decode()
    assert _champ(page, "personnes-TOTAL_FORMS") == "2"
    assert _champ(page, "personnes-0-prenom") == "Lina" and _champ(page, "personnes-0-date_naissance") == "2011-05-20"
    assert 'name="personnes-0-a_charge" checked' in page or re.search(r'name="personnes-0-a_charge"[^>]*checked', page)
    assert _champ(page, "personnes-1-prenom") == "" and _champ(page, "ressource_montant") == "1650.50"
    assert "Choisissez le lien" not in page  # a block being filled shows no error
    assert re.search(r'<select[^>]*name="personnes-1-lien"[^>]*autofocus', page)  # the new block has the focus
    assert "Le ménage compte <span data-menage-total>1 personne</span>" in page  # a block without link not counted
    assert brouillon.personnes.count() == 1  # nothing saved


def test_sans_javascript_retirer_une_personne_la_retire_du_formulaire_puis_l_enregistrement_confirme(
    client, agent_guichet, brouillon
):
    client.force_login(agent_guichet)
    url = f"/demandes/{brouillon.pk}/etape/2/"
    lignes = {
        **_ligne(0, lien="ENFANT", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        **_ligne(1, lien="ENFANT", prenom="Erreur", naissance="2012-01-01"),
        **_ligne(2, lien="ENFANT", prenom="Noé", naissance="2018-02-02", a_charge="on"),
    }
    base = {"ressource_type": "SAL", "ressource_montant": "1 650,50", **_gestion(3), **lignes}
    page = client.post(url, {**base, "retirer_personne": "1"}).content.decode()
    assert _champ(page, "personnes-TOTAL_FORMS") == "2"
    assert [_champ(page, f"personnes-{i}-prenom") for i in range(2)] == ["Lina", "Noé"]
    assert "Erreur" not in page and "Personne retirée du formulaire" in page
    assert brouillon.personnes.count() == 1
    # A tampered index removes nothing and breaks nothing.
    for valeur in ("9", "-1", "abc", "²"):
        reponse = client.post(url, {**base, "retirer_personne": valeur})
        assert reponse.status_code == 200 and _champ(reponse.content.decode(), "personnes-TOTAL_FORMS") == "3"
    # Without the formset's management fields (a page from elsewhere): no error 500, the blocks start again.
    for bouton in ({"ajouter_personne": "1"}, {"retirer_personne": "0"}, {}):
        reponse = client.post(url, {"ressource_type": "SAL", "ressource_montant": "1 650,50", **bouton})
        assert reponse.status_code == 200, bouton
    assert "champs de gestion manquants" in reponse.content.decode()
    # The page sent back as it came, with « Enregistrer et continuer »: two children saved.
    renvoi = {
        "ressource_type": "SAL",
        "ressource_montant": "1 650,50",
        **_gestion(2),
        **_ligne(0, lien="ENFANT", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        **_ligne(1, lien="ENFANT", prenom="Noé", naissance="2018-02-02", a_charge="on"),
    }
    assert client.post(url, renvoi).status_code == 302
    brouillon.refresh_from_db()
    assert sorted(p.prenom for p in brouillon.personnes.all()) == ["Lina", "Noé", "Élodie"]
    assert brouillon.nombre_personnes == 3


def test_une_personne_cochee_pour_retrait_par_le_script_n_est_pas_enregistree(client, agent_guichet, brouillon):
    """menage.js ticks the hidden DELETE box of a block removed in place: the block is sent, not saved."""
    client.force_login(agent_guichet)
    donnees = {
        "ressource_type": "",
        "ressource_montant": "",
        **_gestion(2),
        **_ligne(0, lien="ENFANT", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        **_ligne(1, lien="ENFANT", prenom="Retiré", naissance="2050-01-01", DELETE="on"),  # even invalid
    }
    assert client.post(f"/demandes/{brouillon.pk}/etape/2/", donnees).status_code == 302
    assert sorted(p.prenom for p in brouillon.personnes.all()) == ["Lina", "Élodie"]


def test_on_ajoute_des_personnes_jusqu_a_la_taille_maximale_du_menage(client, agent_guichet, brouillon):
    client.force_login(agent_guichet)
    lignes = {}
    for i in range(MAX_AUTRES_PERSONNES):
        lignes.update(_ligne(i, lien="ENFANT", prenom=f"Enfant{i}", naissance="2012-01-01"))
    page = client.post(
        f"/demandes/{brouillon.pk}/etape/2/", {**_gestion(MAX_AUTRES_PERSONNES), **lignes, "ajouter_personne": "1"}
    ).content.decode()
    assert f"Un ménage compte au plus {MAX_AUTRES_PERSONNES + 1} personnes" in page
    assert _champ(page, "personnes-TOTAL_FORMS") == str(MAX_AUTRES_PERSONNES)
    assert re.search(r"<button[^>]*data-menage-ajouter[^>]*disabled", page)
    # One block too many sent anyway (a crafted form): a French error, nothing saved.
    lignes.update(_ligne(MAX_AUTRES_PERSONNES, lien="ENFANT", prenom="Trop", naissance="2012-01-01"))
    reponse = client.post(f"/demandes/{brouillon.pk}/etape/2/", {**_gestion(MAX_AUTRES_PERSONNES + 1), **lignes})
    assert reponse.status_code == 200 and "au plus" in reponse.content.decode()
    assert brouillon.personnes.count() == 1


def test_une_erreur_garde_l_etape_et_les_blocs_tels_que_saisis(client, agent_guichet, brouillon):
    client.force_login(agent_guichet)
    donnees = {
        "ressource_type": "SAL",
        "ressource_montant": "1650,50",
        **_gestion(3),
        **_ligne(
            0,
            lien="CO_DEMANDEUR",
            nom="Martin",
            prenom="Karim",
            naissance="1986-09-03",
            ressource_type="SAL",
            ressource_montant="800",
        ),
        **_ligne(1, lien="ENFANT", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        **_ligne(2, lien="ENFANT", prenom="Futur", naissance="2031-01-01", a_charge="on"),  # born in the future
    }
    reponse = client.post(f"/demandes/{brouillon.pk}/etape/2/", donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "dans le futur" in page
    assert [_champ(page, f"personnes-{i}-prenom") for i in range(3)] == ["Karim", "Lina", "Futur"]
    assert _champ(page, "personnes-0-ressource_montant") == "800" and _champ(page, "ressource_montant") == "1650,50"
    assert brouillon.personnes.count() == 1


def test_le_resume_des_erreurs_numerote_les_personnes_comme_leurs_blocs(client, agent_guichet, brouillon):
    """Found by a newcomer: after « Retirer la personne 2 » (in place), the summary said « Personne 3 » for the error
    of the block shown as « Personne 2 »."""
    client.force_login(agent_guichet)
    donnees = {
        "ressource_type": "",
        "ressource_montant": "",
        **_gestion(3),
        **_ligne(0, lien="ENFANT", prenom="Lina", naissance="2011-05-20", a_charge="on"),
        **_ligne(1, lien="ENFANT", prenom="Retiré", naissance="2012-01-01", DELETE="on"),
        **_ligne(2, lien="ENFANT", prenom="Futur", naissance="2031-01-01", a_charge="on"),
    }
    page = client.post(f"/demandes/{brouillon.pk}/etape/2/", donnees).content.decode()
    resume = page.split("data-resume-erreurs", 1)[1].split("</ul>", 1)[0]
    assert "Personne 2, date de naissance" in resume and "Personne 3" not in resume


# --------------------------------------------------------------------------- amounts typed and shown the French way


@pytest.mark.parametrize("saisi", ["1650,50", "1650.50", "1 650,50", f"1{NBSP}650,50", "1\u202f650,50", "1.650,50"])
def test_un_montant_se_saisit_avec_virgule_ou_point_et_se_relit_a_la_francaise(client, agent_guichet, brouillon, saisi):
    client.force_login(agent_guichet)
    url = f"/demandes/{brouillon.pk}/etape/2/"
    assert client.post(url, {"ressource_type": "SAL", "ressource_montant": saisi, **_gestion(0)}).status_code == 302
    ressource = brouillon.personnes.get(lien=Lien.DEMANDEUR).ressources.get()
    assert ressource.montant_mensuel == Decimal("1650.50")
    assert _champ(client.get(url).content.decode(), "ressource_montant") == f"1{NBSP}650,50"


def test_les_etapes_relisent_loyers_et_revenus_a_la_francaise(client, agent_guichet, guichet):
    d = demande_complete(agent_guichet, guichet, enregistrer=False, loyer_actuel="950.5", apl_estimee="1234")
    client.force_login(agent_guichet)
    assert _champ(client.get(f"/demandes/{d.pk}/etape/3/").content.decode(), "loyer_actuel") == "950,50"
    page = client.get(f"/demandes/{d.pk}/etape/5/").content.decode()
    assert _champ(page, "revenu_fiscal_reference") == f"21{NBSP}000"
    assert _champ(page, "apl_estimee") == f"1{NBSP}234,00"
    assert "950.50" not in client.get(f"/demandes/{d.pk}/etape/6/").content.decode()


# --------------------------------------------------------------------------- step 6: the recapitulation


def test_l_etape_6_recapitule_toute_la_demande_avec_un_lien_modifier_par_etape(client, agent_guichet, guichet):
    d = demande_complete(agent_guichet, guichet, enregistrer=False, loyer_actuel="950", motif_precision="Trois enfants")
    client.force_login(agent_guichet)
    page = client.get(f"/demandes/{d.pk}/etape/6/").content.decode()
    recap = page.split('id="recapitulatif"')[1].split('id="titre-eligibilite"')[0]
    for titre in ("Demandeur", "Co-demandeur", "Ménage et ressources", "Situation et logement actuel", "Souhaits"):
        assert f">{titre} <span" in recap, titre
    for attendu in (
        "MARTIN",
        "Élodie",
        "Karim MARTIN",
        "Lina",
        "Noé",
        "20/05/2011",
        f"Salaire ou revenu d&#x27;activité : 1{NBSP}500,00{NBSP}€",
        f"950,00{NBSP}€",
        "Logement trop petit",
        "Trois enfants",
        "1. Antibes",
        "T3, T4",
        f"21{NBSP}000{NBSP}€ (revenus 2024)",
        "elodie.martin@exemple.fr",
    ):
        assert attendu in recap, attendu
    for etape in (1, 2, 3, 4, 5):
        assert f'href="/demandes/{d.pk}/etape/{etape}/">Modifier' in recap
    assert "Éligibilité" in page and "Enregistrer la demande" in page


# --------------------------------------------------------------------------- the attestation d'enregistrement


@pytest.fixture
def enregistree(agent_guichet, guichet, referentiel):
    antibes = Commune.objects.get(code_insee="06004")
    vallauris = Commune.objects.get(code_insee="06155")
    Residence.objects.create(
        bailleur=referentiel["erilia"], reference="R1", nom="Les Pins", adresse="1 rue", commune=antibes
    )
    guichet.adresse = "Hôtel de ville, cours Masséna, 06600 Antibes"
    guichet.telephone = "04 92 90 50 00"
    guichet.save()
    personnes = [demandeur(adresse="12 avenue de Grasse, 06600 Antibes"), *famille_de_4()[1:]]
    d = demande_complete(agent_guichet, guichet, personnes=personnes, communes=("06004", "06155"))
    assert vallauris.nom == "Vallauris"
    return d


def test_l_attestation_porte_chaque_mention_de_l_article_r441_2_4(client, agent_guichet, enregistree, settings):
    settings.CASA_DELAIS_ANORMALEMENT_LONGS = "2010-01-01:24:ancien arrêté|2016-01-01:36:l'arrêté préfectoral d'essai"
    d = enregistree
    client.force_login(agent_guichet)
    reponse = client.get(f"/demandes/{d.pk}/attestation.pdf")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert f'filename="attestation_{d.numero}.pdf"' in reponse["Content-Disposition"]
    texte = _texte_pdf(reponse.content)
    mediation = cycle.mois_apres(d.date_depot, 36)
    for mention, attendu in {
        "a) nom et prénom": "Élodie MARTIN",
        "a) adresse": "12 avenue de Grasse, 06600 Antibes",
        "b) service": "Commune d'Antibes" if "Commune d'Antibes" in texte else d.guichet.nom,
        "b) adresse du service": "Hôtel de ville, cours Masséna, 06600 Antibes",
        "c) numéro unique": d.numero,
        "d) date de réception": f"Date de réception de la demande (d) {d.date_depot:%d/%m/%Y}",
        "e) communes": "1. Antibes, 2. Vallauris",
        "e) bailleurs": "Erilia Antibes",
        "f) cas de saisine": "menacé d'expulsion sans relogement",
        "g) date de saisine": f"à partir du {mediation:%d/%m/%Y} (délai anormalement long de 36 mois",
        "g) arrêté": "l'arrêté préfectoral d'essai",
        "g) adresse de la commission": "Commission de médiation du droit au logement opposable des Alpes-Maritimes",
        "h) validité": f"jusqu'au {d.date_echeance:%d/%m/%Y}",
        "h) radiation": "non-renouvellement",
        "i) information": "article L441-2-6",
        "annexe : résumé": "4 personnes : le demandeur, le co-demandeur, 2 enfants",
        "annexe : étapes": "Les étapes à venir",
        "annexe : pièces": "Avis d'imposition (revenus N-2) à fournir",
    }.items():
        assert attendu in texte, f"{mention} : « {attendu} » absent"
    # Nothing more personal than needed: no income, no birth date, no reason of the demand.
    for absent in ("1 500,00", "21 000", "12/04/1988", "20/05/2011", "Logement trop petit", "Karim"):
        assert absent not in texte, absent


def test_l_attestation_porte_le_nur_quand_le_sne_l_a_donne_sinon_le_numero_local(client, agent_guichet, enregistree):
    """Issue 18: mention c) is the SNE's numéro unique; until the SNE gives it, the local number, said as such."""
    d = enregistree
    client.force_login(agent_guichet)
    texte = _texte_pdf(client.get(f"/demandes/{d.pk}/attestation.pdf").content)
    assert f"Numéro unique (c) {d.numero} Numéro local de votre demande" in texte
    assert "Le numéro unique (NUR) est en attente du Système national d'enregistrement" in texte
    Demande.objects.filter(pk=d.pk).update(nur="006102600004206004")
    reponse = client.get(f"/demandes/{d.pk}/attestation.pdf")
    assert 'filename="attestation_006102600004206004.pdf"' in reponse["Content-Disposition"]
    texte = _texte_pdf(reponse.content)
    assert "Numéro unique (c) 006102600004206004 Rappelez ce numéro" in texte
    assert f"Numéro local de la demande : {d.numero}." in texte and "en attente" not in texte
    texte = _texte_pdf(client.get(f"/demandes/{d.pk}/demande.pdf").content)
    assert f"N° unique (SNE) : 006102600004206004 · N° local : {d.numero}" in texte


def test_sans_delai_fixe_l_attestation_renvoie_a_l_arrete_sans_inventer_de_date(client, agent_guichet, enregistree):
    client.force_login(agent_guichet)
    texte = _texte_pdf(client.get(f"/demandes/{enregistree.pk}/attestation.pdf").content)
    assert "fixé par arrêté du préfet des Alpes-Maritimes" in texte and "Le service qui a enregistré" in texte
    assert "vous pourrez saisir la commission de médiation à partir du" not in texte
    assert f"il court à partir du {enregistree.date_depot:%d/%m/%Y}" in texte


def test_une_piece_sensible_est_nommee_sans_reveler_la_situation(agent_guichet, guichet):
    d = demande_complete(agent_guichet, guichet)
    services.critere_ajouter(par=agent_guichet, demande=d, code="VIOLENCES_COUPLE", preuve="ordonnance")
    d.refresh_from_db()
    libelles = [p.libelle for p in attestation.pieces(d)]
    assert "Justificatif de la situation particulière déclarée (remis en main propre au guichet)" in libelles
    assert not any("protection" in x.lower() for x in libelles)


def test_le_delai_anormalement_long_est_date(settings):
    settings.CASA_DELAIS_ANORMALEMENT_LONGS = "2016-01-01:36:A|2027-01-01:30:B"
    assert cycle.delai_anormalement_long(dt.date(2015, 6, 1)) is None
    assert cycle.delai_anormalement_long(dt.date(2026, 12, 31)).arrete == "A"
    assert cycle.mediation_possible_le(dt.date(2026, 10, 5), dt.date(2027, 1, 1)) == dt.date(2029, 4, 5)
    settings.CASA_DELAIS_ANORMALEMENT_LONGS = "trente-six mois"
    with pytest.raises(ValueError, match="AAAA-MM-JJ:mois:arrêté"):
        cycle.delais_anormalement_longs()


def test_l_attestation_est_offerte_juste_apres_l_enregistrement(client, agent_guichet, guichet):
    d = demande_complete(agent_guichet, guichet, enregistrer=False)
    client.force_login(agent_guichet)
    reponse = client.post(f"/demandes/{d.pk}/etape/6/", {"confirmer_malgre_doublon": ""}, follow=True)
    page = reponse.content.decode()
    assert "Télécharger l'attestation d'enregistrement" in page
    assert f'href="/demandes/{d.pk}/attestation.pdf"' in page
    # Only once: the page read again keeps the documents' buttons but not the invitation.
    page = client.get(f"/demandes/{d.pk}/").content.decode()
    assert 'id="attestation-a-remettre"' not in page and "Attestation d'enregistrement (PDF)" in page


def test_un_brouillon_n_a_pas_d_attestation(client, agent_guichet, brouillon):
    client.force_login(agent_guichet)
    reponse = client.get(f"/demandes/{brouillon.pk}/attestation.pdf")
    assert reponse.status_code == 404 and "brouillon" in reponse.content.decode()


# --------------------------------------------------------------------------- the printable demand, and the scope


def test_la_demande_imprimable_reprend_le_recapitulatif(client, agent_guichet, enregistree):
    client.force_login(agent_guichet)
    reponse = client.get(f"/demandes/{enregistree.pk}/demande.pdf")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    texte = _texte_pdf(reponse.content)
    for attendu in (
        enregistree.numero,
        "Élodie MARTIN",
        "Karim MARTIN",
        "Lina",
        "Noé",
        "1 500,00 €",
        "800,00 €",
        "21 000 € (revenus 2024)",
        "Logement trop petit",
        "Éligibilité",
    ):
        assert attendu in texte, attendu


def test_le_guichet_d_une_autre_commune_recoit_404_sur_l_attestation_et_l_impression(client, enregistree, referentiel):
    # The demand wishes Antibes and Vallauris: a counter of Vallauris reads it (its commune is wished), one of
    # Biot does not.
    biot = agent(referentiel["commune-biot"], Role.AGENT_GUICHET)
    client.force_login(biot)
    for url in (
        f"/demandes/{enregistree.pk}/",
        f"/demandes/{enregistree.pk}/attestation.pdf",
        f"/demandes/{enregistree.pk}/demande.pdf",
    ):
        assert client.get(url).status_code == 404, url
    vallauris = agent(referentiel["commune-vallauris"], Role.AGENT_GUICHET)
    client.force_login(vallauris)
    assert client.get(f"/demandes/{enregistree.pk}/attestation.pdf").status_code == 200


def test_nombre_de_requetes_de_l_etape_6_et_de_l_attestation(client, agent_guichet, guichet):
    """The recapitulation and the attestation read a fixed number of rows, whatever the household's size (no query
    per person): 15 for the attestation, the same for step 6 whatever the size (18 today with the page's layout,
    which other features change)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enfants = [
        {"lien": Lien.ENFANT, "prenom": f"Enfant{i}", "date_naissance": dt.date(2012 + i, 1, 1), "a_charge": True}
        for i in range(4)
    ]
    comptes = []
    for personnes in (famille_de_4(), famille_de_4() + enfants):
        d = demande_complete(agent_guichet, guichet, personnes=personnes)
        client.force_login(agent_guichet)
        client.get(f"/demandes/{d.pk}/")  # the session and its caches warmed
        with CaptureQueriesContext(connection) as etape_6:
            assert client.get(f"/demandes/{d.pk}/etape/6/").status_code == 200
        with CaptureQueriesContext(connection) as pdf:
            assert client.get(f"/demandes/{d.pk}/attestation.pdf").status_code == 200
        comptes.append((len(etape_6), len(pdf)))
        services.demande_radier(par=agent_guichet, demande=d, motif="RADABA")  # not a duplicate of the next one
    assert comptes[0] == comptes[1], comptes
    assert comptes[0][0] <= 25 and comptes[0][1] == 15, comptes


def test_la_demande_imprimable_garde_ses_colonnes_et_les_prenoms_chinois(client, agent_guichet, guichet):
    """Found by a newcomer: a long surname pushed the « Ressources mensuelles » column off the page, and « 李 »
    printed as an empty box (DejaVu has no CJK glyph: WenQuanYi Micro Hei is installed by .ci/run and the image)."""
    nom = "De La Fontaine-Wolfeschlegelsteinhausenbergerdorff"
    d = demande_complete(agent_guichet, guichet, personnes=[demandeur(nom=nom, prenom="李")])
    client.force_login(agent_guichet)
    texte = _texte_pdf(client.get(f"/demandes/{d.pk}/demande.pdf").content)
    assert "李" in texte
    assert "1 500,00 €" in texte  # the resources column, last of the household table, is on the page


def test_l_etape_3_dit_toutes_ses_erreurs_en_une_fois(client, agent_guichet, brouillon):
    """Found by a newcomer: a wrong surface was said first, the unreadable rent only at the next submit."""
    client.force_login(agent_guichet)
    page = client.post(
        f"/demandes/{brouillon.pk}/etape/3/",
        {"logement_actuel": "LP", "loyer_actuel": "1.65,0x", "surface_actuelle": "-3", "motifs": ["13"]},
    ).content.decode()
    resume = html.unescape(page.split("data-resume-erreurs", 1)[1].split("</ul>", 1)[0])
    assert "Surface actuelle (m²)" in resume and "« 1.65,0x » n'est pas un montant" in resume


def test_un_souhait_hors_du_territoire_reste_quand_on_enregistre_l_etape_4(client, agent_guichet, guichet):
    """The wishes' selects offer the territory's communes (Commune.objects.du_territoire), and any commune the demand
    already wishes outside it (a wish from the SNE's file or the API): saving step 4 for a typology keeps it."""
    from demandes.models import SouhaitCommune

    d = demande_complete(agent_guichet, guichet, enregistrer=False)
    ailleurs = Commune.objects.create(
        code_insee="83137",
        nom="Toulon-Ailleurs",
        siren="218301370",
        codes_postaux=["83000"],
        population=1,
        annee_population=2026,
        zone_apl=2,
        epci_siren="248300543",
    )
    d.souhaits_communes.all().delete()
    antibes = Commune.objects.get(code_insee="06004")
    SouhaitCommune.objects.create(demande=d, commune=antibes, rang=1)
    SouhaitCommune.objects.create(demande=d, commune=ailleurs, rang=2)
    client.force_login(agent_guichet)
    page = client.get(f"/demandes/{d.pk}/etape/4/").content.decode()
    assert re.search(rf'<option value="{ailleurs.pk}" selected>Toulon-Ailleurs</option>', page)
    donnees = {"commune_1": antibes.pk, "commune_2": ailleurs.pk, "typologies": ["T3", "T4"]}
    reponse = client.post(f"/demandes/{d.pk}/etape/4/", donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    assert list(d.souhaits_communes.order_by("rang").values_list("commune__nom", flat=True)) == [
        "Antibes",
        "Toulon-Ailleurs",
    ]
    # a demand without that wish is not offered the commune
    autre = demande_complete(agent_guichet, guichet, enregistrer=False)
    assert "Toulon-Ailleurs" not in client.get(f"/demandes/{autre.pk}/etape/4/").content.decode()
