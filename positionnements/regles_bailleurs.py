"""Each landlord's positioning rules over CASA's, on a given day (REGLES §10: parameters, not law; issue 20).

The rules are dated versions (`models.ReglesPositionnement`): CASA's defaults (organisation empty) and each landlord's
own values over them, field by field (an empty field, a typology absent: CASA's rule of the day). The version in force
on a day is the latest whose `date_effet` is that day or before (two of the same day: the one written last).
`regles_applicables(bailleur, jour)` gives the `regles.Parametres` the search, « pourquoi pas ? », the impact panel and
the session dossier apply to a dwelling of that landlord, and who set each rule (`Provenance`), said in every sentence
that cites a threshold. Without any version of CASA in the base (a base emptied by hand), CASA's rules are the setting
`CASA_POSITIONNEMENT` over the defaults of `regles.Parametres` (the seed of migration 0009)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from commun import format_fr
from territoire.models import Organisation

from . import regles
from .models import ReglesPositionnement

TAUX_EFFORT = "taux_effort_max"
RESTE_A_VIVRE = "reste_a_vivre_min"
LIBELLES = {
    TAUX_EFFORT: "Taux d'effort maximal",
    RESTE_A_VIVRE: "Reste à vivre minimal par unité de consommation et par jour",
}


def cle_taille(typologie: str) -> str:
    """The key of a typology's rule in `Parametres.provenances` (« tailles:T3 »)."""
    return f"tailles:{typologie}"


@dataclass(frozen=True)
class Provenance:
    """Who set one rule, and from when: CASA (`bailleur` empty) or a landlord, the version's date of effect (None:
    the setting CASA_POSITIONNEMENT, no version in the base)."""

    cle: str  # "taux_effort_max", "reste_a_vivre_min", "tailles:T3"
    libelle: str  # the rule in words
    valeur: str  # its value in words (« 33 % », « 10 € », « de 2 à 4 personnes »)
    bailleur: str = ""  # the landlord's name, "" for CASA
    depuis: dt.date | None = None

    @property
    def du_bailleur(self) -> bool:
        return bool(self.bailleur)

    @property
    def texte(self) -> str:
        """« règle du bailleur Erilia, depuis le 01/12/2026 » / « règle de la CASA, depuis le 01/01/2000 »."""
        qui = f"règle du bailleur {self.bailleur}" if self.bailleur else "règle de la CASA"
        if self.depuis is None:
            return f"{qui} (réglage CASA_POSITIONNEMENT)"
        return f"{qui}, depuis le {self.depuis:%d/%m/%Y}"


@dataclass(frozen=True)
class Applicables:
    """The rules applied to a dwelling of `bailleur` on `jour`: the pure rules' parameters (with the provenance of
    each rule) and the list of provenances in the order of the page."""

    jour: dt.date
    bailleur_id: int | None
    parametres: regles.Parametres
    provenances: tuple[Provenance, ...] = field(default_factory=tuple)
    version_casa: ReglesPositionnement | None = None
    version_bailleur: ReglesPositionnement | None = None

    def de(self, cle: str) -> Provenance:
        return next(p for p in self.provenances if p.cle == cle)

    def du_logement(self, typologie: str) -> tuple[Provenance, ...]:
        """The rules a dwelling of this typology is judged by: effort rate, remaining income, its typology's sizes."""
        return tuple(p for p in self.provenances if p.cle in (TAUX_EFFORT, RESTE_A_VIVRE, cle_taille(typologie)))

    @property
    def du_bailleur(self) -> tuple[Provenance, ...]:
        """The rules the landlord set itself."""
        return tuple(p for p in self.provenances if p.du_bailleur)


def _reglage() -> dict:
    """CASA's rules from the setting CASA_POSITIONNEMENT over `regles.Parametres`' defaults: the fallback."""
    defauts = regles.Parametres()
    reglage = settings.CASA_POSITIONNEMENT or {}
    return {
        TAUX_EFFORT: Decimal(str(reglage.get(TAUX_EFFORT, defauts.taux_effort_max))),
        RESTE_A_VIVRE: Decimal(str(reglage.get(RESTE_A_VIVRE, defauts.reste_a_vivre_min))),
        "tailles": {**defauts.tailles, **reglage.get("tailles", {})},
    }


def _tailles(version: ReglesPositionnement | None) -> dict[str, tuple[int, int | None]]:
    if version is None:
        return {}
    return {t: (int(v[0]), None if v[1] is None else int(v[1])) for t, v in (version.tailles or {}).items()}


