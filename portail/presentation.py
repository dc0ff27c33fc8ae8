"""The demand as its holder reads it: its status in plain words (L441-2-6 CCH: the applicant is told the steps of the
processing), computed from the demand's state, its dates and its positionnement under way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commun.format_fr import date as date_fr
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from positionnements.etats import EtatPositionnement as E
from positionnements.models import Positionnement

# What a positionnement under way means for the applicant, without any other applicant's data.
ETAPE_EN_COURS = {
    E.PROPOSE: "proposée à une commission pour un logement",
    E.AJOURNE: "proposée à une commission pour un logement (examen reporté)",
    E.VALIDE: "présentée à la commission d'attribution du bailleur pour un logement",
    E.ATTRIBUE: "attribuée : un logement vous est proposé",
    E.ATTRIBUE_RANG: "retenue par la commission d'attribution, en rang de classement",
    E.ATTRIBUE_CS: "attribuée sous condition : un logement vous est proposé",
    E.ACCEPTE: "attribuée : vous avez accepté le logement, le bail reste à signer",
}


@dataclass(frozen=True)
class Statut:
    """The status in words (« active, valable jusqu'au 05/10/2027 »), its colour (a Bootstrap contextual class)
    and what the holder may do next, in words ("" when nothing)."""

    libelle: str
    couleur: str
    conseil: str = ""


def statut(demande: Demande, jour: dt.date, en_cours: Positionnement | None = None) -> Statut:
    """The status of ``demande`` on ``jour`` in words, its positionnement under way (if any) said first."""
    if demande.etat == EtatDemande.RADIEE:
        motif = MotifRadiation(demande.motif_radiation).label.lower() if demande.motif_radiation else "motif non dit"
        quand = f" le {date_fr(demande.date_radiation)}" if demande.date_radiation else ""
        return Statut(
            f"radiée{quand} : {motif}",
            "secondary",
            ""
            if demande.motif_radiation == MotifRadiation.RADATT
            else "Votre guichet peut vous dire si elle peut être réactivée.",
        )
    validite = f"valable jusqu'au {date_fr(demande.date_echeance)}" if demande.date_echeance else "en cours"
    if en_cours is not None and en_cours.etat in ETAPE_EN_COURS:
        return Statut(f"{ETAPE_EN_COURS[en_cours.etat]} ; demande {validite}", "primary")
    if demande.etat == EtatDemande.QUALIFIEE:
        return Statut(f"qualifiée (dossier complet), {validite}", "success")
    echue = demande.date_echeance and demande.date_echeance < jour
    return Statut(
        f"active, {validite}",
        "warning" if echue else "info",
        "Votre dossier n'est pas encore complet : envoyez les pièces qui manquent."
        if not echue
        else "Sa date de validité est passée : renouvelez-la au plus vite.",
    )


def positionnement_en_cours(demande: Demande) -> Positionnement | None:
    """The demand's positionnement under way that is furthest along (an offer before a commission), or None."""
    from positionnements.etats import EN_COURS

    ordre = {etat: n for n, etat in enumerate(reversed(EN_COURS))}
    en_cours = list(demande.positionnements.filter(etat__in=EN_COURS).only("etat", "demande_id", "disponibilite_id"))
    return min(en_cours, key=lambda p: (ordre[p.etat], p.pk), default=None)
