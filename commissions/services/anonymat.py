"""What a member may write in a dwelling's thread of a session held at a distance: the candidates by their code
(A1, A2…), never a name, a birth date or a demand number, online as in the members' dossier (docs/commissions.md
« La séance à distance »). A message that seems to cite one is refused before it is written (found by a newcomer: a
member posted a candidate's name, birth date and demand number, shown to every member)."""

from __future__ import annotations

import re

from commun.erreurs import ErreurMetier
from demandes.models import Personne
from demandes.selectors import normaliser

from ..models import Seance

DATE = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b")
# a demand's number: the NUR (18 characters, 0060325005536BD003), the local number (CASA-2026-010634), or any run of
# eight characters or more holding six digits
NUMERO = re.compile(r"\b(?=[0-9A-Z\-]*(?:\d[^\d\s]*){6})[0-9A-Z][0-9A-Z\-]{7,}\b", re.IGNORECASE)
MOT = re.compile(r"[\w'’-]+")


def noms_de_l_ordre_du_jour(seance: Seance) -> set[str]:
    """The names (family names, birth names, first names; normalised, three letters or more) of every person of the
    demands positioned on the session's agenda."""
    personnes = Personne.objects.filter(
        demande__positionnements__disponibilite__points_ccpc__seance=seance
    ).values_list("nom", "nom_naissance", "prenom")
    noms = set()
    for valeurs in personnes:
        for valeur in valeurs:
            for mot in MOT.findall(normaliser(valeur or "")):
                if len(mot) >= 3:
                    noms.add(mot)
    return noms


def verifier_sans_donnee_personnelle(texte: str, seance: Seance) -> None:
    """ErreurMetier (field `texte`) when `texte` seems to cite a date (a birth date: dd/mm/yyyy and its variants), a
    demand's number, or the name of a person of a demand on the agenda."""
    cite = []
    if DATE.search(texte):
        cite.append("une date")
    if NUMERO.search(texte):
        cite.append("un numéro")
    mots = set(MOT.findall(normaliser(texte)))
    if mots & noms_de_l_ordre_du_jour(seance):
        cite.append("le nom d'une personne des demandes examinées")
    if cite:
        raise ErreurMetier(
            f"Le message semble citer {' et '.join(cite)} : désignez les candidats par leur code (A1, A2…), sans nom, "
            "date de naissance ni numéro de demande. Rien n'a été ajouté au fil.",
            champ="texte",
        )
