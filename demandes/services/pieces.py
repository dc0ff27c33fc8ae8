"""The supporting pieces of a demand: deposit (a checked file, or a paper seen in original at the counter), removal,
opening (scope checked, sensitive ones logged), and the nightly sweep of files no row references. Which pieces are
expected or missing is a read: demandes.selectors."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from territoire.models import Utilisateur
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from .. import validation
from ..models import ConsultationPiece, Demande, Piece, PieceEnLigne
from ..qualification import PIECES_SENSIBLES, TypePiece
from ..rules import voit_les_pieces_sensibles
from .socle import verifier_modifiable, verrouiller

TAILLE_MAX_PIECE = 10 * 1024 * 1024
FORMATS_PIECE = {"pdf": b"%PDF", "png": b"\x89PNG", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}
LONGUEUR_NOM = 200  # characters of a piece's original name kept (Piece.nom_original, PieceEnLigne.nom_original)


def nom_de_fichier(nom: str | None) -> str:
    """The name a person gave a file, made safe to keep and show: its last path component (after any « / » or
    « \\ »), Unicode in its composed form (NFC), no control or invisible format character (a NUL, which PostgreSQL
    refuses, a right-to-left override), trimmed; at most LONGUEUR_NOM characters, its extension kept. « piece » when
    nothing is left. The stored file never bears it (a random name: demandes.models)."""
    nom = unicodedata.normalize("NFC", nom or "").replace("\\", "/").rsplit("/", 1)[-1]
    nom = "".join(c for c in nom if not unicodedata.category(c).startswith("C")).strip()
    if len(nom) > LONGUEUR_NOM:
        base, point, extension = nom.rpartition(".")
        extension = extension[:10] if point and base else ""
        nom = (nom if not extension else base)[: LONGUEUR_NOM - len(extension) - 1].rstrip()
        nom = f"{nom}.{extension}" if extension else nom[:LONGUEUR_NOM]
    return nom if nom.strip(".") else "piece"


def fichier_verifier(fichier, erreurs: dict) -> None:
    """A file of 10 Mo at most (TAILLE_MAX_PIECE), not empty, whose first bytes match its extension (PDF, JPEG or
    PNG: FORMATS_PIECE). Adds the French message under `erreurs["fichier"]`; reads 8 bytes and rewinds. The counter's
    upload (piece_deposer) and the applicant's (demandes.services.en_ligne.piece_envoyer) share it."""
    nom = nom_de_fichier(fichier.name)
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    debut = fichier.read(8)
    fichier.seek(0)
    if fichier.size > TAILLE_MAX_PIECE:
        taille = f"{fichier.size / (1024 * 1024):.1f}".replace(".", ",")
        erreurs["fichier"] = [f"Le fichier fait {taille} Mo : 10 Mo au plus."]
    elif fichier.size == 0:
        erreurs["fichier"] = ["Le fichier est vide."]
    elif extension not in FORMATS_PIECE or not debut.startswith(FORMATS_PIECE[extension]):
        erreurs["fichier"] = ["Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés."]


@transaction.atomic
def piece_deposer(
    *, par: Utilisateur, demande: Demande, type: str, fichier=None, vue_en_original: bool = False, commentaire: str = ""
) -> Piece:
    """Records a piece: an uploaded file (PDF, JPEG or PNG, 10 Mo at most, checked by its first bytes) or a paper
    piece seen in original at the counter."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if type not in TypePiece.values:
        erreurs["type"] = [f"Type de pièce inconnu : {type}."]
    if fichier is None and not vue_en_original:
        erreurs["fichier"] = ["Joignez le fichier, ou cochez « vue en original au guichet »."]
    if fichier is not None:
        fichier_verifier(fichier, erreurs)
    validation.lever_si_erreurs(erreurs)
    piece = Piece(
        demande=demande,
        type=type,
        vue_en_original=vue_en_original,
        commentaire=commentaire.strip(),
        deposee_par=par,
    )
    if fichier is not None:
        piece.nom_original = nom_de_fichier(fichier.name)
        piece.taille = fichier.size
        piece.fichier.save(piece.nom_original, fichier, save=False)
    try:
        with transaction.atomic():
            piece.save()
    except Exception:
        # Nothing half-written: a file whose row could not be saved does not stay on disk.
        if piece.fichier:
            piece.fichier.storage.delete(piece.fichier.name)
        raise
    return piece


@transaction.atomic
def piece_retirer(*, par: Utilisateur, piece: Piece) -> Piece:
    """The piece leaves the file (kept, marked retired): it no longer counts among the pieces received."""
    verrouiller(piece.demande)
    verifier_modifiable(par, piece.demande)
    piece.retiree = True
    piece.save(update_fields=["retiree"])
    return piece


def piece_consulter(*, par: Utilisateur, piece: Piece) -> Piece:
    """Opens a piece: checks the reader's scope, logs the consultation of sensitive pieces, and notes every opening
    among the sensitive reads that CASA's administrators see (territoire.services_acces.lecture_noter)."""
    lecture_de_piece(
        par=par,
        objet=piece,
        objet_id=piece.pk,
        consigner=lambda: ConsultationPiece.objects.create(piece=piece, par=par),
    )
    return piece


def lecture_de_piece(*, par: Utilisateur, objet, objet_id: int | None, consigner) -> None:
    """What opening a piece (`objet`: a Piece of the file or a PieceEnLigne, with `type` and `demande_id`) costs: a
    sensitive one (PIECES_SENSIBLES, REGLES §6 and §12) only by who may change its demand (PermissionDenied), its
    opening logged by `consigner()`; every opening noted among the sensitive reads CASA's administrators see
    (territoire.services_acces.lecture_noter, `objet_id` None for a piece not yet one of the file's)."""
    sensible = objet.type in PIECES_SENSIBLES
    if sensible:
        if not voit_les_pieces_sensibles(par, objet):
            raise PermissionDenied("Pièce confidentielle : réservée aux agents qui instruisent la demande.")
        consigner()
    lecture_noter(
        par=par,
        nature=NatureLecture.PIECE_CONFIDENTIELLE if sensible else NatureLecture.PIECE,
        objet_id=objet_id,
        demande_id=objet.demande_id,
    )


def pieces_orphelines_supprimer(*, age_minimal: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Deletes stored piece files that no Piece nor PieceEnLigne row references (left by a rolled-back transaction),
    older than `age_minimal`, through the storage's own API (the local disk or the object store alike). Returns how
    many were deleted."""
    stockage = Piece._meta.get_field("fichier").storage
    utilises = set(Piece.objects.exclude(fichier="").values_list("fichier", flat=True))
    utilises |= set(PieceEnLigne.objects.exclude(fichier="").values_list("fichier", flat=True))
    limite = timezone.now() - age_minimal
    n = 0
    for nom in list(_fichiers_du_stockage(stockage)):
        if nom not in utilises and stockage.get_modified_time(nom) < limite:
            stockage.delete(nom)
            n += 1
    return n


def _fichiers_du_stockage(stockage, dossier: str = ""):
    """Every file's name under `dossier` of `stockage`, its sub-folders included (none when it does not exist)."""
    try:
        sous_dossiers, fichiers = stockage.listdir(dossier)
    except (FileNotFoundError, NotADirectoryError):
        return
    for nom in fichiers:
        yield f"{dossier}/{nom}" if dossier else nom
    for sous in sous_dossiers:
        yield from _fichiers_du_stockage(stockage, f"{dossier}/{sous}" if dossier else sous)
