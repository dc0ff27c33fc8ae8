"""The day's file (envois_sne/services.py `envoyer_du_jour`, xml_envoi.py, transport.py): well-formed and namespaced
XML in the interface's shape, written by the folder transport, its events marked sent; a transport that fails marks
nothing; the command and the beat task on a real worker."""

import datetime as dt

import pytest
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from envois_sne import services
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.models import CurseurCollecte, EvenementSNE, FichierEnvoiSNE, TransitionEvenementSNE
from envois_sne.tasks import envoyer_au_sne
from envois_sne.transport import TransportDossier
from envois_sne.xml_envoi import NAMESPACE
from programmation.models import Logement
from tests.envois_sne.fabriques import DEBUT, bail_signe, documents_du_zip, donner_nur

NS = {"n": NAMESPACE}
T = TypeEvenementSNE


def _tout_renseigner(r) -> None:
    for n, d in enumerate(r["demandes"].values(), start=1):
        donner_nur(d, n)
    Logement.objects.filter(numero="A11").update(identifiant_rpls="0600400011")


def test_le_fichier_du_jour_est_du_xml_de_l_interface_depose_dans_le_dossier(retours, dossier_des_envois):
    bail_signe(retours)
    _tout_renseigner(retours)
    bilan = services.envoyer_du_jour(depuis=DEBUT)
    # the demands numbered by the SNE have no registration to send: 4 positionnements, 4 decisions, 1 attribution
    assert bilan.envoyes == 9 and not bilan.en_attente
    fichier = FichierEnvoiSNE.objects.get()
    assert fichier.nom == f"SNE-CASA-{timezone.localdate():%Y%m%d}-01.zip"
    depose = dossier_des_envois / fichier.nom
    assert fichier.destination == str(depose) and depose.read_bytes() == bytes(fichier.contenu)
    documents = documents_du_zip(depose.read_bytes())
    assert len(documents) == 9
    for e in EvenementSNE.objects.all():
        racine = fromstring(documents[f"{e.numero}.xml"], forbid_dtd=True)
        assert racine.tag == f"{{{NAMESPACE}}}interfaceNuu" and racine.get("versionInterface") == "02.01"
        attendu = {T.ATTRIBUTION: "RAD", T.POSITIONNEMENT: "MOD", T.DECISION_CAL: "MOD"}[e.type]
        assert racine.findtext("n:entete/n:typeFichier", namespaces=NS) == attendu
        assert racine.findtext("n:entete/n:identifiantEnvoi", namespaces=NS) == e.numero
        assert racine.findtext("n:demande/n:demandeLogement/n:numUnique", namespaces=NS) == e.demande.nur
        assert (e.etat, e.fichier) == (EtatEvenementSNE.ENVOYE, fichier)
        assert TransitionEvenementSNE.objects.get(evenement=e, vers=EtatEvenementSNE.ENVOYE).fichier == fichier
    attribution = EvenementSNE.objects.get(type=T.ATTRIBUTION)
    bail = fromstring(documents[f"{attribution.numero}.xml"]).find(
        "n:demande/n:demandeLogement/n:radiation", namespaces=NS
    )
    assert bail.find("n:motifRadiation", NS).get("code") == "RADATT"
    assert bail.findtext("n:attribution/n:logement/n:identifiantRPLS", namespaces=NS) == "0600400011"
    assert bail.find("n:attribution/n:menageDalo", NS).get("code") == "OUI"
    assert bail.find("n:attribution/n:typeReservataire", NS).get("code") == "AUCUN"
    assert bail.find("n:attribution/n:accordCollectif", NS).get("code") == "NONDOC"
    # the next run has nothing to send: no empty file
    assert services.envoyer_du_jour().fichier is None and FichierEnvoiSNE.objects.count() == 1


@pytest.mark.jour_fige
def test_un_enregistrement_sans_nur_part_et_le_reste_attend(monde, dossier_des_envois):
    bilan = services.envoyer_du_jour(depuis=DEBUT)
    assert bilan.envoyes == 5  # the five registrations, which need no numéro unique
    documents = documents_du_zip((dossier_des_envois / bilan.fichier.nom).read_bytes())
    e = EvenementSNE.objects.get(demande=monde["demandes"]["vallauris"])
    racine = fromstring(documents[f"{e.numero}.xml"])
    assert racine.findtext("n:entete/n:typeFichier", namespaces=NS) == "CRE"
    demande = racine.find("n:demande/n:demandeLogement", NS)
    assert demande.findtext("n:numGuichet", namespaces=NS) == "06004"
    assert demande.findtext("n:dateCreationDemande", namespaces=NS) == "2026-10-05"
    assert demande.findtext("n:identifiantLocal", namespaces=NS) == e.demande.numero
    recherche = demande.find("n:logementRecherche", NS)
    assert recherche.findtext("n:demandeElargie", namespaces=NS) == "false"
    assert [t.get("code") for t in recherche.findall("n:listeTypeLogement/n:typeLogement", NS)] == ["T3", "T4"]
    communes = recherche.findall("n:listeLocalisationSouhaite/n:localisationSouhaite/n:commune", NS)
    assert [c.get("code") for c in communes] == ["06155"]


