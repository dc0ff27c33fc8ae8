"""Reads of demands: the scoped querysets (the only way a page, an export or the API lists them), the list's filters,
the header's search, and the read helpers of the use cases (probable duplicates, expected and missing pieces, the
priorities in force).

- CASA (the EPCI): its instructors, commission secretariat and administrators see every demand of the territory.
- A registering counter (a commune, Action Logement, a landlord's counter): its agents and instructors see the
  demands it registered and, for a commune, those that wish the commune.
- Everyone else sees none here (landlords and réservataires will see the candidates positioned for them).

What a user may *do* is in demandes.rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Case, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Lower
from django.http import QueryDict
from django.utils import timezone

from territoire.contexte import contexte_de
from territoire.roles import Role

from . import qualification
from .codes import EtatDemande, EtatPieceEnLigne, Lien
from .filtres import RechercheForm
from .models import Demande, Personne, Piece, PieceEnLigne, Signalement

ROLES_DEMANDES = (Role.INSTRUCTEUR, Role.AGENT_GUICHET)
ROLES_EPCI = (Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION, Role.ADMINISTRATEUR)
SEUIL_DOUBLON = 0.55
SEUIL_NOMS_EXACTS = 50  # a page of the demand list: when the names as typed fill it, the near ones are not sought
EN_COURS = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def normaliser(texte: str) -> str:
    """'Élodie  DUPONT-Müller' -> 'elodie dupont-muller': no accents, lower case, single spaces; letters of every
    script kept ('عائشة' stays searchable; before, everything outside ASCII was dropped and such a name matched all),
    emoji and symbols dropped. The search key (Demande.nom_recherche) and what is compared with it."""
    decompose = unicodedata.normalize("NFKD", (texte or "").translate(LIGATURES))
    garde = "".join(c for c in decompose if not unicodedata.combining(c) and (c.isalnum() or c.isspace() or c in "-'’"))
    return " ".join(garde.casefold().split())


# --------------------------------------------------------------------------- scopes


def demandes_visibles(user) -> QuerySet[Demande]:
    ctx = contexte_de(user)
    qs = Demande.objects.select_related("guichet")
    if ctx.agent_casa(*ROLES_EPCI):
        return qs
    if not ctx.a_role(*ROLES_DEMANDES) or ctx.organisation_id is None:
        return qs.none()
    if ctx.commune_id is None:
        return qs.filter(guichet_id=ctx.organisation_id)
    return qs.filter(perimetre_du_guichet(ctx.organisation_id, ctx.commune_id))


def perimetre_du_guichet(organisation_id: int, commune_id: int) -> Q:
    """The demands a commune counter reads, as a filter on Demande: filed at the counter (``organisation_id``) or
    registered and wishing its commune (``commune_id``; another counter's draft is that counter's work, not shared).
    Tested on the demand's own row, through the copy of its wishes the database keeps (Demande.communes_souhaitees,
    demandes/models/perimetre.py): the counter's btree and the array's GIN together, or a test per row read, never a
    probe nor a hash of the wishes' table (at the national scale, 2 s per count hashed, 150 ms per bounded count
    probed: bench/pages.py)."""
    souhaitee = Q(communes_souhaitees__contains=[commune_id]) & ~Q(etat=EtatDemande.BROUILLON)
    return Q(guichet_id=organisation_id) | souhaitee


def demandes_modifiables(user) -> QuerySet[Demande]:
    """Demands the user may change: CASA's instructors all; a counter's agents those of their counter."""
    ctx = contexte_de(user)
    if ctx.agent_casa(Role.INSTRUCTEUR):
        return Demande.objects.all()
    if ctx.a_role(*ROLES_DEMANDES) and ctx.organisation_id is not None:
        return Demande.objects.filter(guichet_id=ctx.organisation_id)
    return Demande.objects.none()


def pieces_visibles(user) -> QuerySet[Piece]:
    """The pieces in the file of a demand the user reads, those withdrawn aside (a download)."""
    return Piece.objects.filter(demande__in=demandes_visibles(user).values("pk"), retiree=False)


def pieces_modifiables(user) -> QuerySet[Piece]:
    """The pieces of a demand the user may change, withdrawn ones included (a withdrawal, confirmed twice)."""
    return Piece.objects.filter(demande__in=demandes_modifiables(user).values("pk"))


def pieces_en_ligne_visibles(user) -> QuerySet[PieceEnLigne]:
    """The pieces sent online of a demand the user reads (opening one: the same right as a piece of the file)."""
    return PieceEnLigne.objects.filter(demande__in=demandes_visibles(user).values("pk"))


def pieces_en_ligne_a_valider(user) -> QuerySet[PieceEnLigne]:
    """The pieces sent online waiting for an agent, of the demands in progress the user may change: the home's task
    « Pièces envoyées en ligne à valider » and the list it opens."""
    return PieceEnLigne.objects.filter(
        etat=EtatPieceEnLigne.A_VALIDER,
        demande__in=demandes_modifiables(user).filter(etat__in=EN_COURS).values("pk"),
    )


def signalements_ouverts(user) -> QuerySet[Signalement]:
    """The errors reported by applicants not handled yet, of the demands in progress the user may change: the
    home's task « Erreurs signalées par les demandeurs » and the list it opens."""
    return Signalement.objects.filter(
        traite_le__isnull=True, demande__in=demandes_modifiables(user).filter(etat__in=EN_COURS).values("pk")
    )


