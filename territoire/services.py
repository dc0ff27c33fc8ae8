"""Use cases of the territory: organisations, users, habilitations, API keys.

Keyword-only functions taking the acting user (``par``); each runs in a transaction and raises ErreurMetier with a
French message, or PermissionDenied when the role may not act.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from commun.erreurs import ErreurMetier

from .contexte import Contexte, contexte_calculer
from .models import CleApi, Habilitation, Organisation, PorteeCle, Utilisateur
from .roles import ROLES_PAR_TYPE, Role, TypeOrganisation, role_permis

# --------------------------------------------------------------------------- context


def organisation_courante_choisir(*, utilisateur: Utilisateur, organisation_id: int) -> Contexte:
    ctx = contexte_calculer(utilisateur=utilisateur, organisation_id=organisation_id)
    if ctx.organisation_id != organisation_id:
        raise ErreurMetier("Vous n'avez pas d'habilitation active pour cette organisation.")
    if utilisateur.organisation_preferee_id != organisation_id:
        utilisateur.organisation_preferee_id = organisation_id
        utilisateur.save(update_fields=["organisation_preferee"])
    return ctx


# --------------------------------------------------------------------------- organisations


def organisation_epci() -> Organisation:
    """The EPCI that runs this instance (CASA), created on first use from its SIREN (Organisation.objects.epci)."""
    return Organisation.objects.epci()


def slug_unique(nom: str, exclure_pk: int | None = None) -> str:
    base = slugify(nom)[:70] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exclude(pk=exclure_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --------------------------------------------------------------------------- users and habilitations


def _verifier_administre(par: Utilisateur, organisation: Organisation) -> None:
    if not par.has_perm("territoire.gerer_habilitations", organisation):
        raise PermissionDenied("Vous n'administrez pas cette organisation.")


@transaction.atomic
def habilitation_ajouter(
    *, par: Utilisateur, utilisateur: Utilisateur, organisation: Organisation, role: str, date_fin=None
) -> Habilitation:
    _verifier_administre(par, organisation)
    if not role_permis(organisation.type, role):
        permis = ", ".join(sorted(Role(r).label for r in ROLES_PAR_TYPE.get(organisation.type, ())))
        raise ErreurMetier(
            f"Le rôle « {Role(role).label} » ne peut pas être donné dans une organisation de type "
            f"« {organisation.get_type_display()} ». Rôles possibles : {permis}.",
            champ="role",
        )
    if date_fin is not None and date_fin < timezone.localdate():
        raise ErreurMetier("La date de fin ne peut pas être passée.", champ="date_fin")
    habilitation, cree = Habilitation.objects.select_for_update().get_or_create(
        utilisateur=utilisateur,
        organisation=organisation,
        role=role,
        defaults={"date_fin": date_fin},
    )
    if not cree:
        if habilitation.active and habilitation.date_fin is None:
            raise ErreurMetier("Cette personne a déjà ce rôle dans cette organisation.", champ="role")
        habilitation.active = True
        habilitation.date_debut = min(habilitation.date_debut, timezone.localdate())
        habilitation.date_fin = date_fin
        habilitation.save()
    return habilitation


@transaction.atomic
def habilitation_retirer(*, par: Utilisateur, habilitation: Habilitation) -> Habilitation:
    habilitation = Habilitation.objects.select_for_update().get(pk=habilitation.pk)
    _verifier_administre(par, habilitation.organisation)
    if habilitation.utilisateur_id == par.pk and habilitation.role == Role.ADMINISTRATEUR:
        raise ErreurMetier("Vous ne pouvez pas retirer votre propre rôle d'administrateur : demandez-le à un autre.")
    habilitation.active = False
    habilitation.save(update_fields=["active"])
    return habilitation


@transaction.atomic
def utilisateur_creer(
    *,
    par: Utilisateur,
    organisation: Organisation,
    role: str,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    envoyer_invitation: bool = True,
) -> Utilisateur:
    """Creates a person's account with a first habilitation, and mails a link to choose a password."""
    _verifier_administre(par, organisation)
    email = email.strip()
    if Utilisateur.objects.filter(username__iexact=username).exists():
        raise ErreurMetier("Cet identifiant est déjà pris.", champ="username")
    if email and Utilisateur.objects.filter(email__iexact=email).exists():
        raise ErreurMetier("Un compte existe déjà avec cette adresse électronique.", champ="email")
    try:
        with transaction.atomic():
            utilisateur = Utilisateur.objects.create_user(
                username=username, email=email, first_name=first_name, last_name=last_name, password=None
            )
    except IntegrityError as exc:  # a double click that raced the checks above
        raise ErreurMetier("Ce compte vient d'être créé : rechargez la page.") from exc
    habilitation_ajouter(par=par, utilisateur=utilisateur, organisation=organisation, role=role)
    if envoyer_invitation and email:
        transaction.on_commit(lambda: invitation_envoyer(utilisateur=utilisateur))
    return utilisateur


