"""Renewing one's demand online (portail/renouvellement.py, portail/views/renouvellement.py): the counter's window at
its exact edges, a struck-off demand, the double click, the log line and the SNE outbox's event, the attestation as a
PDF, and no way to reach another applicant's.

The demand of these tests is filed on 05/10/2026 and registered on 10/10/2026: valid until 05/10/2027, renewable from
05/07/2027 (CASA_RENOUVELLEMENT_OUVERT_MOIS = 3), struck off on 05/11/2027 (t + 13), reactivable until 05/04/2028
(t + 18) — tests/demandes/test_demandes_cycle.py's dates.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from demandes import services
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande, TransitionDemande
from envois_sne.codes import TypeEvenementSNE
from envois_sne.collecte import collecter
from envois_sne.models import EvenementSNE
from tests.demandes.fabriques import demandeur
from tests.pdf import texte_pdf

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

ECHEANCE = dt.date(2027, 10, 5)
OUVERTURE = dt.date(2027, 7, 5)
RADIATION = dt.date(2027, 11, 5)
FIN_REACTIVATION = dt.date(2028, 4, 5)
RENOUVELER = "/mon-logement/renouveler/"
ATTESTATION = "/mon-logement/attestation.pdf"


def le(jour: dt.date):
    return time_machine.travel(dt.datetime.combine(jour, dt.time(10, 0)), tick=False)


@pytest.fixture
def demande(referentiel):
    with le(dt.date(2026, 10, 10)):
        d, _ = demande_de_famille(referentiel)
    assert d.date_echeance == ECHEANCE
    return d


def recharger(d: Demande) -> Demande:
    return Demande.objects.get(pk=d.pk)


def page(client) -> str:
    return re.sub(r"\s+", " ", client.get(RENOUVELER).content.decode()).replace("&#x27;", "'")


def confirmer(client, demande, **donnees):
    donnees = {"a_jour": "on", "echeance": recharger(demande).date_echeance.isoformat(), **donnees}
    return client.post(RENOUVELER, donnees, follow=True)


def texte(reponse) -> str:
    return re.sub(r"\s+", " ", reponse.content.decode()).replace("&#x27;", "'")


def lignes_en_ligne(demande):
    return list(TransitionDemande.objects.filter(demande=demande, par_le_demandeur=True))


# --------------------------------------------------------------------------- the window, at its edges


def test_la_veille_de_l_ouverture_la_page_dit_quand_et_refuse(client, demande):
    with le(OUVERTURE - dt.timedelta(days=1)):
        connecter(client, demande)
        contenu = page(client)
        assert "Votre demande est valable jusqu'au 05/10/2027" in contenu
        assert "Vous pourrez la renouveler à partir du 05/07/2027" in contenu
        assert "Je confirme que les informations" not in contenu  # no form
        reponse = confirmer(client, demande)
        assert "à partir du 05/07/2027" in texte(reponse)
        # « Ma demande » announces nothing yet
        assert "à renouveler avant le" not in texte(client.get(reverse("portail:demande")))
    assert recharger(demande).date_echeance == ECHEANCE
    assert not lignes_en_ligne(demande)


def test_le_jour_de_l_ouverture_le_demandeur_renouvelle_pour_un_an(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        accueil = texte(client.get(reverse("portail:demande")))
        assert "Votre demande est à renouveler avant le 05/10/2027" in accueil
        assert f'href="{RENOUVELER}"' in accueil
        contenu = page(client)
        assert "Je confirme que les informations de ma demande sont à jour" in contenu
        assert "elle sera valable jusqu'au <strong>05/10/2028</strong>" in contenu
        assert "Élodie Martin, demandeur" in contenu and "Karim Martin" in contenu  # the data to confirm
        assert f'href="{reverse("portail:demande")}"' in contenu
        assert f'href="{reverse("portail:signaler")}"' in contenu  # when something changed: report it first
        reponse = confirmer(client, demande)
        apres = texte(reponse)
    assert "Votre demande est renouvelée : elle est valable jusqu'au 05/10/2028" in apres
    assert f'href="{ATTESTATION}"' in apres
    d = recharger(demande)
    assert (d.etat, d.date_echeance, d.date_dernier_renouvellement) == (
        EtatDemande.ACTIVE,
        dt.date(2028, 10, 5),
        OUVERTURE,
    )


def test_le_jour_de_l_echeance_le_renouvellement_repart_de_l_echeance(client, demande):
    with le(ECHEANCE):
        connecter(client, demande)
        assert "Votre demande est à renouveler avant le 05/10/2027" in texte(client.get(reverse("portail:demande")))
        confirmer(client, demande)
    assert recharger(demande).date_echeance == dt.date(2028, 10, 5)


def test_apres_l_echeance_la_veille_de_la_radiation_il_est_encore_temps(client, demande):
    with le(RADIATION - dt.timedelta(days=1)):
        assert services.demandes_non_renouvelees_radier() == 0
        connecter(client, demande)
        assert "Votre demande est à renouveler avant le 05/11/2027" in texte(client.get(reverse("portail:demande")))
        assert "Renouvelez-la avant le 05/11/2027" in page(client)
        confirmer(client, demande)
    d = recharger(demande)
    assert (d.etat, d.date_echeance) == (EtatDemande.ACTIVE, dt.date(2028, 10, 5))  # never stacked, from the due date


def test_le_jour_de_la_radiation_le_renouvellement_en_ligne_la_reactive(client, demande):
    with le(RADIATION):
        assert services.demandes_non_renouvelees_radier() == 1
        connecter(client, demande)
        assert "Votre demande peut être réactivée jusqu'au 05/04/2028" in texte(client.get(reverse("portail:demande")))
        contenu = page(client)
        assert "faute de renouvellement" in contenu and "Réactiver ma demande" in contenu
        confirmer(client, demande)
    d = recharger(demande)
    assert (d.etat, d.motif_radiation, d.date_radiation) == (EtatDemande.ACTIVE, "", None)
    assert d.date_echeance == dt.date(2028, 11, 5)  # one year from the renewal, as at the counter
    (ligne,) = lignes_en_ligne(demande)
    assert (ligne.de, ligne.vers, ligne.par) == (EtatDemande.RADIEE, EtatDemande.ACTIVE, None)
    assert ligne.motif.startswith("Réactivée par le renouvellement reçu le 05/11/2027 par le demandeur, en ligne")


def test_radiee_mais_reactivable_les_envois_disent_de_la_reactiver(client, demande):
    """Struck off for non-renewal, the pieces' and reports' pages show no form and say the renewal would reactivate it;
    « Ma demande » keeps both the way to reactivate it and the attestation."""
    with le(RADIATION):
        services.demandes_non_renouvelees_radier()
        connecter(client, demande)
        for url in (reverse("portail:piece_envoyer"), reverse("portail:signaler")):
            reponse = client.get(url)
            assert reponse.status_code == 200
            assert (
                "Votre demande est radiée : vous ne pouvez plus envoyer de pièce ni signaler d'erreur depuis votre "
                "espace. Vous pouvez encore la réactiver en la renouvelant, jusqu'au 05/04/2028" in texte(reponse)
            )
            assert 'name="fichier"' not in texte(reponse) and 'name="texte"' not in texte(reponse)
        accueil = texte(client.get(reverse("portail:demande")))
        assert f'href="{RENOUVELER}"' in accueil and "Réactiver ma demande" in accueil
        assert f'href="{ATTESTATION}"' in accueil


def test_apres_la_fin_de_la_reactivation_il_faut_une_nouvelle_demande(client, demande):
    with le(RADIATION):
        services.demandes_non_renouvelees_radier()
    with le(FIN_REACTIVATION + dt.timedelta(days=1)):
        connecter(client, demande)
        contenu = page(client)
        assert "le délai pour la réactiver a pris fin le 05/04/2028" in contenu
        assert "déposez une nouvelle demande" in contenu and "Je confirme" not in contenu
        envois = texte(client.get(reverse("portail:piece_envoyer")))
        assert "réactiver" not in envois and "déposez une nouvelle demande auprès d'un guichet" in envois
        confirmer(client, demande)
    assert recharger(demande).etat == EtatDemande.RADIEE


def test_une_demande_radiee_pour_un_autre_motif_ne_se_renouvelle_pas(client, demande, referentiel):
    guichet = demande.guichet
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    with le(dt.date(2027, 8, 1)):
        services.demande_radier(par=agent(guichet, Role.AGENT_GUICHET), demande=demande, motif=MotifRadiation.RADABA)
        connecter(client, demande)
        contenu = page(client)
        assert "Votre demande a été radiée le 01/08/2027 (" in contenu
        assert "elle ne peut pas être renouvelée" in contenu and "Je confirme" not in contenu
        assert "à renouveler" not in texte(client.get(reverse("portail:demande")))
        reponse = confirmer(client, demande)
        assert "elle ne peut pas être renouvelée" in texte(reponse)
    assert recharger(demande).etat == EtatDemande.RADIEE
    assert not lignes_en_ligne(demande)


# --------------------------------------------------------------------------- the form, the double click


def test_sans_la_case_cochee_rien_n_est_renouvele(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        reponse = client.post(RENOUVELER, {"echeance": ECHEANCE.isoformat()})
    assert reponse.status_code == 400
    assert "Cochez la case pour confirmer" in texte(reponse)
    assert recharger(demande).date_echeance == ECHEANCE


def test_un_double_clic_renouvelle_une_seule_fois(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        donnees = {"a_jour": "on", "echeance": ECHEANCE.isoformat()}  # the same page, posted twice
        premier = client.post(RENOUVELER, donnees, follow=True)
        second = client.post(RENOUVELER, donnees, follow=True)
    assert "Votre demande est renouvelée" in texte(premier)
    assert "Votre demande a déjà été renouvelée aujourd'hui : elle est valable jusqu'au 05/10/2028" in texte(second)
    assert recharger(demande).date_echeance == dt.date(2028, 10, 5)  # not 2029
    assert len(lignes_en_ligne(demande)) == 1


def test_deja_renouvelee_la_page_dit_depuis_quand_et_quand_ce_sera_possible(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        confirmer(client, demande)
    client.cookies.clear()  # a month later: a new session
    with le(OUVERTURE + dt.timedelta(days=30)):
        connecter(client, demande)
        contenu = page(client)
    assert "Votre demande a été renouvelée le 05/07/2027 : elle est valable jusqu'au 05/10/2028" in contenu
    assert "à partir du 05/07/2028" in contenu


def test_il_faut_etre_connecte(client, demande):
    assert client.get(RENOUVELER)["Location"] == reverse("portail:connexion")
    assert client.post(RENOUVELER, {"a_jour": "on"})["Location"] == reverse("portail:connexion")
    assert client.get(ATTESTATION)["Location"] == reverse("portail:connexion")


# --------------------------------------------------------------------------- the log, and the SNE outbox


def test_la_ligne_du_journal_et_l_evenement_de_la_boite_d_envoi_sne(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        confirmer(client, demande, echeance=ECHEANCE.isoformat())
        (ligne,) = lignes_en_ligne(demande)
        assert (ligne.de, ligne.vers, ligne.par, ligne.par_le_sne) == ("ACTIVE", "ACTIVE", None, False)
        assert ligne.motif == (
            "Renouvelée (reçu le 05/07/2027, par le demandeur, en ligne) : valable jusqu'au 05/10/2028 "
            "au lieu du 05/10/2027"
        )
        bilan = collecter(depuis=dt.datetime(2027, 7, 4, tzinfo=dt.UTC))
    assert bilan[TypeEvenementSNE.RENOUVELLEMENT] == 1
    evenement = EvenementSNE.objects.get(type=TypeEvenementSNE.RENOUVELLEMENT)
    assert (evenement.demande, evenement.source_id) == (recharger(demande), ligne.pk)
    assert evenement.contenu["date_renouvellement"] == "2027-07-05"
    assert evenement.contenu["date_echeance"] == "2028-10-05"
    assert evenement.contenu["numero_local"] == demande.numero


def test_la_reactivation_en_ligne_part_au_sne_avec_sa_nouvelle_echeance(client, demande):
    with le(RADIATION):
        services.demandes_non_renouvelees_radier()
    with le(dt.date(2027, 12, 1)):
        connecter(client, demande)
        confirmer(client, demande)
        collecter(depuis=dt.datetime(2027, 11, 30, tzinfo=dt.UTC))
    evenement = EvenementSNE.objects.get(type=TypeEvenementSNE.RENOUVELLEMENT)
    assert evenement.contenu["date_renouvellement"] == "2027-12-01"
    assert evenement.contenu["date_echeance"] == "2028-12-01"  # not the radiation date the line also cites


# --------------------------------------------------------------------------- the attestation


def test_l_attestation_pdf_montre_le_renouvellement_et_la_nouvelle_validite(client, demande):
    with le(OUVERTURE):
        connecter(client, demande)
        confirmer(client, demande)
        reponse = client.get(ATTESTATION)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert "no-store" in reponse["Cache-Control"]
    contenu = re.sub(r"\s+", " ", texte_pdf(reponse.content))
    assert demande.numero in contenu
    assert "Dernier renouvellement reçu le 05/07/2027" in contenu
    assert "jusqu'au 05/10/2028" in contenu


def _lu(pdf: bytes) -> str:
    """The PDF's text on one line, no-break spaces as plain ones, a word hyphenated at the end of a line whole."""
    return " ".join(texte_pdf(pdf).replace("\xa0", " ").replace("\u202f", " ").split()).replace("- ", "-")


