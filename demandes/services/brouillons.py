"""Drafts and registration: open a draft with its applicant, fill its steps (fields, household, wishes), then register
it (completeness, probable duplicates, the unique number, valid one year). Keyword-only, transactional, taking the
acting user; errors in French (ErreursValidation by field, ErreurMetier, PermissionDenied)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from territoire.models import Commune, Organisation, Utilisateur

from .. import cycle, validation
from ..codes import EtatDemande, Lien
from ..models import Demande, Personne, Ressource, SouhaitCommune
from ..rules import peut_enregistrer_pour
from ..selectors import doublons_probables
from .calculs import demande_recalculer
from .socle import JOURNAL, verifier_modifiable, verrouiller

CHAMPS_MODIFIABLES = {
    "date_depot",
    "vit_en_couple",
    "logement_actuel",
    "commune_actuelle",
    "loyer_actuel",
    "surface_actuelle",
    "motifs",
    "motif_precision",
    "mutation",
    "bailleur_actuel",
    "perte_autonomie",
    "criteres_locaux",
    "toute_commune",
    "typologies",
    "loyer_max",
    "etage_max",
    "ascenseur_requis",
    "accessibilite_pmr",
    "employeur_nom",
    "employeur_siret",
    "employeur_commune",
    "revenu_fiscal_reference",
    "annee_revenu_fiscal",
    "revenu_recent",
    "revenu_recent_justifie",
    "apl_estimee",
    "etape",
}
CHAMPS_PERSONNE = {
    "lien",
    "nom",
    "prenom",
    "nom_unique",
    "nom_naissance",
    "date_naissance",
    "sexe",
    "nationalite",
    "titre_sejour",
    "titre_sejour_fin",
    "situation_familiale",
    "a_charge",
    "handicap",
    "enfant_a_naitre",
    "telephone",
    "courriel",
    "adresse",
}


def _verifier_guichet(par: Utilisateur, guichet: Organisation) -> None:
    """The user registers for this counter (demandes.rules), and the counter is a registering one."""
    if not peut_enregistrer_pour(par, guichet):
        raise PermissionDenied("Vous ne pouvez pas enregistrer de demande pour ce guichet.")
    if not guichet.est_guichet_enregistreur or not guichet.code_guichet:
        raise ErreurMetier(f"{guichet.nom} n'est pas un guichet enregistreur : il ne peut pas enregistrer de demande.")


# --------------------------------------------------------------------------- draft and steps


@transaction.atomic
def demande_creer(*, par: Utilisateur, guichet: Organisation, date_depot: dt.date, demandeur: dict) -> Demande:
    """Opens a draft with its applicant (step 1 of the form)."""
    _verifier_guichet(par, guichet)
    jour = timezone.localdate()
    erreurs: dict[str, list[str]] = {}
    _valider_date_depot_brouillon(date_depot, jour, erreurs)
    demandeur = {**demandeur, "lien": Lien.DEMANDEUR}
    erreurs.update(validation.valider_menage([demandeur], jour))
    validation.lever_si_erreurs(erreurs)
    demande = Demande.objects.create(guichet=guichet, agent=par, date_depot=date_depot)
    _creer_personnes(demande, [demandeur])
    creer_journalise(demande, **JOURNAL, par=par, motif="Brouillon ouvert")
    demande_recalculer(demande=demande)
    return demande


def _valider_date_depot_brouillon(date_depot: dt.date, jour: dt.date, erreurs: dict) -> None:
    """A draft's filing date: not in the future, not older than the counter's bound (cycle.depot_anteriorite_max)."""
    if date_depot > jour:
        erreurs["date_depot"] = ["La date de dépôt ne peut pas être dans le futur."]
    elif date_depot < cycle.mois_apres(jour, -cycle.depot_anteriorite_max()):
        erreurs["date_depot"] = [
            f"Une date de dépôt de plus de {cycle.depot_anteriorite_max()} mois ({format_fr.date(date_depot)}) ne se "
            "saisit pas au guichet : enregistrez la demande, puis un instructeur de la CASA corrige la date de dépôt "
            "avec la preuve de réception du formulaire."
        ]


@transaction.atomic
def demande_modifier(*, par: Utilisateur, demande: Demande, **champs) -> Demande:
    """Changes fields of the demand (CHAMPS_MODIFIABLES), each checked; amounts typed by a person become numbers.
    Raises ErreursValidation ({field: [French messages]}), PermissionDenied, ErreurMetier. The filing date is fixed
    at registration: afterwards only `date_depot_corriger` moves it."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    inconnus = set(champs) - CHAMPS_MODIFIABLES
    if inconnus:
        raise ErreurMetier(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    erreurs: dict[str, list[str]] = {}
    jour = timezone.localdate()
    _date_depot_verifier(demande, champs, jour, erreurs)
    _couple_verifier(demande, champs, erreurs)
    _revenu_fiscal_verifier(demande, champs, jour, erreurs)
    _saisies_lire(champs, erreurs)
    validation.lever_si_erreurs(erreurs)
    for champ, valeur in champs.items():
        setattr(demande, champ, valeur)
    demande.save()
    demande_recalculer(demande=demande)
    return demande


def etape_atteinte(*, demande: Demande, etape: int) -> None:
    """Notes the furthest step of the registration form reached (1 to 6): raised, never lowered. The form's progress,
    not the demand's data: one UPDATE, no recalculation."""
    if demande.etape < etape:
        Demande.objects.filter(pk=demande.pk, etape__lt=etape).update(etape=etape)
        demande.etape = etape


def _date_depot_verifier(demande: Demande, champs: dict, jour: dt.date, erreurs: dict) -> None:
    """A draft's filing date is checked; a registered demand's is fixed (an unchanged one is dropped from `champs`)."""
    if "date_depot" not in champs:
        return
    if champs["date_depot"] is None:
        erreurs["date_depot"] = ["Indiquez la date de dépôt."]
    elif demande.etat != EtatDemande.BROUILLON:
        if champs["date_depot"] != demande.date_depot:
            erreurs["date_depot"] = [
                "La date de dépôt est fixée à l'enregistrement : seul un instructeur de la CASA peut la corriger, "
                "avec un motif et la preuve de réception du formulaire."
            ]
        del champs["date_depot"]
    else:
        _valider_date_depot_brouillon(champs["date_depot"], jour, erreurs)


def _couple_verifier(demande: Demande, champs: dict, erreurs: dict) -> None:
    """« Vivent en couple » needs a co-applicant in the household."""
    if "vit_en_couple" not in champs:
        return
    champs["vit_en_couple"] = bool(champs["vit_en_couple"])
    if champs["vit_en_couple"] and not demande.personnes.filter(lien=Lien.CO_DEMANDEUR).exists():
        erreurs["vit_en_couple"] = [
            "« Vivent en couple » suppose un co-demandeur : ajoutez le conjoint, partenaire de PACS ou concubin "
            "avec le lien « Co-demandeur », ou décochez la case."
        ]


def _revenu_fiscal_verifier(demande: Demande, champs: dict, jour: dt.date, erreurs: dict) -> None:
    """A reference income comes with the year of its tax notice, and that year fits the filing date."""
    if "annee_revenu_fiscal" not in champs and "revenu_fiscal_reference" not in champs:
        return
    annee = champs.get("annee_revenu_fiscal", demande.annee_revenu_fiscal)
    if champs.get("revenu_fiscal_reference", demande.revenu_fiscal_reference) not in (None, "") and annee in (
        None,
        "",
    ):
        erreurs["annee_revenu_fiscal"] = ["Indiquez l'année des revenus de l'avis d'imposition."]
    validation.valider_annee_revenu(annee, jour, champs.get("date_depot", demande.date_depot), erreurs)


def _saisies_lire(champs: dict, erreurs: dict) -> None:
    """What a person typed becomes values: amounts (« 1 234,56 ») numbers, texts checked, the SIRET without spaces;
    no former landlord without a mutation. Each error next to its field."""
    for champ in ("revenu_fiscal_reference", "revenu_recent"):
        if champ in champs:
            valeur = validation.montant(champs[champ], champ, erreurs, maximum=validation.REVENU_ANNUEL_MAX)
            champs[champ] = None if valeur is None else int(valeur)
    for champ in ("loyer_actuel", "loyer_max", "apl_estimee"):
        if champ in champs:
            champs[champ] = validation.montant(champs[champ], champ, erreurs)
    for champ in ("motif_precision", "commune_actuelle", "employeur_nom", "employeur_commune"):
        if champ in champs:
            validation.texte_saisi(champs[champ], champ, erreurs)
    if champs.get("employeur_siret"):
        siret = "".join(str(champs["employeur_siret"]).split())
        if not (len(siret) == 14 and siret.isdigit()):
            erreurs["employeur_siret"] = ["Un SIRET compte 14 chiffres (sans lettres)."]
        champs["employeur_siret"] = siret
    if champs.get("mutation") is False:
        champs["bailleur_actuel"] = None


def _creer_personnes(demande: Demande, personnes: list[dict]) -> None:
    """The persons given, in order, with their resources."""
    for ordre, p in enumerate(personnes):
        valeurs = {k: v for k, v in p.items() if k in CHAMPS_PERSONNE and v is not None}
        personne = Personne.objects.create(demande=demande, ordre=ordre, **valeurs)
        Ressource.objects.bulk_create(
            Ressource(
                personne=personne, type=r["type"], montant_mensuel=validation.montant(r["montant_mensuel"], "", {})
            )
            for r in p.get("ressources") or []
            if r.get("montant_mensuel") not in (None, "")
        )


@transaction.atomic
def menage_definir(
    *, par: Utilisateur, demande: Demande, personnes: list[dict], vit_en_couple: bool | None = None
) -> Demande:
    """Replaces the household (persons and their resources) by the list given, applicant first, and says whether the
    applicant and the co-applicant are a couple (`vit_en_couple`; None keeps what the demand said, as long as there
    is still a co-applicant). One call, one check: whatever is accepted has a computable eligibility.
    Raises ErreursValidation ({field: [French messages]}: `personnes`, `vit_en_couple`, `personnes-<i>-<champ>`)."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    # None keeps what the demand says: a couple whose co-applicant disappears is refused (say vit_en_couple=False).
    couple = demande.vit_en_couple if vit_en_couple is None else bool(vit_en_couple)
    validation.lever_si_erreurs(validation.valider_menage(personnes, timezone.localdate(), vit_en_couple=couple))
    demande.personnes.all().delete()
    _creer_personnes(demande, sorted(personnes, key=lambda p: p.get("lien") != Lien.DEMANDEUR))
    demande.vit_en_couple = couple
    demande.save(update_fields=["vit_en_couple", "modifie_le"])
    demande_recalculer(demande=demande)
    return demande


@transaction.atomic
def souhaits_definir(
    *,
    par: Utilisateur,
    demande: Demande,
    communes: list[Commune],
    toute_commune: bool = False,
    typologies: list[str] | None = None,
    **autres,
) -> Demande:
    """The wishes: up to 8 communes in order (or any commune), typologies, rent, floor, accessibility."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    typologies = typologies or []
    erreurs = validation.valider_souhaits(
        communes=[c.pk for c in communes], typologies=typologies, toute_commune=toute_commune
    )
    validation.lever_si_erreurs(erreurs)
    demande.souhaits_communes.all().delete()
    SouhaitCommune.objects.bulk_create(
        SouhaitCommune(demande=demande, commune=c, rang=rang) for rang, c in enumerate(communes, start=1)
    )
    return demande_modifier(par=par, demande=demande, toute_commune=toute_commune, typologies=typologies, **autres)


# --------------------------------------------------------------------------- registration


def numero_local_suivant(jour: dt.date) -> str:
    """The local number of a demand registered here on `jour`: `<prefix>-<year>-<sequence of 6 digits or more>`
    (CASA-2026-000123; settings.CASA_PREFIXE_NUMERO_LOCAL). Never in the SNE's format: the numéro unique belongs to
    the SNE (L441-2-1 CCH) and is stored apart, in `Demande.nur` (docs/sne.md « Numéros »)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_local_seq')")
        (sequence,) = cursor.fetchone()
    return f"{settings.CASA_PREFIXE_NUMERO_LOCAL}-{jour:%Y}-{sequence:06d}"


def _verifier_complete(demande: Demande) -> None:
    """What a registered demand must hold: applicant, income, housing, reasons, wishes (and the former landlord of a
    mutation). Raises ErreursValidation."""
    erreurs: dict[str, list[str]] = {}
    if not demande.personnes.filter(lien=Lien.DEMANDEUR).exists():
        erreurs["personnes"] = ["Le ménage n'a pas de demandeur."]
    if demande.revenu_fiscal_reference is None:
        erreurs["revenu_fiscal_reference"] = ["Indiquez le revenu fiscal de référence N-2 du ménage."]
    if not demande.logement_actuel:
        erreurs["logement_actuel"] = ["Indiquez la situation de logement actuelle."]
    if not demande.motifs:
        erreurs["motifs"] = ["Indiquez au moins un motif de la demande."]
    if not demande.toute_commune and not demande.souhaits_communes.exists():
        erreurs["communes"] = ["Choisissez au moins une commune souhaitée."]
    if not demande.typologies:
        erreurs["typologies"] = ["Choisissez au moins une typologie."]
    if demande.mutation and demande.bailleur_actuel_id is None:
        erreurs["bailleur_actuel"] = ["Pour une mutation, indiquez le bailleur actuel."]
    validation.lever_si_erreurs(erreurs)


class DoublonProbable(ErreurMetier):
    """Registration refused: a live demand holds a person of the same birth date and a close name (`personnes`)."""

    def __init__(self, personnes: list[Personne]):
        numeros = ", ".join(sorted({p.demande.reference for p in personnes if p.demande.reference}))
        super().__init__(
            f"Doublon probable : une demande active existe déjà pour une personne du même nom et de même date de "
            f"naissance ({numeros}). Vérifiez avant d'enregistrer, ou confirmez qu'il s'agit d'une autre personne."
        )
        self.personnes = personnes


@transaction.atomic
def demande_enregistrer(*, par: Utilisateur, demande: Demande, confirmer_malgre_doublon: bool = False) -> Demande:
    """Draft → active: checks completeness and duplicates, gives the unique number; the demand is valid one year."""
    demande = verrouiller(demande)
    verifier_modifiable(par, demande)
    if demande.etat != EtatDemande.BROUILLON:
        raise ErreurMetier(f"Cette demande est déjà enregistrée sous le numéro {demande.reference}.")
    _verifier_complete(demande)
    if not confirmer_malgre_doublon:
        doublons = doublons_probables(demande=demande)
        if doublons:
            raise DoublonProbable(doublons)
    jour = timezone.localdate()
    demande.numero = numero_local_suivant(jour)
    demande.date_enregistrement = jour
    demande.date_echeance = cycle.echeance_initiale(demande.date_depot)
    motif = "Enregistrée" + (" (doublon écarté par l'agent)" if confirmer_malgre_doublon else "")
    passer(
        demande,
        EtatDemande.ACTIVE,
        **JOURNAL,
        par=par,
        motif=motif,
        autres_champs=["numero", "date_enregistrement", "date_echeance", "modifie_le"],
    )
    demande_recalculer(demande=demande)
    return demande
