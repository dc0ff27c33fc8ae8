"""Croisement des fichiers: the other réservataires send the list of the candidates they positioned, designated or saw
attributed (file or API); the application crosses them with CASA's positionnements and flags a demand positioned by
two réservataires, designated elsewhere, or already attributed.

A list is checked row by row (line number and French reason for each bad row) and saved only when all of it is valid;
it then replaces the réservataire's previous list, in one transaction (sending the same list twice changes nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.fichiers import Colonne, ValeurIllisible, Vocabulaire, borner, lire_tableau, modeles, valeurs
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from demandes.selectors import numero_normalise, par_numeros, par_numeros_connus
from territoire.models import Organisation, Utilisateur

from .etats import EN_COURS
from .models import Designation, ListeReservataire, Positionnement, TypeDesignation
from .rules import peut_deposer_liste

COLONNES = [
    Colonne(
        "numero",
        True,
        (
            "numéro de la demande",
            "numéro unique",
            "NUR",
            "numéro unique régional",
            "numéro de demande",
            "numéro local",
            "demande",
        ),
    ),
    Colonne("type", True, ("type de désignation", "statut", "étape", "nature")),
    Colonne("date", True, ("date de désignation", "date du positionnement", "date de l'attribution", "le")),
    Colonne("logement", False, ("logement proposé", "adresse du logement", "référence du logement", "programme")),
]
OBLIGATOIRES = [c.nom for c in COLONNES if c.obligatoire]
journal = logging.getLogger(__name__)
TYPES = Vocabulaire(
    "type",
    Path(__file__).resolve().parent / "vocabulaires" / "type_designation.csv",
    TypeDesignation.choices,
)


@dataclass
class Rapport:
    lignes: int = 0
    erreurs: list[tuple[int, str]] = field(default_factory=list)  # the first ERREURS_GARDEES, by line
    nombre_erreurs: int = 0  # all of them
    liste: ListeReservataire | None = None
    notes: list[str] = field(default_factory=list)  # what the intake understood (encoding, header line…)

    @property
    def valide(self) -> bool:
        return not self.erreurs


def lire_ligne(brut: dict, *, jour: dt.date) -> tuple[tuple[str, str | None, dt.date | None, str], list[str]]:
    """((numero, type, date, logement), French reasons) of one row taken alone (no database)."""
    erreurs = []
    try:
        numero = valeurs.identifiant(brut.get("numero", ""), nom="le numéro de la demande")
    except ValeurIllisible as err:
        numero = ""
        erreurs.append(err.message)
    else:
        if not numero:
            erreurs.append("numéro de la demande manquant")
    try:
        type_ = TYPES.code(brut.get("type", ""))
    except ValeurIllisible:
        type_ = None
        erreurs.append(f"type « {valeurs.texte(brut.get('type', ''))} » inconnu (positionné, désigné ou attribué)")
    date = None
    if valeurs.texte(brut.get("date", "")) == "":
        erreurs.append("date manquante")
    else:
        try:
            date = valeurs.date(brut["date"], nom="la date")
        except ValeurIllisible as err:
            erreurs.append(err.message)
        else:
            if date > jour:
                erreurs.append(f"la date {date:%d/%m/%Y} est dans le futur")
    return (numero, type_, date, valeurs.texte(brut.get("logement", ""))[:200]), erreurs


def valider(lignes: list[dict]) -> tuple[Rapport, list[tuple[Demande, str, dt.date, str]]]:
    """Checks every row alone, against the demands (each named by its NUR or its local number), and across rows (a
    demand once per type, under whichever number); reads only."""
    rapport = Rapport(lignes=len(lignes))
    jour = timezone.localdate()
    lues = [(brut.get("_ligne", position), *lire_ligne(brut, jour=jour)) for position, brut in enumerate(lignes, 2)]
    numeros = {faits[0] for _, faits, _ in lues if faits[0]}
    demandes = par_numeros_connus(Demande.objects.filter(par_numeros(numeros)))
    vus: dict[tuple[int | str, str], int] = {}
    bonnes = []
    for ligne, (numero, type_, date, logement), erreurs in lues:
        demande = demandes.get(numero_normalise(numero))
        if numero and demande is None:
            erreurs.append(valeurs.demande_inconnue(numero))
        cle = (demande.pk if demande else numero, type_)
        if numero and type_ and cle in vus:
            erreurs.append(f"la demande {numero} est déjà sur la ligne {vus[cle]} avec ce type")
        elif numero and type_:
            vus[cle] = ligne
        if erreurs:
            rapport.erreurs.append((ligne, " ; ".join(erreurs)))
            rapport.nombre_erreurs += 1
        else:
            bonnes.append((demande, type_, date, logement))
    rapport.erreurs, rapport.nombre_erreurs = borner(rapport.erreurs)
    return rapport, bonnes


@transaction.atomic
def liste_deposer(
    *, par: Utilisateur, reservataire: Organisation, lignes: list[dict], nom_fichier: str = "", source="FICHIER"
) -> Rapport:
    """Checks the list; when every row is valid, it replaces the réservataire's current list. Nothing is written
    otherwise: the report says every bad row."""
    if not peut_deposer_liste(par, reservataire):
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
    """A list sent as a file (commun.fichiers reads it); ErreurMetier for an unreadable file."""
    if not peut_deposer_liste(par, reservataire):
        raise PermissionDenied("Un réservataire dépose sa propre liste.")
    tableau = lire_tableau(nom, contenu, colonnes=COLONNES)
    try:
        rapport = liste_deposer(par=par, reservataire=reservataire, lignes=tableau.lignes, nom_fichier=nom)
    except (ErreurMetier, PermissionDenied):
        raise
    except Exception as err:  # a bug: nothing was written (one transaction); the partner gets a reason
        journal.exception("Dépôt de la liste de %s en échec", reservataire.pk)
        raise ErreurMetier(
            "La liste n'a pas pu être enregistrée : une erreur de l'application, signalée à la CASA. Rien n'a été "
            "enregistré ; déposez le fichier à nouveau dans un moment."
        ) from err
    rapport.notes = tableau.notes
    return rapport


EXEMPLE = [["006102600000106004", "positionné", "25/11/2026", "Erilia — Les Oliviers A12"]]


def modele_csv() -> bytes:
    return modeles.modele_csv([c.nom for c in COLONNES])


def modele_xlsx() -> bytes:
    """The XLSX template: the demand number (NUR or local number) typed as text (Excel keeps its 18 digits)."""
    return modeles.modele_xlsx(
        titre="Liste du réservataire",
        colonnes=[c.nom for c in COLONNES],
        exemples=EXEMPLE,
        identifiants=("numero",),
        aide=[("type", TYPES.acceptes()), ("date", "JJ/MM/AAAA (25/11/2026), ou une cellule date")],
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
