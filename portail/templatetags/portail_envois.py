"""`{% pieces_envoi %}`: the « Envoyer une pièce » block of « Ma demande » (template portail/_pieces_envoi.html):
the holder's pieces sent with their outcome, and the form — or, for a demand that no longer takes pieces (struck
off), why not instead of the form. Read from the signed-in holder (`demandeur` of the page's context,
portail/pages.py; `ferme` of the context when the view has it already), so that the page's view needs nothing more.
The page « Envoyer une pièce » (portail/views/pieces.py) includes the same template with the form sent back and its
errors."""

from __future__ import annotations

from django import template

from ..envois import PieceEnvoiForm, fermeture, pieces_envoyees

register = template.Library()


@register.inclusion_tag("portail/_pieces_envoi.html", takes_context=True)
def pieces_envoi(context) -> dict:
    demandeur = context.get("demandeur")
    if demandeur is None:
        return {}
    ferme = context["ferme"] if "ferme" in context else fermeture(demandeur.demande)
    if ferme:
        return {"ferme": ferme, "envois": pieces_envoyees(demandeur)}
    return {"envoi_form": PieceEnvoiForm(demandeur=demandeur), "envois": pieces_envoyees(demandeur)}
