"""One way to move any state (commun/etats.py): every stateful model of the apps has its machine in the registry
(casa_logement/etats.py), the table each document of docs/ states for it (« Table des états : <nom> ») is the code's,
every log has the one shape, and no module writes a state but through `passer`/`creer_journalise`, except the bulk
moves listed below (which check the machine and write their log rows in bulk, in the same shape).

The documents and the sources are read as text (the AST for the sources); no database."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pghistory.models
import pytest
from django.apps import apps
from django.db import models

from casa_logement.etats import MACHINES
from commun.etats import JournalTransition, MachineAEtats

RACINE = next(d for d in Path(__file__).resolve().parents if (d / "pyproject.toml").exists())
TITRE = re.compile(r"^#+ Table des états : (?P<nom>.+?)\s*$")
CREATION = "(création)"

# The modules that write a state without passer, each for a reason, as "path:function". Each one checks the moves
# against its machine and writes the log rows in bulk, in the one shape; the demo builders write a story's past.
ECRITURES_EN_MASSE = {
    # A CAL file moves thousands of positionnements: one UPDATE per target state, the log rows in one INSERT.
    "positionnements/transitions.py:faire_passer": "positionnements d'un retour de CAL",
    # A CAL file strikes off hundreds of demands: one UPDATE per day of lease, the log rows in one INSERT.
    "demandes/services/radiation.py:radier_pour_attribution": "radiations d'un retour de CAL",
    # A CAL file fills hundreds of dwellings: one UPDATE, the log rows in one INSERT.
    "programmation/services.py:_pourvoir": "logements pourvus par un retour de CAL",
    # An SNE file creates thousands of demands: each created registered (« (création) → Enregistrée », checked once
    # against the machine), the first rows of their logs in one INSERT.
    "sne/creation.py:creer": "demandes venues du SNE, créées enregistrées",
    # The demo and the bench build a past in bulk: objects created in their state, with their rows in the logs of
    # demands and positionnements (and of the dwellings the demo lets); the logs of dwellings to fill, sessions and
    # deposits start with the application's own moves (no backfill, as for a database that existed before them).
    "demo/activite.py:_dispo": "démonstration : logements à pourvoir de l'histoire du parc",
    "demo/activite.py:_louer": "démonstration : logements livrés loués (journal écrit en masse)",
    "demo/demandes/fabrique.py:dossier": "démonstration : demandes et leur journal (écrit par _inserer)",
    "demo/suivi/cal.py:retours_cal": "démonstration : décisions de CAL, journal des positionnements en masse",
    "demo/suivi/recit.py:raconter": "démonstration : séances closes, logements pourvus, demandes radiées",
    "bench/fabrique_cal.py:candidats_valides": "banc : candidats validés et leur journal en masse",
}


# ------------------------------------------------------------------------------------------------ the docs' tables


def _libelles(cellule: str, connus: set[str]) -> set[str]:
    """The comma-separated labels of a cell, read against the machine's labels (a label may hold a comma: « Reçu, en
    attente de vérification »); what matches no label is kept as written, to be reported."""
    trouves, reste = set(), cellule.strip()
    while reste:
        libelle = next(
            (c for c in sorted(connus, key=len, reverse=True) if reste == c or reste.startswith(c + ",")), None
        )
        if libelle is None:
            libelle, _, _ = reste.partition(",")
        trouves.add(libelle.strip())
        reste = reste[len(libelle) :].lstrip(",").strip()
    return trouves - {"—", "-", ""}


def _table_des_docs(texte: str, machine: MachineAEtats) -> dict[str, set[str]] | None:
    """The `| état | vers |` table under the heading « Table des états : <machine.nom> », None without one."""
    lignes = texte.splitlines()
    debut = next((i for i, ligne in enumerate(lignes) if (m := TITRE.match(ligne)) and m["nom"] == machine.nom), None)
    if debut is None:
        return None
    connus = {machine.libelle(e) for e in machine.etats.values} | {CREATION}
    table, dans_la_table = {}, False
    for ligne in lignes[debut + 1 :]:
        if not ligne.startswith("|"):
            if dans_la_table:
                break
            continue
        dans_la_table = True
        cellules = [c.strip() for c in ligne.strip().strip("|").split("|")]
        if cellules[0] in ("état", "") or set(cellules[0]) <= set("-: "):
            continue
        vers = _libelles(cellules[1] if len(cellules) > 1 else "", connus)
        if vers:
            table[cellules[0]] = vers
    return table


def _table_du_code(machine: MachineAEtats) -> dict[str, set[str]]:
    """machine.table(), with the states an object may be created in as the row « (création) »."""
    return {CREATION: {machine.libelle(e) for e in machine.initiaux}, **machine.table()}


def _ecarts(docs: dict[str, set[str]], code: dict[str, set[str]]) -> list[str]:
    ecarts = []
    for etat in sorted(set(docs) | set(code)):
        manque, en_trop = code.get(etat, set()) - docs.get(etat, set()), docs.get(etat, set()) - code.get(etat, set())
        if manque:
            ecarts.append(f"« {etat} » → {sorted(manque)} : dans le code, pas dans la doc")
        if en_trop:
            ecarts.append(f"« {etat} » → {sorted(en_trop)} : dans la doc, pas dans le code")
    return ecarts


@pytest.mark.parametrize("etats", MACHINES, ids=lambda e: e.machine.nom)
def test_la_table_des_docs_est_celle_du_code(etats):
    texte = (RACINE / etats.doc).read_text(encoding="utf-8")
    docs = _table_des_docs(texte, etats.machine)
    assert docs is not None, f"{etats.doc} n'a pas de titre « Table des états : {etats.machine.nom} »"
    ecarts = _ecarts(docs, _table_du_code(etats.machine))
    assert not ecarts, f"{etats.machine.nom} ({etats.doc}) :\n" + "\n".join(ecarts)


def test_chaque_table_des_docs_est_celle_d_une_machine():
    """A « Table des états » of docs/ names a machine of the registry, once (no stale table left behind)."""
    noms = [e.machine.nom for e in MACHINES]
    vus = []
    for chemin in sorted((RACINE / "docs").glob("*.md")):
        for ligne in chemin.read_text(encoding="utf-8").splitlines():
            if m := TITRE.match(ligne):
                vus.append(m["nom"])
                assert m["nom"] in noms, f"{chemin.name} : « Table des états : {m['nom']} » ne nomme aucune machine"
    assert sorted(vus) == sorted(noms), "chaque machine a sa table, une seule fois"


# ------------------------------------------------------------------------------------------------ machines and logs


def test_chaque_modele_a_etats_a_sa_machine_et_son_journal():
    """Every model of the apps with an `etat` field is in the registry, its machine has the field's choices, and its
    log has the one shape (from, to, by, when recorded, when effective, why) with its foreign key to the object,
    ordered by object, then recorded, then pk."""
    enregistres = {e.modele for e in MACHINES}
    avec_etat = {
        m
        for m in apps.get_models()
        if not issubclass(m, pghistory.models.Event)  # the audit's copies (pghistory), not models of the apps
        and any(f.name == "etat" for f in m._meta.concrete_fields)
    }
    assert avec_etat <= enregistres, (
        f"modèles à états sans machine : {sorted(m.__name__ for m in avec_etat - enregistres)}"
    )
    for e in MACHINES:
        nom = e.machine.nom
        assert set(e.modele._meta.get_field("etat").choices) == set(e.machine.etats.choices), nom
        assert issubclass(e.journal, JournalTransition), nom
        champs = {f.name for f in e.journal._meta.concrete_fields}
        assert {"de", "vers", "par", "le", "date_effet", "motif"} <= champs, f"{e.journal.__name__} : {champs}"
        lien = next(
            f
            for f in e.journal._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is e.modele
        )
        assert list(e.journal._meta.ordering) == [lien.name, "le", "pk"], e.journal.__name__


# ------------------------------------------------------------------------------------------------ the writes


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
    "bench",
)


def _modeles_a_etats() -> set[str]:
    return {e.modele.__name__ for e in MACHINES}


def _nomme_etat(noeud) -> bool:
    return isinstance(noeud, ast.Constant) and noeud.value == "etat"


class _Ecritures(ast.NodeVisitor):
    """The writes of a state in a module, each as (line, enclosing function, what): an assignment to `….etat`,
    `setattr(…, "etat", …)`, `.update(etat=…)`, `update_fields`/`bulk_update` naming "etat", a creation given an
    `etat` (`X.objects.create(etat=…)`, `Modele(etat=…)` of a stateful model)."""

    def __init__(self, modeles: set[str]):
        self.modeles, self.fonctions, self.ecritures = modeles, [], []

    def _noter(self, noeud, quoi: str) -> None:
        self.ecritures.append((noeud.lineno, self.fonctions[-1] if self.fonctions else "<module>", quoi))

    def visit_FunctionDef(self, noeud):
        self.fonctions.append(noeud.name)
        self.generic_visit(noeud)
        self.fonctions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _cibles(self, cible):
        if isinstance(cible, ast.Tuple | ast.List):
            for c in cible.elts:
                yield from self._cibles(c)
        else:
            yield cible

    def visit_Assign(self, noeud):
        for cible in noeud.targets:
            for c in self._cibles(cible):
                if isinstance(c, ast.Attribute) and c.attr == "etat":
                    self._noter(noeud, "….etat = …")
        self.generic_visit(noeud)

    def visit_AugAssign(self, noeud):
        if isinstance(noeud.target, ast.Attribute) and noeud.target.attr == "etat":
            self._noter(noeud, "….etat = …")
        self.generic_visit(noeud)

    visit_AnnAssign = visit_AugAssign

    def visit_Call(self, noeud):
        f = noeud.func
        nom = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        mots = {k.arg: k.value for k in noeud.keywords if k.arg}
        if nom == "setattr" and len(noeud.args) >= 2 and _nomme_etat(noeud.args[1]):
            self._noter(noeud, 'setattr(…, "etat", …)')
        if nom == "update" and "etat" in mots:
            self._noter(noeud, ".update(etat=…)")
        champs = mots.get("update_fields")
        if nom == "bulk_update":
            champs = mots.get("fields") or (noeud.args[1] if len(noeud.args) > 1 else None)
        if isinstance(champs, ast.List | ast.Tuple) and any(_nomme_etat(c) for c in champs.elts):
            self._noter(noeud, f'{nom}(…"etat"…)')
        if "etat" in mots and (nom in ("create", "get_or_create", "update_or_create") or nom in self.modeles):
            self._noter(noeud, f"{nom}(etat=…)")
        self.generic_visit(noeud)


def _ecritures():
    modeles = _modeles_a_etats()
    for paquet in PAQUETS:
        for chemin in sorted((RACINE / paquet).rglob("*.py")):
            relatif = chemin.relative_to(RACINE).as_posix()
            if "/migrations/" in relatif or relatif == "commun/etats.py":
                continue
            visiteur = _Ecritures(modeles)
            visiteur.visit(ast.parse(chemin.read_text(encoding="utf-8"), relatif))
            for ligne, fonction, quoi in visiteur.ecritures:
                yield relatif, ligne, fonction, quoi


def _passe_par_la_machine(chemin: str, fonction: str) -> bool:
    """A creation given its first state is fine in a function that logs it (creer_journalise)."""
    arbre = ast.parse((RACINE / chemin).read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.FunctionDef) and noeud.name == fonction:
            return any(
                isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "creer_journalise"
                for n in ast.walk(noeud)
            )
    return False


def test_chaque_etat_s_ecrit_par_passer():
    """No module writes `etat` itself: commun.etats.passer (a move) and creer_journalise (a creation) check the
    machine and write the log. The bulk moves of ECRITURES_EN_MASSE are the listed exceptions."""
    fautes, exceptions_vues = [], set()
    for chemin, ligne, fonction, quoi in _ecritures():
        cle = f"{chemin}:{fonction}"
        if cle in ECRITURES_EN_MASSE:
            exceptions_vues.add(cle)
            continue
        creation = quoi.endswith("(etat=…)") and not quoi.startswith(".update")
        if creation and _passe_par_la_machine(chemin, fonction):
            continue
        fautes.append(f"{chemin}:{ligne} ({fonction}) : {quoi}")
    assert not fautes, "états écrits sans commun.etats.passer :\n" + "\n".join(fautes)
    assert exceptions_vues == set(ECRITURES_EN_MASSE), (
        f"exceptions qui n'écrivent plus d'état (à retirer) : {sorted(set(ECRITURES_EN_MASSE) - exceptions_vues)}"
    )
