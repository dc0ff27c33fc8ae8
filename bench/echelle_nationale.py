"""Issue 21: the national registry on one box. Builds the database of scale 218 (2.3 million active demands, the SNE's
pending demands at the end of 2021) in minutes, out of the normal demo, for the benchmarks that take `--echelle 218`.

    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/echelle_nationale.py [--echelle 218]
        [--casa 30] [--reconstruire]
    then: bench/positionnements_recherche.py --echelle 218, bench/pages.py --echelle 218 --role instructeur.casa,
          bench/suivi_tableau.py --echelle 218

The database (`casa_bench_218` on the same server, as bench/positionnements_recherche.py names it) is:

1. the scale-1 demo (`seed_demo --scale 1`: the referential, the CASA's parc, two years of history, its 10,372 active
   demands drawn one by one with the pure rules), then
2. `echelle - 1` copies of those demands, made by the server itself in set-based statements (INSERT … SELECT over
   generate_series, as `pgbench -i -I G` does; no row crosses the network, no ORM, no audit trigger — the
   `session_replication_role` of a bulk load), every secondary index and unique constraint of the demand's tables
   dropped before and rebuilt after the load, one transaction. Each copy is a new household of the same shape (size,
   resources, priorities, dates, wishes' ranks): new names drawn from a pool of Faker's French names (keyed on the new
   identifiers, so a household shares its family name), a new local
   number (`CASA-2020-00100001`: the copy's three digits, then the template's last five) and a new NUR;
   persons, resources, wishes, priority criteria and lifecycle logs copied with them.

Where the copies live: the first `casa - 1` copies wish the CASA's own communes (the CASA then carries a Paris-sized
demand, 30 × its own, the largest territory of the nation: the hardest case for a CASA dwelling's search); every other
copy is the demand of another territory of 24 communes (made here, with a counter of its own), whose wishes name its
communes. Rows are interleaved (copy after copy of each template demand, in the order of filing), as demands from
everywhere arrive over time: the CASA's demands are spread across the table, not stored together.

What this leaves out, on purpose: the parc, the positionnements and the two years of leases stay the CASA's scale-1
ones (the monthly table reads the leases; building 218 parcs is another bench); the audit events of the copies (a
bulk load writes none, as the SNE import's first load writes one event per demand, not per field).
"""

# ruff: noqa: S608 - the statements are built from our own table names and integers, never from input

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent
sys.path.insert(0, str(RACINE.parent))
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

from positionnements_recherche import base_echelle  # noqa: E402

TABLES = (  # the demand's tables, loaded here; their secondary indexes dropped before, rebuilt after
    "demandes_demande",
    "demandes_personne",
    "demandes_ressource",
    "demandes_souhaitcommune",
    "demandes_criterepriorite",
    "demandes_transitiondemande",
)
COMMUNES_PAR_TERRITOIRE = 24  # each other territory is shaped like the CASA
NOMS_DANS_LE_POOL = 4000
PRENOMS_DANS_LE_POOL = 600


def _etape(message: str, debut: float) -> None:
    print(f"  {time.perf_counter() - debut:7.1f} s  {message}", flush=True)


def _pool_de_noms():
    """(family names, women's first names, men's first names): each as (shown, normalised for nom_recherche)."""
    from faker import Faker

    from demandes.selectors import normaliser

    faker = Faker("fr_FR")
    faker.seed_instance(218)

    def tirer(fonction, n):
        vus = dict.fromkeys(fonction() for _ in range(n * 3))
        return [(v, normaliser(v)) for v in list(vus)[:n]]

    return (
        tirer(faker.last_name, NOMS_DANS_LE_POOL),
        tirer(faker.first_name_female, PRENOMS_DANS_LE_POOL),
        tirer(faker.first_name_male, PRENOMS_DANS_LE_POOL),
    )


