"""The demand's life as the regulation says (docs/demandes.md): renewal window, radiation at t + 13 months,
reactivation until t + 18 months, the R441-2-8 warning (+ 2 months, then five months to reactivate), the filing date
fixed at registration. Time is frozen at the edges with time-machine.

The demand of these tests is filed on 05/10/2026 and registered on 10/10/2026: valid until 05/10/2027, renewable from
05/07/2027, struck off on 05/11/2027 (t + 13), reactivable until 05/04/2028 (t + 18).
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import cycle, selectors, services
from demandes.codes import EtatDemande, MotifRadiation, TypeCourrier
from demandes.models import Demande, TransitionDemande
from demandes.tasks import renouvellements
from demandes.validation import ErreursValidation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import agent

DEPOT = dt.date(2026, 10, 5)
ECHEANCE = dt.date(2027, 10, 5)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def le(jour: dt.date):
    return time_machine.travel(dt.datetime.combine(jour, dt.time(10, 0)), tick=False)


def agent_depuis_2020(organisation, role):
    """An agent habilitated since 2020: time travels back to the demand's filing in these tests."""
    from territoire.models import Habilitation

    u = agent(organisation, role)
    Habilitation.objects.filter(utilisateur=u).update(date_debut=dt.date(2020, 1, 1))
    return u


@pytest.fixture
def guichet(referentiel):
    return referentiel["commune-antibes"]


@pytest.fixture
def agent_guichet(guichet):
    return agent_depuis_2020(guichet, Role.AGENT_GUICHET)


@pytest.fixture
def instructeur(referentiel):
    return agent_depuis_2020(referentiel["casa"], Role.INSTRUCTEUR)


@pytest.fixture
def demande(agent_guichet, guichet):
    with le(dt.date(2026, 10, 10)):
        d = demande_complete(agent_guichet, guichet)
    assert (d.date_depot, d.date_echeance) == (DEPOT, ECHEANCE)
    return d


def recharger(d: Demande) -> Demande:
    return Demande.objects.get(pk=d.pk)


# --------------------------------------------------------------------------- the timings, pure


