"""What each app erases for a batch of demands: an eraser registered with `@effaceur` in the app's own `retention`
module (positionnements, commissions), found by `effaceurs()` like admin.py; the arrows of the architecture still
point down."""

from __future__ import annotations

from collections.abc import Callable

MOTIF_EFFACE = "Motif effacé (durée de conservation)"  # where a text may not be empty (a constraint)

Effaceur = Callable[[list[int], bool], dict[str, int]]
_EFFACEURS: dict[str, Effaceur] = {}


def effaceur(nom: str) -> Callable[[Effaceur], Effaceur]:
    """Registers what an app erases for a batch of demands: `fonction(ids, simulation) -> {compteur: n}`. With
    `simulation` it only counts; otherwise it counts (before writing, so a dry run says the same numbers) and
    erases, inside the batch's transaction. Files are removed after the commit (transaction.on_commit)."""

    def enregistrer(fonction: Effaceur) -> Effaceur:
        _EFFACEURS[nom] = fonction
        return fonction

    return enregistrer


def effaceurs() -> list[tuple[str, Effaceur]]:
    """Every app's eraser: the `retention` module of each installed app is imported (like admin.py), in the order of
    INSTALLED_APPS; the demand's own last (it writes the demand's log)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("retention")
    return sorted(_EFFACEURS.items(), key=lambda e: e[0] == "demandes")
