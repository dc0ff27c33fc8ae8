"""The candidate search for a dwelling to fill: one SQL query filters and ranks the demands (every rule of
positionnements.regles that the row can decide), then the pure rules examine the first ones again to say every
criterion met, with its figures. The two must agree: tests/test_positionnements_recherche.py checks it on the demo.

Figures of the day: the income ceilings in force today for the dwelling's financing, the yearly first-quartile quota of
the dwelling's landlord outside the QPV (REGLES §7: at least 25 % of its attributions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from demandes import eligibilite, reference
from demandes.codes import CodePriorite, EtatDemande, Lien
from demandes.models import Demande, Personne, SouhaitCommune
from programmation.models import Disponibilite, Occupation

from . import regles

ETATS_CANDIDATS = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)
OBJECTIF_Q1_HORS_QPV = Decimal("0.25")  # REGLES §7, or the rate of the Convention Intercommunale d'Attribution
TAILLE_MAX = 30


def parametres(**elargir) -> regles.Parametres:
    """CASA's settings (settings.CASA_POSITIONNEMENT), widened by the agent's options."""
    reglage = getattr(settings, "CASA_POSITIONNEMENT", {})
    valeurs = {k: (Decimal(str(v)) if k != "tailles" else v) for k, v in reglage.items()}
    return regles.Parametres(**valeurs, **elargir)


@dataclass(frozen=True)
class Options:
    """How the agent widens or narrows the search."""

    ecart_typologie: int = 0  # 1: one typology above or below
    mutations_seulement: bool = False
    priorite: str = ""  # only the demands with this priority criterion (a CodePriorite)

    def __post_init__(self):
        if self.ecart_typologie not in (0, 1):
            raise ValueError("L'élargissement de typologie est de 0 ou 1.")
        if self.priorite and self.priorite not in CodePriorite.values:
            raise ValueError(f"Critère de priorité inconnu : {self.priorite}.")


@dataclass(frozen=True)
class Ligne:
    rang: int
    demande: Demande
    niveau: int
    examen: regles.Examen
    raison_rang: str

    @property
    def raisons(self) -> tuple[str, ...]:
        return (*self.examen.raisons, self.raison_rang)


@dataclass
class Resultat:
    disponibilite: Disponibilite
    total: int
    lignes: list[Ligne] = field(default_factory=list)
    quota_q1_en_retard: bool = False
    avertissement: str = ""  # e.g. no ceiling for this financing


def logement_regles(dispo: Disponibilite) -> regles.Logement:
    lg = dispo.logement
    return regles.Logement(
        commune=lg.residence.commune.code_insee,
        en_qpv=lg.residence.en_qpv,
        typologie=lg.typologie,
        financement=lg.financement,
        etage=lg.etage,
        ascenseur=lg.ascenseur,
        accessible_pmr=lg.accessible_pmr,
        loyer=dispo.loyer,
        charges=dispo.charges,
    )


def quota_q1_en_retard(dispo: Disponibilite, jour: dt.date) -> bool:
    """Whether the dwelling's landlord is behind its first-quartile quota outside QPV this year (REGLES §7), from the
    attributions the application knows. Inside a QPV the question does not arise."""
    residence = dispo.logement.residence
    if residence.en_qpv:
        return False
    annee = Occupation.objects.filter(
        logement__residence__bailleur_id=residence.bailleur_id,
        logement__residence__en_qpv=False,
        debut__year=jour.year,
        debut__lte=jour,
        quartile__isnull=False,
    )
    total = annee.count()
    return total == 0 or Decimal(annee.filter(quartile=1).count()) / total < OBJECTIF_Q1_HORS_QPV


def _bebe(jour: dt.date):
    un_an = dt.date(jour.year - 1, jour.month, min(jour.day, 28))
    return Exists(
        Personne.objects.filter(demande=OuterRef("pk"), lien=Lien.ENFANT).filter(
            Q(enfant_a_naitre=True) | Q(date_naissance__gt=un_an)
        )
    )


def _plafond_sql(bareme: eligibilite.BaremePlafonds):
    """The household's ceiling for this barème: the amount of its category, plus the amount per person beyond 6."""
    cas = [When(categorie_menage=k, then=Value(bareme.montants[k - 1])) for k in range(1, eligibilite.CATEGORIE_MAX)]
    cas.append(
        When(
            categorie_menage=eligibilite.CATEGORIE_MAX,
            then=Value(bareme.montants[-1])
            + Value(bareme.par_personne_supplementaire) * Greatest(F("nombre_personnes") - 6, Value(0)),
        )
    )
    return Case(*cas, default=Value(None), output_field=IntegerField())


