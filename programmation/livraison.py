"""A programme's life after its réunion réservataires: projet → financé → en chantier → livré, one step at a time and
logged. At delivery its résidence and dwellings are created, each with the réservataire the validated split gave it,
and every dwelling becomes a dwelling to fill (first letting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from commun.signaux import envoyer_apres_validation
from territoire.models import Utilisateur

from .etats import MACHINE_DISPONIBILITE, MACHINE_PROGRAMME
from .models import (
    Disponibilite,
    EtatDisponibilite,
    EtatProgramme,
    EtatReunion,
    Logement,
    OrigineDisponibilite,
    Programme,
    Residence,
    TransitionDisponibilite,
    TransitionProgramme,
)
from .rules import fait_avancer_le_programme
from .services import date_limite
from .signaux import logements_a_pourvoir

# The one state a programme moves to from each (etats.MACHINE_PROGRAMME: one step at a time).
SUIVANT = {de: vers for de, (vers,) in MACHINE_PROGRAMME.transitions.items()}

# Used only when neither the commune nor the territory has a dwelling of the typology to take the average from.
SURFACE_USUELLE = {"T1": 30, "T2": 46, "T3": 65, "T4": 80, "T5": 95, "T6": 110}
LOYER_M2_USUEL = {"PLAI": Decimal("6.20"), "PLUS": Decimal("7.00"), "PLS": Decimal("10.50"), "PLI": Decimal("12.50")}
CHARGES_M2_USUELLES = Decimal("1.80")
LOGEMENTS_PAR_PALIER = 4
ETAGES_SANS_ASCENSEUR = 2  # from the third floor up, the new building has a lift (CCH R111-5 in substance)


def _verrouiller(par: Utilisateur, programme: Programme) -> Programme:
    programme = Programme.objects.select_for_update(of=("self",)).select_related("bailleur").get(pk=programme.pk)
    if not fait_avancer_le_programme(par, programme):
        raise PermissionDenied("Seuls la CASA et le bailleur du programme en font avancer l'état.")
    return programme


def _attendu(programme: Programme, vers: str) -> None:
    if SUIVANT.get(programme.etat) != vers:
        if programme.etat == EtatProgramme.LIVRE:
            raise ErreurMetier("Le programme est livré : son état ne change plus.")
        raise ErreurMetier(
            f"Le programme est « {programme.get_etat_display()} » : il ne peut passer qu'à "
            f"« {EtatProgramme(SUIVANT[programme.etat]).label} »."
        )


def _passer(programme: Programme, vers: str, par: Utilisateur, motif: str, **kwargs) -> None:
    """Moves the programme (checked by etats.MACHINE_PROGRAMME), saves it and logs the move (TransitionProgramme)."""
    passer(
        programme,
        vers,
        machine=MACHINE_PROGRAMME,
        journal=TransitionProgramme,
        lien="programme",
        par=par,
        motif=motif.strip(),
        **kwargs,
    )


def reunion_validee(programme: Programme):
    return programme.reunions.filter(etat=EtatReunion.VALIDEE).order_by("-validee_le").first()


@transaction.atomic
def programme_avancer(*, par: Utilisateur, programme: Programme, vers: str, commentaire: str = "") -> Programme:
    """Financé, then en chantier. Financing comes after the split: it needs a validated réunion réservataires.
    Delivery has its own use case (programme_livrer)."""
    programme = _verrouiller(par, programme)
    _attendu(programme, vers)
    if vers == EtatProgramme.LIVRE:
        raise ErreurMetier("La livraison se déclare avec ses caractéristiques (surfaces, loyers) : « Livrer ».")
    if vers == EtatProgramme.FINANCE and reunion_validee(programme) is None:
        raise ErreurMetier(
            "La répartition entre réservataires doit être validée en réunion avant les demandes de garantie "
            "d'emprunt et de subvention."
        )
    _passer(programme, vers, par, commentaire)
    return programme


@dataclass(frozen=True)
class Caracteristiques:
    surface: Decimal
    loyer: Decimal
    charges: Decimal


def caracteristiques_proposees(programme: Programme) -> dict[tuple[str, str], Caracteristiques]:
    """What the delivery form proposes for each lot: the averages of the same typology and financing in the
    commune's parc, else in the territory's, else usual figures."""
    proposees = {}
    for lot in programme.lots.all():
        memes = Logement.objects.filter(typologie=lot.typologie, financement=lot.financement)
        moyennes = memes.filter(residence__commune=programme.commune).aggregate(
            s=Avg("surface"), l=Avg("loyer"), c=Avg("charges")
        )
        if moyennes["s"] is None:
            moyennes = memes.aggregate(s=Avg("surface"), l=Avg("loyer"), c=Avg("charges"))
        if moyennes["s"] is None:
            surface = Decimal(SURFACE_USUELLE[lot.typologie])
            loyer = surface * LOYER_M2_USUEL[lot.financement]
            moyennes = {"s": surface, "l": loyer, "c": surface * CHARGES_M2_USUELLES}
        proposees[(lot.typologie, lot.financement)] = Caracteristiques(
            *(Decimal(moyennes[k]).quantize(Decimal("0.01") if k != "s" else Decimal("1")) for k in ("s", "l", "c"))
        )
    return proposees


def livraison_verifier(
    *,
    programme: Programme,
    date_livraison: dt.date,
    reference: str,
    caracteristiques: dict[tuple[str, str], Caracteristiques],
) -> tuple[str, list]:
    """The checks of a delivery, without writing (programme_livrer runs them under its lock; the delivery page runs
    them before asking to confirm, so that a wrong surface is said at once). Returns (the reference stripped, the
    validated split's parts in order). Raises ErreurMetier with the field at fault."""
    jour = timezone.localdate()
    reference = reference.strip()
    if not reference:
        raise ErreurMetier("Donnez la référence de la résidence chez le bailleur.", champ="reference")
    if Residence.objects.filter(bailleur=programme.bailleur, reference=reference).exists():
        raise ErreurMetier(f"Le bailleur a déjà une résidence de référence « {reference} ».", champ="reference")
    if not jour - dt.timedelta(days=90) <= date_livraison <= jour + dt.timedelta(days=365):
        raise ErreurMetier(
            "La date de livraison doit être comprise entre trois mois avant et un an après aujourd'hui.",
            champ="date_livraison",
        )
    reunion = reunion_validee(programme)
    if reunion is None:
        raise ErreurMetier("Le programme n'a pas de répartition validée entre réservataires.")
    for (t, f), c in caracteristiques.items():
        if not (0 < c.surface <= 300):
            raise ErreurMetier(f"{t} {f} : la surface doit être comprise entre 1 et 300 m².", champ=f"surface_{t}_{f}")
        if c.loyer < 0 or c.charges < 0:
            raise ErreurMetier(f"{t} {f} : un montant ne peut pas être négatif.", champ=f"loyer_{t}_{f}")
    parts = sorted(reunion.parts.select_related("reservataire"), key=lambda p: (p.typologie, p.financement, p.pk))
    manquants = {(p.typologie, p.financement) for p in parts} - set(caracteristiques)
    if manquants:
        t, f = sorted(manquants)[0]
        raise ErreurMetier(f"{t} {f} : surface et loyer manquent.", champ=f"surface_{t}_{f}")
    return reference, parts


@transaction.atomic
def programme_livrer(
    *,
    par: Utilisateur,
    programme: Programme,
    date_livraison: dt.date,
    reference: str,
    caracteristiques: dict[tuple[str, str], Caracteristiques],
) -> Residence:
    """Delivers the programme: creates its résidence and dwellings (each with the réservataire of the validated split;
    the landlord's own share stays without réservataire) and declares every dwelling to fill, as a first letting."""
    programme = _verrouiller(par, programme)
    _attendu(programme, EtatProgramme.LIVRE)
    reference, parts = livraison_verifier(
        programme=programme, date_livraison=date_livraison, reference=reference, caracteristiques=caracteristiques
    )
    total = sum(p.nombre for p in parts)
    residence = Residence.objects.create(
        bailleur=programme.bailleur,
        reference=reference,
        nom=programme.nom,
        adresse=programme.adresse,
        commune=programme.commune,
        en_qpv=programme.en_qpv,
        annee_construction=date_livraison.year,
        nombre_logements=total,
    )
    logements, reservataires = _logements_construire(programme, residence, parts, caracteristiques, total)
    Logement.objects.bulk_create(logements)
    _premieres_locations_declarer(par, logements, reservataires, date_livraison)
    programme.livre_le = date_livraison
    programme.residence = residence
    _passer(
        programme,
        EtatProgramme.LIVRE,
        par,
        f"{total} logements livrés le {date_livraison:%d/%m/%Y}",
        autres_champs=["livre_le", "residence"],
    )
    return residence


def _logements_construire(
    programme: Programme,
    residence: Residence,
    parts: list,
    caracteristiques: dict[tuple[str, str], Caracteristiques],
    total: int,
) -> tuple[list[Logement], list]:
    """The new résidence's dwellings (not saved), numbered 001… floor by floor in the split's order, each with its
    réservataire (returned beside them: the landlord's own share is a dwelling without réservataire)."""
    ascenseur = (total - 1) // LOGEMENTS_PAR_PALIER > ETAGES_SANS_ASCENSEUR
    logements, reservataires = [], []
    for part in parts:
        c = caracteristiques[(part.typologie, part.financement)]
        for _ in range(part.nombre):
            etage = len(logements) // LOGEMENTS_PAR_PALIER
            logements.append(
                Logement(
                    residence=residence,
                    numero=f"{len(logements) + 1:03d}",
                    typologie=part.typologie,
                    financement=part.financement,
                    surface=c.surface,
                    etage=etage,
                    ascenseur=ascenseur,
                    accessible_pmr=etage == 0 or ascenseur,
                    loyer=c.loyer,
                    charges=c.charges,
                    reservataire=None if part.reservataire_id == programme.bailleur_id else part.reservataire,
                )
            )
            reservataires.append(part.reservataire)
    return logements, reservataires


def _premieres_locations_declarer(
    par: Utilisateur, logements: list[Logement], reservataires: list, date_livraison: dt.date
) -> None:
    """Every delivered dwelling becomes a dwelling to fill (first letting), for its réservataire; their logs start
    (created in bulk, as the dwellings: the creation's move of etats.MACHINE_DISPONIBILITE)."""
    jour = timezone.localdate()
    MACHINE_DISPONIBILITE.verifier("", EtatDisponibilite.A_POURVOIR)
    dispos = Disponibilite.objects.bulk_create(
        Disponibilite(
            logement=logement,
            origine=OrigineDisponibilite.LIVRAISON,
            date_liberation=date_livraison,
            reservataire=reservataire,
            loyer=logement.loyer,
            charges=logement.charges,
            date_limite=date_limite(jour, date_livraison),
            declaree_par=par,
        )
        for logement, reservataire in zip(logements, reservataires, strict=True)
    )
    TransitionDisponibilite.objects.bulk_create(
        TransitionDisponibilite(disponibilite=d, de="", vers=d.etat, par=par, motif="Livraison du programme")
        for d in dispos
    )
    envoyer_apres_validation(logements_a_pourvoir, Disponibilite, disponibilites=[d.pk for d in dispos])
