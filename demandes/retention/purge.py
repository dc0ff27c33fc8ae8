"""The purge: the demands due for erasure, the run by batches (one transaction each, every app's eraser, then the
erasure record and a line in the demand's log) and its report, counts only (`Bilan`)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from ..codes import EtatDemande
from .duree import conservation_mois, radiees_au_plus_tard_le
from .registre import Effaceur, effaceurs

journal = logging.getLogger("demandes.retention")

TAILLE_LOT = 100

LIBELLES = {
    "demandes": "demandes",
    "personnes": "personnes du ménage supprimées",
    "ressources": "ressources supprimées",
    "pieces": "pièces supprimées",
    "pieces_en_ligne": "pièces envoyées en ligne supprimées",
    "signalements": "erreurs signalées par les demandeurs supprimées",
    "fichiers": "fichiers de pièces supprimés du disque",
    "consultations": "consultations de pièces supprimées",
    "courriers": "objets de courriers effacés",
    "entretiens": "notes d'entretien effacées",
    "criteres": "justificatifs de critères de priorité effacés",
    "positionnements": "positionnements (motifs effacés)",
    "decisions_cal": "décisions de CAL (condition et motif effacés)",
    "depots_cal": "fichiers de décisions de CAL effacés",
    "avis": "motifs d'avis de la commission effacés",
    "avis_membres": "motifs d'avis des membres à distance effacés",
    "messages_seance": "messages des fils des séances à distance effacés",
    "dossiers_seance": "dossiers de séance (PDF) supprimés",
    "documents_sne": "documents du SNE vidés (XML, valeurs, enfants en droit de visite)",
    "conflits_sne": "écarts avec le SNE (valeurs effacées)",
    "lignes_sne": "lignes de rapport d'import du SNE (document d'un doublon, valeurs citées)",
    "imports_sne": "fichiers reçus du SNE vidés",
    "evenements_sne": "événements envoyés au SNE (contenu et motif de rejet effacés)",
    "fichiers_envoi_sne": "fichiers du jour envoyés au SNE vidés",
    "retours_sne": "retours du SNE vidés",
    "notes_partagees": "notes partagées sur les demandes supprimées",
    "evenements": "lignes d'audit (pghistory) effacées ou supprimées",
}


@dataclass
class Bilan:
    """What a run erased (or, in simulation, would erase): counts only, never a name."""

    jour: dt.date
    conservation_mois: int
    simulation: bool
    compteurs: Counter = field(default_factory=Counter)
    ignorees: int = 0  # demands held by another transaction (an agent, another run): erased next time

    @property
    def radiees_au_plus_tard_le(self) -> dt.date:
        return radiees_au_plus_tard_le(self.jour, self.conservation_mois)

    def resume(self) -> str:
        """One line for the task's log and result."""
        parties = [f"{libelle} : {self.compteurs.get(c, 0)}" for c, libelle in LIBELLES.items()]
        texte = ("simulation, rien n'est effacé : " if self.simulation else "") + ", ".join(parties)
        return texte + (
            f" ; demandes verrouillées par une autre opération, reportées : {self.ignorees}" if self.ignorees else ""
        )

    def texte(self) -> str:
        """The report the command prints."""
        from commun import format_fr

        entete = (
            "Simulation (--dry-run) : rien n'a été effacé. Voici ce que la purge effacerait."
            if self.simulation
            else "Purge terminée."
        )
        lignes = [
            entete,
            f"Durée de conservation : {self.conservation_mois} mois après la radiation ; demandes radiées au plus "
            f"tard le {format_fr.date(self.radiees_au_plus_tard_le)}.",
        ]
        lignes += [f"  {libelle} : {self.compteurs.get(c, 0)}" for c, libelle in LIBELLES.items()]
        if self.ignorees:
            lignes.append(f"  demandes verrouillées par une autre opération, reportées : {self.ignorees}")
        return "\n".join(lignes)


def a_effacer(jour: dt.date | None = None, mois: int | None = None) -> models.QuerySet:
    """The demands whose personal data is due for erasure on `jour`: struck off `mois` months ago or more, not yet
    erased."""
    from ..models import Demande

    jour = jour or timezone.localdate()
    mois = mois or conservation_mois()
    return Demande.objects.filter(
        etat=EtatDemande.RADIEE,
        date_radiation__lte=radiees_au_plus_tard_le(jour, mois),
        effacement__isnull=True,
    )