def _territoires(echelle: int, casa: int) -> None:
    """The other territories' communes and counters (ORM: a few thousand rows), and the table mapping each copy's
    wish of a CASA commune to the commune of its territory (bench_commune_copie)."""
    from django.db import connection

    from territoire.models import Commune, Organisation
    from territoire.roles import TypeOrganisation

    casa_communes = list(Commune.objects.filter(code_insee__startswith="06").order_by("code_insee"))
    if len(casa_communes) != COMMUNES_PAR_TERRITOIRE:
        raise SystemExit(f"{len(casa_communes)} communes de la CASA (24 attendues) : lancez seed_demo d'abord.")
    nouvelles, guichets = [], []
    for k in range(casa, echelle):
        for rang, modele in enumerate(casa_communes):
            nouvelles.append(
                Commune(
                    code_insee=f"{100 + k:03d}{rang:02d}",
                    nom=f"Commune {rang + 1} du territoire {k}",
                    siren=f"9{k:04d}{rang:04d}",
                    codes_postaux=[f"{100 + k:03d}{rang:02d}"],
                    population=modele.population,
                    annee_population=modele.annee_population,
                    zone_apl=modele.zone_apl,
                    epci_siren=f"8{k:08d}",
                )
            )
        guichets.append(
            Organisation(
                type=TypeOrganisation.AUTRE,
                nom=f"Guichets du territoire {k}",
                sigle=f"T{k}",
                slug=f"territoire-{k}",
                est_guichet_enregistreur=True,
                code_guichet=f"T{k:04d}",
                est_demo=True,
            )
        )
    Commune.objects.bulk_create(nouvelles, batch_size=2000)  # ids set on PostgreSQL
    Organisation.objects.bulk_create(guichets)
    correspondance = [(k, m.pk, m.pk) for k in range(1, casa) for m in casa_communes]
    correspondance += [
        (casa + j // COMMUNES_PAR_TERRITOIRE, casa_communes[j % COMMUNES_PAR_TERRITOIRE].pk, n.pk)
        for j, n in enumerate(nouvelles)
    ]
    with connection.cursor() as c:
        c.execute("CREATE TABLE bench_commune_copie (copie int, commune_id bigint, nouvelle_id bigint)")
        c.execute("CREATE TABLE bench_guichet_copie (copie int PRIMARY KEY, guichet_id bigint)")
        with c.connection.cursor().copy("COPY bench_commune_copie FROM STDIN") as copie:
            for ligne in correspondance:
                copie.write_row(ligne)
        with c.connection.cursor().copy("COPY bench_guichet_copie FROM STDIN") as copie:
            for j, g in enumerate(guichets):
                copie.write_row((casa + j, g.pk))
        c.execute("CREATE UNIQUE INDEX ON bench_commune_copie (copie, commune_id)")


def _noms(c) -> None:
    """The pool of names (COPY) and the functions that draw from it, keyed on a new identifier (deterministic)."""
    familles, femmes, hommes = _pool_de_noms()
    for table, valeurs in (("bench_nom", familles), ("bench_prenom_f", femmes), ("bench_prenom_m", hommes)):
        c.execute(f"CREATE TABLE {table} (i int PRIMARY KEY, vu text, cle text)")
        with c.connection.cursor().copy(f"COPY {table} FROM STDIN") as copie:
            for i, (vu, cle) in enumerate(valeurs):
                copie.write_row((i, vu, cle))
    tailles = {"bench_nom": len(familles), "bench_prenom_f": len(femmes), "bench_prenom_m": len(hommes)}
    for nom, table, multiplicateur in (
        ("bench_famille", "bench_nom", 7919),
        ("bench_naissance", "bench_nom", 31337),
        ("bench_femme", "bench_prenom_f", 104729),
        ("bench_homme", "bench_prenom_m", 104729),
    ):
        for colonne in ("vu", "cle"):
            c.execute(
                f"CREATE FUNCTION {nom}_{colonne}(bigint) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS "
                f"'SELECT {colonne} FROM {table} WHERE i = ($1 * {multiplicateur}) % {tailles[table]}'"
            )


def _colonnes(c, table: str) -> list[str]:
    c.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position", [table]
    )
    return [r[0] for r in c.fetchall()]


def _inserer(c, table: str, source: str, remplace: dict[str, str]) -> int:
    """INSERT INTO table SELECT (every column of the template row `t`, but those of `remplace`) FROM `source`."""
    colonnes = _colonnes(c, table)
    expressions = ", ".join(remplace.get(col, f"t.{col}") for col in colonnes)
    c.execute(f"INSERT INTO {table} ({', '.join(colonnes)}) SELECT {expressions} FROM {source}")  # noqa: S608
    return c.rowcount


def _index_retires(c) -> list[str]:
    """Drops the secondary indexes and unique constraints of TABLES; returns the statements that rebuild them."""
    c.execute(
        """SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
                  k.conname, pg_get_constraintdef(k.oid)
           FROM pg_index i LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype = 'u'
           WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary""",
        [list(TABLES)],
    )
    refaire = []
    for table, index, definition, contrainte, definition_contrainte in c.fetchall():
        if contrainte:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{contrainte}"')
            refaire.append(f'ALTER TABLE {table} ADD CONSTRAINT "{contrainte}" {definition_contrainte}')
        else:
            c.execute(f'DROP INDEX "{index}"')
            refaire.append(definition)
    return refaire


