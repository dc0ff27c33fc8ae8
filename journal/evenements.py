"""The audit journal read from django-pghistory's event tables, for CASA's administrators (docs/audit.md).

Why not pghistory's `Events` model (the one /admin/ lists): it is a UNION over every event table that computes, for
every row of every table, the previous row of the same object and the difference in JSON, before any filter or
limit — 5 s at the demo's size. Here the journal reads in two steps:

1. `Journal` selects only (table, event id, date) through a UNION ALL of the event tables, each filtered in SQL
   (period, person, kind of event, one object and what belongs to it), sorted by date and cut to the page;
2. `presenter` reads the page's events and, for each modification, the object's previous event, then names every
   object, person and value in words (`objets.OBJETS`, `references.References`).

A page costs one count, one ordered selection, and a few queries per model present on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.utils import timezone

from commun import format_fr

from .objets import APPLICATIONS, CACHES_PARTOUT, MASQUE, Objet, objet_de
from .references import References

# pghistory's default trackers (settings.PGHISTORY_DEFAULT_TRACKERS) and their label in words.
ACTIONS = {"insert": "Création", "update": "Modification", "delete": "Suppression"}
ACTIONS_URL = {"creation": "insert", "modification": "update", "suppression": "delete"}

# The keys the project puts in pghistory's context (middleware, tasks, commands): who acted.
CLES_AUTEUR = ("user", "utilisateur")


@dataclass(frozen=True)
class ModeleSuivi:
    """An audited model: ``evenement`` its pghistory event model, ``suivi`` the model it copies."""

    evenement: type[models.Model]
    suivi: type[models.Model]

    @property
    def label(self) -> str:
        return self.suivi._meta.label

    @property
    def cle(self) -> str:
        """The model's name in URLs (``?objet=demande``)."""
        return self.suivi._meta.model_name

    @property
    def nom(self) -> str:
        nom = " ".join(ACCENTS.get(mot, mot) for mot in str(self.suivi._meta.verbose_name).split())  # « pièce »
        return nom[:1].upper() + nom[1:]

    @property
    def table(self) -> str:
        return self.evenement._meta.db_table


@cache
def modeles_suivis() -> tuple[ModeleSuivi, ...]:
    """Every pghistory event model of our applications, in the order of the applications then by name."""
    import pghistory.models

    trouves = []
    for modele in apps.get_models():
        if not issubclass(modele, pghistory.models.Event) or modele.pgh_tracked_model is None:
            continue
        suivi = modele.pgh_tracked_model
        if suivi._meta.app_label in APPLICATIONS:
            trouves.append(ModeleSuivi(modele, suivi))
    return tuple(
        sorted(trouves, key=lambda m: (APPLICATIONS.index(m.suivi._meta.app_label), str(m.suivi._meta.verbose_name)))
    )


def modele_par_cle(cle: str) -> ModeleSuivi | None:
    return next((m for m in modeles_suivis() if m.cle == cle), None)


def modele_par_label(label: str) -> ModeleSuivi | None:
    return next((m for m in modeles_suivis() if m.label == label), None)


@dataclass(frozen=True)
class Filtres:
    """What the reader asked for. ``du``/``au`` days in Europe/Paris (both included); ``qui`` a person's id;
    ``modele`` one audited model; ``objet_id`` one object of it (with the rows that belong to it); ``action`` one of
    ``insert``, ``update``, ``delete``."""

    du: dt.date | None = None
    au: dt.date | None = None
    qui: int | None = None
    modele: ModeleSuivi | None = None
    objet_id: int | None = None
    action: str | None = None


def _debut_du_jour(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time.min), timezone.get_default_timezone())


