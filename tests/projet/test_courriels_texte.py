"""E-mails are plain text: their templates (every `*.txt` under a `templates/` folder) render without HTML escaping,
or a first name such as « N'Dèye » or a residence « Les Pins & les Oliviers » would arrive as « N&#x27;Dèye ». Each
is wrapped whole in {% autoescape off %} (after its {% load %} lines); this test finds any that is not, and renders
one of them with such a name to show what the wrapping is for."""

import re
from pathlib import Path

from django.template.loader import render_to_string

RACINE = Path(__file__).resolve().parents[2]
EXCLUS = {".venv", ".git", "node_modules", ".local"}


def _gabarits_texte() -> list[Path]:
    return sorted(p for p in RACINE.rglob("templates/**/*.txt") if not EXCLUS.intersection(p.relative_to(RACINE).parts))


def test_chaque_gabarit_de_courriel_est_rendu_sans_echappement_html():
    gabarits = _gabarits_texte()
    assert len(gabarits) >= 10
    fautifs = []
    for p in gabarits:
        texte = re.sub(r"\A(\{% (load|extends) [^%]*%\}\n)*", "", p.read_text(encoding="utf-8"))
        if not (texte.startswith("{% autoescape off %}") and texte.rstrip().endswith("{% endautoescape %}")):
            fautifs.append(str(p.relative_to(RACINE)))
    assert not fautifs, f"Gabarits de courriel échappés comme du HTML : {fautifs}"


def test_un_prenom_avec_apostrophe_arrive_tel_quel():
    corps = render_to_string(
        "portail/courriels/lien.txt", {"prenom": "N'Dèye", "produit": "Toit commun", "url": "http://x/", "minutes": 15}
    )
    assert corps.startswith("Bonjour N'Dèye,") and "&#x27;" not in corps
