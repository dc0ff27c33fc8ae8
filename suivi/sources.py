"""The facts of a period, read from the logs as they were known at the end of a month: the leases (CAL decisions with
the dwelling and household frozen at the lease, and the corrections recorded before that moment), the moves of the
positionnements, and the demands registered, renewed and struck off. A record created or corrected later does not
move a past month: it shows in the month it was recorded, as a regularisation or a correction."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from demandes.codes import EtatDemande
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
    bail = TransitionPositionnement.objects.filter(vers=E.BAIL_SIGNE, le__lt=enregistrees_avant)
    if enregistrees_depuis:
        bail = bail.filter(le__gte=enregistrees_depuis)
    qs = DecisionCAL.objects.filter(positionnement_id__in=bail.values("positionnement_id"), date_bail__isnull=False)
    # a correction can only move a lease's date back within its year's reach: bound the read by the year before
    marge = dt.timedelta(days=400)
    if depuis:
        qs = qs.filter(date_bail__gte=depuis - marge)
    qs = (
        qs.filter(date_bail__lte=jusqu_au + marge)
        .order_by()
        .values("pk", "date_bail", "menage", "logement_au_bail", "positionnement__demande__numero")
    )
    etat = set(Organisation.objects.filter(type=TypeOrganisation.ETAT).values_list("pk", flat=True))
    corrections: dict[int, list[CorrectionDecision]] = {}
    lignes = list(qs)
    for c in CorrectionDecision.objects.filter(decision_id__in=[d["pk"] for d in lignes]).order_by("-le", "-pk"):
        corrections.setdefault(c.decision_id, []).append(c)
    resultat = []
    for d in lignes:
        date_bail, menage = d["date_bail"], dict(d["menage"])
        corrigee = False
        for c in corrections.get(d["pk"], []):  # the latest first: undo those recorded after the moment
            if c.le >= enregistrees_avant:
                if "date_bail" in c.avant:
                    date_bail = dt.date.fromisoformat(c.avant["date_bail"])
                menage.update(c.avant.get("menage", {}))
            else:
                corrigee = True
        if date_bail > jusqu_au or (depuis and date_bail < depuis):
            continue
        lg = d["logement_au_bail"]
        libre = lg.get("libre_le")
        resultat.append(
            Attribution(
                decision_id=d["pk"],
                numero=d["positionnement__demande__numero"],
                date_bail=date_bail,
                bailleur=lg.get("bailleur", 0),
                reservataire=lg.get("reservataire", 0),
                commune=lg.get("commune", ""),
                typologie=lg.get("typologie", ""),
                financement=lg.get("financement", ""),
                qpv=bool(lg.get("qpv")),
                libre_le=dt.date.fromisoformat(libre) if libre else None,
                quartile=menage.get("quartile"),
                dalo=bool(menage.get("dalo")),
                priorites=tuple(p for p in menage.get("priorites", []) if p != "DALO"),
                renouvellement_urbain=bool(menage.get("renouvellement_urbain")),
                mutation=bool(menage.get("mutation")),
                contingent_etat=lg.get("reservataire") in etat,
                corrigee=corrigee,
            )
        )
    return resultat


def evenements_positionnements(
    *, enregistres_avant: dt.datetime, depuis: dt.date, jusqu_au: dt.date, enregistres_depuis: dt.datetime | None = None
) -> list:
    qs = TransitionPositionnement.objects.filter(vers__in=ETATS_SUIVIS, le__lt=enregistres_avant)
    if enregistres_depuis:
        qs = qs.filter(le__gte=enregistres_depuis)
    qs = (
        qs.annotate(jour=Coalesce("date_effet", TruncDate("le")))
        .filter(jour__gte=depuis, jour__lte=jusqu_au)
        .values_list(
            "positionnement_id",
            "positionnement__demande__numero",
            "vers",
            "jour",
            "positionnement__disponibilite__logement__residence__bailleur_id",
            "positionnement__disponibilite__reservataire_id",
            "positionnement__disponibilite__logement__residence__commune__code_insee",
        )
    )
    return [EvenementPositionnement(*ligne) for ligne in qs]


def evenements_demandes(*, enregistres_avant: dt.datetime, depuis: dt.date, jusqu_au: dt.date) -> list:
    qs = (
        TransitionDemande.objects.filter(le__lt=enregistres_avant)
        .annotate(jour=TruncDate("le"))
        .filter(jour__gte=depuis, jour__lte=jusqu_au)
        .filter(
            Q(etat_avant=EtatDemande.BROUILLON, etat_apres=EtatDemande.ACTIVE)
            | Q(etat_apres=EtatDemande.RADIEE) & ~Q(etat_avant=EtatDemande.RADIEE)
            | Q(etat_avant=F("etat_apres"), motif__startswith="Renouvelée")
        )
        .values_list(
            "demande__numero",
            "etat_avant",
            "etat_apres",
            "jour",
            "demande__guichet__commune__code_insee",
            "demande__motif_radiation",
        )
    )
    faits = []
    for numero, avant, apres, jour, commune, motif in qs:
        if apres == EtatDemande.RADIEE:
            type_ = "RADIEE"
        elif avant == EtatDemande.BROUILLON:
            type_, motif = "ENREGISTREE", ""
        else:
            type_, motif = "RENOUVELEE", ""
        faits.append(EvenementDemande(numero=numero, type=type_, date=jour, commune=commune or "", motif=motif))
    return faits


def faits(*, arrete: dt.datetime, depuis: dt.date, jusqu_au: dt.date) -> Faits:
    """Everything dated between `depuis` and `jusqu_au`, as known at `arrete`."""
    return Faits(
        attributions=attributions(enregistrees_avant=arrete, depuis=depuis, jusqu_au=jusqu_au),
        positionnements=evenements_positionnements(enregistres_avant=arrete, depuis=depuis, jusqu_au=jusqu_au),
        demandes=evenements_demandes(enregistres_avant=arrete, depuis=depuis, jusqu_au=jusqu_au),
    )


def regularisations(periode: Periode) -> Faits:
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
        ),
    )


def corrections_du_mois(periode: Periode) -> list[CorrectionDecision]:
    return list(
        CorrectionDecision.objects.filter(le__gte=periode.ouverture, le__lt=periode.arrete)
        .select_related("decision__positionnement__demande", "par")
        .order_by("le", "pk")
    )
