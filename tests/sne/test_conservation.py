"""What the SNE import and the outbox keep, and for how long (sne/retention.py, envois_sne/retention.py,
sne/conservation.py; docs/conservation.md).

The retention purge (demandes/retention/, run for real) on a household that came from the SNE: registered at a counter
here, sent to the SNE (rejected with a reason naming her, corrected, sent again, numbered), found in the SNE's file
under another number (a probable duplicate, settled by creating the SNE's demand), in conflict with an agent's change,
then both demands struck off; a year later nothing of her is left in any column of the database, the files received
and sent are blanked, the dry run counted the same. Then the nightly blanking of the SNE's files after
CASA_SNE_CONSERVATION_FICHIERS_JOURS days, and an import whose file was blanked that cannot be run again."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import retention
from demandes import services as demandes_services
from demandes.codes import EtatDemande, Lien, MotifRadiation, TypeRessource
from demandes.models import Demande
from envois_sne import services as envois
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.models import EvenementSNE, FichierEnvoiSNE, RetourSNE, TransitionEvenementSNE
from sne import conservation, reconciliation, services, travaux
from sne.models import (
    ConflitSNE,
    DocumentSNE,
    EtatConflit,
    EtatImportSNE,
    ImportSNE,
    LigneImportSNE,
    OrigineImportSNE,
    ResultatLigne,
    TransitionConflitSNE,
    TransitionImportSNE,
)
from sne.tasks import effacer_fichiers_anciens
from territoire.models import Habilitation, Organisation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.envois_sne.fabriques import retour_xml
from tests.horloge import MOMENT
from tests.sne.fabriques import demande_xml, fichier_xml, importer, nur
from tests.territoire.fabriques import agent

NOM, PRENOM, NAISSANCE = "Quenouillardière", "Zéphyrine", dt.date(1979, 3, 17)
# What the household told the counter and the SNE: none of it may remain anywhere after the purge.
MARQUES = (NOM, NOM.upper(), PRENOM, "1979-03-17", "17/03/1979", "Anatole", "0611223344", "zephyrine@exemple.fr")
NUR_SNE, NUR_LOCALE = nur(41), nur(42)
RADIATION_LE = dt.date(2026, 11, 20)
PURGE = dt.datetime(2027, 12, 20, 3, 40)


def a(moment: dt.datetime):
    return time_machine.travel(timezone.make_aware(moment), tick=True)


def _agent(organisation, role):
    u = agent(organisation, role)
    Habilitation.objects.filter(utilisateur=u).update(date_debut=dt.date(2020, 1, 1))
    return u


def _menage(telephone: str = "0611223344") -> list[dict]:
    return [
        {
            "lien": Lien.DEMANDEUR,
            "nom": NOM,
            "prenom": PRENOM,
            "date_naissance": NAISSANCE,
            "nationalite": "FR",
            "situation_familiale": "CELIBATAIRE",
            "telephone": telephone,
            "courriel": "zephyrine@exemple.fr",
            "ressources": [{"type": TypeRessource.SAL, "montant_mensuel": "1500"}],
        }
    ]


def _sne(numero: str, nom: str = NOM.upper(), **kw) -> bytes:
    """Her demand in a file of the SNE dated today (a file dated after today is refused)."""
    return fichier_xml(
        demande_xml(
            numero,
            nom=nom,
            prenom=PRENOM,
            naissance=NAISSANCE,
            en_visite=[("Anatole", dt.date(2015, 2, 3))],
            **kw,
        ),
        jour=timezone.localdate(),
    )


def texte_de_la_base() -> str:
    """Every row of every table of the database as JSON text (binary columns in hexadecimal: checked on their own)."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        morceaux = []
        for (table,) in curseur.fetchall():
            lignes = "string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text)"
            curseur.execute(f"SELECT coalesce({lignes}, '') FROM \"{table}\" t")  # noqa: S608
            morceaux.append(f"== {table}\n{curseur.fetchone()[0]}")
    return "\n".join(morceaux)


def _presentes(texte: str) -> list[str]:
    """The marks found in `texte` (JSON escapes non-ASCII letters: both spellings are looked for)."""
    bas = texte.lower()
    return [m for m in MARQUES if m.lower() in bas or m.encode("unicode_escape").decode().lower() in bas]


