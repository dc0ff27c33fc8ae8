"""Use cases of the demand: create a draft, fill its steps, register it (unique number), recompute what derives from
it, qualify, renew, strike off. Keyword-only, transactional, taking the acting user; errors in French.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Func, Q, Sum, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.contexte import contexte_de
from territoire.models import Commune, Organisation, Utilisateur
from territoire.models_acces import NatureLecture
from territoire.roles import Role
from territoire.services_acces import lecture_noter

from . import cotation, cycle, eligibilite, qualification, reference, retention, validation
from .codes import CodePriorite, EtatDemande, Lien, MotifRadiation, TypeCourrier
from .models import (
    ConsultationPiece,
    Courrier,
    CriterePriorite,
    Demande,
    Entretien,
    Personne,
    Piece,
    Ressource,
    SouhaitCommune,
    TransitionDemande,
)

CODE_TERRITOIRE = "006"  # Alpes-Maritimes in the unique number (REGLES §8: « à vérifier : utilisez 006 »)
SEUIL_DOUBLON = 0.55

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


LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def normaliser(texte: str) -> str:
    """'Élodie  DUPONT-Müller' -> 'elodie dupont-muller': no accents, lower case, single spaces; letters of every
    script kept ('عائشة' stays searchable; before, everything outside ASCII was dropped and such a name matched all),
    emoji and symbols dropped."""
    decompose = unicodedata.normalize("NFKD", (texte or "").translate(LIGATURES))
    garde = "".join(c for c in decompose if not unicodedata.combining(c) and (c.isalnum() or c.isspace() or c in "-'’"))
    return " ".join(garde.casefold().split())


# --------------------------------------------------------------------------- who may act


def _verifier_guichet(par: Utilisateur, guichet: Organisation) -> None:
    ctx = contexte_de(par)
    if not ctx.a_role(Role.AGENT_GUICHET, Role.INSTRUCTEUR) or (
        guichet.pk != ctx.organisation_id and not ctx.administrateur_epci
    ):
        raise PermissionDenied("Vous ne pouvez pas enregistrer de demande pour ce guichet.")
    if not guichet.est_guichet_enregistreur or not guichet.code_guichet:
        raise ErreurMetier(f"{guichet.nom} n'est pas un guichet enregistreur : il ne peut pas enregistrer de demande.")


def _verifier_modifiable(par: Utilisateur, demande: Demande) -> None:
    from .selectors import demandes_modifiables

    if not demandes_modifiables(par).filter(pk=demande.pk).exists():
        raise PermissionDenied("Vous ne pouvez pas modifier cette demande.")
    if demande.lecture_seule:
        retention.verifier_non_effacee(demande)  # its data erased: says so and when
        raise ErreurMetier("Cette demande est radiée : elle ne peut plus être modifiée.")


def _journaliser(demande: Demande, avant: str, apres: str, par: Utilisateur | None, motif: str = "") -> None:
    TransitionDemande.objects.create(demande=demande, etat_avant=avant, etat_apres=apres, par=par, motif=motif)


def _verrouiller(demande: Demande) -> Demande:
    """Row lock: two agents acting on the same demand at the same time cannot both succeed."""
    return Demande.objects.select_for_update().get(pk=demande.pk)


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
    _journaliser(demande, "", EtatDemande.BROUILLON, par, "Brouillon ouvert")
    demande_recalculer(demande=demande)
    return demande


def depot_anteriorite_max() -> int:
    """How many months before today a counter may date a form it received (CASA setting
    CASA_DEPOT_ANTERIORITE_MAX_MOIS, default 3). Registration is due within one month of the filing (cahier des charges,
    arrêté du 23 mars 2015, §3); beyond this bound, an older date needs a CASA instructor's correction with a proof."""
    from django.conf import settings

    return int(settings.CASA_DEPOT_ANTERIORITE_MAX_MOIS)


def _valider_date_depot_brouillon(date_depot: dt.date, jour: dt.date, erreurs: dict) -> None:
    if date_depot > jour:
        erreurs["date_depot"] = ["La date de dépôt ne peut pas être dans le futur."]
    elif date_depot < cycle.mois_apres(jour, -depot_anteriorite_max()):
        erreurs["date_depot"] = [
            f"Une date de dépôt de plus de {depot_anteriorite_max()} mois ({format_fr.date(date_depot)}) ne se saisit "
            "pas au guichet : enregistrez la demande, puis un instructeur de la CASA corrige la date de dépôt avec la "
            "preuve de réception du formulaire."
        ]


