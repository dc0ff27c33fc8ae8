"""Import of a landlord's stock (one row per dwelling) from CSV (`;` or `,`, UTF-8 or Windows-1252, as Excel writes
them) or XLSX. Every bad row is reported with its line number and a French reason; nothing is saved until the whole
file is valid, then it is applied in one transaction (idempotent: résidences and dwellings are matched on the
landlord's references).

Our own small service rather than django-import-export's resources: we need one French message per bad row and
field, a check across rows (duplicates), and a preview before anything is written (see docs/programmation.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casa_logement.tableaux import TAILLE_MAX, cle, lire_tableau
from territoire.contexte import contexte_de
from territoire.exceptions import ErreurMetier
from territoire.models import Commune, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation

from .models import FinancementLogement, Logement, Residence, Typologie

COLONNES = [
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
OBLIGATOIRES = [
    "reference_residence",
    "nom_residence",
    "adresse",
    "commune",
    "numero",
    "typologie",
    "surface",
    "etage",
    "financement",
    "loyer",
]
VRAI = {"oui", "o", "1", "vrai", "x", "yes", "true"}
FAUX = {"non", "n", "0", "faux", "", "no", "false"}


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

    @property
    def valide(self) -> bool:
        return not self.erreurs


_cle = cle


def lire(nom: str, contenu: bytes) -> list[dict]:
    """Rows of the file as dicts keyed by normalised column names; raises ErreurMetier for an unreadable file."""
    return lire_tableau(nom, contenu, obligatoires=OBLIGATOIRES)


def _decimal(valeur: str) -> Decimal:
    texte = valeur.replace("\xa0", "").replace(" ", "").replace("€", "").replace(",", ".")
    return Decimal(texte)


def _booleen(valeur: str, nom: str, erreurs: list[str]) -> bool:
    v = (valeur or "").strip().lower()
    if v in VRAI:
        return True
    if v not in FAUX:
        erreurs.append(f"{nom} : « {valeur} » n'est pas oui ou non")
    return False


def valider(lignes: list[dict], *, bailleur: Organisation) -> RapportImport:
    rapport = RapportImport()
    communes = {}
    for c in Commune.objects.all():
        communes[c.code_insee] = c
        communes[_cle(c.nom)] = c
    reservataires = {}
    for o in Organisation.objects.filter(est_reservataire=True):
        reservataires[o.slug] = o
        if o.siren:
            reservataires[o.siren] = o
    vus: dict[tuple[str, str], int] = {}
    for position, brut in enumerate(lignes, start=2):  # line 1 is the header
        numero_ligne = brut.get("_ligne", position)  # the line in the file, blank lines counted
        erreurs: list[str] = []
        for c in OBLIGATOIRES:
            if not brut.get(c):
                erreurs.append(f"{c} : valeur manquante")
        commune = communes.get(brut.get("commune", "")) or communes.get(_cle(brut.get("commune", "")))
        if brut.get("commune") and commune is None:
            erreurs.append(f"commune : « {brut['commune']} » n'est pas une commune de la CASA")
        typologie = brut.get("typologie", "").upper().replace("+", "").replace("T6P", "T6")
        if brut.get("typologie") and typologie not in Typologie.values:
            erreurs.append(f"typologie : « {brut['typologie']} » inconnue (T1 à T6)")
        financement = brut.get("financement", "").upper()
        if brut.get("financement") and financement not in FinancementLogement.values:
            erreurs.append(f"financement : « {brut['financement']} » inconnu (PLAI, PLUS, PLS, PLI)")
        nombres = {}
        for c, minimum in (("surface", Decimal("5")), ("loyer", Decimal("0")), ("charges", Decimal("0"))):
            if brut.get(c):
                try:
                    nombres[c] = _decimal(brut[c])
                except InvalidOperation:
                    erreurs.append(f"{c} : « {brut[c]} » n'est pas un nombre")
                    continue
                if nombres[c] < minimum:
                    erreurs.append(f"{c} : {brut[c]} est impossible")
        etage = None
        if brut.get("etage"):
            try:
                etage = int(brut["etage"])
            except ValueError:
                erreurs.append(f"etage : « {brut['etage']} » n'est pas un nombre entier")
        reservataire = None
        if brut.get("reservataire"):
            reservataire = reservataires.get(brut["reservataire"])
            if reservataire is None:
                erreurs.append(f"reservataire : « {brut['reservataire']} » inconnu (identifiant ou SIREN)")
        cle = (brut.get("reference_residence", ""), brut.get("numero", ""))
        if all(cle) and cle in vus:
            erreurs.append(f"numero : le logement {cle[1]} de la résidence {cle[0]} figure déjà ligne {vus[cle]}")
        vus.setdefault(cle, numero_ligne)
        valeurs = {
            "en_qpv": _booleen(brut.get("en_qpv", ""), "en_qpv", erreurs),
            "ascenseur": _booleen(brut.get("ascenseur", ""), "ascenseur", erreurs),
            "accessible_pmr": _booleen(brut.get("accessible_pmr", ""), "accessible_pmr", erreurs),
        }
        if erreurs:
            rapport.erreurs.extend((numero_ligne, e) for e in erreurs)
            continue
        valeurs.update(
            reference_residence=cle[0],
            nom_residence=brut["nom_residence"],
            adresse=brut["adresse"],
            commune=commune,
            numero=cle[1],
            typologie=typologie,
            surface=nombres["surface"],
            etage=etage,
            financement=financement,
            loyer=nombres["loyer"],
            charges=nombres.get("charges", Decimal("0")),
            reservataire=reservataire,
        )
        rapport.lignes.append(LigneParc(numero_ligne, valeurs))
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


def modele_csv() -> bytes:
    """The template file offered for download: header and one example row, as Excel writes it in France."""
    exemple = [
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
    texte = ";".join(COLONNES) + "\r\n" + ";".join(exemple) + "\r\n"
    return texte.encode("cp1252")


def import_verifier(*, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes):
    """Keeps the uploaded file with its check report (nothing applied yet)."""
    from .models import EtatImport, ImportParc

    _verifier(par, bailleur)
    try:
        rapport = valider(lire(nom, contenu), bailleur=bailleur)
        erreurs = [[ligne, message] for ligne, message in rapport.erreurs]
        lignes = len(rapport.lignes) + len({ligne for ligne, _ in rapport.erreurs})
    except ErreurMetier as err:
        erreurs, lignes = [[0, err.message]], 0
    return ImportParc.objects.create(
        bailleur=bailleur,
        par=par,
        nom_fichier=nom[:200],
        contenu=contenu if len(contenu) <= TAILLE_MAX else b"",
        etat=EtatImport.REJETE if erreurs else EtatImport.VERIFIE,
        lignes=lignes,
        erreurs=erreurs,
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
