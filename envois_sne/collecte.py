"""The collector: reads the application's append-only logs (a demand's TransitionDemande, a positionnement's
TransitionPositionnement, whose CAL decisions are DecisionCAL) and creates one EvenementSNE per row that reports
something (envois_sne/regles.py), never twice: the event's (source, source_id) is unique, and the rows already
collected are left out by the query itself.

Each run reads the rows recorded in [start, its own moment]: a row dated after its moment (a clock ahead, a row
written with a later date) waits for a run that has reached it. The start is the point kept by the previous run
(CurseurCollecte.depuis): that run's moment less a margin (MARGE), so that a row recorded before it but committed
after it (a long CAL file) is not missed, yet never earlier than where that run itself started: the margin reaches
back only over time some run has already read, never before the first start. The first run, without a kept point,
starts from its own moment: what the logs held before was known to the SNE by the counters' own entries (the command
`envoyer_sne --depuis AAAA-MM-JJ` chooses another start). Called by the daily job and the command
(services.envoyer_du_jour), never from a view."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from commun.etats import creer_journalise
from demandes.codes import EtatDemande
from demandes.models import TransitionDemande
from positionnements.etats import CAL, EtatPositionnement
from positionnements.models import TransitionPositionnement

from . import regles
from .codes import SourceEvenement, TypeEvenementSNE
from .contenu import CONSTRUCTEURS
from .etats import MACHINE_EVENEMENT_SNE
from .models import CurseurCollecte, EvenementSNE, TransitionEvenementSNE

MARGE = dt.timedelta(days=1)
# pg_advisory_xact_lock key of the outbox: one collection, one daily file, one acknowledgement at a time.
VERROU = 5_318_001
JOURNAL = {"machine": MACHINE_EVENEMENT_SNE, "journal": TransitionEvenementSNE, "lien": "evenement"}
RELATIONS_DEMANDE = ("demande__guichet",)
PREFETCH_DEMANDE = ("demande__personnes", "demande__souhaits_communes__commune")
RELATIONS_POSITIONNEMENT = (
    "positionnement__demande__guichet",
    "positionnement__disponibilite__reservataire",
    "positionnement__disponibilite__logement__residence__bailleur",
    "positionnement__disponibilite__logement__residence__commune",
    "positionnement__decision_cal",
)


def verrouiller() -> None:
    """The outbox's lock, for the caller's transaction."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU])


def _pas_encore(source: str) -> Exists:
    return ~Exists(EvenementSNE.objects.filter(source=source, source_id=OuterRef("pk")))


def lignes_demande(depuis: dt.datetime, jusqu_a: dt.datetime) -> QuerySet[TransitionDemande]:
    """The demands' log rows recorded in [`depuis`, `jusqu_a`] that may report something and are not collected yet."""
    possibles = (
        Q(de=EtatDemande.BROUILLON, vers=EtatDemande.ACTIVE)
        | Q(vers=EtatDemande.RADIEE, de__in=regles.ENREGISTREES)
        | Q(motif__startswith=regles.RENOUVELEE)
        | Q(de=EtatDemande.RADIEE, motif__startswith=regles.REACTIVEE_PAR_RENOUVELLEMENT)
    )
    return (
        TransitionDemande.objects.filter(possibles, le__gte=depuis, le__lte=jusqu_a, par_le_sne=False)
        .filter(_pas_encore(SourceEvenement.DEMANDE))
        .select_related(*RELATIONS_DEMANDE)
        .prefetch_related(*PREFETCH_DEMANDE)
        .order_by("le", "pk")
    )


def lignes_positionnement(depuis: dt.datetime, jusqu_a: dt.datetime) -> QuerySet[TransitionPositionnement]:
    """The positionnements' log rows recorded in [`depuis`, `jusqu_a`] that report something and are not collected
    yet."""
    vers = (EtatPositionnement.VALIDE, *CAL, EtatPositionnement.BAIL_SIGNE)
    return (
        TransitionPositionnement.objects.filter(vers__in=vers, le__gte=depuis, le__lte=jusqu_a)
        .filter(_pas_encore(SourceEvenement.POSITIONNEMENT))
        .select_related(*RELATIONS_POSITIONNEMENT)
        .order_by("le", "pk")
    )


def sources(evenements: Iterable[EvenementSNE]) -> dict[tuple[str, int], object]:
    """The source log rows of `evenements`, {(source, source_id): row}, loaded with what their content reads (two
    queries and the prefetches)."""
    ids: dict[str, list[int]] = {SourceEvenement.DEMANDE: [], SourceEvenement.POSITIONNEMENT: []}
    for e in evenements:
        ids[e.source].append(e.source_id)
    lignes: dict[tuple[str, int], object] = {}
    if ids[SourceEvenement.DEMANDE]:
        qs = TransitionDemande.objects.filter(pk__in=ids[SourceEvenement.DEMANDE]).select_related(*RELATIONS_DEMANDE)
        lignes |= {(SourceEvenement.DEMANDE, t.pk): t for t in qs.prefetch_related(*PREFETCH_DEMANDE).order_by("pk")}
    if ids[SourceEvenement.POSITIONNEMENT]:
        qs = TransitionPositionnement.objects.filter(pk__in=ids[SourceEvenement.POSITIONNEMENT])
        lignes |= {
            (SourceEvenement.POSITIONNEMENT, t.pk): t
            for t in qs.select_related(*RELATIONS_POSITIONNEMENT).order_by("pk")
        }
    return lignes


def _creer(type_evenement: str, ligne, *, source: str, demande) -> EvenementSNE:
    """One event from one log row, its content built, its first log line written."""
    contenu = CONSTRUCTEURS[type_evenement](ligne)
    evenement = EvenementSNE.objects.create(
        type=type_evenement,
        demande=demande,
        source=source,
        source_id=ligne.pk,
        date_evenement=ligne.effectif_le,
        contenu=contenu.donnees,
        attente=contenu.attente,
    )
    creer_journalise(evenement, **JOURNAL, motif=f"Collecté depuis le journal ({ligne.motif or ligne.vers})")
    return evenement


def collecter(*, depuis: dt.datetime | None = None) -> Counter:
    """Creates the events of the log rows recorded from the kept point (or from `depuis`) up to this run's moment,
    and keeps the next run's point: this moment less MARGE, never before this run's start. Under the outbox's lock,
    in one transaction. Returns {kind: count}."""
    maintenant = timezone.now()
    bilan: Counter = Counter()
    with transaction.atomic():
        verrouiller()
        curseur = CurseurCollecte.objects.select_for_update().filter(nom="journaux").first()
        if depuis is None:
            depuis = curseur.depuis if curseur else maintenant
        for t in lignes_demande(depuis, maintenant):
            type_evenement = regles.type_de_ligne_demande(t.de, t.vers, t.motif, par_le_sne=t.par_le_sne)
            if type_evenement is None or (type_evenement == TypeEvenementSNE.ENREGISTREMENT and t.demande.nur):
                continue  # a registration the SNE already numbered needs no report
            _creer(type_evenement, t, source=SourceEvenement.DEMANDE, demande=t.demande)
            bilan[type_evenement] += 1
        for t in lignes_positionnement(depuis, maintenant):
            type_evenement = regles.type_de_ligne_positionnement(t.vers)
            _creer(type_evenement, t, source=SourceEvenement.POSITIONNEMENT, demande=t.positionnement.demande)
            bilan[type_evenement] += 1
        prochain = min(max(depuis, maintenant - MARGE), maintenant)
        CurseurCollecte.objects.update_or_create(nom="journaux", defaults={"depuis": prochain})
    return bilan