def _id(bailleur: Organisation | int | None) -> int | None:
    return bailleur.pk if isinstance(bailleur, Organisation) else bailleur


def versions_en_vigueur(
    bailleur: Organisation | int | None, jour: dt.date
) -> tuple[ReglesPositionnement | None, ReglesPositionnement | None]:
    """CASA's version and the landlord's (an Organisation or its id) in force on `jour` (each None when there is
    none), the landlord joined. One query."""
    bailleur_id = _id(bailleur)
    portee = Q(organisation__isnull=True) | (Q(organisation_id=bailleur_id) if bailleur_id else Q(pk__in=[]))
    trouvees = list(
        ReglesPositionnement.objects.filter(portee, date_effet__lte=jour)
        .select_related("organisation", "cree_par")
        .order_by("organisation_id", "-date_effet", "-pk")
        .distinct("organisation_id")
    )
    casa = next((v for v in trouvees if v.organisation_id is None), None)
    du_bailleur = next((v for v in trouvees if v.organisation_id is not None), None)
    return casa, du_bailleur


def euros(montant: Decimal) -> str:
    """« 10 € », « 12,50 € »."""
    return format_fr.euros(montant, 0 if montant == montant.to_integral_value() else 2)


def valeur_taille(mini: int, maxi: int | None) -> str:
    if maxi is None:
        return f"{mini} personne{'s' if mini > 1 else ''} ou plus"
    if mini == maxi:
        return f"{mini} personne{'s' if mini > 1 else ''}"
    return f"de {mini} à {maxi} personnes"


def regles_applicables(bailleur: Organisation | int | None, jour: dt.date, **elargir) -> Applicables:
    """The rules applied to a dwelling of `bailleur` (an Organisation of type BAILLEUR or its id; None for CASA's) on
    `jour`: each from the landlord's version in force that day when it sets it, else from CASA's version in force
    (else the setting CASA_POSITIONNEMENT). `elargir`: the agent's widenings passed to `regles.Parametres`
    (ecart_typologie, communes_secteur). Thresholds: the effort rate a fraction of the monthly resources, the
    remaining income in € per consumption unit and day, the typologies as (min, max) persons (max None: no maximum).
    One query; raises nothing."""
    casa, du_bailleur = versions_en_vigueur(bailleur, jour)
    reglage = _reglage()
    nom = du_bailleur.organisation.nom if du_bailleur is not None else ""

    def choisir(cle: str, valeur_casa, valeur_bailleur):
        if valeur_bailleur is not None:
            return valeur_bailleur, nom, du_bailleur.date_effet
        if casa is not None and valeur_casa is not None:
            return valeur_casa, "", casa.date_effet
        return reglage[cle], "", None

    provenances, valeurs = [], {}
    for cle in (TAUX_EFFORT, RESTE_A_VIVRE):
        valeur, qui, depuis = choisir(
            cle, getattr(casa, cle, None), getattr(du_bailleur, cle, None) if du_bailleur else None
        )
        valeurs[cle] = Decimal(valeur)
        montre = format_fr.pourcentage(valeurs[cle]) if cle == TAUX_EFFORT else euros(valeurs[cle])
        provenances.append(Provenance(cle, LIBELLES[cle], montre, qui, depuis))
    tailles_casa, tailles_bailleur = _tailles(casa), _tailles(du_bailleur)
    tailles = {}
    for typologie in regles.TYPOLOGIES:
        reglage["tailles:" + typologie] = reglage["tailles"][typologie]
        (mini, maxi), qui, depuis = choisir(
            "tailles:" + typologie, tailles_casa.get(typologie), tailles_bailleur.get(typologie)
        )
        tailles[typologie] = (mini, maxi)
        provenances.append(
            Provenance(cle_taille(typologie), f"Personnes pour un {typologie}", valeur_taille(mini, maxi), qui, depuis)
        )
    parametres = regles.Parametres(
        taux_effort_max=valeurs[TAUX_EFFORT],
        reste_a_vivre_min=valeurs[RESTE_A_VIVRE],
        tailles=tailles,
        provenances={p.cle: p.texte for p in provenances},
        **elargir,
    )
    return Applicables(
        jour=jour,
        bailleur_id=_id(bailleur),
        parametres=parametres,
        provenances=tuple(provenances),
        version_casa=casa,
        version_bailleur=du_bailleur,
    )
