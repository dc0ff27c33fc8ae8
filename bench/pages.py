"""Benchmark of issue 21: every page a user waits for, the whole HTTP request, signed in as each role.

    make demo   (once: the scale-1 data), then:
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/pages.py [--repetitions 20]
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/pages.py --echelle 30   # its own database,
        the one of bench/positionnements_recherche.py, built in minutes by bench/echelle_nationale.py --echelle 30
        --casa 30 (or by seed_demo --scale 30 the first time, ~40 min); --echelle 218: bench/echelle_nationale.py

Each page goes through Django's test client against the real PostgreSQL and Redis (the embedded ones, or DATABASE_URL
and REDIS_URL): the whole middleware stack (session, second factor, organisation, CSP, audit of sensitive reads),
the view, its permission checks, the template or the API's serialisation. Each role signs in with a verified second
factor (its TOTP device, or one made for the run and deleted after). For each page: the 50th and 95th percentiles of
`--repetitions` requests (after one warm-up), and the number of SQL queries of one request. The tracking table's
drill-down lists are every link of the table's page (`/suivi/<année>/<mois>/liste/?…`), requested once each: their
p50/p95 are over the links.

Targets (issue 21): p95 < 200 ms at scale 1 and < 300 ms at scale 30 for every page; query counts constant with the
data (pinned in tests/projet/test_matrice_roles.py, measured against the data's size in tests/projet/
test_requetes_constantes.py). A page over its target is marked « > cible ». Writes nothing that stays but the
sensitive-read rows the pages themselves note (as any reading would) and the run's devices, deleted after it.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent
sys.path.insert(0, str(RACINE.parent))
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

from positionnements_recherche import base_echelle, percentile  # noqa: E402


def client_verifie(utilisateur, appareils):
    """A test client signed in as `utilisateur` with a verified second factor: its confirmed TOTP device, or one made
    here and appended to `appareils` (the caller deletes them after the run)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=True).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=utilisateur, name="banc pages", confirmed=True)
        appareils.append(appareil)
    client = Client()
    client.force_login(utilisateur)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def _demandeur(connexions):
    """A client signed in to the applicant's space as the applicant of a demand awaiting an answer (or any active)."""
    from django.test import Client
    from django.utils import timezone

    from demandes.codes import EtatDemande, Lien
    from demandes.models import Demande
    from portail import acces
    from portail.models import ConnexionDemandeur

    demande = Demande.objects.filter(etat=EtatDemande.ACTIVE).order_by("pk").first()
    personne = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
    maintenant = timezone.now()
    connexion = ConnexionDemandeur.objects.create(
        demande=demande, personne=personne, expire_le=maintenant, utilisee_le=maintenant
    )
    connexions.append(connexion)
    client = Client()
    session = client.session
    session[acces.CLE] = {"demande": demande.pk, "personne": personne.pk, "c": connexion.pk, "vu": int(time.time())}
    session.save()
    return client


def _scenarios():
    """{role: [(page, [urls])]} from the data: the pages each role opens in its day."""
    from django.db.models import Count
    from django.utils import timezone

    from commissions.models import Seance
    from demandes.codes import EtatDemande, Lien
    from demandes.models import Demande, Personne
    from programmation.models import Disponibilite
    from territoire.models import Commune

    antibes = Commune.objects.get(code_insee="06004").pk
    actives = Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
    une = actives.order_by("-date_depot", "pk").first()
    a_antibes = actives.filter(guichet__slug="antibes").order_by("pk").first() or une
    nom = Personne.objects.filter(lien=Lien.DEMANDEUR, demande=une).values_list("nom", flat=True).first()
    dispo = (
        Disponibilite.objects.filter(logement__residence__bailleur__slug="erilia", etat="A_POURVOIR")
        .annotate(n=Count("positionnements"))
        .order_by("-n", "pk")
        .first()
    )
    seance = Seance.objects.order_by("-date").first()
    mois = timezone.localdate().replace(day=1)
    precedent = (mois - __import__("datetime").timedelta(days=1)).replace(day=1)
    liste_demandes = [
        ("accueil", ["/"]),
        ("liste des demandes filtrée", [f"/demandes/?commune={antibes}&typologie=T3&priorite=TOUTE"]),
        ("liste des demandes par nom", [f"/demandes/?q={nom}"]),
        ("une demande", [f"/demandes/{une.pk}/"]),
    ]
    api = [
        ("API : liste des demandes", ["/api/v1/demandes/"]),
        ("API : une demande", [f"/api/v1/demandes/{une.numero}/"]),
        ("API : logements à pourvoir", ["/api/v1/disponibilites/"]),
        ("API : positionnements", ["/api/v1/positionnements/"]),
        ("API : candidats d'un logement", [f"/api/v1/disponibilites/{dispo.pk}/candidats/"]),
    ]
    candidats = (
        "candidats d'un logement et « pourquoi pas ? »",
        [f"/positionnements/logements/{dispo.pk}/?pourquoi={une.numero}"],
    )
    suivi = ("tableau de suivi", [f"/suivi/?annee={precedent.year}&mois={precedent.month}"])
    return {
        "instructeur.casa": [
            *liste_demandes,
            candidats,
            ("positionnements", ["/positionnements/"]),
            ("logements à pourvoir", ["/parc/a-pourvoir/"]),
            ("retours des CAL (dépôts)", ["/positionnements/cal/?vue=depots"]),
            ("retours des CAL (décisions attendues)", ["/positionnements/cal/"]),
            suivi,
            *api,
        ],
        "guichet.antibes": [
            ("accueil", ["/"]),
            ("liste des demandes", ["/demandes/"]),
            ("liste des demandes filtrée", ["/demandes/?typologie=T3&priorite=TOUTE"]),
            ("liste des demandes par nom", [f"/demandes/?q={nom}"]),
            ("une demande", [f"/demandes/{a_antibes.pk}/"]),
            suivi,
        ],
        "gestionnaire.erilia": [
            ("accueil", ["/"]),
            ("candidats d'un logement", [f"/positionnements/logements/{dispo.pk}/"]),
            ("retours des CAL (dépôts)", ["/positionnements/cal/"]),
            ("parc", ["/parc/"]),
            ("observatoire des résidences", ["/parc/observatoire/"]),
            suivi,
        ],
        "reservataire.etat": [("accueil", ["/"]), ("positionnements", ["/positionnements/"]), suivi],
        "secretariat.ccpc": [
            ("accueil", ["/"]),
            ("séances", ["/commissions/"]),
            ("une séance", [f"/commissions/seances/{seance.pk}/"]),
        ],
        "membre.ccpc": [("accueil", ["/"]), ("séances", ["/commissions/"])],
        "lecteur.casa": [("accueil", ["/"]), suivi],
    }, precedent


