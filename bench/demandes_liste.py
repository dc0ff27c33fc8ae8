"""Benchmark of issues 3 and 16: the filtered list of demands, the name search, the header's search box, the home
page (its counters are the lists' own counts) and the exports of the list, at scale 1 (10,372 active demands).

    make demo   (once, to create the scale-1 data), then:
    .venv/bin/python bench/demandes_liste.py [--repetitions 60]

Measures, in-process through Django's test client against the real PostgreSQL (the embedded one, or DATABASE_URL),
logged in as CASA's instructor (who sees every demand): the 50th and 95th percentiles of the response time of each
scenario, and the number of SQL queries of the list page for 25, 50, 100 and 200 rows per page (it must not grow).
Target: p95 < 150 ms for the filtered list and the name search on our 2-core machine; the header search and the
home page under 200 ms; the export of every demand (CSV, XLSX) under 5 s. The instructor is signed in with a
verified second factor (a TOTP device of the account, or one made for the run and deleted after).
"""

import argparse
import os
import random
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
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from demandes.codes import EtatDemande, Lien  # noqa: E402
from demandes.models import Demande, Personne  # noqa: E402
from territoire.models import Commune, Utilisateur  # noqa: E402


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    k = (len(valeurs) - 1) * p / 100
    bas, haut = int(k), min(int(k) + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (k - bas)


def mesurer(client, url, repetitions):
    client.get(url)  # warm-up
    durees = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - t0) * 1000)
        assert reponse.status_code == 200, (url, reponse.status_code)
    return durees


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=60)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    actives = Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).count()
    if actives < 10000:
        sys.exit(f"Seulement {actives} demandes actives : lancez d'abord `make demo` (données à l'échelle 1).")
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    appareil = TOTPDevice.objects.filter(user=instructeur, confirmed=True).first()
    temporaire = appareil is None
    if temporaire:
        appareil = TOTPDevice.objects.create(user=instructeur, name="banc demandes_liste", confirmed=True)
    try:
        client = Client()
        client.force_login(instructeur)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
        session.save()
        _mesurer_tout(client, args)
    finally:
        if temporaire:
            appareil.delete()


def _mesurer_tout(client, args):
    actives = Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).count()
    hasard = random.Random(7)
    antibes = Commune.objects.get(code_insee="06004").pk
    vallauris = Commune.objects.get(code_insee="06155").pk
    noms = list(
        Personne.objects.filter(lien=Lien.DEMANDEUR, demande__etat=EtatDemande.ACTIVE).values_list("prenom", "nom")[
            :2000
        ]
    )
    scenarios = {
        "liste sans filtre": ["/demandes/"],
        "liste filtrée (commune, typologie, priorité)": [
            f"/demandes/?commune={antibes}&typologie=T3&priorite=TOUTE",
            f"/demandes/?commune={vallauris}&quartile=oui&tri=-score_cotation",
            "/demandes/?typologie=T2&anciennete=24&tri=date_depot",
            f"/demandes/?commune={antibes}&etat=QUALIFIEE&score_min=100",
        ],
        "recherche par nom (sans accents, fautes)": [],
        "recherche par numéro": [],
    }
    for prenom, nom in hasard.sample(noms, 20):
        texte = f"{prenom} {nom}".lower().replace("é", "e").replace("è", "e")
        if len(texte) > 6:  # a typo: two letters swapped
            i = hasard.randrange(1, len(texte) - 2)
            texte = texte[:i] + texte[i + 1] + texte[i] + texte[i + 2 :]
        scenarios["recherche par nom (sans accents, fautes)"].append(f"/demandes/?q={texte.replace(' ', '+')}")
    numeros = list(Demande.objects.filter(etat=EtatDemande.ACTIVE).values_list("numero", flat=True)[:500])
    scenarios["recherche par numéro"] = [f"/demandes/?q={n}" for n in hasard.sample(numeros, 10)]
    scenarios["boîte de recherche de l'en-tête (nom)"] = [
        f"/demandes/recherche/?q={nom.lower()}" for _prenom, nom in hasard.sample(noms, 10)
    ]
    scenarios["page d'accueil (compteurs des listes)"] = ["/"]
    scenarios["export CSV d'une liste filtrée"] = [f"/demandes/export.csv?commune={antibes}&typologie=T3"]

    print(f"{actives} demandes actives ; {args.repetitions} requêtes par scénario ; PostgreSQL {connection.pg_version}")
    print(f"{'scénario':<48} {'p50 (ms)':>9} {'p95 (ms)':>9} {'max (ms)':>9}")
    for nom, urls in scenarios.items():
        durees = []
        par_url = max(1, args.repetitions // len(urls))
        for url in urls:
            durees += mesurer(client, url, par_url)
        print(f"{nom:<48} {statistics.median(durees):>9.1f} {percentile(durees, 95):>9.1f} {max(durees):>9.1f}")

    print("\nexport de toute la liste (toutes les demandes en cours), requête entière :")
    for format in ("csv", "xlsx"):
        durees = mesurer(client, f"/demandes/export.{format}", 3)
        print(f"  {format} : médiane {statistics.median(durees):.0f} ms, max {max(durees):.0f} ms")

    trouves = 0
    cibles = hasard.sample(noms, 20)
    for prenom, nom in cibles:
        texte = f"{prenom} {nom}"
        i = hasard.randrange(1, len(texte) - 2)
        texte = texte[:i] + texte[i + 1] + texte[i] + texte[i + 2 :]  # a typo
        page = client.get("/demandes/", {"q": texte}).content.decode()
        trouves += f"{prenom} {nom.upper()}" in page
    print(f"\nrecherche avec une faute de frappe : la bonne personne est en 1re page dans {trouves} cas sur 20")

    print("\nrequêtes SQL de la page de liste selon sa taille :")
    for par_page in (25, 50, 100, 200):
        with CaptureQueriesContext(connection) as requetes:
            client.get(f"/demandes/?commune={antibes}&par_page={par_page}")
        print(f"  {par_page:>3} lignes : {len(requetes)} requêtes")


if __name__ == "__main__":
    main()
