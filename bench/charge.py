"""Benchmark of issue 21, the load: 50 simulated users of the roles' real journeys (bench/charge_locust.py), with think
time, against gunicorn with the production settings on the scale-1 demo, over the loopback only.

    make demo   (once: the scale-1 data; then stop it, or leave it: the benchmark uses its own port), then:
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/charge.py [--utilisateurs 50] [--duree 120]

What it does: collects the static files (the production settings serve them through whitenoise's manifest), signs
in 3 sessions per role (a verified second factor: the account's TOTP device, or one made for the run and deleted
after), resolves each role's pages from the data (bench/pages.py's journeys), starts gunicorn
(`--workers`, production settings, a secret key of the run, DJANGO_SSL_REDIRECT on: the users send the proxy's
`X-Forwarded-Proto: https`), runs Locust headless for `--duree` seconds, then prints the requests, the failures, the
throughput, p50/p95/p99 of all requests and of the slowest pages, and the workers' memory (RSS, from /proc). Goal:
p95 < 300 ms, 0 error. Writes nothing that stays but the sessions (deleted after) and the sensitive reads the pages
note as any reading would.
"""

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
BANC = Path(__file__).resolve().parent
# the project first; this folder last: its portail.py (a benchmark) must not hide the app `portail`
sys.path[:] = [str(RACINE)] + [p for p in sys.path if p and Path(p).resolve() != BANC] + [str(BANC)]

from casa_logement import stack  # noqa: E402

ROLES = (
    "instructeur.casa",
    "guichet.antibes",
    "gestionnaire.erilia",
    "reservataire.etat",
    "secretariat.ccpc",
    "membre.ccpc",
    "lecteur.casa",
)


def _environnement() -> dict:
    """The production settings on the demo's database and Redis, a secret of the run."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casa_logement.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CASA_DOMAINE": "localhost",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or stack.postgres_url(),
        "REDIS_URL": os.environ.get("REDIS_URL") or stack.redis_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CASA_PROXIES_DE_CONFIANCE": "1",
    }


def _preparer(env: dict, dossier: Path) -> tuple[Path, list]:
    """The sessions and pages of each role (a JSON file for Locust); the devices made for the run."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from pages import _scenarios

    from territoire.models import Utilisateur

    scenarios, _ = _scenarios()
    parcours, appareils, sessions = {}, [], []
    for role in ROLES:
        utilisateur = Utilisateur.objects.get(username=role)
        appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=True).first()
        if appareil is None:
            appareil = TOTPDevice.objects.create(user=utilisateur, name="banc charge", confirmed=True)
            appareils.append(appareil.pk)
        cles = []
        for _ in range(3):
            s = SessionStore()
            s[SESSION_KEY] = str(utilisateur.pk)
            s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"  # what a sign-in records
            s[HASH_SESSION_KEY] = utilisateur.get_session_auth_hash()
            s[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
            s.create()
            cles.append(s.session_key)
        sessions += cles
        # people click pages; the API is the partners' systems', under its own rate limits (30 bulk reads a minute
        # per account: 18 simulated instructors sharing one account would be refused, as they should)
        pages = [(nom, url) for nom, urls in scenarios[role] for url in urls if not nom.startswith("API")]
        parcours[role] = {"sessions": cles, "pages": pages}
    fichier = dossier / "parcours.json"
    fichier.write_text(json.dumps(parcours, ensure_ascii=False), encoding="utf-8")
    return fichier, [appareils, sessions]


def _nettoyer(a_effacer: list) -> None:
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareils, sessions = a_effacer
    TOTPDevice.objects.filter(pk__in=appareils).delete()
    Session.objects.filter(session_key__in=sessions).delete()


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_ko(pid: int) -> int:
    """The resident memory of a process and its children (gunicorn's workers), in KiB."""
    total = 0
    enfants = [pid]
    for racine in list(enfants):
        chemin = Path(f"/proc/{racine}/task/{racine}/children")
        if chemin.exists():
            enfants += [int(p) for p in chemin.read_text().split()]
    for p in enfants:
        statut = Path(f"/proc/{p}/status")
        if statut.exists():
            for ligne in statut.read_text().splitlines():
                if ligne.startswith("VmRSS:"):
                    total += int(ligne.split()[1])
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument("--duree", type=int, default=120, help="secondes de charge")
    parser.add_argument("--workers", type=int, default=4, help="processus gunicorn")
    args = parser.parse_args()
    env = _environnement()
    bin_dir = Path(sys.executable).parent
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=RACINE, env=env, check=True
    )
    dossier = Path(tempfile.mkdtemp(prefix="casa-charge-"))
    fichier, a_effacer = _preparer(env, dossier)
    port = _port_libre()
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(bin_dir / "gunicorn"), "casa_logement.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers)],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(dossier / "gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        debut = time.monotonic()
        memoire_max = 0
        locust = subprocess.Popen(  # noqa: S603
            [
                str(bin_dir / "locust"),
                "-f",
                str(BANC / "charge_locust.py"),
                "--headless",
                "-u",
                str(args.utilisateurs),
                "-r",
                str(max(1, args.utilisateurs // 10)),
                "-t",
                f"{args.duree}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(dossier / "charge"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],  # fmt: skip
            cwd=RACINE,
            env={**env, "CHARGE_PARCOURS": str(fichier)},
            stdout=subprocess.DEVNULL,
            stderr=open(dossier / "locust.log", "w"),  # noqa: SIM115
        )
        while locust.poll() is None:
            memoire_max = max(memoire_max, _rss_ko(gunicorn.pid))
            time.sleep(2)
        duree = time.monotonic() - debut
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        _nettoyer(a_effacer)
    _rapport(dossier, args, duree, memoire_max)


def _rapport(dossier: Path, args, duree: float, memoire_max: int) -> None:
    with open(dossier / "charge_stats.csv", encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    total = next(r for r in lignes if r["Name"] == "Aggregated")
    pages = sorted((r for r in lignes if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"] or 0))
    print(
        f"{args.utilisateurs} utilisateurs simulés, {args.duree} s de charge (mesuré {duree:.0f} s), gunicorn "
        f"{args.workers} processus, réglages de production, démonstration à l'échelle 1"
    )
    print(
        f"requêtes {total['Request Count']}, échecs {total['Failure Count']}, débit {float(total['Requests/s']):.1f} "
        f"requêtes/s ; p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms, max "
        f"{float(total['Max Response Time']):.0f} ms"
    )
    print(f"mémoire des processus web (RSS, maximum pendant la charge) : {memoire_max / 1024:.0f} Mio")
    print("pages les plus lentes (p95) :")
    for r in pages[:8]:
        print(f"  {r['Name']:<70} {r['Request Count']:>5} requêtes  p50 {r['50%']:>5} ms  p95 {r['95%']:>5} ms")
    echecs = dossier / "charge_failures.csv"
    if echecs.exists() and int(total["Failure Count"]):
        print("échecs :")
        print(echecs.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
