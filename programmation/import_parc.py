"""Import of a landlord's stock (one row per dwelling) from CSV (`;` or `,`, UTF-8 or Windows-1252, as Excel writes
them) or XLSX. Every bad row is reported with its line number and a French reason; nothing is saved until the whole
file is valid, then it is applied in one transaction (idempotent: résidences and dwellings are matched on the
landlord's references).

Our own small service rather than django-import-export's resources: we need one French message per bad row and
field, a check across rows (duplicates), and a preview before anything is written (see docs/programmation.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casa_logement.fichiers import (
    TAILLE_MAX,
    Colonne,
    ValeurIllisible,
    Vocabulaire,
    borner,
    cle,
    lire_tableau,
    modeles,
    valeurs,
)
from territoire.contexte import contexte_de
from territoire.exceptions import ErreurMetier
from territoire.models import Commune, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation

from .models import FinancementLogement, Logement, Residence, Typologie

COLONNES = [
    Colonne(
        "reference_residence",
        True,
        (
            "code résidence",
            "référence de la résidence",
            "réf résidence",
            "code programme",
            "code immeuble",
            "code groupe",
            "identifiant résidence",
            "résidence",
        ),
    ),
    Colonne("nom_residence", True, ("nom", "nom résidence", "nom de la résidence", "nom programme", "nom groupe")),
    Colonne("adresse", True, ("adresse du logement", "adresse postale", "voie", "adresse résidence")),
    Colonne("commune", True, ("code INSEE", "code commune", "INSEE", "ville", "DEPCOM", "commune INSEE")),
    Colonne("en_qpv", False, ("QPV", "quartier prioritaire", "en quartier prioritaire", "dans un QPV")),
    Colonne(
        "numero",
        True,
        (
            "numéro du logement",
            "numéro logement",
            "logement",
            "référence logement",
            "réf logement",
            "code logement",
            "identifiant logement",
            "n° de lot",
        ),
    ),
    Colonne("typologie", True, ("type", "type de logement", "typologie du logement", "nombre de pièces", "NBPIECE")),
    Colonne("surface", True, ("surface habitable", "SH", "surface m²", "surface en m²", "SURFHAB")),
    Colonne("etage", True, ("niveau", "étage du logement", "ETAGE")),
    Colonne("ascenseur", False, ("présence d'un ascenseur", "avec ascenseur")),
    Colonne("accessible_pmr", False, ("PMR", "accessible", "accessibilité PMR", "adapté PMR", "logement PMR")),
    Colonne("financement", True, ("financement initial", "mode de financement", "FINAN", "type de financement")),
    Colonne("loyer", True, ("loyer principal", "loyer hors charges", "loyer HC", "loyer mensuel", "LOYERPRINC")),
    Colonne("charges", False, ("provisions pour charges", "charges locatives", "charges mensuelles")),
    Colonne("reservataire", False, ("contingent", "réservataire du logement", "SIREN réservataire")),
]
OBLIGATOIRES = [c.nom for c in COLONNES if c.obligatoire]
VOCABULAIRES = Path(__file__).resolve().parent / "vocabulaires"
TYPOLOGIES = Vocabulaire("typologie :", VOCABULAIRES / "typologie.csv", Typologie.choices, inconnu="inconnue")
FINANCEMENTS = Vocabulaire("financement :", VOCABULAIRES / "financement.csv", FinancementLogement.choices)


@dataclass
class LigneParc:
    ligne: int
    valeurs: dict


@dataclass
class RapportImport:
    lignes: list[LigneParc] = field(default_factory=list)
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    residences_creees: int = 0
    logements_crees: int = 0
    logements_modifies: int = 0
    applique: bool = False
    notes: list[tuple[int, str]] = field(default_factory=list)  # values completed (an INSEE code's leading zero)

    @property
    def valide(self) -> bool:
        return not self.erreurs


def lire(nom: str, contenu: bytes) -> list[dict]:
    """Rows of the file as dicts keyed by our column names (casa_logement.fichiers); ErreurMetier for an unreadable
    file."""
    return lire_tableau(nom, contenu, colonnes=COLONNES).lignes


def valider(lignes: list[dict], *, bailleur: Organisation) -> RapportImport:
    """Checks every row alone and across rows (one dwelling once); reads only. Values as people write them
    (casa_logement.fichiers.valeurs): amounts with any thousands separator, RPLS financings and typologies, floors
    such as « RDC », INSEE codes that lost their leading zero (completed, and said in `notes`)."""
    rapport = RapportImport()
    communes = {}
    for c in Commune.objects.all():
        communes[c.code_insee] = c
        communes[cle(c.nom)] = c
    codes_insee = frozenset(c for c in communes if c.isdigit())
    reservataires = {}
    for o in Organisation.objects.filter(est_reservataire=True):
        reservataires[o.slug] = o
        if o.siren:
            reservataires[o.siren] = o
    vus: dict[tuple[str, str], int] = {}
    for position, brut in enumerate(lignes, start=2):  # line 1 is the header
        numero_ligne = brut.get("_ligne", position)  # the line in the file, blank lines counted
        erreurs: list[str] = []

        def lu(colonne, lecteur, erreurs=erreurs, brut=brut, **options):
            if valeurs.texte(brut.get(colonne, "")) == "":
                return None
            try:
                return lecteur(brut[colonne], nom=f"{colonne} :", **options)
            except ValeurIllisible as err:
                erreurs.append(err.message)
                return None

        for c in OBLIGATOIRES:
            if valeurs.texte(brut.get(c, "")) == "":
                erreurs.append(f"{c} : valeur manquante")
        reference = lu("reference_residence", valeurs.identifiant) or ""
        numero = lu("numero", valeurs.identifiant) or ""
        commune = None
        if valeurs.texte(brut.get("commune", "")):
            try:
                code, note = valeurs.code_insee(brut["commune"], codes_insee)
            except ValeurIllisible as err:
                erreurs.append(err.message)
            else:
                commune = communes.get(code) or communes.get(cle(code))
                if commune is None:
                    erreurs.append(f"commune : « {valeurs.texte(brut['commune'])} » n'est pas une commune de la CASA")
                elif note:
                    rapport.notes.append((numero_ligne, note))
        typologie = lu("typologie", lambda v, nom: TYPOLOGIES.code(v))
        financement = lu("financement", lambda v, nom: FINANCEMENTS.code(v))
        nombres = {}
        for c, minimum in (("surface", Decimal("5")), ("loyer", Decimal("0")), ("charges", Decimal("0"))):
            n = lu(c, valeurs.montant)
            if n is not None:
                if n < minimum:
                    erreurs.append(f"{c} : {valeurs.texte(brut[c])} est impossible")
                else:
                    nombres[c] = n
        etage = lu("etage", valeurs.etage)
        reservataire = None
        if valeurs.texte(brut.get("reservataire", "")):
            code = valeurs.texte(brut["reservataire"])
            reservataire = reservataires.get(code) or reservataires.get(code.lower())
            if reservataire is None:
                erreurs.append(f"reservataire : « {code} » inconnu (identifiant ou SIREN)")
        cle_logement = (reference, numero)
        if all(cle_logement) and cle_logement in vus:
            erreurs.append(
                f"numero : le logement {numero} de la résidence {reference} figure déjà ligne {vus[cle_logement]}"
            )
        vus.setdefault(cle_logement, numero_ligne)
        options = {c: lu(c, valeurs.booleen) or False for c in ("en_qpv", "ascenseur", "accessible_pmr")}
        textes = {c: valeurs.texte(brut.get(c, "")) for c in ("nom_residence", "adresse")}
        longs = {"reference_residence": (reference, 40), "numero": (numero, 40)}
        longs |= {"nom_residence": (textes["nom_residence"], 200), "adresse": (textes["adresse"], 300)}
        for c, (valeur, longueur) in longs.items():
            if len(valeur) > longueur:
                erreurs.append(f"{c} : {len(valeur)} caractères, {longueur} au plus")
        if erreurs:
            rapport.erreurs.extend((numero_ligne, e) for e in erreurs)
            continue
        rapport.lignes.append(
            LigneParc(
                numero_ligne,
                {
                    **options,
                    "reference_residence": reference,
                    "nom_residence": textes["nom_residence"],
                    "adresse": textes["adresse"],
                    "commune": commune,
                    "numero": numero,
                    "typologie": typologie,
                    "surface": nombres["surface"],
                    "etage": etage,
                    "financement": financement,
                    "loyer": nombres["loyer"],
                    "charges": nombres.get("charges", Decimal("0")),
                    "reservataire": reservataire,
                },
            )
        )
    if not lignes:
        rapport.erreurs.append((1, "aucune ligne de logement sous l'en-tête"))
    return rapport


def _verifier(par: Utilisateur, bailleur: Organisation) -> None:
    ctx = contexte_de(par)
    if bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.")
    if not (ctx.administrateur_epci or (ctx.organisation_id == bailleur.pk and ctx.a_role(Role.GESTIONNAIRE_BAILLEUR))):
        raise PermissionDenied("Vous ne gérez pas le parc de ce bailleur.")


def parc_importer(
    *, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes, appliquer: bool = False
) -> RapportImport:
    """Checks the file; with appliquer=True and a valid file, writes it in one transaction."""
    _verifier(par, bailleur)
    rapport = valider(lire(nom, contenu), bailleur=bailleur)
    if not appliquer or not rapport.valide:
        return rapport
    with transaction.atomic():
        residences: dict[str, Residence] = {}
        for ligne in rapport.lignes:
            v = ligne.valeurs
            residence = residences.get(v["reference_residence"])
            if residence is None:
                residence, cree = Residence.objects.update_or_create(
                    bailleur=bailleur,
                    reference=v["reference_residence"],
                    defaults={
                        "nom": v["nom_residence"],
                        "adresse": v["adresse"],
                        "commune": v["commune"],
                        "en_qpv": v["en_qpv"],
                    },
                )
                residences[v["reference_residence"]] = residence
                rapport.residences_creees += cree
            _, cree = Logement.objects.update_or_create(
                residence=residence,
                numero=v["numero"],
                defaults={
                    k: v[k]
                    for k in (
                        "typologie",
                        "surface",
                        "etage",
                        "ascenseur",
                        "accessible_pmr",
                        "financement",
                        "loyer",
                        "charges",
                        "reservataire",
                    )
                },
            )
            rapport.logements_crees += cree
            rapport.logements_modifies += not cree
        for residence in residences.values():
            residence.nombre_logements = residence.logements.count()
            residence.save(update_fields=["nombre_logements"])
    rapport.applique = True
    return rapport


EXEMPLE = [
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
]
NOMS = [c.nom for c in COLONNES]


def modele_csv() -> bytes:
    """The template file offered for download: header and one example row, as Excel writes it in France."""
    return modeles.modele_csv(NOMS, [EXEMPLE])


def modele_xlsx() -> bytes:
    """The XLSX template: references and the INSEE code typed as text (Excel keeps 06004 as is)."""
    return modeles.modele_xlsx(
        titre="Parc",
        colonnes=NOMS,
        exemples=[EXEMPLE],
        identifiants=("reference_residence", "commune", "numero", "reservataire"),
        aide=[
            ("commune", "code INSEE (06004) ou nom de la commune"),
            ("typologie", TYPOLOGIES.acceptes() + " ; aussi F3, 3, T1 bis, studio"),
            ("financement", FINANCEMENTS.acceptes() + " ; aussi PLA-I, PLA, HLM/O, PCL, ILN (docs/fichiers.md)"),
            ("etage", "0 ou RDC, 1, 2e, 3ème…"),
            ("en_qpv, ascenseur, accessible_pmr", "oui ou non"),
            ("surface, loyer, charges", "nombres : 64,5 ou 1 012,40"),
            ("reservataire", "identifiant ou SIREN du réservataire (vide : le bailleur)"),
        ],
    )


def import_verifier(*, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes):
    """Keeps the uploaded file with its check report (nothing applied yet): the first ERREURS_GARDEES errors and
    their total. Any file gives a report: an unreadable one is refused with the intake's French reason."""
    from .models import EtatImport, ImportParc

    _verifier(par, bailleur)
    notes: list[list] = []
    try:
        tableau = lire_tableau(nom, contenu, colonnes=COLONNES)
        rapport = valider(tableau.lignes, bailleur=bailleur)
        erreurs = [[ligne, message] for ligne, message in rapport.erreurs]
        lignes = len(rapport.lignes) + len({ligne for ligne, _ in rapport.erreurs})
        notes = [[0, n] for n in tableau.notes] + [[ligne, n] for ligne, n in rapport.notes]
    except ErreurMetier as err:
        erreurs, lignes = [[0, err.message]], 0
    gardees, total = borner(erreurs)
    return ImportParc.objects.create(
        bailleur=bailleur,
        par=par,
        nom_fichier=nom[:200],
        contenu=contenu if len(contenu) <= TAILLE_MAX else b"",
        etat=EtatImport.REJETE if erreurs else EtatImport.VERIFIE,
        lignes=lignes,
        erreurs=gardees,
        nombre_erreurs=total,
        notes=borner(notes)[0],
    )


