"""Every state machine of the apps (commun/etats.py), with its model, its log and the document that states its table:
the registry tests/projet/test_etats.py reads to compare each `| état | vers |` table of docs/ with the code, and to
check that every log has the one shape. A new stateful model adds its line here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from commissions.etats import MACHINE_SEANCE
from commissions.models import Seance, TransitionSeance
from commun.etats import JournalTransition, MachineAEtats
from demandes.etats import MACHINE_DEMANDE, MACHINE_PIECE_EN_LIGNE
from demandes.models import Demande, PieceEnLigne, TransitionDemande, TransitionPieceEnLigne
from envois_sne.etats import MACHINE_EVENEMENT_SNE
from envois_sne.models import EvenementSNE, TransitionEvenementSNE
from positionnements.etats import MACHINE_DEPOT_CAL, MACHINE_POSITIONNEMENT
from positionnements.models import DepotDecisionsCAL, Positionnement, TransitionDepotCAL, TransitionPositionnement
from programmation.etats import MACHINE_DISPONIBILITE, MACHINE_IMPORT_PARC, MACHINE_PROGRAMME, MACHINE_REUNION
from programmation.models import (
    Disponibilite,
    ImportParc,
    Programme,
    ReunionReservataires,
    TransitionDisponibilite,
    TransitionImportParc,
    TransitionProgramme,
    TransitionReunion,
)
from sne.etats import MACHINE_CONFLIT, MACHINE_IMPORT_SNE
from sne.models import ConflitSNE, ImportSNE, TransitionConflitSNE, TransitionImportSNE


@dataclass(frozen=True)
class EtatsDocumentes:
    """A stateful model: its machine, the model whose `etat` it moves, its log, and the document (path from the
    project's root) holding its « Table des états : <machine.nom> »."""

    machine: MachineAEtats
    modele: type[models.Model]
    journal: type[JournalTransition]
    doc: str


MACHINES: tuple[EtatsDocumentes, ...] = (
    EtatsDocumentes(MACHINE_DEMANDE, Demande, TransitionDemande, "docs/demandes.md"),
    EtatsDocumentes(MACHINE_PIECE_EN_LIGNE, PieceEnLigne, TransitionPieceEnLigne, "docs/demandes.md"),
    EtatsDocumentes(MACHINE_PROGRAMME, Programme, TransitionProgramme, "docs/programmation.md"),
    EtatsDocumentes(MACHINE_REUNION, ReunionReservataires, TransitionReunion, "docs/programmation.md"),
    EtatsDocumentes(MACHINE_DISPONIBILITE, Disponibilite, TransitionDisponibilite, "docs/programmation.md"),
    EtatsDocumentes(MACHINE_IMPORT_PARC, ImportParc, TransitionImportParc, "docs/programmation.md"),
    EtatsDocumentes(MACHINE_POSITIONNEMENT, Positionnement, TransitionPositionnement, "docs/positionnements.md"),
    EtatsDocumentes(MACHINE_SEANCE, Seance, TransitionSeance, "docs/commissions.md"),
    EtatsDocumentes(MACHINE_DEPOT_CAL, DepotDecisionsCAL, TransitionDepotCAL, "docs/cal.md"),
    EtatsDocumentes(MACHINE_EVENEMENT_SNE, EvenementSNE, TransitionEvenementSNE, "docs/sne.md"),
    EtatsDocumentes(MACHINE_IMPORT_SNE, ImportSNE, TransitionImportSNE, "docs/sne.md"),
    EtatsDocumentes(MACHINE_CONFLIT, ConflitSNE, TransitionConflitSNE, "docs/sne.md"),
)
