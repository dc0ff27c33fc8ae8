"""Every file the docs and the code's comments name exists: a module moved or split leaves no stale path behind.

Reads README.md, docs/*.md, and the comments and docstrings of the apps' Python modules, finds the paths of this
repository they cite (`demandes/cycle.py`, `tests/projet/matrice.py`, `bench/README.md`…) and checks each exists
(a module that became a package must be cited by its folder). Paths outside the repository (`../shared/…`), URLs
(`/parc/import/modele.csv`, the routes of urls.py) and examples under /tmp are not ours."""

import re
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
DOSSIERS = [
    "casa_logement",
    "commun",
    "demo",
    "territoire",
    "demandes",
    "programmation",
    "positionnements",
    "commissions",
    "suivi",
    "journal",
    "sne",
    "envois_sne",
    "tests",
    "bench",
    "docs",
    "fixtures",
    "static",
    "templates",
    ".ci",
]
EXTENSIONS = "py|md|html|csv|json|txt|yaml|yml|toml|js|css|sh"
# Not ours: the shared design folder, temporary files, the model codebases the docs cite (les-emplois' « itou/… »).
EXTERNES = ("shared/", "tmp/", "itou/")
CHEMIN = re.compile(
    rf"(?<![\w./-])((?:{'|'.join(re.escape(d) for d in DOSSIERS)}|[a-z_]+)/(?:[\w.-]+/)*[\w.-]+\.(?:{EXTENSIONS}))\b"
)


def _textes():
    yield RACINE / "README.md"
    yield from sorted((RACINE / "docs").glob("*.md"))
    for dossier in DOSSIERS[:10] + ["bench"]:
        yield from sorted(p for p in (RACINE / dossier).rglob("*.py") if "migrations" not in p.parts)


def _existe(chemin: str, depuis: Path) -> bool:
    """Written from the root, from the citing file's folder or one of its parents' (« settings/base.py » in
    casa_logement, « services/pieces.py » in demandes), under an app (« recherche/requete.py »), or as a template's
    name (« erreurs/404.html »)."""
    if (RACINE / chemin).exists() or any((dossier / chemin).exists() for dossier in depuis.parents):
        return True
    gabarits = [*RACINE.glob(f"*/templates/{chemin}"), *RACINE.glob(f"*/templates/*/{chemin}")]
    return any(RACINE.glob(f"*/{chemin}")) or bool(gabarits)


def test_chaque_chemin_cite_existe():
    manquants = []
    for fichier in _textes():
        for numero, ligne in enumerate(fichier.read_text(encoding="utf-8").splitlines(), start=1):
            for chemin in CHEMIN.findall(ligne):
                if (
                    chemin.startswith(EXTERNES)
                    or "../" + chemin in ligne
                    or f"/{chemin}" in ligne
                    or "urls.py" in str(fichier)
                ):
                    continue
                if not _existe(chemin, fichier):
                    manquants.append(f"{fichier.relative_to(RACINE)}:{numero} cite {chemin}")
    assert not manquants, "Chemins cités qui n'existent pas :\n" + "\n".join(manquants)
