"""Bulk material for the CAL benchmark (bench/cal_import.py) and the worker tests: thousands of candidates validated by
the commission on new dwellings of one landlord, and the CAL file a landlord would send for them. Written with bulk
inserts (the services would take minutes for 10,000 positionnements); not used by the application itself, hence here
and not in the `positionnements` app.

Each dwelling gets three candidates, cloned from one real demand (new unique numbers): the CAL ranks the first two
and turns down the third; the first accepts and signs the lease, except on one dwelling in ten where it refuses and
the second signs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.db import connection, transaction

from commun import tableurs
from demandes.models import Demande
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement, TransitionPositionnement
from positionnements.retours_cal.lecture import NOMS as COLONNES
from programmation.models import Disponibilite, Logement, Residence
from territoire.models import Commune, Organisation, Utilisateur

E = EtatPositionnement


@transaction.atomic
def candidats_valides(
    *, bailleur: Organisation, modele: Demande, par: Utilisateur, logements: int, valide_le: dt.date, prefixe="FAB"
) -> list[Positionnement]:
    """`logements` new dwellings of `bailleur` to fill, three validated candidates on each (3 × logements rows)."""
    dispos = _logements_a_pourvoir(bailleur=bailleur, par=par, logements=logements, le=valide_le, prefixe=prefixe)
    demandes = _clones(modele, nombre=3 * logements, prefixe=prefixe)
    positionnements = Positionnement.objects.bulk_create(
        Positionnement(
            disponibilite=dispo, demande=demandes[3 * n + rang - 1], rang=rang, etat=E.VALIDE, propose_par=par
        )
        for n, dispo in enumerate(dispos)
        for rang in (1, 2, 3)
    )
    TransitionPositionnement.objects.bulk_create(
        TransitionPositionnement(positionnement=p, de=de, vers=vers, par=par, motif="fabrique", date_effet=valide_le)
        for p in positionnements
        for de, vers in (("", E.PROPOSE), (E.PROPOSE, E.VALIDE))
    )
    return positionnements


def _logements_a_pourvoir(
    *, bailleur: Organisation, par: Utilisateur, logements: int, le: dt.date, prefixe: str
) -> list[Disponibilite]:
    """A new résidence of `bailleur` with `logements` identical T3, each freed on `le` and to fill."""
    residence = Residence.objects.create(
        bailleur=bailleur,
        reference=f"{prefixe}-{Residence.objects.count() + 1}",
        nom=f"Résidence {prefixe}",
        adresse="1 avenue de l'essai",
        commune=Commune.objects.order_by("code_insee").first(),
    )
    lgts = Logement.objects.bulk_create(
        Logement(
            residence=residence,
            numero=f"L{i:05d}",
            typologie="T3",
            surface=Decimal(65),
            etage=1,
            ascenseur=True,
            financement="PLUS",
            loyer=Decimal(450),
            charges=Decimal(80),
        )
        for i in range(1, logements + 1)
    )
    return Disponibilite.objects.bulk_create(
        Disponibilite(
            logement=lg,
            origine="CONGE",
            date_liberation=le,
            reservataire=bailleur,
            loyer=lg.loyer,
            charges=lg.charges,
            date_limite=le,
            declaree_par=par,
        )
        for lg in lgts
    )


def _clones(modele: Demande, *, nombre: int, prefixe: str) -> list[Demande]:
    """`nombre` copies of the demand `modele`, each with a new local number (demandes_numero_local_seq) and a NUR in
    the SNE's shape (18 characters), the one the CAL file names them by."""
    base = Demande.objects.count()
    champs = {
        f.attname: getattr(modele, f.attname)
        for f in Demande._meta.concrete_fields
        if f.attname not in ("id", "numero", "nur", "cree_le", "modifie_le")
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_local_seq') FROM generate_series(1, %s)", [nombre])
        sequences = [n for (n,) in cursor.fetchall()]
    local = settings.CASA_PREFIXE_NUMERO_LOCAL
    return Demande.objects.bulk_create(
        Demande(
            **champs,
            numero=f"{local}-2026-{sequence:06d}",
            nur=f"0061126{base + i:06d}{prefixe[:3]:X<3}01"[:18],
        )
        for i, sequence in enumerate(sequences, start=1)
    )


def lignes_cal(positionnements: list[Positionnement], *, date_cal: dt.date, date_bail: dt.date) -> list[dict]:
    """The CAL file for these candidates (three per dwelling, in rank order)."""
    reponse = date_cal + dt.timedelta(days=3)
    lignes = []
    for n in range(0, len(positionnements), 3):
        refus = (n // 3) % 10 == 9
        for p in positionnements[n : n + 3]:
            lg = p.disponibilite.logement
            li = {
                "numero_demande": p.demande.reference,
                "residence": lg.residence.reference,
                "logement": lg.numero,
                "date_cal": f"{date_cal:%d/%m/%Y}",
                "decision": "attribution par classement",
                "rang": str(p.rang),
            }
            signe = (p.rang == 1 and not refus) or (p.rang == 2 and refus)
            if p.rang == 3:
                li.update(decision="non-attribution", motif_decision="ressources insuffisantes pour ce loyer")
            elif p.rang == 1 and refus:
                li.update(reponse="refus", date_reponse=f"{reponse:%d/%m/%Y}", motif_refus="LOCALISATION")
            if signe:
                li.update(reponse="acceptation", date_reponse=f"{reponse:%d/%m/%Y}", date_bail=f"{date_bail:%d/%m/%Y}")
            lignes.append(li)
    return lignes


def csv(lignes: list[dict]) -> bytes:
    """The CAL file as a landlord's CSV export (semicolons, cp1252), our column names in the header."""
    return tableurs.csv_ecrire(([li.get(c, "") for c in COLONNES] for li in lignes), entete=COLONNES, encodage="cp1252")


def xlsx(lignes: list[dict]) -> bytes:
    """The CAL file as a spreadsheet (one sheet, our column names in the first row)."""
    classeur = openpyxl.Workbook(write_only=True)
    feuille = classeur.create_sheet("Décisions CAL")
    tableurs.ajouter(feuille, COLONNES)
    for li in lignes:
        tableurs.ajouter(feuille, [li.get(c, "") for c in COLONNES])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
