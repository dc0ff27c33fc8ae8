"""The facts of a period, read from the logs as they were known at the end of a month: the leases (CAL decisions with
the dwelling and household frozen at the lease, and the corrections recorded before that moment), the moves of the
positionnements, and the demands registered, renewed and struck off. A record created or corrected later does not
move a past month: it shows in the month it was recorded, as a regularisation or a correction."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import TransitionDemande
from positionnements.etats import EtatPositionnement
from positionnements.models import CorrectionDecision, DecisionCAL, TransitionPositionnement
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from .indicateurs import Attribution, EvenementDemande, EvenementPositionnement, Faits

E = EtatPositionnement
ETATS_SUIVIS = (
    E.PROPOSE,
    E.VALIDE,
    E.ATTRIBUE,
    E.ATTRIBUE_RANG,
    E.ATTRIBUE_CS,
    E.NON_ATTRIBUE,
    E.IRRECEVABLE,
    E.REFUS_CANDIDAT,
    E.ECHEC,
)


@dataclass(frozen=True)
class Periode:
    annee: int
    mois: int

    @property
    def debut(self) -> dt.date:
        return dt.date(self.annee, self.mois, 1)

    @property
    def fin(self) -> dt.date:
        return dt.date(self.annee, self.mois, calendar.monthrange(self.annee, self.mois)[1])

    @property
    def debut_annee(self) -> dt.date:
        return dt.date(self.annee, 1, 1)

    @property
    def arrete(self) -> dt.datetime:
        """The moment the month's table is drawn up: midnight (Paris) at the end of the month's last day."""
        return timezone.make_aware(dt.datetime.combine(self.fin + dt.timedelta(days=1), dt.time()))

    @property
    def ouverture(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.debut, dt.time()))

    def precedente(self) -> Periode:
        return Periode(self.annee - 1, 12) if self.mois == 1 else Periode(self.annee, self.mois - 1)

    def suivante(self) -> Periode:
        return Periode(self.annee + 1, 1) if self.mois == 12 else Periode(self.annee, self.mois + 1)

    @classmethod
    def de(cls, jour: dt.date) -> Periode:
        return cls(jour.year, jour.month)

    def __str__(self) -> str:
        return f"{self.mois:02d}/{self.annee}"


CLES_LOGEMENT = ("bailleur", "reservataire", "commune", "typologie", "financement", "qpv", "libre_le")
CLES_MENAGE = ("quartile", "dalo", "priorites", "renouvellement_urbain", "mutation")


def _texte(valeur) -> str | None:
    """A JSON value as PostgreSQL's ->> gives it (booleans `true`/`false`, arrays as JSON text)."""
    if valeur is None:
        return None
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, list):
        return json.dumps(valeur)
    return str(valeur)


def attributions(
    *,
    enregistrees_avant: dt.datetime,
    depuis: dt.date | None = None,
    jusqu_au: dt.date,
    enregistrees_depuis: dt.datetime | None = None,
) -> list:
    """The leases known at `enregistrees_avant` (and, with `enregistrees_depuis`, recorded since then), signed (as
    then known) between `depuis` and `jusqu_au`, with the values of that moment: corrections recorded later are
    undone."""
    qs = _baux(enregistrees_avant, enregistrees_depuis, depuis, jusqu_au)
    etat = _reservataires_etat()
    lignes = list(qs)
    corrections = _corrections_par_decision([d[0] for d in lignes])
    resultat = []
    for pk, date_bail, numero, *valeurs in lignes:
        lg = dict(zip(CLES_LOGEMENT, valeurs[: len(CLES_LOGEMENT)], strict=True))
        menage = dict(zip(CLES_MENAGE, valeurs[len(CLES_LOGEMENT) :], strict=True))
        date_bail, corrigee = _tel_qu_alors(date_bail, menage, corrections.get(pk, []), enregistrees_avant)
        if date_bail > jusqu_au or (depuis and date_bail < depuis):
            continue
        resultat.append(_attribution(pk, numero, date_bail, lg, menage, corrigee=corrigee, etat=etat))
    return resultat