def test_un_transport_qui_echoue_ne_marque_rien_envoye(retours, tmp_path):
    bail_signe(retours)
    _tout_renseigner(retours)
    bloque = tmp_path / "pas-un-dossier"
    bloque.write_text("un fichier, pas un dossier")
    with pytest.raises(Exception, match="n'accepte pas le fichier"):
        services.envoyer_du_jour(depuis=DEBUT, transport=TransportDossier(bloque))
    assert not FichierEnvoiSNE.objects.exists()
    assert set(EvenementSNE.objects.values_list("etat", flat=True)) == {EtatEvenementSNE.A_ENVOYER}


def test_le_transport_dossier_ne_remplace_jamais_un_fichier(tmp_path):
    transport = TransportDossier(tmp_path / "a" / "b")
    assert transport.deposer("x.zip", b"1") == str(tmp_path / "a" / "b" / "x.zip")
    with pytest.raises(Exception, match="existe déjà"):
        transport.deposer("x.zip", b"2")
    with pytest.raises(Exception, match="Nom de fichier refusé"):
        transport.deposer("../y.zip", b"3")
    assert (tmp_path / "a" / "b" / "x.zip").read_bytes() == b"1"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["x.zip"]  # no temporary file left


@pytest.mark.jour_fige
def test_la_commande_envoyer_sne_dit_ce_qu_elle_a_fait(monde, capsys):
    call_command("envoyer_sne", "--depuis", f"{DEBUT:%Y-%m-%d}")
    sortie = capsys.readouterr().out
    assert "Collecte : 5 événements nouveaux." in sortie
    assert "Enregistrement d'une demande sans numéro unique : 5" in sortie
    assert "Fichier SNE-CASA-" in sortie and "5 événements, déposé à" in sortie
    call_command("envoyer_sne")
    assert "Aucun événement prêt : pas de fichier aujourd'hui." in capsys.readouterr().out


@pytest.mark.jour_fige
def test_la_commande_envoyer_sne_dit_un_probleme_attendu_en_francais(monde, capsys, settings, tmp_path):
    """A date misspelt, a folder that refuses the file: the reason in French on the error output, exit status 1,
    never « CommandError: » nor a traceback; nothing is marked sent."""
    with pytest.raises(SystemExit) as fin:
        call_command("envoyer_sne", "--depuis", "2026-02-30")
    assert fin.value.code == 1
    assert (
        capsys.readouterr().err == "--depuis : « 2026-02-30 » n'est pas une date AAAA-MM-JJ (par exemple 2026-11-30).\n"
    )
    bloque = tmp_path / "pas-un-dossier"
    bloque.write_text("un fichier, pas un dossier")
    settings.CASA_SNE_DOSSIER_ENVOIS = str(bloque / "envois")
    with pytest.raises(SystemExit) as fin:
        call_command("envoyer_sne", "--depuis", f"{DEBUT:%Y-%m-%d}")
    assert fin.value.code == 1
    sortie = capsys.readouterr()
    assert sortie.out == "" and sortie.err == (
        f"Rien n'est envoyé. Le dossier d'envoi {bloque / 'envois'} n'accepte pas le fichier : un élément du chemin "
        "n'est pas un dossier.\n"
    )
    assert not FichierEnvoiSNE.objects.exists()
    assert set(EvenementSNE.objects.values_list("etat", flat=True)) == {EtatEvenementSNE.A_ENVOYER}


def test_la_tache_quotidienne_est_planifiee_et_tourne_sur_le_worker(monde, celery_worker_reel, dossier_des_envois):
    entree = settings.CELERY_BEAT_SCHEDULE["envois-au-sne"]
    assert entree["task"] == "envois_sne.tasks.envoyer_au_sne" and entree["schedule"].hour == {7}
    CurseurCollecte.objects.create(depuis=timezone.now() - dt.timedelta(hours=1))
    resultat = envoyer_au_sne.delay().get(timeout=60)
    assert "Collecte : 5 événements nouveaux." in resultat
    assert FichierEnvoiSNE.objects.get().nombre_evenements == 5
    assert len(list(dossier_des_envois.iterdir())) == 1
