"""The household of one demand, read from `personnePhysique` (docs/sne.md « Correspondance des éléments »): the
applicant (demandeur), the co-holders (listeCotitulaire), the dependants (listePersonneACharge), the children in
shared custody (listePersonneEnGarde: garde alternée counted in the household, droit de visite kept apart, REGLES
§2), the expected births (personneANaitre), each person's monthly resources by SNE code, and the holders' tax
incomes of N-1 and N-2 (revenuFiscal), summed over the holders (REGLES §2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from demandes.codes import Lien

from . import codes
from .champs import Lecture, Noeud
from .modele import PersonneSNE

NOMBRE_A_NAITRE_MAX = 9


@dataclass
class Menage:
    """What the household gives the demand: its persons (applicant first), the children in droit de visite, the
    holders' incomes summed (None when no holder gives one), and whether the applicant lives as a couple with the
    co-holder (None: the file does not say)."""

    personnes: list[PersonneSNE] = field(default_factory=list)
    hors_menage: list[dict] = field(default_factory=list)
    revenu_n2: int | None = None
    annee_n2: int | None = None
    revenu_n1: int | None = None
    vit_en_couple: bool | None = None


def _adresse(lu: Lecture, n: Noeud) -> str | None:
    """« 103 avenue de France, 75013 » from adressePostale (the commune comes as an INSEE code, read apart)."""
    a = lu.sous(n, "adressePostale")
    if a is None:
        return None
    rue = " ".join(t for t in (lu.texte(a, "numero"), lu.texte(a, "voie")) if t)
    texte = ", ".join(t for t in (rue, lu.texte(a, "codePostal")) if t)
    return texte[:300] or None


def _identite(lu: Lecture, n: Noeud) -> dict:
    """The Personne fields every block may carry, only those present."""
    sexe = lu.code(n, "sexe", codes.SEXE, "ListeSexe")
    civilite = lu.code(n, "civilite", codes.CIVILITE_SEXE, "ListeCivilite")
    valeurs = {
        "nom": lu.texte(n, "nom", longueur=100),
        "prenom": lu.texte(n, "prenom", longueur=100),
        "nom_naissance": lu.texte(n, "nomPatronymique", longueur=100),
        "date_naissance": lu.date(n, "dateNaissance", obligatoire=True),
        "sexe": sexe or civilite,
        "nationalite": lu.code(n, "nationalite", codes.NATIONALITE, "ListeNationalite"),
        "situation_familiale": lu.code(n, "situationFamiliale", codes.SITUATION_FAMILIALE, "ListeSituationFamiliale"),
        "handicap": lu.booleen(n, "titulaireCMIInvalidite"),
        "telephone": lu.texte(n, "telPortable", longueur=20) or lu.texte(n, "telFixe", longueur=20),
        "courriel": lu.texte(n, "mel", longueur=254),
        "adresse": _adresse(lu, n),
    }
    return {k: v for k, v in valeurs.items() if v is not None}


def ressources(lu: Lecture, n: Noeud, liste: str, codes_admis: dict, nom_liste: str) -> list[tuple[str, Decimal]]:
    """The (code, monthly €) of each `liste/detailRessource` (ressource@code and montant both required)."""
    lues = []
    for detail in lu.tous(n, f"{liste}/detailRessource"):
        code = lu.code(detail, "ressource", codes_admis, nom_liste, obligatoire=True)
        montant = lu.montant(detail, "montant", obligatoire=True)
        if code is not None and montant is not None:
            lues.append((code, montant))
    return lues


def _personne(lu: Lecture, n: Noeud, champs: dict, *, ordre: int, pour_charge: bool = False) -> PersonneSNE:
    """A person with its received resources and the maintenance it pays (PAV); for the applicant (`pour_charge`),
    also those of its dependants, which the SNE does not attach to any of them (the household's total, the only one
    the rules read, stays right)."""
    listes = [("listeRessourceRecue", "listeRessourceVersee")]
    if pour_charge:
        listes.append(("listeRessourceRecuePersACharge", "listeRessourceVerseePersACharge"))
    recues: list[tuple[str, Decimal]] = []
    versees = Decimal("0")
    for recue, versee in listes:
        recues += ressources(lu, n, recue, codes.RESSOURCE_RECUE, "ListeRessourceRecue")
        versees += sum(
            (m for _, m in ressources(lu, n, versee, codes.RESSOURCE_VERSEE, "ListeRessourceVersee")), Decimal(0)
        )
    return PersonneSNE(champs={**champs, "ordre": ordre}, ressources=recues, pensions_versees=versees)


def _revenus(lu: Lecture, titulaires: list[Noeud], menage: Menage) -> None:
    """N-2 and N-1 tax incomes summed over the holders (REGLES §2); a holder who gives no amount for a year counts
    for 0 in that year's sum; a year no holder gives stays None. The year is the applicant's (else the first
    holder's that gives one)."""
    n2: list[Decimal] = []
    n1: list[Decimal] = []
    for t in titulaires:
        rf = lu.sous(t, "revenuFiscal")
        if rf is None:
            continue
        annee = lu.entier(rf, "anneeMoins2", maximum=9999)
        if menage.annee_n2 is None and annee is not None:
            menage.annee_n2 = annee
        lu.entier(rf, "anneeMoins1", maximum=9999)
        if (m2 := lu.montant(rf, "montantMoins2")) is not None:
            n2.append(m2)
        if (m1 := lu.montant(rf, "montantMoins1")) is not None:
            n1.append(m1)
    arrondi = lambda montants: int(sum(montants).quantize(Decimal(1), rounding=ROUND_HALF_UP))  # noqa: E731
    menage.revenu_n2 = arrondi(n2) if n2 else None
    menage.revenu_n1 = arrondi(n1) if n1 else None


def _titulaires(lu: Lecture, pp: Noeud, demandeur: Noeud, menage: Menage) -> list[Noeud]:
    """The applicant then the co-holders: the first co-holder is our one co-applicant (CO_DEMANDEUR, REGLES §2),
    any other one another person (AUTRE); the first one's link says whether they are a couple."""
    menage.personnes.append(
        _personne(lu, demandeur, {"lien": Lien.DEMANDEUR, **_identite(lu, demandeur)}, ordre=0, pour_charge=True)
    )
    cotitulaires = lu.tous(pp, "listeCotitulaire/cotitulaire")
    menage.vit_en_couple = False if not cotitulaires else None
    for rang, c in enumerate(cotitulaires):
        couple = lu.code(c, "lienDemandeur", codes.LIEN_DEMANDEUR_COUPLE, "ListeLienDemandeur")
        if rang == 0 and couple is not None:
            menage.vit_en_couple = couple
        lien = Lien.CO_DEMANDEUR if rang == 0 else Lien.AUTRE
        menage.personnes.append(_personne(lu, c, {"lien": lien, **_identite(lu, c)}, ordre=len(menage.personnes)))
    return [demandeur, *cotitulaires]


def _dependants(lu: Lecture, pp: Noeud, menage: Menage) -> None:
    """Dependants (a_charge), children in garde alternée (counted, a_charge: REGLES §2) or in droit de visite (kept
    apart, not counted), and expected births (enfant_a_naitre, the expected date as date_naissance)."""
    for p in lu.tous(pp, "listePersonneACharge/personneACharge"):
        lien = lu.code(p, "lienParente", codes.LIEN_PARENTE, "ListeLienParente") or Lien.AUTRE
        champs = {"lien": lien, "a_charge": True, **_identite(lu, p)}
        menage.personnes.append(_personne(lu, p, champs, ordre=len(menage.personnes)))
    for p in lu.tous(pp, "listePersonneEnGarde/personneEnGarde"):
        garde = lu.code(p, "coParentalite", codes.COPARENTALITE, "ListeCoparentalite", obligatoire=True)
        identite = _identite(lu, p)
        if garde == codes.GARDE_ALTERNEE:
            champs = {"lien": Lien.ENFANT, "a_charge": True, **identite, "ordre": len(menage.personnes)}
            menage.personnes.append(PersonneSNE(champs=champs))
        elif garde == codes.DROIT_DE_VISITE:
            menage.hors_menage.append(
                {"prenom": identite.get("prenom", ""), "date_naissance": identite.get("date_naissance")}
            )
    for p in lu.tous(pp, "personneANaitre"):
        nombre = lu.entier(p, "nombre", maximum=NOMBRE_A_NAITRE_MAX)
        prevue: dt.date | None = lu.date(p, "dateNaissancePrevue", obligatoire=True, future=True)
        for _ in range(1 if nombre is None else nombre):
            champs = {"lien": Lien.ENFANT, "a_charge": True, "enfant_a_naitre": True, "date_naissance": prevue}
            menage.personnes.append(PersonneSNE(champs={**champs, "ordre": len(menage.personnes)}))


def lire_menage(lu: Lecture) -> Menage:
    """The household of the demand read by `lu` (its faults added to lu.motifs)."""
    menage = Menage()
    pp = lu.sous(lu.racine, "personnePhysique", obligatoire=True)
    demandeur = lu.sous(pp, "demandeur", obligatoire=True) if pp is not None else None
    if pp is None or demandeur is None:
        return menage
    titulaires = _titulaires(lu, pp, demandeur, menage)
    _dependants(lu, pp, menage)
    _revenus(lu, titulaires, menage)
    return menage