def _revenu_retenu_sql():
    """REGLES §2 as in eligibilite.revenu_retenu: the recent income when at least 10 % lower and justified."""
    return Case(
        When(
            Q(revenu_recent_justifie=True, revenu_recent__isnull=False, recent_100__lte=F("rfr_90")),
            then=F("revenu_recent"),
        ),
        default=F("revenu_fiscal_reference"),
        output_field=IntegerField(),
    )


def requete(
    dispo: Disponibilite, *, p: regles.Parametres, options: Options, jour: dt.date, en_retard: bool
) -> QuerySet[Demande] | None:
    """The demands that suit the dwelling, ranked; None when no ceiling of its financing is in force."""
    lg = logement_regles(dispo)
    baremes = reference.baremes_en_vigueur(jour)
    bareme = baremes.get(lg.financement)
    if bareme is None:
        return None
    total = lg.loyer + lg.charges
    qs = Demande.objects.filter(etat__in=ETATS_CANDIDATS, categorie_menage__isnull=False)
    # the ceiling of the dwelling's financing, in force today
    qs = qs.annotate(recent_100=F("revenu_recent") * 100, rfr_90=F("revenu_fiscal_reference") * 90)
    qs = qs.annotate(revenu_retenu=_revenu_retenu_sql(), plafond=_plafond_sql(bareme))
    qs = qs.filter(revenu_fiscal_reference__isnull=False, revenu_retenu__lte=F("plafond"))
    # the commune
    commune_id = dispo.logement.residence.commune_id
    souhaite = Exists(SouhaitCommune.objects.filter(demande=OuterRef("pk"), commune_id=commune_id))
    qs = qs.filter(Q(toute_commune=True) | souhaite)
    # the household's size for the typology (a baby lets a T2 house three)
    sans_bebe = regles.tailles_acceptees(lg.typologie, p, bebe=False, jusqu_a=TAILLE_MAX)
    avec_bebe = regles.tailles_acceptees(lg.typologie, p, bebe=True, jusqu_a=TAILLE_MAX) - sans_bebe
    taille = Q(nombre_personnes__in=sans_bebe)
    if TAILLE_MAX in sans_bebe:
        taille |= Q(nombre_personnes__gt=TAILLE_MAX)
    if avec_bebe:
        qs = qs.annotate(a_bebe=_bebe(jour))
        taille |= Q(nombre_personnes__in=avec_bebe, a_bebe=True)
    qs = qs.filter(taille)
    # accessibility
    if not lg.accessible_pmr:
        qs = qs.filter(accessibilite_pmr=False)
    if lg.etage > 0 and not lg.ascenseur:
        qs = qs.filter(ascenseur_requis=False, accessibilite_pmr=False)
    qs = qs.filter(Q(etage_max__isnull=True) | Q(etage_max__gte=lg.etage))
    qs = qs.filter(Q(loyer_max__isnull=True) | Q(loyer_max__gte=total))
    # solvency: effort rate and remaining income per consumption unit and day, housing benefit deducted
    apl = Coalesce(F("apl_estimee"), Value(Decimal(0)))
    qs = qs.filter(ressources_mensuelles__gt=0, unites_consommation__gt=0)
    qs = qs.annotate(charge_nette=Value(total) - apl, reste_mensuel=F("ressources_mensuelles") + apl - Value(total))
    qs = qs.filter(charge_nette__lte=F("ressources_mensuelles") * p.taux_effort_max)
    qs = qs.filter(reste_mensuel__gte=F("unites_consommation") * (p.reste_a_vivre_min * 30))
    # the agent's options
    if options.mutations_seulement:
        qs = qs.filter(mutation=True)
    if options.priorite:
        qs = qs.filter(priorites__contains=[options.priorite])
    # ranking: the réservataire's priorities, then the points, then seniority
    niveaux = [
        When(priorites__contains=[CodePriorite.DALO], then=Value(0)),
        When(~Q(priorites=[]), then=Value(1)),
    ]
    if en_retard and not lg.en_qpv:
        niveaux.append(When(premier_quartile=True, then=Value(2)))
    qs = qs.annotate(
        niveau=Case(*niveaux, default=Value(3), output_field=IntegerField()),
        points=Coalesce(F("score_cotation"), Value(0)),
    )
    return qs.order_by("niveau", "-points", "date_depot", "numero")


