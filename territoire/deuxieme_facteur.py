"""The second factor (django-otp): a time-based code (TOTP, RFC 6238, 6 digits every 30 s, any authenticator app)
and ten single-use recovery codes. Required, from the first login, for anyone holding in any organisation one of the
roles of ``settings.CASA_ROLES_DEUXIEME_FACTEUR`` (those that read sensitive data or administer accounts), and for
Django superusers. The middleware (territoire.middleware.DeuxiemeFacteurMiddleware) sends them to enrol or to type a
code before anything else; API keys are not concerned (they have their own expiry and scope).

Errors are ErreurMetier with a French message. Nothing here logs a code, a secret or a name."""

from __future__ import annotations

import base64
import logging

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from commun.erreurs import ErreurMetier

from .models import EvenementCompte, Habilitation, NatureEvenementCompte, Utilisateur

journal = logging.getLogger(__name__)

NOM_APPAREIL = "Application d'authentification"
NOM_SECOURS = "Codes de secours"


def sessions_fermer(utilisateur: Utilisateur) -> int:
    """Ends every open session of the person (database sessions: the live ones are decoded to find theirs).
    Returns how many were ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    fermees = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if session.get_decoded().get("_auth_user_id") == str(utilisateur.pk):
            session.delete()
            fermees += 1
    return fermees


def exige(user: Utilisateur) -> bool:
    """Is a code asked at this person's login? When its roles need it, or once it enrolled a device of its own will."""
    return requis(user) or a_un_appareil(user)


def requis(user: Utilisateur) -> bool:
    """Does this person need a second factor? Superusers, and anyone with an active habilitation in a listed role."""
    if getattr(user, "est_compte_api", False):
        return False
    if user.is_superuser:
        return True
    roles = settings.CASA_ROLES_DEUXIEME_FACTEUR
    return Habilitation.objects.actives().filter(utilisateur=user, role__in=roles).exists()


