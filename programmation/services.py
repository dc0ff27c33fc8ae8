"""Use cases of the parc: declare a dwelling to fill (vacancy or delivery), cancel it. Keyword-only, transactional,
taking the acting user; errors in French. The stock import is in import_parc.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from territoire.contexte import contexte_de
from territoire.exceptions import ErreurMetier
from territoire.models import Organisation, Utilisateur
from territoire.roles import Role

from .models import Disponibilite, EtatDisponibilite, Logement, OrigineDisponibilite

# CASA positions candidates within a month of the declaration, and at least two weeks before the dwelling frees up
# when the notice allows it (a setting of CASA, not a legal figure).
DELAI_POSITIONNEMENT = dt.timedelta(days=30)


def date_limite(jour: dt.date, date_liberation: dt.date) -> dt.date:
    """When CASA must have positioned candidates on a dwelling declared on `jour` that frees up on `date_liberation`."""
    return min(jour + DELAI_POSITIONNEMENT, max(jour, date_liberation - dt.timedelta(days=14)))


def _verifier_bailleur(par: Utilisateur, logement: Logement) -> None:
    ctx = contexte_de(par)
    if ctx.administrateur_epci:
        return
    if not (ctx.organisation_id == logement.residence.bailleur_id and ctx.a_role(Role.GESTIONNAIRE_BAILLEUR)):
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
            return Disponibilite.objects.create(
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


@transaction.atomic
def disponibilite_annuler(*, par: Utilisateur, disponibilite: Disponibilite) -> Disponibilite:
    disponibilite = (
        Disponibilite.objects.select_for_update().select_related("logement__residence").get(pk=disponibilite.pk)
    )
    _verifier_bailleur(par, disponibilite.logement)
    if disponibilite.etat != EtatDisponibilite.A_POURVOIR:
        raise ErreurMetier("Seul un logement encore à pourvoir peut être retiré.")
    disponibilite.etat = EtatDisponibilite.ANNULE
    disponibilite.save(update_fields=["etat"])
    return disponibilite