@transaction.atomic
def import_appliquer(*, par: Utilisateur, import_parc) -> RapportImport:
    """Applies a checked file in one transaction. A second click finds it applied and changes nothing."""
    from django.utils import timezone

    from .models import EtatImport, ImportParc

    import_parc = ImportParc.objects.select_for_update().get(pk=import_parc.pk)
    if import_parc.etat == EtatImport.APPLIQUE:
        raise ErreurMetier("Ce fichier est déjà appliqué.")
    if import_parc.etat != EtatImport.VERIFIE:
        raise ErreurMetier("Ce fichier contient des erreurs : corrigez-le et déposez-le à nouveau.")
    rapport = parc_importer(
        par=par,
        bailleur=import_parc.bailleur,
        nom=import_parc.nom_fichier,
        contenu=bytes(import_parc.contenu),
        appliquer=True,
    )
    if not rapport.applique:  # the referential changed since the check
        raise ErreurMetier("Le fichier n'est plus valide : déposez-le à nouveau pour voir les erreurs.")
    import_parc.etat = EtatImport.APPLIQUE
    import_parc.applique_le = timezone.now()
    import_parc.resultat = (
        f"{rapport.residences_creees} résidence(s) créée(s), {rapport.logements_crees} logement(s) créé(s), "
        f"{rapport.logements_modifies} mis à jour"
    )
    import_parc.save(update_fields=["etat", "applique_le", "resultat"])
    return rapport
