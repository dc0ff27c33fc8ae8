"""Croisement des fichiers: the other réservataires send the list of the candidates they positioned, designated or saw
attributed (file or API); the application crosses them with CASA's positionnements and flags a demand positioned by
two réservataires, designated elsewhere, or already attributed.

A list is checked row by row (line number and French reason for each bad row) and saved only when all of it is valid;
it then replaces the réservataire's previous list, in one transaction (sending the same list twice changes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casa_logement.tableaux import cle, lire_date, lire_tableau
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from territoire.contexte import contexte_de
from territoire.exceptions import ErreurMetier
from territoire.models import Organisation, Utilisateur
from territoire.roles import Role

from .etats import EN_COURS
from .models import Designation, ListeReservataire, Positionnement, TypeDesignation

COLONNES = ["numero", "type", "date", "logement"]
OBLIGATOIRES = ["numero", "type", "date"]
TYPES = {cle(t.label): t.value for t in TypeDesignation} | {cle(t.value): t.value for t in TypeDesignation}


@dataclass
class Rapport:
    lignes: int = 0
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    liste: ListeReservataire | None = None

    @property
    def valide(self) -> bool:
        return not self.erreurs


def peut_deposer(user, reservataire: Organisation) -> bool:
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    return ctx.organisation_id == reservataire.pk and ctx.a_role(
        Role.RESERVATAIRE, Role.ADMINISTRATEUR, Role.GESTIONNAIRE_BAILLEUR
    )


def valider(lignes: list[dict]) -> tuple[Rapport, list[tuple[Demande, str, dt.date, str]]]:
    rapport = Rapport(lignes=len(lignes))
    numeros = {str(li.get("numero", "")).strip() for li in lignes}
    demandes = {d.numero: d for d in Demande.objects.filter(numero__in=numeros)}
    jour = timezone.localdate()
    vus: dict[tuple[str, str], int] = {}
    bonnes = []
    for position, brut in enumerate(lignes, start=2):
        ligne = brut.get("_ligne", position)
        numero = str(brut.get("numero", "")).strip()
        erreurs = []
        demande = demandes.get(numero)
        if not numero:
            erreurs.append("numéro de la demande manquant")
        elif demande is None:
            erreurs.append(f"la demande {numero} est inconnue")
        type_ = TYPES.get(cle(brut.get("type", "")))
        if type_ is None:
            erreurs.append(f"type « {brut.get('type', '')} » inconnu (positionné, désigné ou attribué)")
        try:
            date = lire_date(str(brut.get("date", "")))
            if date > jour:
                erreurs.append(f"la date {date:%d/%m/%Y} est dans le futur")
        except ValueError:
            erreurs.append(f"date « {brut.get('date', '')} » illisible (attendu : 25/11/2026)")
            date = None
        if numero and type_ and (numero, type_) in vus:
            erreurs.append(f"la demande {numero} est déjà sur la ligne {vus[(numero, type_)]} avec ce type")
        elif numero and type_:
            vus[(numero, type_)] = ligne
        if erreurs:
            rapport.erreurs.append((ligne, " ; ".join(erreurs)))
        else:
            bonnes.append((demande, type_, date, str(brut.get("logement", "")).strip()[:200]))
    return rapport, bonnes


@transaction.atomic
def liste_deposer(
    *, par: Utilisateur, reservataire: Organisation, lignes: list[dict], nom_fichier: str = "", source="FICHIER"
) -> Rapport:
    """Checks the list; when every row is valid, it replaces the réservataire's current list. Nothing is written
    otherwise: the report says every bad row."""
    if not peut_deposer(par, reservataire):
        raise PermissionDenied("Un réservataire dépose sa propre liste.")
    if not reservataire.est_reservataire:
        raise ErreurMetier(f"{reservataire.nom} n'est pas réservataire.")
    if not lignes:
        raise ErreurMetier("La liste est vide.")
    rapport, bonnes = valider(lignes)
    if not rapport.valide:
        return rapport
    # the previous list is locked and retired: two deposits at once end with one active list
    ListeReservataire.objects.select_for_update().filter(reservataire=reservataire, active=True).update(active=False)
    liste = ListeReservataire.objects.create(
        reservataire=reservataire, deposee_par=par, nom_fichier=nom_fichier[:200], source=source
    )
    Designation.objects.bulk_create(
        Designation(liste=liste, demande=d, type=t, date=date, logement=lg) for d, t, date, lg in bonnes
    )
    rapport.liste = liste
    return rapport


def fichier_deposer(*, par: Utilisateur, reservataire: Organisation, nom: str, contenu: bytes) -> Rapport:
    return liste_deposer(
        par=par,
        reservataire=reservataire,
        lignes=lire_tableau(nom, contenu, obligatoires=OBLIGATOIRES),
        nom_fichier=nom,
    )


def modele_csv() -> bytes:
    return "numero;type;date;logement\n006102600000106004;positionné;25/11/2026;Erilia — Les Oliviers A12\n".encode(
        "utf-8-sig"
    )


# ---------------------------------------------------------------------------------------------------- flags


@dataclass(frozen=True)
class Alerte:
    demande_id: int
    code: str  # DEUX_RESERVATAIRES, DESIGNEE_AILLEURS, DEJA_ATTRIBUEE
    message: str


def alertes(demande_ids=None) -> dict[int, list[Alerte]]:
    """Every flag of the given demands (all demands in an active list or positioned by CASA, when None)."""
    designations = Designation.objects.filter(liste__active=True).select_related("liste__reservataire", "demande")
    positionnements = Positionnement.objects.filter(etat__in=EN_COURS).select_related(
        "disponibilite__reservataire", "disponibilite__logement__residence"
    )
    if demande_ids is not None:
        designations = designations.filter(demande_id__in=demande_ids)
        positionnements = positionnements.filter(demande_id__in=demande_ids)
    par_demande: dict[int, list] = defaultdict(list)
    for d in designations:
        par_demande[d.demande_id].append(d)
    chez_casa = defaultdict(list)
    for p in positionnements:
        chez_casa[p.demande_id].append(p)
    attribuees = set(
        Demande.objects.filter(
            pk__in=set(par_demande) | set(chez_casa), etat=EtatDemande.RADIEE, motif_radiation=MotifRadiation.RADATT
        ).values_list("pk", flat=True)
    )
    resultat: dict[int, list[Alerte]] = defaultdict(list)
    for demande_id in set(par_demande) | set(chez_casa):
        externes = par_demande.get(demande_id, [])
        if demande_id in attribuees:
            resultat[demande_id].append(Alerte(demande_id, "DEJA_ATTRIBUEE", "Demande radiée pour attribution."))
        for d in externes:
            quand = f"le {d.date:%d/%m/%Y}" + (f" ({d.logement})" if d.logement else "")
            if d.type == TypeDesignation.ATTRIBUE:
                resultat[demande_id].append(
                    Alerte(demande_id, "DEJA_ATTRIBUEE", f"Attribuée par {d.liste.reservataire.nom} {quand}.")
                )
            elif d.type == TypeDesignation.DESIGNE:
                resultat[demande_id].append(
                    Alerte(demande_id, "DESIGNEE_AILLEURS", f"Désignée par {d.liste.reservataire.nom} {quand}.")
                )
        positionneurs = {d.liste.reservataire.nom for d in externes if d.type == TypeDesignation.POSITIONNE}
        positionneurs |= {"la CASA" for _ in chez_casa.get(demande_id, [])[:1]}
        if len(positionneurs) >= 2:
            resultat[demande_id].append(
                Alerte(
                    demande_id,
                    "DEUX_RESERVATAIRES",
                    f"Positionnée par plusieurs réservataires : {', '.join(sorted(positionneurs))}.",
                )
            )
    return {k: v for k, v in resultat.items() if v}
