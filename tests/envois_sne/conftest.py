import pytest


@pytest.fixture(autouse=True)
def dossier_des_envois(settings, tmp_path):
    """The folder transport writes into a folder of the test (CASA_SNE_DOSSIER_ENVOIS)."""
    settings.CASA_SNE_DOSSIER_ENVOIS = str(tmp_path / "envois")
    return tmp_path / "envois"