# --------------------------------------------------------------------------- search and list


# A local number as people type it: « casa 2026 12774 », « CASA2026012774 », « CASA_2026-012774 », or its beginning.
NUMERO_LOCAL_TAPE = re.compile(r"([A-Z]{2,10})[\s\-_./]*([0-9]{4})(?:[\s\-_./]*([0-9]{1,8}))?")


def numero_normalise(texte: str) -> str:
    """A number as typed in the form stored: a local number with its dashes put back (« casa 2026 012774 » →
    CASA-2026-012774, a beginning kept as a beginning), anything else in capitals without spaces (a NUR)."""
    brut = (texte or "").strip().upper()
    if m := NUMERO_LOCAL_TAPE.fullmatch(brut):
        prefixe, annee, sequence = m.groups()
        return f"{prefixe}-{annee}" + (f"-{sequence}" if sequence else "")
    return "".join(brut.split())


def par_numero(texte: str, *, exact: bool = False) -> Q:
    """The demands whose NUR (the SNE's numéro unique) or local number (CASA-2026-000123) starts with `texte` (equals
    it when `exact`), spaces ignored, any case (docs/sne.md « Numéros »)."""
    numero = numero_normalise(texte)
    if exact:
        return Q(nur=numero) | Q(numero=numero)
    return Q(nur__startswith=numero) | Q(numero__startswith=numero)


def par_numeros(textes: Iterable[str]) -> Q:
    """The demands whose NUR or local number equals one of `textes` (each read as by `numero_normalise`): the
    numbers of a file, of a form's choices or of an API call, found in one query."""
    numeros = sorted({numero_normalise(t) for t in textes} - {""})
    return Q(nur__in=numeros) | Q(numero__in=numeros)


def par_numeros_connus(demandes: Iterable[Demande]) -> dict[str, Demande]:
    """Each demand under both its numbers (its NUR when known, its local number): the demand a number read names is
    ``index.get(numero_normalise(texte))``."""
    index = {}
    for demande in demandes:
        for numero in (demande.nur, demande.numero):
            if numero:
                index[numero] = demande
    return index


