"""Benchmark of issue 8: the monthly tracking table at scale 30 (about 60,000 leases over two years, 311,000 demands):
the production of one month's table, and the dashboard page.

    .venv/bin/python bench/suivi_tableau.py --echelle 30     # its own database (the one of the search's benchmark)
    .venv/bin/python bench/suivi_tableau.py --echelle 1      # the demo database

The first time at a scale, seed_demo creates the data (at scale 30: the demands and the stock, ~23 min, then the two
years of history). Then: the table of the last month that ended is produced three times (as the beat task does:
read the logs as known at the month's end, count every view); the dashboard is asked 30 times by a CASA agent
(territory), 30 times by a landlord (its own view), through Django's test client (the whole view and template,
without the network). Targets: table < 10 s, page < 300 ms (p95).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

from pages import client_verifie  # noqa: E402
from positionnements_recherche import base_echelle, percentile  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--echelle", type=float, default=30)
    args = parser.parse_args()
    base_echelle(args.echelle)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from demandes.models import Demande
    from demo.suivi import MARQUEUR
    from positionnements.models import DecisionCAL, DepotDecisionsCAL
    from suivi import services
    from territoire.models import Utilisateur

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not Demande.objects.exists() or not DepotDecisionsCAL.objects.filter(nom_fichier=MARQUEUR).exists():
        debut = time.perf_counter()
        print(f"Création des données à l'échelle {args.echelle} (une fois)…", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "seed_demo", "--scale", str(args.echelle)],
            cwd=RACINE,
            env=os.environ,
            check=True,
        )
        print(f"  faite en {time.perf_counter() - debut:.0f} s", flush=True)
    with connection.cursor() as c:  # as autovacuum does on a live server
        c.execute("VACUUM ANALYZE")
    baux = DecisionCAL.objects.filter(date_bail__isnull=False).count()
    periode = services.mois_ecoule()
    print(
        f"Échelle {args.echelle} : {baux} baux enregistrés, {Demande.objects.count()} demandes ; tableau de {periode}."
    )

    durees = []
    for _ in range(3):
        t0 = time.perf_counter()
        tableau = services.tableau_produire(annee=periode.annee, mois=periode.mois)
        durees.append(time.perf_counter() - t0)
    territoire, vues = tableau.donnees["vues"]["territoire"][""], tableau.donnees["vues"]
    print(
        f"tableau du mois : {' ; '.join(f'{d:.2f} s' for d in durees)} (cible < 10 s) — "
        f"{territoire['mois']['attributions']} attributions dans le mois, {territoire['cumul']['attributions']} "
        f"depuis janvier, {len(vues['bailleur'])} bailleurs, {len(vues['reservataire'])} réservataires, "
        f"{len(vues['commune'])} communes"
    )
    appareils = []  # the second factor each agent signs in with (pages.client_verifie), deleted after the run
    try:
        for login in ("instructeur.casa", "gestionnaire.erilia"):
            client = client_verifie(Utilisateur.objects.get(username=login), appareils)
            client.get("/suivi/")  # warm-up
            temps = []
            for _ in range(30):
                t0 = time.perf_counter()
                reponse = client.get("/suivi/")
                temps.append((time.perf_counter() - t0) * 1000)
                assert reponse.status_code == 200, reponse.status_code
            print(
                f"page du tableau ({login}) : p50 {percentile(temps, 50):.0f} ms, p95 {percentile(temps, 95):.0f} ms "
                "(cible < 300 ms)"
            )
    finally:
        for appareil in appareils:
            appareil.delete()


if __name__ == "__main__":
    main()