# What only a demand still in force is told: its validity and the advice to renew it before it is struck off.
CONSEIL_DE_RENOUVELLEMENT = ("Renouvelez-la", "Sans renouvellement", "Votre demande est valable", "Un avis vous est")


def test_l_attestation_d_une_demande_radiee_non_renouvelee_dit_la_radiation_et_jusqu_a_quand_la_reactiver(
    client, demande
):
    with le(RADIATION):
        assert services.demandes_non_renouvelees_radier() == 1
    with le(dt.date(2027, 12, 1)):
        connecter(client, demande)
        contenu = _lu(client.get(ATTESTATION).content)
    assert "Votre demande est radiée depuis le 05/11/2027. Motif de la radiation : non-renouvellement." in contenu
    assert "Elle peut encore être réactivée jusqu'au 05/04/2028, avec son numéro et son ancienneté" in contenu
    assert "par son renouvellement, auprès d'un guichet enregistreur ou en ligne" in contenu
    assert [c for c in CONSEIL_DE_RENOUVELLEMENT if c in contenu] == []
    with le(FIN_REACTIVATION + dt.timedelta(days=1)):
        navigateur = Client()  # months later: another visit
        connecter(navigateur, demande)
        contenu = _lu(navigateur.get(ATTESTATION).content)
    assert "Votre demande est radiée depuis le 05/11/2027. Motif de la radiation : non-renouvellement." in contenu
    assert "Elle ne peut plus être renouvelée ni réactivée" in contenu and "réactivée jusqu'au" not in contenu
    assert [c for c in CONSEIL_DE_RENOUVELLEMENT if c in contenu] == []


