"""Demo demands for seed_demo: a realistic, deterministic waiting list of the CASA (10 372 active demands at scale 1).

Everything is drawn from the generators passed in (``random.Random(GRAINE)`` and a seeded ``Faker("fr_FR")``) in a
fixed order over referential rows read in a fixed order: the same database gives the same demands on every run.

Fast on purpose: the households are built in memory, the figures that derive from them are computed here with the
pure rules (``eligibilite.evaluer``, the ceilings and Q1 threshold read once) instead of ``demande_recalculer`` per
demand, and the rows go in with ``bulk_create`` by batches. The pghistory triggers stay on: every row inserted also
writes its audit event, with the context ``{"commande": "seed_demo"}`` (see `_inserer` for why that also matters for
speed).

Unique numbers are given 1..N in the order of registration (not from the database sequence, so that the demo is
deterministic); the sequence is then moved past N so that the demands registered later in the app do not collide.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.db import connection, transaction
from django.utils import timezone

from territoire.models import Commune, Habilitation, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation

from . import cycle, eligibilite, reference, services
from .codes import (
    PREUVE_USUELLE,
    CodePriorite,
    EtatDemande,
    Lien,
    LogementActuel,
    MotifDemande,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeRessource,
    Typologie,
)
from .models import (
    MAX_COMMUNES_SOUHAITEES,
    CriterePriorite,
    Demande,
    Personne,
    Ressource,
    SouhaitCommune,
    TransitionDemande,
)
from .services import CODE_TERRITOIRE, normaliser

LOT = 2000  # rows per INSERT

# Shares of the demo list (REGLES §8 lifecycle). `nombre` counts the active demands (ACTIVE + QUALIFIEE), which are
# 97 % of the live ones; the drafts are the other 3 %. Struck-off demands come on top.
PART_QUALIFIEES = 0.40
PART_BROUILLONS = 0.03
PART_RADIEES = 0.04
MOTIFS_RADIATION = [(MotifRadiation.RADATT, 50), (MotifRadiation.RADREN, 35), (MotifRadiation.RADABA, 15)]
ANCIENNETE_MAX_JOURS = 6 * 365

# Household size (persons, expected child included): CASA-like spread of the demand.
TAILLES = [(1, 38), (2, 24), (3, 17), (4, 12), (5, 6), (6, 2), (7, 0.7), (8, 0.3)]

# Resources per consumption unit (€/month), log-normal: median ~1 330 €/month (≈ 16 000 €/UC/year, close to the CASA
# median of 16 404) and a spread that puts ~27 % of the households at or below Q1 (12 000 €/UC/year = 1 000 €/month).
RESSOURCES_UC_MEDIANE = 1330
RESSOURCES_UC_SIGMA = 0.47
RESSOURCES_UC_BORNES = (430, 4500)
IMPOSABLES = {TypeRessource.SAL, TypeRessource.CHO, TypeRessource.RET, TypeRessource.PAR, TypeRessource.PINV}
# Monthly benefits (orders of magnitude of 2025-2026).
AF_2_ENFANTS, AF_3_ENFANTS, AF_PAR_ENFANT_EN_PLUS = 151.05, 344.56, 193.52
PAJE_BASE = 198.16
AEEH = 151.05
AAH_TAUX_PLEIN = 1033.32

# Counters: the CASA and the communal counters (by population) register most demands.
POIDS_EPCI = 32
POIDS_COMMUNES = 46
POIDS_PAR_TYPE = {TypeOrganisation.BAILLEUR: 1.5, TypeOrganisation.ACTION_LOGEMENT: 3}
POIDS_BAILLEUR_REEL = 4  # Erilia, the real landlord of the referential

LOGEMENTS = [
    (LogementActuel.LP, 30),
    (LogementActuel.HLM, 16.5),
    (LogementActuel.CPE, 16),
    (LogementActuel.CP, 11),
    (LogementActuel.RS, 3),
    (LogementActuel.LTG, 2.5),
    (LogementActuel.SLHT, 2),
    (LogementActuel.SH, 1.8),
    (LogementActuel.POCC, 1.5),
    (LogementActuel.RE, 1.2),
    (LogementActuel.HOT, 0.8),
    (LogementActuel.SD, 0.8),
    (LogementActuel.CAMCAR, 0.8),
    (LogementActuel.FONC, 0.8),
    (LogementActuel.RHVS, 0.4),
    (LogementActuel.CDEFCM, 0.3),
    (LogementActuel.SQUAT, 0.2),
]
PRECAIRES = {
    LogementActuel.CP,
    LogementActuel.SD,
    LogementActuel.SH,
    LogementActuel.HOT,
    LogementActuel.SQUAT,
    LogementActuel.CAMCAR,
    LogementActuel.SLHT,
    LogementActuel.RS,
    LogementActuel.RHVS,
    LogementActuel.CDEFCM,
}
HEBERGEMENTS = {
    LogementActuel.RS,
    LogementActuel.SLHT,
    LogementActuel.SH,
    LogementActuel.RHVS,
    LogementActuel.HOT,
    LogementActuel.CDEFCM,
}
SANS_LOGEMENT_PROPRE = {
    LogementActuel.CP,
    LogementActuel.LTG,
    LogementActuel.SD,
    LogementActuel.SQUAT,
    LogementActuel.CAMCAR,
    LogementActuel.HOT,
}
AVEC_BAIL = {LogementActuel.LP, LogementActuel.HLM, LogementActuel.POCC, LogementActuel.FONC}
M = MotifDemande
_HEBERGE = [(M.SANS_LOGEMENT, 85), (M.VIOLENCES, 4), (M.SANTE, 5), (M.DIVORCE, 6)]
MOTIFS_PAR_LOGEMENT = {
    LogementActuel.LP: [
        (M.TROP_CHER, 35),
        (M.TROP_PETIT, 20),
        (M.REPRIS, 10),
        (M.NON_DECENT, 6),
        (M.EXPULSION, 4),
        (M.RAPPROCHEMENT_TRAVAIL, 6),
        (M.ENVIRONNEMENT, 4),
        (M.SANTE, 3),
        (M.RAPPROCHEMENT_FAMILLE, 3),
        (M.DIVORCE, 5),
        (M.AUTRE, 4),
    ],
    LogementActuel.HLM: [
        (M.TROP_PETIT, 35),
        (M.TROP_GRAND, 10),
        (M.HANDICAP, 6),
        (M.SANTE, 10),
        (M.ENVIRONNEMENT, 15),
        (M.RAPPROCHEMENT_TRAVAIL, 8),
        (M.RAPPROCHEMENT_FAMILLE, 6),
        (M.DIVORCE, 4),
        (M.TROP_CHER, 4),
        (M.RAPPROCHEMENT_SERVICES, 2),
    ],
    LogementActuel.CPE: [(M.DECOHABITATION, 70), (M.FUTUR_COUPLE, 15), (M.RAPPROCHEMENT_TRAVAIL, 10), (M.DIVORCE, 5)],
    LogementActuel.CP: [(M.SANS_LOGEMENT, 70), (M.DIVORCE, 15), (M.DECOHABITATION, 10), (M.VIOLENCES, 5)],
    LogementActuel.LTG: [(M.SANS_LOGEMENT, 60), (M.DECOHABITATION, 20), (M.DIVORCE, 20)],
    LogementActuel.RE: [(M.DECOHABITATION, 60), (M.RAPPROCHEMENT_TRAVAIL, 40)],
    LogementActuel.FONC: [(M.MUTATION_PRO, 50), (M.AUTRE, 30), (M.RAPPROCHEMENT_TRAVAIL, 20)],
    LogementActuel.POCC: [(M.ACCEDANT, 40), (M.DIVORCE, 35), (M.HANDICAP, 10), (M.SANTE, 15)],
}
MOTIFS_SECONDAIRES = [
    (M.TROP_CHER, 20),
    (M.RAPPROCHEMENT_TRAVAIL, 15),
    (M.RAPPROCHEMENT_SERVICES, 10),
    (M.RAPPROCHEMENT_FAMILLE, 12),
    (M.SANTE, 10),
    (M.ENVIRONNEMENT, 8),
    (M.TROP_PETIT, 10),
    (M.NON_DECENT, 5),
    (M.AUTRE, 4),
]
PRECISIONS_AUTRE = [
    "Fin de bail dans quelques mois",
    "Souhaite se rapprocher d'un parent âgé",
    "Logement sans ascenseur, difficultés pour monter",
    "Trajets trop longs pour l'école des enfants",
    "Nuisances importantes dans l'immeuble",
]
TITRES_SEJOUR = [
    ("Carte de résident", 3650, 45),
    ("Carte de séjour pluriannuelle", 1460, 30),
    ("Carte de séjour temporaire", 365, 20),
    ("Récépissé de demande de titre", 180, 5),
]
DOMAINES = ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "yahoo.fr", "outlook.fr"]
# Communes outside CASA where applicants live (name, postcode).
COMMUNES_EXTERIEURES = [
    ("Nice", "06000"),
    ("Cannes", "06400"),
    ("Grasse", "06130"),
    ("Cagnes-sur-Mer", "06800"),
    ("Le Cannet", "06110"),
    ("Mougins", "06250"),
    ("Saint-Laurent-du-Var", "06700"),
    ("Mandelieu-la-Napoule", "06210"),
]
# Approximate positions (latitude, longitude) of the 24 communes, for "nearby" wishes.
POSITIONS = {
    "06004": (43.58, 7.12),
    "06155": (43.58, 7.05),
    "06161": (43.66, 7.12),
    "06152": (43.64, 7.01),
    "06018": (43.63, 7.10),
    "06044": (43.69, 7.10),
    "06105": (43.67, 7.06),
    "06112": (43.68, 7.01),
    "06148": (43.72, 7.06),
    "06038": (43.67, 6.98),
    "06128": (43.70, 7.12),
    "06010": (43.70, 6.99),
    "06089": (43.66, 6.99),
    "06070": (43.80, 6.94),
    "06050": (43.79, 7.05),
    "06022": (43.83, 7.12),
    "06041": (43.78, 6.96),
    "06068": (43.72, 6.98),
    "06037": (43.74, 6.92),
    "06017": (43.81, 7.09),
    "06049": (43.75, 7.01),
    "06047": (43.85, 7.05),
    "06061": (43.83, 7.10),
    "06107": (43.86, 7.07),
}
NOMBRE_COMMUNES = [(1, 18), (2, 14), (3, 18), (4, 14), (5, 11), (6, 9), (7, 6), (8, 10)]
# REGLES §10, default CASA setting: typology -> household sizes it suits.
TYPOLOGIES = [
    (Typologie.T1, 1, 1),
    (Typologie.T2, 1, 2),
    (Typologie.T3, 2, 4),
    (Typologie.T4, 3, 6),
    (Typologie.T5, 4, 8),
    (Typologie.T6P, 6, 99),
]
CRITERES_RARES = [
    CodePriorite.MARIAGE_FORCE,
    CodePriorite.VIOL_AGRESSION_DOMICILE,
    CodePriorite.SORTIE_PROSTITUTION,
    CodePriorite.TRAITE_PROXENETISME,
    CodePriorite.SORTIE_ACT,
]


def _choix(hasard: random.Random, paires):
    """One value of [(value, weight), ...]."""
    valeurs, poids = zip(*paires, strict=True)
    return hasard.choices(valeurs, weights=poids)[0]


def _moins_ans(jour: dt.date, ans: int) -> dt.date:
    try:
        return jour.replace(year=jour.year - ans)
    except ValueError:  # 29 February
        return jour.replace(year=jour.year - ans, day=28)


def _anniversaire_apres(depot: dt.date, apres: dt.date) -> dt.date:
    """The first anniversary of `depot` (one year at least) strictly after `apres`."""
    ans = max(1, apres.year - depot.year)
    while True:
        echeance = _moins_ans(depot, -ans)
        if echeance > apres:
            return echeance
        ans += 1


def _ouvre(jour: dt.date) -> dt.date:
    """The working day on or before `jour` (a Saturday or Sunday moves back to the Friday)."""
    return jour - dt.timedelta(days=max(jour.weekday() - 4, 0))


def _euros(montant: float) -> Decimal:
    return Decimal(f"{montant:.2f}")


@dataclass
class _Membre:
    personne: Personne
    age: int | None  # None for an expected child
    ressources: list[Ressource] = field(default_factory=list)


@dataclass
class _Dossier:
    demande: Demande
    membres: list[_Membre]
    souhaits: list[SouhaitCommune]
    criteres: list[CriterePriorite]
    # (state before, state after, by whom, reason, when)
    transitions: list[tuple[str, str, Utilisateur | None, str, dt.datetime]]
    date_tri: dt.date


class _Fabrique:
    """Builds the demands in memory, one household at a time, from the two seeded generators."""

    def __init__(self, *, hasard: random.Random, faker, jour: dt.date):
        self.hasard = hasard
        self.faker = faker
        self.jour = jour
        self.maintenant = timezone.now()
        self.baremes = reference.baremes_en_vigueur(jour)
        self.annee_regles = next(iter(self.baremes.values())).annee
        self.seuil_q1 = reference.seuil_q1(jour)
        self.communes = list(Commune.objects.order_by("code_insee"))
        self.guichets, self.poids_guichets, self.agents = self._guichets()
        bailleurs = list(Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).order_by("slug"))
        self.bailleurs = bailleurs
        self.poids_bailleurs = [1 if b.est_demo else POIDS_BAILLEUR_REEL for b in bailleurs]

    # ------------------------------------------------------------------ referential

    def _guichets(self):
        guichets = list(
            Organisation.objects.filter(est_guichet_enregistreur=True, active=True, code_guichet__isnull=False)
            .exclude(code_guichet="")
            .select_related("commune")
            .order_by("slug")
        )
        habilitations = list(
            Habilitation.objects.filter(organisation__in=guichets, active=True, utilisateur__est_compte_api=False)
            .select_related("utilisateur")
            .order_by("organisation__slug", "utilisateur__username", "role")
        )
        population_guichets = sum(g.commune.population for g in guichets if g.type == TypeOrganisation.COMMUNE) or 1
        retenus, poids, agents = [], [], {}
        for guichet in guichets:
            siennes = [h for h in habilitations if h.organisation_id == guichet.pk]
            qui = [h.utilisateur for h in siennes if h.role in (Role.AGENT_GUICHET, Role.INSTRUCTEUR)] or [
                h.utilisateur for h in siennes
            ]
            qui = list({u.pk: u for u in qui}.values())  # one user once, in order
            if not qui:
                continue
            if guichet.type == TypeOrganisation.EPCI:
                p = POIDS_EPCI
            elif guichet.type == TypeOrganisation.COMMUNE:
                p = POIDS_COMMUNES * guichet.commune.population / population_guichets
            elif guichet.type == TypeOrganisation.BAILLEUR and not guichet.est_demo:
                p = POIDS_BAILLEUR_REEL
            else:
                p = POIDS_PAR_TYPE.get(guichet.type, 1)
            retenus.append(guichet)
            poids.append(p)
            agents[guichet.pk] = qui
        if not retenus:
            raise RuntimeError("Aucun guichet enregistreur avec un agent : lancez d'abord le référentiel de démo.")
        return retenus, poids, agents

    # ------------------------------------------------------------------ small draws

    def _date_naissance(self, age: int) -> dt.date:
        """A birth date giving exactly `age` full years on `jour`."""
        fin = _moins_ans(self.jour, age)
        debut = _moins_ans(self.jour, age + 1) + dt.timedelta(days=1)
        return debut + dt.timedelta(days=self.hasard.randint(0, (fin - debut).days))

    def _moment(self, jour: dt.date, apres: dt.datetime | None = None) -> dt.datetime:
        """An office-hours time on `jour`, after `apres` if given, never after now."""
        heure = dt.datetime.combine(jour, dt.time(8, 30)) + dt.timedelta(minutes=self.hasard.randint(0, 510))
        moment = timezone.make_aware(heure)
        if apres is not None and moment <= apres:
            moment = apres + dt.timedelta(minutes=self.hasard.randint(5, 60))
        return min(moment, self.maintenant)

    def _telephone(self, mobile: bool = True) -> str:
        h = self.hasard
        debut = h.choice(["06", "07"]) if mobile else h.choice(["04 93", "04 92", "04 97"])
        chiffres = 4 if mobile else 3
        return " ".join([debut] + [f"{h.randint(0, 99):02d}" for _ in range(chiffres)])

    def _courriel(self, prenom: str, nom: str) -> str:
        h = self.hasard
        local = ".".join(re.sub(r"[^a-z0-9]+", "-", normaliser(x)).strip("-") for x in (prenom, nom))
        suffixe = str(h.randint(1, 99)) if h.random() < 0.35 else ""
        return f"{local}{suffixe}@{h.choice(DOMAINES)}"

    # ------------------------------------------------------------------ household

    def _adulte(
        self, *, lien: str, age: int, sexe: str, nom: str, situation: str, nationalite: str, nom_naissance: str = ""
    ) -> _Membre:
        h = self.hasard
        prenom = self.faker.first_name_female() if sexe == "F" else self.faker.first_name_male()
        titre, titre_fin = "", None
        if nationalite == Nationalite.HORS_UE:
            titre, duree, _ = _choix(h, [((t, d, p), p) for t, d, p in TITRES_SEJOUR])
            titre_fin = self.jour + dt.timedelta(days=h.randint(20, duree))
        handicap = h.random() < (0.15 if age >= 60 else 0.07)
        personne = Personne(
            lien=lien,
            nom=nom,
            prenom=prenom,
            nom_naissance=nom_naissance,
            date_naissance=self._date_naissance(age),
            sexe=sexe,
            nationalite=nationalite,
            titre_sejour=titre,
            titre_sejour_fin=titre_fin,
            situation_familiale=situation,
            a_charge=lien not in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR) and handicap,
            handicap=handicap,
        )
        return _Membre(personne, age)

    def _enfant(self, *, age: int | None, nom: str, nationalite: str) -> _Membre:
        h = self.hasard
        if age is None:  # expected child: the expected birth date, no name yet
            naissance = self.jour + dt.timedelta(days=h.randint(15, 250))
            return _Membre(
                Personne(lien=Lien.ENFANT, date_naissance=naissance, a_charge=True, enfant_a_naitre=True), None
            )
        sexe = h.choice("FM")
        prenom = self.faker.first_name_female() if sexe == "F" else self.faker.first_name_male()
        return _Membre(
            Personne(
                lien=Lien.ENFANT,
                nom=nom,
                prenom=prenom,
                date_naissance=self._date_naissance(age),
                sexe=sexe,
                nationalite=Nationalite.FRANCAISE if nationalite == Nationalite.UE or h.random() < 0.7 else nationalite,
                a_charge=True,
                handicap=h.random() < 0.03,
            ),
            age,
        )

    def _enfants(self, nombre: int, *, age_parent: int, nom: str, nationalite: str, mere_age: int | None):
        """`nombre` children of a parent aged `age_parent`, the youngest maybe expected (mother aged 18-42)."""
        h = self.hasard
        attendu = nombre >= 1 and mere_age is not None and 18 <= mere_age <= 42 and h.random() < 0.09
        nes = nombre - attendu
        ages: list[int] = []
        if nes:
            aine = h.randint(min(nes - 1, 20), max(nes - 1, min(age_parent - 19, 20)))
            ages.append(aine)
            for _ in range(nes - 1):
                ages.append(max(0, ages[-1] - h.randint(1, 4)))
        membres = [self._enfant(age=a, nom=nom, nationalite=nationalite) for a in ages]
        if attendu:
            membres.append(self._enfant(age=None, nom=nom, nationalite=nationalite))
        return membres

    def _menage(self, taille: int) -> tuple[list[_Membre], bool, str]:
        """The persons (applicant first), whether applicant and co-applicant are a couple, and the kind of household."""
        h = self.hasard
        nationalite = _choix(h, [(Nationalite.FRANCAISE, 76), (Nationalite.UE, 8), (Nationalite.HORS_UE, 16)])
        if taille == 1:
            tranche = _choix(h, [((18, 29), 22), ((30, 59), 50), ((60, 92), 28)])
            age = h.randint(*tranche)
            sexe = "F" if h.random() < (0.58 if age >= 60 else 0.48) else "M"
            situation = _choix(
                h,
                [(SituationFamiliale.VEUF, 40), (SituationFamiliale.DIVORCE, 30), (SituationFamiliale.CELIBATAIRE, 30)]
                if age >= 65
                else [
                    (SituationFamiliale.CELIBATAIRE, 60),
                    (SituationFamiliale.DIVORCE, 22),
                    (SituationFamiliale.SEPARE, 15),
                    (SituationFamiliale.VEUF, 3),
                ],
            )
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR, age=age, sexe=sexe, nom=nom, situation=situation, nationalite=nationalite
            )
            return [demandeur], False, "SEUL"

        if taille == 2:
            genre = _choix(h, [("COUPLE", 45), ("MONO", 42), ("AUTRE", 13)])
        else:
            genre = _choix(h, [("COUPLE", 60), ("MONO", 34), ("COUPLE_ASCENDANT", 6 if taille >= 4 else 0)])

        if genre == "AUTRE":  # an adult with a parent, a brother or sister, or a friend
            age = h.randint(25, 62)
            sexe = h.choice("FM")
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR,
                age=age,
                sexe=sexe,
                nom=nom,
                situation=_choix(h, [(SituationFamiliale.CELIBATAIRE, 60), (SituationFamiliale.DIVORCE, 40)]),
                nationalite=nationalite,
            )
            lien = _choix(h, [(Lien.ASCENDANT, 50), (Lien.CO_DEMANDEUR, 30), (Lien.AUTRE_PARENT, 20)])
            if lien == Lien.ASCENDANT:
                age2, nom2, situation2 = min(h.randint(age + 20, age + 35), 96), nom, SituationFamiliale.VEUF
            else:
                age2, nom2 = max(18, age + h.randint(-12, 12)), nom
                situation2 = SituationFamiliale.CELIBATAIRE
            autre = self._adulte(
                lien=lien, age=age2, sexe=h.choice("FM"), nom=nom2, situation=situation2, nationalite=nationalite
            )
            return [demandeur, autre], False, "AUTRE"

        if genre == "MONO":
            sexe = "F" if h.random() < 0.85 else "M"
            age = h.randint(19, 56) if taille <= 3 else h.randint(24, 52)
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR,
                age=age,
                sexe=sexe,
                nom=nom,
                situation=_choix(
                    h,
                    [
                        (SituationFamiliale.SEPARE, 35),
                        (SituationFamiliale.DIVORCE, 30),
                        (SituationFamiliale.CELIBATAIRE, 30),
                        (SituationFamiliale.VEUF, 5),
                    ],
                ),
                nationalite=nationalite,
            )
            nom_enfants = nom if sexe == "M" or h.random() < 0.55 else self.faker.last_name()
            enfants = self._enfants(
                taille - 1,
                age_parent=age,
                nom=nom_enfants,
                nationalite=nationalite,
                mere_age=age if sexe == "F" else None,
            )
            return [demandeur, *enfants], False, "MONO"

        # couple (married, PACS or partners), with children when the household is bigger
        situation = _choix(
            h, [(SituationFamiliale.MARIE, 45), (SituationFamiliale.PACSE, 20), (SituationFamiliale.CONCUBIN, 35)]
        )
        age = h.randint(20, 75) if taille == 2 else h.randint(23, 55)
        age2 = max(18, age + h.randint(-8, 6))
        sexe = h.choice("FM")
        sexe2 = ("M" if sexe == "F" else "F") if h.random() < 0.97 else sexe
        nom_homme = self.faker.last_name()
        nom_autre = self.faker.last_name()
        noms = {}
        for qui, s in (("demandeur", sexe), ("co", sexe2)):
            if s == "F" and situation == SituationFamiliale.MARIE and sexe != sexe2 and h.random() < 0.7:
                noms[qui] = (nom_homme, nom_autre)  # took her husband's name, keeps her birth name
            elif (qui == "demandeur") if sexe == sexe2 else s == "M":
                noms[qui] = (nom_homme, "")
            else:
                noms[qui] = (nom_autre, "")
        demandeur = self._adulte(
            lien=Lien.DEMANDEUR,
            age=age,
            sexe=sexe,
            nom=noms["demandeur"][0],
            nom_naissance=noms["demandeur"][1],
            situation=situation,
            nationalite=nationalite,
        )
        co = self._adulte(
            lien=Lien.CO_DEMANDEUR,
            age=age2,
            sexe=sexe2,
            nom=noms["co"][0],
            nom_naissance=noms["co"][1],
            situation=situation,
            nationalite=nationalite,
        )
        membres = [demandeur, co]
        nb_enfants = taille - 2 - (genre == "COUPLE_ASCENDANT")
        if nb_enfants:
            mere = age if sexe == "F" else (age2 if sexe2 == "F" else None)
            membres += self._enfants(
                nb_enfants, age_parent=min(age, age2), nom=nom_homme, nationalite=nationalite, mere_age=mere
            )
        if genre == "COUPLE_ASCENDANT":
            membres.append(
                self._adulte(
                    lien=Lien.ASCENDANT,
                    age=min(h.randint(age + 22, age + 34), 96),
                    sexe=h.choice("FM"),
                    nom=noms["demandeur"][1] or noms["demandeur"][0],
                    situation=SituationFamiliale.VEUF,
                    nationalite=nationalite,
                )
            )
        return membres, True, "COUPLE"

    # ------------------------------------------------------------------ resources

    def _revenus_adulte(self, membre: _Membre, montant: float, seul: bool) -> list[tuple[str, float]]:
        h = self.hasard
        age, handicap = membre.age or 0, membre.personne.handicap
        if montant < 30:
            return []
        if age >= 64:
            if montant < 1050 and age >= 65 and h.random() < 0.35:
                retraite = montant * h.uniform(0.45, 0.8)
                return [(TypeRessource.RET, retraite), (TypeRessource.AMV, montant - retraite)]
            return [(TypeRessource.RET, montant)]
        if handicap and montant < 1700:
            aah = min(montant, AAH_TAUX_PLEIN)
            reste = montant - aah
            return [(TypeRessource.AAH, aah)] + ([(TypeRessource.SAL, reste)] if reste >= 50 else [])
        if age < 26 and seul and h.random() < 0.25:
            bourse = min(montant, h.uniform(250, 580))
            reste = montant - bourse
            return [(TypeRessource.BE, bourse)] + ([(TypeRessource.SAL, reste)] if reste >= 50 else [])
        if montant < 750:
            return [(_choix(h, [(TypeRessource.RSA, 60), (TypeRessource.CHO, 30), (TypeRessource.SAL, 10)]), montant)]
        if montant < 1400:
            genre = _choix(
                h,
                [(TypeRessource.SAL, 72), (TypeRessource.CHO, 20), (TypeRessource.PINV, 3), (TypeRessource.AUT, 5)],
            )
            return [(genre, montant)]
        if age >= 58 and h.random() < 0.15:
            return [(TypeRessource.RET, montant)]
        return [(_choix(h, [(TypeRessource.SAL, 90), (TypeRessource.CHO, 7), (TypeRessource.PINV, 3)]), montant)]

    def _ressources(self, membres: list[_Membre], genre: str, uc: Decimal) -> float:
        """Spreads the household's monthly resources over its persons; returns the resources per UC drawn."""
        h = self.hasard
        bas, haut = RESSOURCES_UC_BORNES
        par_uc = min(max(h.lognormvariate(math.log(RESSOURCES_UC_MEDIANE), RESSOURCES_UC_SIGMA), bas), haut)
        total = par_uc * float(uc)
        demandeur = membres[0]
        enfants = [m for m in membres if m.personne.lien == Lien.ENFANT and m.age is not None]
        allocations: list[tuple[str, float]] = []
        nb_af = sum(1 for m in enfants if m.age < 20)
        if nb_af >= 2:
            af = AF_2_ENFANTS if nb_af == 2 else AF_3_ENFANTS + AF_PAR_ENFANT_EN_PLUS * (nb_af - 3)
            allocations.append((TypeRessource.AF, af))
        if any(m.age < 3 for m in enfants) and par_uc < 2000 and h.random() < 0.8:
            allocations.append((TypeRessource.PAJE, PAJE_BASE))
        if any(m.personne.handicap for m in enfants):
            allocations.append((TypeRessource.AEEH, AEEH))
        if genre == "MONO" and enfants and h.random() < 0.45:
            allocations.append((TypeRessource.PAR, h.uniform(120, 180) * len(enfants)))
        while allocations and sum(a for _, a in allocations) > total * 0.8:
            allocations.pop()
        reste = max(total - sum(a for _, a in allocations), 0.0)

        adultes = [m for m in membres if m.personne.lien != Lien.ENFANT]
        parts: list[tuple[_Membre, float]] = []
        for m in adultes[1:]:
            if m.personne.lien == Lien.ASCENDANT or (m.age or 0) >= 64:
                part = min(reste * 0.5, h.uniform(700, 1300))
                parts.append((m, part))
                reste -= part
        principaux = [m for m in adultes if all(m is not p for p, _ in parts)]
        if len(principaux) == 2:
            deux_revenus = h.random() < (0.65 if reste >= 1600 else 0.3)
            part_co = reste * h.uniform(0.3, 0.5) if deux_revenus else 0.0
            parts += [(principaux[0], reste - part_co), (principaux[1], part_co)]
        else:
            parts.append((principaux[0], reste))

        seul = len(adultes) == 1
        for m, montant in parts:
            for genre_r, valeur in self._revenus_adulte(m, montant, seul):
                m.ressources.append(Ressource(personne=m.personne, type=genre_r, montant_mensuel=_euros(valeur)))
        for genre_r, valeur in allocations:
            demandeur.ressources.append(
                Ressource(personne=demandeur.personne, type=genre_r, montant_mensuel=_euros(valeur))
            )
        return par_uc

    # ------------------------------------------------------------------ situation, wishes, priorities

    def _logement(self, par_uc: float, age: int, genre: str, enfants: int) -> str:
        poids = []
        for code, p in LOGEMENTS:
            if code in PRECAIRES and par_uc < 900:
                p *= 2.2
            if code in PRECAIRES and par_uc > 1700:
                p *= 0.25
            if code in (LogementActuel.POCC, LogementActuel.FONC):
                p *= 0.3 if par_uc < 900 else (2 if par_uc > 1700 else 1)
            if code == LogementActuel.CPE and (age > 40 or genre == "COUPLE" and enfants):
                p *= 0.15
            if code == LogementActuel.RE and (age > 28 or genre != "SEUL"):
                p = 0
            if code == LogementActuel.CDEFCM and not (genre == "MONO" and age < 30 or genre == "SEUL" and age < 22):
                p = 0
            poids.append((code, p))
        return _choix(self.hasard, poids)

    def _motifs(self, logement: str, *, genre: str, handicap: bool, suroccupe: bool) -> list[str]:
        h = self.hasard
        table = MOTIFS_PAR_LOGEMENT.get(logement, _HEBERGE)
        motifs = [_choix(h, table)]
        if suroccupe and logement in (LogementActuel.LP, LogementActuel.HLM) and h.random() < 0.6:
            motifs.append(M.TROP_PETIT)
        if handicap and h.random() < 0.5:
            motifs.append(M.HANDICAP)
        if genre == "MONO" and h.random() < 0.25:
            motifs.append(M.DIVORCE)
        if h.random() < 0.35:
            motifs.append(_choix(h, table if h.random() < 0.5 else MOTIFS_SECONDAIRES))
        if logement not in AVEC_BAIL:  # no dwelling of one's own: neither too small, too big nor too dear
            motifs = [m for m in motifs if m not in (M.TROP_PETIT, M.TROP_GRAND, M.TROP_CHER)] or [motifs[0]]
        return list(dict.fromkeys(motifs))[:3]

    def _souhaits(self) -> tuple[list[Commune], bool]:
        h = self.hasard
        toute = h.random() < 0.05
        nombre = h.choice([0, 1, 2]) if toute else _choix(h, NOMBRE_COMMUNES)
        if not nombre:
            return [], toute
        premiere = h.choices(self.communes, weights=[c.population for c in self.communes])[0]
        choisies = [premiere]
        lat0, lon0 = POSITIONS.get(premiere.code_insee, (43.7, 7.05))
        restantes = [c for c in self.communes if c is not premiere]
        while len(choisies) < min(nombre, MAX_COMMUNES_SOUHAITEES) and restantes:
            poids = []
            for c in restantes:
                lat, lon = POSITIONS.get(c.code_insee, (43.7, 7.05))
                km = math.hypot((lat - lat0) * 111, (lon - lon0) * 80)
                poids.append(c.population**0.6 / (1 + km / 4) ** 2)
            suivante = h.choices(restantes, weights=poids)[0]
            choisies.append(suivante)
            restantes.remove(suivante)
        return choisies, toute

    def _typologies(self, personnes: int, bebe: bool) -> list[str]:
        h = self.hasard
        possibles = [t for t, bas, haut in TYPOLOGIES if bas <= personnes <= haut]
        if personnes == 3 and bebe:
            possibles.insert(0, Typologie.T2)
        if not possibles:
            possibles = [Typologie.T6P]
        if len(possibles) == 1 or h.random() < 0.4:
            return possibles
        debut = h.randrange(len(possibles))
        fin = min(len(possibles), debut + h.choice([1, 2]))
        return possibles[debut:fin]

    def _criteres_candidats(self, *, logement, motifs, handicap, mineurs, par_uc, age, genre, suroccupe) -> list[str]:
        c: list[str] = []
        if logement in SANS_LOGEMENT_PROPRE:
            c.append(CodePriorite.SANS_LOGEMENT)
        if logement in HEBERGEMENTS:
            c.append(CodePriorite.HEBERGE_TRANSITION)
        if logement == LogementActuel.CDEFCM and age < 21:
            c.append(CodePriorite.JEUNE_SORTANT_ASE)
        if handicap:
            c.append(CodePriorite.HANDICAP)
        if M.EXPULSION in motifs:
            c.append(CodePriorite.MENACE_EXPULSION)
        if M.NON_DECENT in motifs:
            c.append(CodePriorite.HABITAT_INDIGNE)
        if mineurs and (suroccupe or M.NON_DECENT in motifs):
            c.append(CodePriorite.ENFANT_SUROCCUPE_INDECENT)
        if M.VIOLENCES in motifs:
            c.append(CodePriorite.VIOLENCES_COUPLE)
        if par_uc < 800 and logement in PRECAIRES | {LogementActuel.LP}:
            c.append(CodePriorite.MAL_LOGE_DEFAVORISE)
        return c

    # ------------------------------------------------------------------ one demand

    def dossier(self, etat: str, motif_radiation: str = "") -> _Dossier:
        h, jour = self.hasard, self.jour
        guichet = h.choices(self.guichets, weights=self.poids_guichets)[0]
        agent = h.choice(self.agents[guichet.pk])

        # dates (REGLES §8: registered within a month, valid one year, renewed every year)
        date_radiation = echeance = None
        qualifiee = False
        # (office dates fall on working days: a weekend date moves back to the Friday, never before the filing)
        if etat == EtatDemande.BROUILLON:
            depot = _ouvre(jour - dt.timedelta(days=h.randint(0, 45)))
            enregistrement = None
        elif etat == EtatDemande.RADIEE:
            date_radiation = _ouvre(jour - dt.timedelta(days=h.randint(1, 400)))
            if motif_radiation == MotifRadiation.RADREN:
                # not renewed: struck off by the daily job one month after the due date (t + 13, docs/demandes.md)
                ans = _choix(h, [(1, 60), (2, 25), (3, 15)])
                depot = _ouvre(cycle.mois_apres(date_radiation, -1 - 12 * ans))
                echeance = cycle.mois_apres(depot, 12 * ans)
                date_radiation = cycle.mois_apres(echeance, 1)
            else:
                depot = _ouvre(date_radiation - dt.timedelta(days=int(h.triangular(60, ANCIENNETE_MAX_JOURS, 500))))
                echeance = _anniversaire_apres(depot, date_radiation)
            enregistrement = min(depot + dt.timedelta(days=h.randint(0, 30)), date_radiation - dt.timedelta(days=1))
            enregistrement = _ouvre(max(enregistrement, depot))
            qualifiee = motif_radiation == MotifRadiation.RADATT or h.random() < 0.3
        else:
            depot = _ouvre(jour - dt.timedelta(days=int(h.triangular(0, ANCIENNETE_MAX_JOURS, 0))))
            enregistrement = _ouvre(min(depot + dt.timedelta(days=h.randint(0, 30)), jour))
            echeance = _anniversaire_apres(depot, jour)
            qualifiee = h.random() < PART_QUALIFIEES
            if qualifiee:
                etat = EtatDemande.QUALIFIEE
        etape = h.randint(2, 6) if etat == EtatDemande.BROUILLON else 6  # drafts stop at a step

        # household and resources
        taille = _choix(h, TAILLES)
        membres, couple, genre = self._menage(taille)
        purs = [
            eligibilite.Personne(
                date_naissance=m.personne.date_naissance,
                lien=m.personne.lien,
                a_charge=m.personne.a_charge,
                handicap=m.personne.handicap,
                enfant_a_naitre=m.personne.enfant_a_naitre,
            )
            for m in membres
        ]
        uc = eligibilite.unites_consommation(purs, jour=jour)
        par_uc = self._ressources(membres, genre, uc)
        demandeur = membres[0]
        age = demandeur.age or 0
        handicap = any(m.personne.handicap for m in membres)
        mineurs = any(m.age is not None and m.age < 18 for m in membres if m.personne.lien == Lien.ENFANT)
        nb_enfants = sum(1 for m in membres if m.personne.lien == Lien.ENFANT)
        ressources_mensuelles = sum((r.montant_mensuel for m in membres for r in m.ressources), Decimal("0"))

        # current housing and reasons
        logement = self._logement(par_uc, age, genre, nb_enfants)
        surface = loyer = None
        if logement in AVEC_BAIL:
            surface = max(12, round((14 + 13 * min(taille, 6)) * h.uniform(0.55, 1.3)))
        suroccupe = surface is not None and surface < 16 + 9 * max(taille - 2, 0)
        if logement == LogementActuel.LP:
            loyer = h.uniform(560, 760) + 165 * (min(taille, 5) - 1)
        elif logement == LogementActuel.HLM:
            loyer = h.uniform(320, 460) + 75 * (min(taille, 5) - 1)
        elif logement in (LogementActuel.RS, LogementActuel.RHVS, LogementActuel.RE):
            loyer = h.uniform(330, 520)
        motifs = self._motifs(logement, genre=genre, handicap=handicap, suroccupe=suroccupe)
        mutation = logement == LogementActuel.HLM
        bailleur = h.choices(self.bailleurs, weights=self.poids_bailleurs)[0] if mutation and self.bailleurs else None

        # where they live now, where they want to go
        communes, toute = self._souhaits()
        tirage = h.random()
        if communes and tirage < 0.6:
            commune_actuelle = communes[0]
        elif tirage < 0.82:
            commune_actuelle = h.choices(self.communes, weights=[c.population for c in self.communes])[0]
        else:
            commune_actuelle = None
        if commune_actuelle is not None:
            nom_commune, code_postal = commune_actuelle.nom, h.choice(commune_actuelle.codes_postaux)
        else:
            nom_commune, code_postal = h.choice(COMMUNES_EXTERIEURES)
        if logement in (LogementActuel.SD, LogementActuel.SQUAT):
            adresse = f"Domiciliation CCAS, {code_postal} {nom_commune}"
        else:
            adresse = f"{self.faker.street_address()}, {code_postal} {nom_commune}"
        p = demandeur.personne
        p.adresse = adresse
        p.telephone = self._telephone(mobile=h.random() < 0.9)
        p.courriel = self._courriel(p.prenom, p.nom) if h.random() < 0.88 else ""
        if couple and h.random() < 0.6:
            membres[1].personne.telephone = self._telephone()

        # income (REGLES §2): the tax income of year N-2 follows the taxable resources of the household
        imposable = sum(float(r.montant_mensuel) for m in membres for r in m.ressources if r.type in IMPOSABLES)
        rfr = round(imposable * 12 * 0.9 * h.uniform(0.85, 1.12))
        revenu_recent, justifie = None, False
        if any(r.type == TypeRessource.CHO for r in demandeur.ressources) and rfr and h.random() < 0.35:
            revenu_recent = round(rfr * h.uniform(0.6, 0.92))
            justifie = h.random() < 0.8
        employeur_nom = employeur_siret = employeur_commune = ""
        if any(r.type == TypeRessource.SAL for r in demandeur.ressources) and (
            guichet.type == TypeOrganisation.ACTION_LOGEMENT or h.random() < 0.25
        ):
            employeur_nom = self.faker.company()
            employeur_siret = f"{h.randrange(10**13, 10**14)}"
            employeur_commune = _choix(
                h, [("Valbonne", 30), ("Antibes", 30), ("Biot", 10), ("Nice", 15), ("Cannes", 10), ("Grasse", 5)]
            )

        personnes_total = len(membres)
        bebe = any(m.personne.enfant_a_naitre or (m.age is not None and m.age < 2) for m in membres)
        typologies = self._typologies(personnes_total, bebe)
        loyer_max = None
        if h.random() < 0.3:
            loyer_max = _euros(
                min(max(round(float(ressources_mensuelles) * h.uniform(0.25, 0.4) / 50) * 50, 250), 1200)
            )
        agee = age >= 72
        ascenseur = handicap and h.random() < 0.5 or agee and h.random() < 0.6
        etage_max = h.choice([0, 1, 2, 3]) if (handicap or agee) and h.random() < 0.5 else None
        pmr = handicap and h.random() < 0.25

        # priority criteria (REGLES §6), entered with their evidence by the counter's agent
        criteres: list[CriterePriorite] = []
        candidats = self._criteres_candidats(
            logement=logement,
            motifs=motifs,
            handicap=handicap,
            mineurs=mineurs,
            par_uc=par_uc,
            age=age,
            genre=genre,
            suroccupe=suroccupe,
        )
        if genre != "COUPLE" and p.sexe == "F" and h.random() < 0.004:
            candidats.append(h.choice(CRITERES_RARES))
        codes: list[str] = []
        if candidats and h.random() < 0.43:
            codes = h.sample(candidats, k=min(len(candidats), 1 if h.random() < 0.7 else 2))
        elif h.random() < 0.02:
            codes = [CodePriorite.REPRISE_ACTIVITE if h.random() < 0.5 else CodePriorite.MAL_LOGE_DEFAVORISE]
        fin_vie = date_radiation or jour
        anciennete = (fin_vie - depot).days
        dalo = anciennete > 120 and h.random() < (0.062 if candidats else 0.005)
        if etat == EtatDemande.BROUILLON:
            codes, dalo = [], False
        for code in codes:
            criteres.append(CriterePriorite(code=code, preuve=PREUVE_USUELLE[code], saisi_par=agent, actif=True))
        if dalo:
            decision = _ouvre(depot + dt.timedelta(days=h.randint(90, anciennete)))
            criteres.append(
                CriterePriorite(
                    code=CodePriorite.DALO,
                    preuve=PREUVE_USUELLE[CodePriorite.DALO],
                    date_decision=decision,
                    statut_dalo=StatutDalo.ACTIF,
                    saisi_par=agent,
                    actif=True,
                )
            )

        # what a draft has reached: step 2 household, 3 situation, 4 wishes, 5 income
        if etape <= 2:
            membres = membres[:1]
            demandeur.ressources = []
        if etape <= 3:
            logement, motifs, mutation, bailleur, surface, loyer = "", [], False, None, None, None
            nom_commune = ""
        if etape <= 4:
            communes, toute, typologies, loyer_max = [], False, [], None
        if etape <= 5:
            rfr, revenu_recent, justifie = None, None, False
            employeur_nom = employeur_siret = employeur_commune = ""

        demande = Demande(
            etat=etat,
            etape=etape,
            guichet=guichet,
            agent=agent,
            date_depot=depot,
            date_enregistrement=enregistrement,
            date_echeance=echeance,
            # renewed when valid beyond its first year: in the month before the last anniversary (suivi.demo writes
            # the renewals in the history the same way)
            date_dernier_renouvellement=(
                cycle.mois_apres(echeance, -12) - dt.timedelta(days=1 + depot.toordinal() % 30)
                if echeance and depot and echeance > cycle.mois_apres(depot, 12)
                else None
            ),
            date_radiation=date_radiation,
            motif_radiation=motif_radiation,
            vit_en_couple=couple and etape > 2,
            logement_actuel=logement,
            commune_actuelle=nom_commune,
            loyer_actuel=_euros(loyer) if loyer is not None else None,
            surface_actuelle=surface,
            motifs=motifs,
            motif_precision=h.choice(PRECISIONS_AUTRE) if M.AUTRE in motifs else "",
            mutation=mutation,
            bailleur_actuel=bailleur,
            perte_autonomie=any(m.personne.handicap for m in membres),
            toute_commune=toute,
            typologies=typologies,
            loyer_max=loyer_max,
            etage_max=etage_max,
            ascenseur_requis=bool(ascenseur),
            accessibilite_pmr=bool(pmr),
            employeur_nom=employeur_nom,
            employeur_siret=employeur_siret,
            employeur_commune=employeur_commune,
            revenu_fiscal_reference=rfr,
            annee_revenu_fiscal=jour.year - 2 if rfr is not None else None,
            revenu_recent=revenu_recent,
            revenu_recent_justifie=justifie,
        )
        for ordre, m in enumerate(membres):
            m.personne.demande = demande
            m.personne.ordre = ordre
        self._deriver(demande, membres, criteres)
        souhaits = [SouhaitCommune(demande=demande, commune=c, rang=r) for r, c in enumerate(communes, start=1)]
        for critere in criteres:
            critere.demande = demande

        # lifecycle log, as the services write it
        ouvert = self._moment(depot)
        transitions = [("", EtatDemande.BROUILLON, agent, "Brouillon ouvert", ouvert)]
        if enregistrement is not None:
            moment = self._moment(enregistrement, ouvert)
            transitions.append((EtatDemande.BROUILLON, EtatDemande.ACTIVE, agent, "Enregistrée", moment))
            if qualifiee:
                limite = date_radiation or jour
                jour_q = _ouvre(min(enregistrement + dt.timedelta(days=h.randint(1, 90)), limite))
                moment = self._moment(jour_q, moment)
                transitions.append((EtatDemande.ACTIVE, EtatDemande.QUALIFIEE, agent, "Pièces complètes", moment))
            if etat == EtatDemande.RADIEE:
                avant = EtatDemande.QUALIFIEE if qualifiee else EtatDemande.ACTIVE
                par = None if motif_radiation == MotifRadiation.RADREN else agent
                texte = MotifRadiation(motif_radiation).label
                transitions.append((avant, EtatDemande.RADIEE, par, texte, self._moment(date_radiation, moment)))
        return _Dossier(demande, membres, souhaits, criteres, transitions, enregistrement or depot)

    def _deriver(self, demande: Demande, membres: list[_Membre], criteres: list[CriterePriorite]) -> None:
        """The figures services.demande_recalculer keeps on the row, computed here with the same rules."""
        personnes = [m.personne for m in membres]
        demande.nom_recherche = normaliser(
            " ".join(f"{p.prenom} {p.nom} {p.nom_naissance}" for p in personnes if p.lien != Lien.ENFANT or p.nom)
        )
        demande.priorites = sorted(c.code for c in criteres if c.actif)
        demande.nombre_personnes = len(personnes) or None
        demande.bebe_jusqu_au = eligibilite.bebe_jusqu_au(personnes)
        if demande.revenu_fiscal_reference is None:
            return
        retenu = eligibilite.revenu_retenu(
            demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
        )
        resultat = eligibilite.evaluer(
            personnes=[
                eligibilite.Personne(
                    date_naissance=p.date_naissance,
                    lien=p.lien,
                    a_charge=p.a_charge,
                    handicap=p.handicap,
                    enfant_a_naitre=p.enfant_a_naitre,
                )
                for p in personnes
            ],
            couple=demande.vit_en_couple,
            jour=self.jour,
            revenu_fiscal_reference=retenu.montant,
            ressources_mensuelles=sum((r.montant_mensuel for m in membres for r in m.ressources), Decimal("0")),
            baremes=self.baremes,
            seuil_q1=self.seuil_q1,
            annee_regles=self.annee_regles,
        )
        services.eligibilite_reporter(demande, resultat)


