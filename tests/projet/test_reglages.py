"""Every CASA_* setting is declared once, in casa_logement/settings/, and read as ``settings.CASA_…``: no module keeps a
default of its own (``getattr(settings, "CASA_…", default)``) that could drift from the declared value, and no module
reads a setting that is declared nowhere. docs/reglages.md lists them all.

Reads the source (the AST), no database."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
from pathlib import Path

RACINE = next(d for d in Path(__file__).resolve().parents if (d / "pyproject.toml").exists())
# The project's Python packages (casa_logement's settings/ excepted: that is where the settings are declared).
PAQUETS = (
    "commun",
    "casa_logement",
    "territoire",
    "demandes",
    "programmation",
    "positionnements",
    "commissions",
    "suivi",
    "journal",
    "sne",
    "envois_sne",
)
NOM_REGLAGE = re.compile(r"CASA_[A-Z0-9_]+")


def _modules():
    for paquet in PAQUETS:
        dossier = RACINE / paquet
        if not dossier.is_dir():  # `commun` while the split of casa_logement is under way
            continue
        for chemin in sorted(dossier.rglob("*.py")):
            relatif = chemin.relative_to(RACINE)
            if relatif.parts[:2] == ("casa_logement", "settings"):
                continue
            yield relatif, ast.parse(chemin.read_text(encoding="utf-8"), str(relatif))


def _est_settings(noeud) -> bool:
    """`settings` or `django.conf.settings`."""
    return (isinstance(noeud, ast.Name) and noeud.id == "settings") or (
        isinstance(noeud, ast.Attribute) and noeud.attr == "settings"
    )


def _lecture_environnement(appel: ast.Call) -> bool:
    """os.environ.get("…") / os.getenv("…"): an environment variable (CASA_LOCAL_DIR of the local stack), not a
    setting."""
    f = appel.func
    return (isinstance(f, ast.Attribute) and f.attr == "get" and getattr(f.value, "attr", "") == "environ") or (
        isinstance(f, ast.Attribute) and f.attr == "getenv"
    )


def _reglages_declares() -> set[str]:
    """The CASA_* settings of every environment (settings/base.py and the topic files it imports)."""
    base = importlib.import_module("casa_logement.settings.base")
    return {nom for nom in vars(base) if NOM_REGLAGE.fullmatch(nom)}


def test_aucun_reglage_lu_avec_une_valeur_par_defaut():
    """`getattr(settings, "CASA_X", default)` (or hasattr) keeps a second default next to the declared one; a
    getattr with a computed name and a default hides a setting declared nowhere. Both are refused, named by
    file:line."""
    fautes = []
    for chemin, arbre in _modules():
        for noeud in ast.walk(arbre):
            if not (
                isinstance(noeud, ast.Call)
                and isinstance(noeud.func, ast.Name)
                and noeud.func.id in ("getattr", "hasattr")
                and len(noeud.args) >= 2
                and _est_settings(noeud.args[0])
            ):
                continue
            nom = noeud.args[1]
            litteral = isinstance(nom, ast.Constant) and isinstance(nom.value, str)
            if (litteral and nom.value.startswith("CASA_")) or (not litteral and len(noeud.args) > 2):
                fautes.append(f"{chemin}:{noeud.lineno}: {ast.unparse(noeud)}")
    assert not fautes, (
        "Réglage lu avec une valeur par défaut : déclarez-le dans casa_logement/settings/ (domaine.py pour une "
        "règle métier) et lisez settings.CASA_… :\n" + "\n".join(fautes)
    )


def test_chaque_reglage_lu_est_declare():
    """Every `settings.CASA_X` of the code, and every CASA_X name the code passes as a string
    (territoire.acces.reglage), is declared in casa_logement/settings/ for every environment."""
    declares = _reglages_declares()
    lus: dict[str, list[str]] = {}
    for chemin, arbre in _modules():
        environnement = {
            id(arg) for n in ast.walk(arbre) if isinstance(n, ast.Call) and _lecture_environnement(n) for arg in n.args
        }
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Attribute) and _est_settings(noeud.value) and noeud.attr.startswith("CASA_"):
                nom = noeud.attr
            elif (
                isinstance(noeud, ast.Constant)
                and isinstance(noeud.value, str)
                and NOM_REGLAGE.fullmatch(noeud.value)
                and id(noeud) not in environnement
            ):
                nom = noeud.value
            else:
                continue
            lus.setdefault(nom, []).append(f"{chemin}:{noeud.lineno}")
    assert lus, "aucun réglage CASA_ trouvé : le parcours du code est cassé"
    manquants = [f"{nom} ({', '.join(ou)})" for nom, ou in sorted(lus.items()) if nom not in declares]
    assert not manquants, "Réglages lus mais déclarés nulle part dans casa_logement/settings/ :\n" + "\n".join(
        manquants
    )


def test_docs_reglages_liste_chaque_reglage():
    """docs/reglages.md has a row for every CASA_* setting, and names none that does not exist."""
    texte = (RACINE / "docs" / "reglages.md").read_text(encoding="utf-8")
    lignes = {m.group(1) for m in re.finditer(r"^\| `(CASA_[A-Z0-9_]+)` \|", texte, flags=re.MULTILINE)}
    declares = _reglages_declares()
    assert declares - lignes == set(), f"réglages absents de docs/reglages.md : {sorted(declares - lignes)}"
    assert lignes - declares == set(), f"lignes de docs/reglages.md sans réglage : {sorted(lignes - declares)}"


def test_reglages_structures_nomment_ce_qui_existe(settings):
    """The settings that override a structure name only its keys or codes: a typo would be silently ignored."""
    from positionnements.etats import MotifRefus
    from positionnements.regles import Parametres
    from programmation.observatoire import SEUILS_PAR_DEFAUT

    assert set(settings.CASA_REFUS_NON_DECOMPTES) <= set(MotifRefus.values)
    assert set(settings.CASA_POSITIONNEMENT) <= {f.name for f in dataclasses.fields(Parametres)}
    assert set(settings.CASA_SEUILS_FRAGILITE) <= set(SEUILS_PAR_DEFAUT)
