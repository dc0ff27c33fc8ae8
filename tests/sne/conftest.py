"""The SNE's XML fixtures (tests/sne/fixtures/, in the shape of the interface: docs/sne.md)."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def xml_sne():
    """`xml_sne("menage_complet")` → the bytes of tests/sne/fixtures/menage_complet.xml."""
    return lambda nom: (FIXTURES / f"{nom}.xml").read_bytes()
