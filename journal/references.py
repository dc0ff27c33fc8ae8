"""The objects an event names, fetched in bulk for one page of the journal.

An event row holds identifiers (``demande_id``, ``residence_id``, the user of its context). The page names them in
words: « Demande n° 06… » (the NUR, else the local number), « la résidence Les Pins », « Marie Durand ».
`References` collects every (model, id) a page needs, then fetches each model once (one query per model, with what its
label needs joined), through the reader's scoped selector where one exists: an object found there may be linked to its
page; one that is not (out of scope, or deleted since) keeps a plain label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet

from commun import format_fr


@dataclass(frozen=True)
class Chargement:
    """How to fetch one model's objects for labels: ``tout()`` the queryset with what ``libelle(obj)`` needs joined;
    ``portee(user)``, when given, the reader's scope: only an object found there is linked to its page."""

    tout: Callable[[], QuerySet]
    libelle: Callable[[Model], str]
    portee: Callable[[object], QuerySet] | None = None


def _nom_personne(u) -> str:
    return u.get_full_name() or u.username


def _demande(d) -> str:
    """« demande n° <reference> »: the SNE's NUR when known, else the local number (docs/sne.md « Numéros »)."""
    return f"demande n° {d.reference}" if d.reference else f"brouillon de demande n° {d.pk}"


def _logement(lg) -> str:
    nom = lg.residence.nom
    return f"logement {lg.numero} {format_fr.de_la_residence(nom)}"


def _positionnement(p) -> str:
    return f"{_demande(p.demande)} sur le {_logement(p.disponibilite.logement)}"


def _lire(label: str, *joints: str, seulement: tuple[str, ...] = ()) -> Callable[[], QuerySet]:
    """``tout`` for a model: all its rows, with the relations its label reads joined, or only the fields it reads."""

    def lire():
        q = apps.get_model(label)._default_manager.all()
        if joints:
            q = q.select_related(*joints)
        return q.only(*seulement) if seulement else q

    return lire


def _chargements() -> dict[str, Chargement]:
    """How each model a journal page may name is fetched, labelled and scoped."""
    return {
        **_chargements_territoire(),
        **_chargements_demandes(),
        **_chargements_programmation(),
        **_chargements_positionnements(),
        **_chargements_commissions(),
    }


# The apps' selectors are imported in the functions below: they import their models, which are not ready when this
# module is imported.


def _chargements_territoire() -> dict[str, Chargement]:
    """Organisations and accounts, linked within the reader's scope; communes, habilitations and reviews named."""
    from territoire.selectors import organisations_visibles, utilisateurs_visibles

    return {
        "territoire.Organisation": Chargement(
            _lire("territoire.Organisation", seulement=("nom", "slug")), lambda o: o.nom, organisations_visibles
        ),
        "territoire.Utilisateur": Chargement(
            _lire("territoire.Utilisateur", "cle_api__organisation"), _nom_personne, utilisateurs_visibles
        ),
        "territoire.Commune": Chargement(_lire("territoire.Commune", seulement=("nom",)), lambda c: c.nom),
        "territoire.Habilitation": Chargement(
            _lire("territoire.Habilitation", "utilisateur", "organisation"),
            lambda h: f"{h.get_role_display()} de {_nom_personne(h.utilisateur)} ({h.organisation.nom})",
        ),
        "territoire.RevueHabilitations": Chargement(
            _lire("territoire.RevueHabilitations", "organisation"),
            lambda r: f"revue des habilitations de {r.organisation.nom}",
        ),
    }


def _chargements_demandes() -> dict[str, Chargement]:
    """Demands, linked within the reader's scope; the people of their households named."""
    from demandes.selectors import demandes_visibles

    return {
        "demandes.Demande": Chargement(
            _lire("demandes.Demande", seulement=("numero", "nur", "etat")), _demande, demandes_visibles
        ),
        "demandes.Personne": Chargement(
            _lire("demandes.Personne", "demande", seulement=("lien", "demande__numero", "demande__nur")),
            lambda p: f"{p.get_lien_display().lower()} de la {_demande(p.demande)}",
        ),
    }