def _branches(filtres: Filtres) -> tuple[list[str], list]:
    """One SELECT (model's index, event id, date) per event table the filters may find rows in, with its params."""
    communs, params_communs = [], []
    if filtres.du:
        communs.append("e.pgh_created_at >= %s")
        params_communs.append(_debut_du_jour(filtres.du))
    if filtres.au:
        communs.append("e.pgh_created_at < %s")
        params_communs.append(_debut_du_jour(filtres.au + dt.timedelta(days=1)))
    if filtres.action:
        communs.append("e.pgh_label = %s")
        params_communs.append(filtres.action)
    if filtres.qui is not None:
        cles = " OR ".join(f"c.metadata->>'{cle}' = %s" for cle in CLES_AUTEUR)
        communs.append(f"e.pgh_context_id IN (SELECT c.id FROM pghistory_context c WHERE {cles})")  # noqa: S608 - our table names
        params_communs += [str(filtres.qui)] * len(CLES_AUTEUR)

    rattaches = {}
    if filtres.modele and filtres.objet_id is not None:
        objet = objet_de(filtres.modele.label)
        rattaches = {r.modele: r for r in (objet.rattaches if objet else ())}

    branches, params = [], []
    for i, m in enumerate(modeles_suivis()):
        conditions, valeurs = [], []
        if filtres.modele is not None:
            if m.label == filtres.modele.label:
                if filtres.objet_id is not None:
                    conditions.append("e.pgh_obj_id = %s")
                    valeurs.append(filtres.objet_id)
            elif m.label in rattaches:
                r = rattaches[m.label]
                if r.via is None:
                    conditions.append(f'e."{r.colonne}" = %s')
                else:
                    parent = modele_par_label(r.via[0])
                    if parent is None:
                        continue
                    conditions.append(
                        f'e."{r.colonne}" IN (SELECT p.pgh_obj_id FROM "{parent.table}" p WHERE p."{r.via[1]}" = %s)'  # noqa: S608 - our table names
                    )
                valeurs.append(filtres.objet_id)
            else:
                continue
        where = " AND ".join(conditions + communs) or "TRUE"
        branches.append(f'SELECT {i} AS m, e.pgh_id, e.pgh_created_at FROM "{m.table}" e WHERE {where}')  # noqa: S608 - our table names
        params += valeurs + params_communs
    return branches, params


class Journal:
    """The events the filters select, most recent first, as Django's Paginator wants them: ``count()`` and slices
    (each slice a list of `Ligne`, in words)."""

    def __init__(self, user, filtres: Filtres):
        self.user = user
        self.filtres = filtres
        self._branches, self._params = _branches(filtres)
        self._compte: int | None = None

    def count(self) -> int:
        if self._compte is None:
            if not self._branches:
                self._compte = 0
            else:
                with connection.cursor() as curseur:
                    union = " UNION ALL ".join(self._branches)
                    curseur.execute(f"SELECT count(*) FROM ({union}) u", self._params)  # noqa: S608 - our table names
                    self._compte = curseur.fetchone()[0]
        return self._compte

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, tranche: slice) -> list[Ligne]:
        if not isinstance(tranche, slice):  # pragma: no cover - the Paginator slices
            raise TypeError("Le journal se lit par pages.")
        debut, fin = tranche.start or 0, tranche.stop
        if not self._branches or fin is None or fin <= debut:
            return []
        union = " UNION ALL ".join(self._branches)
        with connection.cursor() as curseur:
            curseur.execute(
                f"SELECT m, pgh_id FROM ({union}) u ORDER BY pgh_created_at DESC, m DESC, pgh_id DESC "  # noqa: S608 - our table names
                "LIMIT %s OFFSET %s",
                [*self._params, fin - debut, debut],
            )
            cles = curseur.fetchall()
        return presenter(self.user, cles)


# --------------------------------------------------------------------------- in words


@dataclass
class Changement:
    """One field of an event: its label, the value before (None for a creation) and after, in words."""

    libelle: str
    avant: str | None
    apres: str


@dataclass
class Auteur:
    """Who made a change: a person (``nom``, ``identifiant``, ``url`` of their account), the API key they acted
    through (``cle``: « « nom » (préfixe…) de l'organisation »), or a task or command (``nom`` only)."""

    nom: str
    identifiant: str = ""
    url: str | None = None
    cle: str = ""
    via: str = ""


@dataclass
class Ligne:
    """One event of the journal in words."""

    le: dt.datetime
    action: str
    code_action: str
    modele: str
    objet: str
    url: str | None
    auteur: Auteur
    changements: list[Changement] = field(default_factory=list)
    masque: bool = False
    precedent_inconnu: bool = False


def _champs(m: ModeleSuivi, objet: Objet | None) -> list[models.Field]:
    """The fields of the audited model that its events copy and the journal shows."""
    copies = {f.name for f in m.evenement._meta.concrete_fields}
    caches = CACHES_PARTOUT | (objet.caches if objet else frozenset())
    return [
        f
        for f in m.suivi._meta.concrete_fields
        if f.name in copies
        and f.name not in caches
        and not f.primary_key
        and not isinstance(f, models.BinaryField | models.JSONField | models.FileField)
    ]


def _binaires(m: ModeleSuivi) -> list[str]:
    """Fields not worth reading from the event tables (a session's PDFs)."""
    return [f.name for f in m.evenement._meta.concrete_fields if isinstance(f, models.BinaryField | models.JSONField)]


