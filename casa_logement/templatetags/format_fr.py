"""Template filters for French figures: {{ montant|euros }}, {{ part|pourcentage }}, {{ n|nombre }}."""

from django import template

from commun import format_fr

register = template.Library()


@register.filter
def euros(valeur, decimales=2):
    return format_fr.euros(valeur, int(decimales))


@register.filter
def nombre(valeur, decimales=0):
    return format_fr.nombre(valeur, int(decimales))


@register.filter
def pourcentage(valeur, decimales=1):
    return format_fr.pourcentage(valeur, int(decimales))


@register.filter(name="de")
def de(nom):
    """{{ bailleur.nom|de }}: `de Vallauris`, `d'Erilia`."""
    return format_fr.de(str(nom))


@register.filter
def pluriel(n, suffixe="s"):
    """{{ n|pluriel }}: `s` from 2 on (in French, 0 and 1 take the singular: « 0 déjà connue », « 1 ligne »), where
    Django's `pluralize` puts the plural on 0 (« 0 membres a pris part »). As `pluralize`: `n` a number or a sequence
    (its length), the suffix « s » or « singular,plural » (`{{ n|pluriel:"a,ont" }}`). The templates use it, never
    `pluralize` (tests/projet/test_pages.py)."""
    singulier, _, pluriel_ = suffixe.rpartition(",") if "," in suffixe else ("", "", suffixe)
    if hasattr(n, "__len__") and not isinstance(n, str):
        n = len(n)
    try:
        return pluriel_ if abs(float(n)) >= 2 else singulier
    except (TypeError, ValueError):
        return singulier


@register.filter
def chaine_css(valeur) -> str:
    """A text inside a CSS string (a PDF's running header: ``content: "{{ entete|chaine_css }}"``): HTML escaping
    would print « d&#x27;enregistrement »; here the quote and backslash are CSS-escaped, « < » too (no « </style> »),
    line breaks become spaces. Marked safe: the result is CSS, not HTML."""
    from django.utils.safestring import mark_safe

    texte = " ".join(str(valeur if valeur is not None else "").split())
    texte = texte.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace(">", "\\3e ")
    return mark_safe(texte)  # noqa: S308 - escaped for a CSS string above
