"""Benchmark of issue 5: the candidate search for a dwelling, at scale 1 (10,372 demands) and scale 30 (~311,000
demands, the size of Paris' demand), against the floor of one hand-written SQL query doing the same filtering.

    .venv/bin/python bench/positionnements_recherche.py --echelle 1      # the demo database (make demo once)
    .venv/bin/python bench/positionnements_recherche.py --echelle 30     # its own database, created the first time

For each of `--logements` dwellings to fill (drawn among all, every typology and commune), measures `chercher` (the
count of all candidates and the first 50 ranked, each with every reason: what the candidate page and the API do),
and the floor: the hand-written SQL query that filters, counts and ranks the same demands (LIMIT 50), which is the
query the search itself runs (positionnements.recherche.requete.SQL_CANDIDATS), executed alone. Prints p50 and p95 of
each and their ratio: what the search adds to its query (reading the 50 demands, writing their reasons).
Targets: p95 < 200 ms for the search; within 2x of the SQL floor. The two lists are checked to be the same.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")


def base_echelle(echelle: float) -> None:
    """Scale 1 uses the demo database; another scale gets a database of its own on the same server (created here)."""
    if echelle == 1:
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from casa_logement import stack

    url = os.environ.get("DATABASE_URL") or stack.postgres_url()
    nom = f"casa_bench_{format(echelle, 'g').replace('.', '_')}"  # 30.0 and 30: casa_bench_30
    with psycopg.connect(url, autocommit=True) as cx:
        if not cx.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone():
            cx.execute(f'CREATE DATABASE "{nom}"')
    morceaux = urlsplit(url)
    os.environ["DATABASE_URL"] = urlunsplit(morceaux._replace(path=f"/{nom}"))


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    k = (len(valeurs) - 1) * p / 100
    bas, haut = int(k), min(int(k) + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (k - bas)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--echelle", type=float, default=1)
    parser.add_argument("--logements", type=int, default=60)
    args = parser.parse_args()
    base_echelle(args.echelle)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from demandes import reference
    from demandes.models import Demande
    from positionnements import recherche
    from positionnements.recherche import requete
    from programmation.models import Disponibilite

    call_command("migrate", verbosity=0)
    if not Demande.objects.exists():
        debut = time.perf_counter()
        print(f"Création des données à l'échelle {args.echelle} (une fois)…", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "seed_demo", "--scale", str(args.echelle)],
            cwd=RACINE,
            env=os.environ,
            check=True,
        )
        print(f"  faite en {time.perf_counter() - debut:.0f} s", flush=True)
    with connection.cursor() as c:  # as autovacuum does on a live server: statistics, and pages marked all-visible
        c.execute("VACUUM ANALYZE demandes_demande")
        c.execute("VACUUM ANALYZE demandes_souhaitcommune")
    actives = Demande.objects.filter(etat__in=recherche.ETATS_CANDIDATS).count()
    dispos = list(Disponibilite.objects.select_related("logement__residence__commune").order_by("pk"))
    hasard = random.Random(5)
    echantillon = hasard.sample(dispos, min(args.logements, len(dispos)))
    print(f"Échelle {args.echelle} : {actives} demandes actives, {len(dispos)} logements à pourvoir ou pourvus ; "
          f"{len(echantillon)} logements mesurés.")  # fmt: skip

    jour = timezone.localdate()
    recherche.chercher(echantillon[0])  # warm-up
    durees, plancher, candidats = [], [], []
    for dispo in echantillon:
        t0 = time.perf_counter()
        resultat = recherche.chercher(dispo, limite=50)
        durees.append((time.perf_counter() - t0) * 1000)
        candidats.append(resultat.total)
        if resultat.avertissement:
            continue
        sql, params = requete.requete_sql(
            dispo,
            p=recherche.parametres(dispo, jour=jour),
            options=recherche.Options(),
            jour=jour,
            en_retard=resultat.quota_q1_en_retard,
            baremes=reference.baremes_en_vigueur(jour),
            limite=50,
        )
        with connection.cursor() as c:
            t0 = time.perf_counter()
            c.execute(sql, params)
            lignes = c.fetchall()
            plancher.append((time.perf_counter() - t0) * 1000)
            noms = [col.name for col in c.description]
        ids = [r[noms.index("id")] for r in lignes]
        total = lignes[0][noms.index("total")] if lignes else 0
        assert total == resultat.total, (dispo.pk, total, resultat.total)
        assert ids == [li.demande.pk for li in resultat.lignes], dispo.pk
        assert all(li.examen.eligible for li in resultat.lignes), dispo.pk
    p50, p95 = percentile(durees, 50), percentile(durees, 95)
    s50, s95 = percentile(plancher, 50), percentile(plancher, 95)
    print(f"candidats trouvés par logement : médiane {percentile(candidats, 50):.0f}, max {max(candidats)}")
    print(f"recherche (compte + 50 premiers avec leurs raisons) : p50 {p50:.1f} ms, p95 {p95:.1f} ms (cible < 200)")
    print(f"plancher SQL écrit à la main (compte + 50 premiers) : p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    print(f"rapport p95 recherche / plancher : {p95 / s95:.2f} (cible ≤ 2)")


if __name__ == "__main__":
    main()
