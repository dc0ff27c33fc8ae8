"""The candidate search's one hand-written query: every rule of positionnements.regles that a row of the demand
decides, ranked, with the number of all candidates and each one's priority level; and the demands it finds, built from
its rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from demandes import eligibilite
from demandes.models import Demande
from programmation.models import Disponibilite
from territoire.models import Commune

from .. import regles
from .entrees import Options, logement_regles

TAILLE_MAX = 30
# What the candidate list reads of a demand (not its free texts nor its cotation detail).
CHAMPS = (
    "numero",
    "nur",  # the number shown is the NUR when known (Demande.reference)
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


# The search: one hand-written query, every rule of positionnements.regles that a row of the demand decides, ranked,
# with the number of all candidates (window) and each one's priority level. Parameters are bound, never formatted in;
# the optional filters are fixed fragments.
#
# Narrow before scanning (issue 21): the demands that may live in the dwelling's commune come first — those whose
# wishes name it (the wishes' index on commune, demand) and those that accept any commune of the territory (their
# partial index) — then each of them is tested against the search index keyed on the demand's identifier, which holds
# every column a rule reads (demandes.models "demande_recherche_candidats": read from the index alone). The work grows
# with the demands that wish the commune, not with the whole table: the national registry on one box (2.3 million
# demands) costs a CASA dwelling what the CASA's own demand costs (bench/echelle_nationale.py, docs/positionnements.md).
# The perimeter is a union without duplicates by construction (a demand names a commune once; those that accept any
# commune and also name it come from the wishes; DISTINCT only when the sector option gives several communes) and is
# not materialised: the wishes come out of their index in the demands' order, so the probes walk the search index in
# order too (at scale 218, 227,000 demands wishing Antibes: 184 ms instead of 805 ms with a deduplicated, materialised
# perimeter). When the commune is wished by most of the table (the demo, where every demand is the CASA's), the
# planner may read the search index once and hash the perimeter instead: the same query, its cheapest plan.
SQL_CANDIDATS = """
WITH perimetre AS NOT MATERIALIZED (
    SELECT {distinct} s.demande_id AS id FROM demandes_souhaitcommune s WHERE s.commune_id = ANY(%(communes)s)
    UNION ALL
    SELECT t.id FROM demandes_demande t WHERE t.toute_commune AND t.etat IN ('ACTIVE', 'QUALIFIEE')
      AND NOT EXISTS (SELECT 1 FROM demandes_souhaitcommune s
                      WHERE s.demande_id = t.id AND s.commune_id = ANY(%(communes)s))
)
SELECT {colonnes}, c.total, c.niveau,
       EXISTS (SELECT 1 FROM demandes_souhaitcommune s
               WHERE s.demande_id = d.id AND s.commune_id = ANY(%(communes)s)) AS souhaite
FROM (
    SELECT u.*, count(*) OVER () AS total FROM (
{candidats}
    ) u
    ORDER BY niveau, points DESC, date_depot, numero
    LIMIT %(limite)s
) c
JOIN demandes_demande d ON d.id = c.id
ORDER BY c.niveau, c.points DESC, c.date_depot, c.numero
"""
# The household's size suits the dwelling in one of three ways (TAILLES_*): the sizes the typology suits, the sizes
# beyond the last one counted, and the sizes a baby makes suitable (a child under 12 months or expected).
CANDIDATS = """SELECT d.id, d.date_depot, d.numero, COALESCE(d.score_cotation, 0) AS points, {niveau} AS niveau
FROM perimetre p JOIN demandes_demande d ON d.id = p.id
WHERE d.etat IN ('ACTIVE', 'QUALIFIEE') AND ({taille})
  AND d.categorie_menage IS NOT NULL AND d.revenu_fiscal_reference IS NOT NULL
  AND (CASE WHEN d.revenu_recent_justifie AND d.revenu_recent IS NOT NULL
                 AND d.revenu_recent * 100 <= d.revenu_fiscal_reference * 90
            THEN d.revenu_recent ELSE d.revenu_fiscal_reference END)
      <= (CASE d.categorie_menage WHEN 1 THEN %(m1)s WHEN 2 THEN %(m2)s WHEN 3 THEN %(m3)s WHEN 4 THEN %(m4)s
            WHEN 5 THEN %(m5)s WHEN 6 THEN %(m6)s + %(pp)s * GREATEST(d.nombre_personnes - 6, 0) END)
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
TAILLES_BEBE_SQL = "(d.nombre_personnes = ANY(%(tailles_bebe)s) AND d.bebe_jusqu_au >= %(jour)s)"
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


def communes_du_secteur(dispo: Disponibilite, options: Options) -> frozenset:
    """The INSEE codes of the sector's communes a wish may name (the sector option), else nothing."""
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
    candidats = CANDIDATS.format(
        niveau=NIVEAU,
        taille=" OR ".join(tailles),
        accessibilite=" ".join(accessibilite),
        options=" ".join(filtres),
    )
    communes = communes_acceptees(dispo, options)
    sql = SQL_CANDIDATS.format(
        colonnes=", ".join(f"d.{c}" for c in ("id", *CHAMPS)),
        candidats=candidats,
        distinct="DISTINCT" if len(communes) > 1 else "",
    )
    params = {
        **{f"m{k}": bareme.montants[k - 1] for k in range(1, eligibilite.CATEGORIE_MAX + 1)},
        "pp": bareme.par_personne_supplementaire,
        "communes": communes,
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


def executer(sql: str, params: dict) -> list[Trouvee]:
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
