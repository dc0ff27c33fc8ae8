"""The long jobs a partner's file starts (check, then application), run by a Celery worker on one row of the database
(a CAL deposit, a stock import): their progress for the page, kept in the cache, and whether they stopped.

A job holds its row locked (`SELECT … FOR UPDATE`) for as long as it runs, in its transaction. So the page can tell
« en cours » (a worker holds the row), « interrompu » (nobody holds it any more: a worker killed in the middle, whose
transaction PostgreSQL rolled back; or no worker took the job for SILENCE_MAX seconds) and « échec » (the job ended on
an error, a bug included: the service records it on the row with a French reason). The page then offers to run it
again; running it twice is harmless (the second finds the work done)."""

from __future__ import annotations

import time
from enum import StrEnum

from django.core.cache import cache
from django.db import OperationalError, models, transaction

from commun.erreurs import ErreurMetier

DUREE_PROGRESSION = 3600  # seconds the progress stays in the cache
SILENCE_MAX = 120  # seconds without a worker taking a job before the page calls it interrupted
GRACE = 10  # seconds between a worker noting its start and taking the row's lock


class Etape(StrEnum):
    """The two steps of a partner's file: checking it, then applying it."""

    VERIFICATION = "VERIFICATION"
    APPLICATION = "APPLICATION"


class EtatTravail(StrEnum):
    """Where a job stands, as the page reads it from the cache (a str: it equals its value, and the cache keeps it)."""

    EN_ATTENTE = "EN_ATTENTE"  # asked for, no worker has started it
    EN_COURS = "EN_COURS"
    FAIT = "FAIT"
    ECHEC = "ECHEC"


class Suivi:
    """The progress of the jobs on the rows of `modele`, under cache keys `<prefixe>:<pk>`. A progress is
    {"etape": Etape, "etat": EtatTravail, "fait": int, "total": int, "le": epoch seconds}."""

    def __init__(self, prefixe: str, modele: type[models.Model]):
        self.prefixe = prefixe
        self.modele = modele

    def cle(self, pk: int) -> str:
        return f"{self.prefixe}:{pk}"

    def progression(self, pk: int) -> dict | None:
        return cache.get(self.cle(pk))

    def noter(
        self, pk: int, etape: Etape, fait: int = 0, total: int = 0, etat: EtatTravail = EtatTravail.EN_COURS
    ) -> None:
        cache.set(
            self.cle(pk),
            {"etape": etape, "etat": etat, "fait": fait, "total": total, "le": time.time()},
            DUREE_PROGRESSION,
        )

    def rapporteur(self, pk: int, etape: Etape):
        """The `progression(fait, total)` callback a service calls while it works."""
        return lambda fait, total: self.noter(pk, etape, fait, total)

    def lancer(self, pk: int, etape: Etape, tache) -> None:
        """Asks a worker for the job (a Celery task taking the row's pk); the page waits for it, and says so if no
        worker takes it within SILENCE_MAX seconds."""
        self.noter(pk, etape, etat=EtatTravail.EN_ATTENTE)
        tache.delay(pk)

    def executer(self, pk: int, etape: Etape, service) -> str:
        """Runs a job in a worker: `service(progression=…)` returns the row, whose `etat` ECHEC means it failed (the
        service recorded why). A service's ErreurMetier ends the job in ECHEC too; any other exception as well, and
        is raised again for the worker's log. Returns a line for Celery's result."""
        # an application may wait for its landlord's lock: it is « en attente » until the service notes its start
        self.noter(pk, etape, etat=EtatTravail.EN_ATTENTE if etape == Etape.APPLICATION else EtatTravail.EN_COURS)
        try:
            ligne = service(progression=self.rapporteur(pk, etape))
        except ErreurMetier as err:
            self.noter(pk, etape, etat=EtatTravail.ECHEC)
            return f"{self.prefixe}:{pk} : {err.message}"
        except Exception:
            self.noter(pk, etape, etat=EtatTravail.ECHEC)
            raise
        self.noter(pk, etape, 1, 1, etat=EtatTravail.ECHEC if ligne.etat == EtatTravail.ECHEC else EtatTravail.FAIT)
        return f"{self.prefixe}:{pk} : {ligne.get_etat_display()}"

    def tenu_par_un_worker(self, pk: int) -> bool:
        """Whether another connection holds the row's lock (a job running on it)."""
        try:
            with transaction.atomic():
                list(self.modele.objects.select_for_update(nowait=True).filter(pk=pk).values_list("pk"))
        except OperationalError:
            return True
        return False

    def pourcentage(self, pk: int) -> int:
        p = self.progression(pk)
        return round(100 * p["fait"] / p["total"]) if p and p.get("total") else 0

    def interrompu(self, pk: int, etape: Etape | None = None, *, depuis: float | None = None) -> bool:
        """A job (`etape`, or either) that failed, that a worker started and no longer holds, or that no worker took
        for SILENCE_MAX seconds. With no news in the cache (Redis emptied), `depuis` (epoch seconds the job was asked
        for) decides: older than SILENCE_MAX and nobody holding the row is interrupted."""
        p = self.progression(pk)
        if p is None:
            return depuis is not None and time.time() - depuis > SILENCE_MAX and not self.tenu_par_un_worker(pk)
        if etape and p.get("etape") != etape:
            return False
        if p["etat"] == EtatTravail.ECHEC:
            return True
        if p["etat"] == EtatTravail.EN_ATTENTE:
            return time.time() - p["le"] > SILENCE_MAX
        if p["etat"] != EtatTravail.EN_COURS or time.time() - p["le"] < GRACE:
            return False
        return not self.tenu_par_un_worker(pk)
