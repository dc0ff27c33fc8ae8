"""The plain facts of a demand that the grid reads (`SituationCotation`), checked against the code lists, and the
full months of seniority since the filing (`mois_ecoules`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .listes import CRITERES_LOCAUX, LOGEMENTS_ACTUELS, MOTIFS, PRIORITES_LEGALES


def _ensemble(valeur, nom: str) -> frozenset[str]:
    """A set of codes from any iterable but a string (a string would be read letter by letter)."""
    if isinstance(valeur, str):
        raise ValueError(f"« {nom} » doit être un ensemble de codes, pas une chaîne.")
    return frozenset(valeur)


def _entier_positif(valeur, nom: str) -> int:
    """A whole number, zero or more (a bool is refused)."""
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ValueError(f"« {nom} » doit être un nombre entier.")
    if valeur < 0:
        raise ValueError(f"« {nom} » ne peut pas être négatif.")
    return valeur


@dataclass(frozen=True)
class SituationCotation:
    """The plain facts of a demand that the grid reads. Sets accept any iterable (an ArrayField's list) and are
    stored as frozensets; unknown codes are refused so that a typo never silently scores 0.

    `priorites`: CodePriorite codes present and active (DALO included). `logement_actuel`: LogementActuel code, or "".
    `motifs`: MotifDemande codes "01".."23". `mois_anciennete`: full months since filing (see `mois_ecoules`).
    `taux_effort`: a share (Decimal("0.42") for 42 %), None when unknown. `mutation`: already a social tenant.
    `refus_offre_adaptee`: number of refusals of an adapted offer. `criteres_locaux`: codes of CRITERES_LOCAUX.
    """

    priorites: frozenset[str] = frozenset()
    logement_actuel: str = ""
    motifs: frozenset[str] = frozenset()
    mois_anciennete: int = 0
    famille_monoparentale: bool = False
    enfant_attendu: bool = False
    handicap_dans_menage: bool = False
    taux_effort: Decimal | None = None
    suroccupation: bool = False
    mutation: bool = False
    refus_offre_adaptee: int = 0
    criteres_locaux: frozenset[str] = frozenset()

    def __post_init__(self):
        priorites = _ensemble(self.priorites, "priorites")
        inconnues = sorted(priorites - set(PRIORITES_LEGALES))
        if inconnues:
            raise ValueError(f"Code de priorité inconnu : {', '.join(inconnues)}.")
        object.__setattr__(self, "priorites", priorites)

        if self.logement_actuel and self.logement_actuel not in LOGEMENTS_ACTUELS:
            raise ValueError(f"Code de logement actuel inconnu : {self.logement_actuel}.")

        motifs = _ensemble(self.motifs, "motifs")
        inconnus = sorted(motifs - MOTIFS)
        if inconnus:
            raise ValueError(f"Motif de demande inconnu : {', '.join(inconnus)} (attendu : 01 à 23).")
        object.__setattr__(self, "motifs", motifs)

        locaux = _ensemble(self.criteres_locaux, "criteres_locaux")
        inconnus = sorted(locaux - CRITERES_LOCAUX)
        if inconnus:
            raise ValueError(f"Critère local inconnu : {', '.join(inconnus)}.")
        object.__setattr__(self, "criteres_locaux", locaux)

        _entier_positif(self.mois_anciennete, "mois_anciennete")
        _entier_positif(self.refus_offre_adaptee, "refus_offre_adaptee")

        if self.taux_effort is not None:
            try:
                taux = self.taux_effort if isinstance(self.taux_effort, Decimal) else Decimal(str(self.taux_effort))
            except InvalidOperation:
                raise ValueError("Le taux d'effort doit être un nombre (une part : 0.42 pour 42 %).") from None
            if not taux.is_finite() or taux < 0:
                raise ValueError("Le taux d'effort doit être un nombre positif (une part : 0.42 pour 42 %).")
            object.__setattr__(self, "taux_effort", taux)


def mois_ecoules(depuis: date, jour: date) -> int:
    """Full months from `depuis` to `jour` (0 if `jour` is earlier): 15/01 -> 14/02 = 0, 15/01 -> 15/02 = 1.

    REGLES is silent on counting months. Choice: a month is complete on the same day of a later month, or on the last
    day of that month when it is shorter (31/01 -> 28/02 = 1 month), so that no filing day loses a month.
    """
    if jour <= depuis:
        return 0
    mois = (jour.year - depuis.year) * 12 + (jour.month - depuis.month)
    dernier_jour = jour.day == _dernier_jour_du_mois(jour)
    if jour.day < depuis.day and not dernier_jour:
        mois -= 1
    return max(mois, 0)


def _dernier_jour_du_mois(jour: date) -> int:
    """The number of days of `jour`'s month (its last day)."""
    suivant = date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)
    return (suivant - date(jour.year, jour.month, 1)).days
