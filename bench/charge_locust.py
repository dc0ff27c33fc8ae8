"""The simulated users of bench/charge.py (Locust): each role's day, page after page, with think time. Not run alone:
bench/charge.py prepares the signed-in sessions and the pages (CHARGE_PARCOURS, a JSON file) and starts Locust."""

import json
import os
import random

from locust import HttpUser, between, task

PARCOURS = json.loads(open(os.environ["CHARGE_PARCOURS"], encoding="utf-8").read())  # noqa: SIM115
# Each role's share of the simulated users: the counters and instructors are most of the people at work.
POIDS = {
    "instructeur.casa": 6,
    "guichet.antibes": 6,
    "gestionnaire.erilia": 3,
    "reservataire.etat": 2,
    "secretariat.ccpc": 1,
    "membre.ccpc": 1,
    "lecteur.casa": 1,
}


def _utilisateur(role: str):
    class Utilisateur(HttpUser):
        weight = POIDS.get(role, 1)
        wait_time = between(2, 8)  # reading a page, typing: seconds between two clicks

        def on_start(self):
            # a session signed in with a verified second factor, prepared by bench/charge.py; the proxy's header
            # (HTTPS ended before gunicorn), as in production
            self.client.headers["X-Forwarded-Proto"] = "https"
            self.client.cookies.set("sessionid", random.choice(PARCOURS[role]["sessions"]))  # noqa: S311

        @task
        def une_page(self):
            nom, url = random.choice(PARCOURS[role]["pages"])  # noqa: S311
            with self.client.get(url, name=f"{role} : {nom}", catch_response=True, allow_redirects=False) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code} sur {url}")

    Utilisateur.__name__ = role.replace(".", "_")
    return Utilisateur


for _role in PARCOURS:
    globals()[_role.replace(".", "_")] = _utilisateur(_role)
