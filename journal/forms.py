"""The journal's filters read from the URL (/journal/?du=&au=&qui=&objet=&numero=&action=), as a form: each value
that cannot be read is said in French and left out, the others apply (the page never answers a 500 nor refuses the
whole search). The template writes its own fields: the form only reads them."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet

from commun import saisie
from demandes.models import FORMAT_NUMERO_LOCAL, FORMAT_NUR

from .evenements import Filtres
from .modeles_suivis import ACTIONS_URL, ModeleSuivi, modele_par_cle
from .selectors import demande_par_numero

# A demand's number: the SNE's numéro unique (18 capitals or digits) or our local number (CASA-2026-000123).
NUMERO_DEMANDE = re.compile(f"{FORMAT_NUR}|{FORMAT_NUMERO_LOCAL}")


class FiltresJournalForm(forms.Form):
    """Bound to the query string, with `personnes` the people the « Qui » filter offers (selectors.auteurs). Read
    with `filtres()` (what the journal selects), `valeurs()` (what the form shows back) and `erreurs()` (one French
    message per value left out, in the order of the fields)."""

    du = forms.CharField(required=False)
    au = forms.CharField(required=False)
    qui = forms.CharField(required=False)
    objet = forms.CharField(required=False)
    numero = forms.CharField(required=False)
    action = forms.CharField(required=False)

    # The order the messages are said in (the period's own check comes right after its dates).
    ORDRE_DES_ERREURS = ("du", "au", NON_FIELD_ERRORS, "qui", "objet", "numero", "action")

    def __init__(self, data, *, personnes: QuerySet):
        super().__init__(data)
        self.personnes = personnes

    def clean_du(self) -> dt.date | None:
        return self._jour("du", "« Du »")

    def clean_au(self) -> dt.date | None:
        return self._jour("au", "« Au »")

    def _jour(self, nom: str, libelle: str) -> dt.date | None:
        """A day written AAAA-MM-JJ between 1900 and 2100 (the date picker's value)."""
        brut = self.cleaned_data[nom]
        if not brut:
            return None
        jour = saisie.date_iso(brut)
        if jour is None:
            raise ValidationError(
                f"Date {libelle} illisible ou hors des années 1900 à 2100 : choisissez-la dans le calendrier "
                "(JJ/MM/AAAA)."
            )
        return jour

    def clean_qui(self) -> int | None:
        """A person among those who made a change."""
        brut = self.cleaned_data["qui"]
        if not brut:
            return None
        qui_id = saisie.identifiant(brut)
        if qui_id is None or not self.personnes.filter(pk=qui_id).exists():
            raise ValidationError("Cette personne n'a fait aucune modification : le filtre « Qui » est ignoré.")
        return qui_id

    def clean_objet(self) -> ModeleSuivi | None:
        """A kind of object, by its name in URLs (``demande``)."""
        cle = self.cleaned_data["objet"]
        if not cle:
            return None
        modele = modele_par_cle(cle[:60])
        if modele is None:
            raise ValidationError("Type d'objet inconnu : le filtre « Objet » est ignoré.")
        return modele

    def clean_action(self) -> str | None:
        """A kind of event, by its name in URLs (``creation``)."""
        action = self.cleaned_data["action"]
        if not action:
            return None
        if action not in ACTIONS_URL:
            raise ValidationError("Action inconnue : le filtre « Action » est ignoré.")
        return action

    def clean(self) -> dict:
        donnees = super().clean()
        self._periode_a_l_endroit(donnees)
        self._reference(donnees)
        return donnees

    def _periode_a_l_endroit(self, donnees: dict) -> None:
        """A period whose start is after its end is said and left out (both dates)."""
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and du > au:
            self.add_error(None, "La période est à l'envers : la date « Du » est après la date « Au ».")
            donnees["du"] = donnees["au"] = None

    def _reference(self, donnees: dict) -> None:
        """The « N° » filter: a demand's number, its NUR or its local number (typed with spaces or in lower case),
        selects that demand and what belongs to it, even deleted since; a number selects one object of the kind
        chosen in « Objet »."""
        numero = donnees.get("numero")
        if not numero:
            return
        texte = re.sub(r"\s", "", numero).upper()
        modele = donnees.get("objet")
        if NUMERO_DEMANDE.fullmatch(texte) and (modele is None or modele.label == "demandes.Demande"):
            donnees["objet"] = modele_par_cle("demande")
            pk = demande_par_numero(texte)
            if pk is None:
                self.add_error("numero", f"Aucune demande ne porte le numéro {texte}.")
            donnees["objet_id"] = 0 if pk is None else pk  # no event has object 0: the page says so, lists nothing
        elif (reference := saisie.identifiant(texte)) is not None:
            if modele is None:
                self.add_error(
                    "numero",
                    f"Choisissez le type d'objet de la référence n° {reference} (une demande se cherche par son "
                    "numéro unique à 18 caractères ou son numéro local, CASA-2026-000123) : le filtre « N° » est "
                    "ignoré.",
                )
            else:
                donnees["objet_id"] = reference
        else:
            self.add_error(
                "numero",
                "Numéro illisible : tapez le numéro unique d'une demande (18 lettres et chiffres), son numéro local "
                "(CASA-2026-000123) ou la référence d'un objet (un nombre) : le filtre « N° » est ignoré.",
            )

    def filtres(self) -> Filtres:
        """What the journal selects: the values read, those left out as if not given."""
        d = self._lus()
        action = d.get("action")
        return Filtres(
            du=d.get("du"),
            au=d.get("au"),
            qui=d.get("qui"),
            modele=d.get("objet"),
            objet_id=d.get("objet_id"),
            action=ACTIONS_URL[action] if action else None,
        )

    def valeurs(self) -> dict:
        """What the form shows back: the values read (dates as AAAA-MM-JJ, the kind of object chosen or found by
        the number), and the number as typed (cut to 40 characters)."""
        d = self._lus()
        valeurs: dict = {}
        for nom in ("du", "au"):
            if d.get(nom):
                valeurs[nom] = d[nom].isoformat()
        if d.get("qui") is not None:
            valeurs["qui"] = d["qui"]
        if d.get("objet") is not None:
            valeurs["objet"] = d["objet"].cle
        numero = (self.data.get("numero") or "").strip()
        if numero:
            valeurs["numero"] = numero[:40]
        if d.get("action"):
            valeurs["action"] = d["action"]
        return valeurs

    def _lus(self) -> dict:
        """The values read (the form read once, at the first call)."""
        self.errors  # noqa: B018 - reading the errors cleans the form
        return self.cleaned_data

    def erreurs(self) -> list[str]:
        """One French message per value left out, in the order of the fields."""
        return [message for nom in self.ORDRE_DES_ERREURS for message in self.errors.get(nom, [])]