@transaction.atomic
def demande_modifier(*, par: Utilisateur, demande: Demande, **champs) -> Demande:
    """Changes fields of the demand (CHAMPS_MODIFIABLES), each checked; amounts typed by a person become numbers.
    Raises ErreursValidation ({field: [French messages]}), PermissionDenied, ErreurMetier. The filing date is fixed
    at registration: afterwards only `date_depot_corriger` moves it."""
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    inconnus = set(champs) - CHAMPS_MODIFIABLES
    if inconnus:
        raise ErreurMetier(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    erreurs: dict[str, list[str]] = {}
    jour = timezone.localdate()
    if "date_depot" in champs:
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
    if "vit_en_couple" in champs:
        champs["vit_en_couple"] = bool(champs["vit_en_couple"])
        if champs["vit_en_couple"] and not demande.personnes.filter(lien=Lien.CO_DEMANDEUR).exists():
            erreurs["vit_en_couple"] = [
                "« Vivent en couple » suppose un co-demandeur : ajoutez le conjoint, partenaire de PACS ou concubin "
                "avec le lien « Co-demandeur », ou décochez la case."
            ]
    if "annee_revenu_fiscal" in champs or "revenu_fiscal_reference" in champs:
        annee = champs.get("annee_revenu_fiscal", demande.annee_revenu_fiscal)
        if champs.get("revenu_fiscal_reference", demande.revenu_fiscal_reference) not in (None, "") and annee in (
            None,
            "",
        ):
            erreurs["annee_revenu_fiscal"] = ["Indiquez l'année des revenus de l'avis d'imposition."]
        validation.valider_annee_revenu(annee, jour, champs.get("date_depot", demande.date_depot), erreurs)
    # Amounts typed by a person ("1 234,56") become numbers here, or errors next to their field.
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
    validation.lever_si_erreurs(erreurs)
    for champ, valeur in champs.items():
        setattr(demande, champ, valeur)
    demande.save()
    demande_recalculer(demande=demande)
    return demande


def _creer_personnes(demande: Demande, personnes: list[dict]) -> None:
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
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
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
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
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


@transaction.atomic
def critere_ajouter(
    *,
    par: Utilisateur,
    demande: Demande,
    code: str,
    preuve: str,
    date_decision: dt.date | None = None,
    statut_dalo: str = "",
    valable_jusqu_au: dt.date | None = None,
) -> CriterePriorite:
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if code not in CodePriorite.values:
        erreurs["code"] = [f"Critère inconnu : {code}."]
    validation.texte_saisi(preuve, "preuve", erreurs)
    if not (preuve or "").strip():
        erreurs["preuve"] = ["Indiquez le justificatif du critère."]
    if code == CodePriorite.DALO and date_decision is None:
        erreurs["date_decision"] = ["Indiquez la date de la décision de la commission de médiation."]
    if date_decision and date_decision > timezone.localdate():
        erreurs["date_decision"] = ["La date de la décision ne peut pas être dans le futur."]
    if demande.criteres_priorite.filter(code=code, actif=True).exists():
        erreurs["code"] = ["Ce critère est déjà enregistré pour cette demande."]
    validation.lever_si_erreurs(erreurs)
    critere = CriterePriorite.objects.create(
        demande=demande,
        code=code,
        preuve=preuve.strip(),
        date_decision=date_decision,
        statut_dalo=statut_dalo,
        valable_jusqu_au=valable_jusqu_au,
        saisi_par=par,
    )
    demande_recalculer(demande=demande)
    return critere


@transaction.atomic
def critere_retirer(*, par: Utilisateur, critere: CriterePriorite) -> CriterePriorite:
    _verrouiller(critere.demande)
    _verifier_modifiable(par, critere.demande)
    critere.actif = False
    critere.save(update_fields=["actif"])
    demande_recalculer(demande=critere.demande)
    return critere


# --------------------------------------------------------------------------- derived figures


def _personnes_pures(demande: Demande) -> list[eligibilite.Personne]:
    return [
        eligibilite.Personne(
            date_naissance=p.date_naissance,
            lien=p.lien,
            a_charge=p.a_charge,
            handicap=p.handicap,
            enfant_a_naitre=p.enfant_a_naitre,
        )
        for p in demande.personnes.all()
    ]


def eligibilite_evaluer(*, demande: Demande, jour: dt.date | None = None) -> eligibilite.Eligibilite | None:
    """The eligibility figures with the rules in force on `jour` (today by default); None while the household or
    the income is not known yet."""
    jour = jour or timezone.localdate()
    personnes = _personnes_pures(demande)
    if not any(p.lien == Lien.DEMANDEUR for p in personnes) or demande.revenu_fiscal_reference is None:
        return None
    ressources = Ressource.objects.filter(personne__demande=demande).aggregate(t=Sum("montant_mensuel"))["t"]
    retenu = eligibilite.revenu_retenu(
        demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
    )
    baremes = reference.baremes_en_vigueur(jour)
    return eligibilite.evaluer(
        personnes=personnes,
        couple=demande.vit_en_couple,
        jour=jour,
        revenu_fiscal_reference=retenu.montant,
        ressources_mensuelles=ressources or Decimal("0"),
        baremes=baremes,
        seuil_q1=reference.seuil_q1(jour),
        # The year of the barème in force (the latest one stays in force until the next is entered).
        annee_regles=next(iter(baremes.values())).annee,
    )


def priorites_en_cours(*, demande: Demande, jour: dt.date) -> list[str]:
    """The codes of the priority criteria that hold on that day (active, and not past their end date)."""
    return sorted(
        demande.criteres_priorite.filter(actif=True)
        .filter(Q(valable_jusqu_au__isnull=True) | Q(valable_jusqu_au__gte=jour))
        .values_list("code", flat=True)
    )


def eligibilite_reporter(demande: Demande, resultat: eligibilite.Eligibilite) -> None:
    """Copies the eligibility figures onto the demand's row (kept there for lists, filters and sorting)."""
    demande.categorie_menage = resultat.categorie_menage
    demande.nombre_personnes = resultat.nombre_personnes
    demande.unites_consommation = resultat.unites_consommation
    demande.ressources_mensuelles = resultat.ressources_mensuelles
    demande.ressources_par_uc = resultat.ressources_par_uc
    demande.premier_quartile = resultat.premier_quartile
    demande.eligible_plai = resultat.plafonds["PLAI"].eligible
    demande.eligible_plus = resultat.plafonds["PLUS"].eligible
    demande.eligible_pls = resultat.plafonds["PLS"].eligible


def demande_recalculer(*, demande: Demande, jour: dt.date | None = None) -> Demande:
    """Refreshes the figures kept on the row for lists and filters (eligibility, priorities, search key)."""
    personnes = list(demande.personnes.all())
    demande.nom_recherche = normaliser(
        " ".join(f"{p.prenom} {p.nom} {p.nom_naissance}" for p in personnes if p.lien != Lien.ENFANT or p.nom)
    )
    demande.priorites = priorites_en_cours(demande=demande, jour=jour or timezone.localdate())
    demande.nombre_personnes = len(personnes) or None
    demande.bebe_jusqu_au = eligibilite.bebe_jusqu_au(personnes)
    try:
        resultat = eligibilite_evaluer(demande=demande, jour=jour)
    except (ValueError, reference.RegleManquante):
        resultat = None
    if resultat is not None:
        eligibilite_reporter(demande, resultat)
    else:  # not computable yet (a draft without income): no figure rather than a stale one
        demande.categorie_menage = demande.unites_consommation = demande.ressources_mensuelles = None
        demande.ressources_par_uc = demande.premier_quartile = None
        demande.eligible_plai = demande.eligible_plus = demande.eligible_pls = None
    try:
        resultat_cotation = cotation_calculer(demande=demande, personnes=personnes, jour=jour)
        demande.score_cotation = resultat_cotation.score
        demande.detail_cotation = resultat_cotation.as_dict()
    except (ValueError, reference.RegleManquante):
        demande.score_cotation, demande.detail_cotation = None, {}
    Demande.objects.filter(pk=demande.pk).update(
        score_cotation=demande.score_cotation,
        detail_cotation=demande.detail_cotation,
        nom_recherche=demande.nom_recherche,
        priorites=demande.priorites,
        nombre_personnes=demande.nombre_personnes,
        bebe_jusqu_au=demande.bebe_jusqu_au,
        categorie_menage=demande.categorie_menage,
        unites_consommation=demande.unites_consommation,
        ressources_mensuelles=demande.ressources_mensuelles,
        ressources_par_uc=demande.ressources_par_uc,
        premier_quartile=demande.premier_quartile,
        eligible_plai=demande.eligible_plai,
        eligible_plus=demande.eligible_plus,
        eligible_pls=demande.eligible_pls,
    )
    return demande


def surface_minimale(personnes: int) -> int:
    """Overcrowding (APL decency rule, REGLES §10): 9 m² for one person, 16 m² for two, + 9 m² per additional person,
    capped at 70 m² from 8 persons."""
    if personnes <= 1:
        return 9
    return min(16 + 9 * (personnes - 2), 70)


def situation_cotation(*, demande: Demande, personnes: list[Personne], jour: dt.date) -> cotation.SituationCotation:
    """The plain facts the cotation grid reads, taken from the demand."""
    nes = [p for p in personnes if not p.enfant_a_naitre]
    a_un_co = any(p.lien == Lien.CO_DEMANDEUR for p in personnes)
    enfants = any(p.lien == Lien.ENFANT and p.a_charge for p in personnes)
    taux = None
    if demande.loyer_actuel and demande.ressources_mensuelles:
        charge = demande.loyer_actuel - (demande.apl_estimee or 0)
        taux = max(charge, 0) / demande.ressources_mensuelles
    return cotation.SituationCotation(
        priorites=frozenset(demande.priorites),
        logement_actuel=demande.logement_actuel,
        motifs=frozenset(demande.motifs),
        mois_anciennete=cotation.mois_ecoules(demande.date_depot, jour),
        famille_monoparentale=enfants and not a_un_co,
        enfant_attendu=any(p.enfant_a_naitre for p in personnes),
        handicap_dans_menage=demande.perte_autonomie or any(p.handicap for p in personnes),
        taux_effort=taux,
        suroccupation=bool(demande.surface_actuelle and demande.surface_actuelle < surface_minimale(len(nes))),
        mutation=demande.mutation,
        refus_offre_adaptee=demande.refus_offre_adaptee,
        criteres_locaux=frozenset(demande.criteres_locaux),
    )


def cotation_calculer(*, demande: Demande, personnes: list[Personne] | None = None, jour: dt.date | None = None):
    jour = jour or timezone.localdate()
    personnes = personnes if personnes is not None else list(demande.personnes.all())
    return cotation.calculer(
        reference.grille_cotation(jour), situation_cotation(demande=demande, personnes=personnes, jour=jour)
    )


@transaction.atomic
def cotations_recalculer(*, jour: dt.date | None = None) -> int:
    """Scores every live demand again (nightly, and after a change of grid): seniority grows every month."""
    jour = jour or timezone.localdate()
    grille = reference.grille_cotation(jour)
    vivantes = Demande.objects.exclude(etat=EtatDemande.RADIEE).prefetch_related("personnes")
    a_jour = []
    expirees = set(
        CriterePriorite.objects.filter(actif=True, valable_jusqu_au__lt=jour).values_list("demande_id", flat=True)
    )
    for demande in vivantes.iterator(chunk_size=1000):
        if demande.pk in expirees:  # a criterion ended: it no longer counts
            demande.priorites = priorites_en_cours(demande=demande, jour=jour)
        resultat = cotation.calculer(
            grille, situation_cotation(demande=demande, personnes=list(demande.personnes.all()), jour=jour)
        )
        demande.score_cotation, demande.detail_cotation = resultat.score, resultat.as_dict()
        a_jour.append(demande)
    Demande.objects.bulk_update(a_jour, ["score_cotation", "detail_cotation", "priorites"], batch_size=1000)
    return len(a_jour)


# --------------------------------------------------------------------------- duplicates and registration


class Unaccent(Func):
    function = "unaccent"


def doublons_probables(*, demande: Demande) -> list[Personne]:
    """Persons of other live demands with the same birth date and a close name (accents and spelling aside)."""
    trouves: list[Personne] = []
    for p in demande.personnes.filter(lien__in=[Lien.DEMANDEUR, Lien.CO_DEMANDEUR]):
        nom = normaliser(f"{p.prenom} {p.nom}")
        candidats = (
            Personne.objects.filter(date_naissance=p.date_naissance, lien__in=[Lien.DEMANDEUR, Lien.CO_DEMANDEUR])
            .exclude(demande=demande)
            .exclude(demande__etat__in=[EtatDemande.RADIEE, EtatDemande.BROUILLON])
            .annotate(similarite=TrigramSimilarity(Unaccent(Lower(Concat("prenom", Value(" "), "nom"))), nom))
            .filter(similarite__gte=SEUIL_DOUBLON)
            .select_related("demande")
            .order_by("-similarite")
        )
        trouves.extend(candidats[:5])
    return trouves


def _numero_suivant(guichet: Organisation, date_depot: dt.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_seq')")
        (sequence,) = cursor.fetchone()
    return f"{CODE_TERRITOIRE}{date_depot:%m%y}{sequence:06d}{guichet.code_guichet}"


def _verifier_complete(demande: Demande) -> None:
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
    def __init__(self, personnes: list[Personne]):
        numeros = ", ".join(sorted({p.demande.numero for p in personnes if p.demande.numero}))
        super().__init__(
            f"Doublon probable : une demande active existe déjà pour une personne du même nom et de même date de "
            f"naissance ({numeros}). Vérifiez avant d'enregistrer, ou confirmez qu'il s'agit d'une autre personne."
        )
        self.personnes = personnes


@transaction.atomic
def demande_enregistrer(*, par: Utilisateur, demande: Demande, confirmer_malgre_doublon: bool = False) -> Demande:
    """Draft → active: checks completeness and duplicates, gives the unique number; the demand is valid one year."""
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    if demande.etat != EtatDemande.BROUILLON:
        raise ErreurMetier(f"Cette demande est déjà enregistrée sous le numéro {demande.numero}.")
    _verifier_complete(demande)
    if not confirmer_malgre_doublon:
        doublons = doublons_probables(demande=demande)
        if doublons:
            raise DoublonProbable(doublons)
    jour = timezone.localdate()
    demande.numero = _numero_suivant(demande.guichet, demande.date_depot)
    demande.etat = EtatDemande.ACTIVE
    demande.date_enregistrement = jour
    demande.date_echeance = cycle.echeance_initiale(demande.date_depot)
    demande.save()
    motif = "Enregistrée" + (" (doublon écarté par l'agent)" if confirmer_malgre_doublon else "")
    _journaliser(demande, EtatDemande.BROUILLON, EtatDemande.ACTIVE, par, motif)
    demande_recalculer(demande=demande)
    return demande


# --------------------------------------------------------------------------- lifecycle


@transaction.atomic
def demande_qualifier(*, par: Utilisateur, demande: Demande, motif: str = "") -> Demande:
    """Active → qualified, when every piece expected for its situation has been received."""
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    if demande.etat != EtatDemande.ACTIVE:
        raise ErreurMetier("Seule une demande enregistrée (active) peut être qualifiée.")
    manquantes = pieces_manquantes(demande=demande)
    if manquantes:
        raise ErreurMetier(
            "Pièces manquantes pour qualifier la demande : " + " ; ".join(p.libelle for p in manquantes) + "."
        )
    demande.etat = EtatDemande.QUALIFIEE
    demande.save(update_fields=["etat", "modifie_le"])
    _journaliser(demande, EtatDemande.ACTIVE, EtatDemande.QUALIFIEE, par, motif or "Pièces complètes")
    return demande


def _verifier_peut_agir(par: Utilisateur, demande: Demande) -> None:
    """Scope only: a struck-off demand may still be reactivated by a service that may act on it."""
    from .selectors import demandes_modifiables

    if not demandes_modifiables(par).filter(pk=demande.pk).exists():
        raise PermissionDenied("Vous ne pouvez pas modifier cette demande.")


def _etat_avant_radiation(demande: Demande) -> str:
    """The state a struck-off demand had (ACTIVE or QUALIFIEE), read in its log."""
    derniere = demande.transitions.filter(etat_apres=EtatDemande.RADIEE).exclude(etat_avant=EtatDemande.RADIEE).last()
    if derniere and derniere.etat_avant in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE):
        return derniere.etat_avant
    return EtatDemande.ACTIVE


def _reactiver(demande: Demande, par: Utilisateur, motif: str) -> None:
    """Struck off → the state it had: number, filing date (so seniority) and history kept; logged with its author.
    Never once its personal data is erased (retention): the reactivation windows end before the retention period."""
    retention.verifier_non_effacee(demande)
    etat = _etat_avant_radiation(demande)
    demande.etat = etat
    demande.date_radiation = None
    demande.motif_radiation = ""
    demande.save(update_fields=["etat", "date_radiation", "motif_radiation", "date_echeance", "modifie_le"])
    _journaliser(demande, EtatDemande.RADIEE, etat, par, motif[:300])
    demande_recalculer(demande=demande)


def _verifier_date_de_reception(recu_le: dt.date, jour: dt.date, au_plus_tot: dt.date | None, quoi: str) -> None:
    """A paper received by a service is recorded within the month of its reception, never before the demand existed
    nor in the future (a reactivation cannot be obtained by backdating it). Raises ErreurMetier on `recu_le`."""
    if recu_le > jour:
        raise ErreurMetier(f"La date de réception ne peut pas être dans le futur ({quoi}).", champ="recu_le")
    if au_plus_tot and recu_le < au_plus_tot:
        raise ErreurMetier(
            f"La date de réception ({format_fr.date(recu_le)}) précède l'enregistrement de la demande "
            f"({format_fr.date(au_plus_tot)}).",
            champ="recu_le",
        )
    if recu_le < cycle.mois_apres(jour, -1):
        raise ErreurMetier(
            f"Réception le {format_fr.date(recu_le)} ({quoi}) : un courrier reçu s'enregistre dans le mois de sa "
            "réception ; au-delà, sa date ne se prouve plus ici.",
            champ="recu_le",
        )


# Radiations a renewal received in time reverses (docs/demandes.md): non-renewal, and no answer to a warning.
REACTIVABLES = (MotifRadiation.RADREN, MotifRadiation.RADCON)


def _avertissements_clore(demande: Demande, par: Utilisateur, recu_le: dt.date) -> None:
    """A renewal received is an answer from the applicant: the open warning (R441-2-8) no longer strikes it off."""
    ouverts = demande.courriers.filter(type=TypeCourrier.AVERTISSEMENT, repondu_le__isnull=True)
    for courrier in ouverts:
        courrier.repondu_le = max(recu_le, courrier.envoye_le)
        courrier.reponse_notee_par = par
        courrier.save(update_fields=["repondu_le", "reponse_notee_par"])


def renouvellement_possible(demande: Demande, jour: dt.date | None = None) -> tuple[bool, str]:
    """Whether a renewal received on `jour` is accepted, and why not (a French sentence) — for the page's button."""
    jour = jour or timezone.localdate()
    if demande.etat == EtatDemande.BROUILLON or demande.date_echeance is None:
        return False, "Une demande s'enregistre avant d'être renouvelée."
    effacement = retention.effacement_de(demande)
    if effacement is not None:
        return False, retention.message_effacee(effacement)
    fenetre = cycle.fenetre_renouvellement(demande.date_echeance)
    if demande.etat == EtatDemande.RADIEE and demande.motif_radiation not in REACTIVABLES:
        return False, f"Cette demande est radiée ({demande.get_motif_radiation_display()}) : elle ne se renouvelle pas."
    if demande.motif_radiation == MotifRadiation.RADCON and demande.date_radiation:
        # struck off for no answer: a renewal received is the answer, within the five months of the letter's rule
        limite = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
        if jour > limite:
            return False, (
                f"Radiée le {format_fr.date(demande.date_radiation)} faute de réponse : elle pouvait être réactivée "
                f"jusqu'au {format_fr.date(limite)}. Le demandeur dépose une nouvelle demande."
            )
    if jour < fenetre.ouverte_le:
        return False, (
            f"La demande est valable jusqu'au {demande.date_echeance:%d/%m/%Y} : son renouvellement sera possible à "
            f"partir du {fenetre.ouverte_le:%d/%m/%Y}."
        )
    if jour > fenetre.fermee_apres:
        return False, (
            f"Le délai de réactivation est dépassé depuis le {fenetre.fermee_apres:%d/%m/%Y} (18 mois après le dépôt "
            "ou le dernier renouvellement) : le demandeur dépose une nouvelle demande."
        )
    return True, ""


@transaction.atomic
def renouvellement_effet(demande: Demande, recu_le: dt.date) -> tuple[bool, dt.date]:
    """What a renewal received on `recu_le` would do (the confirmation page says it, demande_renouveler does it):
    (whether it reactivates a struck-off demand, the new due date). A renewal received before the radiation but
    recorded after it was in time: the validity runs on from the due date, as if the job had not passed; received
    after the radiation, one year from its reception. Reads only: `renouvellement_possible` says whether it is
    accepted."""
    reactivation = demande.etat == EtatDemande.RADIEE
    a_temps = reactivation and recu_le < demande.date_radiation
    return reactivation, cycle.nouvelle_echeance(
        demande.date_echeance, recu_le, reactivation=reactivation and not a_temps
    )


def demande_renouveler(*, par: Utilisateur, demande: Demande, recu_le: dt.date | None = None) -> Demande:
    """Records a renewal received on `recu_le` (today by default) by the acting service (R441-2-7 CCH).

    Accepted from CASA_RENOUVELLEMENT_OUVERT_MOIS (3) months before the due date to 6 months after it (t + 18 months,
    arrêté du 23 mars 2015, annexe). The new due date is one year after the previous one, never stacked; a demand
    struck off for non-renewal (RADREN, from t + 13 months) is reactivated: same number, same filing date, so its
    seniority, and valid one year from the renewal. Raises ErreurMetier (French, with the dates), PermissionDenied."""
    demande = _verrouiller(demande)
    _verifier_peut_agir(par, demande)
    jour = timezone.localdate()
    recu_le = recu_le or jour
    _verifier_date_de_reception(recu_le, jour, demande.date_enregistrement, "le renouvellement")
    possible, raison = renouvellement_possible(demande, recu_le)
    if not possible:
        raise ErreurMetier(raison, champ="recu_le")
    precedente = demande.date_echeance
    reactivation, demande.date_echeance = renouvellement_effet(demande, recu_le)
    demande.date_dernier_renouvellement = recu_le
    if reactivation:
        _avertissements_clore(demande, par, recu_le)
        demande.save(update_fields=["date_dernier_renouvellement"])
        _reactiver(
            demande,
            par,
            f"Réactivée par le renouvellement reçu le {recu_le:%d/%m/%Y} par {contexte_de(par).organisation_nom} "
            f"(radiée le {demande.date_radiation:%d/%m/%Y}) : valable jusqu'au {demande.date_echeance:%d/%m/%Y}, "
            f"numéro et ancienneté conservés",
        )
        return demande
    _avertissements_clore(demande, par, recu_le)
    demande.save(update_fields=["date_echeance", "date_dernier_renouvellement", "modifie_le"])
    _journaliser(
        demande,
        demande.etat,
        demande.etat,
        par,
        f"Renouvelée (reçu le {recu_le:%d/%m/%Y}) : valable jusqu'au {demande.date_echeance:%d/%m/%Y} "
        f"au lieu du {precedente:%d/%m/%Y}",
    )
    return demande


# --------------------------------------------------------------------------- letters (R441-2-8) and filing date


@transaction.atomic
def avertissement_envoyer(*, par: Utilisateur, demande: Demande, objet: str, envoye_le: dt.date | None = None):
    """Records the warning sent to the applicant (registered letter, R441-2-8 CCH): without an answer, the demand is
    struck off (RADCON) two months after it (arrêté du 23 mars 2015, annexe). Returns the Courrier. One open warning
    per demand. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    jour = timezone.localdate()
    envoye_le = envoye_le or jour
    erreurs: dict[str, list[str]] = {}
    objet = (objet or "").strip()
    validation.texte_saisi(objet, "objet", erreurs)
    if not objet:
        erreurs["objet"] = ["Indiquez l'objet du courrier (ce qui est demandé au demandeur)."]
    elif len(objet) > 300:
        erreurs["objet"] = [f"L'objet fait {len(objet)} caractères : 300 au plus."]
    if envoye_le > jour:
        erreurs["envoye_le"] = ["La date d'envoi ne peut pas être dans le futur."]
    elif demande.date_enregistrement and envoye_le < demande.date_enregistrement:
        erreurs["envoye_le"] = [
            f"La demande a été enregistrée le {format_fr.date(demande.date_enregistrement)} : un avertissement ne "
            "peut pas avoir été envoyé avant."
        ]
    elif envoye_le < cycle.mois_apres(jour, -1):
        erreurs["envoye_le"] = ["Un courrier s'enregistre dans le mois de son envoi."]
    validation.lever_si_erreurs(erreurs)
    if demande.etat not in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE):
        raise ErreurMetier("Seule une demande en cours peut recevoir un avertissement.")
    ouvert = demande.courriers.filter(type=TypeCourrier.AVERTISSEMENT, repondu_le__isnull=True).first()
    if ouvert:
        raise ErreurMetier(
            f"Un avertissement du {ouvert.envoye_le:%d/%m/%Y} attend déjà sa réponse "
            f"(radiation prévue le {ouvert.radiation_prevue_le:%d/%m/%Y})."
        )
    courrier = Courrier.objects.create(
        demande=demande,
        type=TypeCourrier.AVERTISSEMENT,
        objet=objet,
        envoye_le=envoye_le,
        par=par,
        radiation_prevue_le=cycle.radiation_apres_avertissement(envoye_le),
    )
    _journaliser(
        demande,
        demande.etat,
        demande.etat,
        par,
        f"Avertissement envoyé le {envoye_le:%d/%m/%Y} (R441-2-8) : sans réponse, radiation le "
        f"{courrier.radiation_prevue_le:%d/%m/%Y}",
    )
    return courrier


@transaction.atomic
def avertissement_reponse_noter(*, par: Utilisateur, courrier: Courrier, recu_le: dt.date | None = None) -> Courrier:
    """Records the applicant's answer to a warning, received on `recu_le`. Before the radiation it stops it; after it
    (RADCON), within five months, it reactivates the demand with its number and seniority (arrêté du 23 mars 2015,
    annexe). Raises ErreurMetier (French, with the dates), PermissionDenied."""
    demande = _verrouiller(courrier.demande)
    courrier = Courrier.objects.select_for_update().get(pk=courrier.pk)
    _verifier_peut_agir(par, demande)
    retention.verifier_non_effacee(demande)
    jour = timezone.localdate()
    recu_le = recu_le or jour
    if courrier.type != TypeCourrier.AVERTISSEMENT:
        raise ErreurMetier("Ce courrier n'attend pas de réponse.")
    if courrier.repondu_le:
        raise ErreurMetier(f"La réponse à ce courrier est déjà notée (reçue le {courrier.repondu_le:%d/%m/%Y}).")
    if recu_le < courrier.envoye_le:
        raise ErreurMetier(
            f"La réponse se reçoit après l'envoi du courrier ({courrier.envoye_le:%d/%m/%Y}).", champ="recu_le"
        )
    _verifier_date_de_reception(recu_le, jour, None, "la réponse")
    radiee_pour_ce_courrier = demande.etat == EtatDemande.RADIEE and demande.motif_radiation == MotifRadiation.RADCON
    if demande.etat == EtatDemande.RADIEE and not radiee_pour_ce_courrier:
        raise ErreurMetier(f"Cette demande est radiée ({demande.get_motif_radiation_display()}).")
    if radiee_pour_ce_courrier and cycle.fenetre_renouvellement(demande.date_echeance).radiation_le <= recu_le:
        raise ErreurMetier(
            f"La demande est aussi échue depuis le {format_fr.date(demande.date_echeance)} : enregistrez son "
            "renouvellement (il vaut réponse à l'avertissement et la réactive), sans quoi elle serait radiée à "
            "nouveau pour non-renouvellement.",
            champ="recu_le",
        )
    if radiee_pour_ce_courrier:
        limite = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
        if recu_le > limite:
            raise ErreurMetier(
                f"La demande a été radiée le {demande.date_radiation:%d/%m/%Y} faute de réponse : elle pouvait être "
                f"réactivée jusqu'au {limite:%d/%m/%Y}. Le demandeur dépose une nouvelle demande.",
                champ="recu_le",
            )
    courrier.repondu_le = recu_le
    courrier.reponse_notee_par = par
    courrier.save(update_fields=["repondu_le", "reponse_notee_par"])
    if radiee_pour_ce_courrier:
        _reactiver(
            demande,
            par,
            f"Réactivée par la réponse reçue le {recu_le:%d/%m/%Y} à l'avertissement du {courrier.envoye_le:%d/%m/%Y} "
            f"(radiée le {demande.date_radiation:%d/%m/%Y}) : numéro et ancienneté conservés",
        )
    else:
        _journaliser(
            demande,
            demande.etat,
            demande.etat,
            par,
            f"Réponse reçue le {recu_le:%d/%m/%Y} à l'avertissement du {courrier.envoye_le:%d/%m/%Y} : "
            "pas de radiation",
        )
    return courrier


def demandes_sans_reponse_radier(*, jour: dt.date | None = None) -> int:
    """Strikes off (RADCON) the demands whose warning (R441-2-8) has had no answer for two months. Daily (beat)."""
    jour = jour or timezone.localdate()
    echus = Courrier.objects.filter(
        type=TypeCourrier.AVERTISSEMENT,
        repondu_le__isnull=True,
        radiation_prevue_le__lte=jour,
        demande__etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE],
    ).values_list("demande_id", "envoye_le")
    n = 0
    for pk, envoye_le in list(echus):
        demande_radier(
            par=None,
            demande=Demande(pk=pk),
            motif=MotifRadiation.RADCON,
            commentaire=f"sans réponse à l'avertissement du {envoye_le:%d/%m/%Y} (R441-2-8)",
            jour=jour,
        )
        n += 1
    return n


def peut_corriger_date_depot(par: Utilisateur) -> bool:
    """Only an instructor of the EPCI (CASA) corrects a filing date (issue 14: it drives seniority and cotation)."""
    ctx = contexte_de(par)
    return ctx.superutilisateur or (ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR))


@transaction.atomic
def date_depot_corriger(
    *, par: Utilisateur, demande: Demande, date_depot: dt.date, motif: str, justificatif
) -> Demande:
    """Corrects the filing date of a registered demand to the date of reception the proof shows (R441-2-3 CCH: the
    date of reception of the form starts the delays). CASA instructors only; a reason and a proof file (stamped form,
    acknowledgement; PDF, JPEG or PNG) are required; the new date is neither in the future nor after the registration.
    The proof is kept as a piece, the change logged in the demand's history and audited; seniority, cotation and a
    never-renewed due date follow. Raises ErreursValidation, ErreurMetier, PermissionDenied."""
    demande = _verrouiller(demande)
    if not peut_corriger_date_depot(par):
        raise PermissionDenied("Seul un instructeur de la CASA peut corriger la date de dépôt.")
    _verifier_modifiable(par, demande)
    if demande.etat == EtatDemande.BROUILLON:
        raise ErreurMetier("La date de dépôt d'un brouillon se modifie à l'étape 1 du formulaire.")
    erreurs: dict[str, list[str]] = {}
    motif = (motif or "").strip()
    validation.texte_saisi(motif, "motif", erreurs)
    if date_depot is None:
        erreurs["date_depot"] = ["Indiquez la date de dépôt attestée par le justificatif."]
    elif date_depot > demande.date_enregistrement:
        erreurs["date_depot"] = [
            f"La date de dépôt ne peut pas être postérieure à l'enregistrement "
            f"({demande.date_enregistrement:%d/%m/%Y}) : le formulaire était reçu avant d'être enregistré."
        ]
    elif date_depot == demande.date_depot:
        erreurs["date_depot"] = ["C'est déjà la date de dépôt de la demande."]
    elif date_depot < cycle.mois_apres(demande.date_enregistrement, -cycle.delais().validite):
        erreurs["date_depot"] = [
            f"{format_fr.date(date_depot)} précède de plus d'un an l'enregistrement "
            f"({format_fr.date(demande.date_enregistrement)}) : une demande reçue alors aurait dû être renouvelée "
            "(R441-2-7 CCH) ; son ancienneté se reprend par une nouvelle demande, pas par une correction."
        ]
    if len(motif) < 10:
        erreurs["motif"] = ["Expliquez la correction (10 caractères au moins) : elle change l'ancienneté."]
    elif len(motif) > 250:
        erreurs["motif"] = [f"Le motif fait {len(motif)} caractères : 250 au plus."]
    if justificatif is None:
        erreurs["justificatif"] = ["Joignez la preuve de la date de réception (formulaire tamponné, accusé)."]
    validation.lever_si_erreurs(erreurs)
    ancienne = demande.date_depot
    try:
        piece_deposer(
            par=par,
            demande=demande,
            type=qualification.TypePiece.PREUVE_DEPOT,
            fichier=justificatif,
            commentaire=f"Preuve de la date de dépôt du {date_depot:%d/%m/%Y}",
        )
    except validation.ErreursValidation as err:
        raise validation.ErreursValidation(
            {("justificatif" if champ == "fichier" else champ): m for champ, m in err.erreurs.items()}
        ) from err
    jamais_renouvelee = demande.date_dernier_renouvellement is None
    demande.date_depot = date_depot
    champs = ["date_depot", "modifie_le"]
    if jamais_renouvelee:
        # The seniority follows the proof; the validity is never shortened by a correction (the applicant does not
        # pay for the service's late registration): one year after the corrected filing, or the current due date.
        demande.date_echeance = max(cycle.echeance_initiale(date_depot), demande.date_echeance)
        champs.append("date_echeance")
    demande.save(update_fields=champs)
    score_avant = demande.score_cotation
    demande_recalculer(demande=demande)
    _journaliser(
        demande,
        demande.etat,
        demande.etat,
        par,
        f"Date de dépôt corrigée du {ancienne:%d/%m/%Y} au {date_depot:%d/%m/%Y} — {motif}"
        f" (cotation {score_avant if score_avant is not None else '—'} → "
        f"{demande.score_cotation if demande.score_cotation is not None else '—'})",
    )
    return demande


# Radiations that follow a timing (docs/demandes.md), never a click: the beat jobs pronounce them.
RADIATIONS_PAR_LES_DELAIS = {
    MotifRadiation.RADREN: "La radiation pour non-renouvellement est prononcée par l'application un mois après "
    "l'échéance (t + 13 mois) ; elle ne se fait pas à la main.",
    MotifRadiation.RADCON: "Un demandeur injoignable est radié deux mois après un avertissement resté sans réponse "
    "(R441-2-8) : enregistrez l'avertissement envoyé.",
}


@transaction.atomic
def demande_radier(
    *, par: Utilisateur | None, demande: Demande, motif: str, commentaire: str = "", jour: dt.date | None = None
) -> Demande:
    """Strikes the demand off with its legal reason on `jour` (today by default); it becomes read-only. `par` None:
    a beat job applying a timing of docs/demandes.md. Raises ErreurMetier, PermissionDenied."""
    demande = _verrouiller(demande)
    if par is not None:
        _verifier_modifiable(par, demande)
    if demande.etat in (EtatDemande.BROUILLON, EtatDemande.RADIEE):
        raise ErreurMetier("Seule une demande enregistrée peut être radiée.")
    if motif not in MotifRadiation.values:
        raise ErreurMetier(f"Motif de radiation inconnu : {motif}.", champ="motif")
    if par is not None and motif in RADIATIONS_PAR_LES_DELAIS:
        raise ErreurMetier(RADIATIONS_PAR_LES_DELAIS[motif], champ="motif")
    avant = demande.etat
    demande.etat = EtatDemande.RADIEE
    demande.motif_radiation = motif
    demande.date_radiation = jour or timezone.localdate()
    demande.save(update_fields=["etat", "motif_radiation", "date_radiation", "modifie_le"])
    texte = MotifRadiation(motif).label + (f" — {commentaire}" if commentaire else "")
    _journaliser(demande, avant, EtatDemande.RADIEE, par, texte)
    return demande


def radier_pour_attribution(*, par: Utilisateur | None, radiations: list[tuple[int, dt.date, str]]) -> int:
    """Strikes off for attribution (RADATT), on the day of the lease, the demands whose lease the landlord's CAL
    return says is signed: (demand id, lease date, comment). Not a counter's decision: it follows the landlord's
    return, inside its transaction. A demand already struck off keeps its radiation; the lease is noted in its log.
    Returns how many demands were struck off."""
    demandes = {d.pk: d for d in Demande.objects.select_for_update().filter(pk__in=[r[0] for r in radiations])}
    maintenant = timezone.now()
    journal, radiees = [], []
    for pk, date, commentaire in radiations:
        d = demandes[pk]
        texte = f"{MotifRadiation.RADATT.label} le {date:%d/%m/%Y} — {commentaire}"[:300]
        if d.etat == EtatDemande.RADIEE:
            journal.append(TransitionDemande(demande=d, etat_avant=d.etat, etat_apres=d.etat, par=par, motif=texte))
            continue
        journal.append(
            TransitionDemande(demande=d, etat_avant=d.etat, etat_apres=EtatDemande.RADIEE, par=par, motif=texte)
        )
        d.etat, d.motif_radiation, d.date_radiation, d.modifie_le = (
            EtatDemande.RADIEE,
            MotifRadiation.RADATT,
            date,
            maintenant,
        )
        radiees.append(d)
    par_date: dict[dt.date, list[int]] = {}
    for d in radiees:  # one UPDATE per day of lease (a bulk_update's CASE is much slower on thousands of rows)
        par_date.setdefault(d.date_radiation, []).append(d.pk)
    for date, pks in par_date.items():
        Demande.objects.filter(pk__in=pks).update(
            etat=EtatDemande.RADIEE, motif_radiation=MotifRadiation.RADATT, date_radiation=date, modifie_le=maintenant
        )
    TransitionDemande.objects.bulk_create(journal, batch_size=1000)
    return len(radiees)


def journal_noter(*, par: Utilisateur | None, entrees: list[tuple[int, str]]) -> None:
    """Notes in each demand's log an event that does not change its state (a CAL decision, the applicant's answer):
    the applicant is entitled to them (loi ALUR, REGLES §8)."""
    etats = dict(Demande.objects.filter(pk__in={pk for pk, _ in entrees}).values_list("pk", "etat"))
    TransitionDemande.objects.bulk_create(
        (
            TransitionDemande(demande_id=pk, etat_avant=etats[pk], etat_apres=etats[pk], par=par, motif=texte[:300])
            for pk, texte in entrees
        ),
        batch_size=1000,
    )


def refus_offre_compter(*, demande_ids: list[int], jour: dt.date | None = None) -> None:
    """One more refused adapted offer for each demand (a demand may appear twice): the cotation's malus, scored
    again at once."""
    from collections import Counter

    for pk, n in Counter(demande_ids).items():
        Demande.objects.filter(pk=pk).update(refus_offre_adaptee=F("refus_offre_adaptee") + n)
    for demande in Demande.objects.filter(pk__in=set(demande_ids)).prefetch_related("personnes"):
        try:
            resultat = cotation_calculer(demande=demande, personnes=list(demande.personnes.all()), jour=jour)
        except (ValueError, reference.RegleManquante):
            continue
        Demande.objects.filter(pk=demande.pk).update(score_cotation=resultat.score, detail_cotation=resultat.as_dict())


# --------------------------------------------------------------------------- renewal (REGLES §8)

DELAI_RAPPEL = dt.timedelta(days=31)


def rappels_renouvellement_envoyer(*, jour: dt.date | None = None) -> int:
    """A month before the anniversary, tells the applicant and the counter that the demand must be renewed.
    Once per due date: the date of the reminder is kept on the demand."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    jour = jour or timezone.localdate()
    a_rappeler = (
        Demande.objects.filter(
            etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE],
            date_echeance__lte=jour + DELAI_RAPPEL,
            date_echeance__gte=jour,
        )
        .filter(
            Q(rappel_renouvellement_le__isnull=True)
            | Q(rappel_renouvellement_le__lt=F("date_echeance") - dt.timedelta(days=365))
        )
        .select_related("guichet")
    )
    n = 0
    for demande in a_rappeler:
        demandeur = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
        destinataires = [a for a in (demandeur.courriel if demandeur else "", demande.guichet.courriel) if a]
        contexte = {"demande": demande, "demandeur": demandeur}
        with transaction.atomic():
            if destinataires:
                send_mail(
                    f"Votre demande de logement social {demande.numero} est à renouveler",
                    render_to_string("demandes/courriel_renouvellement.txt", contexte),
                    None,
                    destinataires,
                )
            Demande.objects.filter(pk=demande.pk).update(rappel_renouvellement_le=jour)
            Courrier.objects.create(
                demande=demande,
                type=TypeCourrier.RAPPEL_RENOUVELLEMENT,
                objet=f"Renouveler la demande avant le {demande.date_echeance:%d/%m/%Y}",
                envoye_le=jour,
                radiation_prevue_le=cycle.fenetre_renouvellement(demande.date_echeance).radiation_le,
            )
        n += 1
    return n


