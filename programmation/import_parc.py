"""Import of a landlord's stock (one row per dwelling) from CSV (`;` or `,`, UTF-8 or Windows-1252, as Excel writes
them) or XLSX. Every bad row is reported with its line number and a French reason; nothing is saved until the whole
file is valid, then it is applied in one transaction (idempotent: résidences and dwellings are matched on the
landlord's references).

Our own small service rather than django-import-export's resources: we need one French message per bad row and
field, a check across rows (duplicates), and a preview before anything is written (see docs/programmation.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.fichiers import (
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
from commun.format_fr import compte
from territoire.contexte import contexte_de
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
PAS_PROGRESSION = 500  # rows between two notes of progress
# Plausibility bounds (not legal figures: a value outside is a typing or spreadsheet mistake far more often than a
# real dwelling). The décence decree asks at least 9 m² (or 20 m³) of living space: décret n° 2002-120, art. 4.
BORNES = {
    "surface": (Decimal("9"), Decimal("400"), "m²"),
    "loyer": (Decimal("20"), Decimal("5000"), "€ par mois"),
    "charges": (Decimal("0"), Decimal("2000"), "€ par mois"),
}
journal = logging.getLogger(__name__)
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
    """Rows of the file as dicts keyed by our column names (commun.fichiers); ErreurMetier for an unreadable
    file."""
    return lire_tableau(nom, contenu, colonnes=COLONNES).lignes


def valider(
    lignes: list[dict], *, bailleur: Organisation | None, progression=None, entetes: dict[str, str] | None = None
) -> RapportImport:
    """Checks every row alone and across rows (one dwelling once; one résidence described one way); reads only.
    Values as people write them (commun.fichiers.valeurs): amounts with any thousands separator, RPLS financings
    and typologies, floors such as « RDC », INSEE codes that lost their leading zero (completed, and said in
    `notes`). One error entry per bad row (its reasons joined by « ; »), each reason naming the column as the file's
    header wrote it (`entetes`: {column: header text})."""
    rapport = RapportImport()
    noms = {c: f"« {t} »" for c, t in (entetes or {}).items() if t and t != c}
    traductions: Counter = Counter()
    residences_vues: dict[str, tuple[int, tuple]] = {}
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
        if progression and position % PAS_PROGRESSION == 0:
            progression(position, len(lignes))
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
        textes = {
            "nom_residence": lu("nom_residence", valeurs.texte_libre, longueur=200) or "",
            "adresse": lu("adresse", valeurs.texte_libre, longueur=300) or "",
        }
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
        for c, code, vocabulaire in (("typologie", typologie, TYPOLOGIES), ("financement", financement, FINANCEMENTS)):
            ecrit = valeurs.texte(brut.get(c, ""))
            if code and cle(ecrit) not in (cle(code), cle(vocabulaire.libelle(code))):
                traductions[(c, ecrit, code)] += 1
        nombres = {}
        for c, (minimum, maximum, unite) in BORNES.items():
            n = lu(c, valeurs.montant)
            if n is None:
                continue
            if not minimum <= n <= maximum:
                erreurs.append(
                    f"{c} : {format_fr.nombre(n, 2)} {unite} est invraisemblable (attendu entre "
                    f"{format_fr.nombre(minimum)} et {format_fr.nombre(maximum)} {unite}) : vérifiez la valeur et le "
                    "séparateur des milliers"
                )
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
        for c, valeur in (("reference_residence", reference), ("numero", numero)):
            if len(valeur) > 40:
                erreurs.append(f"{c} : {len(valeur)} caractères, 40 au plus")
        if not erreurs and reference:  # one résidence, one description: a second one differing is a mistake
            description = (textes["nom_residence"], textes["adresse"], commune.pk, options["en_qpv"])
            premiere = residences_vues.setdefault(reference, (numero_ligne, description))
            if premiere[1] != description:
                ecarts = [
                    n
                    for n, a, b in zip(("nom", "adresse", "commune", "QPV"), premiere[1], description, strict=True)
                    if a != b
                ]
                erreurs.append(
                    f"la résidence {reference} est décrite autrement ligne {premiere[0]} ({', '.join(ecarts)}) : "
                    "une résidence a un seul nom, une seule adresse, une seule commune"
                )
        if erreurs:
            rapport.erreurs.append((numero_ligne, " ; ".join(_nommer(e, noms) for e in erreurs)))
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
    for (colonne, ecrit, code), n in sorted(traductions.items())[:20]:
        rapport.notes.append((0, f"{colonne} « {ecrit} » lu comme {code} ({format_fr.compte(n, 'ligne', 'lignes')})"))
    return rapport


def _nommer(message: str, noms: dict[str, str]) -> str:
    """« reference_residence : … » as « « Code résidence » : … » when the file's header named the column so."""
    colonne, separateur, reste = message.partition(" : ")
    return f"{noms[colonne]} : {reste}" if separateur and colonne in noms else message