def invitation_envoyer(*, utilisateur: Utilisateur) -> None:
    """Mails the person a link to choose a password (Django's reset link: the account has no usable password yet,
    which PasswordResetForm would skip)."""
    contexte = {
        "user": utilisateur,
        "uid": urlsafe_base64_encode(force_bytes(utilisateur.pk)),
        "token": default_token_generator.make_token(utilisateur),
        "protocol": settings.CASA_PROTOCOLE,
        "domain": settings.CASA_DOMAINE,
    }
    send_mail(
        render_to_string("registration/invitation_sujet.txt", contexte).strip(),
        render_to_string("registration/invitation_courriel.txt", contexte),
        None,
        [utilisateur.email],
    )


# --------------------------------------------------------------------------- API keys

PREFIXE_CLE = "casa_"


def _empreinte(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def role_de_cle(organisation: Organisation) -> str:
    """What a partner system acts as: a landlord's system as its manager, a réservataire's as réservataire."""
    if organisation.type == TypeOrganisation.BAILLEUR:
        return Role.GESTIONNAIRE_BAILLEUR
    if organisation.type == TypeOrganisation.EPCI:
        return Role.INSTRUCTEUR
    if organisation.est_reservataire:
        return Role.RESERVATAIRE
    return Role.LECTEUR


def portees_possibles(organisation: Organisation) -> list[str]:
    """The scopes that mean something for a key of this organisation, given the role it acts in (role_de_cle):
    CASA's key (instructor) reads, writes demands and positions candidates; a landlord's reads, declares its dwellings
    to fill, sends its CAL decisions and, if it has a contingent of its own, its list; a réservataire's reads and
    sends its list; any other reads. Also what the keys made before scopes existed were given (migration 0004)."""
    role = role_de_cle(organisation)
    portees = [PorteeCle.LECTURE]
    if role == Role.INSTRUCTEUR:
        portees += [PorteeCle.DEMANDES, PorteeCle.POSITIONNEMENTS]
    elif role == Role.GESTIONNAIRE_BAILLEUR:
        portees += [PorteeCle.LOGEMENTS_A_POURVOIR, PorteeCle.DECISIONS_CAL]
        if organisation.est_reservataire:
            portees.append(PorteeCle.LISTES_RESERVATAIRES)
    elif role == Role.RESERVATAIRE:
        portees.append(PorteeCle.LISTES_RESERVATAIRES)
    return [str(p) for p in portees]


def cle_api_expiration_maximale() -> date:
    """The latest expiry day a key may be given today (settings.CASA_CLE_API_DUREE_MAX_JOURS after today)."""
    return timezone.localdate() + timedelta(days=settings.CASA_CLE_API_DUREE_MAX_JOURS)


@transaction.atomic
def cle_api_creer(
    *,
    par: Utilisateur,
    organisation: Organisation,
    nom: str,
    expire_le: date | None = None,
    portee: list[str] | None = None,
) -> tuple[CleApi, str]:
    """Creates a key; returns it with its secret, shown once and never stored (only its SHA-256 fingerprint).

    ``expire_le``: the last day the key works, from tomorrow to today + CASA_CLE_API_DUREE_MAX_JOURS (default: that
    maximum). ``portee``: among portees_possibles(organisation) (default: all of them, what a key did before scopes).
    Raises PermissionDenied if ``par`` does not administer the organisation, ErreurMetier (with its field) otherwise.
    """
    if not par.has_perm("territoire.gerer_cles_api", organisation):
        raise PermissionDenied("Vous n'administrez pas cette organisation.")
    nom = nom.strip()
    if not nom:
        raise ErreurMetier("Donnez un nom à la clé (à quoi elle sert).", champ="nom")
    expire_le = _cle_expiration_verifier(expire_le)
    portee = _cle_portee_verifier(organisation, portee)
    secret = PREFIXE_CLE + secrets.token_urlsafe(32)
    cle = CleApi.objects.create(
        organisation=organisation,
        nom=nom,
        prefixe=secret[: len(PREFIXE_CLE) + 7],
        empreinte=_empreinte(secret),
        utilisateur=_compte_de_cle_creer(organisation, nom),
        cree_par=par,
        expire_le=expire_le,
        portee=portee,
    )
    return cle, secret


def _cle_expiration_verifier(expire_le: date | None) -> date:
    """The key's last day: given, from tomorrow to the longest allowed, or that longest (ErreurMetier otherwise)."""
    maximum = cle_api_expiration_maximale()
    expire_le = expire_le or maximum
    if expire_le <= timezone.localdate():
        raise ErreurMetier("La date de fin de validité doit être postérieure à aujourd'hui.", champ="expire_le")
    if expire_le > maximum:
        raise ErreurMetier(
            f"Une clé vaut {settings.CASA_CLE_API_DUREE_MAX_JOURS} jours au plus : choisissez une date de fin au plus "
            f"tard le {maximum:%d/%m/%Y}.",
            champ="expire_le",
        )
    return expire_le


def _cle_portee_verifier(organisation: Organisation, portee: list[str] | None) -> list[str]:
    """The key's scopes among portees_possibles(organisation), in that list's order, once each (all of them when
    none is given); ErreurMetier for a scope of no use to the organisation, or none."""
    possibles = portees_possibles(organisation)
    portee = possibles if portee is None else list(portee)
    inutiles = [p for p in portee if p not in possibles]
    if inutiles:
        libelles = ", ".join(f"« {PorteeCle(p).label if p in PorteeCle.values else p} »" for p in inutiles)
        raise ErreurMetier(
            f"Portée sans usage pour une clé de {organisation.nom} : {libelles}. Portées possibles : "
            + ", ".join(f"« {PorteeCle(p).label} »" for p in possibles)
            + ".",
            champ="portee",
        )
    portee = [p for p in possibles if p in portee]  # in the order of the list, once each
    if not portee:
        raise ErreurMetier("Choisissez au moins une portée (ce que la clé permet).", champ="portee")
    return portee


def _compte_de_cle_creer(organisation: Organisation, nom: str) -> Utilisateur:
    """The key's technical account (no password), habilitated in the organisation with the key's role."""
    technique = Utilisateur.objects.create_user(
        username=f"api-{organisation.slug[:40]}-{secrets.token_hex(4)}",
        first_name="Système",
        last_name=f"{organisation.sigle or organisation.nom} ({nom})"[:150],
        est_compte_api=True,
        password=None,
    )
    Habilitation.objects.create(utilisateur=technique, organisation=organisation, role=role_de_cle(organisation))
    return technique


@transaction.atomic
def cle_api_revoquer(*, par: Utilisateur, cle: CleApi) -> CleApi:
    """Revokes a key at once: its next call gets a 401. The audit (pghistory) records who revoked it and from which
    page; ``revoquee_par`` shows it on the page. Revoking a revoked key changes nothing."""
    cle = CleApi.objects.select_for_update().get(pk=cle.pk)
    if not par.has_perm("territoire.gerer_cles_api", cle.organisation):
        raise PermissionDenied("Vous n'administrez pas cette organisation.")
    if cle.revoquee_le is None:
        cle.revoquee_le = timezone.now()
        cle.revoquee_par = par
        cle.save(update_fields=["revoquee_le", "revoquee_par"])
        Habilitation.objects.filter(utilisateur=cle.utilisateur).update(active=False)
        cle.utilisateur.is_active = False
        cle.utilisateur.save(update_fields=["is_active"])
    return cle


def cle_api_authentifier(secret: str) -> CleApi | None:
    """The key of this secret, unless unknown or revoked (None). An expired key is returned: the caller says so
    (territoire.api_auth answers 401 with its expiry date)."""
    if not secret.startswith(PREFIXE_CLE):
        return None
    return (
        CleApi.objects.select_related("utilisateur", "organisation")
        .filter(empreinte=_empreinte(secret), revoquee_le__isnull=True, utilisateur__is_active=True)
        .first()
    )


# How precisely the page knows a key's last use: one write per key and per minute at most, not one per request.
PRECISION_DERNIERE_UTILISATION = timedelta(minutes=1)


def cle_api_utilisation_noter(*, cle: CleApi) -> None:
    """Notes that the key was just used (an accepted call), unless it was noted less than a minute ago. The update is
    conditional: concurrent calls of the same key write once."""
    maintenant = timezone.now()
    seuil = maintenant - PRECISION_DERNIERE_UTILISATION
    if cle.derniere_utilisation is not None and cle.derniere_utilisation > seuil:
        return
    CleApi.objects.filter(pk=cle.pk).filter(
        Q(derniere_utilisation__isnull=True) | Q(derniere_utilisation__lte=seuil)
    ).update(derniere_utilisation=maintenant)
    cle.derniere_utilisation = maintenant
