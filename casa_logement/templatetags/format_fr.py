"""Template filters for French figures: {{ montant|euros }}, {{ part|pourcentage }}, {{ n|nombre }}."""

from django import template

from casa_logement import format_fr

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
    """{{ n|pluriel }}: `s` from 2 on (in French, 0 and 1 take the singular: « 0 déjà connue », « 1 ligne »)."""
    try:
        return suffixe if abs(float(n)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
