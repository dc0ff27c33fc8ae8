"""The audit journal's page (/journal/): CASA's administrators only (territoire.voir_journal, docs/roles.md)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commun import saisie

from .evenements import ACTIONS_URL, Filtres, Journal, auteurs, modele_par_cle, modele_par_label, modeles_suivis

PAR_PAGE = 50
NUMERO_DEMANDE = re.compile(r"[0-9A-Z]{18}")


def _demande_par_numero(numero: str) -> int | None:
    """The id of the demand with this number, even deleted since (its events keep it)."""
    from demandes.models import Demande

    pk = Demande.objects.filter(numero=numero).values_list("pk", flat=True).first()
    if pk is None:
        evenements = modele_par_label("demandes.Demande").evenement.objects
        pk = evenements.filter(numero=numero).values_list("pgh_obj_id", flat=True).first()
    return pk


def _filtres(request: HttpRequest, personnes) -> tuple[Filtres, dict, list[str]]:
    """The filters read from the URL, what the form shows back, and a French message for each value that cannot be
    read (that filter is left out, the others apply)."""
    erreurs, valeurs, f = [], {}, {}
    for nom, libelle in (("du", "« Du »"), ("au", "« Au »")):
        brut = request.GET.get(nom, "").strip()
        if brut:
            jour = saisie.date_iso(brut)
            if jour is None:
                erreurs.append(
                    f"Date {libelle} illisible ou hors des années 1900 à 2100 : choisissez-la dans le calendrier "
                    "(JJ/MM/AAAA)."
                )
            else:
                f[nom] = jour
                valeurs[nom] = jour.isoformat()
    if "du" in f and "au" in f and f["du"] > f["au"]:
        erreurs.append("La période est à l'envers : la date « Du » est après la date « Au ».")
        del f["du"], f["au"]
        valeurs.pop("du"), valeurs.pop("au")

    qui = request.GET.get("qui", "").strip()
    if qui:
        qui_id = saisie.identifiant(qui)
        if qui_id is None or not personnes.filter(pk=qui_id).exists():
            erreurs.append("Cette personne n'a fait aucune modification : le filtre « Qui » est ignoré.")
        else:
            f["qui"] = valeurs["qui"] = qui_id

    cle = request.GET.get("objet", "").strip()
    if cle:
        modele = modele_par_cle(cle[:60])
        if modele is None:
            erreurs.append("Type d'objet inconnu : le filtre « Objet » est ignoré.")
        else:
            f["modele"] = modele
            valeurs["objet"] = modele.cle

    numero = request.GET.get("numero", "").strip()
    if numero:
        valeurs["numero"] = numero[:40]
        texte = re.sub(r"\s", "", numero).upper()
        modele = f.get("modele")
        if NUMERO_DEMANDE.fullmatch(texte) and (modele is None or modele.label == "demandes.Demande"):
            f["modele"] = modele_par_cle("demande")
            valeurs["objet"] = "demande"
            pk = _demande_par_numero(texte)
            if pk is None:
                erreurs.append(f"Aucune demande ne porte le numéro {texte}.")
                f["objet_id"] = 0  # no event has object 0: the page says so and lists nothing
            else:
                f["objet_id"] = pk
        elif saisie.identifiant(texte) is not None:
            if modele is None:
                erreurs.append(
                    "Choisissez le type d'objet de la référence n° "
                    f"{saisie.identifiant(texte)} (une demande se cherche par son numéro à 18 caractères) : "
                    "le filtre « N° » est ignoré."
                )
            else:
                f["objet_id"] = saisie.identifiant(texte)
        else:
            erreurs.append(
                "Numéro illisible : tapez le numéro unique d'une demande (18 lettres et chiffres) ou la référence "
                "d'un objet (un nombre) : le filtre « N° » est ignoré."
            )

    action = request.GET.get("action", "").strip()
    if action:
        if action not in ACTIONS_URL:
            erreurs.append("Action inconnue : le filtre « Action » est ignoré.")
        else:
            f["action"] = ACTIONS_URL[action]
            valeurs["action"] = action
    return Filtres(**f), valeurs, erreurs


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """Every change of an audited row, most recent first, 50 a page: when, who (and the API key), what kind, which
    object (linked when the reader may open it), which fields changed, before → after, in words."""
    if not request.user.has_perm("territoire.voir_journal"):
        raise PermissionDenied
    personnes = auteurs(request.user)
    filtres, valeurs, erreurs = _filtres(request, personnes)
    page = Paginator(Journal(request.user, filtres), PAR_PAGE).get_page(
        saisie.entier(request.GET.get("page"), minimum=1, defaut=1)
    )
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "journal/journal.html",
        {
            "page": page,
            "erreurs": erreurs,
            "valeurs": valeurs,
            "personnes": personnes,
            "modeles": sorted(modeles_suivis(), key=lambda m: m.nom),
            "actions": [("creation", "Création"), ("modification", "Modification"), ("suppression", "Suppression")],
            "parametres": parametres.urlencode(),
        },
    )
