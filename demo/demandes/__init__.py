"""Demo demands for seed_demo: a realistic, deterministic waiting list of the CASA (10 372 active demands at scale 1).

Everything is drawn from the generators passed in (``random.Random(GRAINE)`` and a seeded ``Faker("fr_FR")``) in a
fixed order over referential rows read in a fixed order: the same database gives the same demands on every run.

Fast on purpose: the households are built in memory, the figures that derive from them are computed here with the
pure rules (``eligibilite.evaluer``, the ceilings and Q1 threshold read once) instead of ``demande_recalculer`` per
demand, and the rows go in with ``bulk_create`` by batches. The pghistory triggers stay on: every row inserted also
writes its audit event, with the context ``{"commande": "seed_demo"}`` (see `_inserer` for why that also matters for
speed).

Unique numbers are given 1..N in the order of registration (not from the database sequence, so that the demo is
deterministic); the sequence is then moved past N so that the demands registered later in the app do not collide.
"""

from __future__ import annotations

import datetime as dt
import random

import pghistory
from django.conf import settings
from django.db import connection, transaction

from demandes.codes import EtatDemande
from demandes.models import (
    CODE_TERRITOIRE,
    CriterePriorite,
    Demande,
    Personne,
    Ressource,
    SouhaitCommune,
    TransitionDemande,
)

from .fabrique import Fabrique
from .tables import LOT, MOTIFS_RADIATION, PART_BROUILLONS, PART_RADIEES
from .tirages import Dossier, choix

SANS_NUR_JOURS = 7  # the demands registered here in the last week: the SNE has not given their NUR yet


def _etats(nombre: int, hasard: random.Random) -> list[tuple[str, str]]:
    """(state, reason of radiation) of every demand to create, in a seeded random order."""
    brouillons = round(nombre * PART_BROUILLONS / (1 - PART_BROUILLONS))
    radiees = round(nombre * PART_RADIEES)
    etats = [(EtatDemande.ACTIVE, "")] * nombre + [(EtatDemande.BROUILLON, "")] * brouillons
    etats += [(EtatDemande.RADIEE, choix(hasard, MOTIFS_RADIATION)) for _ in range(radiees)]
    hasard.shuffle(etats)
    return etats


def creer_demandes_demo(*, nombre: int, hasard: random.Random, faker, jour: dt.date) -> int:
    """Creates `nombre` active demands (ACTIVE or QUALIFIEE), plus ~3 % drafts among the live ones and ~4 % struck-off
    demands; returns how many demands were created (0 when the demand table is not empty: the demo is added once, to
    an empty list, so that its numbers 1..N cannot collide with demands registered in the app).

    Whether the demands are created or skipped, `hasard` advances by exactly one draw and `faker` is left as it was
    found: what seed_demo generates after this call stays the same on every run.
    """
    graine = hasard.getrandbits(64)
    if nombre <= 0 or Demande.objects.exists():
        return 0
    etat_faker = faker.random.getstate()
    faker.seed_instance(graine)
    try:
        return _creer(nombre=nombre, hasard=random.Random(graine), faker=faker, jour=jour)
    finally:
        faker.random.setstate(etat_faker)


def _creer(*, nombre: int, hasard: random.Random, faker, jour: dt.date) -> int:
    fabrique = Fabrique(hasard=hasard, faker=faker, jour=jour)
    dossiers = [fabrique.dossier(etat, motif) for etat, motif in _etats(nombre, hasard)]

    # Numbers in the order of registration: the local one (CASA-2026-000123, docs/sne.md « Numéros ») and the SNE's
    # numéro unique (REGLES §8: territory + MMYY of filing + sequence + counter), known for every demand but those
    # registered here in the last SANS_NUR_JOURS days (the SNE's daily file has not brought it back yet).
    ordre = sorted(range(len(dossiers)), key=lambda i: (dossiers[i].date_tri, i))
    sequence = 0
    prefixe = settings.CASA_PREFIXE_NUMERO_LOCAL
    for i in ordre:
        demande = dossiers[i].demande
        if demande.date_enregistrement is not None:
            sequence += 1
            demande.numero = f"{prefixe}-{demande.date_enregistrement:%Y}-{sequence:06d}"
            if demande.date_enregistrement <= jour - dt.timedelta(days=SANS_NUR_JOURS):
                demande.nur = f"{CODE_TERRITOIRE}{demande.date_depot:%m%y}{sequence:06d}{demande.guichet.code_guichet}"
    dossiers = [dossiers[i] for i in ordre]  # primary keys follow the dates
    with transaction.atomic(), pghistory.context(commande="seed_demo"):
        _inserer(dossiers, dernier_numero=sequence)
    return len(dossiers)


def _inserer(dossiers: list[Dossier], *, dernier_numero: int) -> None:
    """Inserts the demands and what hangs on them, then moves the number sequence past the demo's numbers."""
    with connection.cursor() as cursor:
        # Speed, not silence: every audited insert still writes its event. The audit triggers ask two settings per row
        # (pgtrigger's list of triggers to skip, pghistory's context) inside a PL/pgSQL exception block; when a setting
        # is absent each row pays a caught error and a subtransaction, which made the 130 000 inserts of scale 1 take
        # ~55 s instead of ~20 s. So the transaction states them: no trigger to skip (the empty list, local to this
        # transaction), and the context of the events (pghistory.context above: the command that wrote them).
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    Demande.objects.bulk_create([d.demande for d in dossiers], batch_size=LOT)
    Personne.objects.bulk_create([m.personne for d in dossiers for m in d.membres], batch_size=LOT)
    Ressource.objects.bulk_create([r for d in dossiers for m in d.membres for r in m.ressources], batch_size=LOT)
    SouhaitCommune.objects.bulk_create([s for d in dossiers for s in d.souhaits], batch_size=LOT)
    CriterePriorite.objects.bulk_create([c for d in dossiers for c in d.criteres], batch_size=LOT)
    transitions = [
        (TransitionDemande(demande=d.demande, de=avant, vers=apres, par=par, motif=motif), le)
        for d in dossiers
        for avant, apres, par, motif, le in d.transitions
    ]
    TransitionDemande.objects.bulk_create([t for t, _ in transitions], batch_size=LOT)
    with connection.cursor() as cursor:
        # `le` is auto_now_add: put back the dates of the story (the log table is not audited, one statement).
        cursor.execute(
            f"UPDATE {TransitionDemande._meta.db_table} AS t SET le = v.le "  # noqa: S608 - a model's table name
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, le) WHERE t.id = v.id",
            [[t.pk for t, _ in transitions], [le for _, le in transitions]],
        )
        if dernier_numero:
            cursor.execute("SELECT setval('demandes_numero_local_seq', %s)", [dernier_numero])
