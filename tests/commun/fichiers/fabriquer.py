"""Writes the corpus of partners' files (tests/commun/fichiers/<import>/…) shaped like those landlords, communes and
réservataires really produce. The files are committed; run this again only to change the corpus:

    python3 -m venv /tmp/corpus && /tmp/corpus/bin/pip install xlwt odfpy openpyxl
    /tmp/corpus/bin/python tests/commun/fichiers/fabriquer.py

(xlwt writes the old XLS format and odfpy the ODS one: the application reads them with python-calamine and does not
need either.) What each file must give is in tests/commun/fichiers/attendus.csv, read by tests/commun/test_fichiers.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

ICI = Path(__file__).resolve().parent

CAL_ENTETE = [
    "numero_demande",
    "residence",
    "logement",
    "date_cal",
    "decision",
    "rang",
    "condition",
    "motif_decision",
    "reponse",
    "date_reponse",
    "motif_refus",
    "date_bail",
]
CAL = [
    [
        "006102600000106004",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "attribution par classement",
        "1",
        "",
        "",
        "acceptation",
        "16/11/2026",
        "",
        "25/11/2026",
    ],
    [
        "006102600000207011",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "attribution par classement",
        "2",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "006102600000308022",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "non-attribution",
        "",
        "",
        "loyer trop élevé pour le ménage, reste à vivre insuffisant",
        "",
        "",
        "",
        "",
    ],
]
PARC_ENTETE = [
    "reference_residence",
    "nom_residence",
    "adresse",
    "commune",
    "en_qpv",
    "numero",
    "typologie",
    "surface",
    "etage",
    "ascenseur",
    "accessible_pmr",
    "financement",
    "loyer",
    "charges",
    "reservataire",
]
PARC = [
    [
        "RES-001",
        "Les Oliviers",
        "12 avenue des Pins",
        "06004",
        "non",
        "A12",
        "T3",
        "64,5",
        "2",
        "oui",
        "non",
        "PLUS",
        "512,40",
        "85,00",
        "",
    ],
    [
        "RES-002",
        "Le Hameau des Pêcheurs",
        "3 chemin de l'Église",
        "06155",
        "oui",
        "B1",
        "T2",
        "48",
        "0",
        "non",
        "oui",
        "PLAI",
        "398,10",
        "60",
        "",
    ],
]
LISTE_ENTETE = ["numero", "type", "date", "logement"]
LISTE = [
    ["006102600000106004", "positionné", "25/11/2026", "Erilia - Les Oliviers A12"],
    ["006102600000207011", "désigné", "20/11/2026", "Côte d'Azur Habitat - Les Cèdres B3"],
]
BASES = {"cal": (CAL_ENTETE, CAL), "parc": (PARC_ENTETE, PARC), "liste": (LISTE_ENTETE, LISTE)}


def csv(entete, lignes, *, sep=";", fin="\r\n", encodage="utf-8") -> bytes:
    texte = fin.join(sep.join(li) for li in [entete, *lignes]) + fin
    return texte.encode(encodage)


def xlsx(lignes_brutes: list[list], *, fusion: str | None = None, formats: dict | None = None) -> bytes:
    import openpyxl

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    for ligne in lignes_brutes:
        feuille.append(ligne)
    if fusion:
        feuille.merge_cells(fusion)
    for (rang, colonne), forme in (formats or {}).items():
        feuille.cell(row=rang, column=colonne).number_format = forme
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def xls(lignes_brutes: list[list]) -> bytes:
    import xlwt

    classeur = xlwt.Workbook(encoding="utf-8")
    feuille = classeur.add_sheet("Feuil1")
    style_date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, ligne in enumerate(lignes_brutes):
        for c, valeur in enumerate(ligne):
            if isinstance(valeur, dt.date):
                feuille.write(r, c, valeur, style_date)
            else:
                feuille.write(r, c, valeur)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def ods(lignes_brutes: list[list]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    for ligne in lignes_brutes:
        rang = TableRow()
        for valeur in ligne:
            if isinstance(valeur, dt.date):
                cellule = TableCell(valuetype="date", datevalue=valeur.isoformat())
                cellule.addElement(P(text=f"{valeur:%d/%m/%Y}"))
            elif isinstance(valeur, int | float):
                cellule = TableCell(valuetype="float", value=valeur)
                cellule.addElement(P(text=str(valeur)))
            else:
                cellule = TableCell(valuetype="string")
                cellule.addElement(P(text=str(valeur)))
            rang.addElement(cellule)
        table.addElement(rang)
    document.spreadsheet.addElement(table)
    sortie = io.BytesIO()
    document.write(sortie)
    return sortie.getvalue()


def date_de(texte: str) -> dt.date:
    j, m, a = (int(x) for x in texte.split("/"))
    return dt.date(a, m, j)


def typer(entete, lignes):
    """Rows as a spreadsheet holds them: dates as date cells, the rest as text (identifiers kept as text)."""
    dates = {i for i, c in enumerate(entete) if c.startswith("date")}
    return [[date_de(v) if i in dates and v else v for i, v in enumerate(li)] for li in lignes]


def fabriquer() -> None:
    for nom, (entete, lignes) in BASES.items():
        dossier = ICI / nom
        dossier.mkdir(exist_ok=True)
        ecrire = lambda fichier, contenu, dossier=dossier: (dossier / fichier).write_bytes(contenu)  # noqa: E731
        ecrire("utf8.csv", csv(entete, lignes))
        ecrire(
            "utf8_bom_virgule.csv",
            b"\xef\xbb\xbf" + csv(entete, [[f'"{v}"' if "," in v else v for v in li] for li in lignes], sep=","),
        )
        ecrire("cp1252_point_virgule.csv", csv(entete, lignes, encodage="cp1252"))
        ecrire("mac_roman.csv", csv(entete, lignes, encodage="mac_roman", fin="\r"))
        ecrire("cp850.csv", csv(entete, lignes, encodage="cp850"))
        ecrire("octet_parasite.csv", csv(entete, lignes, encodage="cp1252").replace(b"A12", b"A\x8112", 1))
        ecrire("fins_de_ligne_cr.csv", csv(entete, lignes, fin="\r", encodage="cp1252"))
        ecrire("texte_unicode_utf16.txt", csv(entete, lignes, sep="\t", encodage="utf-16"))
        ecrire("tabulations_lf.tsv", csv(entete, lignes, sep="\t", fin="\n"))
        ecrire("vide.csv", b"")
        ecrire("entete_seule.csv", csv(entete, []))
        ecrire("blancs_seuls.csv", b" ; ;\r\n\r\n;;;\r\n")
        ecrire("colonne_manquante.csv", csv(entete[1:], [li[1:] for li in lignes]))
        ecrire("trop_de_colonnes.csv", csv(entete + [f"x{i}" for i in range(200)], [li + ["1"] * 200 for li in lignes]))
        ecrire("binaire_png.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02")
        ecrire("xlsx_tronque.xlsx", xlsx([entete, *lignes])[:700])
        ecrire("guillemet_ouvert.csv", csv(entete, lignes).replace(b"\r\n", b'\r\n"', 1))
        ecrire(
            "lignes_et_colonnes_vides.csv",
            csv(entete + ["", ""], [li + ["", ""] for li in lignes] + [[""] * len(entete)] * 4),
        )
        # spreadsheets
        brutes = [entete, *typer(entete, lignes)]
        ecrire("classeur.xlsx", xlsx(brutes))
        ecrire("classeur.xls", xls(brutes))
        ecrire("classeur.ods", ods(brutes))
        ecrire("csv_renomme.xlsx", csv(entete, lignes))
        titre = ["Export du " + "30/11/2026"] + [""] * (len(entete) - 1)
        ecrire(
            "titre_fusionne.xlsx",
            xlsx([titre, [""] * len(entete), *brutes], fusion=f"A1:{chr(64 + min(len(entete), 26))}1"),
        )
        # zip bomb: a sheet that expands far past its size
        bombe = io.BytesIO()
        with zipfile.ZipFile(bombe, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (210 * 1024 * 1024) + b"</a>")
        ecrire("bombe.xlsx", bombe.getvalue())

    # --- CAL-specific
    d = ICI / "cal"
    entete_usuel = [
        "N° demande",
        "Réf. résidence",
        "N° du logement",
        "Date de la CAL",
        "Décision de la CAL",
        "Rang",
        "Condition suspensive",
        "Motif",
        "Réponse du candidat",
        "Date de réponse",
        "Motif du refus",
        "Date de signature du bail",
    ]
    (d / "entetes_usuels.csv").write_bytes(csv(entete_usuel, CAL, encodage="cp1252"))
    formes = ["30/11/2026 00:00:00", "30/11/2026 00:00", "30.11.2026", "2026-11-30", "2026-11-30T00:00:00"]
    (d / "formes_de_dates.csv").write_bytes(
        csv(CAL_ENTETE, [[CAL[1][0][:-1] + str(i), *CAL[1][1:3], f, *CAL[1][4:]] for i, f in enumerate(formes)])
    )
    (d / "date_avec_heure.csv").write_bytes(csv(CAL_ENTETE, [[*CAL[1][:3], "12/11/2026 14:30", *CAL[1][4:]]]))
    libelles = [
        ["attribution du logement proposé à un candidat", ""],
        ["attribution en rang 1", ""],
        ["Attribution rang n°2", ""],
        ["non-attribution", ""],
        ["rejet pour irrecevabilité", ""],
    ]
    lignes = []
    for i, (decision, rang) in enumerate(libelles):
        ligne = [CAL[2][0][:-1] + str(i), "ERI-OLIVIERS", "A12", "12/11/2026", decision, rang, "", "", "", "", "", ""]
        if "non" in decision or "rejet" in decision:
            ligne[7] = "IRRRES ressources" if "rejet" in decision else "ressources insuffisantes"
        lignes.append(ligne)
    (d / "decisions_libelles_legaux.csv").write_bytes(csv(CAL_ENTETE, lignes, encodage="cp1252"))
    (d / "decision_inconnue.csv").write_bytes(csv(CAL_ENTETE, [[*CAL[1][:4], "peut-être", *CAL[1][5:]]]))
    (d / "notation_scientifique.csv").write_bytes(csv(CAL_ENTETE, [["6,00226E+15", *CAL[1][1:]]], encodage="cp1252"))
    nombre = [[6102600000106004.0, *typer(CAL_ENTETE, [CAL[1]])[0][1:]]]
    (d / "numero_en_nombre.xlsx").write_bytes(xlsx([CAL_ENTETE, *nombre]))

    # --- parc-specific
    d = ICI / "parc"
    entete_usuel = [
        "Code résidence",
        "Nom de la résidence",
        "Adresse",
        "Code INSEE",
        "QPV",
        "N° logement",
        "Typologie",
        "Surface habitable",
        "Étage",
        "Ascenseur",
        "PMR",
        "Financement initial",
        "Loyer principal",
        "Charges",
        "Réservataire",
    ]
    (d / "entetes_usuels.csv").write_bytes(csv(entete_usuel, PARC, encodage="cp1252"))
    autre = [
        "Code résidence",
        "Nom",
        "Adresse",
        "Commune",
        "QPV",
        "Numéro du logement",
        "TYPE",
        "SURFACE",
        "niveau",
        "ASCENSEUR",
        "accessible PMR",
        "FINANCEMENT",
        "LOYER",
        "charges",
        "contingent",
    ]
    (d / "entetes_numero_du_logement.csv").write_bytes(csv(autre, PARC))
    montants = [
        [*PARC[0][:7], "64,5", *PARC[0][8:12], "1\u202f012,40", "1.085,00", ""],
        [*PARC[1][:7], "48", *PARC[1][8:12], "1\u00a0398,10", "60", ""],
    ]
    (d / "montants_espace_fine.csv").write_bytes(csv(PARC_ENTETE, montants))
    insee = [[*PARC[0][:3], "6004", *PARC[0][4:]], [*PARC[1][:3], "6155", *PARC[1][4:]]]
    (d / "insee_sans_zero.csv").write_bytes(csv(PARC_ENTETE, insee, encodage="cp1252"))
    insee_nombre = [[*PARC[0][:3], 6004, *PARC[0][4:]]]
    (d / "insee_en_nombre.xlsx").write_bytes(xlsx([PARC_ENTETE, *insee_nombre]))
    rpls = [
        ["PLA-I", "T1 bis", "RDC"],
        ["PLAI", "F3", "1er"],
        ["PLA", "3", "2ème"],
        ["HLM/O", "T4", "rez-de-chaussée"],
        ["PCL", "T6+", "5"],
        ["ILN", "studio", "0"],
    ]
    lignes = [
        [*PARC[0][:5], f"L{i}", t, PARC[0][7], e, *PARC[0][9:11], f, *PARC[0][12:]] for i, (f, t, e) in enumerate(rpls)
    ]
    (d / "libelles_rpls.csv").write_bytes(csv(PARC_ENTETE, lignes, encodage="cp1252"))
    (d / "financement_inconnu.csv").write_bytes(csv(PARC_ENTETE, [[*PARC[0][:11], "PLX", *PARC[0][12:]]]))
    (d / "montant_illisible.csv").write_bytes(csv(PARC_ENTETE, [[*PARC[0][:12], "cinq cents", *PARC[0][13:]]]))

    # --- liste-specific
    d = ICI / "liste"
    (d / "entetes_usuels.csv").write_bytes(
        csv(["Numéro unique", "Statut", "Date de désignation", "Logement proposé"], LISTE, encodage="cp1252")
    )
    (d / "formes_de_dates.csv").write_bytes(
        csv(LISTE_ENTETE, [[LISTE[0][0][:-1] + str(i), "positionné", f, ""] for i, f in enumerate(formes)])
    )
    (d / "notation_scientifique.csv").write_bytes(csv(LISTE_ENTETE, [["6,00226E+15", *LISTE[0][1:]]]))
    (d / "type_inconnu.csv").write_bytes(csv(LISTE_ENTETE, [[LISTE[0][0], "réservé", *LISTE[0][2:]]]))


if __name__ == "__main__":
    fabriquer()
