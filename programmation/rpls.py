"""The dwelling's identifier in the répertoire des logements locatifs des bailleurs sociaux (RPLS): its field on
`Logement`, its database check, and how a cell of a stock file is read into it.

Source: arrêté du 5 janvier 2010 relatif à l'alimentation du répertoire (R411-3 CCH), annexe, tableau 2, item 1:
« Identifiant du logement au répertoire : doit être obligatoirement renseigné sur 10 positions pour les logements
figurant déjà au répertoire ». The arrêté fixes the length, not the characters: digits and capital letters are
accepted. The SNE receives it at a radiation for attribution (R441-2-9 CCH; envois_sne/). Optional (a dwelling not yet
in the répertoire has none), unique when set."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

LONGUEUR = 10
FORMAT = r"^[0-9A-Z]{10}$"
MESSAGE = "10 chiffres ou lettres majuscules, sans espace (arrêté du 5 janvier 2010)."
# A spreadsheet shows long codes in groups; a landlord may type « 06 001 234 56 » or « 0600123456 ».
SEPARATEURS = re.compile(r"[\s\u00a0\u202f.-]+")


def champ() -> models.CharField:
    """The field `Logement.identifiant_rpls`: NULL when unknown (so unique only among the known ones)."""
    return models.CharField(
        "identifiant RPLS",
        max_length=LONGUEUR,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(FORMAT, MESSAGE)],
        help_text="Identifiant du logement au répertoire des logements locatifs des bailleurs sociaux (10 positions, "
        "arrêté du 5 janvier 2010) : le SNE le reçoit à la radiation pour attribution (R441-2-9 CCH).",
    )


def contrainte(nom: str) -> models.CheckConstraint:
    """The database's own check of the format (a row written around the forms and the import is refused too)."""
    return models.CheckConstraint(
        condition=Q(identifiant_rpls__isnull=True) | Q(identifiant_rpls__regex=FORMAT), name=nom
    )


def lire(ecrit: str) -> str:
    """The identifier as stored, from what a file or a person wrote: spaces, dots and dashes between groups removed,
    letters in capitals. Raises ValueError with the French reason (« 9 caractères, 10 attendus … »)."""
    valeur = SEPARATEURS.sub("", ecrit).upper()
    if len(valeur) != LONGUEUR:
        conseil = (
            " (un tableur ôte les zéros en tête d'un nombre : tapez la colonne en texte)" if valeur.isdigit() else ""
        )
        raise ValueError(f"« {ecrit} » : {len(valeur)} caractères, {LONGUEUR} attendus{conseil}")
    if not re.fullmatch(FORMAT, valeur):
        raise ValueError(f"« {ecrit} » : {MESSAGE}")
    return valeur
