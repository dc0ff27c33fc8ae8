"""What the purge erases of the demand's own data, for a batch of demands: the free texts, contacts and exact amounts
of the demand, its household (persons and resources) and its pieces (rows and files, those the applicant sent from
his space too, with the errors he reported), the free texts of its letters,
interviews and priority criteria, what its log says after the application's own words, and the audit events that
copied any of it. Registered as the eraser « demandes » (run last: it writes the demand's log)."""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from ..codes import EtatDemande
from .audit import evenements, evenements_modifiables
from .registre import effaceur

# Blanked on the demand: free texts, contacts and exact amounts. Kept: state and dates, counter and agent, codes
# (current housing, reasons, wishes, typologies), sizes and categories, eligibility, first quartile, priorities,
# cotation — what the tracking, the history and the statistics of the SNE (décret 2017-917, art. 2, 4°) read.
DEMANDE_EFFACEE = {
    "commune_actuelle": "",
    "loyer_actuel": None,
    "surface_actuelle": None,
    "motif_precision": "",
    "employeur_nom": "",
    "employeur_siret": "",
    "employeur_commune": "",
    "revenu_fiscal_reference": None,
    "revenu_recent": None,
    "apl_estimee": None,
    "ressources_mensuelles": None,
    "ressources_par_uc": None,
    "bebe_jusqu_au": None,  # derived from a child's birth date
    "nom_recherche": "",
}


@dataclass
class _Lot:
    """The rows of a batch of demands that hold personal data (querysets), and the pieces' files."""

    ids: list[int]
    ids_personnes: set[int]  # the persons the household ever had, their events included
    personnes: models.QuerySet
    pieces: models.QuerySet
    en_ligne: models.QuerySet  # the pieces the applicant sent from his space (their log and openings: cascade)
    signalements: models.QuerySet  # the errors he reported
    stockage: object
    noms: list[str]  # the pieces' file names (of the file's pieces and of those sent online)
    sur_le_disque: list[str]
    courriers: models.QuerySet
    entretiens: models.QuerySet
    criteres: models.QuerySet
    evenements: dict[str, models.QuerySet]