def _charger(c, *, copies: int, debut: float) -> None:
    """The copies of every template demand and what hangs on it, set-based, in the current transaction."""
    c.execute("SELECT max(id) FROM demandes_demande")
    (bd,) = c.fetchone()
    c.execute("SELECT max(id) FROM demandes_personne")
    (bp,) = c.fetchone()
    n = copies
    # the template's persons, indexed by demand (the table's own indexes are dropped during the load)
    c.execute(
        "CREATE TABLE bench_modele_personne AS SELECT id, demande_id, ordre, lien, sexe, nom, nom_naissance "
        "FROM demandes_personne"
    )
    c.execute("CREATE INDEX ON bench_modele_personne (demande_id)")
    c.execute("ANALYZE bench_modele_personne")
    nouvelle_demande = f"{bd} + (t.demande_id - 1) * {n} + k"
    nouvelle_personne = f"{bp} + (t.id - 1) * {n} + k"
    serie = f"generate_series(1, {n}) k"
    prenom = "CASE WHEN t.sexe = 'F' THEN bench_femme_{0}({1}) ELSE bench_homme_{0}({1}) END"
    # nom_recherche as figures_calculer writes it: the members' « prénom nom nom_naissance », children without a name
    # left out, normalised (the pool holds the normalised forms)
    cle = (
        f"(SELECT string_agg(concat_ws(' ', {prenom.format('cle', nouvelle_personne)}, "
        f"CASE WHEN t.nom = '' THEN NULL ELSE bench_famille_cle(d.id) END, "
        f"CASE WHEN t.nom_naissance = '' THEN NULL ELSE bench_naissance_cle({nouvelle_personne}) END), ' ' "
        f"ORDER BY t.ordre, t.id) FROM bench_modele_personne t WHERE t.demande_id = d.modele "
        f"AND (t.lien <> 'ENFANT' OR t.nom <> ''))"
    )
    lignes = _inserer(
        c,
        "demandes_demande",
        f"""(SELECT t.*, t.id AS modele, {bd} + (t.id - 1) * {n} + k AS nouvel_id, k, k AS copie
              FROM demandes_demande t CROSS JOIN {serie} WHERE t.id <= {bd} ORDER BY 1, k) t
             LEFT JOIN bench_guichet_copie g ON g.copie = t.copie
             CROSS JOIN LATERAL (SELECT t.nouvel_id AS id, t.modele) d""",
        {
            "id": "t.nouvel_id",
            # FORMAT_NUMERO_LOCAL: PREFIXE-AAAA-NNNNNNNN, the copy's three digits before the template's last five
            "numero": "left(t.numero, -6) || lpad(t.copie::text, 3, '0') || right(t.numero, 5)",
            "nur": "substr(t.nur, 1, 13) || 'K' || lpad(t.copie::text, 4, '0')",
            "guichet_id": "COALESCE(g.guichet_id, t.guichet_id)",
            "agent_id": "CASE WHEN g.copie IS NULL THEN t.agent_id END",
            # « toute commune du territoire »: the CASA's territory for its own copies; the other territories' demands
            # name their communes (a multi-territory instance would expand the flag into its territory's communes)
            "toute_commune": "t.toute_commune AND g.copie IS NULL",
            "nom_recherche": f"COALESCE({cle}, '')",
        },
    )
    _etape(f"{lignes} demandes", debut)
    lignes = _inserer(
        c,
        "demandes_personne",
        f"demandes_personne t CROSS JOIN {serie} WHERE t.id <= {bp}",
        {
            "id": nouvelle_personne,
            "demande_id": nouvelle_demande,
            "nom": f"CASE WHEN t.nom = '' THEN '' ELSE bench_famille_vu({nouvelle_demande}) END",
            "prenom": prenom.format("vu", nouvelle_personne),
            "nom_naissance": f"CASE WHEN t.nom_naissance = '' THEN '' ELSE bench_naissance_vu({nouvelle_personne}) END",
            "courriel": f"CASE WHEN t.courriel = '' THEN '' "
            f"ELSE 'demandeur.' || ({nouvelle_personne}) || '@exemple.fr' END",
        },
    )
    _etape(f"{lignes} personnes", debut)
    for table, lien, autres in (
        ("demandes_ressource", "personne_id", {"personne_id": f"{bp} + (t.personne_id - 1) * {n} + k"}),
        ("demandes_criterepriorite", "demande_id", {"demande_id": nouvelle_demande}),
        ("demandes_transitiondemande", "demande_id", {"demande_id": nouvelle_demande}),
        (
            "demandes_souhaitcommune",
            "demande_id",
            {"demande_id": nouvelle_demande, "commune_id": "COALESCE(m.nouvelle_id, t.commune_id)"},
        ),
    ):
        c.execute(f"SELECT COALESCE(max(id), 0) FROM {table}")  # noqa: S608
        (base,) = c.fetchone()
        source = f"{table} t CROSS JOIN {serie}"
        if table == "demandes_souhaitcommune":
            source += " LEFT JOIN bench_commune_copie m ON m.copie = k AND m.commune_id = t.commune_id"
        borne = bp if lien == "personne_id" else bd
        lignes = _inserer(
            c, table, f"{source} WHERE t.{lien} <= {borne}", {"id": f"{base} + (t.id - 1) * {n} + k", **autres}
        )
        _etape(f"{lignes} lignes dans {table}", debut)


