"""The CAL file's templates (docs/cal.md): the blank one (CSV as Excel writes it in French, XLSX with its
identifiers typed as text) and the pre-filled one, one row per candidate the landlord's next CAL is about, with what is
already known of it, so that a row sent back unchanged is « déjà connue » (CSV, or XLSX with drop-down lists and a
sheet explaining each column). Every cell goes through commun.tableurs (never a formula).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from commun import tableurs
from commun.fichiers import modeles

from ..etats import EtatPositionnement, MotifRefus, ReponseCandidat, TypeDecisionCAL
from ..models import AccordCollectif, Positionnement
from .lecture import ACCORDS, DECISIONS, MOTIFS_REFUS, NOMS, REPONSES

E = EtatPositionnement


EXEMPLE = [
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
        "accord collectif départemental",
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
        "ressources insuffisantes pour ce loyer",
        "",
        "",
        "",
        "",
        "",
    ],
]

ACCORD_ADMIS = (
    f"{ACCORDS.acceptes()} (ou ACD, ACI) : l'accord collectif dont relève une attribution ; laissez vide s'il n'est "
    "pas connu (le SNE reçoit alors « non renseigné ») et pour toute autre décision"
)


def modele_csv() -> bytes:
    """The template as Excel writes a French CSV: `;` and Windows-1252."""
    return modeles.modele_csv(NOMS)


def modele_xlsx() -> bytes:
    """The XLSX template: identifiers (demand, résidence, dwelling) typed as text so Excel keeps every digit."""
    return modeles.modele_xlsx(
        titre="Décisions CAL",
        colonnes=NOMS,
        exemples=EXEMPLE,
        identifiants=("numero_demande", "residence", "logement"),
        aide=[
            ("decision", DECISIONS.acceptes() + " ; ou « attribution en rang 2 »"),
            ("reponse", REPONSES.acceptes()),
            ("motif_refus", MOTIFS_REFUS.acceptes()),
            ("accord_collectif", ACCORD_ADMIS),
            ("dates", "JJ/MM/AAAA (12/11/2026), ou une cellule date"),
            ("identifiants", "colonnes au format Texte : ne les changez pas en nombre (zéros et chiffres perdus)"),
        ],
    )


# Columns that help the landlord find its way in the pre-filled template; the intake never reads them (their names are
# no alias of a column of COLONNES). `bailleur` only when the file spans several landlords (a CASA agent's).
INFORMATIONS = {
    "bailleur": "le bailleur du logement (fichier de la CASA couvrant plusieurs bailleurs)",
    "nom_residence": "le nom de la résidence",
    "commune": "la commune du logement",
    "typologie": "la typologie du logement (T1, T2…)",
    "rang_casa": "le rang du candidat dans la proposition de la CASA (1, 2 ou 3) ; le rang de la CAL va dans « rang »",
    "valide_le": "le jour où la commission de la CASA (CCPC) a validé le candidat",
    "etat": "où en est le candidat dans l'application",
}
DATES_PREREMPLIES = ("valide_le", "date_cal", "date_reponse", "date_bail")
FORMAT_DATE = "DD/MM/YYYY"


def colonnes_preremplies(*, avec_bailleur: bool = False) -> list[str]:
    """The pre-filled template's header: our three identifiers, the information columns, then every column of a CAL
    (COLONNES_DE_LA_CAL), in the order of the empty template."""
    infos = [c for c in INFORMATIONS if avec_bailleur or c != "bailleur"]
    return [*NOMS[:3], *infos, *NOMS[3:]]


def lignes_preremplies(positionnements: Iterable[Positionnement]) -> list[dict]:
    """One row per positionnement (from selectors.positionnements_pour_la_cal: `valide_le` annotated, `decision_cal`
    joined): the identifiers the intake needs, the information columns, and what is already known of the CAL (its
    decision, the candidate's answer) so that the row sent back unchanged is « déjà connue »; what is still awaited
    is empty. Dates are `datetime.date`; codes are written as their French labels, which the intake reads."""
    lignes = []
    for p in positionnements:
        logement = p.disponibilite.logement
        residence = logement.residence
        ligne = {
            "numero_demande": p.demande.reference,  # the NUR when known, else the local number: both are read
            "residence": residence.reference,
            "logement": logement.numero,
            "bailleur": residence.bailleur.nom,
            "nom_residence": residence.nom,
            "commune": residence.commune.nom,
            "typologie": logement.typologie,
            "rang_casa": p.rang,
            "valide_le": p.valide_le,
            "etat": E(p.etat).label,
        }
        d = getattr(p, "decision_cal", None) if p.etat != E.VALIDE else None
        if d is not None:
            ligne.update(
                date_cal=d.date_cal,
                decision=TypeDecisionCAL(d.decision).label.lower(),
                rang=d.rang,
                condition=d.condition,
                motif_decision=d.motif,
                accord_collectif=AccordCollectif(d.accord_collectif).label.lower() if d.accord_collectif else "",
            )
            if d.reponse:
                ligne.update(reponse=ReponseCandidat(d.reponse).label.lower(), date_reponse=d.date_reponse)
        lignes.append(ligne)
    return lignes


def _cellule(valeur: object, *, csv: bool) -> object:
    """A cell as written: empty for nothing, a date JJ/MM/AAAA in a CSV (a date cell in a spreadsheet)."""
    if valeur is None or valeur == "":
        return None
    if csv and isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    return valeur


def modele_prerempli_csv(lignes: list[dict], *, avec_bailleur: bool = False) -> bytes:
    """The pre-filled template as a French CSV (`;`, Windows-1252, like the empty one), dates JJ/MM/AAAA, every cell
    through commun.tableurs (formula-safe)."""
    colonnes = colonnes_preremplies(avec_bailleur=avec_bailleur)
    return tableurs.csv_ecrire(
        ([_cellule(li.get(c), csv=True) for c in colonnes] for li in lignes), entete=colonnes, encodage="cp1252"
    )


def _liste(valeurs_admises: list[str]) -> str | None:
    """A data-validation list written in the formula (Excel's limit: 255 characters, no comma in a value)."""
    if any("," in v for v in valeurs_admises):
        return None
    formule = '"' + ",".join(valeurs_admises) + '"'
    return formule if len(formule) <= 255 else None


def modele_prerempli_xlsx(lignes: list[dict], *, avec_bailleur: bool = False) -> bytes:
    """The pre-filled template as an XLSX: sheet « Décisions CAL » (identifiers typed as text, dates as dates, a
    drop-down list on `decision`, `reponse`, `motif_refus` and `accord_collectif` that warns on another value without
    refusing it — « attribution en rang 2 » stays possible), then « Valeurs admises » explaining each column. Cells
    through commun.tableurs (text cells typed as strings, never formulas)."""
    import openpyxl

    colonnes = colonnes_preremplies(avec_bailleur=avec_bailleur)
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = "Décisions CAL"
    tableurs.ajouter(feuille, colonnes)
    for li in lignes:
        tableurs.ajouter(feuille, [_cellule(li.get(c), csv=False) for c in colonnes])
    derniere = max(len(lignes) + 1, 2) + 200  # room for a row added by hand
    _mettre_en_forme(feuille, colonnes, derniere)
    _ajouter_les_listes(feuille, colonnes, derniere)
    feuille.freeze_panes = "D2"
    _feuille_des_valeurs_admises(classeur, colonnes)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _mettre_en_forme(feuille, colonnes: list[str], derniere: int) -> None:
    """Headers in bold (the information columns greyed), widths, identifiers as text and dates as dates down to
    row `derniere`."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    gris = PatternFill("solid", fgColor="EEEEEE")
    for position, nom in enumerate(colonnes, start=1):
        lettre = get_column_letter(position)
        entete = feuille.cell(row=1, column=position)
        entete.font = Font(bold=True)
        if nom in INFORMATIONS:
            entete.fill = gris
        feuille.column_dimensions[lettre].width = max(14, len(nom) + 4)
        format_ = modeles.TEXTE if nom in NOMS[:3] else FORMAT_DATE if nom in DATES_PREREMPLIES else None
        if format_:
            for rang in range(2, derniere + 1):
                feuille.cell(row=rang, column=position).number_format = format_


def _ajouter_les_listes(feuille, colonnes: list[str], derniere: int) -> None:
    """The drop-down lists of `decision`, `reponse`, `motif_refus` and `accord_collectif` (a warning, not a refusal, on
    another value)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    listes = {
        "decision": (
            [c.label.lower() for c in TypeDecisionCAL],
            "Décision de la CAL",
            "Laissez vide tant que la CAL n'a pas statué. Classement : « attribution par classement » et le rang "
            "dans la colonne rang.",
        ),
        "reponse": ([c.label.lower() for c in ReponseCandidat], "Réponse du candidat", "Après une attribution."),
        "motif_refus": ([c.label for c in MotifRefus], "Motif du refus", "Avec une réponse « refus »."),
        "accord_collectif": (
            [c.label.lower() for c in AccordCollectif],
            "Accord collectif",
            "Pour une attribution : l'accord collectif dont elle relève, ou aucun. Laissez vide s'il n'est pas connu.",
        ),
    }
    for nom, (valeurs_admises, titre, aide) in listes.items():
        formule = _liste(valeurs_admises) or _liste([c.value for c in MotifRefus])
        if formule is None or nom not in colonnes:
            continue
        lettre = get_column_letter(colonnes.index(nom) + 1)
        validation = DataValidation(
            type="list",
            formula1=formule,
            allow_blank=True,
            errorStyle="warning",
            errorTitle=titre,
            error="Valeur inhabituelle : voyez la feuille « Valeurs admises ».",
            promptTitle=titre,
            prompt=aide,
        )
        validation.add(f"{lettre}2:{lettre}{derniere}")
        feuille.add_data_validation(validation)


def _feuille_des_valeurs_admises(classeur, colonnes: list[str]) -> None:
    """The sheet « Valeurs admises »: each column and what it takes."""
    aide = classeur.create_sheet("Valeurs admises")
    tableurs.ajouter(aide, ["colonne", "valeurs"])
    for ligne in [
        (
            "numero_demande, residence, logement",
            "ne les changez pas : ils désignent le candidat (son numéro unique, ou son numéro local tant que le SNE "
            "ne l'a pas délivré) et le logement",
        ),
        *((nom, f"information, non lue à l'import : {t}") for nom, t in INFORMATIONS.items() if nom in colonnes),
        ("date_cal", "date de la CAL, JJ/MM/AAAA ; laissez la ligne vide tant que la CAL n'a pas statué"),
        ("decision", DECISIONS.acceptes() + " ; ou « attribution en rang 2 »"),
        ("rang", "le rang de la CAL, pour une attribution par classement (1, 2, 3…)"),
        ("condition", "pour une attribution sous condition suspensive : la pièce attendue et son échéance"),
        ("motif_decision", "pour une non-attribution ou une irrecevabilité : le motif notifié au demandeur"),
        ("reponse", REPONSES.acceptes() + " (après une attribution)"),
        ("date_reponse", "date de la réponse du candidat, JJ/MM/AAAA"),
        ("motif_refus", MOTIFS_REFUS.acceptes()),
        ("date_bail", "date de signature du bail, après l'acceptation, JJ/MM/AAAA"),
        ("accord_collectif", ACCORD_ADMIS),
        ("lignes sans décision", "une ligne dont les colonnes de la CAL sont vides est reconnue et laissée de côté"),
    ]:
        tableurs.ajouter(aide, ligne)
    aide.column_dimensions["A"].width = 36
    aide.column_dimensions["B"].width = 120
