"""What the applicant sends from his space (portail/, issue 19) and what the counter does with it: a piece sent online
(checked as at the counter, to be validated: accepted, it becomes a piece of the file; refused, the applicant reads
why) and an error reported in the demand as registered (the counter checks it against the applicant's own papers,
corrects the demand itself if need be, and answers). The applicant is a Personne of the demand, not a user: his
writes carry no `par`; the agent's carry the agent. The demand's log notes each step without any free text."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from territoire.models import Utilisateur

from .. import validation
from ..codes import EtatDemande, EtatPieceEnLigne, Lien, RubriqueSignalement
from ..etats import MACHINE_PIECE_EN_LIGNE
from ..models import (
    LONGUEUR_MOTIF_REFUS,
    LONGUEUR_SIGNALEMENT,
    ConsultationPieceEnLigne,
    Demande,
    Personne,
    Piece,
    PieceEnLigne,
    Signalement,
    TransitionPieceEnLigne,
)
from ..qualification import PIECES_SENSIBLES, TypePiece
from .pieces import fichier_verifier, lecture_de_piece, nom_de_fichier
from .socle import noter, verifier_modifiable, verifier_peut_agir, verrouiller

# Per person (the applicant and the co-applicant each), as each reads his own: pieces he sent online still waiting for
# the counter, errors he reported not handled yet.
MAX_PIECES_A_VALIDER = 20
MAX_SIGNALEMENTS_OUVERTS = 5
TITULAIRES = (Lien.DEMANDEUR, Lien.CO_DEMANDEUR)  # who signs in to the space (portail.connexion.TITULAIRES)
ETATS_EN_COURS = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)  # a demand the applicant may still complete
JOURNAL_EN_LIGNE = {"machine": MACHINE_PIECE_EN_LIGNE, "journal": TransitionPieceEnLigne, "lien": "piece_en_ligne"}
_TRAITEMENT = ["fichier", "traitee_par", "traitee_le"]  # the fields an agent's decision sets besides the state


def _verifier_titulaire(demande: Demande, personne: Personne) -> None:
    """The applicant or co-applicant of this very demand (PermissionDenied otherwise), a demand in progress
    (ErreurMetier in French otherwise: a struck-off demand is no longer completed online)."""
    if personne.demande_id != demande.pk or personne.lien not in TITULAIRES:
        raise PermissionDenied("Seuls le demandeur et le co-demandeur agissent depuis l'espace de la demande.")
    if demande.etat not in ETATS_EN_COURS:
        raise ErreurMetier(
            "Votre demande n'est plus en cours : elle ne se complète plus en ligne. Adressez-vous à votre guichet."
        )


def texte_libre(texte: str | None) -> str:
    """A text a person typed, kept as typed but safe: no control or invisible format character but the line breaks,
    Windows line ends made plain, trimmed."""
    texte = unicodedata.normalize("NFC", (texte or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(c for c in texte if c == "\n" or not unicodedata.category(c).startswith("C")).strip()


@transaction.atomic
def piece_envoyer(*, demande: Demande, personne: Personne, type: str, fichier) -> PieceEnLigne:
    """The applicant (or co-applicant, `personne`) sends a piece of his demand from his space: the same checks as at
    the counter (demandes.services.pieces.fichier_verifier: PDF, JPEG or PNG by their first bytes, 10 Mo at most, not
    empty), a sensitive type (PIECES_SENSIBLES: health, protection) from the applicant himself only, at most
    MAX_PIECES_A_VALIDER pieces sent by this very person waiting (the co-applicant does not read the applicant's
    sensitive ones: each counts his own, the refusal says so). Stored in the pieces' private storage under a random
    name; a file whose row could not be written is deleted. Raises ErreursValidation (by field: `type`, `fichier`),
    ErreurMetier, PermissionDenied. Returns the piece, « À valider »."""
    demande = verrouiller(demande)
    _verifier_titulaire(demande, personne)
    erreurs: dict[str, list[str]] = {}
    if type not in TypePiece.values:
        erreurs["type"] = ["Choisissez dans la liste ce qu'est cette pièce."]
    elif type in PIECES_SENSIBLES and personne.lien != Lien.DEMANDEUR:
        erreurs["type"] = ["Cette pièce est confidentielle : seul le demandeur peut l'envoyer depuis son espace."]
    if fichier is None:
        erreurs["fichier"] = ["Joignez le fichier de la pièce."]
    else:
        fichier_verifier(fichier, erreurs)
    validation.lever_si_erreurs(erreurs)
    en_attente = demande.pieces_en_ligne.filter(etat=EtatPieceEnLigne.A_VALIDER, envoyee_par=personne).count()
    if en_attente >= MAX_PIECES_A_VALIDER:
        raise ErreurMetier(
            f"Vous avez vous-même envoyé {en_attente} pièces que votre guichet n'a pas encore vérifiées "
            f"({MAX_PIECES_A_VALIDER} au plus par personne) : attendez qu'il les ait vérifiées avant d'en envoyer "
            "d'autres."
        )
    nom = nom_de_fichier(fichier.name)
    envoi = PieceEnLigne(demande=demande, type=type, nom_original=nom, taille=fichier.size, envoyee_par=personne)
    envoi.fichier.save(nom, fichier, save=False)
    try:
        with transaction.atomic():
            envoi.save()
            creer_journalise(envoi, **JOURNAL_EN_LIGNE, motif="Envoyée depuis l'espace du demandeur")
            noter(demande, None, f"Pièce envoyée en ligne : {TypePiece(type).label}")
    except Exception:
        # Nothing half-written: a file whose row could not be saved does not stay on disk.
        envoi.fichier.storage.delete(envoi.fichier.name)
        raise
    return envoi


def _envoi_a_traiter(par: Utilisateur, envoi: PieceEnLigne) -> tuple[Demande, PieceEnLigne]:
    """The demand locked, the agent's scope checked (PermissionDenied; ErreurMetier for a struck-off demand), the
    piece locked and still « À valider » (ErreurMetier naming its state otherwise)."""
    demande = verrouiller(envoi.demande)
    verifier_modifiable(par, demande)
    envoi = PieceEnLigne.objects.select_for_update().get(pk=envoi.pk)
    if envoi.etat != EtatPieceEnLigne.A_VALIDER:
        raise ErreurMetier(f"Cette pièce a déjà été traitée : elle est « {envoi.get_etat_display().lower()} ».")
    return demande, envoi


@transaction.atomic
def piece_en_ligne_accepter(*, par: Utilisateur, envoi: PieceEnLigne) -> Piece:
    """An agent who may change the demand accepts a piece sent online: it becomes a piece of the file (Piece,
    `deposee_par` the agent), which holds its file from then on and counts for the qualification as a piece uploaded
    at the counter. Raises PermissionDenied, ErreurMetier (already handled, demand struck off). Returns the Piece."""
    demande, envoi = _envoi_a_traiter(par, envoi)
    envoye_le = format_fr.date(timezone.localdate(envoi.envoyee_le))
    piece = Piece.objects.create(
        demande=demande,
        type=envoi.type,
        fichier=envoi.fichier.name,
        nom_original=envoi.nom_original,
        taille=envoi.taille,
        deposee_par=par,
        commentaire=f"Envoyée en ligne par le demandeur le {envoye_le}.",
    )
    envoi.piece, envoi.fichier, envoi.traitee_par, envoi.traitee_le = piece, "", par, timezone.now()
    passer(envoi, EtatPieceEnLigne.ACCEPTEE, **JOURNAL_EN_LIGNE, par=par, autres_champs=_TRAITEMENT + ["piece"])
    noter(demande, par, f"Pièce envoyée en ligne acceptée : {piece.get_type_display()}")
    return piece


@transaction.atomic
def piece_en_ligne_refuser(*, par: Utilisateur, envoi: PieceEnLigne, motif: str) -> PieceEnLigne:
    """An agent who may change the demand refuses a piece sent online, saying why (`motif`, LONGUEUR_MOTIF_REFUS
    characters at most: the applicant reads it in his space). Its file is deleted once the refusal is committed.
    Raises ErreursValidation (`motif`), PermissionDenied, ErreurMetier."""
    motif = " ".join(texte_libre(motif).split())
    if not motif:
        raise validation.ErreursValidation({"motif": ["Dites au demandeur pourquoi la pièce est refusée."]})
    if len(motif) > LONGUEUR_MOTIF_REFUS:
        raise validation.ErreursValidation({"motif": [f"Le motif tient en {LONGUEUR_MOTIF_REFUS} caractères."]})
    demande, envoi = _envoi_a_traiter(par, envoi)
    stockage, nom = envoi.fichier.storage, envoi.fichier.name
    envoi.motif_refus, envoi.fichier, envoi.traitee_par, envoi.traitee_le = motif, "", par, timezone.now()
    passer(
        envoi,
        EtatPieceEnLigne.REFUSEE,
        **JOURNAL_EN_LIGNE,
        par=par,
        motif=motif,
        autres_champs=_TRAITEMENT + ["motif_refus"],
    )
    noter(demande, par, f"Pièce envoyée en ligne refusée : {envoi.get_type_display()}")
    transaction.on_commit(lambda: stockage.delete(nom))
    return envoi


def piece_en_ligne_consulter(*, par: Utilisateur, envoi: PieceEnLigne) -> PieceEnLigne:
    """Opens a piece sent online, as piece_consulter a piece of the file: a sensitive one (PIECES_SENSIBLES) only by
    who may change its demand (PermissionDenied), each opening logged (ConsultationPieceEnLigne); every opening noted
    among the sensitive reads (territoire.services_acces.lecture_noter, with the demand, no object id: the piece is
    not yet one of the file's)."""
    lecture_de_piece(
        par=par,
        objet=envoi,
        objet_id=None,
        consigner=lambda: ConsultationPieceEnLigne.objects.create(piece_en_ligne=envoi, par=par),
    )
    return envoi


@transaction.atomic
def erreur_signaler(*, demande: Demande, personne: Personne, rubrique: str, texte: str) -> Signalement:
    """The applicant (or co-applicant) says what is wrong in his demand as registered: a task for the counter (the
    demand's data change only from the applicant's own papers, at the counter). `rubrique` one of
    RubriqueSignalement, `texte` LONGUEUR_SIGNALEMENT characters at most; at most MAX_SIGNALEMENTS_OUVERTS open by
    this very person (each reads only his own reports: the refusal says so), none identical to one of them still open
    (same section, same text once its white space is made single spaces: two tabs, a double submission). The
    demand's log notes it without the text. Raises ErreursValidation (`rubrique`, `texte`), ErreurMetier,
    PermissionDenied."""
    demande = verrouiller(demande)
    _verifier_titulaire(demande, personne)
    texte = texte_libre(texte)
    erreurs: dict[str, list[str]] = {}
    if rubrique not in RubriqueSignalement.values:
        erreurs["rubrique"] = ["Choisissez dans la liste ce qui est faux."]
    if not texte:
        erreurs["texte"] = ["Dites ce qui est faux et ce qui serait juste."]
    elif len(texte) > LONGUEUR_SIGNALEMENT:
        erreurs["texte"] = [f"Votre message fait {len(texte)} caractères : {LONGUEUR_SIGNALEMENT} au plus."]
    validation.lever_si_erreurs(erreurs)
    ouverts_qs = demande.signalements.filter(traite_le__isnull=True, auteur=personne)
    meme_texte = " ".join(texte.split())
    for ouvert in ouverts_qs.filter(rubrique=rubrique).only("texte", "cree_le"):
        if " ".join(ouvert.texte.split()) == meme_texte:
            raise ErreurMetier(
                f"Vous avez déjà envoyé ce signalement le {format_fr.date(timezone.localdate(ouvert.cree_le))} : "
                "votre guichet ne l'a pas encore traité. Inutile de l'envoyer de nouveau, il vous répondra ici."
            )
    ouverts = ouverts_qs.count()
    if ouverts >= MAX_SIGNALEMENTS_OUVERTS:
        raise ErreurMetier(
            f"Votre guichet n'a pas encore traité les {ouverts} signalements que vous avez vous-même envoyés "
            f"({MAX_SIGNALEMENTS_OUVERTS} au plus par personne) : attendez sa réponse avant d'en envoyer un autre, ou "
            "adressez-vous à lui."
        )
    signalement = Signalement.objects.create(demande=demande, auteur=personne, rubrique=rubrique, texte=texte)
    noter(demande, None, f"Erreur signalée par le demandeur : {RubriqueSignalement(rubrique).label.lower()}")
    return signalement


@transaction.atomic
def signalement_traiter(*, par: Utilisateur, signalement: Signalement, reponse: str) -> Signalement:
    """An agent who may act on the demand marks a reported error handled, with the answer the applicant reads in his
    space (LONGUEUR_SIGNALEMENT characters at most; the correction itself is made on the demand, as any other).
    Raises ErreursValidation (`reponse`), PermissionDenied, ErreurMetier (already handled)."""
    reponse = texte_libre(reponse)
    if not reponse:
        raise validation.ErreursValidation({"reponse": ["Écrivez la réponse que le demandeur lira."]})
    if len(reponse) > LONGUEUR_SIGNALEMENT:
        raise validation.ErreursValidation({"reponse": [f"La réponse tient en {LONGUEUR_SIGNALEMENT} caractères."]})
    demande = verrouiller(signalement.demande)
    verifier_peut_agir(par, demande)
    signalement = Signalement.objects.select_for_update().get(pk=signalement.pk)
    if signalement.traite_le is not None:
        raise ErreurMetier(
            f"Ce signalement a déjà été traité le {format_fr.date(timezone.localdate(signalement.traite_le))}."
        )
    signalement.traite_le, signalement.traite_par, signalement.reponse = timezone.now(), par, reponse
    signalement.save(update_fields=["traite_le", "traite_par", "reponse"])
    noter(demande, par, "Erreur signalée par le demandeur : traitée")
    return signalement
