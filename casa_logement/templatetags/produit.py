"""The product's name, one setting (CASA_NOM_PRODUIT) for the header, the titles, the PDFs and the e-mails:
``{% nom_produit %}`` (a builtin tag: every template has it, e-mails rendered without a request included)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def nom_produit() -> str:
    """The name shown to users, e.g. « Toit commun »."""
    return settings.CASA_NOM_PRODUIT
