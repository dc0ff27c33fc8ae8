"""The suite-wide guards of tests/conftest.py at work: a lock taken with select_related names what it locks, and a
queryset without an order comes back in random order (one whose order is written, never)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from territoire.models import Commune, Habilitation


def test_un_verrou_avec_select_related_nomme_ce_qu_il_verrouille(db):
    with pytest.raises(TypeError, match="of="), transaction.atomic():
        list(Habilitation.objects.select_for_update().select_related("organisation"))
    with transaction.atomic():
        list(Habilitation.objects.select_for_update(of=("self",)).select_related("organisation"))
        list(Habilitation.objects.select_for_update())  # nothing joined: nothing more locked


def test_un_queryset_sans_ordre_revient_au_hasard(db):
    assert ContentType.objects.count() > 20
    assert "RANDOM()" in str(ContentType.objects.all().query)
    ordres = {tuple(ContentType.objects.values_list("pk", flat=True)) for _ in range(5)}
    assert len(ordres) > 1


@pytest.mark.parametrize(
    "requete",
    [
        lambda: ContentType.objects.order_by("pk"),
        lambda: Commune.objects.all(),  # Meta.ordering
        lambda: ContentType.objects.order_by(),  # no order, said on purpose (a subquery, an aggregate)
        lambda: ContentType.objects.values("app_label").distinct(),  # ORDER BY may only name what is selected
    ],
    ids=["order_by", "Meta.ordering", "order_by()", "distinct"],
)
def test_un_ordre_ecrit_est_respecte(db, requete):
    assert "RANDOM()" not in str(requete().query)
