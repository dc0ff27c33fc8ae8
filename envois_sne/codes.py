"""The code lists of the outbox: the kinds of event reported to the SNE, their states, and the codes of the SNE's
partner interface the files carry.

The interface's codes are those of the public library libsne (Constantes.py, `LISTE_CODES`: ListeTypeFichier,
ListeMotifsRadiation, ListeTypeReservataire, ListeBooleen, ListeAccordCollectif); the réservataire types are
territoire.roles.TypeReservataire, the radiation reasons demandes.codes.MotifRadiation. docs/sne.md « Envois au SNE »
says which element names of the files are confirmed by a public source and which are to be confirmed."""

from __future__ import annotations

from django.db import models


class EtatEvenementSNE(models.TextChoices):
    A_ENVOYER = "A_ENVOYER", "À envoyer"
    ENVOYE = "ENVOYE", "Envoyé, en attente d'acquittement"
    ACQUITTE = "ACQUITTE", "Acquitté par le SNE"
    REJETE = "REJETE", "Rejeté par le SNE"


class TypeEvenementSNE(models.TextChoices):
    ENREGISTREMENT = "ENREGISTREMENT", "Enregistrement d'une demande sans numéro unique"
    POSITIONNEMENT = "POSITIONNEMENT", "Positionnement (candidat proposé au bailleur)"
    DECISION_CAL = "DECISION_CAL", "Décision de CAL"
    ATTRIBUTION = "ATTRIBUTION", "Attribution (bail signé, radiation pour attribution)"
    RENOUVELLEMENT = "RENOUVELLEMENT", "Renouvellement"
    RADIATION = "RADIATION", "Radiation"


class SourceEvenement(models.TextChoices):
    """The append-only log an event comes from (one event per log row at most)."""

    DEMANDE = "TransitionDemande", "Journal de la demande"
    POSITIONNEMENT = "TransitionPositionnement", "Journal du positionnement"


# ListeTypeFichier: the kind of file an event travels in (the file's entete/typeFichier).
TYPE_FICHIER = {
    TypeEvenementSNE.ENREGISTREMENT: "CRE",
    TypeEvenementSNE.POSITIONNEMENT: "MOD",
    TypeEvenementSNE.DECISION_CAL: "MOD",
    TypeEvenementSNE.ATTRIBUTION: "RAD",
    TypeEvenementSNE.RENOUVELLEMENT: "REN",
    TypeEvenementSNE.RADIATION: "RAD",
}
TYPE_FICHIER_RETOUR = "RET"  # ListeTypeFichier « Retour »: the SNE's acknowledgement

# ListeBooleen and ListeAccordCollectif
OUI, NON, NON_RENSEIGNE = "OUI", "NON", "NONDOC"
ACCORDS_COLLECTIFS = {
    "ACD": "Accord collectif départemental",
    "ACI": "Accord collectif intercommunal",
    "AUCUN": "Aucun",
    "NONDOC": "Non renseigné",
}


class StatutRetour(models.TextChoices):
    """What the SNE's acknowledgement says of one event (docs/sne.md « Le retour du SNE »)."""

    ACCEPTE = "ACCEPTE", "Accepté"
    REJETE = "REJETE", "Rejeté"