def demandes_trouvees(user, texte: str, limite: int = 50) -> tuple[QuerySet[Demande], str]:
    """The header's search: the demands within the user's scope (``demandes_visibles``, every state) whose number
    (NUR or local number, ``par_numero``) starts with ``texte`` when it holds a digit, else whose holders' names
    resemble it (accents and case ignored, trigram word similarity, best first). Returns (at most ``limite``
    demands, the kind of search: "numero", "nom" or "" when the text holds neither letters nor digits)."""
    texte = (texte or "").strip()
    qs = demandes_visibles(user)
    if any(ch.isdigit() for ch in texte):
        return qs.filter(par_numero(texte)).order_by("nur", "numero", "pk")[:limite], "numero"
    cle = normaliser(texte)
    if not cle.strip(" -'’"):
        return qs.none(), ""
    return par_nom(qs, cle, seuil=limite).order_by("-exact", "-pertinence", "-date_depot", "-pk")[:limite], "nom"


def par_nom(qs: QuerySet[Demande], cle: str, *, seuil: int | None = None, proches: bool = False):
    """The demands of ``qs`` whose holders' names hold ``cle`` (normalised: ``normaliser``), annotated ``exact``
    and ``pertinence`` (``_par_pertinence``). When at least ``seuil`` (default SEUIL_NOMS_EXACTS) names hold it as
    typed, those only, marked ``noms_proches_omis``; otherwise, or with ``proches``, also the near names (trigram
    word similarity ≥ pg_trgm.word_similarity_threshold, 0.5: settings/database.py), after them. Why: a near name
    is tested by computing its similarity with every candidate row (3.5 µs each, and the row read): 90,000 rows
    for a common name at the national scale, 1.6 s, where the names as typed are read from the trigram index in
    80 ms (bench/pages.py; docs/architecture.md « Ce que le code a appris »)."""
    seuil = SEUIL_NOMS_EXACTS if seuil is None else seuil
    exacts = qs.filter(nom_recherche__contains=cle)
    if not proches and exacts.order_by()[:seuil].count() >= seuil:
        return _par_pertinence(exacts, cle).alias(noms_proches_omis=Value(True))
    return _par_pertinence(qs, cle).filter(Q(nom_recherche__trigram_word_similar=cle) | Q(nom_recherche__contains=cle))


def noms_proches_omis(qs: QuerySet[Demande]) -> bool:
    """Whether ``qs`` is a name search that left the near names out (``par_nom``)."""
    return "noms_proches_omis" in qs.query.annotations


def filtrer_demandes(qs: QuerySet[Demande], donnees: dict, *, organisation_id: int | None = None) -> QuerySet[Demande]:
    """The demand list's filters (``donnees``: RechercheForm's cleaned data) on ``qs``, sorted as asked. No state
    asked: the demands in progress (active or qualified). A name: ``par_nom`` (the names as typed, the near ones
    too when those are fewer than a page or ``proches`` is asked), the closest first. ``organisation_id``: the
    user's organisation, for « filed at my counter » (``guichet`` = "mien"; without it that filter gives nothing)."""
    q = (donnees.get("q") or "").strip()
    if q and any(ch.isdigit() for ch in q):
        qs = qs.filter(par_numero(q))
    if donnees.get("guichet") == "mien":
        qs = qs.filter(guichet_id=organisation_id) if organisation_id else qs.none()
    etat = donnees.get("etat")
    qs = qs.filter(etat=etat) if etat else qs.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
    if commune := donnees.get("commune"):
        # on the demand's own row (the copy of its wishes): no join, no row twice, the counter's GIN index
        qs = qs.filter(Q(communes_souhaitees__contains=[getattr(commune, "pk", commune)]) | Q(toute_commune=True))
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
    if q and not any(ch.isdigit() for ch in q):  # last: whether the names as typed fill a page, within the filters
        qs = par_nom(qs, normaliser(q), proches=bool(donnees.get("proches")))
    if donnees.get("tri"):
        return qs.order_by(donnees["tri"], "-pk")
    if q and not any(ch.isdigit() for ch in q):
        return qs.order_by("-exact", "-pertinence", "-pk")
    return qs.order_by("-date_depot", "-pk")


