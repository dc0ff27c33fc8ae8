import pytest

from tests.partenariat.fabriques import monde_des_notes


@pytest.fixture
def notes(referentiel):
    """The nine actors, a demand registered at Antibes positioned on landlord A's dwelling (tests/partenariat/
    fabriques.py)."""
    return monde_des_notes(referentiel)