def construire(echelle: int, casa: int) -> None:
    from django.db import connection, transaction

    debut = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "seed_demo", "--scale", "1"], cwd=RACINE.parent, env=os.environ, check=True
    )
    _etape("démonstration à l'échelle 1 (référentiel, parc, histoire, 10 372 demandes actives)", debut)
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL session_replication_role = replica")  # no audit trigger, no FK trigger: a bulk load
        c.execute("SET LOCAL maintenance_work_mem = '1GB'")
        c.execute("SET LOCAL work_mem = '256MB'")
        _territoires(echelle, casa)
        _noms(c)
        refaire = _index_retires(c)
        _etape(f"{echelle - casa} autres territoires ; {len(refaire)} index retirés", debut)
        _charger(c, copies=echelle - 1, debut=debut)
        # the copies' wishes are in other communes: their copy on the demand's row (Demande.communes_souhaitees, kept
        # by triggers the bulk load silences) written once for all, as the migration that brought it does
        c.execute(
            "UPDATE demandes_demande d SET communes_souhaitees = s.communes "
            "FROM (SELECT demande_id, array_agg(commune_id ORDER BY rang) AS communes "
            "FROM demandes_souhaitcommune GROUP BY demande_id) s "
            "WHERE s.demande_id = d.id AND d.communes_souhaitees IS DISTINCT FROM s.communes"
        )
        _etape("communes souhaitées recopiées sur les demandes", debut)
        for instruction in refaire:
            c.execute(instruction)
        _etape(f"{len(refaire)} index reconstruits", debut)
        for table in TABLES:
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        for table in (
            "bench_modele_personne",
            "bench_nom",
            "bench_prenom_f",
            "bench_prenom_m",
            "bench_commune_copie",
            "bench_guichet_copie",
        ):
            c.execute(f"DROP TABLE {table} CASCADE")
        c.execute("DROP FUNCTION IF EXISTS " + ", ".join(
            f"{f}_{col}(bigint)" for f in ("bench_famille", "bench_naissance", "bench_femme", "bench_homme")
            for col in ("vu", "cle")
        ))  # fmt: skip
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    _etape("VACUUM ANALYZE : base prête", debut)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--echelle", type=int, default=218)
    parser.add_argument("--casa", type=int, default=30, help="la taille de la demande de la CASA (en copies)")
    parser.add_argument("--reconstruire", action="store_true", help="efface la base de cette échelle d'abord")
    args = parser.parse_args()
    if not 1 <= args.casa <= args.echelle:
        parser.error("--casa doit être entre 1 et --echelle")
    if args.reconstruire:
        _effacer(args.echelle)
    base_echelle(args.echelle)

    import django

    django.setup()
    from django.core.management import call_command

    from demandes.models import Demande

    call_command("migrate", verbosity=0)
    if Demande.objects.exists():
        print(f"La base de l'échelle {args.echelle} existe déjà (--reconstruire pour la refaire).")
    else:
        print(f"Construction de l'échelle {args.echelle} (la CASA à {args.casa} fois sa demande)…", flush=True)
        construire(args.echelle, args.casa)
    actives = Demande.objects.filter(etat__in=["ACTIVE", "QUALIFIEE"]).count()
    print(f"Échelle {args.echelle} : {Demande.objects.count()} demandes, dont {actives} actives.")


def _effacer(echelle: int) -> None:
    import psycopg

    from casa_logement import stack

    url = os.environ.get("DATABASE_URL") or stack.postgres_url()
    with psycopg.connect(url, autocommit=True) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "casa_bench_{echelle}" WITH (FORCE)')


if __name__ == "__main__":
    main()