def a_un_appareil(user: Utilisateur) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolement_commencer(user: Utilisateur) -> TOTPDevice:
    """The device being enrolled: a new secret (160 bits, django-otp's default), not yet confirmed; the same one while
    the person has not confirmed it (a reload keeps the code the app already shows)."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name=NOM_APPAREIL, confirmed=False)
    return appareil


def cle_lisible(appareil: TOTPDevice) -> str:
    """The secret in base32 by groups of four (what an app asks when the QR code can't be scanned)."""
    cle = base64.b32encode(appareil.bin_key).decode().rstrip("=")
    return " ".join(cle[i : i + 4] for i in range(0, len(cle), 4))


def qr_svg(appareil: TOTPDevice) -> SafeString:
    """The otpauth:// link of the device as an inline SVG QR code (segno; no image request, no script)."""
    svg = segno.make(appareil.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 — segno's own SVG markup, the link it encodes is ours


def _codes_de_secours(user: Utilisateur) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    secours = StaticDevice.objects.create(user=user, name=NOM_SECOURS, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.CASA_CODES_DE_SECOURS)]
    StaticToken.objects.bulk_create(StaticToken(device=secours, token=c) for c in codes)
    return codes


@transaction.atomic
def enrolement_confirmer(*, user: Utilisateur, appareil: TOTPDevice, code: str) -> list[str]:
    """Confirms the device with a code the app shows; replaces any older device; returns the ten new recovery codes
    (shown once). Raises ErreurMetier when the code is wrong (or tried too often: django-otp waits 1, 2, 4… s)."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        raise ErreurMetier("Saisissez les 6 chiffres affichés par l'application.", champ="code")
    appareil = TOTPDevice.objects.select_for_update().get(pk=appareil.pk, user=user)
    if not appareil.verify_token(code):
        raise ErreurMetier(
            "Code refusé : vérifiez l'heure du téléphone et saisissez le code affiché en ce moment.", champ="code"
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=appareil.pk).delete()
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    EvenementCompte.objects.create(utilisateur=user, par=user, nature=NatureEvenementCompte.DEUXIEME_FACTEUR_ACTIVE)
    journal.info("second facteur activé (utilisateur %s)", user.pk)
    return _codes_de_secours(user)


def verifier(user: Utilisateur, code: str):
    """The confirmed device (TOTP or recovery code, which is then used up) that accepts this code, or None."""
    code = "".join(code.split()).lower()
    if not code or len(code) > 16:
        return None
    return match_token(user, code)


@transaction.atomic
def codes_de_secours_regenerer(*, user: Utilisateur) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Raises ErreurMetier without an enrolled device."""
    if not a_un_appareil(user):
        raise ErreurMetier("Activez d'abord le second facteur.")
    EvenementCompte.objects.create(utilisateur=user, par=user, nature=NatureEvenementCompte.CODES_DE_SECOURS_REGENERES)
    return _codes_de_secours(user)


def codes_de_secours_restants(user: Utilisateur) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reinitialiser(*, par: Utilisateur, utilisateur: Utilisateur) -> int:
    """An administrator removes a person's second factor (lost phone): enrolment again at the next login. Returns the
    number of devices removed. The permission is checked by the caller (territoire.rules)."""
    nombre = 0
    for appareil in devices_for_user(utilisateur, confirmed=None):
        appareil.delete()
        nombre += 1
    sessions_fermer(utilisateur)  # whoever holds an open session must give the password again
    EvenementCompte.objects.create(
        utilisateur=utilisateur, par=par, nature=NatureEvenementCompte.DEUXIEME_FACTEUR_REINITIALISE
    )
    journal.info("second facteur réinitialisé (utilisateur %s, par %s)", utilisateur.pk, par.pk)
    return nombre


@transaction.atomic
def connexion_debloquer(*, par: Utilisateur, utilisateur: Utilisateur) -> int:
    """An administrator lifts the login lock of an account (django-axes' failures recorded for its identifier).
    Returns the number of records removed. The permission is checked by the caller (territoire.rules)."""
    from axes.utils import reset

    nombre = reset(username=utilisateur.get_username())
    EvenementCompte.objects.create(utilisateur=utilisateur, par=par, nature=NatureEvenementCompte.CONNEXION_DEBLOQUEE)
    return nombre


def etat_du_compte(utilisateur: Utilisateur) -> dict:
    """What an administrator sees on an account's page: {"actif": second factor enrolled, "requis": needed by its
    roles, "bloquee": login locked now (django-axes, for its identifier), "evenements": the last 10 EvenementCompte}."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    # django-axes keeps a row per (identifier, address, browser): the identifier's lock counts them all
    echecs = AccessAttempt.objects.filter(
        username=utilisateur.get_username(), attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    ).aggregate(n=Sum("failures_since_start"))["n"]
    bloquee = (echecs or 0) >= settings.AXES_FAILURE_LIMIT
    return {
        "actif": a_un_appareil(utilisateur),
        "requis": requis(utilisateur),
        "bloquee": bloquee,
        "evenements": list(utilisateur.evenements_securite.select_related("par")[:10]),
    }


def attente(user: Utilisateur) -> int:
    """Seconds to wait before the app's code can be checked again (django-otp waits 1, 2, 4… s after wrong codes):
    a right code typed during the wait would be refused, so the page says how long. 0 when nothing holds."""
    from django.utils import timezone
    from django_otp.models import MAX_THROTTLE_DELAY_SECONDS

    reste = 0
    for appareil in TOTPDevice.objects.filter(user=user, confirmed=True, throttling_failure_count__gt=0):
        if appareil.throttling_failure_timestamp is None:
            continue
        requis_s = min(
            appareil.get_throttle_factor() * 2 ** (appareil.throttling_failure_count - 1), MAX_THROTTLE_DELAY_SECONDS
        )
        ecoule = (timezone.now() - appareil.throttling_failure_timestamp).total_seconds()
        reste = max(reste, int(requis_s - ecoule + 0.999))
    return max(reste, 0)
