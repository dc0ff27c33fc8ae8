"""What the signed-in holder sends to his counter from « Ma demande » (issue 19): a missing piece (checked as at the
counter, validated by an agent: demandes.services.piece_envoyer) and the report of an error in his data
(demandes.services.erreur_signaler). The forms (plain Django forms: no JavaScript) and what the pages show of it:
his pieces sent with their outcome, his reports with the counter's answer. Every read starts from the signed-in
holder's own demand (portail/acces.py): nothing here takes an id from the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone

from commun import format_fr
from demandes.codes import EtatDemande, EtatPieceEnLigne, Lien, RubriqueSignalement
from demandes.models import LONGUEUR_SIGNALEMENT, Demande
from demandes.qualification import PIECES_SENSIBLES, TypePiece
from demandes.selectors import pieces_manquantes
from demandes.services.en_ligne import ETATS_EN_COURS, MAX_SIGNALEMENTS_OUVERTS

from . import renouvellement
from .acces import Demandeur
from .forms import CHAMP

PIECES_MONTREES = 50  # the latest pieces sent shown on the page (older ones are in the counter's file)


def fermeture(demande: Demande, situation: renouvellement.Situation | None = None) -> str:
    """Why the demand no longer takes a piece nor a report from the space, in words for its holder; "" while it does
    (active or qualified: demandes.services.en_ligne.ETATS_EN_COURS, the services' own rule). A struck-off demand
    (the only other state a holder signs in with) is told so, with how to apply again; when a renewal would reactivate
    it (`situation`: portail.renouvellement.situation, read when not given), that is said first."""
    if demande.etat in ETATS_EN_COURS:
        return ""
    situation = situation or renouvellement.situation(demande)
    texte = "Votre demande est radiée : vous ne pouvez plus envoyer de pièce ni signaler d'erreur depuis votre espace."
    if situation.possible and situation.reactivation:
        texte += (
            f" Vous pouvez encore la réactiver en la renouvelant, jusqu'au {format_fr.date(situation.limite)} "
            "(« Réactiver ma demande », sur la page « Ma demande ») ; sinon, pour"
        )
    else:
        texte += " Pour"
    return texte + " demander de nouveau un logement social, déposez une nouvelle demande auprès d'un guichet."


def _types(demandeur: Demandeur) -> list:
    """The types the holder may send, the pieces his file misses first (an active demand's); the sensitive ones
    (health, protection) for the applicant himself only."""
    principal = demandeur.personne.lien == Lien.DEMANDEUR
    permis = [(v, label) for v, label in TypePiece.choices if principal or v not in PIECES_SENSIBLES]
    # only an active demand misses pieces: a qualified one was found complete by its counter (« Ma demande »)
    actif = demandeur.demande.etat == EtatDemande.ACTIVE
    manquantes = {p.type for p in pieces_manquantes(demande=demandeur.demande)} if actif else set()
    choix: list = [("", "Choisissez ce qu'est cette pièce")]
    if premieres := [(v, label) for v, label in permis if v in manquantes]:
        choix.append(("Pièces qui manquent à votre dossier", premieres))
    choix.append(("Autres pièces", [(v, label) for v, label in permis if v not in manquantes]))
    return choix


class PieceEnvoiForm(forms.Form):
    """A piece and its file. The checks of the file (format by its first bytes, size, not empty) are the service's,
    the counter's own: the form only reads what was sent."""

    type = forms.ChoiceField(
        label="Quelle pièce envoyez-vous ?",
        error_messages={"required": "Choisissez dans la liste ce qu'est cette pièce."},
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    fichier = forms.FileField(
        label="Le fichier",
        help_text="Un fichier PDF, JPEG ou PNG de 10 Mo au plus : une photo nette ou un scan de la pièce entière.",
        allow_empty_file=True,  # the service says « Le fichier est vide. », as at the counter
        error_messages={"required": "Joignez le fichier de la pièce.", "invalid": "Joignez le fichier de la pièce."},
        widget=forms.FileInput(attrs=CHAMP | {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, demandeur: Demandeur, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _types(demandeur)


class SignalementForm(forms.Form):
    """What is wrong (a section) and what the holder says about it; the length is checked by the service."""

    rubrique = forms.ChoiceField(
        label="Qu'est-ce qui est faux ?",
        choices=RubriqueSignalement.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choisissez ce qui est faux."},
    )
    texte = forms.CharField(
        label="Ce qui est faux, et ce qui serait juste",
        help_text=f"{LONGUEUR_SIGNALEMENT} caractères au plus. Votre guichet vérifiera avec vos justificatifs : "
        "n'écrivez ici aucun détail médical.",
        widget=forms.Textarea(attrs=CHAMP | {"rows": 5, "maxlength": LONGUEUR_SIGNALEMENT}),
        error_messages={"required": "Dites ce qui est faux et ce qui serait juste."},
    )


@dataclass(frozen=True)
class Envoi:
    """A piece the holder sent, as he reads it: its type, its file's name, when, and what became of it."""

    libelle: str
    nom: str
    envoyee_le: str
    etat: str
    issue: str  # the badge: « à valider par votre guichet », « acceptée le … », « refusée »
    couleur: str
    motif: str = ""  # a refusal's reason, in plain text after the badge


def pieces_envoyees(demandeur: Demandeur) -> list[Envoi]:
    """The pieces sent from the space for the holder's demand, the latest first (PIECES_MONTREES at most); the
    sensitive ones to the applicant only, as on the rest of the page."""
    qs = demandeur.demande.pieces_en_ligne.order_by("-envoyee_le", "-pk")
    if demandeur.personne.lien != Lien.DEMANDEUR:
        qs = qs.exclude(type__in=PIECES_SENSIBLES)
    envois = []
    for e in qs[:PIECES_MONTREES]:
        if e.etat == EtatPieceEnLigne.ACCEPTEE:
            issue, couleur = f"acceptée le {_jour(e.traitee_le)}", "success"
        elif e.etat == EtatPieceEnLigne.REFUSEE:
            issue, couleur = "refusée", "danger"
        else:
            issue, couleur = "à valider par votre guichet", "warning"
        motif = e.motif_refus if e.etat == EtatPieceEnLigne.REFUSEE else ""
        envois.append(Envoi(e.get_type_display(), e.nom_original, _jour(e.envoyee_le), e.etat, issue, couleur, motif))
    return envois


def signalements(demandeur: Demandeur) -> list:
    """The errors the holder himself reported on his demand, the latest first (a co-applicant does not read the
    applicant's, nor the reverse)."""
    return list(
        demandeur.demande.signalements.filter(auteur=demandeur.personne).order_by("-cree_le", "-pk")[:PIECES_MONTREES]
    )


def signalements_au_maximum(demandeur: Demandeur) -> str:
    """When the holder has as many reports still open as the service takes (MAX_SIGNALEMENTS_OUVERTS, his own), why
    he cannot send another, in words, shown in place of the form; "" otherwise."""
    ouverts = demandeur.demande.signalements.filter(traite_le__isnull=True, auteur=demandeur.personne).count()
    if ouverts < MAX_SIGNALEMENTS_OUVERTS:
        return ""
    return (
        f"Votre guichet n'a pas encore traité les {ouverts} signalements que vous avez vous-même envoyés "
        f"({MAX_SIGNALEMENTS_OUVERTS} au plus par personne) : il va vérifier vos données et vous répondre ici. Vous "
        "pourrez en envoyer un autre dès qu'il aura répondu à l'un d'eux ; si c'est urgent, adressez-vous à lui."
    )


def _jour(moment) -> str:
    return format_fr.date(timezone.localdate(moment)) if moment else ""
