"""The shape a newcomer reads in an hour (issue 17): no module of the apps over 400 lines (migrations aside), no
function over 60 lines (the demo's builders aside: a household or a two-year story written in one place reads better
than cut), and no test module importing another test module (shared builders live in tests/<app>/fabriques.py,
shared worlds in tests/conftest.py)."""

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PAQUETS = sorted(p.parent.name for p in RACINE.glob("*/apps.py"))  # every app, portail and alertes included
LIGNES_MODULE = 400
LIGNES_FONCTION = 60


def _modules():
    for paquet in PAQUETS:
        for chemin in sorted((RACINE / paquet).rglob("*.py")):
            if "migrations" not in chemin.parts:
                yield chemin


def test_aucun_module_de_plus_de_400_lignes():
    trop_longs = []
    for chemin in _modules():
        lignes = chemin.read_text(encoding="utf-8").count("\n")
        if lignes > LIGNES_MODULE:
            trop_longs.append(f"{chemin.relative_to(RACINE)} : {lignes} lignes")
    assert not trop_longs, f"Modules de plus de {LIGNES_MODULE} lignes :\n" + "\n".join(trop_longs)


def test_aucune_fonction_de_plus_de_60_lignes_hors_demonstration():
    trop_longues = []
    for chemin in _modules():
        if chemin.relative_to(RACINE).parts[0] == "demo":
            continue
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.FunctionDef | ast.AsyncFunctionDef):
                lignes = noeud.end_lineno - noeud.lineno + 1
                if lignes > LIGNES_FONCTION:
                    trop_longues.append(f"{chemin.relative_to(RACINE)}:{noeud.lineno} {noeud.name} : {lignes} lignes")
    assert not trop_longues, f"Fonctions de plus de {LIGNES_FONCTION} lignes :\n" + "\n".join(trop_longues)


def test_aucun_module_de_test_n_en_importe_un_autre():
    fautes = []
    for chemin in sorted((RACINE / "tests").rglob("*.py")):
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.ImportFrom):
                noms = [noeud.module or ""] + [f"{noeud.module or ''}.{a.name}" for a in noeud.names]
            elif isinstance(noeud, ast.Import):
                noms = [a.name for a in noeud.names]
            else:
                continue
            if any(nom.rsplit(".", 1)[-1].startswith("test_") for nom in noms):
                fautes.append(f"{chemin.relative_to(RACINE)}:{noeud.lineno}")
    assert not fautes, "Modules de test qui en importent un autre :\n" + "\n".join(fautes)
