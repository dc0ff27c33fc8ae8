"""{% fil_notes demande as fil %}: the data of the « Notes partagées » section of a demand's page
(partenariat/templates/partenariat/_fil_demande.html, included by demandes/templates/demandes/detail.html). A tag
rather than the demand view's context: demandes sits below partenariat (pyproject.toml, import-linter) and imports
nothing of it (the same way as sne's panel)."""

from django import template

from ..fil import fil_de

register = template.Library()


@register.simple_tag(takes_context=True)
def fil_notes(context, demande):
    """partenariat.fil.fil_de for the person reading the page."""
    return fil_de(context["request"].user, demande)
