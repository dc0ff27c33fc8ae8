"""Pages of programmes and réunions réservataires (CASA organises; landlords and réservataires read theirs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr, saisie
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier

from . import livraison, reunions
from .forms import ConvocationForm, LivraisonForm, ProgrammeForm
from .models import EtatProgramme, EtatReunion, Programme
from .rules import fait_avancer_le_programme, organise_la_programmation
from .selectors import programmes_visibles, reunions_visibles


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmation/programmes.html",
        {"programmes": programmes_visibles(request.user), "organise": organise_la_programmation(request.user)},
    )


@login_required
def programme_nouveau(request: HttpRequest) -> HttpResponse:
    if not organise_la_programmation(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = {k: v for k, v in form.cleaned_data.items() if not k.startswith("lot_")}
        try:
            p = reunions.programme_creer(par=request.user, lots=form.lots(), **donnees)
        except ErreurMetier as err:
            form.add_error(err.champ if err.champ in form.fields else None, err.message)
        else:
            messages.success(request, "Programme créé.")
            return redirect("programmation:programme", pk=p.pk)
    return render(request, "programmation/programme_nouveau.html", {"form": form})


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(programmes_visibles(request.user), pk=pk)
    if request.method == "POST" and "avancer" in request.POST:
        return _avancer(request, p)
    form = ConvocationForm(request.POST or None)
    if request.method == "POST":
        if not organise_la_programmation(request.user):
            raise PermissionDenied
        if form.is_valid():
            invitees = [p.bailleur.nom] + [o.nom for o in form.cleaned_data["organisations"] if o != p.bailleur]
            action = Action(
                titre=f"Convoquer la réunion réservataires du programme {p.nom} ?",
                effets=[
                    f"La réunion du {timezone.localtime(form.cleaned_data['date']):%d/%m/%Y à %H h %M} "
                    f"({form.cleaned_data['lieu']}) sera créée.",
                    "Seront convoqués, par courriel quand l'organisation en a un : " + ", ".join(invitees) + ".",
                ],
                bouton="Confirmer la convocation",
                retour=reverse("programmation:programme", args=[p.pk]),
                definitif="Un courriel parti ne se reprend pas.",
                danger=False,
            )
            if (reponse := confirmer(request, action)) is not None:
                return reponse
            try:
                r = reunions.reunion_convoquer(par=request.user, programme=p, **form.cleaned_data)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                messages.success(request, "Réunion convoquée : les convocations partent par courriel.")
                return redirect("programmation:reunion", pk=r.pk)
    return render(
        request,
        "programmation/programme.html",
        {
            "programme": p,
            "lots": p.lots.all(),
            "reunions": p.reunions.all(),
            "form": form,
            "organise": organise_la_programmation(request.user),
            "transitions": p.transitions.select_related("par"),
            "suivant": livraison.SUIVANT.get(p.etat),
            "suivant_libelle": EtatProgramme(livraison.SUIVANT[p.etat]).label if p.etat in livraison.SUIVANT else "",
            "etats": EtatProgramme.choices,
            "livrer": livraison.SUIVANT.get(p.etat) == EtatProgramme.LIVRE,
            "fait_avancer": fait_avancer_le_programme(request.user, p),
        },
    )


def _avancer(request: HttpRequest, p: Programme) -> HttpResponse:
    if not fait_avancer_le_programme(request.user, p):
        raise PermissionDenied
    vers = request.POST.get("avancer", "")
    # otherwise the service says why not; a confirmation sent again is answered as such
    possible = livraison.SUIVANT.get(p.etat) == vers and vers in (EtatProgramme.FINANCE, EtatProgramme.CHANTIER)
    if vers == EtatProgramme.FINANCE:  # financing needs the validated split (livraison.programme_avancer)
        possible = possible and livraison.reunion_validee(p) is not None
    if possible or confirmee(request):
        action = Action(
            titre=f"Passer le programme {p.nom} à « {EtatProgramme(vers).label} » ?",
            effets=[
                f"Le programme passera de « {p.get_etat_display()} » à « {EtatProgramme(vers).label} » ; "
                "le changement est noté dans son historique avec votre nom."
            ],
            bouton=f"Confirmer : « {EtatProgramme(vers).label} »",
            retour=reverse("programmation:programme", args=[p.pk]),
            definitif="Un programme ne revient pas à l'état précédent.",
            danger=False,
        )
        if (reponse := confirmer(request, action)) is not None:
            return reponse
    try:
        p = livraison.programme_avancer(
            par=request.user,
            programme=p,
            vers=request.POST.get("avancer", ""),
            commentaire=request.POST.get("commentaire", ""),
        )
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Le programme est désormais « {p.get_etat_display()} ».")
    return redirect("programmation:programme", pk=p.pk)


def _livraison(p: Programme, form: LivraisonForm) -> Action:
    """What delivering says before it creates the résidence and its dwellings."""
    return Action(
        titre=f"Livrer le programme {p.nom} ?",
        effets=[
            f"Le programme sera livré le {format_fr.date(form.cleaned_data['date_livraison'])} : sa résidence "
            f"(référence « {form.cleaned_data['reference']} ») et ses "
            f"{format_fr.compte(sum(lot.nombre for lot in p.lots.all()), 'logement', 'logements')} seront créés "
            "avec les surfaces et loyers saisis et les réservataires de la répartition validée.",
            "Tous les logements seront déclarés à pourvoir.",
        ],
        bouton="Confirmer la livraison",
        retour=reverse("programmation:programme", args=[p.pk]),
        definitif="Une livraison ne s'annule pas : les logements créés restent au parc.",
        danger=False,
    )


@login_required
def programme_livrer(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(programmes_visibles(request.user), pk=pk)
    if not fait_avancer_le_programme(request.user, p):
        raise PermissionDenied
    if p.etat != EtatProgramme.CHANTIER:
        messages.error(request, "Seul un programme en chantier peut être livré.")
        return redirect("programmation:programme", pk=p.pk)
    proposees = livraison.caracteristiques_proposees(p)
    form = LivraisonForm(request.POST or None, programme=p, proposees=proposees)
    if request.method == "POST" and form.is_valid():
        donnees = {
            "date_livraison": form.cleaned_data["date_livraison"],
            "reference": form.cleaned_data["reference"],
            "caracteristiques": form.caracteristiques(),
        }
        try:  # a wrong figure is said at once, before any confirmation; then the delivery itself
            livraison.livraison_verifier(programme=p, **donnees)
            if (reponse := confirmer(request, _livraison(p, form))) is not None:
                return reponse
            residence = livraison.programme_livrer(par=request.user, programme=p, **donnees)
        except ErreurMetier as err:
            form.add_error(err.champ if err.champ in form.fields else None, err.message)
        else:
            messages.success(
                request,
                f"Programme livré : {residence.nombre_logements} logements créés avec leur réservataire, "
                "tous déclarés à pourvoir.",
            )
            return redirect("programmation:residence", pk=residence.pk)
    return render(request, "programmation/livrer.html", {"programme": p, "form": form, "lots": form.lignes()})


def _grille(reunion):
    lots = list(reunion.programme.lots.all())
    organisations = [i.organisation for i in reunion.invitations.select_related("organisation")]
    existantes = {(p.reservataire_id, p.typologie, p.financement): p.nombre for p in reunion.parts.all()}
    return lots, [
        (
            o,
            [
                (
                    lot,
                    f"part_{o.pk}_{lot.typologie}_{lot.financement}",
                    existantes.get((o.pk, lot.typologie, lot.financement), ""),
                )
                for lot in lots
            ],
        )
        for o in organisations
    ]


def _validation(r) -> Action:
    """What validating the split says before it makes it final."""
    return Action(
        titre=f"Valider la répartition du programme {r.programme.nom} ?",
        effets=[
            "La répartition enregistrée entre réservataires deviendra définitive (ce qui n'est pas "
            "enregistré n'en fait pas partie : enregistrez d'abord vos dernières saisies).",
            "Le compte rendu (PDF) sera produit ; le programme pourra passer à « Financé ».",
        ],
        bouton="Confirmer la validation",
        retour=reverse("programmation:reunion", args=[r.pk]),
        definitif="Une répartition validée ne se modifie plus.",
        danger=False,
    )


def _saisie_enregistrer(request: HttpRequest, r, lignes) -> None:
    """Records the attendance ticked and the split typed in the grid (ErreurMetier for a cell that is no number)."""
    orgs = {o.pk: o for o, _ in lignes}
    presentes = [orgs[i] for i in saisie.identifiants(request.POST.getlist("presentes")) if i in orgs]
    reunions.presences_enregistrer(par=request.user, reunion=r, presentes=presentes)
    parts = []
    for o, cellules in lignes:
        for lot, nom, _ in cellules:
            valeur = request.POST.get(nom, "").strip()
            if valeur:
                nombre = saisie.entier(valeur)
                if nombre is None:
                    raise ErreurMetier(f"« {valeur} » n'est pas un nombre de logements ({o.nom}).")
                parts.append((o, lot.typologie, lot.financement, nombre))
    reunions.repartition_enregistrer(par=request.user, reunion=r, parts=parts)


@login_required
def reunion(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_object_or_404(reunions_visibles(request.user), pk=pk)
    lots, lignes = _grille(r)
    erreur = None
    if request.method == "POST":
        if not organise_la_programmation(request.user):
            raise PermissionDenied
        try:
            if "valider" in request.POST:
                # validated already: the service says so, without a confirmation first
                confirmation = r.etat != EtatReunion.VALIDEE or confirmee(request)
                if confirmation and (reponse := confirmer(request, _validation(r))) is not None:
                    return reponse
                reunions.reunion_valider(par=request.user, reunion=r)
                messages.success(request, "Répartition validée : le compte rendu est prêt.")
            else:
                _saisie_enregistrer(request, r, lignes)
                messages.success(request, "Présences et répartition enregistrées.")
            return redirect("programmation:reunion", pk=r.pk)
        except ErreurMetier as err:
            erreur = err.message
            saisies = request.POST
            lignes = [(o, [(lot, nom, saisies.get(nom, "")) for lot, nom, _ in cellules]) for o, cellules in lignes]
    return render(
        request,
        "programmation/reunion.html",
        {
            "reunion": r,
            "lots": lots,
            "lignes": lignes,
            "erreur": erreur,
            "organise": organise_la_programmation(request.user),
            "validee": r.etat == EtatReunion.VALIDEE,
            "synthese": reunions.parts_par_reservataire(r),
            "presentes": set(r.invitations.filter(presente=True).values_list("organisation_id", flat=True)),
        },
    )


@login_required
def compte_rendu(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_object_or_404(
        reunions_visibles(request.user),
        pk=pk,
        etat=EtatReunion.VALIDEE,
    )
    reponse = HttpResponse(bytes(r.compte_rendu), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="compte_rendu_reunion_{r.pk}.pdf"'
    return reponse