def _chargements_programmation() -> dict[str, Chargement]:
    """Residences, dwellings to fill and programmes, linked within the reader's scope; dwellings named."""
    from programmation.selectors import disponibilites_visibles, programmes_visibles, residences_visibles

    return {
        "programmation.Residence": Chargement(
            _lire("programmation.Residence", seulement=("nom",)),
            lambda r: r.nom if r.nom.lower().startswith("résidence") else f"résidence {r.nom}",
            residences_visibles,
        ),
        "programmation.Logement": Chargement(_lire("programmation.Logement", "residence"), _logement),
        "programmation.Disponibilite": Chargement(
            _lire("programmation.Disponibilite", "logement__residence"),
            lambda d: f"{_logement(d.logement)} à pourvoir",
            disponibilites_visibles,
        ),
        "programmation.Programme": Chargement(
            _lire("programmation.Programme", seulement=("nom",)), lambda p: f"programme {p.nom}", programmes_visibles
        ),
    }


def _chargements_positionnements() -> dict[str, Chargement]:
    """Positionnements, linked within the reader's scope; CAL deposits named."""
    from positionnements.selectors import positionnements_visibles

    return {
        "positionnements.Positionnement": Chargement(
            _lire("positionnements.Positionnement", "demande", "disponibilite__logement__residence"),
            _positionnement,
            positionnements_visibles,
        ),
        "positionnements.DepotDecisionsCAL": Chargement(
            _lire("positionnements.DepotDecisionsCAL", seulement=("pk",)), lambda d: f"dépôt {d.numero}"
        ),
    }


def _chargements_commissions() -> dict[str, Chargement]:
    """Sessions of the commission, linked within the reader's scope; its members named."""
    from commissions.selectors import seances_visibles

    return {
        "commissions.Seance": Chargement(
            _lire("commissions.Seance", seulement=("numero", "date")), lambda s: f"séance {s.numero}", seances_visibles
        ),
        "commissions.Membre": Chargement(
            _lire("commissions.Membre", seulement=("civilite", "prenom", "nom")),
            lambda m: f"{m.prenom} {m.nom}".strip(),
        ),
    }


# What an object found leads to: its page's link depends on another object's scope (a resource's person's demand,
# an occupation's dwelling's residence), fetched in a second round.
NICHEES: dict[str, tuple[tuple[str, str], ...]] = {
    "demandes.Personne": (("demandes.Demande", "demande_id"),),
    "programmation.Logement": (("programmation.Residence", "residence_id"),),
    "programmation.Disponibilite": (("programmation.Logement", "logement_id"),),
    "positionnements.Positionnement": (
        ("demandes.Demande", "demande_id"),
        ("programmation.Disponibilite", "disponibilite_id"),
    ),
    "territoire.Habilitation": (("territoire.Utilisateur", "utilisateur_id"),),
    "territoire.RevueHabilitations": (("territoire.Organisation", "organisation_id"),),
}


class References:
    """Collect with `ajouter(label, pk)`, fetch with `charger()`, then read `objet(label, pk)` (None when not found),
    `libelle(label, pk)` (the object's name, or « <model> n° <pk> ») and `visible(label, pk)`."""

    def __init__(self, user):
        self.user = user
        self._demandes: dict[str, set[int]] = defaultdict(set)
        self._objets: dict[tuple[str, int], Model] = {}
        self._visibles: set[tuple[str, int]] = set()
        self._chargements = _chargements()

    def ajouter(self, label: str, pk) -> None:
        if pk is not None and label in self._chargements:
            self._demandes[label].add(pk)

    def charger(self) -> None:
        """One query per model asked for (two with the reader's scope), in rounds while the objects found lead to
        others (`NICHEES`)."""
        deja: dict[str, set] = defaultdict(set)
        while self._demandes:
            demandes, self._demandes = self._demandes, defaultdict(set)
            for label, pks in demandes.items():
                pks = pks - deja[label]
                if not pks:
                    continue
                deja[label] |= pks
                chargement = self._chargements[label]
                trouves = list(chargement.tout().filter(pk__in=pks))
                self._objets.update(((label, o.pk), o) for o in trouves)
                if chargement.portee is not None:  # what is out of the reader's scope is named, never linked
                    visibles = chargement.portee(self.user).filter(pk__in=pks).values_list("pk", flat=True)
                    self._visibles.update((label, pk) for pk in visibles)
                for cible, attribut in NICHEES.get(label, ()):
                    for o in trouves:
                        self.ajouter(cible, getattr(o, attribut))

    def objet(self, label: str, pk) -> Model | None:
        return self._objets.get((label, pk))

    def visible(self, label: str, pk) -> bool:
        return (label, pk) in self._visibles

    def libelle(self, label: str, pk) -> str:
        obj = self.objet(label, pk)
        if obj is not None:
            return self._chargements[label].libelle(obj)
        try:
            nom = apps.get_model(label)._meta.verbose_name
        except LookupError:  # pragma: no cover - a label of ours always resolves
            nom = label
        return f"{nom} n° {pk}"
