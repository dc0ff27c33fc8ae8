"""{% panneau_sne demande as panneau %}: the data of the « SNE » panel of a demand's page
(sne/templates/sne/_panneau_demande.html, included by demandes/templates/demandes/detail.html). A tag rather than the
demand view's context: demandes sits below sne (pyproject.toml, import-linter) and imports nothing of it."""

from django import template

from ..selectors import panneau_demande

register = template.Library()


@register.simple_tag(takes_context=True)
def panneau_sne(context, demande):
    """sne.selectors.panneau_demande for the person reading the page (None for a draft)."""
    return panneau_demande(context["request"].user, demande, donnees_effacees=bool(context.get("effacement")))
