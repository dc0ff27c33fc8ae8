"""The search itself: a dwelling's ranked candidates, each with every reason the rules give, and why one demand is,
or is not, among them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from demandes import reference
from demandes.codes import CodePriorite
from demandes.models import Demande, SouhaitCommune
from programmation.models import Disponibilite

from .. import regles
from ..regles_bailleurs import Applicables
from . import requete as requete_
from .entrees import Options, candidat, logement_regles, quota_q1_en_retard, regles_du_logement
from .requete import communes_du_secteur


@dataclass(frozen=True)
class Ligne:
    """One candidate of the list: its rank, its demand, its priority level, what the rules say of it."""

    rang: int
    demande: Demande
    niveau: int
    examen: regles.Examen
    raison_rang: str
    alertes: tuple = ()  # flags of the croisement des fichiers, filled by the page

    @property
    def raisons(self) -> tuple[str, ...]:
        return (*self.examen.raisons, self.raison_rang)


@dataclass
class Resultat:
    """A dwelling's search: how many candidates in all, the first ones, and what the page must say besides."""

    disponibilite: Disponibilite
    total: int
    lignes: list[Ligne] = field(default_factory=list)
    quota_q1_en_retard: bool = False
    avertissement: str = ""  # e.g. no ceiling for this financing
    regles: Applicables | None = None  # the dwelling's landlord's rules of the day, who set each one


def chercher(
    dispo: Disponibilite,
    *,
    options: Options | None = None,
    limite: int = 50,
    jour: dt.date | None = None,
) -> Resultat:
    """The ranked candidates for the dwelling: how many in all, and the first `limite` with every reason, under the
    dwelling's landlord's rules of `jour` (today by default; `Resultat.regles` says who set each one)."""
    options = options or Options()
    jour = jour or timezone.localdate()
    applicables = regles_du_logement(
        dispo, jour, ecart_typologie=options.ecart_typologie, communes_secteur=communes_du_secteur(dispo, options)
    )
    p = applicables.parametres
    en_retard = quota_q1_en_retard(dispo, jour)
    resultat = Resultat(disponibilite=dispo, total=0, quota_q1_en_retard=en_retard, regles=applicables)
    try:
        baremes = reference.baremes_en_vigueur(jour)
    except reference.RegleManquante as manque:
        resultat.avertissement = str(manque)
        return resultat
    requete = requete_.requete_sql(
        dispo, p=p, options=options, jour=jour, en_retard=en_retard, baremes=baremes, limite=max(limite, 1)
    )
    if requete is None:
        resultat.avertissement = (
            f"Aucun plafond de ressources {dispo.logement.financement} n'est connu : les candidats ne peuvent pas être "
            "recherchés pour ce logement (un administrateur doit saisir le barème)."
        )
        return resultat
    trouvees = requete_.executer(*requete)
    resultat.total = trouvees[0].total if trouvees else 0
    lg = logement_regles(dispo)
    souhaits: dict[int, set] = {}
    if options.secteur:  # which commune of the sector each one wishes: for its reasons
        for demande_id, insee in SouhaitCommune.objects.filter(
            demande__in=[t.demande.pk for t in trouvees[:limite]]
        ).values_list("demande_id", "commune__code_insee"):
            souhaits.setdefault(demande_id, set()).add(insee)
    for rang, trouvee in enumerate(trouvees[:limite], start=1):
        demande = trouvee.demande
        c = candidat(
            demande,
            jour=jour,
            baremes=baremes,
            communes=frozenset(souhaits.get(demande.pk, ()))
            if options.secteur
            else frozenset({lg.commune} if trouvee.souhaite else ()),
        )
        resultat.lignes.append(
            Ligne(
                rang=rang,
                demande=demande,
                niveau=trouvee.niveau,
                examen=regles.examiner(c, lg, p),
                raison_rang=regles.raison_de_rang(c, lg, quota_q1_en_retard=en_retard),
            )
        )
    return resultat


@dataclass(frozen=True)
class Pourquoi:
    """Why a demand is, or is not, among a dwelling's candidates: the first rule it fails (its code, a sentence), or
    its rank."""

    eligible: bool
    regle: str
    message: str
    rang: int | None = None


def pourquoi(dispo: Disponibilite, demande: Demande, *, options: Options | None = None, jour=None) -> Pourquoi:
    """Why a demand is, or is not, among the candidates for the dwelling on `jour` (today by default): the first rule
    it fails under the dwelling's landlord's rules of that day, the sentence naming who set a threshold it cites
    (« règle du bailleur Erilia, depuis le 01/12/2026 »), or its rank."""
    options = options or Options()
    jour = jour or timezone.localdate()
    p = regles_du_logement(
        dispo, jour, ecart_typologie=options.ecart_typologie, communes_secteur=communes_du_secteur(dispo, options)
    ).parametres
    try:
        baremes = reference.baremes_en_vigueur(jour)
    except reference.RegleManquante as manque:
        return Pourquoi(False, "PLAFOND", str(manque))
    examen = regles.examiner(candidat(demande, jour=jour, baremes=baremes), logement_regles(dispo), p)
    if not examen.eligible:
        return Pourquoi(False, examen.regle, examen.message)
    if options.mutations_seulement and not demande.mutation:
        return Pourquoi(False, "OPTION", "La recherche est limitée aux demandes de mutation.")
    if options.priorite and options.priorite not in demande.priorites:
        return Pourquoi(False, "OPTION", f"La recherche est limitée au critère {CodePriorite(options.priorite).label}.")
    requete = requete_.requete_sql(
        dispo,
        p=p,
        options=options,
        jour=jour,
        en_retard=quota_q1_en_retard(dispo, jour),
        baremes=baremes,
        limite=None,
    )
    ids = [t.demande.pk for t in requete_.executer(*requete)] if requete else []
    rang = ids.index(demande.pk) + 1 if demande.pk in ids else None
    return Pourquoi(True, "", f"La demande convient au logement : rang {rang} sur {len(ids)}.", rang=rang)
