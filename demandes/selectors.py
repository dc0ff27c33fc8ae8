"""Scoped reads of demands: the only way a page, an export or the API lists them.

- CASA (the EPCI): its instructors, commission secretariat and administrators see every demand of the territory.
- A registering counter (a commune, Action Logement, a landlord's counter): its agents and instructors see the
  demands it registered and, for a commune, those that wish the commune.
- Everyone else sees none here (landlords and réservataires will see the candidates positioned for them).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet
from django.utils import timezone

from territoire.contexte import contexte_de
from territoire.roles import Role

from .codes import EtatDemande
from .models import Demande

ROLES_DEMANDES = (Role.INSTRUCTEUR, Role.AGENT_GUICHET)
ROLES_EPCI = (Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION, Role.ADMINISTRATEUR)


def demandes_visibles(user) -> QuerySet[Demande]:
    ctx = contexte_de(user)
    qs = Demande.objects.select_related("guichet")
    if ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(*ROLES_EPCI)):
        return qs
    if not ctx.a_role(*ROLES_DEMANDES) or ctx.organisation_id is None:
        return qs.none()
    filtre = Q(guichet_id=ctx.organisation_id)
    if ctx.commune_id is not None:
        filtre |= Q(souhaits_communes__commune_id=ctx.commune_id)
    # A subquery rather than a join: no duplicate rows and no DISTINCT on a wide row.
    return qs.filter(pk__in=Demande.objects.filter(filtre).values("pk"))


def demandes_modifiables(user) -> QuerySet[Demande]:
    """Demands the user may change: CASA's instructors all; a counter's agents those of their counter."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR)):
        return Demande.objects.all()
    if ctx.a_role(*ROLES_DEMANDES) and ctx.organisation_id is not None:
        return Demande.objects.filter(guichet_id=ctx.organisation_id)
    return Demande.objects.none()


def lit_les_demandes(user) -> bool:
    """Whether the person's current role reads demands (the « Demandes » menu and the header's search box):
    CASA's instructors, secretariat and administrators, the counters' agents and instructors."""
    ctx = contexte_de(user)
    return bool(ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(*ROLES_EPCI)) or ctx.a_role(*ROLES_DEMANDES))


def demandes_trouvees(user, texte: str, limite: int = 50) -> tuple[QuerySet[Demande], str]:
    """The header's search: the demands within the user's scope (``demandes_visibles``, every state) whose number
    starts with ``texte`` (spaces ignored, any case) when it holds a digit, else whose holders' names resemble it
    (accents and case ignored, trigram word similarity, best first). Returns (at most ``limite`` demands, the kind
    of search: "numero", "nom" or "" when the text holds neither letters nor digits)."""
    from .services import normaliser

    texte = (texte or "").strip()
    qs = demandes_visibles(user)
    if any(ch.isdigit() for ch in texte):
        numero = "".join(texte.split()).upper()
        return qs.filter(numero__startswith=numero).order_by("numero", "pk")[:limite], "numero"
    cle = normaliser(texte)
    if not cle.strip(" -'’"):
        return qs.none(), ""
    qs = (
        _par_pertinence(qs, cle)
        .filter(Q(nom_recherche__trigram_word_similar=cle) | Q(nom_recherche__contains=cle))
        .order_by("-exact", "-pertinence", "-date_depot", "-pk")
    )
    return qs[:limite], "nom"


def filtrer_demandes(qs: QuerySet[Demande], donnees: dict) -> QuerySet[Demande]:
    """The demand list's filters (``donnees``: RechercheForm's cleaned data) on ``qs``, sorted as asked. No state
    asked: the demands in progress (active or qualified)."""
    from .services import normaliser

    q = (donnees.get("q") or "").strip()
    if q:
        if any(ch.isdigit() for ch in q):
            qs = qs.filter(numero__startswith=q.upper().replace(" ", ""))
        else:
            cle = normaliser(q)
            qs = _par_pertinence(qs, cle).filter(
                Q(nom_recherche__trigram_word_similar=cle) | Q(nom_recherche__contains=cle)
            )
    etat = donnees.get("etat")
    qs = qs.filter(etat=etat) if etat else qs.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
    if donnees.get("commune"):
        qs = qs.filter(Q(souhaits_communes__commune=donnees["commune"]) | Q(toute_commune=True))
    if donnees.get("typologie"):
        qs = qs.filter(typologies__contains=[donnees["typologie"]])
    if donnees.get("priorite") == "TOUTE":
        qs = qs.exclude(priorites=[])
    elif donnees.get("priorite"):
        qs = qs.filter(priorites__contains=[donnees["priorite"]])
    if donnees.get("quartile"):
        qs = qs.filter(premier_quartile=donnees["quartile"] == "oui")
    if donnees.get("anciennete") is not None:
        limite = timezone.localdate() - dt.timedelta(days=round(donnees["anciennete"] * 30.44))
        qs = qs.filter(date_depot__lte=limite)
    if donnees.get("echeance_jours") is not None:
        qs = qs.filter(date_echeance__lte=timezone.localdate() + dt.timedelta(days=donnees["echeance_jours"]))
    if donnees.get("score_min") is not None:
        qs = qs.filter(score_cotation__gte=donnees["score_min"])
    if donnees.get("tri"):
        return qs.order_by(donnees["tri"], "-pk")
    if q and not any(ch.isdigit() for ch in q):
        return qs.order_by("-exact", "-pertinence", "-pk")
    return qs.order_by("-date_depot", "-pk")


def _par_pertinence(qs: QuerySet[Demande], cle: str) -> QuerySet[Demande]:
    """``exact`` (1 when the names hold the text searched as typed, « valerie guillon » in « valerie guillon … »)
    then ``pertinence`` (trigram word similarity): the exact name before a near one."""
    from django.db.models import Case, IntegerField, Value, When

    return qs.annotate(
        exact=Case(When(nom_recherche__contains=cle, then=Value(1)), default=Value(0), output_field=IntegerField()),
        pertinence=TrigramWordSimilarity(cle, "nom_recherche"),
    )


def demandes_de_la_liste(user, requete: str = "") -> QuerySet[Demande]:
    """The demands the list shows for ``requete`` (its query string, e.g. "etat=BROUILLON"): the same selector,
    form and filters as the page, so that a home counter and the list it opens give one figure. An invalid value is
    ignored as on the page."""
    from django.http import QueryDict

    from .forms import RechercheForm

    form = RechercheForm(QueryDict(requete) or None)
    donnees = {}
    if form.is_bound:
        form.is_valid()
        donnees = form.cleaned_data
    return filtrer_demandes(demandes_visibles(user), donnees)
