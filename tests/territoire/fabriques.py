"""Factories of the territory, for tests (no big JSON fixtures)."""

import base64
import datetime as dt
import time

import factory
from django.utils.text import slugify
from django_otp.oath import TOTP

from territoire.models import Habilitation, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation, TypeReservataire


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.BAILLEUR
    nom = factory.Sequence(lambda n: f"Bailleur de test {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.nom))
    est_reservataire = True
    type_reservataire = TypeReservataire.AUCUN


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"agent{n}")
    # Agents' names from a fixed list that no household of the tests bears: a random French name (Faker) once was
    # « Martin », the household a test checks is absent from a page.
    first_name = factory.Iterator(["Agathe", "Bastien", "Chloé", "Damien", "Élodie", "Fabrice", "Gaëlle", "Hugo"])
    last_name = factory.Sequence(lambda n: f"Agent-{n:03d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    password = factory.django.Password("mot-de-passe-de-test")


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habilitation

    utilisateur = factory.SubFactory(UtilisateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LECTEUR
    # In force since a fixed past day, not « today »: a test that travels to a date (time-machine) before the day it
    # runs must still find its agents habilitated.
    date_debut = dt.date(2025, 1, 1)


def agent(organisation, role, **kwargs) -> Utilisateur:
    """A user holding one habilitation (organisation, role)."""
    user = UtilisateurFactory(**kwargs)
    HabilitationFactory(utilisateur=user, organisation=organisation, role=role)
    return user


def code_totp(cle_base32: str, decalage: int = 0) -> str:
    """The code an authenticator app shows for this secret (RFC 6238, 30 s, 6 digits)."""
    cle = base64.b32decode(cle_base32.replace(" ", "") + "=" * (-len(cle_base32.replace(" ", "")) % 8))
    totp = TOTP(cle, step=30, t0=0, digits=6)
    totp.time = time.time() + decalage
    return f"{totp.token():06d}"