def _baux(
    enregistrees_avant: dt.datetime, enregistrees_depuis: dt.datetime | None, depuis: dt.date | None, jusqu_au: dt.date
):
    """(decision id, lease date, demand number (its NUR, else its local number), the frozen dwelling's then
    household's keys as text) of the CAL decisions whose lease was recorded in the window, dated in the period or
    corrected (a correction may have moved them into it or out of it)."""
    bail = TransitionPositionnement.objects.filter(vers=E.BAIL_SIGNE, le__lt=enregistrees_avant)
    if enregistrees_depuis:
        bail = bail.filter(le__gte=enregistrees_depuis)
    corrigees = CorrectionDecision.objects.values("decision_id")
    dates = Q(date_bail__lte=jusqu_au) & (Q(date_bail__gte=depuis) if depuis else Q())
    return (
        DecisionCAL.objects.filter(positionnement_id__in=bail.values("positionnement_id"), date_bail__isnull=False)
        .filter(dates | Q(pk__in=corrigees))
        .order_by()
        # the keys read one by one, as text: decoding the whole JSON of tens of thousands of leases costs seconds
        .values_list(
            "pk",
            "date_bail",
            Coalesce("positionnement__demande__nur", "positionnement__demande__numero"),  # the number shown
            *(KT(f"logement_au_bail__{k}") for k in CLES_LOGEMENT),
            *(KT(f"menage__{k}") for k in CLES_MENAGE),
        )
    )


def _reservataires_etat() -> set[str]:
    """The ids (as text, like the frozen dwelling's) of the State's organisations: their leases count in its
    contingent."""
    return {str(pk) for pk in Organisation.objects.filter(type=TypeOrganisation.ETAT).values_list("pk", flat=True)}


def _corrections_par_decision(decisions: list[int]) -> dict[int, list[CorrectionDecision]]:
    """The corrections of these decisions, the latest first for each."""
    corrections: dict[int, list[CorrectionDecision]] = {}
    for c in CorrectionDecision.objects.filter(decision_id__in=decisions).order_by("-le", "-pk"):
        corrections.setdefault(c.decision_id, []).append(c)
    return corrections


def _tel_qu_alors(
    date_bail: dt.date, menage: dict, corrections: list[CorrectionDecision], enregistrees_avant: dt.datetime
) -> tuple[dt.date, bool]:
    """(lease date, corrected) as known at `enregistrees_avant`: the corrections recorded after that moment are
    undone, the latest first (the household's values updated in place); one recorded before marks the lease
    corrected."""
    corrigee = False
    for c in corrections:
        if c.le >= enregistrees_avant:
            if "date_bail" in c.avant:
                date_bail = dt.date.fromisoformat(c.avant["date_bail"])
            menage.update({k: _texte(v) for k, v in c.avant.get("menage", {}).items()})
        else:
            corrigee = True
    return date_bail, corrigee


def _attribution(
    pk: int, numero: str, date_bail: dt.date, lg: dict, menage: dict, *, corrigee: bool, etat: set[str]
) -> Attribution:
    """A lease as the indicators count it, from the keys read as text."""
    libre = lg["libre_le"]
    priorites = menage["priorites"]
    return Attribution(
        decision_id=pk,
        numero=numero,
        date_bail=date_bail,
        bailleur=int(lg["bailleur"] or 0),
        reservataire=int(lg["reservataire"] or 0),
        commune=lg["commune"] or "",
        typologie=lg["typologie"] or "",
        financement=lg["financement"] or "",
        qpv=lg["qpv"] == "true",
        libre_le=dt.date.fromisoformat(libre) if libre else None,
        quartile=int(menage["quartile"]) if menage["quartile"] else None,
        dalo=menage["dalo"] == "true",
        priorites=tuple(p for p in json.loads(priorites) if p != "DALO") if priorites else (),
        renouvellement_urbain=menage["renouvellement_urbain"] == "true",
        mutation=menage["mutation"] == "true",
        contingent_etat=lg["reservataire"] in etat,
        corrigee=corrigee,
    )