@pytest.fixture
def venue_du_sne(referentiel, settings, tmp_path):
    """The household's story (see the module), November 2026."""
    settings.CASA_SNE_DOSSIER_ENVOIS = str(tmp_path / "envois")
    antibes, casa = referentiel["commune-antibes"], referentiel["casa"]
    Organisation.objects.filter(pk=antibes.pk).update(code_guichet="G0604")
    guichet, instructeur = _agent(antibes, Role.AGENT_GUICHET), _agent(casa, Role.INSTRUCTEUR)
    admin = _agent(casa, Role.ADMINISTRATEUR)
    debut = timezone.make_aware(dt.datetime(2026, 11, 1))
    with a(dt.datetime(2026, 11, 2, 9)):
        locale = demande_complete(guichet, antibes, personnes=_menage())
        envois.envoyer_du_jour(depuis=debut)  # her registration, with her name, in the day's file
    (enregistrement,) = EvenementSNE.objects.filter(demande=locale, type=TypeEvenementSNE.ENREGISTREMENT)
    with a(dt.datetime(2026, 11, 3, 9)):
        motif = f"Demandeur {NOM.upper()} {PRENOM} née le 17/03/1979 déjà enregistrée sous {NUR_SNE}"
        envois.retour_lire(par=admin, nom="retour-1.xml", contenu=_retour(enregistrement, statut="REJETE", motif=motif))
        enregistrement.refresh_from_db()
        envois.renvoyer(par=admin, evenement=enregistrement)
        doublon = importer(_sne(NUR_SNE, surface=40), par=admin, nom="sne-1.xml").lignes.get()
        assert doublon.resultat == ResultatLigne.DOUBLON and doublon.doublon_de_id == locale.pk, doublon.motifs
        venue = reconciliation.doublon_trancher(par=instructeur, ligne_id=doublon.pk, decision="CREER")
    with a(dt.datetime(2026, 11, 4, 9)):
        envois.envoyer_du_jour()  # the registration again
        envois.retour_lire(par=admin, nom="retour-2.xml", contenu=_retour(enregistrement, nur=NUR_LOCALE))
        demandes_services.demande_modifier(par=instructeur, demande=venue, surface_actuelle=45)
        demandes_services.menage_definir(par=instructeur, demande=venue, personnes=_menage("0699999999"))
        importer(_sne(NUR_SNE, surface=52, ressources=(("SAL", "1700.00"),)), par=admin, nom="sne-2.xml")
    assert {c.champ for c in ConflitSNE.objects.filter(demande=venue)} >= {"surface_actuelle", "menage"}
    with a(dt.datetime.combine(RADIATION_LE, dt.time(10))):
        for d in (locale, venue):
            demandes_services.demande_radier(
                par=instructeur,
                demande=Demande.objects.get(pk=d.pk),
                motif=MotifRadiation.RADABA,
                commentaire=f"Courrier de Mme {NOM} : relogée",
            )
        envois.envoyer_du_jour()  # the two radiations
        radiations = EvenementSNE.objects.filter(type=TypeEvenementSNE.RADIATION).order_by("pk")
        assert radiations.count() == 2 and all(e.etat == EtatEvenementSNE.ENVOYE for e in radiations)
        envois.retour_lire(par=admin, nom="retour-3.xml", contenu=_retour(*radiations, statut="ACCEPTE"))
    return {"locale": locale, "venue": venue, "ids": {locale.pk, venue.pk}}


def _retour(*evenements, statut: str = "ACCEPTE", nur: str = "", motif: str = "") -> bytes:
    return retour_xml(*({"identifiant": e.numero, "statut": statut, "nur": nur, "motif": motif} for e in evenements))


