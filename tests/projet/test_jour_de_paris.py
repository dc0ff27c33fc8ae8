"""The day is Paris's (settings.TIME_ZONE), never the machine's nor UTC's: between 22:00 (23:00 in winter) and
midnight UTC they differ, and a step recorded at 00:30 in Paris was dated the day before (the CI failures of
tests/portail/test_etapes.py run after 23:00 UTC). No module of the apps reads the day with `date.today()`,
`datetime.now()` or `utcnow()`, nor cuts the day out of an aware moment with `.date()` unless that moment was first
put in Paris's time (`timezone.localtime(x).date()`): `timezone.localdate()` / `timezone.localdate(x)` say it."""

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PAQUETS = sorted(p.parent.name for p in RACINE.glob("*/apps.py")) + ["bench"]
# `.date()` on a value that is not an aware moment: a spreadsheet's naive cell (a day written by someone else)
NAIFS = {("commun/fichiers/valeurs.py", "valeur")}


def _appels_fautifs(chemin: Path, *, jour_coupe: bool = True) -> list[str]:
    relatif = chemin.relative_to(RACINE).as_posix()
    fautes = []
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if not (isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute)):
            continue
        sujet, methode = noeud.func.value, noeud.func.attr
        texte = ast.unparse(noeud)
        jour_machine = methode == "today" and ast.unparse(sujet).endswith("date")
        heure_machine = methode in {"now", "utcnow"} and ast.unparse(sujet).endswith("datetime") and not noeud.args
        if jour_machine or heure_machine:
            fautes.append(f"{relatif}:{noeud.lineno} {texte}")
        elif jour_coupe and methode == "date" and not noeud.args and not noeud.keywords:
            en_paris = isinstance(sujet, ast.Call) and ast.unparse(sujet.func).endswith("localtime")
            if not en_paris and (relatif, ast.unparse(sujet)) not in NAIFS:
                fautes.append(f"{relatif}:{noeud.lineno} {texte}")
    return fautes


def test_le_jour_est_celui_de_paris_dans_tout_le_code():
    assert len(PAQUETS) >= 15  # the apps are found
    fautes = [f for p in PAQUETS for c in sorted((RACINE / p).rglob("*.py")) for f in _appels_fautifs(c)]
    assert fautes == []


def test_les_tests_lisent_aussi_le_jour_de_paris():
    """The tests compare with what the code computes: their « today » is Paris's too (their `.date()` are cut from
    moments they wrote in Paris's time, or from naive spreadsheet cells)."""
    fautes = [f for c in sorted((RACINE / "tests").rglob("*.py")) for f in _appels_fautifs(c, jour_coupe=False)]
    assert fautes == []


def test_le_controle_voit_chaque_forme_fautive(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.RACINE", tmp_path)
    module = tmp_path / "m.py"
    module.write_text(
        "import datetime as dt\nfrom django.utils import timezone\n"
        "a = dt.date.today()\nb = dt.datetime.now()\nc = obj.le.date()\n"
        "d = timezone.localtime(obj.le).date()\ne = timezone.localdate(obj.le)\nf = dt.datetime.now(dt.UTC)\n",
        encoding="utf-8",
    )
    assert _appels_fautifs(module) == ["m.py:3 dt.date.today()", "m.py:4 dt.datetime.now()", "m.py:5 obj.le.date()"]