def evenements_positionnements(
    *,
    enregistres_avant: dt.datetime,
    depuis: dt.date,
    jusqu_au: dt.date,
    enregistres_depuis: dt.datetime | None = None,
    groupes: bool = False,
) -> list:
    """The moves of the positionnements; `groupes`: counted by state, day, landlord, réservataire and commune (what
    the table needs), instead of one per move (what the list behind a figure needs)."""
    qs = TransitionPositionnement.objects.filter(vers__in=ETATS_SUIVIS, le__lt=enregistres_avant)
    if enregistres_depuis:
        qs = qs.filter(le__gte=enregistres_depuis)
    qs = qs.annotate(jour=Coalesce("date_effet", TruncDate("le"))).filter(jour__gte=depuis, jour__lte=jusqu_au)
    lieu = (
        "positionnement__disponibilite__logement__residence__bailleur_id",
        "positionnement__disponibilite__reservataire_id",
        "positionnement__disponibilite__logement__residence__commune__code_insee",
    )
    if groupes:
        lignes = qs.order_by().values_list("vers", "jour", *lieu).annotate(n=Count("id"))
        return [EvenementPositionnement(0, "", v, j, b, r, c, n) for v, j, b, r, c, n in lignes]
    numero = Coalesce("positionnement__demande__nur", "positionnement__demande__numero")  # NUR, else local number
    lignes = qs.values_list("positionnement_id", numero, "vers", "jour", *lieu)
    return [EvenementPositionnement(*ligne) for ligne in lignes]


