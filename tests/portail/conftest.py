import uuid

import pytest


@pytest.fixture(autouse=True)
def limites_neuves(settings):
    """Each test counts its sign-in asks from zero: the rate-limit keys (django-ratelimit, in Redis) get a prefix of
    their own, as another database would (casa_logement/settings/database.py)."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
