"""The confirmation step of the actions that cannot be undone (radiate a demand, close a session, apply a CAL's
decisions, revoke an API key…): one mechanism for every app.

The action's form posts as before. Its view checks the rights and the form, then calls `confirmer(request, …)`:

- without a confirmation token, it answers the confirmation page (200): what the action will do, in sentences, a
  « Confirmer » button that posts the same fields again with a token, and « Annuler », a link back. No new URL, no
  JavaScript, the CSRF token is the page's own;
- with a valid token never used, it answers None: the view acts;
- with a token already used (a double click without JavaScript, a reload, a replay), it acts not and sends back to
  the page the action comes from with a message: the action is done once, never a 500.

The token is signed (django.core.signing: the account, the path and a random nonce, valid two hours) so that it
confirms this action for this person only, and spent in the cache (Redis) by `cache.add`, which is atomic: of two
requests carrying it at the same instant one acts. The services' own guards (row locks, states checked again) stay
the real protection; the token gives every action the same answer to a second click. Tests and tools post the
confirmation page's fields back (tests/conftest.py `confirmer`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

CHAMP = "confirmation"  # the form field that carries the token
DUREE = 2 * 3600  # seconds a confirmation page stays valid (and a spent token is remembered)
SEL = "commun.confirmation"
DEJA_FAITE = "Cette confirmation a déjà été envoyée : l'action n'est faite qu'une fois."
EXPIREE = "La page de confirmation a expiré : relisez ce qui va être fait et confirmez à nouveau."
AUTRE = (
    "Cette confirmation avait été préparée pour une autre personne ou une autre page : rien n'a été fait ; relisez "
    "ce qui va être fait et confirmez."
)


@dataclass(frozen=True)
class Action:
    """What the confirmation page says. `titre`: the page's heading (« Radier la demande n° 006… ? »); `effets`:
    what will happen, one sentence each; `bouton`: the confirm button's label (« Confirmer la radiation »);
    `retour`: the URL of « Annuler » and of the redirect after a replayed token; `definitif`: the warning under the
    effects (empty: none); `danger`: a red button (an action that removes or ends something); `en_cours`: what the
    button says while the server works (static/js/formulaires.js)."""

    titre: str
    effets: Iterable[str]
    bouton: str
    retour: str
    definitif: str = "Cette action ne peut pas être annulée."
    danger: bool = True
    en_cours: str = "Action en cours…"


def _insecables(texte: str) -> str:
    """French typography: no line break before « ? : ; ! » » nor after « « » and « n° » (a lone « ? » on a phone's
    last line)."""
    return re.sub(r"(«|n°) ", "\\1\u00a0", re.sub(r" ([?:;!»])", "\u00a0\\1", texte))


def _jeton(request: HttpRequest) -> str:
    return signing.dumps({"u": request.user.pk, "c": request.path, "n": secrets.token_urlsafe(16)}, salt=SEL)


def _lire(request: HttpRequest, jeton: str) -> tuple[str | None, str]:
    """(the token's nonce, "") if it was signed by us for this account and this path less than DUREE ago; else
    (None, the message that says why: expired, or prepared for another person or page)."""
    try:
        contenu = signing.loads(jeton, salt=SEL, max_age=DUREE)
    except signing.SignatureExpired:
        return None, EXPIREE
    except signing.BadSignature:
        return None, AUTRE
    if not isinstance(contenu, dict) or contenu.get("u") != request.user.pk or contenu.get("c") != request.path:
        return None, AUTRE
    nonce = contenu.get("n")
    return (nonce, "") if isinstance(nonce, str) else (None, AUTRE)


def confirmee(request: HttpRequest) -> bool:
    """Whether the POST carries a confirmation token (valid or not): a view that asks for a confirmation only in some
    cases (a decision that ends a right, not one that keeps it) still lets a confirmed post through `confirmer`."""
    return CHAMP in request.POST


def confirmer(
    request: HttpRequest, action: Action | Callable[[], Action], *, retour: str | None = None
) -> HttpResponse | None:
    """None when the POST carries an unspent confirmation token for this account and path (the token is spent: the
    caller acts now); otherwise the response to return: the confirmation page (200), or, for a token already spent,
    a redirect to `action.retour` with a message. Call it after the rights and the form are checked (a refusal or a
    missing field is said before anything is confirmed) and before the service acts. `action` may be a function
    that builds it, called only to show the page (its reading may refuse, with an ErreurMetier, an action already
    done): `retour` then says where a replayed token goes back to."""
    jeton = request.POST.get(CHAMP, "")
    avis = None
    if jeton:
        nonce, avis = _lire(request, jeton)
        if nonce is not None:
            if cache.add(f"confirmation:{nonce}", request.user.pk, DUREE):
                return None
            messages.info(request, DEJA_FAITE)
            return redirect(retour or action.retour)
    if callable(action):
        action = action()
    champs = [
        (nom, valeur)
        for nom, valeurs in request.POST.lists()
        if nom not in (CHAMP, "csrfmiddlewaretoken")
        for valeur in valeurs
    ]
    return render(
        request,
        "confirmation.html",
        {
            "action": action,
            "titre": _insecables(action.titre),
            "effets": [_insecables(effet) for effet in action.effets],
            "champs": champs,
            "jeton": _jeton(request),
            "avis": avis,
            "champ": CHAMP,
        },
    )
