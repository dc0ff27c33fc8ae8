"""Qualification (SIAD): the interview guide and the supporting pieces expected for a demand's situation.

Rules on plain values (Django only for the TextChoices of the pieces' types): the pieces follow from the
household, the resources, the reasons and the priority criteria (REGLES §6 « usual evidence »). A demand is qualified
when every expected piece has been received.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class TypePiece(models.TextChoices):
    IDENTITE = "IDENTITE", "Pièce d'identité de chaque adulte"
    SEJOUR = "SEJOUR", "Titre de séjour en cours de validité"
    AVIS_IMPOSITION = "AVIS_IMPOSITION", "Avis d'imposition (revenus N-2)"
    RESSOURCES = "RESSOURCES", "Justificatifs de ressources des trois derniers mois"
    REVENU_RECENT = "REVENU_RECENT", "Justificatif de la baisse de revenus (N-1 ou 12 derniers mois)"
    LOGEMENT_ACTUEL = "LOGEMENT_ACTUEL", "Justificatif du logement actuel (bail, attestation d'hébergement)"
    EXPULSION = "EXPULSION", "Jugement ou commandement d'expulsion"
    DALO = "DALO", "Décision de la commission de médiation DALO"
    HANDICAP = "HANDICAP", "Carte mobilité inclusion invalidité ou notification MDPH"
    PROTECTION = "PROTECTION", "Ordonnance de protection ou décision de justice"
    GROSSESSE = "GROSSESSE", "Certificat de grossesse"
    SEPARATION = "SEPARATION", "Justificatif de séparation ou de divorce"
    MUTATION = "MUTATION", "Bail du logement social actuel"
    PREUVE_DEPOT = "PREUVE_DEPOT", "Preuve de la date de dépôt (formulaire tamponné, accusé de réception)"
    AUTRE = "AUTRE", "Autre pièce"


# Pieces whose consultation is logged and that only the demand's own agents open (REGLES §6 and §12).
PIECES_SENSIBLES = frozenset({TypePiece.HANDICAP, TypePiece.PROTECTION})

GUIDE_ENTRETIEN = [
    ("MENAGE", "Composition du ménage et situation familiale (séparation, naissance attendue, garde alternée)"),
    ("RESSOURCES", "Ressources, charges et éventuelle baisse de revenus"),
    ("LOGEMENT", "Logement actuel : statut, coût, surface, état, menace d'expulsion"),
    ("MOTIFS", "Motifs de la demande et urgence"),
    ("SOUHAITS", "Souhaits (communes, typologie, loyer, étage) et leur réalisme au regard de l'offre"),
    ("PRIORITES", "Critères de priorité (DALO, article L441-1) et leurs justificatifs"),
    ("ACCOMPAGNEMENT", "Besoin d'accompagnement social, orientation vers un travailleur social"),
    ("INFORMATION", "Information du demandeur : délai moyen, cotation, suite de la procédure (loi ALUR)"),
]


@dataclass(frozen=True)
class PieceAttendue:
    type: str
    raison: str

    @property
    def libelle(self) -> str:
        return TypePiece(self.type).label


def pieces_attendues(
    *,
    adultes_hors_ue: bool,
    a_des_ressources: bool,
    revenu_recent_declare: bool,
    motifs: set[str],
    priorites: set[str],
    handicap: bool,
    enfant_attendu: bool,
    mutation: bool,
) -> list[PieceAttendue]:
    attendues = [
        PieceAttendue(TypePiece.IDENTITE, "pour tout demandeur"),
        PieceAttendue(TypePiece.AVIS_IMPOSITION, "pour tout demandeur (plafonds de ressources)"),
        PieceAttendue(TypePiece.LOGEMENT_ACTUEL, "pour tout demandeur"),
    ]
    if a_des_ressources:
        attendues.append(PieceAttendue(TypePiece.RESSOURCES, "des ressources sont déclarées"))
    if adultes_hors_ue:
        attendues.append(PieceAttendue(TypePiece.SEJOUR, "un adulte est ressortissant hors Union européenne"))
    if revenu_recent_declare:
        attendues.append(PieceAttendue(TypePiece.REVENU_RECENT, "un revenu récent plus bas est déclaré"))
    if "05" in motifs or "MENACE_EXPULSION" in priorites:
        attendues.append(PieceAttendue(TypePiece.EXPULSION, "procédure d'expulsion"))
    if "DALO" in priorites:
        attendues.append(PieceAttendue(TypePiece.DALO, "reconnu prioritaire DALO"))
    if handicap or "HANDICAP" in priorites:
        attendues.append(PieceAttendue(TypePiece.HANDICAP, "handicap dans le ménage"))
    if priorites & {"VIOLENCES_COUPLE", "MARIAGE_FORCE", "VIOL_AGRESSION_DOMICILE"}:
        attendues.append(PieceAttendue(TypePiece.PROTECTION, "critère de priorité lié à des violences"))
    if enfant_attendu:
        attendues.append(PieceAttendue(TypePiece.GROSSESSE, "naissance attendue"))
    if "11" in motifs:
        attendues.append(PieceAttendue(TypePiece.SEPARATION, "motif : divorce ou séparation"))
    if mutation:
        attendues.append(PieceAttendue(TypePiece.MUTATION, "déjà locataire du parc social"))
    return attendues
