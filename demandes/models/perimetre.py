"""The copy of a demand's wished communes on its own row (Demande.communes_souhaitees), kept by the database.

SouhaitCommune stays the wishes' record (rank, audit); the triggers below copy its communes, by rank, into the
demand's ``communes_souhaitees`` after every INSERT, UPDATE or DELETE of wishes, one UPDATE per statement (a bulk
load, an SNE import, step 4 of the form: the same path). A commune counter's perimeter, « filed at my counter OR
wishing my commune », is then a test on the demand's own row (``guichet_id = G OR communes_souhaitees @> {C}``,
served by the btree of the counter and the GIN of the array), where it used to probe or hash the wishes' table for
every demand read: at the national scale (2.26 million demands), the counter of Antibes' search by name went from
3.0 s to 0.55 s (bench/pages.py; docs/architecture.md « Ce que le code a appris (l'échelle) »). Python never writes
the column (Demande.save leaves it out).
"""

from __future__ import annotations

import pgtrigger

# For the demands the statement touched: their wishes' communes by rank (an empty array when none is left), written
# only where the copy differs (no dead row for nothing).
RECOPIER = """
    WITH touchees AS (SELECT DISTINCT demande_id AS id FROM {source}),
         copies AS (
             SELECT t.id,
                    COALESCE(array_agg(s.commune_id ORDER BY s.rang) FILTER (WHERE s.id IS NOT NULL), '{{}}')
                        AS communes
               FROM touchees t LEFT JOIN demandes_souhaitcommune s ON s.demande_id = t.id
              GROUP BY t.id
         )
    UPDATE demandes_demande d SET communes_souhaitees = c.communes
      FROM copies c
     WHERE d.id = c.id AND d.communes_souhaitees IS DISTINCT FROM c.communes;
    RETURN NULL;
"""


def _declencheur(nom: str, operation, referencing, source: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=nom,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=referencing,
        func=RECOPIER.format(source=source),
    )


DECLENCHEURS_SOUHAITS = [
    _declencheur("communes_apres_ajout", pgtrigger.Insert, pgtrigger.Referencing(new="nouveaux"), "nouveaux"),
    _declencheur(
        "communes_apres_modif",
        pgtrigger.Update,
        pgtrigger.Referencing(old="anciens", new="nouveaux"),
        "(SELECT demande_id FROM anciens UNION SELECT demande_id FROM nouveaux) AS u",
    ),
    _declencheur("communes_apres_retrait", pgtrigger.Delete, pgtrigger.Referencing(old="anciens"), "anciens"),
]
