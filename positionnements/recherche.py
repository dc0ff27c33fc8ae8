"""The candidate search for a dwelling to fill: one hand-written SQL query filters and ranks the demands (every rule of
positionnements.regles that a row decides) and counts them, then the pure rules examine the first ones again to say
every criterion met, with its figures. The two encodings must agree:
tests/positionnements/test_positionnements_recherche.py checks it, demand by demand, on the demo.

Figures of the day: the income ceilings in force today for the dwelling's financing, the yearly first-quartile quota of
the dwelling's landlord outside the QPV (REGLES §7: at least 25 % of its attributions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Q,
)

from demandes import eligibilite, reference
from demandes.codes import CodePriorite, EtatDemande
from demandes.models import Demande, SouhaitCommune
from programmation.models import Disponibilite, Occupation
from territoire.models import Commune

from . import regles

ETATS_CANDIDATS = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)
OBJECTIF_Q1_HORS_QPV = Decimal("0.25")  # REGLES §7, or the rate of the Convention Intercommunale d'Attribution
TAILLE_MAX = 30
DUREE_CACHE_QUOTA = 600  # seconds
# What the candidate list reads of a demand (not its free texts nor its cotation detail).
CHAMPS = (
    "numero",
    "etat",
    "date_depot",
    "nombre_personnes",
    "categorie_menage",
    "revenu_fiscal_reference",
    "revenu_recent",
    "revenu_recent_justifie",
    "ressources_mensuelles",
    "unites_consommation",
    "apl_estimee",
    "toute_commune",
    "accessibilite_pmr",
    "ascenseur_requis",
    "etage_max",
    "loyer_max",
    "priorites",
    "premier_quartile",
    "score_cotation",
    "mutation",
    "bebe_jusqu_au",
)


def parametres(**elargir) -> regles.Parametres:
    """CASA's settings (settings.CASA_POSITIONNEMENT), widened by the agent's options."""
    reglage = settings.CASA_POSITIONNEMENT
    valeurs = {k: (Decimal(str(v)) if k != "tailles" else v) for k, v in reglage.items()}
    return regles.Parametres(**valeurs, **elargir)


@dataclass(frozen=True)
class Options:
    """How the agent widens or narrows the search."""

    ecart_typologie: int = 0  # 1: one typology above or below
    mutations_seulement: bool = False
    priorite: str = ""  # only the demands with this priority criterion (a CodePriorite)
    secteur: bool = False  # also the demands wishing another commune of the dwelling's sector

    def __post_init__(self):
        if self.ecart_typologie not in (0, 1):
            raise ValueError("L'élargissement de typologie est de 0 ou 1.")
        if self.priorite and self.priorite not in CodePriorite.values:
            raise ValueError(f"Critère de priorité inconnu : {self.priorite}.")


@dataclass(frozen=True)
class Ligne:
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
    disponibilite: Disponibilite
    total: int
    lignes: list[Ligne] = field(default_factory=list)
    quota_q1_en_retard: bool = False
    avertissement: str = ""  # e.g. no ceiling for this financing


def logement_regles(dispo: Disponibilite) -> regles.Logement:
    lg = dispo.logement
    return regles.Logement(
        commune=lg.residence.commune.code_insee,
        en_qpv=lg.residence.en_qpv,
        typologie=lg.typologie,
        financement=lg.financement,
        etage=lg.etage,
        ascenseur=lg.ascenseur,
        accessible_pmr=lg.accessible_pmr,
        loyer=dispo.loyer,
        charges=dispo.charges,
    )


def quota_q1_en_retard(dispo: Disponibilite, jour: dt.date) -> bool:
    """Whether the dwelling's landlord is behind its first-quartile quota outside QPV this year (REGLES §7), from the
    attributions the application knows. Inside a QPV the question does not arise. Kept ten minutes in the cache: it
    moves with the attributions of the year, not from one search to the next."""
    residence = dispo.logement.residence
    if residence.en_qpv:
        return False
    cle = f"positionnements:quota-q1:{residence.bailleur_id}:{jour.isoformat()}"
    en_retard = cache.get(cle)
    if en_retard is None:
        en_retard = _quota_q1_en_retard(residence.bailleur_id, jour)
        cache.set(cle, en_retard, DUREE_CACHE_QUOTA)
    return en_retard


def _quota_q1_en_retard(bailleur_id: int, jour: dt.date) -> bool:
    annee = Occupation.objects.filter(
        logement__residence__bailleur_id=bailleur_id,
        logement__residence__en_qpv=False,
        debut__year=jour.year,
        debut__lte=jour,
        quartile__isnull=False,
    )
    compte = annee.aggregate(total=Count("pk"), q1=Count("pk", filter=Q(quartile=1)))
    return compte["total"] == 0 or Decimal(compte["q1"]) / compte["total"] < OBJECTIF_Q1_HORS_QPV


# The search: one hand-written query, every rule of positionnements.regles that a row of the demand decides, ranked,
# with the number of all candidates (window) and each one's priority level. Parameters are bound, never formatted in;
# the two optional filters of the agent are fixed fragments.
SQL_CANDIDATS = """
SELECT {colonnes}, c.total, c.niveau,
       EXISTS (SELECT 1 FROM demandes_souhaitcommune s
               WHERE s.demande_id = d.id AND s.commune_id = ANY(%(communes)s)) AS souhaite
