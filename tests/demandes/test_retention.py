"""The retention purge (demandes/retention/, docs/conservation.md): the personal data of a demand struck off more than
a year ago is erased by the nightly job, the month's tracking table does not move.

A month (November 2026) is built through the real services, time travelling with time-machine: four households
registered at Antibes' counter, pieces (files on disk), an interview, a DALO criterion, a warning letter; three of them
positioned on one dwelling, examined by the commission (session dossier, avis, closing), then the landlord's CAL (a
lease, a non-attribution) and a renunciation; the tracking table of November produced on 1 December. On 20 December
2027 the dry run counts and changes nothing, the job (on the real Celery worker) erases the two households struck
off in November 2026 and leaves alone the one struck off 11 months before and the live one.
"""

import datetime as dt
import io
import os
import threading

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from commissions import services as commissions_services
from commissions.models import College, DecisionAvis, Seance
from commissions.tasks import generer_dossier
from commun.erreurs import ErreurMetier
from demandes import cycle, retention, services
from demandes.codes import CodePriorite, EtatDemande, Lien, MotifRadiation, TypeRessource
from demandes.models import Demande, EffacementDemande, Entretien, Personne, Piece, TransitionDemande
from demandes.qualification import TypePiece
from demandes.retention import donnees_demande, registre
from positionnements import services as positionnements_services
from positionnements.models import DecisionCAL, DepotDecisionsCAL, Positionnement
from positionnements.retours_cal import services as services_cal
from programmation import services as parc_services
from suivi import exports, indicateurs, sources
from suivi import services as suivi_services
from suivi.models import TableauMensuel
from suivi.perimetre import perimetre
from territoire.models import Commune, Habilitation
from territoire.roles import Role
from tests.commissions.fabriques import membre_cree
from tests.demandes.fabriques import demande_complete
from tests.positionnements.fabriques import logement_cree
from tests.territoire.fabriques import agent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOVEMBRE = sources.Periode(2026, 11)
BAIL_LE = dt.date(2026, 11, 12)
RENONCIATION_LE = dt.date(2026, 11, 15)
RADIATION_RECENTE_LE = dt.date(2027, 1, 20)  # 11 months before the purge
PURGE = dt.datetime(2027, 12, 20, 3, 40)  # the night the job runs: more than a year after November 2026

# What the two households struck off in November 2026 told the counter: none of it may remain anywhere.
EFFACES = {
    "attribuee": (
        "Quenelleau",
        "apolline.quenelleau@exemple.fr",
        "0611223344",
        "12 impasse des Glycines",
        "1979-03-17",
    ),
    "renonce": ("Zorglubien", "zephyr.zorglubien@exemple.fr", "0699887766", "4 chemin des Mimosas", "1983-12-01"),
}
GARDES = {"moyenne": "Blanchevillois", "recente": "Durandalle"}  # live, and struck off 11 months before: untouched


def a(jour, heure=10):
    moment = jour if isinstance(jour, dt.datetime) else dt.datetime.combine(jour, dt.time(heure))
    return time_machine.travel(timezone.make_aware(moment), tick=True)


def _menage(nom, courriel="", telephone="", adresse="", naissance="1985-05-05"):
    """A couple and a child; distinct birth dates per household (the registration flags likely duplicates)."""
    naissance = dt.date.fromisoformat(naissance)
    return [
        {
            "lien": Lien.DEMANDEUR,
            "nom": nom,
            "prenom": "Apolline",
            "date_naissance": naissance,
            "nationalite": "FR",
            "situation_familiale": "MARIE",
            "telephone": telephone,
            "courriel": courriel,
            "adresse": adresse,
            "ressources": [{"type": TypeRessource.SAL, "montant_mensuel": "1500"}],
        },
        {
            "lien": Lien.CO_DEMANDEUR,
            "nom": nom,
            "prenom": "Barnabé",
            "date_naissance": naissance.replace(year=naissance.year - 2),
            "ressources": [{"type": TypeRessource.SAL, "montant_mensuel": "800"}],
        },
        {
            "lien": Lien.ENFANT,
            "nom": nom,
            "prenom": "Capucine",
            "date_naissance": dt.date(2015, 6, 30),
            "a_charge": True,
        },
    ]


