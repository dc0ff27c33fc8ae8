"""What each person reads of the shared notes on a demand: `notes_visibles` (with `acces_au_fil`, the rights it
applies) is the single place that decides it (the pages, and whoever asks « may this person read this note? »:
`note_lisible_par`); `organisations_destinataires` says which organisations hold readers of a note (the
notifications, alertes). docs/partenaires.md « Notes partagées sur une demande » has the table by visibility and role.

Who reads a demand's thread at all (`demandes_du_fil`): who sees the demand (demandes.selectors.demandes_visibles:
CASA's agents, the counter that registered it, the communes it wishes), and the partners with a positionnement of it
under way in their perimeter (positionnements.selectors.positionnements_visibles, states EN_COURS: the landlord of
the dwelling, its réservataire, the commune where it stands). Anyone else: 404, and not a note counted.

Within the thread, a note is read when its level allows the reader's organisation:
- `CASA`: CASA's agents;
- `CASA_BAILLEUR`: CASA's agents and the landlord of a dwelling where the demand is positioned (under way);
- `PARTENAIRES`: every organisation that reads the thread;
and always by the author's own organisation. A note marked sensitive is moreover read only by who may open the
demand's sensitive pieces (demandes.rules.voit_les_pieces_sensibles)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, Q, QuerySet

from demandes.models import Demande
from demandes.rules import voit_les_pieces_sensibles
from demandes.selectors import demandes_visibles
from positionnements.etats import EN_COURS
from positionnements.models import Positionnement
from positionnements.selectors import positionnements_visibles
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from .models import NoteDemande, Visibilite


def demandes_du_fil(user) -> QuerySet[Demande]:
    """The demands whose thread of notes `user` reads: those `user` sees, and those with a positionnement under way
    (EN_COURS) among the positionnements `user` sees. Two correlated EXISTS, no duplicate row: asked for one demand
    (the thread's page, a note's right), the database probes that demand, instead of hashing every demand a commune's
    counter sees (at scale 30, 380 ms per page)."""
    vue = demandes_visibles(user).order_by().filter(pk=OuterRef("pk"))
    positionnee = positionnements_visibles(user).order_by().filter(etat__in=EN_COURS, demande_id=OuterRef("pk"))
    return Demande.objects.filter(Exists(vue) | Exists(positionnee))


def lit_le_sensible(user, demande: Demande) -> bool:
    """Whether `user` may read the sensitive notes of `demande`: the predicate of its sensitive pieces,
    demandes.rules.voit_les_pieces_sensibles, asked for a piece of this demand. One query."""
    return voit_les_pieces_sensibles(user, SimpleNamespace(demande_id=demande.pk))


def _bailleurs_positionnes(demande: Demande) -> QuerySet:
    """The ids of the landlords of the dwellings where `demande` is positioned, under way."""
    return (
        Positionnement.objects.filter(demande=demande, etat__in=EN_COURS)
        .order_by()
        .values("disponibilite__logement__residence__bailleur_id")
    )


@dataclass(frozen=True)
class Acces:
    """What `user` may read of a demand's thread: whether she reaches it at all, the visibility levels her
    organisation reads (besides its own notes), whether she reads the sensitive notes."""

    dans_le_fil: bool
    niveaux: tuple[str, ...] = ()
    lit_le_sensible: bool = False


def acces_au_fil(user, demande: Demande) -> Acces:
    """The rights of `user` on `demande`'s thread (module docstring): at most three queries (the thread's reach, the
    landlord check for a landlord, the sensitive predicate). notes_visibles applies them."""
    if not demandes_du_fil(user).filter(pk=demande.pk).exists():
        return Acces(dans_le_fil=False)
    ctx = contexte_de(user)
    if ctx.est_epci or ctx.superutilisateur:
        niveaux = tuple(Visibilite.values)
    elif (
        ctx.organisation_type == TypeOrganisation.BAILLEUR
        and _bailleurs_positionnes(demande)
        .filter(disponibilite__logement__residence__bailleur_id=ctx.organisation_id)
        .exists()
    ):
        niveaux = (Visibilite.CASA_BAILLEUR, Visibilite.PARTENAIRES)
    else:
        niveaux = (Visibilite.PARTENAIRES,)
    return Acces(dans_le_fil=True, niveaux=niveaux, lit_le_sensible=lit_le_sensible(user, demande))


def notes_visibles(user, demande: Demande, *, acces: Acces | None = None) -> QuerySet[NoteDemande]:
    """The notes of `demande` that `user` (acting for the organisation of her context) may read, oldest first, with
    their author, organisation and the note they correct. Empty when the demand is out of her reach
    (`demandes_du_fil`): the caller answers 404 before. `acces`: acces_au_fil(user, demande) when the caller has
    it already (a page that also needs it), else computed here."""
    acces = acces or acces_au_fil(user, demande)
    qs = NoteDemande.objects.filter(demande=demande).select_related("auteur", "organisation", "corrige")
    if not acces.dans_le_fil:
        return qs.none()
    filtre = Q(visibilite__in=acces.niveaux)
    organisation = contexte_de(user).organisation_id
    if organisation is not None:
        filtre |= Q(organisation_id=organisation)
    qs = qs.filter(filtre)
    if not acces.lit_le_sensible:
        qs = qs.filter(sensible=False)
    return qs.order_by("ecrite_le", "pk")


def note_lisible_par(user, note: NoteDemande) -> bool:
    """Whether `user` may read `note` (notes_visibles, for one note)."""
    return notes_visibles(user, note.demande).filter(pk=note.pk).exists()


def organisations_destinataires(note: NoteDemande) -> QuerySet[Organisation]:
    """The organisations whose people may read `note` (the notifications tell them), by name: CASA and the author's
    organisation always; with `CASA_BAILLEUR`, the landlords of the dwellings where the demand is positioned (under
    way); with `PARTENAIRES`, besides, the counter that registered the demand, the communes it wishes, and the
    réservataires and communes of the dwellings where it is positioned (under way). A sensitive note: only CASA and
    the registering counter, which hold people who may open the sensitive pieces (and the author's organisation if it
    is one of them). Within each organisation, which persons read it is their role's business: notes_visibles
    (`note_lisible_par`) says it person by person."""
    demande = note.demande
    casa = Q(type=TypeOrganisation.EPCI)
    filtre = casa | Q(pk=note.organisation_id)
    if note.visibilite in (Visibilite.CASA_BAILLEUR, Visibilite.PARTENAIRES):
        filtre |= Q(pk__in=_bailleurs_positionnes(demande))
    if note.visibilite == Visibilite.PARTENAIRES:
        en_cours = Positionnement.objects.filter(demande=demande, etat__in=EN_COURS).order_by()
        filtre |= Q(pk=demande.guichet_id)
        filtre |= Q(commune__isnull=False, commune__in=demande.souhaits_communes.order_by().values("commune_id"))
        filtre |= Q(pk__in=en_cours.values("disponibilite__reservataire_id"))
        filtre |= Q(
            commune__isnull=False, commune__in=en_cours.values("disponibilite__logement__residence__commune_id")
        )
    if note.sensible:
        filtre &= casa | Q(pk=demande.guichet_id)
    return Organisation.objects.filter(filtre).order_by("nom")
