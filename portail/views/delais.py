"""« Délais d'attente »: the median and average waits of the attributions of the last twelve months (L441-2-6 CCH),
for the holder's wished communes and typologies (signed in), and for the whole territory (public, no sign-in). The
figures are the tracking's (suivi/delais.py); these views only lay them out."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.utils import timezone

from demandes.codes import EtatDemande
from suivi import delais as suivi_delais
from suivi.indicateurs import TYPOLOGIES
from territoire.models import Commune

from .. import acces
from ..acces import demandeur_requis
from ..etapes import a_la_commune
from ..pages import rendre


def _ligne(d: suivi_delais.Delai) -> dict:
    """What a table row shows of a group: its typology, and either its count and waits in words, or why not (the
    group is held back: `retenu`; then no count either, suivi/delais.py « Privacy »)."""
    ligne = {
        "typologie": suivi_delais.libelle(d.typologie),
        "attributions": None if d.retenu else d.attributions,
        "retenu": d.retenu,
    }
    if d.fiable:
        ligne |= {"mediane": suivi_delais.en_clair(d.mediane), "moyenne": suivi_delais.en_clair(d.moyenne)}
    return ligne


def ordre_alphabetique(nom: str) -> str:
    """The sort key of a commune's name, accents and case aside: « Bézaudun-les-Alpes » before « Biot », whatever
    the database's collation."""
    return "".join(c for c in unicodedata.normalize("NFKD", nom) if not unicodedata.combining(c)).casefold()


def _commune(code: str, nom: str, lignes: list[dict]) -> dict:
    """A commune's card: its code (the anchor), its name, its name with its preposition (« au Rouret », the
    caption's), its rows."""
    return {"code": code, "nom": nom, "a_la": a_la_commune(nom), "lignes": lignes}


def _noms(codes) -> dict[str, str]:
    return dict(Commune.objects.filter(code_insee__in=list(codes)).values_list("code_insee", "nom"))


def _attente_de(demande, jour: dt.date) -> dict:
    """How long the demand has waited: from its filing to today, or to its radiation when it is struck off."""
    fin = demande.date_radiation if demande.etat == EtatDemande.RADIEE and demande.date_radiation else jour
    jours = max((fin - demande.date_depot).days, 0)
    return {
        "depuis": demande.date_depot,
        "jusqu_au": fin,
        "radiee": fin != jour,
        "jours": jours,
        "en_clair": suivi_delais.en_clair(jours),
    }


@demandeur_requis
def delais(request):
    """The holder's wished communes × wished typologies (each typology of the stock when the demand says none), the
    territory's line for each typology, and the demand's own wait so far."""
    d = request.demandeur.demande
    jour = timezone.localdate()
    souhaits = list(d.souhaits_communes.select_related("commune").order_by("rang", "pk"))
    typologies = suivi_delais.typologies_des_logements(d.typologies) or list(TYPOLOGIES)
    chiffres = suivi_delais.delais(jour, communes=[s.commune.code_insee for s in souhaits], typologies=typologies)
    communes = [
        _commune(
            s.commune.code_insee, s.commune.nom, [_ligne(chiffres.de(s.commune.code_insee, t)) for t in typologies]
        )
        for s in souhaits
    ]
    return rendre(
        request,
        "portail/delais.html",
        {
            "d": d,
            "attente": _attente_de(d, jour),
            "chiffres": chiffres,
            "communes": communes,
            "lignes_territoire": [_ligne(chiffres.de("", t)) for t in typologies],
            "typologies_dites": bool(suivi_delais.typologies_des_logements(d.typologies)),
        },
    )


def delais_publics(request):
    """Public: the territory's line for each typology, then a table per commune that had leases, and the territory's
    communes that had none. A signed-in holder keeps the space's menu."""
    if acces.CLE in request.session:
        request.demandeur = acces.demandeur(request)
    chiffres = suivi_delais.delais(timezone.localdate())
    codes = chiffres.communes()
    noms = _noms(codes)
    communes = sorted(
        (
            _commune(code, noms.get(code, code), [_ligne(chiffres.de(code, t)) for t in chiffres.typologies(code)])
            for code in codes
        ),
        key=lambda c: ordre_alphabetique(c["nom"]),
    )
    return rendre(
        request,
        "portail/delais_publics.html",
        {
            "chiffres": chiffres,
            "lignes_territoire": [_ligne(chiffres.de("", t)) for t in chiffres.typologies()],
            "communes": communes,
            "sans_attribution": _communes_sans_attribution(codes),
        },
    )


def _communes_sans_attribution(codes: list[str]) -> list[str]:
    """The names of the territory's communes (those of the EPCI, setting CASA_EPCI_SIREN) without a lease, in
    alphabetical order, accents aside."""
    return sorted(
        Commune.objects.du_territoire().exclude(code_insee__in=codes).values_list("nom", flat=True),
        key=ordre_alphabetique,
    )
