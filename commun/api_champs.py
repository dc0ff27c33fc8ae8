"""Fields of the API's hand-written serializers, bounded like the column they end in.

A `ModelSerializer` takes the length of a text and the range of a number from the model; a plain `Serializer` does
not, and an over-long name or a number past the column's range then reaches PostgreSQL and fails there (a 500).
Every text or number an API accepts is therefore declared here: from the model field it is stored in
(`texte(Personne, "nom")`, `entier(DecisionCAL, "rang")`), or, for a value read and interpreted but never stored as
typed (a date or a label in a CAL row), with `TEXTE_INTERPRETE`; an object named by its slug with `par_slug()`.
The OpenAPI schema then says each bound
(`maxLength`, `minimum`, `maximum`), and tests/projet/test_api_sans_erreur_serveur.py checks that none is missing."""

from __future__ import annotations

from django.core import validators
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

# A value interpreted by the application (a date « 12/11/2026 », a decision's label, a rank typed as text): longer
# than any valid spelling of it, short enough to be echoed in an error message.
TEXTE_INTERPRETE = 100


def _champ(modele, champ: str):
    return modele._meta.get_field(champ)


def texte(modele, champ: str, **kwargs) -> serializers.CharField:
    """A text stored in `modele.champ`: at most its `max_length` characters (an email address stays an email)."""
    champ_modele = _champ(modele, champ)
    kwargs.setdefault("max_length", champ_modele.max_length)
    if isinstance(champ_modele, models.EmailField):
        return serializers.EmailField(**kwargs)
    return serializers.CharField(**kwargs)


def entier(modele, champ: str, **kwargs) -> serializers.IntegerField:
    """An integer stored in `modele.champ` (a count, a rank, a primary key): within the range of its column."""
    for validateur in _champ(modele, champ).validators:
        if isinstance(validateur, validators.MinValueValidator):
            kwargs["min_value"] = max(validateur.limit_value, kwargs.get("min_value", validateur.limit_value))
        elif isinstance(validateur, validators.MaxValueValidator):
            kwargs["max_value"] = min(validateur.limit_value, kwargs.get("max_value", validateur.limit_value))
    return serializers.IntegerField(**kwargs)


def texte_interprete(**kwargs) -> serializers.CharField:
    """A text the application interprets (dates, labels, numbers written as text in a partner's row)."""
    return serializers.CharField(max_length=TEXTE_INTERPRETE, **kwargs)


class ReferenceField(serializers.SlugRelatedField):
    """An object named by its slug (an organisation): a text as long as that column at most, without a NUL
    character, looked up only then (DRF's SlugRelatedField sends any text to the database, where a NUL fails)."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "max_length": serializers.CharField.default_error_messages["max_length"],
        "null_characters_not_allowed": validators.ProhibitNullCharactersValidator.message,
    }

    def __init__(self, *, max_length: int, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters_not_allowed")
        return super().to_internal_value(data)


def par_slug(queryset, champ: str = "slug", **kwargs) -> ReferenceField:
    """An object of `queryset` named by its `champ` (its slug by default), bounded like that column."""
    return ReferenceField(
        slug_field=champ, queryset=queryset, max_length=_champ(queryset.model, champ).max_length, **kwargs
    )


class ReferenceFieldSchema(OpenApiSerializerFieldExtension):
    """The schema says the bound: {"type": "string", "maxLength": …}."""

    target_class = ReferenceField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "minLength": 1, "maxLength": self.target.max_length}
