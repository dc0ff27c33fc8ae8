"""How long the outbox keeps its files (envois_sne/conservation.py, envois_sne/retention.py; docs/conservation.md
« Les fichiers du SNE »): a day's file is blanked CASA_SNE_CONSERVATION_FICHIERS_JOURS days after it was sent once the
SNE answered each of its events (its copy in the folder removed), an acknowledgement that many days after it was read;
a blanked file no longer downloads, its page says why. The erasure of a demand's events by the retention purge is
tested with the SNE import's (tests/sne/test_conservation.py)."""

import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings

from demandes import retention
from envois_sne import conservation, services
from envois_sne.codes import EtatEvenementSNE
from envois_sne.models import CurseurCollecte, EvenementSNE, FichierEnvoiSNE, RetourSNE, TransitionEvenementSNE
from envois_sne.retention import _motif_garde
from envois_sne.tasks import effacer_fichiers_anciens
from programmation.models import Logement
from territoire.roles import Role
from tests.envois_sne.fabriques import DEBUT, bail_signe, donner_nur, retour_xml
from tests.horloge import MOMENT
from tests.territoire.fabriques import agent

E = EtatEvenementSNE


def apres(jours: int):
    return time_machine.travel(MOMENT + dt.timedelta(days=jours), tick=True)


def _acquitter(evenements, nom: str) -> RetourSNE:
    lignes = [{"identifiant": e.numero, "statut": "ACCEPTE"} for e in evenements]
    return services.retour_lire(par=None, nom=nom, contenu=retour_xml(*lignes))


@pytest.fixture
def envoye(retours):
    """The CAL file applied, every demand numbered, the dwelling's RPLS identifier known: one day's file of 9 events,
    acknowledged but for one."""
    bail_signe(retours)
    for n, d in enumerate(retours["demandes"].values(), start=1):
        donner_nur(d, n)
    Logement.objects.filter(numero="A11").update(identifiant_rpls="0600400011")
    bilan = services.envoyer_du_jour(depuis=DEBUT)
    evenements = list(EvenementSNE.objects.order_by("pk"))
    retour = _acquitter(evenements[:-1], "retour-1.xml")
    return {"fichier": bilan.fichier, "dernier": evenements[-1], "retour": retour}


def test_un_fichier_repondu_est_vide_apres_la_duree_et_sa_copie_supprimee(
    envoye, client, referentiel, django_capture_on_commit_callbacks
):
    fichier, copie = envoye["fichier"], envoye["fichier"].destination
    with open(copie, "rb") as f:
        assert f.read() == bytes(fichier.contenu)
    # 91 days on, one event still waits for the SNE's answer: the file is the proof of it, kept
    with apres(91), django_capture_on_commit_callbacks(execute=True):
        bilan = conservation.effacer_fichiers()
    assert (bilan.fichiers, bilan.retours) == (0, 1)
    assert bytes(FichierEnvoiSNE.objects.get().contenu) and not bytes(RetourSNE.objects.get().contenu)
    with apres(92):
        dernier = _acquitter([envoye["dernier"]], "retour-2.xml")
    with apres(93), django_capture_on_commit_callbacks(execute=True):
        resume = effacer_fichiers_anciens()
    assert resume == (
        "envois au SNE de plus de 90 jours : 1 fichier du jour vidé (1 copie du dossier d'envoi supprimée), "
        "0 retour du SNE vidé"
    )
    fichier.refresh_from_db()
    assert bytes(fichier.contenu) == b"" and fichier.nombre_evenements == 9 and fichier.empreinte
    assert not os.path.exists(copie)
    assert bytes(RetourSNE.objects.get(pk=dernier.pk).contenu), "lu il y a un jour : gardé"
    # the events, their states and history stay
    assert EvenementSNE.objects.filter(etat=E.ACQUITTE).count() == 9
    assert TransitionEvenementSNE.objects.filter(fichier=fichier).count() == 9
    # the download says why there is nothing to download
    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    reponse = client.get(f"/sne/envois/fichiers/{fichier.pk}/", follow=True)
    assert reponse.redirect_chain == [("/sne/envois/", 302)]
    assert "a été effacé à la fin de sa durée de conservation (90 jours après son envoi" in reponse.content.decode()
    assert "Ses 9 événements, leurs états et leur historique restent dans la boîte d&#x27;envoi." in (
        reponse.content.decode()
    )


def test_une_copie_hors_du_dossier_d_envoi_n_est_jamais_touchee(tmp_path):
    ailleurs = tmp_path / "ailleurs.zip"
    ailleurs.write_bytes(b"PK")
    assert conservation._copie("dossier", str(ailleurs)) is None
    assert conservation._copie("http", str(ailleurs)) is None
    assert ailleurs.exists()


def test_ces_tables_ne_sont_pas_suivies_par_pghistory():
    for modele in (EvenementSNE, FichierEnvoiSNE, RetourSNE, TransitionEvenementSNE, CurseurCollecte):
        with pytest.raises(LookupError):
            retention.modele_evenements(modele)


def test_le_journal_d_un_evenement_efface_ne_garde_que_les_mots_de_l_application():
    assert _motif_garde(E.A_ENVOYER, "Collecté depuis le journal (Renonciation — Mme X relogée)") == (
        "Collecté depuis le journal"
    )
    assert _motif_garde(E.A_ENVOYER, "Corrigé et renvoyé (rejeté pour : Mme X inconnue)") == "Corrigé et renvoyé"
    assert _motif_garde(E.REJETE, "Mme X née le 01/02/1980 inconnue") == ""
    assert _motif_garde(E.ENVOYE, "Envoyé dans SNE-CASA-20261118-01.zip") == "Envoyé dans SNE-CASA-20261118-01.zip"


def test_la_tache_est_programmee_chaque_nuit():
    entree = settings.CELERY_BEAT_SCHEDULE["envois-sne-effacer-fichiers-anciens"]
    assert entree["task"] == effacer_fichiers_anciens.name == "envois_sne.tasks.effacer_fichiers_anciens"
    assert entree["schedule"].hour == {3}