def test_les_delais_sont_en_mois_civils_fin_de_mois_comprise():
    f = cycle.fenetre_renouvellement(dt.date(2027, 1, 31))
    assert f.ouverte_le == dt.date(2026, 10, 31)
    assert f.radiation_le == dt.date(2027, 2, 28)  # 31/01 + 1 month
    assert f.fermee_apres == dt.date(2027, 7, 31)
    assert cycle.echeance_initiale(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


# --------------------------------------------------------------------------- renewal window


def test_renouvellement_refuse_avant_les_trois_mois_qui_precedent_l_echeance(demande, agent_guichet):
    with le(dt.date(2026, 10, 10)), pytest.raises(ErreurMetier) as err:  # the day of filing (the reported bug)
        services.demande_renouveler(par=agent_guichet, demande=demande)
    assert "possible à partir du 05/07/2027" in err.value.message
    with le(dt.date(2027, 7, 4)), pytest.raises(ErreurMetier):
        services.demande_renouveler(par=agent_guichet, demande=demande)
    assert recharger(demande).date_echeance == ECHEANCE


def test_renouvellement_ajoute_un_an_a_l_echeance_et_ne_se_cumule_pas(demande, agent_guichet):
    with le(dt.date(2027, 7, 5)):  # first day of the window
        services.demande_renouveler(par=agent_guichet, demande=demande)
        d = recharger(demande)
        assert d.date_echeance == dt.date(2028, 10, 5)
        assert d.date_dernier_renouvellement == dt.date(2027, 7, 5)
        with pytest.raises(ErreurMetier) as err:  # a second click the same day
            services.demande_renouveler(par=agent_guichet, demande=d)
    assert "possible à partir du 05/07/2028" in err.value.message
    assert recharger(demande).date_echeance == dt.date(2028, 10, 5)


def test_renouvellement_recu_apres_l_echeance_mais_avant_la_radiation_repart_de_l_echeance(demande, agent_guichet):
    with le(dt.date(2027, 11, 4)):  # t + 13 months − 1 day: still active
        assert services.demandes_non_renouvelees_radier() == 0
        services.demande_renouveler(par=agent_guichet, demande=demande)
    d = recharger(demande)
    assert d.etat == EtatDemande.ACTIVE
    assert d.date_echeance == dt.date(2028, 10, 5)


def test_la_date_de_reception_du_renouvellement_ne_peut_pas_etre_future(demande, agent_guichet):
    with le(dt.date(2027, 8, 1)), pytest.raises(ErreurMetier):
        services.demande_renouveler(par=agent_guichet, demande=demande, recu_le=dt.date(2027, 8, 2))


def test_une_reactivation_ne_s_obtient_pas_en_antidatant_le_renouvellement(demande, agent_guichet):
    with le(dt.date(2027, 11, 5)):
        services.demandes_non_renouvelees_radier()
    with le(dt.date(2028, 4, 20)), pytest.raises(ErreurMetier) as err:  # past t + 18, dated back within it
        services.demande_renouveler(par=agent_guichet, demande=demande, recu_le=dt.date(2028, 3, 1))
    assert "dans le mois de sa réception" in err.value.message
    assert recharger(demande).etat == EtatDemande.RADIEE


def test_un_renouvellement_recu_avant_la_radiation_et_saisi_apres_repart_de_l_echeance(demande, agent_guichet):
    with le(dt.date(2027, 11, 5)):
        services.demandes_non_renouvelees_radier()
    with le(dt.date(2027, 11, 10)):
        services.demande_renouveler(par=agent_guichet, demande=demande, recu_le=dt.date(2027, 11, 3))
    d = recharger(demande)
    assert (d.etat, d.date_echeance) == (EtatDemande.ACTIVE, dt.date(2028, 10, 5))


# --------------------------------------------------------------------------- t + 13 and t + 18


def test_radiation_pour_non_renouvellement_a_t_plus_13_mois(demande):
    with le(dt.date(2027, 11, 4)):
        assert services.demandes_non_renouvelees_radier() == 0
    with le(dt.date(2027, 11, 5)):
        assert services.demandes_non_renouvelees_radier() == 1
    d = recharger(demande)
    assert (d.etat, d.motif_radiation, d.date_radiation) == (
        EtatDemande.RADIEE,
        MotifRadiation.RADREN,
        dt.date(2027, 11, 5),
    )
    assert "réactivable jusqu'au 05/04/2028" in d.transitions.last().motif


def test_reactivation_jusqu_a_t_plus_18_mois_garde_numero_depot_et_anciennete(demande, agent_guichet, instructeur):
    with le(dt.date(2027, 1, 10)):
        for piece in selectors.pieces_attendues(demande=demande):
            services.piece_deposer(par=instructeur, demande=demande, type=piece.type, vue_en_original=True)
        services.demande_qualifier(par=instructeur, demande=demande)
    with le(dt.date(2027, 11, 5)):
        services.demandes_non_renouvelees_radier()
    numero = demande.numero
    with le(dt.date(2028, 4, 5)):  # t + 18 months: the last day
        services.demande_renouveler(par=agent_guichet, demande=demande)
        d = recharger(demande)
        score = services.cotation_calculer(demande=d).score
    assert d.etat == EtatDemande.QUALIFIEE  # the state it had before the radiation
    assert (d.numero, d.date_depot) == (numero, DEPOT)
    assert d.date_echeance == dt.date(2029, 4, 5)  # one year after the renewal
    assert (d.date_radiation, d.motif_radiation) == (None, "")
    assert d.score_cotation == score
    reactivation = TransitionDemande.objects.filter(demande=d, de=EtatDemande.RADIEE).get()
    assert reactivation.par == agent_guichet
    assert "renouvellement reçu le 05/04/2028" in reactivation.motif
    assert "numéro et ancienneté conservés" in reactivation.motif


def test_reactivation_refusee_apres_t_plus_18_mois(demande, agent_guichet):
    with le(dt.date(2027, 11, 5)):
        services.demandes_non_renouvelees_radier()
    with le(dt.date(2028, 4, 6)), pytest.raises(ErreurMetier) as err:
        services.demande_renouveler(par=agent_guichet, demande=demande)
    assert "nouvelle demande" in err.value.message
    assert recharger(demande).etat == EtatDemande.RADIEE


def test_une_demande_radiee_pour_renonciation_ne_se_reactive_pas(demande, agent_guichet):
    with le(dt.date(2027, 8, 1)):
        services.demande_radier(par=agent_guichet, demande=demande, motif=MotifRadiation.RADABA)
        with pytest.raises(ErreurMetier):
            services.demande_renouveler(par=agent_guichet, demande=demande)


def test_les_radiations_a_delai_ne_se_font_pas_a_la_main(demande, agent_guichet):
    for motif in (MotifRadiation.RADREN, MotifRadiation.RADCON):
        with pytest.raises(ErreurMetier):
            services.demande_radier(par=agent_guichet, demande=demande, motif=motif)
    assert recharger(demande).etat == EtatDemande.ACTIVE


# --------------------------------------------------------------------------- the R441-2-8 warning


def test_avertissement_sans_reponse_radie_deux_mois_apres_l_envoi(demande, agent_guichet):
    with le(dt.date(2027, 1, 15)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    assert (c.type, c.envoye_le, c.radiation_prevue_le) == (
        TypeCourrier.AVERTISSEMENT,
        dt.date(2027, 1, 15),
        dt.date(2027, 3, 15),
    )
    with le(dt.date(2027, 3, 14)):
        assert services.demandes_sans_reponse_radier() == 0
    with le(dt.date(2027, 3, 15)):
        assert services.demandes_sans_reponse_radier() == 1
    d = recharger(demande)
    assert (d.etat, d.motif_radiation, d.date_radiation) == (
        EtatDemande.RADIEE,
        MotifRadiation.RADCON,
        dt.date(2027, 3, 15),
    )


def test_une_reponse_avant_deux_mois_evite_la_radiation(demande, agent_guichet):
    with le(dt.date(2027, 1, 15)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    with le(dt.date(2027, 3, 14)):
        services.avertissement_reponse_noter(par=agent_guichet, courrier=c)
    with le(dt.date(2027, 3, 15)):
        assert services.demandes_sans_reponse_radier() == 0
    assert recharger(demande).etat == EtatDemande.ACTIVE


def test_une_reponse_tardive_reactive_pendant_cinq_mois_apres_la_radiation(demande, agent_guichet):
    with le(dt.date(2027, 1, 15)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    with le(dt.date(2027, 3, 15)):
        services.demandes_sans_reponse_radier()
    with le(dt.date(2027, 8, 15)):  # radiation + 5 months: the last day
        services.avertissement_reponse_noter(par=agent_guichet, courrier=c)
    d = recharger(demande)
    assert (d.etat, d.numero, d.date_depot, d.date_echeance) == (EtatDemande.ACTIVE, demande.numero, DEPOT, ECHEANCE)
    assert "réponse reçue le 15/08/2027" in d.transitions.last().motif


def test_une_reponse_apres_cinq_mois_ne_reactive_plus(demande, agent_guichet):
    with le(dt.date(2027, 1, 15)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    with le(dt.date(2027, 3, 15)):
        services.demandes_sans_reponse_radier()
    with le(dt.date(2027, 8, 16)), pytest.raises(ErreurMetier) as err:
        services.avertissement_reponse_noter(par=agent_guichet, courrier=c)
    assert "jusqu'au 15/08/2027" in err.value.message
    assert recharger(demande).etat == EtatDemande.RADIEE


def test_un_avertissement_n_est_pas_anterieur_a_l_enregistrement(demande, agent_guichet):
    with le(dt.date(2026, 10, 20)), pytest.raises(ErreursValidation) as err:
        services.avertissement_envoyer(
            par=agent_guichet, demande=demande, objet="Justificatif", envoye_le=dt.date(2026, 10, 9)
        )
    assert "enregistrée le 10/10/2026" in err.value.erreurs["envoye_le"][0]


def test_un_seul_avertissement_ouvert_et_un_objet_obligatoire(demande, agent_guichet):
    with le(dt.date(2027, 1, 15)):
        with pytest.raises(ErreursValidation) as err:
            services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="  ")
        assert "objet" in err.value.erreurs
        services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif")
        with pytest.raises(ErreurMetier):
            services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Autre")


@pytest.mark.worker
def test_la_tache_quotidienne_radie_faute_de_reponse_sur_le_worker(celery_worker_reel, demande, agent_guichet):
    from demandes.models import Courrier

    services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    Courrier.objects.filter(demande=demande).update(radiation_prevue_le=timezone.localdate() - dt.timedelta(days=1))
    resultat = renouvellements.delay().get(timeout=30)
    assert resultat.endswith("1 radiées faute de réponse")
    assert recharger(demande).motif_radiation == MotifRadiation.RADCON


# --------------------------------------------------------------------------- the filing date


def test_la_date_de_depot_est_fixee_a_l_enregistrement(demande, agent_guichet):
    with pytest.raises(ErreursValidation) as err:
        services.demande_modifier(par=agent_guichet, demande=demande, date_depot=dt.date(2012, 1, 1))
    assert "instructeur de la CASA" in err.value.erreurs["date_depot"][0]
    assert recharger(demande).date_depot == DEPOT


def test_la_date_de_depot_d_un_brouillon_ne_remonte_pas_au_dela_de_trois_mois(agent_guichet, guichet):
    with le(dt.date(2026, 10, 10)):
        with pytest.raises(ErreursValidation) as err:
            services.demande_creer(
                par=agent_guichet, guichet=guichet, date_depot=dt.date(2026, 7, 9), demandeur=demandeur()
            )
        assert "3 mois" in err.value.erreurs["date_depot"][0]
        services.demande_creer(
            par=agent_guichet, guichet=guichet, date_depot=dt.date(2026, 7, 10), demandeur=demandeur()
        )


def _preuve():
    return SimpleUploadedFile("formulaire-tamponne.pdf", PDF, content_type="application/pdf")


def test_seul_un_instructeur_de_la_casa_corrige_la_date_de_depot(demande, agent_guichet, referentiel):
    instructeur_commune = agent_depuis_2020(referentiel["commune-antibes"], Role.INSTRUCTEUR)
    for qui in (agent_guichet, instructeur_commune):
        with pytest.raises(PermissionDenied):
            services.date_depot_corriger(
                par=qui,
                demande=demande,
                date_depot=dt.date(2026, 9, 28),
                motif="Erreur de saisie",
                justificatif=_preuve(),
            )
    assert recharger(demande).date_depot == DEPOT


def test_correction_de_la_date_de_depot_bornee_motivee_et_prouvee(demande, instructeur):
    with le(dt.date(2026, 11, 1)):
        with pytest.raises(ErreursValidation) as err:  # after the registration (10/10/2026)
            services.date_depot_corriger(
                par=instructeur,
                demande=demande,
                date_depot=dt.date(2026, 10, 11),
                motif="Erreur de saisie",
                justificatif=_preuve(),
            )
        assert "postérieure à l'enregistrement" in err.value.erreurs["date_depot"][0]
        with pytest.raises(ErreursValidation) as err:
            services.date_depot_corriger(
                par=instructeur, demande=demande, date_depot=dt.date(2026, 9, 28), motif="", justificatif=None
            )
        assert set(err.value.erreurs) == {"motif", "justificatif"}
        with pytest.raises(ErreursValidation) as err:  # a proof that is not a PDF or an image
            services.date_depot_corriger(
                par=instructeur,
                demande=demande,
                date_depot=dt.date(2026, 9, 28),
                motif="Formulaire reçu le 28/09",
                justificatif=SimpleUploadedFile("preuve.pdf", b"MZ\x90\x00", content_type="application/pdf"),
            )
        assert "justificatif" in err.value.erreurs
    d = recharger(demande)
    assert d.date_depot == DEPOT
    assert not d.pieces.exists()  # nothing half-written


def test_correction_de_la_date_de_depot_recalcule_la_cotation_et_s_inscrit_a_l_historique(demande, instructeur):
    with le(dt.date(2026, 11, 1)):
        avant = recharger(demande).score_cotation
        d = services.date_depot_corriger(
            par=instructeur,
            demande=demande,
            date_depot=dt.date(2025, 11, 2),
            motif="Formulaire tamponné reçu le 02/11/2025, saisi en retard",
            justificatif=_preuve(),
        )
        attendu = services.cotation_calculer(demande=recharger(demande)).score
    d = recharger(d)
    assert d.date_depot == dt.date(2025, 11, 2)
    assert d.date_echeance == ECHEANCE  # the validity is never shortened by a correction
    assert d.score_cotation == attendu and d.score_cotation > avant  # a year of seniority more
    assert d.pieces.get().type == "PREUVE_DEPOT"
    ligne = d.transitions.last()
    assert ligne.par == instructeur
    assert "Date de dépôt corrigée du 05/10/2026 au 02/11/2025" in ligne.motif
    assert f"cotation {avant} → {d.score_cotation}" in ligne.motif


# --------------------------------------------------------------------------- the pages


def test_a_l_etape_2_un_couple_saisi_avec_son_co_demandeur_a_son_eligibilite(client, agent_guichet, guichet):
    """The reported case: « vivent en couple » ticked with the partner entered on the same step."""
    d = demande_complete(agent_guichet, guichet, personnes=[demandeur()])
    assert not d.vit_en_couple
    client.force_login(agent_guichet)
    reponse = client.post(
        f"/demandes/{d.pk}/etape/2/",
        {
            "ressource_type": "SAL",
            "ressource_montant": "1 500",
            "vit_en_couple": "on",
            "personnes-TOTAL_FORMS": "2",
            "personnes-INITIAL_FORMS": "0",
            "personnes-MIN_NUM_FORMS": "0",
            "personnes-MAX_NUM_FORMS": "15",
            "personnes-0-lien": "CO_DEMANDEUR",
            "personnes-0-nom": "Martin",
            "personnes-0-prenom": "Karim",
            "personnes-0-date_naissance": "1986-09-03",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    d.refresh_from_db()
    assert d.vit_en_couple and d.nombre_personnes == 2 and d.categorie_menage == 2
    api = client.get(f"/api/v1/demandes/{d.numero}/eligibilite/")
    assert api.status_code == 200, api.content


def test_a_l_etape_2_vivent_en_couple_sans_co_demandeur_s_affiche_sous_la_case(client, agent_guichet, guichet):
    d = demande_complete(agent_guichet, guichet, personnes=[demandeur()])
    client.force_login(agent_guichet)
    reponse = client.post(
        f"/demandes/{d.pk}/etape/2/",
        {
            "ressource_type": "SAL",
            "ressource_montant": "1 500",
            "vit_en_couple": "on",
            "personnes-TOTAL_FORMS": "1",
            "personnes-INITIAL_FORMS": "0",
            "personnes-MIN_NUM_FORMS": "0",
            "personnes-MAX_NUM_FORMS": "15",
            "personnes-0-lien": "",
        },
    )
    assert reponse.status_code == 200
    assert "« Vivent en couple » suppose un co-demandeur" in reponse.content.decode()
    assert not Demande.objects.get(pk=d.pk).vit_en_couple


def test_la_fiche_montre_la_validite_et_renouvelle_dans_la_fenetre(client, demande, agent_guichet, confirmer):
    with le(dt.date(2026, 11, 20)):
        client.force_login(agent_guichet)
        page = client.get(f"/demandes/{demande.pk}/").content.decode()
        assert "Validité et courriers" in page
        assert "possible à partir du 05/07/2027" in page
        assert "Enregistrer le renouvellement" not in page
    with le(dt.date(2027, 8, 1)):
        client.force_login(agent_guichet)  # a session of November 2026 has expired by then
        page = client.get(f"/demandes/{demande.pk}/").content.decode()
        assert "Enregistrer le renouvellement" in page
        reponse = confirmer(client, f"/demandes/{demande.pk}/renouveler/", {"recu_le": "2027-07-30"}, follow=True)
    # the confirmation said what the renewal would do before it was done
    assert "valable jusqu&#x27;au 05/10/2028 au lieu du 05/10/2027" in reponse.confirmation
    assert "Demande renouvelée : valable jusqu&#x27;au 05/10/2028." in reponse.content.decode()
    assert recharger(demande).date_dernier_renouvellement == dt.date(2027, 7, 30)


def test_la_date_de_depot_est_en_lecture_seule_a_l_etape_1_apres_l_enregistrement(client, demande, agent_guichet):
    client.force_login(agent_guichet)
    page = client.get(f"/demandes/{demande.pk}/etape/1/").content.decode()
    assert 'name="date_depot"' in page and "disabled" in page.split('name="date_depot"')[1].split(">")[0]


def test_la_page_de_correction_de_la_date_de_depot(client, demande, instructeur, agent_guichet):
    client.force_login(agent_guichet)
    assert client.get(f"/demandes/{demande.pk}/date-de-depot/").status_code == 403
    client.force_login(instructeur)
    assert "Corriger la date de dépôt" in client.get(f"/demandes/{demande.pk}/").content.decode()
    reponse = client.post(
        f"/demandes/{demande.pk}/date-de-depot/",
        {"date_depot": "2026-10-12", "motif": "Reçu le 12/10", "justificatif": _preuve()},
    )
    assert "postérieure à l&#x27;enregistrement" in reponse.content.decode()
    reponse = client.post(
        f"/demandes/{demande.pk}/date-de-depot/",
        {"date_depot": "2026-09-28", "motif": "Formulaire tamponné le 28/09", "justificatif": _preuve()},
        follow=True,
    )
    assert "Date de dépôt corrigée du 05/10/2026 au 28/09/2026" in reponse.content.decode()


# --------------------------------------------------------------------------- second trial


def test_une_date_de_depot_corrigee_ne_precede_pas_l_enregistrement_de_plus_d_un_an(demande, instructeur):
    with le(dt.date(2026, 11, 1)), pytest.raises(ErreursValidation) as err:
        services.date_depot_corriger(
            par=instructeur,
            demande=demande,
            date_depot=dt.date(2025, 10, 9),  # registration 10/10/2026 − 1 year − 1 day
            motif="Formulaire tamponné en 2025",
            justificatif=_preuve(),
        )
    assert "aurait dû être renouvelée" in err.value.erreurs["date_depot"][0]


def test_un_renouvellement_recu_vaut_reponse_a_l_avertissement_ouvert(demande, agent_guichet):
    with le(dt.date(2027, 7, 10)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    with le(dt.date(2027, 8, 1)):
        services.demande_renouveler(par=agent_guichet, demande=demande)
    c.refresh_from_db()
    assert c.repondu_le == dt.date(2027, 8, 1)
    with le(dt.date(2027, 9, 10)):
        assert services.demandes_sans_reponse_radier() == 0
    assert recharger(demande).etat == EtatDemande.ACTIVE


def test_une_etape_qui_n_existe_pas_est_un_404(client, demande, agent_guichet):
    client.force_login(agent_guichet)
    assert client.get(f"/demandes/{demande.pk}/etape/7/").status_code == 404


def test_radiee_faute_de_reponse_puis_echue_elle_se_reactive_par_son_renouvellement(demande, agent_guichet):
    with le(dt.date(2027, 6, 10)):
        c = services.avertissement_envoyer(par=agent_guichet, demande=demande, objet="Justificatif de domicile")
    with le(dt.date(2027, 8, 10)):
        assert services.demandes_sans_reponse_radier() == 1
    with le(dt.date(2027, 11, 20)):  # the due date (05/10/2027) has passed its radiation day too
        with pytest.raises(ErreurMetier) as err:
            services.avertissement_reponse_noter(par=agent_guichet, courrier=c)
        assert "enregistrez son renouvellement" in err.value.message
        services.demande_renouveler(par=agent_guichet, demande=demande)
    d = recharger(demande)
    assert (d.etat, d.numero, d.date_depot, d.date_echeance) == (
        EtatDemande.ACTIVE,
        demande.numero,
        DEPOT,
        dt.date(2028, 11, 20),
    )
    c.refresh_from_db()
    assert c.repondu_le == dt.date(2027, 11, 20)
    with le(dt.date(2027, 11, 21)):
        assert services.demandes_non_renouvelees_radier() == 0
        assert services.demandes_sans_reponse_radier() == 0
