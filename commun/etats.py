"""One way to move a state and log it, for every stateful model of the apps.

A model with states declares its `MachineAEtats` (its states' TextChoices, the moves allowed from each state, the states
it may be created in) and a log model inheriting `JournalTransition`, whose rows all have the same shape: from (`de`),
to (`vers`), by (`par`), when it was recorded (`le`), when it took effect (`date_effet`, the day of the session, of the
CAL, of the answer, when it differs from the recording) and why (`motif`). A service moves an object with `passer(…)`:
the move is checked against the table (a refused move raises ErreurMetier in French, naming both states), the
object's state is saved and the log row written, in the caller's transaction.

Why not django-fsm-2 with django-fsm-log: its log (StateLog) keeps one date and a generic foreign key; our monthly
tracking reads the logs « as they were known » at the end of a month, which needs both dates (recorded, effective), and
our logs keep a real foreign key to their object (docs/architecture.md, « Des journaux datés deux fois »).

The docs state each machine's table in words (`| état | vers |` tables in docs/); tests/projet/test_etats.py compares
them with the code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone

from .erreurs import ErreurMetier


@dataclass(frozen=True)
class MachineAEtats:
    """The states of a model and the moves allowed between them.

    `nom`: the object with its article, as a sentence names it (« un positionnement », « une séance »); `etats`: the
    model's TextChoices; `transitions`: {state: (states reachable from it, …)} (a state absent from the
    keys is final); `initiaux`: the states an object may be created in (its first log row goes from "" to one of them).
    """

    nom: str
    etats: type[models.TextChoices]
    transitions: Mapping[str, tuple[str, ...]]
    initiaux: tuple[str, ...] = field(default=())

    def __post_init__(self):
        connus = set(self.etats.values)
        for de, vers in self.transitions.items():
            inconnus = ({de} | set(vers)) - connus
            if inconnus:
                raise ValueError(f"{self.nom} : états inconnus dans la table : {sorted(inconnus)}")
        if set(self.initiaux) - connus:
            raise ValueError(f"{self.nom} : états initiaux inconnus : {sorted(set(self.initiaux) - connus)}")

    def permise(self, de: str, vers: str) -> bool:
        """Whether the move `de` → `vers` is in the table ("" → an initial state for a creation)."""
        if not de:
            return vers in self.initiaux
        return vers in self.transitions.get(de, ())

    def libelle(self, etat: str) -> str:
        return str(self.etats(etat).label) if etat else "(création)"

    def verifier(self, de: str, vers: str) -> None:
        """Raises ErreurMetier (French, both states named) when the move is not in the table."""
        if not self.permise(de, vers):
            raise ErreurMetier(
                f"{self.nom[:1].upper()}{self.nom[1:]} ne peut pas passer de « {self.libelle(de)} » "
                f"à « {self.libelle(vers)} »."
            )

    def finaux(self) -> tuple[str, ...]:
        """The states nothing leaves."""
        return tuple(e for e in self.etats.values if not self.transitions.get(e))

    def table(self) -> dict[str, set[str]]:
        """{state's label: {labels of the states reachable from it}} for the states that have a way out: the shape of
        the `| état | vers |` tables of docs/."""
        return {self.libelle(de): {self.libelle(v) for v in vers} for de, vers in self.transitions.items() if vers}


class JournalTransition(models.Model):
    """The one shape of every state log: from, to, by, when recorded, when effective, why. Append-only: a row is never
    updated; a correction is one more row. Concrete logs add the foreign key to their object (and may add a link to
    what caused the move, e.g. the CAL deposit)."""

    de = models.CharField("état avant", max_length=20, blank=True)
    vers = models.CharField("état après", max_length=20)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="par"
    )
    le = models.DateTimeField("enregistré le", auto_now_add=True, db_index=True)
    date_effet = models.DateField(
        "date de l'événement",
        null=True,
        blank=True,
        help_text="Le jour où c'est arrivé (séance, CAL, réponse, bail…), s'il diffère du jour de l'enregistrement.",
    )
    motif = models.CharField("motif", max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def effectif_le(self) -> dt.date:
        """The day the move counts for: its effective date, else the day it was recorded."""
        return self.date_effet or timezone.localdate(self.le)


def passer(
    objet: models.Model,
    vers: str,
    *,
    machine: MachineAEtats,
    journal: type[JournalTransition],
    lien: str,
    par=None,
    motif: str = "",
    date_effet: dt.date | None = None,
    champ: str = "etat",
    autres_champs: Iterable[str] = (),
    **extra,
) -> JournalTransition:
    """Moves `objet` (a saved row) to `vers`: checks the move against `machine` (ErreurMetier if refused), sets
    `objet.<champ>`, saves it (`champ` and `autres_champs`, which the caller has set) and writes the log row
    `journal(<lien>=objet, de, vers, par, motif, date_effet, **extra)`. Returns the row. Runs in the caller's
    transaction: the caller holds the object's row lock when concurrent moves are possible."""
    de = getattr(objet, champ)
    machine.verifier(de, vers)
    setattr(objet, champ, vers)
    objet.save(update_fields=[champ, *autres_champs])
    return journal.objects.create(
        **{lien: objet}, de=de, vers=vers, par=par, motif=motif[:300], date_effet=date_effet, **extra
    )


def creer_journalise(
    objet: models.Model,
    *,
    machine: MachineAEtats,
    journal: type[JournalTransition],
    lien: str,
    par=None,
    motif="",
    date_effet: dt.date | None = None,
    champ: str = "etat",
    **extra,
) -> JournalTransition:
    """Writes the first log row of a just-created `objet` ("" → its initial state, checked against `machine`)."""
    vers = getattr(objet, champ)
    machine.verifier("", vers)
    return journal.objects.create(
        **{lien: objet}, de="", vers=vers, par=par, motif=motif[:300], date_effet=date_effet, **extra
    )
