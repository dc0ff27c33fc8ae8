"""Pages of the account's security: the second factor (enrolment at first login, the code at each login, the
recovery codes), and for administrators the unlock of a throttled login and the reset of a lost second factor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from commun import format_fr
from commun.confirmation import Action, confirmer
from commun.erreurs import ErreurMetier

from . import deuxieme_facteur, selectors


def _suite(request: HttpRequest) -> str:
    suite = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return suite


@login_required
def deuxieme_facteur_page(request: HttpRequest) -> HttpResponse:
    """Enrolment (first login: QR code, secret, first code) or the code of this login (or a recovery code)."""
    suite = _suite(request)
    if request.user.is_verified():
        return redirect(suite)
    if not deuxieme_facteur.a_un_appareil(request.user):
        return _enrolement(request, suite)
    return _code_de_connexion(request, suite)


def _enrolement(request: HttpRequest, suite: str) -> HttpResponse:
    """First login: the QR code and the secret of a new device; its first code activates it and shows the recovery
    codes once."""
    user = request.user
    appareil = deuxieme_facteur.enrolement_commencer(user)
    erreur = None
    if request.method == "POST":
        try:
            codes = deuxieme_facteur.enrolement_confirmer(
                user=user, appareil=appareil, code=request.POST.get("code", "")[:20]
            )
        except ErreurMetier as err:
            erreur = err.message
        else:
            appareil.refresh_from_db()
            otp_login(request, appareil)
            return render(request, "territoire/securite/codes_de_secours.html", {"codes": codes, "suite": suite})
    return render(
        request,
        "territoire/securite/activer.html",
        {
            "qr": deuxieme_facteur.qr_svg(appareil),
            "cle": deuxieme_facteur.cle_lisible(appareil),
            "erreur": erreur,
            "suite": suite,
        },
        status=200 if erreur is None else 400,
    )


def _code_de_connexion(request: HttpRequest, suite: str) -> HttpResponse:
    """The code of this login, from the application (held during django-otp's wait after wrong codes) or a
    recovery code (then says how many are left)."""
    user = request.user
    erreur = None
    code = "".join(request.POST.get("code", "").split())[:40]
    code_de_l_application = code.isdigit() and len(code) == 6
    if request.method == "POST" and code_de_l_application and (secondes := deuxieme_facteur.attente(user)):
        # django-otp would refuse even the right code during its wait: say how long (a recovery code is not held)
        erreur = (
            f"Après plusieurs codes faux, attendez {secondes} seconde{'s' if secondes > 1 else ''} avant de saisir le "
            "code affiché (ou saisissez un code de secours)."
        )
    elif request.method == "POST":
        appareil = deuxieme_facteur.verifier(user, code)
        if appareil is not None:
            otp_login(request, appareil)
            if appareil.__class__.__name__ == "StaticDevice":
                reste = deuxieme_facteur.codes_de_secours_restants(user)
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {reste}. Régénérez-les depuis « Sécurité du compte ».",
                )
            return redirect(suite)
        erreur = (
            "Code refusé. Saisissez le code affiché en ce moment par l'application (ou un code de secours) ; après "
            "plusieurs erreurs, chaque nouvel essai attend quelques secondes de plus."
        )
    return render(
        request,
        "territoire/securite/verifier.html",
        {"erreur": erreur, "suite": suite},
        status=200 if erreur is None else 400,
    )


CODES_A_MONTRER = "codes_de_secours_a_montrer"


@login_required
def compte_securite(request: HttpRequest) -> HttpResponse:
    """« Sécurité du compte »: the second factor's state, the recovery codes left, new codes (shown once: the POST
    keeps them in the session for the next page only, so a reload neither shows them again nor makes new ones)."""
    user = request.user
    if request.method == "POST":
        restants = deuxieme_facteur.codes_de_secours_restants(user)
        reponse = confirmer(
            request,
            Action(
                titre="Générer de nouveaux codes de secours ?",
                effets=[
                    "Dix nouveaux codes de secours seront affichés une seule fois : notez-les aussitôt.",
                    f"Les {format_fr.compte(restants, 'code', 'codes')} encore valables aujourd'hui ne serviront plus.",
                ],
                bouton="Confirmer : nouveaux codes",
                retour=reverse("compte_securite"),
                definitif="Les anciens codes ne pourront pas être rétablis.",
                danger=False,
            ),
        )
        if reponse is not None:
            return reponse
        try:
            request.session[CODES_A_MONTRER] = deuxieme_facteur.codes_de_secours_regenerer(user=user)
        except ErreurMetier as err:
            messages.error(request, err.message)
        return redirect("compte_securite")
    return render(
        request,
        "territoire/securite/compte.html",
        {
            "actif": deuxieme_facteur.a_un_appareil(user),
            "requis": deuxieme_facteur.requis(user),
            "restants": deuxieme_facteur.codes_de_secours_restants(user),
            "codes": request.session.pop(CODES_A_MONTRER, None),
        },
    )


def _cible_administree(request: HttpRequest, pk: int):
    cible = get_object_or_404(selectors.utilisateurs_visibles(request.user), pk=pk)
    if not request.user.has_perm("territoire.gerer_compte", cible):
        raise PermissionDenied(
            "Seul l'administrateur de toutes les organisations de ce compte (ou celui de la CASA) agit sur le compte."
        )
    return cible


@login_required
@require_POST
def debloquer(request: HttpRequest, pk: int) -> HttpResponse:
    """Lifts the login lock of the account (django-axes' failures for this identifier)."""
    cible = _cible_administree(request, pk)
    deuxieme_facteur.connexion_debloquer(par=request.user, utilisateur=cible)
    messages.success(request, "Connexion débloquée : la personne peut se connecter de nouveau.")
    return redirect("utilisateur_detail", pk=cible.pk)


@login_required
@require_POST
def reinitialiser_deuxieme_facteur(request: HttpRequest, pk: int) -> HttpResponse:
    """A lost phone: the person enrols a new device at the next login."""
    cible = _cible_administree(request, pk)
    qui = cible.get_full_name() or cible.username
    reponse = confirmer(
        request,
        Action(
            titre=f"Réinitialiser le second facteur de {qui} ?",
            effets=[
                f"L'application d'authentification de {qui} et ses codes de secours ne seront plus acceptés.",
                "Ses sessions ouvertes seront fermées ; à sa prochaine connexion, la personne activera un nouveau "
                "second facteur (mot de passe puis code QR).",
            ],
            bouton="Confirmer la réinitialisation",
            retour=reverse("utilisateur_detail", args=[cible.pk]),
            definitif="L'ancien appareil ne pourra pas être rétabli.",
        ),
    )
    if reponse is not None:
        return reponse
    deuxieme_facteur.reinitialiser(par=request.user, utilisateur=cible)
    messages.success(
        request, "Second facteur réinitialisé : la personne en activera un nouveau à sa prochaine connexion."
    )
    return redirect("utilisateur_detail", pk=cible.pk)
