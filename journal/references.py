"""The objects an event names, fetched in bulk for one page of the journal.

An event row holds identifiers (``demande_id``, ``residence_id``, the user of its context). The page names them in
words: « Demande n° 06… », « la résidence Les Pins », « Marie Durand ». `References` collects every (model, id) a page
needs, then fetches each model once (one query per model, with what its label needs joined), through the reader's
scoped selector where one exists: an object found there may be linked to its page; one that is not (out of scope, or
deleted since) keeps a plain label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet


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
    return f"demande n° {d.numero}" if d.numero else f"brouillon de demande n° {d.pk}"


def _logement(lg) -> str:
    nom = lg.residence.nom
    return f"logement {lg.numero} " + (
        f"de la {nom}" if nom.lower().startswith("résidence") else f"de la résidence {nom}"
    )


def _positionnement(p) -> str:
    return f"{_demande(p.demande)} sur le {_logement(p.disponibilite.logement)}"


def _chargements() -> dict[str, Chargement]:
    # Imported here: the apps' selectors import their models, which are not ready when this module is imported.
    from commissions.selectors import seances_visibles
    from demandes.selectors import demandes_visibles
    from positionnements.selectors import positionnements_visibles
    from programmation.selectors import disponibilites_visibles, residences_visibles
    from programmation.views_programmes import programmes_visibles
    from territoire.selectors import organisations_visibles, utilisateurs_visibles

    def qs(label, *joints, seulement=()):
        def lire():
            q = apps.get_model(label)._default_manager.all()
            if joints:
                q = q.select_related(*joints)
            return q.only(*seulement) if seulement else q

        return lire

    return {
        "territoire.Organisation": Chargement(
            qs("territoire.Organisation", seulement=("nom", "slug")), lambda o: o.nom, organisations_visibles
        ),
        "territoire.Utilisateur": Chargement(
            qs("territoire.Utilisateur", "cle_api__organisation"), _nom_personne, utilisateurs_visibles
        ),
        "territoire.Commune": Chargement(qs("territoire.Commune", seulement=("nom",)), lambda c: c.nom),
        "territoire.Habilitation": Chargement(
            qs("territoire.Habilitation", "utilisateur", "organisation"),
            lambda h: f"{h.get_role_display()} de {_nom_personne(h.utilisateur)} ({h.organisation.nom})",
        ),
        "territoire.RevueHabilitations": Chargement(
            qs("territoire.RevueHabilitations", "organisation"),
            lambda r: f"revue des habilitations de {r.organisation.nom}",
        ),
        "demandes.Demande": Chargement(
            qs("demandes.Demande", seulement=("numero", "etat")), _demande, demandes_visibles
        ),
        "demandes.Personne": Chargement(
            qs("demandes.Personne", "demande", seulement=("lien", "demande__numero")),
            lambda p: f"{p.get_lien_display().lower()} de la {_demande(p.demande)}",
        ),
        "programmation.Residence": Chargement(
            qs("programmation.Residence", seulement=("nom",)),
            lambda r: r.nom if r.nom.lower().startswith("résidence") else f"résidence {r.nom}",
            residences_visibles,
        ),
        "programmation.Logement": Chargement(qs("programmation.Logement", "residence"), _logement),
        "programmation.Disponibilite": Chargement(
            qs("programmation.Disponibilite", "logement__residence"),
            lambda d: f"{_logement(d.logement)} à pourvoir",
            disponibilites_visibles,
        ),
        "programmation.Programme": Chargement(
            qs("programmation.Programme", seulement=("nom",)), lambda p: f"programme {p.nom}", programmes_visibles
        ),
        "positionnements.Positionnement": Chargement(
            qs("positionnements.Positionnement", "demande", "disponibilite__logement__residence"),
            _positionnement,
            positionnements_visibles,
        ),
        "positionnements.DepotDecisionsCAL": Chargement(
            qs("positionnements.DepotDecisionsCAL", seulement=("pk",)), lambda d: f"dépôt {d.numero}"
        ),
        "commissions.Seance": Chargement(
            qs("commissions.Seance", seulement=("numero", "date")), lambda s: f"séance {s.numero}", seances_visibles
        ),
        "commissions.Membre": Chargement(
            qs("commissions.Membre", seulement=("civilite", "prenom", "nom")), lambda m: f"{m.prenom} {m.nom}".strip()
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
