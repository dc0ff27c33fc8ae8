"""The journal in words: each event of a page as a `Ligne` (when, who, which object with its link when the reader
may open it, each field changed from before to after in French), sensitive rows masked. `presenter` reads the page's
events and, for each modification, the object's previous event, then names every object, person and value
(`objets.OBJETS`, `references.References`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from commun import format_fr

from .modeles_suivis import ACCENTS, ACTIONS, CLES_AUTEUR, ModeleSuivi, modeles_suivis
from .objets import CACHES_PARTOUT, MASQUE, Objet, objet_de
from .references import References


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
            auteur.url = reverse("utilisateur_detail", args=(uid,))
        cle = getattr(personne, "cle_api", None) if personne.est_compte_api else None
        if cle is not None:
            auteur.nom = f"Clé d'API « {cle.nom} »"
            auteur.cle = f"{cle.prefixe}… de {cle.organisation.nom}"
        if contexte.get("depot"):
            auteur.via = f"par le dépôt de CAL {contexte['depot']}"
        return auteur
    if contexte.get("portail") or url.startswith("/mon-logement/"):
        # the applicant's space (portail/): the holder signed in by a link, no staff account
        return Auteur(nom="Le demandeur", via="dans son espace en ligne")
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
    evenements, precedents = _lire_evenements(modeles, cles)
    r = _references(user, modeles, evenements, precedents)
    return [
        _ligne(modeles[i], evenements[i, pgh_id], precedents[i, pgh_id], r)
        for i, pgh_id in cles
        if (i, pgh_id) in evenements
    ]


Cle = tuple[int, int]  # (index in `modeles_suivis()`, event id)


def _lire_evenements(
    modeles: tuple[ModeleSuivi, ...], cles: list[Cle]
) -> tuple[dict[Cle, models.Model], dict[Cle, models.Model | None]]:
    """The page's events and the previous event of the same object for each (None for the first), one query per
    model for their ids and one for the rows; an event deleted meanwhile (the retention purge) is left out."""
    par_modele: dict[int, list[int]] = {}
    for i, pgh_id in cles:
        par_modele.setdefault(i, []).append(pgh_id)
    evenements: dict[Cle, models.Model] = {}
    precedents: dict[Cle, models.Model | None] = {}
    for i, ids in par_modele.items():
        m = modeles[i]
        avant = _precedents(m, ids)
        lus = m.evenement.objects.filter(pgh_id__in=set(ids) | {p for p in avant.values() if p}).select_related(
            "pgh_context"
        )
        lus = {e.pgh_id: e for e in lus.defer(*_binaires(m))}
        for pgh_id in ids:
            if pgh_id in lus:
                evenements[i, pgh_id] = lus[pgh_id]
                precedents[i, pgh_id] = lus.get(avant.get(pgh_id))
    return evenements, precedents


def _precedents(m: ModeleSuivi, ids: list[int]) -> dict[int, int | None]:
    """{event id: the id of the previous event of the same object} for these events of one model."""
    with connection.cursor() as curseur:
        curseur.execute(
            f'SELECT e.pgh_id, (SELECT p.pgh_id FROM "{m.table}" p WHERE p.pgh_obj_id = e.pgh_obj_id '  # noqa: S608 - our table names
            f'AND p.pgh_id < e.pgh_id ORDER BY p.pgh_id DESC LIMIT 1) FROM "{m.table}" e WHERE e.pgh_id = ANY(%s)',
            [ids],
        )
        return dict(curseur.fetchall())


def _references(
    user,
    modeles: tuple[ModeleSuivi, ...],
    evenements: dict[Cle, models.Model],
    precedents: dict[Cle, models.Model | None],
) -> References:
    """Every object the page names (the events' objects, the targets of their foreign keys before and after, the
    people of their context), fetched in bulk through the reader's scopes."""
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
    return r


def _ligne(m: ModeleSuivi, e: models.Model, precedent: models.Model | None, r: References) -> Ligne:
    """One event in words: its object named (and linked), its author, its fields; masked when the row is sensitive,
    before or after."""
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
        ligne.objet = f"{texte} (critère, pièce ou note sensible : valeurs masquées)"
    _changements(ligne, m, objet, e, precedent, r)
    return ligne


def _changements(
    ligne: Ligne, m: ModeleSuivi, objet: Objet | None, e: models.Model, precedent: models.Model | None, r: References
) -> None:
    """Adds to `ligne` each field in words: for a modification, those that changed from the previous event (none,
    and `precedent_inconnu`, when the journal has no previous event); for a creation or a deletion, what the row
    held."""
    for f in _champs(m, objet):
        apres = getattr(e, f.attname)
        if e.pgh_label == "update":
            if precedent is None:
                ligne.precedent_inconnu = True
                continue
            valeur_avant = getattr(precedent, f.attname)
            if valeur_avant == apres:
                continue
            avant_lisible = MASQUE if ligne.masque else lisible(f, valeur_avant, r, objet)
        elif apres is None or apres == "" or apres == [] or apres is False:
            continue
        else:
            avant_lisible = None
        ligne.changements.append(
            Changement(_libelle_champ(f, objet), avant_lisible, MASQUE if ligne.masque else lisible(f, apres, r, objet))
        )
