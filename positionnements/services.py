"""Use cases of the positionnements: propose up to three candidates for a dwelling, withdraw one, move one through its
states. Keyword-only, transactional, row-locked, taking the acting user; errors in French (ErreurMetier), refusals as
PermissionDenied (positionnements.rules). The CAL returns' use cases are in positionnements.retours_cal.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.format_fr import compte
from commun.signaux import envoyer_apres_validation
from demandes.models import Demande
from demandes.selectors import numero_normalise, par_numeros, par_numeros_connus
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.models import Organisation, Utilisateur
from territoire.roles import TypeOrganisation

from . import recherche, regles
from .etats import EN_COURS, MACHINE_POSITIONNEMENT, EtatPositionnement, ExceptionTroisCandidats
from .models import Positionnement, ReglesPositionnement
from .rules import peut_fixer_les_regles, peut_positionner
from .signaux import candidats_positionnes
from .transitions import JOURNAL, refus

CANDIDATS_PAR_LOGEMENT = 3  # REGLES §11


@transaction.atomic
def positionner(
    *,
    par: Utilisateur,
    disponibilite: Disponibilite,
    numeros: list[str],
    exception: str = "",
    derogations: dict[str, str] | None = None,
    options: recherche.Options | None = None,
    jour: dt.date | None = None,
) -> list[Positionnement]:
    """Proposes the demands `numeros`, in this rank order, for the dwelling. Each must suit the dwelling (the rules of
    the search, with the agent's options); the dwelling gets three candidates at most and, with fewer, the exception
    must be stated; a demand already positioned elsewhere needs a reason (`derogations[numero]`). All or nothing."""
    if not peut_positionner(par):
        raise PermissionDenied("Seuls les agents de la CASA positionnent des candidats.")
    derogations = derogations or {}
    numeros = _numeros_choisis(numeros)
    # the dwelling first, then the demands in a fixed order: two agents never wait on each other in a circle
    dispo = (
        Disponibilite.objects.select_for_update(of=("self",))
        .select_related("logement__residence__commune")
        .get(pk=disponibilite.pk)
    )
    deja = _places_du_logement(dispo, len(numeros), exception)
    demandes = _demandes_verrouillees(numeros)
    jour = jour or timezone.localdate()
    complet = len(deja) + len(numeros) >= CANDIDATS_PAR_LOGEMENT
    crees = []
    for rang, numero in enumerate(numeros, start=len(deja) + 1):
        demande = demandes[numero]
        if any(p.demande_id == demande.pk for p in deja):
            raise ErreurMetier(f"La demande {demande.reference} est déjà positionnée sur ce logement.", champ="numeros")
        verdict = recherche.pourquoi(dispo, demande, options=options, jour=jour)
        if not verdict.eligible:
            raise ErreurMetier(f"La demande {demande.reference} ne convient pas : {verdict.message}", champ="numeros")
        motif = _motif_d_un_second_positionnement(dispo, demande, derogations.get(numero, "").strip())
        p = _proposer(
            dispo,
            demande,
            rang=rang,
            par=par,
            exception="" if complet else exception,
            derogation=motif,
            examen={"rang_recherche": verdict.rang, "message": verdict.message},
        )
        creer_journalise(p, **JOURNAL, par=par, motif=derogations.get(numero, "").strip())
        crees.append(p)
    envoyer_apres_validation(candidats_positionnes, Positionnement, positionnements=[p.pk for p in crees])
    return crees


def _numeros_choisis(numeros: list[str]) -> list[str]:
    """The demand numbers chosen (each a NUR or a local number), trimmed, at least one and each once (ErreurMetier
    otherwise; the same demand named by both its numbers is caught once the demands are read, by
    _demandes_verrouillees)."""
    numeros = [n.strip() for n in numeros if n and n.strip()]
    if not numeros:
        raise ErreurMetier("Choisissez au moins un candidat.", champ="numeros")
    if len(set(numeros)) != len(numeros):
        raise ErreurMetier("Un même candidat est choisi deux fois.", champ="numeros")
    return numeros


def _places_du_logement(dispo: Disponibilite, proposes: int, exception: str) -> list[Positionnement]:
    """The candidates already under way on the (locked) dwelling, once checked that it is to let, that `proposes`
    more keep it within three candidates and that fewer than three give the law's exception (REGLES §11)."""
    if dispo.etat != EtatDisponibilite.A_POURVOIR:
        raise ErreurMetier("Ce logement n'est plus à pourvoir.")
    deja = list(dispo.positionnements.filter(etat__in=EN_COURS))
    if len(deja) + proposes > CANDIDATS_PAR_LOGEMENT:
        raise ErreurMetier(
            f"Trois candidats au plus par logement : {compte(len(deja), 'déjà positionné', 'déjà positionnés')}, "
            f"{compte(proposes, 'proposé', 'proposés')}.",
            champ="numeros",
        )
    if len(deja) + proposes < CANDIDATS_PAR_LOGEMENT and exception not in ExceptionTroisCandidats.values:
        raise ErreurMetier(
            "La loi demande trois candidats par logement : dites pourquoi il y en a moins (pas assez de candidats, "
            "candidat DALO désigné par le préfet, logement PLAI adapté).",
            champ="exception",
        )
    return deja


def _demandes_verrouillees(numeros: list[str]) -> dict[str, Demande]:
    """The demands by the number chosen (NUR or local number), locked in a fixed order (ErreurMetier naming the
    unknown ones, or a demand chosen twice under its two numbers)."""
    trouvees = Demande.objects.select_for_update(of=("self",)).filter(par_numeros(numeros)).order_by("pk")
    index = par_numeros_connus(trouvees)
    inconnus = [n for n in numeros if numero_normalise(n) not in index]
    if inconnus:
        raise ErreurMetier(f"Demande inconnue : {', '.join(inconnus)}.", champ="numeros")
    demandes = {n: index[numero_normalise(n)] for n in numeros}
    if len({d.pk for d in demandes.values()}) != len(numeros):
        raise ErreurMetier("Un même candidat est choisi deux fois.", champ="numeros")
    return demandes


def _motif_d_un_second_positionnement(dispo: Disponibilite, demande: Demande, motif: str) -> str:
    """The reason kept for a demand already positioned, under way, on another dwelling ("" when it is not);
    ErreurMetier naming that dwelling when no reason is given."""
    ailleurs = (
        Positionnement.objects.filter(demande=demande, etat__in=EN_COURS)
        .exclude(disponibilite=dispo)
        .select_related("disponibilite__logement__residence")
        .first()
    )
    if ailleurs is None:
        return ""
    if not motif:
        logement = ailleurs.disponibilite.logement
        raise ErreurMetier(
            f"La demande {demande.reference} est déjà positionnée sur le logement {logement.numero} de "
            f"{logement.residence.nom} : donnez le motif d'un second positionnement.",
            champ="numeros",
        )
    return motif


def _proposer(dispo: Disponibilite, demande: Demande, *, rang: int, par: Utilisateur, **champs) -> Positionnement:
    """The new positionnement (« proposé »); a double click that raced the checks is said as such."""
    try:
        with transaction.atomic():
            return Positionnement.objects.create(
                disponibilite=dispo, demande=demande, rang=rang, propose_par=par, **champs
            )
    except IntegrityError as err:
        raise ErreurMetier("Ce positionnement vient d'être enregistré : rechargez la page.") from err


@transaction.atomic
def changer_etat(
    *, par: Utilisateur, positionnement: Positionnement, vers: str, motif: str = "", date_effet: dt.date | None = None
) -> Positionnement:
    """Moves a positionnement along the state machine (etats.MACHINE_POSITIONNEMENT) and logs it (commun.etats.passer);
    a move it does not allow is refused (ErreurMetier, transitions.refus)."""
    p = Positionnement.objects.select_for_update().get(pk=positionnement.pk)
    if not MACHINE_POSITIONNEMENT.permise(p.etat, vers):
        raise ErreurMetier(refus(p.etat, vers))
    passer(p, vers, **JOURNAL, par=par, motif=motif, date_effet=date_effet)
    return p


def retirer(*, par: Utilisateur, positionnement: Positionnement, motif: str) -> Positionnement:
    """The agent withdraws a candidate before the commission (a reason is required)."""
    if not peut_positionner(par):
        raise PermissionDenied("Seuls les agents de la CASA retirent un positionnement.")
    if not motif.strip():
        raise ErreurMetier("Donnez le motif du retrait.", champ="motif")
    return changer_etat(par=par, positionnement=positionnement, vers=EtatPositionnement.RETIRE, motif=motif)


DEBUT_DES_REGLES = dt.date(2000, 1, 1)  # CASA's first version applies to every past search


def regles_de_depart_assurer() -> ReglesPositionnement | None:
    """CASA's first version of the positioning rules, when the base has none: the setting CASA_POSITIONNEMENT over the
    defaults of regles.Parametres (REGLES §10), with no author, from DEBUT_DES_REGLES. The same as migration 0009
    writes; called by `charger_referentiel` (a base emptied, the tests' flushed base). Idempotent: None when CASA
    already has a version (they then belong to CASA's administrators)."""
    if ReglesPositionnement.objects.filter(organisation__isnull=True).exists():
        return None
    defauts = regles.Parametres()
    reglage = settings.CASA_POSITIONNEMENT or {}
    tailles = {**defauts.tailles, **reglage.get("tailles", {})}
    return ReglesPositionnement.objects.create(
        organisation=None,
        date_effet=DEBUT_DES_REGLES,
        taux_effort_max=Decimal(str(reglage.get("taux_effort_max", defauts.taux_effort_max))),
        reste_a_vivre_min=Decimal(str(reglage.get("reste_a_vivre_min", defauts.reste_a_vivre_min))),
        tailles={t: [mini, maxi] for t, (mini, maxi) in tailles.items()},
        motif="Version de départ, reprise du réglage CASA_POSITIONNEMENT.",
    )


# The bounds of a version of the positioning rules (docs/positionnements.md « Les règles de chaque bailleur »).
RESTE_A_VIVRE_MAX = Decimal(1000)  # € per consumption unit and day: beyond, a typing error
PERSONNES_MAX = 30  # the search's largest household (recherche.requete.TAILLE_MAX)


@transaction.atomic
def regles_enregistrer(
    *,
    par: Utilisateur,
    bailleur: Organisation | None,
    date_effet: dt.date,
    taux_effort_max: Decimal | None = None,
    reste_a_vivre_min: Decimal | None = None,
    tailles: dict[str, tuple[int, int | None]] | None = None,
    motif: str = "",
) -> ReglesPositionnement:
    """A new version of CASA's positioning rules (`bailleur` None) or of a landlord's, applying from `date_effet`
    (today or later: a past search keeps the rules of its day). `taux_effort_max` a fraction of the monthly
    resources (0 to 1), `reste_a_vivre_min` € per consumption unit and day (0 to 1 000), `tailles` typology → (at
    least, at most) persons (at most None: no maximum). For a landlord, a value left None (a typology absent) is CASA's
    rule of the day; CASA's version states every value; `motif` (required, 300 characters) says why. Versions are
    never changed: the same version sent twice by the same person within DOUBLE_ENVOI (a double click) is kept once.
    Raises PermissionDenied (peut_fixer_les_regles), ErreurMetier (French, with the field) for a past date, a value
    out of bounds, a landlord that is not one, no reason, or values that are already those in force on that day
    (nothing would change: a version is a change)."""
    if not peut_fixer_les_regles(par, bailleur):
        raise PermissionDenied("Seuls l'administrateur de la CASA et celui du bailleur fixent ces règles.")
    if bailleur is not None and bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.")
    # one writer at a time per set of rules: the landlord's row, or CASA's (the EPCI)
    verrou = bailleur.pk if bailleur is not None else Organisation.objects.epci().pk
    Organisation.objects.select_for_update().filter(pk=verrou).first()
    _regles_verifiees(date_effet, taux_effort_max, reste_a_vivre_min, complet=bailleur is None)
    tailles = _tailles_verifiees(tailles or {}, complet=bailleur is None)
    valeurs = {
        "taux_effort_max": taux_effort_max,
        "reste_a_vivre_min": reste_a_vivre_min,
        "tailles": {t: [mini, maxi] for t, (mini, maxi) in tailles.items()},
    }
    motif = " ".join(motif.split())[:300]
    if (meme := _version_inchangee(par, bailleur, date_effet, valeurs)) is not None:
        return meme  # the same version sent again (a double click): kept once
    if not motif:
        raise ErreurMetier(
            "Dites le motif du changement (un règlement, une délibération) : l'historique le garde.", champ="motif"
        )
    return ReglesPositionnement.objects.create(
        organisation=bailleur, date_effet=date_effet, motif=motif, cree_par=par, **valeurs
    )


def _version_inchangee(par, bailleur, date_effet, valeurs: dict) -> ReglesPositionnement | None:
    """The version just written by `par` with these values on that day (a double click), or None when the values
    change something. ErreurMetier when they are those already in force on that day, or, for a landlord without a
    version of its own, when none is given (CASA's rules apply already)."""
    en_vigueur = (
        ReglesPositionnement.objects.filter(organisation=bailleur, date_effet__lte=date_effet)
        .order_by("-date_effet", "-pk")
        .first()
    )
    if bailleur is not None and en_vigueur is None and not any(valeurs.values()):
        raise ErreurMetier(
            f"Aucune valeur donnée : les règles de la CASA s'appliquent déjà à {bailleur.nom}. Indiquez au moins "
            "une valeur propre au bailleur."
        )
    if en_vigueur is None or any(getattr(en_vigueur, champ) != valeur for champ, valeur in valeurs.items()):
        return None
    if (
        en_vigueur.date_effet == date_effet
        and en_vigueur.cree_par_id == par.pk
        and timezone.now() - en_vigueur.cree_le < DOUBLE_ENVOI
    ):
        return en_vigueur
    raise ErreurMetier(
        f"Ces valeurs sont déjà celles en vigueur le {date_effet:%d/%m/%Y} (version du "
        f"{en_vigueur.date_effet:%d/%m/%Y}) : rien à enregistrer. Changez au moins une valeur."
    )


DOUBLE_ENVOI = dt.timedelta(minutes=2)  # the same version sent again within it is a double click, not a new version


def _regles_verifiees(date_effet, taux_effort_max, reste_a_vivre_min, *, complet: bool) -> None:
    """The date of effect and the two thresholds within their bounds (ErreurMetier naming the field otherwise)."""
    if date_effet is None:
        raise ErreurMetier("Indiquez la date à partir de laquelle ces règles s'appliquent.", champ="date_effet")
    aujourd_hui = timezone.localdate()
    if date_effet < aujourd_hui:
        raise ErreurMetier(
            f"La date d'effet ne peut pas être passée (au plus tôt le {aujourd_hui:%d/%m/%Y}) : une recherche déjà "
            "faite s'explique par les règles de son jour.",
            champ="date_effet",
        )
    if date_effet > aujourd_hui + dt.timedelta(days=2 * 366):
        raise ErreurMetier(
            "La date d'effet est à plus de deux ans : vérifiez l'année (une version ne se retire pas).",
            champ="date_effet",
        )
    if taux_effort_max is None and complet:
        raise ErreurMetier("Le taux d'effort maximal de la CASA est obligatoire.", champ="taux_effort_max")
    if taux_effort_max is not None and not Decimal(0) < taux_effort_max <= Decimal(1):
        raise ErreurMetier(
            "Le taux d'effort maximal est compris entre 0 (exclu) et 100 % (inclus).", champ="taux_effort_max"
        )
    if reste_a_vivre_min is None and complet:
        raise ErreurMetier("Le reste à vivre minimal de la CASA est obligatoire.", champ="reste_a_vivre_min")
    if reste_a_vivre_min is not None and not Decimal(0) <= reste_a_vivre_min <= RESTE_A_VIVRE_MAX:
        raise ErreurMetier(
            "Le reste à vivre minimal est compris entre 0 et 1 000 € par unité de consommation et par jour.",
            champ="reste_a_vivre_min",
        )


def _tailles_verifiees(tailles: dict, *, complet: bool) -> dict[str, tuple[int, int | None]]:
    """Typology → (at least, at most) persons, each between 1 and PERSONNES_MAX, at most ≥ at least (ErreurMetier
    naming the typology otherwise); every typology for CASA (`complet`)."""
    verifiees = {}
    for typologie in regles.TYPOLOGIES:
        if typologie not in tailles:
            if complet:
                raise ErreurMetier(
                    f"Indiquez le nombre de personnes pour un {typologie} (règle de la CASA).", champ=typologie
                )
            continue
        mini, maxi = tailles[typologie]
        if mini is None or not 1 <= mini <= PERSONNES_MAX:
            raise ErreurMetier(
                f"{typologie} : le nombre minimal de personnes est compris entre 1 et {PERSONNES_MAX}.", champ=typologie
            )
        if maxi is not None and not mini <= maxi <= PERSONNES_MAX:
            raise ErreurMetier(
                f"{typologie} : le nombre maximal de personnes est compris entre {mini} (le minimal) et "
                f"{PERSONNES_MAX}, ou vide (sans maximum).",
                champ=typologie,
            )
        verifiees[typologie] = (int(mini), None if maxi is None else int(maxi))
    inconnues = set(tailles) - set(regles.TYPOLOGIES)
    if inconnues:
        raise ErreurMetier(f"Typologie inconnue : {', '.join(sorted(inconnues))}.")
    return verifiees