def _verifier(par: Utilisateur, bailleur: Organisation) -> None:
    ctx = contexte_de(par)
    if bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.")
    if not (ctx.administrateur_epci or (ctx.organisation_id == bailleur.pk and ctx.a_role(Role.GESTIONNAIRE_BAILLEUR))):
        raise PermissionDenied("Vous ne gérez pas le parc de ce bailleur.")


def parc_importer(
    *,
    par: Utilisateur,
    bailleur: Organisation,
    nom: str,
    contenu: bytes,
    appliquer: bool = False,
    progression=None,
) -> RapportImport:
    """Checks the file; with appliquer=True and a valid file, writes it in one transaction. `progression(fait,
    total)` is called every PAS_PROGRESSION rows written."""
    _verifier(par, bailleur)
    rapport = valider(lire(nom, contenu), bailleur=bailleur)
    if not appliquer or not rapport.valide:
        return rapport
    with transaction.atomic():
        residences: dict[str, Residence] = {}
        for n, ligne in enumerate(rapport.lignes, start=1):
            if progression and n % PAS_PROGRESSION == 0:
                progression(n, len(rapport.lignes))
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
    return modeles.modele_csv(NOMS)


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


ECHEC_VERIFICATION = (
    "La vérification s'est arrêtée sur une erreur de l'application, signalée à la CASA. Le fichier est gardé : "
    "relancez-la ; si l'échec se répète, la CASA vous recontacte."
)
ECHEC_APPLICATION = (
    "L'application s'est arrêtée sur une erreur de l'application, signalée à la CASA : rien n'a été enregistré. Le "
    "fichier est gardé : relancez sa vérification, puis appliquez-le."
)


def import_recevoir(*, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes):
    """Keeps the uploaded file (nothing applied) and asks a worker to check it; the page follows the check.
    PermissionDenied for another landlord's user; ErreurMetier for a file over the size limit."""
    from .models import EtatImport, ImportParc
    from .tasks import lancer_verification

    _verifier(par, bailleur)
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(f"Le fichier dépasse {TAILLE_MAX // 1024 // 1024} Mo : découpez-le.", champ="fichier")
    with transaction.atomic():
        imp = ImportParc.objects.create(
            bailleur=bailleur, par=par, nom_fichier=nom[:200], contenu=contenu, etat=EtatImport.RECU
        )
        transaction.on_commit(lambda: lancer_verification(imp.pk))
    return imp