def _agent(organisation, role):
    u = agent(organisation, role)
    Habilitation.objects.filter(utilisateur=u).update(date_debut=dt.date(2020, 1, 1))
    return u


def _piece(par, demande, type, nom):
    return services.piece_deposer(
        par=par, demande=demande, type=type, fichier=SimpleUploadedFile(nom, PDF, content_type="application/pdf")
    )


def texte_de_la_base() -> str:
    """Every row of every table of the database, as JSON text: what a personal datum could hide in (audit events,
    logs of states, copies on decisions…). Binary columns (PDF, files of the landlords) come out in hexadecimal and
    are checked on their own."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [t for (t,) in curseur.fetchall()]
        morceaux = []
        for table in tables:
            lignes = "string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text)"
            curseur.execute(f"SELECT coalesce({lignes}, '') FROM \"{table}\" t")  # noqa: S608
            morceaux.append(f"== {table}\n{curseur.fetchone()[0]}")
    return "\n".join(morceaux)


def texte_de_la_base_au_repos(delai: float = 60.0) -> str:
    """texte_de_la_base once the real worker has told every event the services sent (the notifications it writes in
    its own time, docs/partenaires.md): the same text twice, half a second apart. AssertionError after `delai`."""
    import time

    fin = time.monotonic() + delai
    texte = texte_de_la_base()
    while time.monotonic() < fin:
        time.sleep(0.5)
        suivant = texte_de_la_base()
        if suivant == texte:
            return texte
        texte = suivant
    raise AssertionError("la base change encore : le worker n'a pas fini")


def _cellules(classeur_octets: bytes) -> dict:
    classeur = openpyxl.load_workbook(io.BytesIO(classeur_octets))
    return {f.title: [[c.value for c in ligne] for ligne in f.iter_rows()] for f in classeur.worksheets}


@pytest.fixture
def mois_de_novembre(referentiel):
    """November 2026 built through the services, its tracking table produced on 1 December (see the docstring)."""
    antibes, casa, erilia = referentiel["commune-antibes"], referentiel["casa"], referentiel["erilia"]
    guichet = _agent(antibes, Role.AGENT_GUICHET)
    instructeur = _agent(casa, Role.INSTRUCTEUR)
    secretariat = _agent(casa, Role.SECRETARIAT_COMMISSION)
    gestionnaire = _agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    with a(dt.date(2026, 11, 2), 9):
        d = {
            "attribuee": demande_complete(guichet, antibes, personnes=_menage(*EFFACES["attribuee"]), rfr=18000),
            "renonce": demande_complete(guichet, antibes, personnes=_menage(*EFFACES["renonce"]), rfr=22000),
            "moyenne": demande_complete(
                guichet, antibes, personnes=_menage(GARDES["moyenne"], naissance="1986-02-03"), rfr=22000
            ),
            "recente": demande_complete(
                guichet, antibes, personnes=_menage(GARDES["recente"], naissance="1990-09-09"), rfr=26000
            ),
        }
        services.critere_ajouter(
            par=instructeur,
            demande=d["attribuee"],
            code=CodePriorite.DALO,
            preuve="Décision de la commission de médiation pour Mme Quenelleau",
            date_decision=dt.date(2026, 6, 1),
        )
        _piece(guichet, d["attribuee"], TypePiece.IDENTITE, "cni-quenelleau.pdf")
        _piece(guichet, d["attribuee"], TypePiece.AVIS_IMPOSITION, "impots-quenelleau.pdf")
        _piece(guichet, d["renonce"], TypePiece.IDENTITE, "cni-zorglubien.pdf")
        _piece(guichet, d["recente"], TypePiece.IDENTITE, "cni-durandalle.pdf")
        services.entretien_enregistrer(
            par=instructeur,
            demande=d["attribuee"],
            date=dt.date(2026, 11, 2),
            sujets=["LOGEMENT"],
            notes="Mme Quenelleau est hébergée chez sa sœur depuis la séparation.",
        )
        services.avertissement_envoyer(
            par=guichet, demande=d["renonce"], objet="Avis d'imposition de M. Zorglubien à fournir"
        )
        logement = logement_cree(erilia, "Q1")
        dispo = parc_services.disponibilite_declarer(
            par=gestionnaire, logement=logement, date_liberation=dt.date(2026, 11, 1)
        )
        positionnements_services.positionner(
            par=instructeur, disponibilite=dispo, numeros=[d[k].numero for k in ("attribuee", "renonce", "moyenne")]
        )
        membres = {
            "elu1": membre_cree(casa, College.ELUS_CASA, "Arnal"),
            "elu2": membre_cree(casa, College.ELUS_CASA, "Bonnet"),
            "etat": membre_cree(referentiel["prefecture-06"], College.ETAT, "Chauvin"),
        }
        seance = commissions_services.seance_creer(
            par=secretariat, date=timezone.now() + dt.timedelta(days=3), lieu="Salle du conseil"
        )
        commissions_services.ordre_du_jour_definir(par=secretariat, seance=seance, disponibilites=[dispo])
        commissions_services.convoquer(par=secretariat, seance=seance)
        generer_dossier(seance.pk)
    with a(dt.date(2026, 11, 5), 14):
        seance = commissions_services.presences_enregistrer(par=secretariat, seance=seance, presents=membres.values())
        p = {k: Positionnement.objects.get(demande=d[k]) for k in ("attribuee", "renonce", "moyenne")}
        for cle, decision, motif in (
            ("attribuee", DecisionAvis.VALIDE, ""),
            ("renonce", DecisionAvis.VALIDE, "Taux d'effort élevé, à confirmer avec le bailleur"),
            ("moyenne", DecisionAvis.AJOURNE, "Ressources à actualiser"),
        ):
            commissions_services.avis_enregistrer(
                par=secretariat,
                seance=seance,
                positionnement=p[cle],
                decision=decision,
                rapporteur=membres["elu1"],
                motif=motif,
            )
        seance = commissions_services.cloturer(par=secretariat, seance=seance)
    with a(BAIL_LE):
        ligne = {"residence": logement.residence.reference, "logement": logement.numero, "date_cal": "10/11/2026"}
        depot, rapport = services_cal.decisions_api(
            par=gestionnaire,
            lignes=[
                {
                    **ligne,
                    "numero_demande": d["attribuee"].numero,
                    "decision": "ATTRIBUTION",
                    "reponse": "acceptation",
                    "date_reponse": "11/11/2026",
                    "date_bail": f"{BAIL_LE:%d/%m/%Y}",
                },
                {
                    **ligne,
                    "numero_demande": d["renonce"].numero,
                    "decision": "NON_ATTRIBUTION",
                    "motif_decision": "Ressources de M. Zorglubien insuffisantes",
                },
            ],
        )
        assert rapport.valide, rapport.erreurs
    with a(RENONCIATION_LE):
        services.demande_radier(
            par=guichet,
            demande=d["renonce"],
            motif=MotifRadiation.RADABA,
            commentaire="Courrier de M. Zorglubien : relogé par sa famille",
        )
    with a(dt.datetime(2026, 12, 1, 5, 0)):
        tableau = suivi_services.tableau_produire(annee=NOVEMBRE.annee, mois=NOVEMBRE.mois)
        export = _cellules(exports.xlsx(tableau, perimetre(instructeur)))
    with a(RADIATION_RECENTE_LE):
        services.demande_radier(
            par=guichet, demande=d["recente"], motif=MotifRadiation.RADABA, commentaire="Durandalle"
        )
    for cle in d:
        d[cle].refresh_from_db()
    assert (d["attribuee"].motif_radiation, d["attribuee"].date_radiation) == (MotifRadiation.RADATT, BAIL_LE)
    assert d["moyenne"].etat == EtatDemande.ACTIVE
    return {
        "demandes": d,
        "tableau": tableau,
        "export": export,
        "instructeur": instructeur,
        "guichet": guichet,
        "seance": seance,
        "depot": depot,
    }


def _fichiers(demande) -> list:
    return [p.fichier.path for p in demande.pieces.all()]


def test_un_mois_construit_par_les_services_puis_efface_un_an_apres_par_le_worker(
    mois_de_novembre, celery_worker_reel, client
):
    from django.conf import settings

    from casa_logement.celery import app

    m = mois_de_novembre
    d = m["demandes"]
    effacees = [d["attribuee"], d["renonce"]]
    fichiers_effaces = [f for x in effacees for f in _fichiers(x)]
    fichiers_gardes = _fichiers(d["recente"])
    assert len(fichiers_effaces) == 3 and all(os.path.exists(f) for f in fichiers_effaces)
    seance = Seance.objects.get(pk=m["seance"].pk)
    assert seance.dossier and seance.dossier_membres
    proces_verbal = bytes(seance.proces_verbal)
    avant = texte_de_la_base_au_repos()
    for marques in EFFACES.values():
        for marque in marques:
            assert marque in avant, marque  # every datum of the two households is there before the purge

    with a(PURGE):
        calcul_avant = suivi_services.calculer(NOVEMBRE)
        liste_avant = sources.faits(arrete=NOVEMBRE.arrete, depuis=NOVEMBRE.debut, jusqu_au=NOVEMBRE.fin)

        # 1. the dry run: counts (no name), changes nothing
        sortie = io.StringIO()
        call_command("purger_demandes_radiees", "--dry-run", stdout=sortie)
        rapport = sortie.getvalue()
        assert "Simulation (--dry-run) : rien n'a été effacé." in rapport
        assert "demandes radiées au plus tard le 20/12/2026" in rapport
        for ligne in (
            "  demandes : 2",
            "  personnes du ménage supprimées : 6",
            "  pièces supprimées : 3",
            "  fichiers de pièces supprimés du disque : 3",
            "  notes d'entretien effacées : 1",
            "  justificatifs de critères de priorité effacés : 1",
            "  objets de courriers effacés : 1",
            "  positionnements (motifs effacés) : 2",
            "  décisions de CAL (condition et motif effacés) : 2",
            "  fichiers de décisions de CAL effacés : 1",
            "  motifs d'avis de la commission effacés : 1",
            "  dossiers de séance (PDF) supprimés : 1",
        ):
            assert ligne in rapport.splitlines(), (ligne, rapport)
        assert (
            not any(x in rapport for marques in EFFACES.values() for x in marques)
            and d["attribuee"].numero not in rapport
        )
        assert texte_de_la_base() == avant
        assert all(os.path.exists(f) for f in fichiers_effaces)
        simulation = retention.purger(simulation=True)

        # 2. the nightly job, from the beat schedule, on the real worker
        planifie = settings.CELERY_BEAT_SCHEDULE["purger-demandes-radiees"]
        assert (planifie["schedule"].hour, planifie["schedule"].minute) == ({3}, {40})
        resultat = app.send_task(planifie["task"], queue="tests").get(timeout=120)
        assert resultat == simulation.resume().removeprefix("simulation, rien n'est effacé : ")

    # personal data gone: names, birth dates, contacts, free texts, in the rows and in their audit events
    apres = texte_de_la_base()
    for marques in EFFACES.values():
        for marque in marques:
            assert marque not in apres, marque
    for texte in ("hébergée chez sa sœur", "Taux d'effort élevé", "relogé par sa famille", "Avis d'imposition de M."):
        assert texte not in apres, texte
    for x in effacees:
        assert not Personne.objects.filter(demande=x).exists() and not Piece.objects.filter(demande=x).exists()
        assert Entretien.objects.filter(demande=x).exclude(notes="").count() == 0
    assert not any(os.path.exists(f) for f in fichiers_effaces)
    assert bytes(DepotDecisionsCAL.objects.get(pk=m["depot"].pk).contenu) == b""
    seance.refresh_from_db()
    assert seance.dossier is None and seance.dossier_membres is None
    assert bytes(seance.proces_verbal) == proces_verbal  # the signed minutes are kept (numbers only)
    # ... the non-identifying facts stay: number, states and dates, size, category, priorities, the lease's copy
    attribuee = Demande.objects.get(pk=d["attribuee"].pk)
    assert (attribuee.numero, attribuee.nombre_personnes, attribuee.categorie_menage, attribuee.priorites) == (
        d["attribuee"].numero,
        3,
        d["attribuee"].categorie_menage,
        ["DALO"],
    )
    assert attribuee.nom_recherche == "" and attribuee.revenu_fiscal_reference is None
    decision = DecisionCAL.objects.get(positionnement__demande=attribuee)
    assert decision.menage["dalo"] is True and decision.date_bail == BAIL_LE

    # untouched: the demand struck off 11 months ago, the live one
    for cle, nom in GARDES.items():
        assert nom in apres
        assert Personne.objects.filter(demande=d[cle], nom=nom).count() == 3
        assert not EffacementDemande.objects.filter(demande=d[cle]).exists()
    assert all(os.path.exists(f) for f in fichiers_gardes)

    # the month's tracking table: the same, stored, exported, and produced again
    tableau = TableauMensuel.objects.get(annee=2026, mois=11)
    assert tableau.donnees == m["tableau"].donnees and tableau.produit_le == m["tableau"].produit_le
    assert _cellules(exports.xlsx(tableau, perimetre(m["instructeur"]))) == m["export"]
    with a(PURGE + dt.timedelta(hours=1)):
        assert suivi_services.calculer(NOVEMBRE) == calcul_avant == m["tableau"].donnees
        apres_liste = sources.faits(arrete=NOVEMBRE.arrete, depuis=NOVEMBRE.debut, jusqu_au=NOVEMBRE.fin)
        assert apres_liste == liste_avant  # the lists behind the figures name the same demand numbers
        territoire = calcul_avant["vues"]["territoire"][""]["mois"]
        assert (territoire["attributions"], territoire["radiees"], territoire["dalo"]) == (1, 2, 1)
        # the erasure is not a radiation: December 2027 counts none
        assert suivi_services.calculer(sources.Periode(2027, 12))["vues"]["territoire"][""]["mois"]["radiees"] == 0
        assert [f.numero for f in indicateurs.filtrer(apres_liste, "territoire", "", "dalo")] == [attribuee.numero]

    # the erasure is logged: a record per demand, a line in its log, and the page says it instead of the names
    for x in effacees:
        e = EffacementDemande.objects.get(demande=x)
        assert (e.declencheur, e.par, e.conservation_mois, timezone.localdate(e.le)) == (
            "TACHE",
            None,
            12,
            PURGE.date(),
        )
        derniere = TransitionDemande.objects.filter(demande=x).last()
        assert derniere.motif == "Données personnelles effacées (12 mois après la radiation : durée de conservation)"
    journal = list(TransitionDemande.objects.filter(demande=d["renonce"]).values_list("vers", "motif"))
    assert ("RADIEE", "Renonciation du demandeur") in journal  # the legal reason stays, the typed comment goes
    import pghistory.models

    dernier = pghistory.models.Events.objects.tracks(attribuee).order_by("-pgh_id").first()
    assert dernier.pgh_context["conservation"] == "12 mois après la radiation"
    with a(PURGE + dt.timedelta(hours=6)):
        client.force_login(m["instructeur"])
        page = client.get(f"/demandes/{attribuee.pk}/").content.decode()
        assert (
            "Données personnelles effacées le 20/12/2027 (durée de conservation : 12 mois après la radiation)" in page
        )
        assert "Quenelleau" not in page and attribuee.numero in page and "VARIABLE_INVALIDE" not in page
        # 3. idempotent: the next night erases nothing and changes nothing
        instantane = texte_de_la_base_au_repos()
        from demandes.tasks import purger_demandes_radiees

        assert purger_demandes_radiees().startswith("demandes : 0, personnes du ménage supprimées : 0")
        assert texte_de_la_base() == instantane


def test_une_demande_effacee_ne_se_modifie_ni_ne_se_reactive(
    mois_de_novembre, referentiel, client, django_capture_on_commit_callbacks
):
    m = mois_de_novembre
    d = m["demandes"]
    with a(PURGE), django_capture_on_commit_callbacks(execute=True):
        bilan = retention.purger(declencheur="COMMANDE")
    assert bilan.compteurs["demandes"] == 2
    renonce = Demande.objects.get(pk=d["renonce"].pk)
    attendu = (
        "Les données personnelles de cette demande ont été effacées le 20/12/2027 (12 mois après sa radiation : "
        "durée de conservation). Elle ne peut plus être ni modifiée ni réactivée : le demandeur dépose une nouvelle "
        "demande."
    )
    with a(PURGE + dt.timedelta(days=1)):
        with pytest.raises(ErreurMetier) as err:
            services.demande_modifier(par=m["guichet"], demande=renonce, loyer_max=500)
        assert err.value.message == attendu
        assert services.renouvellement_possible(renonce) == (False, attendu)
        with pytest.raises(ErreurMetier, match="ont été effacées le 20/12/2027"):
            services.avertissement_reponse_noter(par=m["guichet"], courrier=renonce.courriers.get())
        with pytest.raises(ErreurMetier, match="ont été effacées le 20/12/2027"):
            services.demande_renouveler(par=m["guichet"], demande=renonce)
        # CASA's administrators read who or what erased which demand, and when (read only)
        client.force_login(_agent(referentiel["casa"], Role.ADMINISTRATEUR))
        page = client.get("/admin/demandes/effacementdemande/")
        assert page.status_code == 200
        texte = page.content.decode()
        assert "la commande purger_demandes_radiees" in texte and str(renonce.pk) in texte
        assert client.get(f"/admin/demandes/effacementdemande/{renonce.effacement.pk}/delete/").status_code == 403


def test_les_delais_de_reactivation_finissent_avant_l_effacement(settings):
    d = cycle.delais()
    # RADREN: struck off at t + 13, reactivable until t + 18 months; RADCON: five months after the radiation
    assert retention.reactivation_max_mois(d) == 5 < retention.CONSERVATION_MOIS == 12
    for mois, message in ((5, "6 mois au moins"), (13, "plus d'un an"), ("un an", "un nombre entier de mois")):
        settings.CASA_CONSERVATION_APRES_RADIATION_MOIS = mois
        with pytest.raises(CommandError, match=message):
            call_command("purger_demandes_radiees", "--dry-run", stdout=io.StringIO())
    settings.CASA_CONSERVATION_APRES_RADIATION_MOIS = 6
    assert retention.conservation_mois() == 6


def test_rien_n_est_efface_a_moitie(mois_de_novembre, monkeypatch, django_capture_on_commit_callbacks):
    """An eraser failing in the middle of a batch: everything of the batch is rolled back, files included."""
    d = mois_de_novembre["demandes"]
    fichiers = _fichiers(d["attribuee"]) + _fichiers(d["renonce"])
    avant = texte_de_la_base_au_repos()

    def en_panne(ids, simulation):
        donnees_demande._effacer_demandes(ids, simulation)  # the households deleted, the files queued for deletion…
        raise RuntimeError("panne au milieu du lot")  # … then the batch fails

    monkeypatch.setitem(registre._EFFACEURS, "panne", en_panne)
    with a(PURGE), django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        retention.purger()
    assert texte_de_la_base() == avant
    assert all(os.path.exists(f) for f in fichiers)
    assert not EffacementDemande.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deux_purges_en_meme_temps_effacent_chaque_demande_une_fois(referentiel):
    antibes = referentiel["commune-antibes"]
    guichet = _agent(antibes, Role.AGENT_GUICHET)
    with a(dt.date(2026, 11, 2)):
        demandes = [
            demande_complete(guichet, antibes, personnes=_menage(f"Concurrent{c}", naissance=f"198{i}-0{i + 1}-1{i}"))
            for i, c in enumerate("ABCDEF")
        ]
        for x in demandes:
            services.demande_radier(par=guichet, demande=x, motif=MotifRadiation.RADABA)
    bilans, erreurs = [], []
    depart = threading.Barrier(2)

    def purger():
        try:
            depart.wait()
            bilans.append(retention.purger(taille_lot=1))
        except Exception as err:  # noqa: BLE001 - reported below
            erreurs.append(err)
        finally:
            connection.close()

    with a(PURGE):
        fils = [threading.Thread(target=purger) for _ in range(2)]
        for f in fils:
            f.start()
        for f in fils:
            f.join()
    assert not erreurs, erreurs
    assert sum(b.compteurs["demandes"] for b in bilans) == 6
    assert sorted(EffacementDemande.objects.values_list("demande_id", flat=True)) == sorted(x.pk for x in demandes)
    assert not Personne.objects.filter(demande__in=demandes).exists()
    assert TransitionDemande.objects.filter(motif__startswith="Données personnelles effacées").count() == 6
    assert Commune.objects.filter(code_insee="06004").exists()  # the referential is untouched
