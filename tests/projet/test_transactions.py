"""Every public function that locks rows (`select_for_update`, or a helper `verrouiller` that does) opens its
transaction itself: outside one, PostgreSQL's lock is refused (TransactionManagementError, a 500 for the person). The
test suite runs each test inside a transaction, which hides the fault: this reads the code instead. Found twice after
the restructuring of issue 17 (a renewal, a review of rights), both 500s in the browser."""

from __future__ import annotations

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent.parent
PAQUETS = (
    "commun",
    "territoire",
    "demandes",
    "programmation",
    "positionnements",
    "commissions",
    "suivi",
    "journal",
    "sne",
    "envois_sne",
    "partenariat",
)
VERROUS = ("select_for_update", "verrouiller(")

# Helpers documented as running inside their caller's transaction (their callers are checked in turn).
DANS_LA_TRANSACTION_DE_L_APPELANT = {
    "commissions/services/gardes.py:seance_verrouiller",
    "demandes/services/radiation.py:radier_pour_attribution",
    "programmation/services.py:attributions_enregistrer",
    "sne/application.py:appliquer_lot",
}


def _fautes() -> list[str]:
    fautes = []
    for paquet in PAQUETS:
        for chemin in sorted((RACINE / paquet).rglob("*.py")):
            if "migrations" in chemin.parts:
                continue
            source = chemin.read_text(encoding="utf-8")
            if not any(v in source for v in VERROUS):
                continue
            for noeud in ast.walk(ast.parse(source)):
                if not isinstance(noeud, ast.FunctionDef) or noeud.name.startswith("_") or noeud.name == "verrouiller":
                    continue
                corps = ast.get_source_segment(source, noeud) or ""
                if not any(v in corps for v in VERROUS):
                    continue
                decorateurs = " ".join(ast.get_source_segment(source, d) or "" for d in noeud.decorator_list)
                cle = f"{chemin.relative_to(RACINE)}:{noeud.name}"
                if (
                    "atomic" not in decorateurs
                    and "transaction.atomic" not in corps
                    and cle not in DANS_LA_TRANSACTION_DE_L_APPELANT
                ):
                    fautes.append(cle)
    return fautes


def test_chaque_verrou_est_pris_dans_une_transaction():
    assert not _fautes(), "verrou pris hors de toute transaction :\n" + "\n".join(_fautes())
