"""The tracking table exported: XLSX (one sheet per view, a row per landlord, réservataire or commune and period) and
the PDF report for the Conférence Intercommunale du Logement (WeasyPrint, the same SVG charts as the page). Both
limited to what the organisation may see."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from commun import tableurs

from . import indicateurs, presentation, tendance
from .models import TableauMensuel
from .perimetre import Perimetre
from .sources import Periode


def _codes(vue: str) -> list[str]:
    return [code for _, codes in presentation.groupes(vue) for code in codes] + ["delai_moyen"]


def _lignes_vue(t: TableauMensuel, p: Perimetre, vue: str) -> list[tuple[str, str, dict]]:
    noms = t.donnees["noms"]
    source = noms["communes"] if vue == "commune" else noms["organisations"]
    lignes = []
    for cle, blocs in t.donnees["vues"][vue].items():
        if p.permet(vue, cle):
            lignes.append((cle, "Territoire de la CASA" if vue == "territoire" else source.get(cle, cle), blocs))
    return sorted(lignes, key=lambda x: x[1])


def xlsx(t: TableauMensuel, p: Perimetre) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    classeur = openpyxl.Workbook()
    classeur.remove(classeur.active)
    gras, fond = Font(bold=True), PatternFill("solid", fgColor="E8EEF5")
    for vue in p.vues():
        feuille = classeur.create_sheet(presentation.VUES_LIBELLES[vue])
        codes = _codes(vue)
        cibles = presentation.CIBLES_PAR_VUE[vue]
        toutes = presentation.cibles()
        entete = [
            "Nom",
            "Période",
            *(presentation.libelle(c) for c in codes),
            *(f"Taux : {toutes[c].libelle}" for c in cibles),
        ]
        tableurs.ajouter(feuille, entete)
        for cellule in feuille[1]:
            cellule.font, cellule.fill = gras, fond
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
        for _, nom, blocs in _lignes_vue(t, p, vue):
            for periode, libelle in presentation.PERIODES.items():
                bloc = blocs[periode]
                taux = [x.valeur for x in presentation.taux(vue, bloc)]
                tableurs.ajouter(feuille, [nom, libelle, *(bloc.get(c) for c in codes), *taux])
                for cellule in feuille[feuille.max_row][len(entete) - len(cibles) :]:
                    cellule.number_format = "0.0%"
        feuille.freeze_panes = "C2"
        feuille.column_dimensions["A"].width = 34
        feuille.column_dimensions["B"].width = 18
        for i in range(3, len(entete) + 1):
            feuille.column_dimensions[get_column_letter(i)].width = 14
        feuille.row_dimensions[1].height = 60
    info = classeur.create_sheet("Objectifs et sources")
    tableurs.ajouter(info, ["Objectif", "Taux", "Sens", "Source"])
    for cellule in info[1]:
        cellule.font = gras
    for c in presentation.cibles().values():
        tableurs.ajouter(info, [c.libelle, c.taux, "au moins" if c.sens == "min" else "au plus", c.source])
        info.cell(info.max_row, 2).number_format = "0%"
    tableurs.ajouter(info, [])
    tableurs.ajouter(
        info,
        [
            f"Tableau de {t.mois:02d}/{t.annee}, arrêté au {t.donnees['periode']['arrete'][:10]}, produit le "
            f"{timezone.localtime(t.produit_le):%d/%m/%Y à %H:%M}"
        ],
    )
    info.column_dimensions["A"].width = 70
    info.column_dimensions["D"].width = 90
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def pdf(t: TableauMensuel, p: Perimetre) -> bytes:
    from weasyprint import HTML

    periode = Periode(t.annee, t.mois)
    vues = []
    for vue in p.vues():
        lignes = _lignes_vue(t, p, vue)
        vues.append(
            {
                "vue": vue,
                "titre": presentation.VUES_LIBELLES[vue],
                "lignes": [
                    (
                        nom,
                        blocs,
                        list(
                            zip(
                                presentation.taux(vue, blocs["mois"]),
                                presentation.taux(vue, blocs["cumul"]),
                                strict=True,
                            )
                        ),
                    )
                    for _, nom, blocs in lignes
                ],
                "cibles": [presentation.cibles()[c] for c in presentation.CIBLES_PAR_VUE[vue]],
            }
        )
    vue0, cle0 = p.defaut()
    blocs0 = t.donnees["vues"][vue0].get(cle0) or {
        n: indicateurs.compter(indicateurs.Faits()) for n in presentation.PERIODES
    }
    detail = [
        (titre, [(presentation.libelle(c), [blocs0[n].get(c) for n in presentation.PERIODES]) for c in codes])
        for titre, codes in presentation.groupes(vue0)
    ]
    html = render_to_string(
        "suivi/rapport_pdf.html",
        {
            "entete": f"CASA — suivi des attributions — {presentation.nom_du_mois(periode)}",
            "tableau": t,
            "nom_du_mois": presentation.nom_du_mois(periode),
            "vues": vues,
            "graphiques": tendance.dessins(tendance.serie(periode, vue0, cle0), vue0),
            "detail": detail,
            "periodes": presentation.PERIODES,
            "cibles": presentation.cibles().values(),
            "corrections": t.donnees["corrections"] if p.tout else [],
        },
    )
    return HTML(string=html).write_pdf()