def demandes_non_renouvelees_radier(*, jour: dt.date | None = None) -> int:
    """Strikes off (RADREN) the demands not renewed one month after the end of their validity (t + 13 months,
    arrêté du 23 mars 2015, annexe): on the day `date_echeance` + 1 month. Until t + 18 months a renewal received
    reactivates them (demande_renouveler). Daily (beat). Returns how many were struck off."""
    jour = jour or timezone.localdate()
    # date_echeance + 1 month <= jour  ⇔  date_echeance <= jour − 1 month (calendar months, end of month clipped)
    limite = cycle.mois_apres(jour, -cycle.delais().radiation_apres_echeance)
    echues = [
        (pk, echeance)
        for pk, echeance in Demande.objects.filter(
            etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE], date_echeance__lte=limite + dt.timedelta(days=3)
        ).values_list("pk", "date_echeance")
        if cycle.fenetre_renouvellement(echeance).radiation_le <= jour
    ]
    n = 0
    for pk, echeance in echues:
        demande_radier(
            par=None,
            demande=Demande(pk=pk),
            motif=MotifRadiation.RADREN,
            commentaire=f"non renouvelée, valable jusqu'au {echeance:%d/%m/%Y} ; réactivable jusqu'au "
            f"{cycle.fenetre_renouvellement(echeance).fermee_apres:%d/%m/%Y}",
            jour=jour,
        )
        n += 1
    return n


