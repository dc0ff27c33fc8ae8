"""The audited models as the journal knows them: every django-pghistory event model of our applications (found by
itself, no list to keep), its name in words and in URLs, and the kinds of event with their labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

from .objets import APPLICATIONS

# pghistory's default trackers (settings.PGHISTORY_DEFAULT_TRACKERS) and their label in words.
ACTIONS = {"insert": "Création", "update": "Modification", "delete": "Suppression"}
ACTIONS_URL = {"creation": "insert", "modification": "update", "suppression": "delete"}

# The keys the project puts in pghistory's context (middleware, tasks, commands): who acted.
CLES_AUTEUR = ("user", "utilisateur")

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