def import_verifier_fichier(*, import_id: int, progression=None):
    """Checks a received file and keeps its report (nothing applied): REJETE with the first ERREURS_GARDEES errors
    and their total, or VERIFIE. The import's row stays locked while the check runs (commun.travaux). Any
    failure, a bug included, ends in ECHEC with a French reason, the file kept for another try."""
    from .models import EtatImport, ImportParc

    if not ImportParc.objects.filter(pk=import_id, etat__in=[EtatImport.RECU, EtatImport.VERIFICATION]).update(
        etat=EtatImport.VERIFICATION
    ):
        return ImportParc.objects.get(pk=import_id)  # already checked (a task delivered twice)
    try:
        with transaction.atomic():
            imp = ImportParc.objects.select_for_update().select_related("bailleur").get(pk=import_id)
            if progression:
                progression(0, 0)  # the worker holds the import: the page can tell it is alive
            notes: list[list] = []
            try:
                tableau = lire_tableau(imp.nom_fichier, bytes(imp.contenu), colonnes=COLONNES)
                rapport = valider(
                    tableau.lignes, bailleur=imp.bailleur, progression=progression, entetes=tableau.entetes
                )
                erreurs = [[ligne, message] for ligne, message in rapport.erreurs]
                imp.lignes = len(rapport.lignes) + len({ligne for ligne, _ in rapport.erreurs})
                notes = [[0, n] for n in tableau.notes] + [[ligne, n] for ligne, n in rapport.notes]
            except ErreurMetier as err:
                erreurs, imp.lignes = [[0, err.message]], 0
            imp.erreurs, imp.nombre_erreurs = borner(erreurs)
            imp.notes = borner(notes)[0]
            imp.etat = EtatImport.REJETE if erreurs else EtatImport.VERIFIE
            imp.verifie_le, imp.resultat = timezone.now(), ""
            imp.save(update_fields=["etat", "lignes", "erreurs", "nombre_erreurs", "notes", "verifie_le", "resultat"])
            return imp
    except Exception:
        journal.exception("Vérification de l'import de parc %s en échec", import_id)
        ImportParc.objects.filter(pk=import_id).update(etat=EtatImport.ECHEC, resultat=ECHEC_VERIFICATION)
        return ImportParc.objects.get(pk=import_id)


def import_verifier(*, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes):
    """Receives and checks a file at once, in this process (what the worker does after import_recevoir)."""
    from .models import EtatImport, ImportParc

    _verifier(par, bailleur)
    imp = ImportParc.objects.create(
        bailleur=bailleur,
        par=par,
        nom_fichier=nom[:200],
        contenu=contenu if len(contenu) <= TAILLE_MAX else b"",
        etat=EtatImport.RECU,
    )
    return import_verifier_fichier(import_id=imp.pk)


def import_demander_application(*, par: Utilisateur, import_parc):
    """The landlord's click on « Appliquer au parc »: a worker applies the file in one transaction. ErreurMetier when
    it is applied already or not checked without error."""
    from .models import EtatImport, ImportParc
    from .tasks import lancer_application

    _verifier(par, import_parc.bailleur)
    with transaction.atomic():
        imp = ImportParc.objects.select_for_update().get(pk=import_parc.pk)
        if imp.etat == EtatImport.APPLIQUE:
            raise ErreurMetier("Ce fichier est déjà appliqué.")
        if imp.etat != EtatImport.VERIFIE:
            raise ErreurMetier("Ce fichier contient des erreurs : corrigez-le et déposez-le à nouveau.")
        imp.application_demandee_le, imp.application_demandee_par = timezone.now(), par
        imp.save(update_fields=["application_demandee_le", "application_demandee_par"])
        transaction.on_commit(lambda: lancer_application(imp.pk))
    return imp