# The accents of the words of field names that have no verbose_name (Django derives « propose par » from
# ``propose_par``).
ACCENTS = {
    "critere": "critère",
    "piece": "pièce",
    "priorite": "priorité",
    "decision": "décision",
    "evenement": "événement",
    "cree": "créé",
    "creee": "créée",
    "declaree": "déclarée",
    "deposee": "déposée",
    "depot": "dépôt",
    "disponibilite": "disponibilité",
    "convoquee": "convoquée",
    "notee": "notée",
    "preferee": "préférée",
    "propose": "proposé",
    "reactive": "réactivé",
    "reponse": "réponse",
    "reservataire": "réservataire",
    "residence": "résidence",
    "retiree": "retirée",
    "seance": "séance",
}


def _libelle_champ(f: models.Field, objet: Objet | None) -> str:
    texte = (objet.libelles.get(f.name) if objet else None) or str(f.verbose_name)
    if texte == f.name.replace("_", " "):
        texte = " ".join(ACCENTS.get(mot, mot) for mot in texte.split())
    return texte[:1].upper() + texte[1:]


def lisible(f: models.Field, valeur, r: References, objet: Objet | None) -> str:
    """A field's value in words: « — » when empty, oui/non, a choice's label, a list's labels, a date in French
    (Europe/Paris for a moment), a number with French separators, an object's name for a foreign key."""
    if valeur is None or valeur == "" or valeur == []:
        return "—"
    if f.is_relation:
        return r.libelle(f.related_model._meta.label, valeur)
    if isinstance(f, models.BooleanField):
        return "oui" if valeur else "non"
    if isinstance(f, ArrayField):
        vocabulaire = objet.vocabulaires.get(f.name) if objet else None
        if vocabulaire is None:
            choix = dict(f.base_field.flatchoices)
            vocabulaire = lambda c: str(choix.get(c, c))  # noqa: E731
        return ", ".join(vocabulaire(c) for c in valeur)
    if f.choices:
        return str(dict(f.flatchoices).get(valeur, valeur))
    if isinstance(valeur, dt.datetime):
        local = timezone.localtime(valeur)
        return f"{format_fr.date(local)} à {local:%H:%M}"
    if isinstance(valeur, dt.date):
        return format_fr.date(valeur)
    if isinstance(f, models.DecimalField):
        return format_fr.nombre(valeur, f.decimal_places)
    if isinstance(f, models.IntegerField) and "€" in str(f.verbose_name):
        return format_fr.nombre(valeur)
    texte = str(valeur)
    return texte if len(texte) <= 200 else texte[:199] + "…"


def _auteur(contexte: dict, r: References) -> Auteur:
    uid = next((contexte[c] for c in CLES_AUTEUR if contexte.get(c) is not None), None)
    url = str(contexte.get("url") or "")
    via = "par l'API" if url.startswith("/api/") else ""
    if uid is not None:
        personne = r.objet("territoire.Utilisateur", uid)
        if personne is None:
            return Auteur(nom=f"Compte n° {uid} (supprimé)", via=via)
        auteur = Auteur(
            nom=personne.get_full_name() or personne.username,
            identifiant=personne.username,
            url=None,
            via=via,
        )
        if r.visible("territoire.Utilisateur", uid):
            from django.urls import reverse

            auteur.url = reverse("utilisateur_detail", args=(uid,))
        cle = getattr(personne, "cle_api", None) if personne.est_compte_api else None
        if cle is not None:
            auteur.nom = f"Clé d'API « {cle.nom} »"
            auteur.cle = f"{cle.prefixe}… de {cle.organisation.nom}"
        if contexte.get("depot"):
            auteur.via = f"par le dépôt de CAL {contexte['depot']}"
        return auteur
    if contexte.get("tache"):
        return Auteur(nom="Tâche planifiée", via=str(contexte["tache"]).rsplit(".", 1)[-1].replace("_", " "))
    if contexte.get("declencheur") or contexte.get("conservation"):
        return Auteur(nom="Purge de conservation", via=str(contexte.get("conservation", "")))
    if contexte.get("motif"):
        return Auteur(nom="Tâche planifiée", via=str(contexte["motif"]))
    if contexte.get("commande"):
        return Auteur(nom="Commande", via=str(contexte["commande"]))
    return Auteur(nom="Sans auteur connu", via="hors de l'application (console, base)")


