"""Benchmark of issue 19: the pages of the applicant's space (/mon-logement/) at the demo's size, the whole HTTP
request.

    make demo   (once, to create the scale-1 data: about 10,400 demands), then:
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/portail.py [--repetitions 30]

Measures, in-process through Django's test client against the real PostgreSQL (the embedded one, or DATABASE_URL),
through the whole middleware stack, the 50th and 95th percentiles of each page of the space, signed in as
`--demandeurs` applicants of the demo taken at every stage (an offer awaiting the answer, before the commission,
qualified, to renew, struck off, registered), each page requested `--repetitions` times in all, spread over them; and
the public pages (sign-in form, waiting times of the territory, cotation grid); and the sign-in form's POST (the
number looked up, the rate limits counted in Redis, the e-mail queued on a queue of the run's own, purged after it:
the demo's worker sends nothing, its limits are untouched). The number of SQL queries of each page is printed for the
first applicant and for the largest household (constant with the data); the attestation PDF is timed apart. Target:
p95 < 150 ms for every page (issue 19). Writes nothing that stays: the sign-ins made for the run (ConnexionDemandeur
rows) are deleted after it.
"""

import argparse
import logging
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from demandes.codes import EtatDemande, Lien  # noqa: E402
from demandes.models import Demande  # noqa: E402
from portail import acces, demonstration  # noqa: E402
from portail.models import ConnexionDemandeur  # noqa: E402

PAGES = [
    "portail:demande",
    "portail:etapes",
    "portail:cotation",
    "portail:delais",
    "portail:offre",
    "portail:renouveler",
    "portail:piece_envoyer",
    "portail:signaler",
]
FILE_DU_BANC = "banc-portail"
# A download, not a page (WeasyPrint): timed and printed apart, outside the pages' target.
FICHIERS = ["portail:attestation"]
PUBLIQUES = ["portail:connexion", "portail:delais_publics", "portail:grille"]


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    k = (len(valeurs) - 1) * p / 100
    bas, haut = int(k), min(int(k) + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (k - bas)


def url(nom):
    try:
        return reverse(nom)
    except NoReverseMatch:
        return None


def demandeurs(nombre):
    """The demo's applicants at every stage (portail.demonstration), then registered demands with the largest
    households, up to ``nombre`` demands."""
    jour = timezone.localdate()
    numeros = [essai.numero for essai in demonstration.essais(jour)]
    choisis = list(Demande.objects.filter(numero__in=numeros) | Demande.objects.filter(nur__in=numeros))
    grandes = (
        Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
        .annotate(n=Count("personnes"))
        .order_by("-n", "pk")[: max(0, nombre - len(choisis))]
    )
    return (choisis + list(grandes))[:nombre]


def client_de(demande, connexions):
    personne = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
    maintenant = timezone.now()
    connexion = ConnexionDemandeur.objects.create(
        demande=demande, personne=personne, expire_le=maintenant, utilisee_le=maintenant
    )
    connexions.append(connexion.pk)
    client = Client()
    session = client.session
    session[acces.CLE] = {"demande": demande.pk, "personne": personne.pk, "c": connexion.pk, "vu": int(time.time())}
    session.save()
    return client


def chronometrer(client, chemin, methode="get", donnees=None):
    t0 = time.perf_counter()
    reponse = getattr(client, methode)(chemin, donnees or {})
    duree = (time.perf_counter() - t0) * 1000
    assert reponse.status_code in (200, 302), (chemin, reponse.status_code)
    return duree


def requetes(client, chemin):
    with CaptureQueriesContext(connection) as capture:
        client.get(chemin)
    return len(capture)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--demandeurs", type=int, default=20)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("portail").setLevel(logging.WARNING)  # one line per link sent: not what is measured
    if Demande.objects.count() < 5000:
        sys.exit("Trop peu de demandes : lancez d'abord `make demo` (données à l'échelle 1).")
    settings.CASA_PORTAIL_DEBITS = {"numero": "100000/h", "courriel": "100000/h", "adresse": "100000/h"}
    # the run's own rate-limit counters and mail queue: the demo's limits and outbox stay as they were (its worker
    # consumes the default queue; the links queued here are purged after the run, never sent)
    settings.RATELIMIT_CACHE_PREFIX = f"rl:bench-{uuid.uuid4().hex}:"
    from casa_logement.celery import app

    app.conf.task_default_queue = FILE_DU_BANC
    connexions = []
    try:
        choisis = demandeurs(args.demandeurs)
        clients = [client_de(d, connexions) for d in choisis]
        print(f"{len(choisis)} demandeurs, {args.repetitions} requêtes par page, {timezone.now():%d/%m/%Y %H:%M}")
        print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'requêtes SQL (1er / plus grand ménage)':>40}")
        for nom in PAGES + FICHIERS:
            chemin = url(nom)
            if chemin is None:
                continue
            # warm-up; an erased demand has no attestation (404): its holder is left out of that file's timing
            servis = [c for c in clients if c.get(chemin).status_code == 200]
            durees = [chronometrer(servis[i % len(servis)], chemin) for i in range(args.repetitions)]
            sql = f"{requetes(servis[0], chemin)} / {requetes(servis[-1], chemin)}"
            fichier = " (PDF, hors cible)" if nom in FICHIERS else ""
            print(f"{nom + fichier:32} {statistics.median(durees):8.1f} {percentile(durees, 95):8.1f} {sql:>40}")
        anonyme = Client()
        for nom in PUBLIQUES:
            chemin = url(nom)
            if chemin is None:
                continue
            anonyme.get(chemin)
            durees = [chronometrer(anonyme, chemin) for _ in range(args.repetitions)]
            sql = requetes(anonyme, chemin)
            print(f"{nom:32} {statistics.median(durees):8.1f} {percentile(durees, 95):8.1f} {sql:>40}")
        essai = choisis[0]
        ne_le = essai.personnes.get(lien=Lien.DEMANDEUR).date_naissance
        donnees = {"numero": essai.reference, "date_naissance": f"{ne_le:%d/%m/%Y}"}
        avant = ConnexionDemandeur.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        durees = [chronometrer(Client(), url("portail:connexion"), "post", donnees) for _ in range(args.repetitions)]
        connexions += list(ConnexionDemandeur.objects.filter(pk__gt=avant).values_list("pk", flat=True))
        print(f"{'POST portail:connexion':32} {statistics.median(durees):8.1f} {percentile(durees, 95):8.1f}")
    finally:
        ConnexionDemandeur.objects.filter(pk__in=connexions).delete()
        with app.connection_for_write() as connexion:
            connexion.default_channel.queue_purge(FILE_DU_BANC)


if __name__ == "__main__":
    main()
