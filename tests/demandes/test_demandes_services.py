import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import services
from demandes.codes import CodePriorite, EtatDemande, Lien, MotifRadiation
from demandes.models import Demande, Personne
from demandes.selectors import demandes_visibles, pieces_attendues
from demandes.validation import ErreursValidation
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur, famille_de_4
from tests.territoire.fabriques import agent


@pytest.fixture
def guichet_antibes(referentiel):
    return referentiel["commune-antibes"]


@pytest.fixture
def agent_antibes(guichet_antibes):
    return agent(guichet_antibes, Role.AGENT_GUICHET, username="guichet.antibes")


def test_un_agent_de_guichet_enregistre_une_demande_complete(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes)
    assert d.etat == EtatDemande.ACTIVE
    # a local number of the year of registration, in a namespace of its own; the NUR comes from the SNE (issue 18)
    assert re.fullmatch(rf"CASA-{d.date_enregistrement:%Y}-\d{{6}}", d.numero), d.numero
    assert d.nur is None and d.reference == d.numero and str(d) == d.numero
    assert d.date_echeance == dt.date(2027, 10, 5)
    assert [t.vers for t in d.transitions.all()] == [EtatDemande.BROUILLON, EtatDemande.ACTIVE]


def test_le_menage_de_4_a_21_000_euros_est_eligible_plus_et_plai(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes)
    assert d.nombre_personnes == 4
    assert d.categorie_menage == 4
    assert d.eligible_plus is True
    assert d.eligible_plai is True  # 21 000 € ≤ 25 092 € (PLAI 2026, catégorie 4)
    # UC: 1 + 0.5 (co-applicant) + 0.5 (15 years old) + 0.3 (8 years old) = 2.3; 2 300 € × 12 / 2.3 = 12 000 €
    assert d.unites_consommation == Decimal("2.3")
    assert d.ressources_par_uc == 12000
    assert d.premier_quartile is True


def test_un_autre_guichet_ne_peut_pas_enregistrer_pour_antibes(referentiel, guichet_antibes):
    autre = agent(referentiel["commune-vallauris"], Role.AGENT_GUICHET)
    with pytest.raises(PermissionDenied):
        services.demande_creer(
            par=autre, guichet=guichet_antibes, date_depot=dt.date(2026, 10, 5), demandeur=demandeur()
        )


def test_une_commune_qui_n_est_pas_guichet_enregistreur_est_refusee(referentiel):
    petite = referentiel["commune-courmes"]
    with pytest.raises(ErreurMetier, match="n'est pas un guichet enregistreur"):
        services.demande_creer(
            par=agent(petite, Role.AGENT_GUICHET),
            guichet=petite,
            date_depot=dt.date(2026, 10, 5),
            demandeur=demandeur(),
        )


def test_un_revenu_qui_n_est_pas_un_nombre_est_refuse_sans_rien_enregistrer(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes, enregistrer=False)
    with pytest.raises(ErreursValidation) as err:
        services.demande_modifier(par=agent_antibes, demande=d, revenu_fiscal_reference="vingt mille")
    assert "n'est pas un montant" in err.value.erreurs["revenu_fiscal_reference"][0]
    d.refresh_from_db()
    assert d.revenu_fiscal_reference == 21000


def test_une_ressource_impossible_est_refusee(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes, enregistrer=False)
    personnes = famille_de_4()
    personnes[0]["ressources"] = [{"type": "SAL", "montant_mensuel": "-20"}]
    with pytest.raises(ErreursValidation) as err:
        services.menage_definir(par=agent_antibes, demande=d, personnes=personnes)
    assert err.value.erreurs["personnes-0-ressources-0-montant_mensuel"] == ["Un montant ne peut pas être négatif."]
    assert d.personnes.count() == 4  # the household was not replaced


def test_une_date_de_naissance_future_est_refusee(agent_antibes, guichet_antibes):
    with pytest.raises(ErreursValidation) as err:
        services.demande_creer(
            par=agent_antibes,
            guichet=guichet_antibes,
            date_depot=dt.date(2026, 10, 5),
            demandeur=demandeur(date_naissance=dt.date(2030, 1, 1)),
        )
    assert "dans le futur" in err.value.erreurs["personnes-0-date_naissance"][0]
    assert not Demande.objects.exists()


def test_un_enfant_attendu_a_une_date_prevue_de_naissance(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes, enregistrer=False)
    personnes = famille_de_4() + [
        {
            "lien": Lien.ENFANT,
            "prenom": "",
            "enfant_a_naitre": True,
            "a_charge": True,
            "date_naissance": timezone.localdate() + dt.timedelta(days=90),
        }
    ]
    services.menage_definir(par=agent_antibes, demande=d, personnes=personnes)
    d.refresh_from_db()
    assert d.nombre_personnes == 5
    assert d.categorie_menage == 5


def test_neuf_communes_sont_refusees(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes, enregistrer=False)
    neuf = list(Commune.objects.all()[:9])
    with pytest.raises(ErreursValidation) as err:
        services.souhaits_definir(par=agent_antibes, demande=d, communes=neuf, typologies=["T3"])
    assert err.value.erreurs["communes"] == ["9 communes choisies : le formulaire national en permet 8 au plus."]
    assert d.souhaits_communes.count() == 1


def test_un_co_demandeur_sans_identite_est_refuse(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes, enregistrer=False)
    personnes = famille_de_4()
    personnes[1].update(nom="", prenom="")
    with pytest.raises(ErreursValidation) as err:
        services.menage_definir(par=agent_antibes, demande=d, personnes=personnes)
    assert err.value.erreurs["personnes-1-nom"] == ["Indiquez le nom du co-demandeur."]
    assert err.value.erreurs["personnes-1-prenom"][0].startswith("Indiquez le prénom du co-demandeur")