# --------------------------------------------------------------------------- qualification: pieces and interview

TAILLE_MAX_PIECE = 10 * 1024 * 1024
FORMATS_PIECE = {"pdf": b"%PDF", "png": b"\x89PNG", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}


def pieces_attendues(*, demande: Demande) -> list[qualification.PieceAttendue]:
    personnes = list(demande.personnes.prefetch_related("ressources"))
    return qualification.pieces_attendues(
        adultes_hors_ue=any(p.nationalite == "HORS_UE" for p in personnes if not p.a_charge),
        a_des_ressources=any(p.ressources.all() for p in personnes),
        revenu_recent_declare=demande.revenu_recent is not None,
        motifs=set(demande.motifs),
        priorites=set(demande.priorites),
        handicap=demande.perte_autonomie or any(p.handicap for p in personnes),
        enfant_attendu=any(p.enfant_a_naitre for p in personnes),
        mutation=demande.mutation,
    )


def pieces_manquantes(*, demande: Demande) -> list[qualification.PieceAttendue]:
    recues = set(demande.pieces.filter(retiree=False).values_list("type", flat=True))
    return [p for p in pieces_attendues(demande=demande) if p.type not in recues]


@transaction.atomic
def piece_deposer(
    *, par: Utilisateur, demande: Demande, type: str, fichier=None, vue_en_original: bool = False, commentaire: str = ""
) -> Piece:
    """Records a piece: an uploaded file (PDF, JPEG or PNG, 10 Mo at most, checked by its first bytes) or a paper
    piece seen in original at the counter."""
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if type not in qualification.TypePiece.values:
        erreurs["type"] = [f"Type de pièce inconnu : {type}."]
    if fichier is None and not vue_en_original:
        erreurs["fichier"] = ["Joignez le fichier, ou cochez « vue en original au guichet »."]
    if fichier is not None:
        extension = fichier.name.rsplit(".", 1)[-1].lower() if "." in fichier.name else ""
        debut = fichier.read(8)
        fichier.seek(0)
        if fichier.size > TAILLE_MAX_PIECE:
            erreurs["fichier"] = [f"Le fichier fait {fichier.size // (1024 * 1024)} Mo : 10 Mo au plus."]
        elif fichier.size == 0:
            erreurs["fichier"] = ["Le fichier est vide."]
        elif extension not in FORMATS_PIECE or not debut.startswith(FORMATS_PIECE[extension]):
            erreurs["fichier"] = ["Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés."]
    validation.lever_si_erreurs(erreurs)
    piece = Piece(
        demande=demande,
        type=type,
        vue_en_original=vue_en_original,
        commentaire=commentaire.strip(),
        deposee_par=par,
    )
    if fichier is not None:
        piece.nom_original = fichier.name[:200]
        piece.taille = fichier.size
        piece.fichier.save(fichier.name, fichier, save=False)
    try:
        with transaction.atomic():
            piece.save()
    except Exception:
        # Nothing half-written: a file whose row could not be saved does not stay on disk.
        if piece.fichier:
            piece.fichier.storage.delete(piece.fichier.name)
        raise
    return piece