def import_appliquer_fichier(*, import_id: int, progression=None):
    """Applies a checked file, checked again, in one transaction holding the import's row; applied already: nothing.
    A worker killed in the middle leaves nothing written. A file no longer valid (the referential changed) goes back
    to REJETE with the new report; a bug ends in ECHEC (the file kept)."""
    from .models import EtatImport, ImportParc

    try:
        with transaction.atomic():
            imp = ImportParc.objects.select_for_update().select_related("bailleur").get(pk=import_id)
            if imp.etat == EtatImport.APPLIQUE:
                return imp
            if imp.etat != EtatImport.VERIFIE:
                raise ErreurMetier("Ce fichier n'est pas vérifié sans erreur : rien n'est appliqué.")
            par = imp.application_demandee_par or imp.par
            if progression:
                progression(0, imp.lignes)
            rapport = parc_importer(
                par=par,
                bailleur=imp.bailleur,
                nom=imp.nom_fichier,
                contenu=bytes(imp.contenu),
                appliquer=True,
                progression=progression,
            )
            if not rapport.applique:  # the referential changed since the check
                imp.etat = EtatImport.REJETE
                imp.erreurs, imp.nombre_erreurs = borner(rapport.erreurs)
                imp.resultat = "Le fichier n'est plus valide : voyez les erreurs, corrigez-le et déposez-le à nouveau."
            else:
                imp.etat, imp.applique_le = EtatImport.APPLIQUE, timezone.now()
                imp.resultat = (
                    f"{compte(rapport.residences_creees, 'résidence créée', 'résidences créées')}, "
                    f"{compte(rapport.logements_crees, 'logement créé', 'logements créés')}, "
                    f"{compte(rapport.logements_modifies, 'logement mis à jour', 'logements mis à jour')}"
                )
            imp.save(update_fields=["etat", "erreurs", "nombre_erreurs", "applique_le", "resultat"])
            return imp
    except ErreurMetier as err:
        ImportParc.objects.filter(pk=import_id).update(resultat=err.message[:200])
        raise
    except Exception:
        journal.exception("Application de l'import de parc %s en échec", import_id)
        ImportParc.objects.filter(pk=import_id, etat=EtatImport.VERIFIE).update(
            etat=EtatImport.ECHEC, resultat=ECHEC_APPLICATION[:200]
        )
        raise


def import_appliquer(*, par: Utilisateur, import_parc) -> RapportImport:
    """Applies a checked file at once, in this process (what the worker does after import_demander_application).
    A second call finds it applied: ErreurMetier."""
    from .models import EtatImport, ImportParc

    _verifier(par, import_parc.bailleur)
    with transaction.atomic():
        imp = ImportParc.objects.select_for_update().get(pk=import_parc.pk)
        if imp.etat == EtatImport.APPLIQUE:
            raise ErreurMetier("Ce fichier est déjà appliqué.")
        if imp.etat != EtatImport.VERIFIE:
            raise ErreurMetier("Ce fichier contient des erreurs : corrigez-le et déposez-le à nouveau.")
        imp.application_demandee_par = par
        imp.save(update_fields=["application_demandee_par"])
    imp = import_appliquer_fichier(import_id=imp.pk)
    if imp.etat != EtatImport.APPLIQUE:
        raise ErreurMetier("Le fichier n'est plus valide : déposez-le à nouveau pour voir les erreurs.")
    return imp


def import_relancer(*, par: Utilisateur, import_parc):
    """« Relancer » on an import whose check failed or was interrupted (checked again from the kept file), or whose
    application was interrupted (applied again). ErreurMetier when nothing is stuck."""
    from .models import EtatImport, ImportParc
    from .tasks import SUIVI, lancer_application, lancer_verification

    _verifier(par, import_parc.bailleur)
    with transaction.atomic():
        try:
            imp = ImportParc.objects.select_for_update(nowait=True).get(pk=import_parc.pk)
        except OperationalError as err:
            raise ErreurMetier("Le fichier est en cours de traitement : la page se met à jour toute seule.") from err
        if imp.etat == EtatImport.ECHEC or (
            imp.etat in (EtatImport.RECU, EtatImport.VERIFICATION)
            and SUIVI.interrompu(imp.pk, "VERIFICATION", depuis=imp.cree_le.timestamp())
        ):
            imp.etat, imp.resultat = EtatImport.RECU, ""
            imp.save(update_fields=["etat", "resultat"])
            transaction.on_commit(lambda: lancer_verification(imp.pk))
        elif imp.etat == EtatImport.VERIFIE and imp.application_demandee_le and SUIVI.interrompu(imp.pk, "APPLICATION"):
            transaction.on_commit(lambda: lancer_application(imp.pk))
        else:
            raise ErreurMetier("Ce fichier n'est ni en échec ni interrompu : rien à relancer.")
    return imp
