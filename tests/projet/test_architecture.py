"""No app has a cycle between its own modules (docs/architecture.md): inside a package too, an arrow goes one way.

The graph is grimp's (the library under import-linter, whose contracts `make lint` runs): every import statement of
every module, those written inside a function included — a lazy import that goes back up is a cycle all the same, it
only hides it from Python at load time. A cycle is a strongly connected component of two or more modules of one
package; each is reported with the imports that make it (module:line).

No database: reads the source."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

RACINE = next(d for d in Path(__file__).resolve().parents if (d / "pyproject.toml").exists())
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
    "demo",
)

# Cycles known when this test was written (issue 17), each to be broken and then removed from here: a cycle listed
# here that no longer exists fails the test too, so that the list only shrinks.
CYCLES_CONNUS: set[frozenset[str]] = set()


@pytest.fixture(scope="module")
def graphe() -> grimp.ImportGraph:
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    presents = [p for p in PAQUETS if (RACINE / p / "__init__.py").exists()]  # `commun` during the split
    return grimp.build_graph(*presents, cache_dir=None)


def _composantes(noeuds: set[str], suivants) -> list[frozenset[str]]:
    """The strongly connected components of two or more nodes (Tarjan, iterative)."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    sur_pile: set[str] = set()
    resultat = []
    compteur = 0
    for depart in sorted(noeuds):
        if depart in index:
            continue
        travail = [(depart, iter(suivants(depart)))]
        index[depart] = bas[depart] = compteur
        compteur += 1
        pile.append(depart)
        sur_pile.add(depart)
        while travail:
            v, fils = travail[-1]
            for w in fils:
                if w not in index:
                    index[w] = bas[w] = compteur
                    compteur += 1
                    pile.append(w)
                    sur_pile.add(w)
                    travail.append((w, iter(suivants(w))))
                    break
                if w in sur_pile:
                    bas[v] = min(bas[v], index[w])
            else:
                travail.pop()
                if travail:
                    bas[travail[-1][0]] = min(bas[travail[-1][0]], bas[v])
                if bas[v] == index[v]:
                    composante = set()
                    while True:
                        w = pile.pop()
                        sur_pile.discard(w)
                        composante.add(w)
                        if w == v:
                            break
                    if len(composante) > 1:
                        resultat.append(frozenset(composante))
    return resultat


def cycles(graphe: grimp.ImportGraph) -> dict[frozenset[str], list[str]]:
    """Every cycle between the modules of one package: {its modules: the imports inside it, « a:line -> b »}."""
    trouves = {}
    for paquet in PAQUETS:
        modules = {m for m in graphe.modules if m == paquet or m.startswith(paquet + ".")}
        if not modules:
            continue

        def suivants(m, modules=modules):
            return sorted(graphe.find_modules_directly_imported_by(m) & modules)

        for composante in _composantes(modules, suivants):
            imports = [
                f"{d['importer']}:{d['line_number']} -> {d['imported']}  ({d['line_contents'].strip()})"
                for a in sorted(composante)
                for b in sorted(composante)
                if b in graphe.find_modules_directly_imported_by(a)
                for d in graphe.get_import_details(importer=a, imported=b)
            ]
            trouves[composante] = imports
    return trouves


def test_le_graphe_voit_les_imports_dans_les_fonctions(graphe):
    """territoire.contexte imports territoire.models inside contexte_calculer only: grimp must see it, or a lazy
    import going back up would pass unseen."""
    details = graphe.get_import_details(importer="territoire.contexte", imported="territoire.models")
    assert details, "grimp ne voit plus les imports écrits dans une fonction"


def test_aucun_cycle_dans_une_application(graphe):
    trouves = cycles(graphe)
    nouveaux = {c: i for c, i in trouves.items() if c not in CYCLES_CONNUS}
    assert not nouveaux, "Cycles d'imports entre les modules d'une application :\n" + "\n".join(
        f"- {', '.join(sorted(c))}\n" + "\n".join(f"    {ligne}" for ligne in imports)
        for c, imports in sorted(nouveaux.items(), key=lambda x: sorted(x[0]))
    )


def test_les_cycles_connus_existent_encore(graphe):
    """A known cycle that was broken leaves CYCLES_CONNUS (the list only shrinks)."""
    disparus = CYCLES_CONNUS - set(cycles(graphe))
    assert not disparus, "Cycles rompus, à retirer de CYCLES_CONNUS : " + "; ".join(
        ", ".join(sorted(c)) for c in disparus
    )