def _par_pertinence(qs: QuerySet[Demande], cle: str) -> QuerySet[Demande]:
    """``exact`` (1 when the names hold the text searched as typed, « valerie guillon » in « valerie guillon … »)
    then ``pertinence`` (trigram word similarity): the exact name before a near one."""
    return qs.annotate(
        exact=Case(When(nom_recherche__contains=cle, then=Value(1)), default=Value(0), output_field=IntegerField()),
        pertinence=TrigramWordSimilarity(cle, "nom_recherche"),
    )


def demandes_de_la_liste(user, requete: str = "") -> QuerySet[Demande]:
    """The demands the list shows for ``requete`` (its query string, e.g. "etat=BROUILLON"): the same selector,
    form and filters as the page, so that a home counter and the list it opens give one figure. An invalid value is
    ignored as on the page."""
    form = RechercheForm(QueryDict(requete) or None)
    donnees = {}
    if form.is_bound:
        form.is_valid()
        donnees = form.cleaned_data
    return filtrer_demandes(demandes_visibles(user), donnees, organisation_id=contexte_de(user).organisation_id)


# --------------------------------------------------------------------------- read helpers of the use cases


class Unaccent(Func):
    function = "unaccent"


def doublons_probables(*, demande: Demande) -> list[Personne]:
    """Persons of other live demands with the same birth date and a close name (accents and spelling aside)."""
    trouves: list[Personne] = []
    for p in demande.personnes.filter(lien__in=[Lien.DEMANDEUR, Lien.CO_DEMANDEUR]):
        nom = normaliser(f"{p.prenom} {p.nom}")
        candidats = (
            Personne.objects.filter(date_naissance=p.date_naissance, lien__in=[Lien.DEMANDEUR, Lien.CO_DEMANDEUR])
            .exclude(demande=demande)
            .exclude(demande__etat__in=[EtatDemande.RADIEE, EtatDemande.BROUILLON])
            .annotate(similarite=TrigramSimilarity(Unaccent(Lower(Concat("prenom", Value(" "), "nom"))), nom))
            .filter(similarite__gte=SEUIL_DOUBLON)
            .select_related("demande")
            .order_by("-similarite")
        )
        trouves.extend(candidats[:5])
    return trouves


def pieces_attendues(*, demande: Demande) -> list[qualification.PieceAttendue]:
    """The pieces expected for the demand's situation (demandes.qualification.pieces_attendues), in its order."""
    personnes = list(demande.personnes.prefetch_related("ressources"))
    return qualification.pieces_attendues(
        adultes_hors_ue=any(p.nationalite == "HORS_UE" for p in personnes if not p.a_charge),
        a_des_ressources=any(p.ressources.all() for p in personnes),
        revenu_recent_declare=demande.revenu_recent is not None,
        motifs=set(demande.motifs),
        priorites=set(demande.priorites),
        handicap=demande.perte_autonomie or any(p.handicap for p in personnes),
        enfant_attendu=any(p.enfant_a_naitre for p in personnes),
        mutation=demande.mutation,
    )


def pieces_manquantes(*, demande: Demande) -> list[qualification.PieceAttendue]:
    """The expected pieces of which no piece of that type is held (retired ones do not count)."""
    recues = set(demande.pieces.filter(retiree=False).values_list("type", flat=True))
    return [p for p in pieces_attendues(demande=demande) if p.type not in recues]


def priorites_en_cours(*, demande: Demande, jour: dt.date) -> list[str]:
    """The codes of the priority criteria that hold on that day (active, and not past their end date)."""
    return sorted(
        demande.criteres_priorite.filter(actif=True)
        .filter(Q(valable_jusqu_au__isnull=True) | Q(valable_jusqu_au__gte=jour))
        .values_list("code", flat=True)
    )
