"""The help written for the agents (pages: casa_logement/views_aide.py, docs/roles.md lists them): the glossary of
the words they meet (glossaire.toml, read by glossaire.py) and, for each role, what to do first with a link to each
page (guides.py); their shapes in modeles.py. This package's public API, re-exported here: `GLOSSAIRE`, `TERMES`,
`lettres`, `GUIDES`, `GUIDES_PAR_SLUG`, `GUIDES_PAR_ROLE` and the shapes."""

from .glossaire import GLOSSAIRE, TERMES, lettres
from .guides import GUIDES, GUIDES_PAR_ROLE, GUIDES_PAR_SLUG
from .modeles import Guide, Lien, Tache, Terme

__all__ = [
    "GLOSSAIRE",
    "GUIDES",
    "GUIDES_PAR_ROLE",
    "GUIDES_PAR_SLUG",
    "TERMES",
    "Guide",
    "Lien",
    "Tache",
    "Terme",
    "lettres",
]