def candidat(demande: Demande, *, jour: dt.date, baremes: dict) -> regles.Candidat:
    """The pure rules' view of a demand (its persons, wishes and priorities prefetched or fetched)."""
    personnes = list(demande.personnes.all())
    un_an = dt.date(jour.year - 1, jour.month, min(jour.day, 28))
    bebe = any(
        p.lien == Lien.ENFANT and (p.enfant_a_naitre or (p.date_naissance and p.date_naissance > un_an))
        for p in personnes
    )
    revenu = None
    if demande.revenu_fiscal_reference is not None:
        revenu = eligibilite.revenu_retenu(
            demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
        ).montant
    plafonds = {}
    if demande.categorie_menage:
        supplementaires = max((demande.nombre_personnes or 0) - eligibilite.CATEGORIE_MAX, 0)
        if demande.categorie_menage != eligibilite.CATEGORIE_MAX:
            supplementaires = 0
        plafonds = {f: eligibilite.plafond(b, demande.categorie_menage, supplementaires) for f, b in baremes.items()}
    return regles.Candidat(
        numero=demande.numero,
        active=demande.etat in ETATS_CANDIDATS,
        qualifiee=demande.etat == EtatDemande.QUALIFIEE,
        personnes=demande.nombre_personnes or len(personnes),
        bebe=bebe,
        revenu=revenu,
        plafonds=plafonds,
        ressources_mensuelles=demande.ressources_mensuelles,
        unites_consommation=demande.unites_consommation,
        apl_estimee=demande.apl_estimee,
        communes=frozenset(s.commune.code_insee for s in demande.souhaits_communes.all()),
        toute_commune=demande.toute_commune,
        fauteuil=demande.accessibilite_pmr,
        ascenseur_requis=demande.ascenseur_requis,
        etage_max=demande.etage_max,
        loyer_max=demande.loyer_max,
        dalo=CodePriorite.DALO in demande.priorites,
        priorites=tuple(c for c in demande.priorites if c != CodePriorite.DALO),
        premier_quartile=demande.premier_quartile,
        score=demande.score_cotation or 0,
        date_depot=demande.date_depot,
        mutation=demande.mutation,
    )


def chercher(
    dispo: Disponibilite,
    *,
    options: Options | None = None,
    limite: int = 50,
    jour: dt.date | None = None,
) -> Resultat:
    """The ranked candidates for the dwelling: how many in all, and the first `limite` with every reason."""
    options = options or Options()
    jour = jour or dt.date.today()
    p = parametres(ecart_typologie=options.ecart_typologie)
    en_retard = quota_q1_en_retard(dispo, jour)
    resultat = Resultat(disponibilite=dispo, total=0, quota_q1_en_retard=en_retard)
    try:
        qs = requete(dispo, p=p, options=options, jour=jour, en_retard=en_retard)
    except reference.RegleManquante as manque:
        resultat.avertissement = str(manque)
        return resultat
    if qs is None:
        resultat.avertissement = (
            f"Aucun plafond de ressources {dispo.logement.financement} n'est connu : les candidats ne peuvent pas être "
            "recherchés pour ce logement (un administrateur doit saisir le barème)."
        )
        return resultat
    resultat.total = qs.count()
    premieres = list(qs.prefetch_related("personnes", "souhaits_communes__commune")[:limite])
    baremes = reference.baremes_en_vigueur(jour)
    lg = logement_regles(dispo)
    for rang, demande in enumerate(premieres, start=1):
        c = candidat(demande, jour=jour, baremes=baremes)
        resultat.lignes.append(
            Ligne(
                rang=rang,
                demande=demande,
                niveau=demande.niveau,
                examen=regles.examiner(c, lg, p),
                raison_rang=regles.raison_de_rang(c, lg, quota_q1_en_retard=en_retard),
            )
        )
    return resultat


@dataclass(frozen=True)
class Pourquoi:
    eligible: bool
    regle: str
    message: str
    rang: int | None = None


def pourquoi(dispo: Disponibilite, demande: Demande, *, options: Options | None = None, jour=None) -> Pourquoi:
    """Why a demand is, or is not, among the candidates for the dwelling: the first rule it fails, or its rank."""
    options = options or Options()
    jour = jour or dt.date.today()
    p = parametres(ecart_typologie=options.ecart_typologie)
    try:
        baremes = reference.baremes_en_vigueur(jour)
    except reference.RegleManquante as manque:
        return Pourquoi(False, "PLAFOND", str(manque))
    examen = regles.examiner(candidat(demande, jour=jour, baremes=baremes), logement_regles(dispo), p)
    if not examen.eligible:
        return Pourquoi(False, examen.regle, examen.message)
    if options.mutations_seulement and not demande.mutation:
        return Pourquoi(False, "OPTION", "La recherche est limitée aux demandes de mutation.")
    if options.priorite and options.priorite not in demande.priorites:
        return Pourquoi(False, "OPTION", f"La recherche est limitée au critère {CodePriorite(options.priorite).label}.")
    qs = requete(dispo, p=p, options=options, jour=jour, en_retard=quota_q1_en_retard(dispo, jour))
    ids = list(qs.values_list("pk", flat=True)) if qs is not None else []
    rang = ids.index(demande.pk) + 1 if demande.pk in ids else None
    return Pourquoi(True, "", f"La demande convient au logement : rang {rang} sur {len(ids)}.", rang=rang)