def test_l_attestation_d_une_demande_radiee_pour_un_autre_motif_dit_pourquoi_au_demandeur_et_au_guichet(
    client, demande
):
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    guichetier = agent(demande.guichet, Role.AGENT_GUICHET)
    with le(dt.date(2027, 8, 1)):
        services.demande_radier(par=guichetier, demande=demande, motif=MotifRadiation.RADABA)
        connecter(client, demande)
        dans_l_espace = _lu(client.get(ATTESTATION).content)
        client.force_login(guichetier)
        au_guichet = client.get(f"/demandes/{demande.pk}/attestation.pdf")
    assert au_guichet.status_code == 200
    for contenu in (dans_l_espace, _lu(au_guichet.content)):
        assert "Votre demande est radiée depuis le 01/08/2027." in contenu
        assert "Motif de la radiation : renonciation du demandeur." in contenu
        assert "Elle ne peut plus être renouvelée ni réactivée" in contenu and "réactivée jusqu'au" not in contenu
        assert [c for c in CONSEIL_DE_RENOUVELLEMENT if c in contenu] == []
        assert "Les étapes à venir" in contenu and "Instruction :" not in contenu


def test_l_attestation_d_une_demande_en_cours_garde_le_conseil_de_renouvellement(client, demande):
    with le(dt.date(2027, 8, 1)):
        connecter(client, demande)
        contenu = _lu(client.get(ATTESTATION).content)
    assert "Votre demande est valable 12 mois : jusqu'au 05/10/2027" in contenu
    assert "Sans renouvellement, elle est radiée le 05/11/2027" in contenu and "radiée depuis" not in contenu


