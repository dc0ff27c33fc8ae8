"""Use cases of the parc: declare a dwelling to fill (vacancy or delivery), cancel it. Keyword-only, transactional,
taking the acting user; errors in French. The stock import is in the import_parc package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.signaux import envoyer_apres_validation
from territoire.models import Organisation, Utilisateur

from .etats import MACHINE_DISPONIBILITE
from .models import (
    Disponibilite,
    EtatDisponibilite,
    Logement,
    Occupation,
    OrigineDisponibilite,
    OrigineOccupation,
    TransitionDisponibilite,
)
from .rules import declare_le_logement
from .signaux import logements_a_pourvoir

# CASA positions candidates within a month of the declaration, and at least two weeks before the dwelling frees up
# when the notice allows it (a setting of CASA, not a legal figure).
DELAI_POSITIONNEMENT = dt.timedelta(days=30)


def date_limite(jour: dt.date, date_liberation: dt.date) -> dt.date:
    """When CASA must have positioned candidates on a dwelling declared on `jour` that frees up on `date_liberation`."""
    return min(jour + DELAI_POSITIONNEMENT, max(jour, date_liberation - dt.timedelta(days=14)))


# How a dwelling to fill moves and where it is logged (commun.etats.passer).
_JOURNAL = {"machine": MACHINE_DISPONIBILITE, "journal": TransitionDisponibilite, "lien": "disponibilite"}


def _verifier_bailleur(par: Utilisateur, logement: Logement) -> None:
    if not declare_le_logement(par, logement):
        raise PermissionDenied("Seul le bailleur du logement déclare sa disponibilité.")


@transaction.atomic
def disponibilite_declarer(
    *,
    par: Utilisateur,
    logement: Logement,
    date_liberation: dt.date,
    origine: str = OrigineDisponibilite.CONGE,
    reservataire: Organisation | None = None,
    loyer: Decimal | None = None,
    charges: Decimal | None = None,
    hors_flux: bool = False,
) -> Disponibilite:
    logement = (
        Logement.objects.select_for_update(of=("self",)).select_related("residence", "reservataire").get(pk=logement.pk)
    )
    _verifier_bailleur(par, logement)
    jour = timezone.localdate()
    erreurs = {}
    if origine not in OrigineDisponibilite.values:
        erreurs["origine"] = "Origine inconnue : congé d'un locataire ou livraison."
    if date_liberation < jour - dt.timedelta(days=90):
        erreurs["date_liberation"] = "La date de libération est passée depuis plus de trois mois."
    if date_liberation > jour + dt.timedelta(days=365):
        erreurs["date_liberation"] = "La date de libération est à plus d'un an."
    reservataire = reservataire or logement.reservataire or logement.residence.bailleur
    if not reservataire.est_reservataire:
        erreurs["reservataire"] = f"{reservataire.nom} n'est pas réservataire."
    for nom, valeur in (("loyer", loyer), ("charges", charges)):
        if valeur is not None and valeur < 0:
            erreurs[nom] = "Un montant ne peut pas être négatif."
    if erreurs:
        champ, message = next(iter(erreurs.items()))
        raise ErreurMetier(message, champ=champ)
    if Disponibilite.objects.filter(logement=logement, etat=EtatDisponibilite.A_POURVOIR).exists():
        raise ErreurMetier("Ce logement est déjà déclaré à pourvoir.", champ="logement")
    limite = date_limite(jour, date_liberation)
    try:
        with transaction.atomic():
            dispo = Disponibilite.objects.create(
                logement=logement,
                origine=origine,
                date_liberation=date_liberation,
                reservataire=reservataire,
                loyer=logement.loyer if loyer is None else loyer,
                charges=logement.charges if charges is None else charges,
                date_limite=limite,
                hors_flux=hors_flux,
                declaree_par=par,
            )
    except IntegrityError as err:  # a double click that raced the check above
        raise ErreurMetier("Ce logement est déjà déclaré à pourvoir.", champ="logement") from err
    creer_journalise(dispo, **_JOURNAL, par=par)
    envoyer_apres_validation(logements_a_pourvoir, Disponibilite, disponibilites=[dispo.pk])
    return dispo


@transaction.atomic
def disponibilite_annuler(*, par: Utilisateur, disponibilite: Disponibilite) -> Disponibilite:
    disponibilite = (
        Disponibilite.objects.select_for_update(of=("self",))
        .select_related("logement__residence")
        .get(pk=disponibilite.pk)
    )
    _verifier_bailleur(par, disponibilite.logement)
    if disponibilite.etat != EtatDisponibilite.A_POURVOIR:
        raise ErreurMetier("Seul un logement encore à pourvoir peut être retiré.")
    passer(disponibilite, EtatDisponibilite.ANNULE, **_JOURNAL, par=par)
    return disponibilite


@dataclass(frozen=True)
class Attribution:
    """A lease signed on a dwelling to fill: who came in, as the résidence watch counts households (no name)."""

    disponibilite_id: int
    date_bail: dt.date
    personnes: int
    quartile: int | None
    prioritaire: bool


def attributions_enregistrer(attributions: list[Attribution], *, par: Utilisateur | None = None) -> int:
    """The dwellings are filled (POURVU, logged by `par` in bulk, dated by the lease: etats.MACHINE_DISPONIBILITE) and
    their new households move in: the household in place, if the parc still has one, leaves the day before the lease
    (never before it came in). Called by the CAL returns inside their transaction, after they locked the dwellings;
    returns how many households moved in."""
    if not attributions:
        return 0
    dispos = {
        d.pk: d
        for d in Disponibilite.objects.select_for_update(of=("self",)).filter(
            pk__in=[a.disponibilite_id for a in attributions]
        )
    }
    pas_libres = [d for d in dispos.values() if d.etat != EtatDisponibilite.A_POURVOIR]
    if pas_libres:
        raise ErreurMetier(f"Le logement {pas_libres[0].logement_id} n'est plus à pourvoir.")
    _pourvoir(attributions, dispos, par)
    par_logement = {dispos[a.disponibilite_id].logement_id: a for a in attributions}
    en_place = list(Occupation.objects.select_for_update().filter(logement_id__in=par_logement, fin__isnull=True))
    for occ in en_place:
        occ.fin = max(occ.debut, par_logement[occ.logement_id].date_bail - dt.timedelta(days=1))
    Occupation.objects.bulk_update(en_place, ["fin"])
    Occupation.objects.bulk_create(
        Occupation(
            logement_id=logement_id,
            origine=OrigineOccupation.ATTRIBUTION,
            debut=a.date_bail,
            personnes=max(a.personnes, 1),
            quartile=a.quartile,
            prioritaire=a.prioritaire,
        )
        for logement_id, a in par_logement.items()
    )
    return len(par_logement)


def _pourvoir(attributions: list[Attribution], dispos: dict[int, Disponibilite], par: Utilisateur | None) -> None:
    """The dwellings to fill become filled in one UPDATE (a CAL file fills hundreds), their log rows in one INSERT,
    each dated by its lease."""
    for d in dispos.values():
        MACHINE_DISPONIBILITE.verifier(d.etat, EtatDisponibilite.POURVU)
    Disponibilite.objects.filter(pk__in=dispos).update(etat=EtatDisponibilite.POURVU)
    TransitionDisponibilite.objects.bulk_create(
        TransitionDisponibilite(
            disponibilite_id=a.disponibilite_id,
            de=dispos[a.disponibilite_id].etat,
            vers=EtatDisponibilite.POURVU,
            par=par,
            motif="Bail signé",
            date_effet=a.date_bail,
        )
        for a in {a.disponibilite_id: a for a in attributions}.values()
    )
