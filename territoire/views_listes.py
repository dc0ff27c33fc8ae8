"""Saved filters of the lists (commun/listes.py): « Enregistrer ce filtre » on a list, and deleting one from its
« Mes filtres » menu. A person reads, saves and deletes only its own (another's saved filter is a 404)."""

from __future__ import annotations

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from commun.listes import LISTES, url_de

from .models_listes import FiltreEnregistre
from .selectors import filtres_enregistres

MAXIMUM_PAR_LISTE = 30


@login_required
@require_POST
def filtre_enregistrer(request: HttpRequest) -> HttpResponse:
    """Saves the list's current query string (without its page number) under the label typed; the same label again
    replaces the filters it held. Always goes back to the list (with a French message when something is wrong)."""
    liste = LISTES.get(request.POST.get("liste", ""))
    if liste is None:
        messages.error(request, "Cette liste n'existe pas : le filtre n'a pas été enregistré.")
        return redirect("accueil")
    parametres = QueryDict(request.POST.get("requete", "")[:2000], mutable=True)
    parametres.pop("page", None)
    requete = parametres.urlencode()[:2000]
    # invisible characters (zero-width spaces, controls) do not make a name
    brut = "".join(c for c in request.POST.get("libelle", "") if unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
    libelle = " ".join(brut.split())
    if not libelle:
        messages.error(request, "Donnez un nom au filtre pour l'enregistrer.")
        return redirect(url_de(liste, requete))
    if len(libelle) > 80:
        messages.error(request, f"Le nom du filtre fait {len(libelle)} caractères : 80 au plus.")
        return redirect(url_de(liste, requete))
    mes_filtres = filtres_enregistres(request.user).filter(liste=liste.cle)
    existant = mes_filtres.filter(libelle=libelle).first()
    if existant is None and mes_filtres.count() >= MAXIMUM_PAR_LISTE:
        messages.error(
            request, f"Vous avez déjà {MAXIMUM_PAR_LISTE} filtres pour cette liste : supprimez-en un d'abord."
        )
        return redirect(url_de(liste, requete))
    cle = {"utilisateur": request.user, "liste": liste.cle, "libelle": libelle}
    try:
        with transaction.atomic():
            _, cree = FiltreEnregistre.objects.update_or_create(**cle, defaults={"requete": requete})
    except IntegrityError:  # the same name sent twice at once (a double click): the other request created it
        FiltreEnregistre.objects.filter(**cle).update(requete=requete)
        cree = existant is None
    if cree:
        messages.success(request, f"Filtre « {libelle} » enregistré : retrouvez-le dans « Mes filtres ».")
    else:
        messages.success(request, f"Filtre « {libelle} » mis à jour.")
    return redirect(url_de(liste, requete))


@login_required
@require_POST
def filtre_supprimer(request: HttpRequest, pk: int) -> HttpResponse:
    """Deletes one of the person's saved filters (404 for anyone else's) and goes back to its list."""
    filtre = get_object_or_404(filtres_enregistres(request.user), pk=pk)
    liste = LISTES.get(filtre.liste)
    filtre.delete()
    messages.success(request, f"Filtre « {filtre.libelle} » supprimé.")
    return redirect(url_de(liste, "") if liste else "accueil")