def test_la_purge_n_en_laisse_rien_et_la_simulation_compte_pareil(venue_du_sne, django_capture_on_commit_callbacks):
    ids = venue_du_sne["ids"]
    fichiers = list(FichierEnvoiSNE.objects.values_list("destination", flat=True))
    assert len(fichiers) == 3 and all(os.path.exists(f) for f in fichiers)
    avant = texte_de_la_base()
    assert set(_presentes(avant)) == set(MARQUES), "chaque donnée du ménage est là avant la purge"
    assert DocumentSNE.objects.filter(demande_id__in=ids).exclude(brut="").count() == 1
    assert LigneImportSNE.objects.filter(resultat=ResultatLigne.DOUBLON).exclude(brut="").exists()

    with a(PURGE):
        simulation = retention.purger(simulation=True)
        assert texte_de_la_base() == avant, "la simulation ne change rien"
        with django_capture_on_commit_callbacks(execute=True):  # the files on disk go after the commit
            bilan = retention.purger()
    assert bilan.compteurs["demandes"] == 2
    mes_compteurs = ("documents_sne", "conflits_sne", "lignes_sne", "imports_sne")
    mes_compteurs += ("evenements_sne", "fichiers_envoi_sne", "retours_sne")
    assert {c: simulation.compteurs[c] for c in mes_compteurs} == {c: bilan.compteurs[c] for c in mes_compteurs}
    assert bilan.compteurs["documents_sne"] == 1 and bilan.compteurs["imports_sne"] == 2
    assert bilan.compteurs["fichiers_envoi_sne"] == 3 and bilan.compteurs["retours_sne"] == 3
    assert bilan.compteurs["evenements_sne"] == 3 and bilan.compteurs["conflits_sne"] >= 2
    assert "fichiers reçus du SNE vidés : 2" in bilan.texte()

    apres = texte_de_la_base()
    assert _presentes(apres) == [], "rien du ménage ne reste, dans aucune colonne d'aucune table"
    # binary columns: the files received and sent, the acknowledgements, all blanked; the copies on disk removed
    assert not ImportSNE.objects.exclude(contenu=b"").exists()
    assert not FichierEnvoiSNE.objects.exclude(contenu=b"").exists()
    assert not RetourSNE.objects.exclude(contenu=b"").exists()
    assert not any(os.path.exists(f) for f in fichiers)
    # kept: the numbers, states, dates, kinds, the fields in conflict, the reports' results
    venue = Demande.objects.get(pk=venue_du_sne["venue"].pk)
    assert venue.nur == NUR_SNE and venue.etat == EtatDemande.RADIEE
    document = DocumentSNE.objects.get(demande=venue)
    assert (document.brut, document.valeurs, document.hors_menage) == ("", {}, [])
    assert document.empreinte and document.num_guichet == "G060001"
    for conflit in ConflitSNE.objects.filter(demande=venue):
        assert (conflit.valeur_sne, conflit.valeur_locale) == (None, None)
        assert conflit.champ and conflit.etat == EtatConflit.VALEUR_LOCALE
    assert TransitionConflitSNE.objects.filter(motif__startswith="Clos sans décision").count() >= 2
    evenements = EvenementSNE.objects.filter(demande_id__in=ids)
    assert evenements.count() == 3 and not evenements.exclude(contenu={}).exists()
    assert set(evenements.values_list("etat", flat=True)) == {EtatEvenementSNE.ACQUITTE}
    motifs = set(TransitionEvenementSNE.objects.values_list("motif", flat=True))
    assert {"Collecté depuis le journal", "Corrigé et renvoyé", ""} <= motifs
    assert TransitionImportSNE.objects.filter(motif__startswith="Fichier effacé avec les données").count() == 2

    # a second run finds nothing to do
    with a(PURGE + dt.timedelta(days=1)):
        assert retention.purger().compteurs["demandes"] == 0


def test_ces_tables_ne_sont_pas_suivies_par_pghistory():
    """If one became audited, its events would copy what the erasers blank: sne/retention.py would have to blank
    them too (demandes.retention.evenements)."""
    for modele in (ImportSNE, LigneImportSNE, DocumentSNE, ConflitSNE):
        with pytest.raises(LookupError):
            retention.modele_evenements(modele)


def test_un_doublon_ouvert_d_une_demande_effacee_est_clos_sans_son_document(referentiel):
    guichet = _agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    with a(dt.datetime(2026, 11, 2, 9)):
        locale = demande_complete(guichet, referentiel["commune-antibes"], personnes=_menage())
        ligne = importer(_sne(NUR_SNE), nom="doublon.xml").lignes.get()
        assert ligne.resultat == ResultatLigne.DOUBLON and ligne.brut
        demandes_services.demande_radier(par=guichet, demande=locale, motif=MotifRadiation.RADABA)
    with a(PURGE):
        assert retention.purger(simulation=True).compteurs["lignes_sne"] == 1
        assert retention.purger().compteurs["lignes_sne"] == 1
    ligne.refresh_from_db()
    assert (ligne.brut, ligne.doublon_tranche) == ("", True)
    assert ligne.motifs[-1].startswith("doublon clos sans décision")


# ------------------------------------------------------------------------------------------- the files' period


def _echec(contenu: bytes) -> ImportSNE:
    (imp,) = services.imports_creer(contenu=contenu, nom="echec.xml", origine=OrigineImportSNE.COMMANDE, lancer=False)
    assert travaux.commencer(imp.pk)
    travaux.echouer(imp.pk, services.ECHEC_INTERNE)
    return ImportSNE.objects.get(pk=imp.pk)