@dataclass(frozen=True)
class _Passage:
    """What every batch of one run shares: who runs it and why, the period, the last radiation day it erases."""

    par: object | None
    declencheur: str
    mois: int
    limite: dt.date

    @property
    def contexte(self) -> dict:
        """The pghistory context of the events the run writes."""
        contexte = {"conservation": f"{self.mois} mois après la radiation", "declencheur": self.declencheur}
        if self.par is not None:
            contexte["user"] = self.par.pk
        return contexte

    @property
    def motif(self) -> str:
        """The line the run writes in the log of each demand it erases."""
        return f"Données personnelles effacées ({self.mois} mois après la radiation : durée de conservation)"


def purger(
    *,
    jour: dt.date | None = None,
    simulation: bool = False,
    par=None,
    declencheur: str = "TACHE",
    taille_lot: int = TAILLE_LOT,
) -> Bilan:
    """Erases (or, with `simulation`, counts) the personal data of every demand struck off more than the retention
    period ago, by batches of `taille_lot` demands, one transaction each. `par`: the account running the command
    (None for the nightly task). Returns the Bilan. Raises ImproperlyConfigured if the period setting is out of
    bounds."""
    jour = jour or timezone.localdate()
    mois = conservation_mois()
    bilan = Bilan(jour=jour, conservation_mois=mois, simulation=simulation)
    ids = list(a_effacer(jour, mois).order_by("pk").values_list("pk", flat=True))
    fonctions = effaceurs()
    if simulation:
        for lot in _lots(ids, taille_lot):
            for _, fonction in fonctions:
                bilan.compteurs.update(fonction(lot, True))
        return bilan
    passage = _Passage(par=par, declencheur=declencheur, mois=mois, limite=radiees_au_plus_tard_le(jour, mois))
    for lot in _lots(ids, taille_lot):
        _effacer_le_lot(lot, fonctions, passage, bilan)
    journal.info("Purge de conservation : %s", bilan.resume())
    return bilan


def _lots(ids: list[int], taille: int) -> Iterable[list[int]]:
    """The ids by batches of `taille`."""
    for i in range(0, len(ids), taille):
        yield ids[i : i + taille]


def _effacer_le_lot(lot: list[int], fonctions: list[tuple[str, Effaceur]], passage: _Passage, bilan: Bilan) -> None:
    """One transaction: the batch's demands still due and free are erased by every app's eraser, then recorded; those
    another transaction holds are counted as postponed."""
    import pghistory

    from ..models import EffacementDemande

    with transaction.atomic(), pghistory.context(**passage.contexte):
        tenues = _tenir_les_demandes_encore_dues(lot, passage.limite)
        deja = set(EffacementDemande.objects.filter(demande_id__in=lot).values_list("demande_id", flat=True))
        bilan.ignorees += len(set(lot) - deja - {pk for pk, _, _ in tenues})
        if not tenues:
            return
        lot_ids = [pk for pk, _, _ in tenues]
        for _, fonction in fonctions:
            bilan.compteurs.update(fonction(lot_ids, False))
        _enregistrer_les_effacements(tenues, passage)


def _tenir_les_demandes_encore_dues(lot: list[int], limite: dt.date) -> list[tuple[int, dt.date, str]]:
    """The batch's demands locked (SKIP LOCKED) and checked again under the lock: another run may have erased them,
    an agent may hold one. [(pk, date_radiation, motif_radiation)] by pk."""
    from ..models import Demande

    return list(
        Demande.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=lot, etat=EtatDemande.RADIEE, date_radiation__lte=limite, effacement__isnull=True)
        .order_by("pk")
        .values_list("pk", "date_radiation", "motif_radiation")
    )


def _enregistrer_les_effacements(tenues: list[tuple[int, dt.date, str]], passage: _Passage) -> None:
    """One EffacementDemande per demand erased, and a line in its log (RADIEE to RADIEE, the run's reason)."""
    from ..models import EffacementDemande, TransitionDemande

    EffacementDemande.objects.bulk_create(
        EffacementDemande(
            demande_id=pk,
            par=passage.par,
            declencheur=passage.declencheur,
            conservation_mois=passage.mois,
            date_radiation=radiee_le,
            motif_radiation=motif_radiation,
        )
        for pk, radiee_le, motif_radiation in tenues
    )
    TransitionDemande.objects.bulk_create(
        TransitionDemande(
            demande_id=pk,
            de=EtatDemande.RADIEE,
            vers=EtatDemande.RADIEE,
            par=passage.par,
            motif=passage.motif,
        )
        for pk, _, _ in tenues
    )
