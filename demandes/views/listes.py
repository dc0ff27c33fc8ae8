"""The demands as lists: the list page with its filters (RechercheForm) and its CSV/XLSX exports, and the header's
search box (a demand by its number or its holders' name). Both read within the user's scope (demandes.selectors)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commun import listes
from territoire.contexte import contexte_de
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from ..codes import Lien
from ..filtres import RechercheEnteteForm, RechercheForm, TaillePageForm
from ..models import Personne
from ..rules import lit_les_demandes, peut_creer_une_demande
from ..selectors import (
    demandes_trouvees,
    demandes_visibles,
    filtrer_demandes,
    noms_proches_omis,
    normaliser,
    numero_normalise,
)
from ..tableaux import DemandesTableau, avec_demandeur

LIMITE_RECHERCHE = 50
COLONNES_LISTE = (
    "pk",
    "numero",
    "nur",
    "etat",
    "date_depot",
    "nom_recherche",
    "nombre_personnes",
    "categorie_menage",
    "premier_quartile",
    "priorites",
    "score_cotation",
    "typologies",
    "guichet__nom",
)


@login_required
def liste(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The demands within the user's scope (demandes_visibles), filtered by RechercheForm; the same rows exported
    as CSV or XLSX when ``format`` is given (commun/listes.py)."""
    form = RechercheForm(request.GET or None)
    qs = demandes_visibles(request.user)
    # A bad value in one filter is said next to it; the other filters still apply (not all 10,000 demands).
    donnees = {}
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields, and the errors of the others
        donnees = form.cleaned_data
    if (donnees.get("q") or "").strip() and not normaliser(donnees["q"]).strip():
        form.add_error("q", "Cherchez un nom (des lettres) ou un numéro (des chiffres).")
        qs = qs.none()
    organisation_id = contexte_de(request.user).organisation_id
    qs = avec_demandeur(filtrer_demandes(qs, donnees, organisation_id=organisation_id)).only(*COLONNES_LISTE)
    texte = (donnees.get("q") or "").strip()
    par_nom = bool(texte) and not any(ch.isdigit() for ch in texte)  # said on the page: which names it shows
    avec_les_proches = None
    if noms_proches_omis(qs):  # the names as typed fill a page: the near ones are one click away
        parametres = request.GET.copy()
        parametres.pop("page", None)
        parametres["proches"] = "on"
        avec_les_proches = f"?{parametres.urlencode()}"
    # Households shown or exported: noted among the sensitive reads (how many, not which nor the search).
    nature = NatureLecture.EXPORT_DEMANDES if format else NatureLecture.LISTE_DEMANDES
    return listes.repondre(
        request,
        liste="demandes",
        tableau=DemandesTableau(qs),
        gabarit="demandes/liste.html",
        contexte={
            "form": form,
            "peut_creer": peut_creer_une_demande(request.user),
            "avec_les_proches": avec_les_proches,
            "par_nom": par_nom,
        },
        format=format,
        noter=lambda nombre: lecture_noter(par=request.user, nature=nature, nombre=nombre),
        par_page=TaillePageForm.lire(request.GET),
    )


@login_required
def recherche(request: HttpRequest) -> HttpResponse:
    """GET ?q=: one number found → its page; otherwise the demands found (at most 50, every state), with their
    applicant. A role that reads no demand gets 403."""
    if not lit_les_demandes(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès aux demandes.")
    texte = RechercheEnteteForm.lire(request.GET)
    trouvees, nature = demandes_trouvees(request.user, texte, LIMITE_RECHERCHE + 1) if texte else ([], "")
    trouvees = list(trouvees)
    if nature == "numero" and len(trouvees) == 1 and numero_normalise(texte) in (trouvees[0].nur, trouvees[0].numero):
        return redirect("demandes:detail", trouvees[0].pk)
    trop = len(trouvees) > LIMITE_RECHERCHE
    trouvees = trouvees[:LIMITE_RECHERCHE]
    demandeurs = {
        p.demande_id: p
        for p in Personne.objects.filter(demande__in=[d.pk for d in trouvees], lien=Lien.DEMANDEUR).only(
            "demande_id", "nom", "prenom"
        )
    }
    for d in trouvees:
        d.demandeur = demandeurs.get(d.pk)
    if trouvees:  # households were shown: a sensitive read (how many, never the text searched)
        lecture_noter(par=request.user, nature=NatureLecture.LISTE_DEMANDES, nombre=len(trouvees))
    message = ""
    if texte and not nature:
        message = "Cherchez un nom (des lettres) ou un numéro de demande (des chiffres)."
    return render(
        request,
        "demandes/recherche.html",
        {
            "texte": texte,
            "trouvees": trouvees,
            "trop": trop,
            "nature": nature,
            "message": message,
            "limite": LIMITE_RECHERCHE,
        },
    )