def _etats(nombre: int, hasard: random.Random) -> list[tuple[str, str]]:
    """(state, reason of radiation) of every demand to create, in a seeded random order."""
    brouillons = round(nombre * PART_BROUILLONS / (1 - PART_BROUILLONS))
    radiees = round(nombre * PART_RADIEES)
    etats = [(EtatDemande.ACTIVE, "")] * nombre + [(EtatDemande.BROUILLON, "")] * brouillons
    etats += [(EtatDemande.RADIEE, _choix(hasard, MOTIFS_RADIATION)) for _ in range(radiees)]
    hasard.shuffle(etats)
    return etats


def creer_demandes_demo(*, nombre: int, hasard: random.Random, faker, jour: dt.date) -> int:
    """Creates `nombre` active demands (ACTIVE or QUALIFIEE), plus ~3 % drafts among the live ones and ~4 % struck-off
    demands; returns how many demands were created (0 when the demand table is not empty: the demo is added once, to
    an empty list, so that its numbers 1..N cannot collide with demands registered in the app).

    Whether the demands are created or skipped, `hasard` advances by exactly one draw and `faker` is left as it was
    found: what seed_demo generates after this call stays the same on every run.
    """
    graine = hasard.getrandbits(64)
    if nombre <= 0 or Demande.objects.exists():
        return 0
    etat_faker = faker.random.getstate()
    faker.seed_instance(graine)
    try:
        return _creer(nombre=nombre, hasard=random.Random(graine), faker=faker, jour=jour)
    finally:
        faker.random.setstate(etat_faker)


