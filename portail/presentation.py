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


def statut(
    demande: Demande, jour: dt.date, en_cours: Positionnement | None = None, *, manquantes: int | None = None
) -> Statut:
    """The status of ``demande`` on ``jour`` in words, its positionnement under way (if any) said first.
    ``manquantes``: how many expected pieces the holder's page shows as missing; an active demand's advice follows
    it (None: not known, no advice about the pieces)."""
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
        return Statut(
            f"qualifiée (dossier complet), {validite}",
            "success",
            "Votre guichet a reconnu votre dossier complet : il ne vous demande plus de pièce.",
        )
    echue = demande.date_echeance and demande.date_echeance < jour
    return Statut(
        f"active, {validite}",
        "warning" if echue else "info",
        "Sa date de validité est passée : renouvelez-la au plus vite." if echue else _conseil_pieces(manquantes),
    )


def _conseil_pieces(manquantes: int | None) -> str:
    """What an active demand's holder may do about his pieces: send those missing, or nothing but wait for his
    counter to check the file and qualify it (an agent's step, demandes.services.demande_qualifier)."""
    if manquantes is None:
        return ""
    if manquantes:
        return (
            f"Votre dossier n'est pas encore complet : il manque {manquantes} pièce{'s' if manquantes > 1 else ''}, "
            f"envoyez-{'les' if manquantes > 1 else 'la'} à votre guichet."
        )
    return (
        "Toutes les pièces attendues ont été reçues : votre guichet doit encore vérifier votre dossier pour le "
        "qualifier (dossier complet)."
    )


def positionnement_en_cours(demande: Demande) -> Positionnement | None:
    """The demand's positionnement under way that is furthest along (an offer before a commission), or None."""
    from positionnements.etats import EN_COURS

    ordre = {etat: n for n, etat in enumerate(reversed(EN_COURS))}
    en_cours = list(demande.positionnements.filter(etat__in=EN_COURS).only("etat", "demande_id", "disponibilite_id"))
    return min(en_cours, key=lambda p: (ordre[p.etat], p.pk), default=None)