@pytest.mark.jour_fige
def test_les_fichiers_du_sne_sont_vides_apres_la_duree_de_conservation(referentiel, xml_sne, settings, tmp_path):
    settings.CASA_SNE_DOSSIER_DEPOT = str(tmp_path)
    (tmp_path / "traites").mkdir()
    ancienne = tmp_path / "traites" / "sne-du-mois-d-aout.xml"
    ancienne.write_bytes(b"<x/>")
    os.utime(ancienne, (MOMENT.timestamp(), MOMENT.timestamp()))
    guichet = _agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    demande_complete(guichet, referentiel["commune-antibes"], personnes=_menage())
    applique = importer(_sne(nur(51)), nom="applique.xml")  # a probable duplicate, left open
    refuse = importer(xml_sne("malforme"), nom="malforme.xml")
    refusees = importer(xml_sne("code_inconnu"), nom="code_inconnu.xml")
    echec = _echec(_sne(nur(52)))
    recu = services.imports_creer(contenu=_sne(nur(53)), nom="recu.xml", origine="COMMANDE", lancer=False)[0]
    autre = _menage()
    autre[0] |= {"nom": "Autrement", "date_naissance": dt.date(1990, 1, 2)}
    demande_complete(guichet, referentiel["commune-antibes"], personnes=autre)
    tranche = importer(
        fichier_xml(demande_xml(nur(54), nom="AUTREMENT", prenom=PRENOM, naissance=dt.date(1990, 1, 2))), nom="t.xml"
    )
    instructeur = _agent(referentiel["casa"], Role.INSTRUCTEUR)
    reconciliation.doublon_trancher(par=instructeur, ligne_id=tranche.lignes.get().pk, decision="CREER")
    assert (applique.etat, refuse.etat, echec.etat) == (EtatImportSNE.APPLIQUE, EtatImportSNE.REFUSE, "ECHEC")
    assert LigneImportSNE.objects.get(import_sne=tranche).brut, "un doublon tranché garde son document jusque-là"
    assert LigneImportSNE.objects.filter(import_sne=refusees, motifs__icontains="«").exists()

    # before the period: nothing moves
    assert effacer_fichiers_anciens() == (
        "fichiers du SNE de plus de 90 jours : 0 import(s) vidé(s), 0 ligne(s) de rapport sans document ni valeur "
        "citée, 0 copie(s) du dossier de dépôt supprimée(s)"
    )
    with a(dt.datetime.combine(MOMENT.date() + dt.timedelta(days=91), dt.time(3, 50))):
        recent = importer(_sne(nur(55), nom="RECENT"), nom="recent.xml")
        bilan = conservation.effacer_fichiers()
    assert (bilan.imports, bilan.fichiers_depot) == (5, 1) and not ancienne.exists()
    vides = set(ImportSNE.objects.filter(contenu=b"").values_list("pk", flat=True))
    assert vides == {applique.pk, refuse.pk, refusees.pk, echec.pk, tranche.pk}
    assert bytes(ImportSNE.objects.get(pk=recu.pk).contenu) and bytes(ImportSNE.objects.get(pk=recent.pk).contenu)
    assert TransitionImportSNE.objects.filter(import_sne=applique, de="APPLIQUE", vers="APPLIQUE").exists()
    # the open duplicate keeps the SNE's document an agent needs; a settled one loses it
    assert LigneImportSNE.objects.get(import_sne=applique).brut
    assert LigneImportSNE.objects.get(import_sne=tranche).brut == ""
    for ligne in LigneImportSNE.objects.filter(import_sne=refusees, resultat=ResultatLigne.REFUSEE):
        assert conservation.sans_valeurs_citees(ligne.motifs) == ligne.motifs, ligne.motifs
    # the report stays, the failed import cannot run again
    assert applique.lignes.count() == 1 and ImportSNE.objects.get(pk=applique.pk).resultat
    with pytest.raises(ErreurMetier, match="a été effacé à la fin de sa durée de conservation"):
        services.import_relancer(par=None, import_sne=ImportSNE.objects.get(pk=echec.pk))
    # a second night finds nothing
    with a(dt.datetime.combine(MOMENT.date() + dt.timedelta(days=92), dt.time(3, 50))):
        assert conservation.effacer_fichiers().imports == 0


def test_sans_valeurs_citees():
    motifs = [
        "valeur illisible : demandeur/dateNaissance = « 1980-13-45 » (date attendue au format AAAA-MM-JJ)",
        "date impossible : demandeur/dateNaissance = 12/03/2030, après la date du fichier (17/11/2026)",
        "élément obligatoire absent : demandeur/nom",
    ]
    assert conservation.sans_valeurs_citees(motifs) == [
        "valeur illisible : demandeur/dateNaissance = « … » (date attendue au format AAAA-MM-JJ)",
        "date impossible : demandeur/dateNaissance = …, après la date du fichier (17/11/2026)",
        "élément obligatoire absent : demandeur/nom",
    ]


@pytest.mark.parametrize("jours", [29, 366, "trois mois"])
def test_une_duree_hors_bornes_arrete_la_tache(settings, jours):
    settings.CASA_SNE_CONSERVATION_FICHIERS_JOURS = jours
    with pytest.raises(ImproperlyConfigured, match="CASA_SNE_CONSERVATION_FICHIERS_JOURS"):
        conservation.conservation_jours()


def test_la_tache_est_programmee_chaque_nuit(settings):
    entree = settings.CELERY_BEAT_SCHEDULE["sne-effacer-fichiers-anciens"]
    assert entree["task"] == effacer_fichiers_anciens.name == "sne.tasks.effacer_fichiers_anciens"
    assert entree["schedule"].hour == {3}