def presenter(user, cles: list[tuple[int, int]]) -> list[Ligne]:
    """Events named by (index in `modeles_suivis()`, event id), in that order, in words."""
    modeles = modeles_suivis()
    par_modele: dict[int, list[int]] = {}
    for i, pgh_id in cles:
        par_modele.setdefault(i, []).append(pgh_id)

    evenements: dict[tuple[int, int], models.Model] = {}
    precedents: dict[tuple[int, int], models.Model | None] = {}
    for i, ids in par_modele.items():
        m = modeles[i]
        with connection.cursor() as curseur:  # the previous event of the same object, for each event of the page
            curseur.execute(
                f'SELECT e.pgh_id, (SELECT p.pgh_id FROM "{m.table}" p WHERE p.pgh_obj_id = e.pgh_obj_id '  # noqa: S608 - our table names
                f'AND p.pgh_id < e.pgh_id ORDER BY p.pgh_id DESC LIMIT 1) FROM "{m.table}" e WHERE e.pgh_id = ANY(%s)',
                [ids],
            )
            avant = dict(curseur.fetchall())
        lus = m.evenement.objects.filter(pgh_id__in=set(ids) | {p for p in avant.values() if p}).select_related(
            "pgh_context"
        )
        lus = {e.pgh_id: e for e in lus.defer(*_binaires(m))}
        for pgh_id in ids:
            if pgh_id in lus:  # an event deleted meanwhile (the retention purge) is left out of the page
                evenements[i, pgh_id] = lus[pgh_id]
                precedents[i, pgh_id] = lus.get(avant.get(pgh_id))

    r = References(user)
    for (i, _), e in evenements.items():
        m = modeles[i]
        r.ajouter(m.label, e.pgh_obj_id)
        for ev in (e, precedents[i, e.pgh_id]):
            if ev is None:
                continue
            for f in m.suivi._meta.concrete_fields:
                if f.is_relation and hasattr(ev, f.attname):
                    r.ajouter(f.related_model._meta.label, getattr(ev, f.attname))
        contexte = e.pgh_context.metadata if e.pgh_context else {}
        for c in CLES_AUTEUR:
            if isinstance(contexte.get(c), int):
                r.ajouter("territoire.Utilisateur", contexte[c])
    r.charger()

    lignes = []
    for i, pgh_id in cles:
        if (i, pgh_id) not in evenements:
            continue
        m, e, precedent = modeles[i], evenements[i, pgh_id], precedents[i, pgh_id]
        objet = objet_de(m.label)
        if objet is not None:
            texte, url = objet.nommer(e, r)
        else:
            texte, url = f"{m.nom} n° {e.pgh_obj_id}", None
        masque = bool(
            objet and objet.sensible and (objet.sensible(e) or (precedent is not None and objet.sensible(precedent)))
        )
        ligne = Ligne(
            le=e.pgh_created_at,
            action=ACTIONS.get(e.pgh_label, e.pgh_label),
            code_action=e.pgh_label,
            modele=m.nom,
            objet=texte,
            url=url,
            auteur=_auteur(e.pgh_context.metadata if e.pgh_context else {}, r),
            masque=masque,
        )
        if masque:
            ligne.objet = f"{texte} (critère ou pièce sensible : valeurs masquées)"
        for f in _champs(m, objet):
            apres = getattr(e, f.attname)
            if e.pgh_label == "update":
                if precedent is None:
                    ligne.precedent_inconnu = True
                    continue
                valeur_avant = getattr(precedent, f.attname)
                if valeur_avant == apres:
                    continue
                avant_lisible = MASQUE if masque else lisible(f, valeur_avant, r, objet)
            elif apres is None or apres == "" or apres == [] or apres is False:
                continue  # a creation or a deletion lists what the row held
            else:
                avant_lisible = None
            ligne.changements.append(
                Changement(_libelle_champ(f, objet), avant_lisible, MASQUE if masque else lisible(f, apres, r, objet))
            )
        lignes.append(ligne)
    return lignes


def auteurs(user) -> models.QuerySet:
    """The people who appear in the journal (the « Qui » filter): every account named in pghistory's context."""
    from territoire.models import Utilisateur
    from territoire.rules import est_administrateur_epci

    if not est_administrateur_epci(user):
        return Utilisateur.objects.none()
    cles = ", ".join(f"metadata->>'{c}'" for c in CLES_AUTEUR)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT DISTINCT COALESCE({cles}) FROM pghistory_context")  # noqa: S608 - our table names
        ids = {int(v) for (v,) in curseur.fetchall() if v and v.isdecimal() and len(v) < 12}
    return Utilisateur.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")
