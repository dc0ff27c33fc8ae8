"""Gestion en flux (REGLES §7, CCH L441-1 since the ELAN law, in force since 24 Nov 2023): each réservataire's right
with a landlord is a share of the landlord's yearly flow (dwellings freed up or let for the first time in the year,
minus the moves excluded from the flow) or a number of dwellings. The consumption is the dwellings of the year the
landlord put at the réservataire's disposal (disponibilités of the year, cancelled ones excepted)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.models import Organisation, Utilisateur
from territoire.roles import TypeOrganisation

from .models import Disponibilite, EtatDisponibilite, ObjectifFlux
from .rules import fixe_les_objectifs


@dataclass
class LigneFlux:
    bailleur: Organisation
    reservataire: Organisation
    objectif: ObjectifFlux | None
    flux: int  # the landlord's flow of the year so far
    consomme: int

    @property
    def droits(self) -> int | None:
        """The right earned so far: the share of the flow so far, or the number of dwellings of the year."""
        if self.objectif is None:
            return None
        if self.objectif.nombre is not None:
            return self.objectif.nombre
        return int((self.objectif.part * self.flux / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def part_objectif(self) -> Decimal | None:
        """The objective as a share (0.25 for 25 %), when it is one."""
        return None if self.objectif is None or self.objectif.part is None else self.objectif.part / 100

    @property
    def part_realisee(self) -> float | None:
        return self.consomme / self.flux if self.flux else None

    @property
    def ecart(self) -> int | None:
        return None if self.droits is None else self.consomme - self.droits

    @property
    def est_contingent_propre(self) -> bool:
        return self.reservataire.pk == self.bailleur.pk


def flux_de_l_annee(annee: int) -> QuerySet[Disponibilite]:
    return Disponibilite.objects.filter(date_liberation__year=annee, hors_flux=False).exclude(
        etat=EtatDisponibilite.ANNULE
    )


def bilan(
    annee: int, *, bailleurs: QuerySet[Organisation], reservataire: Organisation | None = None
) -> list[LigneFlux]:
    """One line per landlord × réservataire that has an objective or a consumption in the year."""
    dispos = flux_de_l_annee(annee).filter(logement__residence__bailleur__in=bailleurs)
    flux = dict(dispos.values_list("logement__residence__bailleur").annotate(n=Count("pk")))
    consommes = {
        (b, r): n
        for b, r, n in dispos.values_list("logement__residence__bailleur", "reservataire").annotate(n=Count("pk"))
    }
    objectifs = ObjectifFlux.objects.filter(annee=annee, bailleur__in=bailleurs).select_related(
        "bailleur", "reservataire"
    )
    if reservataire is not None:
        objectifs = objectifs.filter(reservataire=reservataire)
        consommes = {k: v for k, v in consommes.items() if k[1] == reservataire.pk}
    par_cle = {(o.bailleur_id, o.reservataire_id): o for o in objectifs}
    orgs = Organisation.objects.in_bulk({i for cle in set(par_cle) | set(consommes) for i in cle})
    lignes = [
        LigneFlux(
            bailleur=orgs[b],
            reservataire=orgs[r],
            objectif=par_cle.get((b, r)),
            flux=flux.get(b, 0),
            consomme=consommes.get((b, r), 0),
        )
        for b, r in set(par_cle) | set(consommes)
    ]
    return sorted(lignes, key=lambda li: (li.bailleur.nom, li.est_contingent_propre, li.reservataire.nom))


@transaction.atomic
def objectif_fixer(
    *,
    par: Utilisateur,
    annee: int,
    bailleur: Organisation,
    reservataire: Organisation,
    part: Decimal | None = None,
    nombre: int | None = None,
) -> ObjectifFlux:
    """Sets (or replaces) a réservataire's objective with a landlord for a year: a share of the flow or a number."""
    if not fixe_les_objectifs(par, bailleur):
        raise PermissionDenied("Seuls la CASA et le bailleur fixent les objectifs de flux.")
    if bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.", champ="bailleur")
    if not reservataire.est_reservataire or reservataire.pk == bailleur.pk:
        raise ErreurMetier(f"{reservataire.nom} n'est pas un réservataire de ce bailleur.", champ="reservataire")
    if (part is None) == (nombre is None):
        raise ErreurMetier("Donnez soit une part du flux, soit un nombre de logements.", champ="part")
    if part is not None and not (0 < part <= 100):
        raise ErreurMetier("La part du flux est comprise entre 0 et 100 %.", champ="part")
    if nombre is not None and nombre <= 0:
        raise ErreurMetier("Le nombre de logements doit être positif.", champ="nombre")
    autres = (
        ObjectifFlux.objects.select_for_update()
        .filter(annee=annee, bailleur=bailleur, part__isnull=False)
        .exclude(reservataire=reservataire)
    )
    total = sum((o.part for o in autres), Decimal(0)) + (part or 0)
    if total > 100:
        raise ErreurMetier(
            f"Les parts des réservataires chez {bailleur.nom} dépasseraient 100 % du flux "
            f"({format_fr.nombre(total, 2).removesuffix(',00')} %).",
            champ="part",
        )
    try:
        with transaction.atomic():
            objectif, _ = ObjectifFlux.objects.update_or_create(
                annee=annee, bailleur=bailleur, reservataire=reservataire, defaults={"part": part, "nombre": nombre}
            )
    except IntegrityError as err:  # two people fixing the same objective at once
        raise ErreurMetier("Cet objectif vient d'être modifié : rechargez la page.") from err
    return objectif


@dataclass
class SyntheseReservataire:
    reservataire: Organisation
    bailleurs: int = 0
    droits: int = 0
    consomme: int = 0
    consomme_sur_objectifs: int = 0

    @property
    def ecart(self) -> int:
        return self.consomme_sur_objectifs - self.droits


def synthese(lignes: list[LigneFlux]) -> list[SyntheseReservataire]:
    """Each réservataire over all landlords: its rights so far and what it got (landlords' own stock left out)."""
    par_reservataire: dict[int, SyntheseReservataire] = {}
    for ligne in lignes:
        if ligne.est_contingent_propre:
            continue
        s = par_reservataire.setdefault(ligne.reservataire.pk, SyntheseReservataire(ligne.reservataire))
        s.consomme += ligne.consomme
        if ligne.droits is not None:
            s.bailleurs += 1
            s.droits += ligne.droits
            s.consomme_sur_objectifs += ligne.consomme
    return sorted(par_reservataire.values(), key=lambda s: (-s.droits, s.reservataire.nom))