def _creer(*, nombre: int, hasard: random.Random, faker, jour: dt.date) -> int:
    fabrique = _Fabrique(hasard=hasard, faker=faker, jour=jour)
    dossiers = [fabrique.dossier(etat, motif) for etat, motif in _etats(nombre, hasard)]

    # unique numbers in the order of registration (REGLES §8: territory + MMYY of filing + sequence + counter)
    ordre = sorted(range(len(dossiers)), key=lambda i: (dossiers[i].date_tri, i))
    sequence = 0
    for i in ordre:
        demande = dossiers[i].demande
        if demande.date_enregistrement is not None:
            sequence += 1
            demande.numero = f"{CODE_TERRITOIRE}{demande.date_depot:%m%y}{sequence:06d}{demande.guichet.code_guichet}"
    dossiers = [dossiers[i] for i in ordre]  # primary keys follow the dates
    with transaction.atomic(), pghistory.context(commande="seed_demo"):
        _inserer(dossiers, dernier_numero=sequence)
    return len(dossiers)


def _inserer(dossiers: list[_Dossier], *, dernier_numero: int) -> None:
    """Inserts the demands and what hangs on them, then moves the number sequence past the demo's numbers."""
    with connection.cursor() as cursor:
        # Speed, not silence: every audited insert still writes its event. The audit triggers ask two settings per row
        # (pgtrigger's list of triggers to skip, pghistory's context) inside a PL/pgSQL exception block; when a setting
        # is absent each row pays a caught error and a subtransaction, which made the 130 000 inserts of scale 1 take
        # ~55 s instead of ~20 s. So the transaction states them: no trigger to skip (the empty list, local to this
        # transaction), and the context of the events (pghistory.context above: the command that wrote them).
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    Demande.objects.bulk_create([d.demande for d in dossiers], batch_size=LOT)
    Personne.objects.bulk_create([m.personne for d in dossiers for m in d.membres], batch_size=LOT)
    Ressource.objects.bulk_create([r for d in dossiers for m in d.membres for r in m.ressources], batch_size=LOT)
    SouhaitCommune.objects.bulk_create([s for d in dossiers for s in d.souhaits], batch_size=LOT)
    CriterePriorite.objects.bulk_create([c for d in dossiers for c in d.criteres], batch_size=LOT)
    transitions = [
        (TransitionDemande(demande=d.demande, etat_avant=avant, etat_apres=apres, par=par, motif=motif), le)
        for d in dossiers
        for avant, apres, par, motif, le in d.transitions
    ]
    TransitionDemande.objects.bulk_create([t for t, _ in transitions], batch_size=LOT)
    with connection.cursor() as cursor:
        # `le` is auto_now_add: put back the dates of the story (the log table is not audited, one statement).
        cursor.execute(
            f"UPDATE {TransitionDemande._meta.db_table} AS t SET le = v.le "  # noqa: S608 - a model's table name
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, le) WHERE t.id = v.id",
            [[t.pk for t, _ in transitions], [le for _, le in transitions]],
        )
        if dernier_numero:
            cursor.execute("SELECT setval('demandes_numero_seq', %s)", [dernier_numero])
