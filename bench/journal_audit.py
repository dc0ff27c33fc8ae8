"""Benchmark of issue 16: the audit journal's page (/journal/) at the demo's size, the whole HTTP request.

    make demo   (once, to create the scale-1 data: about 160,000 audit events), then:
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/journal_audit.py [--repetitions 30]

Measures, in-process through Django's test client against the real PostgreSQL (the embedded one, or DATABASE_URL),
signed in as CASA's administrator (second factor included: a TOTP device of the account, or one made for the run
and deleted after it), the 50th and 95th percentiles of the response time of each scenario: the first page, a deep
page, filtered by period, person, kind of object and kind of event, one demand (with its household, positionnements
and avis), and the number of SQL queries of a page. Target: p95 < 1 s (issue 16); /admin/'s list of pghistory's
events took 5 s at this size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from demandes.models import Demande, Personne  # noqa: E402
from journal.evenements import Filtres, Journal  # noqa: E402
from territoire.models import Utilisateur  # noqa: E402


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    k = (len(valeurs) - 1) * p / 100
    bas, haut = int(k), min(int(k) + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (k - bas)


def mesurer(client, url, repetitions):
    reponse = client.get(url)  # warm-up
    assert reponse.status_code == 200, (url, reponse.status_code)
    durees = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - t0) * 1000)
        assert reponse.status_code == 200, (url, reponse.status_code)
    return durees


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=30)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    admin = Utilisateur.objects.get(username="admin.casa")
    total = Journal(admin, Filtres()).count()
    if total < 100_000:
        sys.exit(f"Seulement {total} événements d'audit : lancez d'abord `make demo` (données à l'échelle 1).")

    appareil = TOTPDevice.objects.filter(user=admin, confirmed=True).first()
    temporaire = appareil is None
    if temporaire:
        appareil = TOTPDevice.objects.create(user=admin, name="banc journal_audit", confirmed=True)
    try:
        client = Client()
        client.force_login(admin)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
        session.save()

        demande = Demande.objects.filter(numero__isnull=False, positionnements__isnull=False).order_by("pk").first()
        instructeur = Utilisateur.objects.get(username="instructeur.casa")
        aujourd_hui = timezone.localdate()
        derniere = (total + 49) // 50
        scenarios = {
            "première page, sans filtre": ["/journal/"],
            "page profonde (milieu et dernière)": [f"/journal/?page={derniere // 2}", f"/journal/?page={derniere}"],
            "période (aujourd'hui)": [f"/journal/?du={aujourd_hui:%Y-%m-%d}&au={aujourd_hui:%Y-%m-%d}"],
            "une personne": [f"/journal/?qui={instructeur.pk}"],
            "un type d'objet et une action": [
                "/journal/?objet=personne&action=creation",
                "/journal/?objet=logement",
                "/journal/?objet=positionnement&action=modification",
            ],
            "une demande et ce qui s'y rattache": [f"/journal/?numero={demande.numero}"],
        }
        print(
            f"{total} événements d'audit, {Demande.objects.count()} demandes, {Personne.objects.count()} personnes ; "
            f"{args.repetitions} requêtes par scénario ; PostgreSQL {connection.pg_version}"
        )
        print(f"{'scénario':<40} {'p50 (ms)':>9} {'p95 (ms)':>9} {'max (ms)':>9}")
        for nom, urls in scenarios.items():
            durees = []
            par_url = max(1, args.repetitions // len(urls))
            for url in urls:
                durees += mesurer(client, url, par_url)
            print(f"{nom:<40} {statistics.median(durees):>9.1f} {percentile(durees, 95):>9.1f} {max(durees):>9.1f}")

        print("\nrequêtes SQL d'une page de 50 événements :")
        for url in ("/journal/", f"/journal/?numero={demande.numero}", "/journal/?objet=positionnement"):
            with CaptureQueriesContext(connection) as requetes:
                client.get(url)
            print(f"  {url:<45} {len(requetes)} requêtes")
    finally:
        if temporaire:
            appareil.delete()


if __name__ == "__main__":
    main()
