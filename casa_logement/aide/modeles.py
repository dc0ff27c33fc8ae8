"""The shapes of the help: a glossary entry (`Terme`), a role's guide (`Guide`) made of tasks (`Tache`), each with a
link to a page (`Lien`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from territoire.roles import Role


@dataclass(frozen=True)
class Terme:
    """A glossary entry: `ancre` is its fragment (/aide/glossaire/#ancre), `voir` anchors of related entries."""

    ancre: str
    terme: str
    definition: str
    voir: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lien:
    libelle: str
    url: str  # a URL name
    requete: str = ""

    @property
    def href(self) -> str:
        return reverse(self.url) + (f"?{self.requete}" if self.requete else "")


@dataclass(frozen=True)
class Tache:
    """One thing to do: what (`titre`), where (`lien`, or none when it is done from another page), how (`detail`)."""

    titre: str
    detail: str
    lien: Lien | None = None


@dataclass(frozen=True)
class Guide:
    role: str
    slug: str
    intro: str
    premieres: tuple[Tache, ...]
    ensuite: tuple[Tache, ...] = ()
    mots: tuple[str, ...] = field(default_factory=tuple)  # glossary anchors worth reading first

    @property
    def libelle(self) -> str:
        return Role(self.role).label
