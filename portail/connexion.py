"""Signing in to the applicant's space without a password (docs/portail.md « Connexion »).

The applicant (or the co-applicant) gives the demand's number (local number or NUR) and a date of birth; when they
match a registered demand and that person (or, failing an address of their own, the applicant) has an e-mail address,
a link is sent there. The link carries a token signed by Django (``django.core.signing``, salt ``SEL``, timestamped)
naming a ConnexionDemandeur row: valid ``CASA_PORTAIL_LIEN_MINUTES`` minutes (15), used once; using it ends the
person's other unused links. The page answers the same whether the number exists or not, and the sending happens on a
Celery worker so that the answer takes the same time.
Asking is throttled per number, per e-mail address and per client address (django-ratelimit, rates
``CASA_PORTAIL_DEBITS``); a refused ask says so, for any number, existing or not.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from commun.erreurs import ErreurMetier
from demandes.codes import EtatDemande, Lien
from demandes.models import Demande, Personne
from demandes.selectors import numero_normalise, par_numero
from territoire.connexion import adresse_du_client

from .models import ConnexionDemandeur

journal = logging.getLogger(__name__)
SEL = "portail.connexion"
TITULAIRES = (Lien.DEMANDEUR, Lien.CO_DEMANDEUR)
MESSAGE_LIMITE = (
    "Trop de demandes de lien en peu de temps pour ce numéro ou depuis cette connexion. Par sécurité, réessayez "
    "dans une heure, ou adressez-vous à votre guichet."
)


class LienInvalide(ErreurMetier):
    """The link is unreadable, expired or already used; the message says which, in French."""


def duree_du_lien() -> dt.timedelta:
    """How long a link stays valid (CASA setting CASA_PORTAIL_LIEN_MINUTES, 15 minutes)."""
    return dt.timedelta(minutes=int(settings.CASA_PORTAIL_LIEN_MINUTES))


def _limite_atteinte(request, portee: str, valeur: str) -> bool:
    """Counts one ask against ``portee`` (numero, courriel, adresse) for ``valeur``; True when over the rate."""
    return is_ratelimited(
        request,
        group=f"portail-{portee}",
        key=lambda _groupe, _requete: valeur,
        rate=settings.CASA_PORTAIL_DEBITS[portee],
        increment=True,
    )


@dataclass(frozen=True)
class Titulaire:
    """Who a number and a date of birth designate: the demand, the person, the address the link goes to."""

    demande: Demande
    personne: Personne
    courriel: str


def titulaire(numero: str, date_naissance: dt.date) -> Titulaire | None:
    """The applicant or co-applicant of a registered demand (any state but draft) whose number is ``numero`` (local
    number or NUR, as typed) and who was born on ``date_naissance``, with the address to write to (theirs, else the
    applicant's); None when nothing matches or no address is known."""
    enregistrees = Demande.objects.exclude(etat=EtatDemande.BROUILLON)
    demande = enregistrees.filter(par_numero(numero, exact=True)).order_by("pk").first()
    if demande is None:
        return None
    personnes = list(demande.personnes.filter(lien__in=TITULAIRES).order_by("ordre", "pk"))
    personne = next((p for p in personnes if p.date_naissance == date_naissance), None)
    if personne is None:
        return None
    demandeur = next((p for p in personnes if p.lien == Lien.DEMANDEUR), None)
    courriel = personne.courriel or (demandeur.courriel if demandeur else "")
    return Titulaire(demande, personne, courriel) if courriel else None


def lien_demander(request, *, numero: str, date_naissance: dt.date) -> ConnexionDemandeur | None:
    """Asks for a sign-in link: throttled per client address and per number (whether it exists or not), then per
    e-mail address; when the number and the date match, a ConnexionDemandeur is created and the e-mail goes out from
    a worker after the commit. Returns the row, or None when nothing matched (the page says the same either way).
    Raises ErreurMetier (MESSAGE_LIMITE) when a rate is exceeded."""
    adresse = adresse_du_client(request) or "inconnue"
    cle_numero = numero_normalise(numero)
    if _limite_atteinte(request, "adresse", adresse) | _limite_atteinte(request, "numero", cle_numero):
        journal.warning("Espace du demandeur : demande de lien refusée (limite atteinte)")
        raise ErreurMetier(MESSAGE_LIMITE)
    trouve = titulaire(numero, date_naissance)
    if trouve is None:
        journal.info("Espace du demandeur : demande de lien sans correspondance")
        return None
    if _limite_atteinte(request, "courriel", trouve.courriel.lower()):
        journal.warning("Espace du demandeur : demande de lien refusée (limite de l'adresse atteinte)")
        raise ErreurMetier(MESSAGE_LIMITE)
    from . import tasks

    with transaction.atomic():
        connexion = ConnexionDemandeur.objects.create(
            demande=trouve.demande, personne=trouve.personne, expire_le=timezone.now() + duree_du_lien()
        )
        jeton = signing.dumps({"c": connexion.pk}, salt=SEL)
        tasks.envoyer_lien.delay_on_commit(connexion.pk, jeton)
    journal.info("Espace du demandeur : lien n° %s envoyé", connexion.pk)
    return connexion


def lien_lire(jeton: str) -> ConnexionDemandeur:
    """The unused, unexpired ConnexionDemandeur a token names. Raises LienInvalide (unreadable, expired, used, or its
    person gone from the demand)."""
    try:
        contenu = signing.loads(jeton, salt=SEL, max_age=duree_du_lien())
    except signing.SignatureExpired as err:
        raise LienInvalide(
            f"Ce lien a expiré : il n'est valable que {int(settings.CASA_PORTAIL_LIEN_MINUTES)} minutes. "
            "Demandez-en un nouveau."
        ) from err
    except signing.BadSignature as err:
        raise LienInvalide("Ce lien n'est pas valable (incomplet ou modifié). Demandez-en un nouveau.") from err
    connexion = (
        ConnexionDemandeur.objects.filter(pk=contenu.get("c") if isinstance(contenu, dict) else None)
        .select_related("demande", "personne")
        .first()
    )
    if connexion is None or connexion.personne.demande_id != connexion.demande_id:
        raise LienInvalide("Ce lien n'est plus valable. Demandez-en un nouveau.")
    if connexion.utilisee_le is not None:
        raise LienInvalide("Ce lien a déjà servi : chaque lien ne sert qu'une fois. Demandez-en un nouveau.")
    if connexion.expire_le <= timezone.now():
        remplace = (
            ConnexionDemandeur.objects.filter(personne_id=connexion.personne_id, utilisee_le=connexion.expire_le)
            .exclude(pk=connexion.pk)
            .exists()
        )
        if remplace:  # ended by lien_utiliser when another link of the same person was used
            raise LienInvalide(
                "Ce lien n'est plus valable : un autre lien envoyé à votre adresse a servi depuis. "
                "Demandez-en un nouveau."
            )
        raise LienInvalide("Ce lien a expiré. Demandez-en un nouveau.")
    return connexion


def lien_utiliser(jeton: str) -> ConnexionDemandeur:
    """Signs in with a token: the row is marked used in one conditional UPDATE (two clicks at once: one wins, the
    other gets LienInvalide), and every other unused link of the same person ends at that instant (its expiry set to
    the sign-in's time: an older link left in a mailbox no longer opens a session). Returns the row; raises
    LienInvalide as lien_lire."""
    connexion = lien_lire(jeton)
    maintenant = timezone.now()
    with transaction.atomic():
        marquees = ConnexionDemandeur.objects.filter(
            pk=connexion.pk, utilisee_le__isnull=True, expire_le__gt=maintenant
        ).update(utilisee_le=maintenant)
        if marquees != 1:
            raise LienInvalide("Ce lien a déjà servi : chaque lien ne sert qu'une fois. Demandez-en un nouveau.")
        ConnexionDemandeur.objects.filter(
            personne_id=connexion.personne_id, utilisee_le__isnull=True, expire_le__gt=maintenant
        ).exclude(pk=connexion.pk).update(expire_le=maintenant)
    connexion.utilisee_le = maintenant
    journal.info("Espace du demandeur : connexion par le lien n° %s", connexion.pk)
    return connexion
