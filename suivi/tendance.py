"""The trend of the tracking table: a view's month block over the 12 months ending with a month, read from the
stored tables, and its charts. The same in the page (suivi.views) and the PDF report (suivi.exports)."""

from __future__ import annotations

from django.db.models import JSONField
from django.db.models.expressions import RawSQL

from . import graphiques, indicateurs, presentation
from .models import TableauMensuel
from .sources import Periode

MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def serie(periode: Periode, vue: str, cle: str) -> list[tuple[Periode, dict | None]]:
    """The month's block (of view `vue`, key `cle`) of the 12 months ending with `periode`, None for a month without
    a table, read from the stored tables (PostgreSQL extracts the one block: the whole tables are not loaded)."""
    mois = [periode]
    while len(mois) < 12:
        mois.insert(0, mois[0].precedente())
    blocs = {
        (t["annee"], t["mois"]): t["bloc"]
        for t in TableauMensuel.objects.filter(annee__gte=mois[0].annee, annee__lte=periode.annee)
        .annotate(bloc=RawSQL("donnees #> %s", (["vues", vue, cle, "mois"],), output_field=JSONField()))
        .values("annee", "mois", "bloc")
    }
    return [(m, blocs.get((m.annee, m.mois))) for m in mois]


def dessins(mois_et_blocs: list[tuple[Periode, dict | None]], vue: str) -> list[str]:
    """The SVG charts of a series (serie()): attributions and their share to priority households; outside the
    réservataire view, attributions outside the QPV and their share to the first quartile; each with its target."""
    etiquettes = [f"{MOIS_COURTS[m.mois - 1]} {m.annee % 100:02d}" for m, _ in mois_et_blocs]
    b = [bloc or {} for _, bloc in mois_et_blocs]
    attributions = [x.get("attributions", 0) for x in b]
    prioritaires = [indicateurs.part(x.get("prioritaires", 0), x.get("attributions", 0)) for x in b]
    hors_qpv = [x.get("hors_qpv", 0) for x in b]
    q1 = [indicateurs.part(x.get("hors_qpv_q1", 0), x.get("hors_qpv", 0)) for x in b]
    cibles = {c.code: c.taux for c in presentation.cibles().values()}
    svg = [
        graphiques.barres_et_taux(
            titre="Attributions par mois et part aux ménages prioritaires (DALO, L441-1)",
            etiquettes=etiquettes,
            barres=attributions,
            taux=prioritaires,
            cible=cibles["prioritaires"] if vue in ("reservataire", "territoire", "commune") else None,
            libelle_barres="attributions (baux signés)",
            libelle_taux="part aux ménages prioritaires",
        )
    ]
    if vue != "reservataire":
        svg.append(
            graphiques.barres_et_taux(
                titre="Attributions hors QPV et part au 1er quartile (ou relogés du renouvellement urbain)",
                etiquettes=etiquettes,
                barres=hors_qpv,
                taux=q1,
                cible=cibles["q1_hors_qpv"],
                libelle_barres="attributions hors QPV",
                libelle_taux="part au 1er quartile",
            )
        )
    return svg
