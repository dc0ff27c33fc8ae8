"""« Qui voit quoi » exported for the CIL and the data-protection officer: one row per habilitation in force of an
active account (territoire.selectors_acces.qui_voit_quoi), as CSV (`;`, UTF-8 with BOM: Excel opens it and keeps
every alphabet) or XLSX. Every cell goes through commun.tableurs: a text a spreadsheet would read as a formula
(a name typed « =HYPERLINK(…) ») stays text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from commun import tableurs

from .acces import ce_que_fait, ce_que_voit
from .models import Habilitation

COLONNES = [
    "Organisation",
    "Type d'organisation",
    "Nom",
    "Prénom",
    "Identifiant",
    "Courriel",
    "Compte",
    "Rôle",
    "Depuis le",
    "Jusqu'au",
    "Dernière connexion",
    "Ce que fait le rôle",
    "Ce qu'il permet de voir",
]


def lignes(habilitations: QuerySet[Habilitation]) -> Iterator[list[object]]:
    """The rows, in COLONNES order: dates as dates, the last login in local time (None if never)."""
    for h in habilitations.select_related("utilisateur", "organisation").iterator(chunk_size=500):
        u = h.utilisateur
        yield [
            h.organisation.nom,
            h.organisation.get_type_display(),
            u.last_name,
            u.first_name,
            u.username,
            u.email,
            "technique (clé d'API)" if u.est_compte_api else "personnel",
            h.get_role_display(),
            h.date_debut,
            h.date_fin,
            timezone.localtime(u.last_login).replace(tzinfo=None) if u.last_login else None,
            ce_que_fait(h.role),
            ce_que_voit(h.role, h.organisation.type, compte_api=u.est_compte_api),
        ]


def _texte(valeur: object) -> object:
    """Dates as a French spreadsheet shows them; the rest for tableurs.csv_ecrire."""
    if isinstance(valeur, dt.datetime):
        return f"{valeur:%d/%m/%Y %H:%M}"
    if isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    return valeur


def en_csv(rangs: Iterable[list[object]]) -> bytes:
    return tableurs.csv_ecrire(([_texte(v) for v in rang] for rang in rangs), entete=COLONNES)


def en_xlsx(rangs: Iterable[list[object]], *, titre: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = "Qui voit quoi"
    tableurs.ajouter(feuille, COLONNES)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
        cellule.alignment = Alignment(wrap_text=True, vertical="top")
    for rang in rangs:
        tableurs.ajouter(feuille, rang)
        for cellule in feuille[feuille.max_row]:
            if isinstance(cellule.value, str):
                cellule.data_type = "s"  # never a formula, whatever openpyxl guessed
            elif isinstance(cellule.value, dt.datetime):
                cellule.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cellule.value, dt.date):
                cellule.number_format = "DD/MM/YYYY"
    largeurs = [30, 22, 18, 16, 20, 28, 18, 24, 12, 12, 17, 60, 80]
    for position, largeur in enumerate(largeurs, start=1):
        feuille.column_dimensions[get_column_letter(position)].width = largeur
    feuille.freeze_panes = "C2"
    info = classeur.create_sheet("À propos")
    tableurs.ajouter(info, [titre])
    tableurs.ajouter(info, [f"Produit le {timezone.localtime():%d/%m/%Y à %H:%M} par casa_logement."])
    info.column_dimensions["A"].width = 100
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
