"""What a member may write at a distance (a message in a dwelling's thread, the reason of an avis): the candidates by
their code (A1, A2…), never a name, a birth date, a demand number or a phone number, online as in the members'
dossier (docs/commissions.md « La séance à distance »). A text that seems to cite one is refused before it is
written (found by newcomers: a member posted a candidate's name, birth date and demand number, shown to every
member; then « M. Jean Dupont », « né le 1er février 1980 », « 06 12 34 56 78 » went through).

What is looked for, the text normalised (no accents, lower case):
- a name of a person of the demands on the agenda (family, birth or first name, three letters or more);
- a civility followed by a name (« M. Dupont », « Madame Martin », « Mme Jeanne X »): any name, on the agenda or not;
- a birth: « né(e) le … », or a date (« 01/02/1980 », « 1er février 1980 ») of a year before this one — a date of
  this year or later (a visit, the next session) is a planning, not a birth, and passes;
- a number: eight digits or more, spaces, dots and dashes between them ignored (a NUR, a local number, a phone
  number, a tax number), or a run of eight characters or more holding six digits (0060325005536BD003).
A false alarm is possible (a name that is also a word); the message says what was seen so that the member rewrites."""

from __future__ import annotations

import re

from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes.models import Personne
from demandes.selectors import normaliser

from ..models import Seance

MOIS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
DATE_CHIFFRES = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(\d{2,4})\b")
DATE_LETTRES = re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{MOIS})\s+(\d{{4}})\b")
NAISSANCE = re.compile(r"\bnee?s?\s+(?:le|en)\b")
CIVILITE = re.compile(r"\b(?:m|mme|mlle|mr|monsieur|madame|mademoiselle)\s+[a-z][\w'’-]{2,}")
CHIFFRES_ESPACES = re.compile(r"\d(?:[\s.\-]?\d){7,}")
NUMERO = re.compile(r"\b(?=[0-9a-z\-]*(?:\d[^\d\s]*){6})[0-9a-z][0-9a-z\-]{7,}\b")
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


def _annee_passee(annee: str) -> bool:
    valeur = int(annee)
    if valeur < 100:  # « 01/02/80 »: 1980, « 01/02/27 »: 2027
        valeur += 2000 if valeur <= timezone.localdate().year % 100 + 1 else 1900
    return valeur < timezone.localdate().year


def ce_qui_est_cite(texte: str, seance: Seance) -> list[str]:
    """What `texte` seems to cite that a member may not write (French phrases), [] when nothing."""
    normalise = normaliser(texte)
    cite = []
    dates = [m.group(1) for m in DATE_CHIFFRES.finditer(texte)] + [m.group(1) for m in DATE_LETTRES.finditer(normalise)]
    if NAISSANCE.search(normalise) or any(_annee_passee(a) for a in dates):
        cite.append("une date de naissance")
    sans_dates = DATE_CHIFFRES.sub(" ", texte).casefold()  # a date is judged above, not as a number
    if CHIFFRES_ESPACES.search(sans_dates) or NUMERO.search(sans_dates):
        cite.append("un numéro (de demande, de téléphone…)")
    if CIVILITE.search(normalise) or set(MOT.findall(normalise)) & noms_de_l_ordre_du_jour(seance):
        cite.append("un nom")
    return cite


def verifier_sans_donnee_personnelle(texte: str, seance: Seance, *, champ: str = "texte") -> None:
    """ErreurMetier (on `champ`) when `texte` seems to cite a name, a birth date or a number (ce_qui_est_cite)."""
    if cite := ce_qui_est_cite(texte, seance):
        raise ErreurMetier(
            f"Le texte semble citer {' et '.join(cite)} : désignez les candidats par leur code (A1, A2…), sans nom, "
            "date de naissance ni numéro. Rien n'a été enregistré.",
            champ=champ,
        )
