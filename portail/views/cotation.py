"""« Ma cotation » (signed in) and « La grille de cotation » (public: the grid is public by law, L441-2-8 CCH,
REGLES §9). The figures are portail/cotation.py's; these views lay them out."""

from __future__ import annotations

from django.utils import timezone

from demandes import reference
from demandes.codes import Lien

from .. import acces
from .. import cotation as cotes
from ..acces import demandeur_requis
from ..pages import rendre


@demandeur_requis
def cotation(request):
    """The holder's score line by line, then its position for each wished commune × wished typology. Two queries
    besides the session's: the wished communes, the position's aggregate."""
    qui = request.demandeur
    d = qui.demande
    communes = list(d.souhaits_communes.order_by("rang").values_list("commune_id", "commune__nom"))
    return rendre(
        request,
        "portail/cotation.html",
        {
            "d": d,
            "cotation": cotes.cotation_de(d, demandeur_principal=qui.personne.lien == Lien.DEMANDEUR),
            "positions": cotes.positions(d, communes),
            "sur_le_territoire": not communes,
            "jour": timezone.localdate(),
        },
    )


def grille(request):
    """Public: the grid in force today, criterion by criterion with its points in words. A signed-in holder keeps the
    space's menu."""
    if acces.CLE in request.session:
        request.demandeur = acces.demandeur(request)
    jour = timezone.localdate()
    try:
        en_vigueur = reference.grille_cotation(jour)
    except reference.RegleManquante:
        en_vigueur = None
    return rendre(
        request,
        "portail/grille.html",
        {
            "grille": en_vigueur,
            "familles": cotes.grille_en_clair(en_vigueur) if en_vigueur else [],
            "refus_compte": any(c.code == "REFUS_OFFRE_ADAPTEE" for c in (en_vigueur.criteres if en_vigueur else ())),
            "refus_non_decomptes": cotes.refus_non_decomptes(),
        },
    )