def _jours(depuis: dt.date, jusqu_au: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments from `depuis` at midnight to the midnight after `jusqu_au`, in Paris's time: a range the index on
    a log's `le` serves (a filter on the day cut out of `le` reads the whole log)."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(depuis, dt.time.min, tzinfo=zone),
        dt.datetime.combine(jusqu_au + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _evenements_demandes(*, enregistres_avant: dt.datetime, depuis: dt.date, jusqu_au: dt.date):
    """The demand log's lines that are events of the table (registered, renewed, struck off), annotated with their
    day (`jour`), `type_evenement` and `motif_evenement` (the radiation's SNE code, "" otherwise)."""
    debut, fin = _jours(depuis, jusqu_au)
    return (
        TransitionDemande.objects.filter(le__lt=enregistres_avant)
        .filter(le__gte=debut, le__lt=fin)
        .annotate(jour=TruncDate("le"))
        .filter(
            Q(de=EtatDemande.BROUILLON, vers=EtatDemande.ACTIVE)
            | Q(vers=EtatDemande.RADIEE) & ~Q(de=EtatDemande.RADIEE)
            | Q(de=F("vers"), motif__startswith="Renouvelée")
        )
        .annotate(
            type_evenement=Case(
                When(vers=EtatDemande.RADIEE, then=Value("RADIEE")),
                When(de=EtatDemande.BROUILLON, then=Value("ENREGISTREE")),
                default=Value("RENOUVELEE"),
            ),
            motif_evenement=Case(When(vers=EtatDemande.RADIEE, then=F("demande__motif_radiation")), default=Value("")),
        )
    )


CHAMPS_DEMANDES = ("type_evenement", "jour", "demande__guichet__commune__code_insee", "motif_evenement")


def evenements_demandes(
    *, enregistres_avant: dt.datetime, depuis: dt.date, jusqu_au: dt.date, groupes: bool = False
) -> list:
    """Demands registered, renewed, struck off (by reason), by day and counter's commune; `groupes` as above."""
    qs = _evenements_demandes(enregistres_avant=enregistres_avant, depuis=depuis, jusqu_au=jusqu_au)
    if groupes:
        lignes = qs.order_by().values_list(*CHAMPS_DEMANDES).annotate(n=Count("id"))
        return [EvenementDemande("", t, j, c or "", m or "", n) for t, j, c, m, n in lignes]
    return [
        EvenementDemande(numero, t, j, c or "", m or "")
        for numero, t, j, c, m in qs.values_list(Coalesce("demande__nur", "demande__numero"), *CHAMPS_DEMANDES)
    ]


TYPES_EVENEMENTS = ("ENREGISTREE", "RENOUVELEE", "RADIEE")


def lit_le_motif(predicat) -> bool:
    """Whether an indicator's predicate over demand events reads the radiation's reason (« dont RADABA »): that reason
    is read from the demand as it is now (a reactivation clears it, a new radiation changes it), so a list of such an
    indicator is counted again, not taken from the month's table."""
    return any(
        predicat(EvenementDemande("", t, None, "", m)) != predicat(EvenementDemande("", t, None, "", ""))
        for t in TYPES_EVENEMENTS
        for m in MotifRadiation.values
    )


def evenements_demandes_de(
    predicat, *, enregistres_avant: dt.datetime, depuis: dt.date, jusqu_au: dt.date, commune: str | None = None
):
    """The demand events behind one figure, for its paginated list: those meeting `predicat` (an indicator's, which
    reads an event's type and motif only: indicateurs.SIGNATURES), of the counter's commune `commune` (INSEE code)
    when given, in the order they were recorded. A queryset of (numero, type, jour, commune, motif) rows: the
    predicate is asked of every (type, motif) a demand event can have and becomes the SQL filter, so that a page
    reads its hundred rows, not the year's events (hundreds of thousands at scale 30)."""
    qs = _evenements_demandes(enregistres_avant=enregistres_avant, depuis=depuis, jusqu_au=jusqu_au)
    # each (type, motif) an event can have, as `_evenements_demandes` derives them, said on the log's own columns
    # (not on the derived ones: the database then reads the demand only for a radiation's reason)
    signatures = {
        ("ENREGISTREE", ""): ~Q(vers=EtatDemande.RADIEE) & Q(de=EtatDemande.BROUILLON),
        ("RENOUVELEE", ""): ~Q(vers=EtatDemande.RADIEE) & ~Q(de=EtatDemande.BROUILLON),
        **{("RADIEE", m): Q(vers=EtatDemande.RADIEE, demande__motif_radiation=m) for m in ("", *MotifRadiation.values)},
    }
    filtre = Q(pk__in=[])
    for (type_, motif), condition in signatures.items():
        if predicat(EvenementDemande("", type_, depuis, commune or "", motif)):
            filtre |= condition
    if commune is not None:
        qs = qs.filter(demande__guichet__commune__code_insee=commune)
    return (
        qs.filter(filtre)
        .order_by("le", "pk")
        .values_list(Coalesce("demande__nur", "demande__numero"), *CHAMPS_DEMANDES)
    )


FAMILLES = ("attribution", "positionnement", "demande")


def faits(
    *, arrete: dt.datetime, depuis: dt.date, jusqu_au: dt.date, groupes: bool = False, familles=FAMILLES
) -> Faits:
    """Everything dated between `depuis` and `jusqu_au`, as known at `arrete`; `groupes`: the events counted by
    group (for the table), not one by one (for the lists behind its figures); `familles`: which facts to read."""
    bornes = {"depuis": depuis, "jusqu_au": jusqu_au}
    return Faits(
        attributions=attributions(enregistrees_avant=arrete, **bornes) if "attribution" in familles else [],
        positionnements=evenements_positionnements(enregistres_avant=arrete, groupes=groupes, **bornes)
        if "positionnement" in familles
        else [],
        demandes=evenements_demandes(enregistres_avant=arrete, groupes=groupes, **bornes)
        if "demande" in familles
        else [],
    )


def regularisations(periode: Periode, *, groupes: bool = False) -> Faits:
    """What was recorded during the month for an earlier date: a lease or a CAL decision sent late."""
    veille = periode.debut - dt.timedelta(days=1)
    return Faits(
        attributions=attributions(
            enregistrees_avant=periode.arrete, enregistrees_depuis=periode.ouverture, jusqu_au=veille
        ),
        positionnements=evenements_positionnements(
            enregistres_avant=periode.arrete,
            enregistres_depuis=periode.ouverture,
            depuis=dt.date(1900, 1, 1),
            jusqu_au=veille,
            groupes=groupes,
        ),
    )


def corrections_du_mois(periode: Periode) -> list[CorrectionDecision]:
    return list(
        CorrectionDecision.objects.filter(le__gte=periode.ouverture, le__lt=periode.arrete)
        .select_related("decision__positionnement__demande", "par")
        .order_by("le", "pk")
    )
