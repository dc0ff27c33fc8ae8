"""Saved filters of the lists (commun/listes.py), imported at the end of territoire.models: a person names the
query string of a list (« Demandes DALO à Antibes ») to open it again from the list's « Mes filtres » menu. A saved
filter is its owner's only (territoire.views_listes reads and deletes through ``utilisateur=request.user``)."""

from __future__ import annotations

import pghistory
from django.db import models

# The models of territoire.models are named by their label ("territoire.Utilisateur"): that module imports this one
# at its end, and the arrow goes one way only (tests/projet/test_architecture.py).


@pghistory.track()
class FiltreEnregistre(models.Model):
    """A list's filters saved by a person: the list's key (commun.listes.LISTES), a label, the query string
    (without « ? » nor the page number, at most 2,000 characters)."""

    utilisateur = models.ForeignKey(
        "territoire.Utilisateur", on_delete=models.CASCADE, related_name="filtres_enregistres"
    )
    liste = models.CharField("liste", max_length=40)
    libelle = models.CharField("nom du filtre", max_length=80)
    requete = models.CharField("filtres", max_length=2000, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        app_label = "territoire"
        verbose_name = "filtre enregistré"
        verbose_name_plural = "filtres enregistrés"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "liste", "libelle"], name="filtre_unique_par_liste"),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def url(self) -> str:
        """The list's page with these filters."""
        from commun.listes import LISTES, url_de

        return url_de(LISTES[self.liste], self.requete) if self.liste in LISTES else ""


def filtres_enregistres_de(utilisateur, liste: str):
    """A person's saved filters of one list (its key in commun.listes.LISTES), by label: the queryset the list's
    tools show (templates/_liste_outils.html)."""
    return FiltreEnregistre.objects.filter(utilisateur=utilisateur, liste=liste).order_by("libelle")
