"""Benchmark of issue 7: a CAL file of 10,000 rows (3,334 dwellings × 3 candidates validated by the commission: leases,
ranked attributions, refusals, non-attributions) is checked, then applied in one transaction, as the Celery tasks do.
Target: under 60 s on our 2-core machine, check and application together.

    make demo   (once, for the scale-1 data), then:
    .venv/bin/python bench/cal_import.py [--lignes 10000] [--format csv|xlsx]

Works in a transaction that is rolled back: it creates the dwellings and the validated candidates (bulk inserts,
not timed), writes the CSV a landlord would send, times the check and the application, counts what changed, then
leaves the database as it found it.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import fabrique_cal  # noqa: E402
from demandes.codes import EtatDemande  # noqa: E402
from demandes.models import Demande  # noqa: E402
from positionnements.models import DepotDecisionsCAL, EtatDepot  # noqa: E402
from positionnements.retours_cal import services  # noqa: E402
from territoire.models import Organisation, Utilisateur  # noqa: E402


class Annuler(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lignes", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    logements = -(-args.lignes // 3)
    gestionnaire = Utilisateur.objects.get(username="gestionnaire.erilia")
    bailleur = Organisation.objects.get(slug="erilia")
    agent = Utilisateur.objects.get(username="instructeur.casa")
    modele = Demande.objects.filter(etat=EtatDemande.QUALIFIEE, nombre_personnes__gte=2).order_by("pk").first()
    jour = timezone.localdate()
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            positionnements = fabrique_cal.candidats_valides(
                bailleur=bailleur,
                modele=modele,
                par=agent,
                logements=logements,
                valide_le=jour - dt.timedelta(days=40),
                prefixe="BEN",
            )[: args.lignes]
            lignes = fabrique_cal.lignes_cal(
                positionnements, date_cal=jour - dt.timedelta(days=25), date_bail=jour - dt.timedelta(days=5)
            )
            contenu = fabrique_cal.csv(lignes) if args.format == "csv" else fabrique_cal.xlsx(lignes)
            with connection.cursor() as c:
                c.execute("ANALYZE")
            print(
                f"Préparation (non chronométrée) : {len(lignes)} lignes, {len(contenu) // 1024} Ko, "
                f"{time.perf_counter() - t0:.1f} s"
            )
            depot = DepotDecisionsCAL.objects.create(
                bailleur=bailleur, par=gestionnaire, nom_fichier=f"bench.{args.format}", contenu=contenu
            )
            t1 = time.perf_counter()
            depot = services.depot_verifier(depot_id=depot.pk)
            verification = time.perf_counter() - t1
            assert depot.etat == EtatDepot.VERIFIE, depot.erreurs[:5]
            depot.application_demandee_par = gestionnaire
            depot.save(update_fields=["application_demandee_par"])
            t2 = time.perf_counter()
            depot = services.depot_appliquer(depot_id=depot.pk)
            application = time.perf_counter() - t2
            assert depot.etat == EtatDepot.APPLIQUE
            print(f"vérification : {verification:.1f} s")
            print(f"application (revérifiée sous verrou, puis écrite) : {application:.1f} s")
            print(f"total : {verification + application:.1f} s (cible < 60 s)")
            print(f"résultat : {depot.resultat}")
            raise Annuler
    except Annuler:
        print("Base remise dans son état (transaction annulée).")


if __name__ == "__main__":
    main()