def test_une_demande_incomplete_ne_peut_pas_etre_enregistree(agent_antibes, guichet_antibes):
    d = services.demande_creer(
        par=agent_antibes, guichet=guichet_antibes, date_depot=dt.date(2026, 10, 5), demandeur=demandeur()
    )
    with pytest.raises(ErreursValidation) as err:
        services.demande_enregistrer(par=agent_antibes, demande=d)
    assert set(err.value.erreurs) >= {"revenu_fiscal_reference", "logement_actuel", "motifs", "communes", "typologies"}
    d.refresh_from_db()
    assert d.etat == EtatDemande.BROUILLON and d.numero is None


def test_un_doublon_probable_est_signale_avant_l_enregistrement(agent_antibes, guichet_antibes):
    premiere = demande_complete(agent_antibes, guichet_antibes)
    seconde = demande_complete(
        agent_antibes,
        guichet_antibes,
        enregistrer=False,
        personnes=[demandeur(nom="MARTIN", prenom="Elodie")],  # same person, without the accent, upper case
    )
    with pytest.raises(services.DoublonProbable) as err:
        services.demande_enregistrer(par=agent_antibes, demande=seconde)
    assert premiere.numero in err.value.message
    seconde.refresh_from_db()
    assert seconde.numero is None
    services.demande_enregistrer(par=agent_antibes, demande=seconde, confirmer_malgre_doublon=True)
    seconde.refresh_from_db()
    assert seconde.etat == EtatDemande.ACTIVE
    assert "doublon écarté" in seconde.transitions.last().motif


def test_une_autre_personne_nee_le_meme_jour_n_est_pas_un_doublon(agent_antibes, guichet_antibes):
    demande_complete(agent_antibes, guichet_antibes)
    autre = demande_complete(
        agent_antibes, guichet_antibes, enregistrer=False, personnes=[demandeur(nom="Rossi", prenom="Giulia")]
    )
    services.demande_enregistrer(par=agent_antibes, demande=autre)


def test_un_critere_dalo_exige_la_date_de_la_decision(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes)
    with pytest.raises(ErreursValidation) as err:
        services.critere_ajouter(par=agent_antibes, demande=d, code=CodePriorite.DALO, preuve="Décision COMED")
    assert "date_decision" in err.value.erreurs
    services.critere_ajouter(
        par=agent_antibes,
        demande=d,
        code=CodePriorite.DALO,
        preuve="Décision COMED",
        date_decision=dt.date(2026, 6, 1),
        statut_dalo="ACTIF",
    )
    services.critere_ajouter(
        par=agent_antibes, demande=d, code=CodePriorite.SANS_LOGEMENT, preuve="Attestation d'hébergement"
    )
    d.refresh_from_db()
    assert d.priorites == ["DALO", "SANS_LOGEMENT"]


def test_une_demande_radiee_est_en_lecture_seule(agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes)
    services.demande_radier(par=agent_antibes, demande=d, motif=MotifRadiation.RADABA, commentaire="Courrier du 2/11")
    with pytest.raises(ErreurMetier, match="radiée"):
        services.demande_modifier(par=agent_antibes, demande=d, loyer_max="600")
    assert d.transitions.last().motif == "Renonciation du demandeur — Courrier du 2/11"


def test_qualifier_puis_renouveler(referentiel, agent_antibes, guichet_antibes):
    d = demande_complete(agent_antibes, guichet_antibes)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    for piece in pieces_attendues(demande=d):
        services.piece_deposer(par=instructeur, demande=d, type=piece.type, vue_en_original=True)
    services.demande_qualifier(par=instructeur, demande=d)
    with time_machine.travel(dt.date(2027, 8, 1)):  # within three months of the due date (05/10/2027)
        services.demande_renouveler(par=instructeur, demande=d)
    d.refresh_from_db()
    assert d.etat == EtatDemande.QUALIFIEE
    assert d.date_echeance == dt.date(2028, 10, 5)


def test_perimetre_des_demandes(referentiel, agent_antibes, guichet_antibes):
    pour_antibes = demande_complete(agent_antibes, guichet_antibes, communes=("06004",))
    pour_vallauris = demande_complete(
        agent_antibes, guichet_antibes, communes=("06155",), personnes=[demandeur(nom="Durand", prenom="Paul")]
    )
    vallauris = agent(referentiel["commune-vallauris"], Role.AGENT_GUICHET)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    bailleur = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    lecteur = agent(referentiel["casa"], Role.LECTEUR)
    assert set(demandes_visibles(agent_antibes)) == {pour_antibes, pour_vallauris}
    assert set(demandes_visibles(vallauris)) == {pour_vallauris}  # wishes Vallauris
    assert set(demandes_visibles(instructeur)) == {pour_antibes, pour_vallauris}
    assert not demandes_visibles(bailleur).exists()
    assert not demandes_visibles(lecteur).exists()
    with pytest.raises(PermissionDenied):
        services.demande_modifier(par=vallauris, demande=pour_vallauris, loyer_max="700")


def test_les_modifications_de_la_demande_sont_tracees(agent_antibes, guichet_antibes):
    import pghistory.models

    d = demande_complete(agent_antibes, guichet_antibes)
    personne = Personne.objects.get(demande=d, lien=Lien.DEMANDEUR)
    assert pghistory.models.Events.objects.tracks(personne).exists()
    assert pghistory.models.Events.objects.tracks(d).filter(pgh_label="update").exists()