def test_l_attestation_d_un_autre_demandeur_n_est_jamais_atteignable(client, demande, referentiel):
    with le(dt.date(2026, 10, 10)):
        autre, _ = demande_de_famille(
            referentiel,
            personnes=[
                demandeur(nom="Durand", prenom="Paul", date_naissance=dt.date(1975, 1, 2), courriel="p@exemple.fr")
            ],
        )
    with le(OUVERTURE):
        connecter(client, autre)
        # no identifier in the URLs: a query string naming the other demand changes nothing
        for url in (ATTESTATION, f"{ATTESTATION}?pk={demande.pk}", f"{ATTESTATION}?demande={demande.numero}"):
            contenu = texte_pdf(client.get(url).content)
            assert autre.numero in contenu and demande.numero not in contenu and "Martin" not in contenu
        confirmer(client, autre, echeance=ECHEANCE.isoformat())
    assert recharger(autre).date_echeance == dt.date(2028, 10, 5)
    assert recharger(demande).date_echeance == ECHEANCE  # the other applicant's renewal touched only his own


def test_une_demande_effacee_n_a_plus_d_attestation(client, demande):
    from demandes.models import EffacementDemande
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    with le(dt.date(2027, 8, 1)):
        services.demande_radier(par=agent(demande.guichet, Role.AGENT_GUICHET), demande=demande, motif="RADABA")
        connecter(client, demande)
        # the view's own guard: the erasure recorded (the purge blanks the demand and deletes its persons with it)
        EffacementDemande.objects.create(
            demande=demande,
            declencheur="COMMANDE",
            conservation_mois=12,
            date_radiation=dt.date(2027, 8, 1),
            motif_radiation=MotifRadiation.RADABA,
        )
        reponse = client.get(ATTESTATION)
        assert reponse.status_code == 404
        assert "Les données de cette demande ont été effacées : elle n'a plus d'attestation." in texte(reponse)
        assert "ont été effacées" in page(client) and "Je confirme" not in page(client)
        demande.personnes.all().delete()  # what the purge does: the session ends at the next page
        assert client.get(ATTESTATION)["Location"] == reverse("portail:connexion")


def test_un_brouillon_n_a_ni_espace_ni_attestation(client, referentiel):
    with le(dt.date(2026, 10, 10)):
        brouillon, _ = demande_de_famille(referentiel, enregistrer=False)
    connecter(client, brouillon)
    reponse = client.get(ATTESTATION)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("portail:connexion")