@transaction.atomic
def piece_retirer(*, par: Utilisateur, piece: Piece) -> Piece:
    _verrouiller(piece.demande)
    _verifier_modifiable(par, piece.demande)
    piece.retiree = True
    piece.save(update_fields=["retiree"])
    return piece


def piece_consulter(*, par: Utilisateur, piece: Piece) -> Piece:
    """Opens a piece: checks the reader's scope, logs the consultation of sensitive pieces, and notes every opening
    among the sensitive reads that CASA's administrators see (territoire.services_acces.lecture_noter)."""
    from .selectors import demandes_modifiables

    sensible = piece.type in qualification.PIECES_SENSIBLES
    if sensible:
        if not demandes_modifiables(par).filter(pk=piece.demande_id).exists():
            raise PermissionDenied("Pièce confidentielle : réservée aux agents qui instruisent la demande.")
        ConsultationPiece.objects.create(piece=piece, par=par)
    lecture_noter(
        par=par,
        nature=NatureLecture.PIECE_CONFIDENTIELLE if sensible else NatureLecture.PIECE,
        objet_id=piece.pk,
        demande_id=piece.demande_id,
    )
    return piece


@transaction.atomic
def entretien_enregistrer(*, par: Utilisateur, demande: Demande, date: dt.date, sujets: list[str], notes: str = ""):
    demande = _verrouiller(demande)
    _verifier_modifiable(par, demande)
    erreurs: dict[str, list[str]] = {}
    if date > timezone.localdate():
        erreurs["date"] = ["La date de l'entretien ne peut pas être dans le futur."]
    connus = {code for code, _ in qualification.GUIDE_ENTRETIEN}
    if set(sujets) - connus:
        erreurs["sujets"] = ["Sujet d'entretien inconnu."]
    if not sujets:
        erreurs["sujets"] = ["Cochez les sujets abordés pendant l'entretien."]
    validation.lever_si_erreurs(erreurs)
    return Entretien.objects.create(demande=demande, agent=par, date=date, sujets=sujets, notes=notes.strip())


def pieces_orphelines_supprimer(*, age_minimal: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Deletes stored piece files that no Piece row references (left by a rolled-back transaction)."""
    import time

    stockage = Piece._meta.get_field("fichier").storage
    racine = stockage.path("")
    import os

    if not os.path.isdir(racine):
        return 0
    utilises = set(Piece.objects.exclude(fichier="").values_list("fichier", flat=True))
    limite = time.time() - age_minimal.total_seconds()
    n = 0
    for dossier, _, fichiers in os.walk(racine):
        for nom in fichiers:
            chemin = os.path.join(dossier, nom)
            relatif = os.path.relpath(chemin, racine)
            if relatif not in utilises and os.path.getmtime(chemin) < limite:
                os.remove(chemin)
                n += 1
    return n