FROM (
    SELECT u.*, count(*) OVER () AS total FROM (
{branches}
    ) u
    ORDER BY niveau, points DESC, date_depot, numero
    LIMIT %(limite)s
) c
JOIN demandes_demande d ON d.id = c.id
ORDER BY c.niveau, c.points DESC, c.date_depot, c.numero
"""
# One branch per way the household's size may suit the dwelling (UNION ALL rather than OR: each branch reads the
# search index alone, demandes.models "demande_recherche_candidats"): the sizes the typology suits, the sizes beyond
# the last one counted, and the sizes a baby makes suitable (a child under 12 months or expected).
BRANCHE = """SELECT d.id, d.date_depot, d.numero, COALESCE(d.score_cotation, 0) AS points, {niveau} AS niveau
FROM demandes_demande d
WHERE d.etat IN ('ACTIVE', 'QUALIFIEE') AND {taille}
  AND d.categorie_menage IS NOT NULL AND d.revenu_fiscal_reference IS NOT NULL
  AND (CASE WHEN d.revenu_recent_justifie AND d.revenu_recent IS NOT NULL
                 AND d.revenu_recent * 100 <= d.revenu_fiscal_reference * 90
            THEN d.revenu_recent ELSE d.revenu_fiscal_reference END)
      <= (CASE d.categorie_menage WHEN 1 THEN %(m1)s WHEN 2 THEN %(m2)s WHEN 3 THEN %(m3)s WHEN 4 THEN %(m4)s
            WHEN 5 THEN %(m5)s WHEN 6 THEN %(m6)s + %(pp)s * GREATEST(d.nombre_personnes - 6, 0) END)
  AND (d.toute_commune OR EXISTS (SELECT 1 FROM demandes_souhaitcommune s
                                  WHERE s.demande_id = d.id AND s.commune_id = ANY(%(communes)s)))
  {accessibilite}
  AND (d.etage_max IS NULL OR d.etage_max >= %(etage)s)
  AND (d.loyer_max IS NULL OR d.loyer_max >= %(total)s)
  AND d.ressources_mensuelles > 0 AND d.unites_consommation > 0
  AND %(total)s - COALESCE(d.apl_estimee, 0) <= d.ressources_mensuelles * %(taux)s
  AND d.ressources_mensuelles + COALESCE(d.apl_estimee, 0) - %(total)s >= d.unites_consommation * %(rav30)s
  {options}"""
NIVEAU = """CASE WHEN 'DALO' = ANY(d.priorites) THEN 0 WHEN cardinality(d.priorites) > 0 THEN 1
              WHEN %(q1)s AND d.premier_quartile THEN 2 ELSE 3 END"""
TAILLES_SQL = "d.nombre_personnes = ANY(%(tailles)s)"
TAILLES_AU_DELA_SQL = "d.nombre_personnes > %(taille_max)s"
TAILLES_BEBE_SQL = "d.nombre_personnes = ANY(%(tailles_bebe)s) AND d.bebe_jusqu_au >= %(jour)s"
SANS_FAUTEUIL_SQL = "AND NOT d.accessibilite_pmr"
SANS_MARCHE_SQL = "AND NOT (d.ascenseur_requis OR d.accessibilite_pmr)"
OPTION_MUTATIONS = "AND d.mutation"
OPTION_PRIORITE = "AND %(priorite)s = ANY(d.priorites)"


def communes_acceptees(dispo: Disponibilite, options: Options) -> list[int]:
    """The communes a wish may name for the dwelling: its own, and with the sector option those of its sectors."""
    commune = dispo.logement.residence.commune
    if not options.secteur:
        return [commune.pk]
    return sorted({commune.pk, *Commune.objects.filter(secteurs__communes=commune).values_list("pk", flat=True)})


def _secteur(dispo: Disponibilite, options: Options) -> frozenset:
    if not options.secteur:
        return frozenset()
    ids = communes_acceptees(dispo, options)
    return frozenset(Commune.objects.filter(pk__in=ids).values_list("code_insee", flat=True))


def requete_sql(
    dispo: Disponibilite,
    *,
    p: regles.Parametres,
    options: Options,
    jour: dt.date,
    en_retard: bool,
    baremes: dict,
    limite: int | None,
) -> tuple[str, dict] | None:
    """The search query and its parameters for this dwelling; None when no ceiling of its financing is in force.
    `limite` None: every candidate (to find one's rank)."""
    lg = logement_regles(dispo)
    bareme = baremes.get(lg.financement)
    if bareme is None:
        return None
    sans_bebe = regles.tailles_acceptees(lg.typologie, p, bebe=False, jusqu_a=TAILLE_MAX)
    avec_bebe = regles.tailles_acceptees(lg.typologie, p, bebe=True, jusqu_a=TAILLE_MAX) - sans_bebe
    filtres = [OPTION_MUTATIONS if options.mutations_seulement else "", OPTION_PRIORITE if options.priorite else ""]
    tailles = [TAILLES_SQL]
    if TAILLE_MAX in sans_bebe:
        tailles.append(TAILLES_AU_DELA_SQL)
    if avec_bebe:
        tailles.append(TAILLES_BEBE_SQL)
    accessibilite = [
        "" if lg.accessible_pmr else SANS_FAUTEUIL_SQL,
        "" if lg.etage == 0 or lg.ascenseur else SANS_MARCHE_SQL,
    ]
    branches = [
        BRANCHE.format(
            niveau=NIVEAU,
            taille=taille,
            accessibilite=" ".join(accessibilite),
            options=" ".join(filtres),
        )
        for taille in tailles
    ]
    sql = SQL_CANDIDATS.format(
        colonnes=", ".join(f"d.{c}" for c in ("id", *CHAMPS)), branches="\nUNION ALL\n".join(branches)
    )
    params = {
        **{f"m{k}": bareme.montants[k - 1] for k in range(1, eligibilite.CATEGORIE_MAX + 1)},
        "pp": bareme.par_personne_supplementaire,
        "communes": communes_acceptees(dispo, options),
        "tailles": sorted(sans_bebe),
        "taille_max": TAILLE_MAX,
        "tailles_bebe": sorted(avec_bebe),
        "jour": jour,
        "etage": lg.etage,
        "total": lg.loyer + lg.charges,
        "taux": p.taux_effort_max,
        "rav30": p.reste_a_vivre_min * 30,
        "q1": en_retard and not lg.en_qpv,
        "priorite": options.priorite,
        "limite": limite,
    }
    return sql, params


@dataclass(frozen=True)
class Trouvee:
    demande: Demande  # with the fields of CHAMPS only
    total: int  # the number of all candidates
    niveau: int
    souhaite: bool  # the dwelling's commune is among its wishes


def _executer(sql: str, params: dict) -> list[Trouvee]:
    """The rows of the search query, each as the demand it found (built from the row: no second query)."""
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        noms = [c.name for c in curseur.description]
        lignes = curseur.fetchall()
    # Model.from_db takes the values in the order of the model's fields
    champs = [f.attname for f in Demande._meta.concrete_fields if f.attname in {"id", *CHAMPS}]
    positions = [noms.index(c) for c in champs]
    i_total, i_niveau, i_souhaite = noms.index("total"), noms.index("niveau"), noms.index("souhaite")
    return [
        Trouvee(
            demande=Demande.from_db(connection.alias, champs, [ligne[i] for i in positions]),
            total=ligne[i_total],
            niveau=ligne[i_niveau],
            souhaite=ligne[i_souhaite],
        )
        for ligne in lignes
    ]


def candidat(
    demande: Demande, *, jour: dt.date, baremes: dict, bebe: bool | None = None, communes: frozenset | None = None
) -> regles.Candidat:
    """The pure rules' view of a demand. `communes` may be given by the caller (the search knows whether the
    commune is wished from its query); otherwise it is read from the demand's wishes."""
    if bebe is None:
        bebe = demande.bebe_jusqu_au is not None and demande.bebe_jusqu_au >= jour
    if communes is None:
        communes = frozenset(s.commune.code_insee for s in demande.souhaits_communes.select_related("commune"))
    revenu = None
    if demande.revenu_fiscal_reference is not None:
        revenu = eligibilite.revenu_retenu(
            demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
        ).montant
    plafonds = {}
    if demande.categorie_menage:
        supplementaires = max((demande.nombre_personnes or 0) - eligibilite.CATEGORIE_MAX, 0)
        if demande.categorie_menage != eligibilite.CATEGORIE_MAX:
            supplementaires = 0
        plafonds = {f: eligibilite.plafond(b, demande.categorie_menage, supplementaires) for f, b in baremes.items()}
    return regles.Candidat(
        numero=demande.numero,
        active=demande.etat in ETATS_CANDIDATS,
        qualifiee=demande.etat == EtatDemande.QUALIFIEE,
        personnes=demande.nombre_personnes or demande.personnes.count(),
        bebe=bebe,
        revenu=revenu,
        plafonds=plafonds,
        ressources_mensuelles=demande.ressources_mensuelles,
        unites_consommation=demande.unites_consommation,
        apl_estimee=demande.apl_estimee,
        communes=communes,
        toute_commune=demande.toute_commune,
        fauteuil=demande.accessibilite_pmr,
        ascenseur_requis=demande.ascenseur_requis,
        etage_max=demande.etage_max,
        loyer_max=demande.loyer_max,
        dalo=CodePriorite.DALO in demande.priorites,
        priorites=tuple(c for c in demande.priorites if c != CodePriorite.DALO),
        premier_quartile=demande.premier_quartile,
        score=demande.score_cotation or 0,
        date_depot=demande.date_depot,
        mutation=demande.mutation,
    )


def chercher(
    dispo: Disponibilite,
    *,
    options: Options | None = None,
    limite: int = 50,
    jour: dt.date | None = None,
) -> Resultat:
    """The ranked candidates for the dwelling: how many in all, and the first `limite` with every reason."""
    options = options or Options()
    jour = jour or dt.date.today()
    p = parametres(ecart_typologie=options.ecart_typologie, communes_secteur=_secteur(dispo, options))
    en_retard = quota_q1_en_retard(dispo, jour)
    resultat = Resultat(disponibilite=dispo, total=0, quota_q1_en_retard=en_retard)
    try:
        baremes = reference.baremes_en_vigueur(jour)
    except reference.RegleManquante as manque:
        resultat.avertissement = str(manque)
        return resultat
    requete = requete_sql(
        dispo, p=p, options=options, jour=jour, en_retard=en_retard, baremes=baremes, limite=max(limite, 1)
    )
    if requete is None:
        resultat.avertissement = (
            f"Aucun plafond de ressources {dispo.logement.financement} n'est connu : les candidats ne peuvent pas être "
            "recherchés pour ce logement (un administrateur doit saisir le barème)."
        )
        return resultat
    trouvees = _executer(*requete)
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
    eligible: bool
    regle: str
    message: str
    rang: int | None = None


def pourquoi(dispo: Disponibilite, demande: Demande, *, options: Options | None = None, jour=None) -> Pourquoi:
    """Why a demand is, or is not, among the candidates for the dwelling: the first rule it fails, or its rank."""
    options = options or Options()
    jour = jour or dt.date.today()
    p = parametres(ecart_typologie=options.ecart_typologie, communes_secteur=_secteur(dispo, options))
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
    requete = requete_sql(
        dispo,
        p=p,
        options=options,
        jour=jour,
        en_retard=quota_q1_en_retard(dispo, jour),
        baremes=baremes,
        limite=None,
    )
    ids = [t.demande.pk for t in _executer(*requete)] if requete else []
    rang = ids.index(demande.pk) + 1 if demande.pk in ids else None
    return Pourquoi(True, "", f"La demande convient au logement : rang {rang} sur {len(ids)}.", rang=rang)
