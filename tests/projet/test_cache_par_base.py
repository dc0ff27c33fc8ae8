"""Two databases sharing one Redis never read each other's cached figures: every cache key holds the database's name
(the search's first-quartile quota of a landlord was cached under a key without it, and a benchmark's scale-30 base
read the demo's). Checked on the real Redis, as the keys are written."""

import importlib

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from casa_logement.settings import database


def test_les_reglages_de_production_mettent_le_nom_de_la_base_dans_chaque_cle():
    reglages = importlib.reload(database)  # built again from the environment, before the suite renamed the database
    assert reglages.CACHES["default"]["KEY_PREFIX"] == f"casa:{reglages.DATABASES['default']['NAME']}"


def test_une_cle_ecrite_porte_le_nom_de_la_base_de_la_suite(db):
    cache.set("positionnements:quota-q1:1:2026-12-02", True, 30)
    serveur = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    cles = serveur.keys("*positionnements:quota-q1:1:2026-12-02")
    assert cles
    assert all(f":{connection.settings_dict['NAME']}:".encode() in cle for cle in cles), cles
    cache.delete("positionnements:quota-q1:1:2026-12-02")