@effaceur("demandes")
def _effacer_demandes(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts what the batch's demands hold of personal data; unless `simulation`, erases it (see the module)."""
    lot = _lot(ids)
    compteurs = _compter(lot)
    if simulation:
        return compteurs
    _effacer_la_demande_son_menage_et_ses_pieces(lot)
    _effacer_les_textes_libres(lot)
    _garder_du_journal_les_seuls_motifs_de_l_application(ids)
    _effacer_les_evenements(lot)
    return compteurs


def _lot(ids: list[int]) -> _Lot:
    """What the batch holds: its persons (those the household ever had, a household redefined replaces its rows),
    pieces and files, the free texts of its letters, interviews and priority criteria, and their audit events."""
    from ..models import (
        Courrier,
        CriterePriorite,
        Demande,
        Entretien,
        Personne,
        Piece,
        PieceEnLigne,
        Ressource,
        Signalement,
    )

    personnes = Personne.objects.filter(demande_id__in=ids)
    # the persons the household ever had (a household redefined replaces its rows): their events name them too
    ids_personnes = set(evenements(Personne, demande_id__in=ids).values_list("pgh_obj_id", flat=True))
    ids_personnes |= set(personnes.values_list("pk", flat=True))
    pieces = Piece.objects.filter(demande_id__in=ids)
    en_ligne = PieceEnLigne.objects.filter(demande_id__in=ids)
    stockage = Piece._meta.get_field("fichier").storage
    noms = list(pieces.exclude(fichier="").values_list("fichier", flat=True))
    noms += list(en_ligne.exclude(fichier="").values_list("fichier", flat=True))
    return _Lot(
        ids=ids,
        ids_personnes=ids_personnes,
        personnes=personnes,
        pieces=pieces,
        en_ligne=en_ligne,
        signalements=Signalement.objects.filter(demande_id__in=ids),
        stockage=stockage,
        noms=noms,
        sur_le_disque=[n for n in noms if stockage.exists(n)],
        courriers=Courrier.objects.filter(demande_id__in=ids).exclude(objet=""),
        entretiens=Entretien.objects.filter(demande_id__in=ids).exclude(notes=""),
        criteres=CriterePriorite.objects.filter(demande_id__in=ids).exclude(preuve=""),
        evenements={
            "demande": evenements(Demande, pgh_obj_id__in=ids),
            "personnes": evenements(Personne, demande_id__in=ids),
            "ressources": evenements(Ressource, personne_id__in=ids_personnes),
            "pieces": evenements(Piece, demande_id__in=ids),
            "pieces_en_ligne": evenements(PieceEnLigne, demande_id__in=ids),
            "signalements": evenements(Signalement, demande_id__in=ids),
            "courriers": evenements(Courrier, demande_id__in=ids).exclude(objet=""),
            "entretiens": evenements(Entretien, demande_id__in=ids).exclude(notes=""),
            "criteres": evenements(CriterePriorite, demande_id__in=ids).exclude(preuve=""),
        },
    )


def _compter(lot: _Lot) -> dict[str, int]:
    """The report's counts, read before anything is written (a dry run says the same numbers)."""
    from ..models import ConsultationPiece, Ressource

    return {
        "demandes": len(lot.ids),
        "personnes": lot.personnes.count(),
        "ressources": Ressource.objects.filter(personne__demande_id__in=lot.ids).count(),
        "pieces": lot.pieces.count(),
        "pieces_en_ligne": lot.en_ligne.count(),
        "signalements": lot.signalements.count(),
        "fichiers": len(lot.sur_le_disque),
        "consultations": ConsultationPiece.objects.filter(piece__demande_id__in=lot.ids).count(),
        "courriers": lot.courriers.count(),
        "entretiens": lot.entretiens.count(),
        "criteres": lot.criteres.count(),
        "evenements": sum(qs.count() for qs in lot.evenements.values()),
    }


def _effacer_la_demande_son_menage_et_ses_pieces(lot: _Lot) -> None:
    """The demand's fields of DEMANDE_EFFACEE blanked; its persons, pieces (sent online too) and reported errors
    deleted, the files after the commit."""
    from ..models import Demande

    Demande.objects.filter(pk__in=lot.ids).update(**DEMANDE_EFFACEE, modifie_le=timezone.now())
    lot.signalements.delete()
    lot.en_ligne.delete()  # and their log and openings (cascade); before the pieces they became (SET_NULL otherwise)
    lot.personnes.delete()  # and their resources (cascade)
    noms, stockage = lot.noms, lot.stockage
    dossiers = {os.path.dirname(n) for n in noms if os.path.dirname(n)}
    lot.pieces.delete()  # and the log of who opened them (cascade)
    transaction.on_commit(lambda: _fichiers_supprimer(stockage, noms, dossiers))


def _fichiers_supprimer(stockage, noms: list[str], dossiers: set[str]) -> None:
    """After the commit: the pieces' files, then their demand's folder when empty (a file already gone is fine)."""
    for nom in noms:
        stockage.delete(nom)
    for dossier in dossiers:
        with suppress(OSError, NotImplementedError):  # an object store has no folders (no path): nothing to remove
            os.rmdir(stockage.path(dossier))


def _effacer_les_textes_libres(lot: _Lot) -> None:
    """The subject of the letters, the notes of the interviews, the proof of the priority criteria."""
    lot.courriers.update(objet="")
    lot.entretiens.update(notes="")
    lot.criteres.update(preuve="")


def _garder_du_journal_les_seuls_motifs_de_l_application(ids: list[int]) -> None:
    """The reasons of the demand's log reduced to what the application wrote (see `_motif_conserve`)."""
    from ..models import TransitionDemande

    lignes: dict[str, list[int]] = {}
    for pk, avant, apres, motif in (
        TransitionDemande.objects.filter(demande_id__in=ids).exclude(motif="").values_list("pk", "de", "vers", "motif")
    ):
        nouveau = _motif_conserve(avant, apres, motif)
        if nouveau != motif:
            lignes.setdefault(nouveau, []).append(pk)
    for motif, pks in lignes.items():  # one UPDATE per value (docs/architecture.md)
        TransitionDemande.objects.filter(pk__in=pks).update(motif=motif)


def _motif_conserve(avant: str, apres: str, motif: str) -> str:
    """What the demand's log keeps of a line's reason: the texts the application wrote and the tracking reads
    (« Renouvelée », the legal reason of a radiation), never what an agent typed after it."""
    if avant == apres and motif.startswith("Renouvelée"):
        return "Renouvelée"  # suivi.sources counts a renewal by this prefix
    if apres == EtatDemande.RADIEE and avant != EtatDemande.RADIEE:
        return motif.split(" — ")[0][:300]  # « Renonciation du demandeur », « Attribution … le 20/11/2026 »
    return ""


def _effacer_les_evenements(lot: _Lot) -> None:
    """The audit events that copied what was blanked are blanked, those of the deleted rows deleted."""
    from ..models import (
        Courrier,
        CriterePriorite,
        Demande,
        Entretien,
        Personne,
        Piece,
        PieceEnLigne,
        Ressource,
        Signalement,
    )

    ids = lot.ids
    suivis = (Demande, Personne, Ressource, Piece, PieceEnLigne, Signalement, Courrier, Entretien, CriterePriorite)
    with evenements_modifiables(*suivis):
        evenements(Demande, pgh_obj_id__in=ids).update(**DEMANDE_EFFACEE)
        # every column of a person, a resource or a piece is about the household: their events go with the rows
        evenements(Ressource, personne_id__in=lot.ids_personnes).delete()
        evenements(Personne, demande_id__in=ids).delete()
        evenements(Piece, demande_id__in=ids).delete()
        evenements(PieceEnLigne, demande_id__in=ids).delete()
        evenements(Signalement, demande_id__in=ids).delete()  # the applicant's text and the counter's answer
        evenements(Courrier, demande_id__in=ids).exclude(objet="").update(objet="")
        evenements(Entretien, demande_id__in=ids).exclude(notes="").update(notes="")
        evenements(CriterePriorite, demande_id__in=ids).exclude(preuve="").update(preuve="")
