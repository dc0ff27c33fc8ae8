"""The journal's reads beyond its events: the people the « Qui » filter offers, a demand found by its number (NUR or
local number) even deleted since."""

from __future__ import annotations

from django.db import connection, models

from demandes.models import Demande
from demandes.selectors import par_numero
from territoire.models import Utilisateur

from .modeles_suivis import CLES_AUTEUR, modele_par_label
from .rules import lit_le_journal


def auteurs(user) -> models.QuerySet:
    """The people who appear in the journal (the « Qui » filter): every account named in pghistory's context."""
    if not lit_le_journal(user):
        return Utilisateur.objects.none()
    cles = ", ".join(f"metadata->>'{c}'" for c in CLES_AUTEUR)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT DISTINCT COALESCE({cles}) FROM pghistory_context")  # noqa: S608 - our table names
        ids = {int(v) for (v,) in curseur.fetchall() if v and v.isdecimal() and len(v) < 12}
    return Utilisateur.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def demande_par_numero(numero: str) -> int | None:
    """The id of the demand with this number — its NUR or its local number (demandes.selectors.par_numero) —, even
    deleted since or renumbered (its events keep every number it had); None when no demand ever had it."""
    pk = Demande.objects.filter(par_numero(numero, exact=True)).values_list("pk", flat=True).first()
    if pk is None:
        evenements = modele_par_label("demandes.Demande").evenement.objects
        pk = evenements.filter(par_numero(numero, exact=True)).values_list("pgh_obj_id", flat=True).first()
    return pk