def _mesurer(client, urls, repetitions):
    """(durations in ms, SQL queries of the first URL's request, the slowest URLs as (ms, url), slowest first): each
    URL warmed up once, then requested in turn."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)
    with CaptureQueriesContext(connection) as requetes:
        client.get(urls[0])
    nombre = len(requetes)  # now: the next request's start empties the connection's log (reset_queries)
    durees, par_url = [], {}
    for i in range(max(repetitions, len(urls))):
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - t0) * 1000)
        par_url[url] = max(par_url.get(url, 0), durees[-1])
        assert reponse.status_code == 200, (url, reponse.status_code)
    return durees, nombre, sorted(((ms, url) for url, ms in par_url.items()), reverse=True)


def _liens_du_suivi(client, precedent) -> list[str]:
    page = client.get(f"/suivi/?annee={precedent.year}&mois={precedent.month}").content.decode()
    return sorted({lien.replace("&amp;", "&") for lien in re.findall(r'href="(/suivi/\d+/\d+/liste/[^"]*)"', page)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--echelle", type=float, default=1)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--role", action="append", help="seulement ce rôle (plusieurs fois possible)")
    args = parser.parse_args()
    base_echelle(args.echelle)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from demandes.codes import EtatDemande
    from demandes.models import Demande
    from territoire.models import Utilisateur

    settings.ALLOWED_HOSTS = ["*"]
    # the run asks far faster than a partner: the API's limits raised out of its way (still counted in Redis)
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min"),
    }
    api_settings.reload()
    cible = 200 if args.echelle <= 1 else 300
    actives = Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).count()
    print(
        f"Échelle {args.echelle} : {actives} demandes actives ; {args.repetitions} requêtes par page ; "
        f"PostgreSQL {connection.pg_version} ; cible p95 < {cible} ms",
        flush=True,
    )
    scenarios, precedent = _scenarios()
    appareils, connexions, depasse = [], [], []
    try:
        for role, pages in scenarios.items():
            if args.role and role not in args.role:
                continue
            client = client_verifie(Utilisateur.objects.get(username=role), appareils)
            if role == "instructeur.casa":
                liens = _liens_du_suivi(client, precedent)
                pages = [*pages, (f"listes derrière les chiffres du suivi ({len(liens)} liens)", liens)]
            print(f"\n{role}")
            for nom, urls in pages:
                durees, requetes, lentes = _mesurer(client, urls, args.repetitions)
                p95 = percentile(durees, 95)
                marque = "  > cible" if p95 >= cible else ""
                if marque:
                    depasse.append(f"{role} : {nom} ({p95:.0f} ms)")
                print(
                    f"  {nom:<52} p50 {statistics.median(durees):7.1f} ms   p95 {p95:7.1f} ms   "
                    f"{requetes:3d} requêtes{marque}",
                    flush=True,
                )
                if len(urls) > 1:  # the links over the target, the slowest first (at most five)
                    for ms, url in [(ms, url) for ms, url in lentes if ms >= cible][:5]:
                        print(f"      {ms:8.1f} ms  {url}")
        if not args.role or "demandeur" in args.role:
            client = _demandeur(connexions)
            print("\ndemandeur (espace /mon-logement/)")
            from django.urls import reverse

            for nom, url in (("sa demande", reverse("portail:demande")), ("ses étapes", reverse("portail:etapes"))):
                durees, requetes, _ = _mesurer(client, [url], args.repetitions)
                p95 = percentile(durees, 95)
                if p95 >= cible:
                    depasse.append(f"demandeur : {nom} ({p95:.0f} ms)")
                print(
                    f"  {nom:<52} p50 {statistics.median(durees):7.1f} ms   p95 {p95:7.1f} ms   {requetes:3d} requêtes"
                )
    finally:
        for appareil in appareils:
            appareil.delete()
        for connexion in connexions:
            connexion.delete()
    print(f"\nAu-dessus de la cible : {', '.join(depasse) if depasse else 'aucune page'}")


if __name__ == "__main__":
    main()
