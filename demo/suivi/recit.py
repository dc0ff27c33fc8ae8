"""The story behind each demo lease: the vacancy, three candidates from the pool, the attributed household (the
twin of a demand, struck off), the commission's session with its agenda, convened members and avis, then the CAL
(`cal.retours_cal`), the households in the stock, and the yearly renewals of the live demands."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import timezone

from commissions.models import Avis, Convocation, DecisionAvis, EtatSeance, Membre, PointOrdreDuJour, Seance
from demandes import cycle
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import CODE_TERRITOIRE, Demande, TransitionDemande
from positionnements.models import Positionnement
from programmation.models import Disponibilite, EtatDisponibilite, Occupation, OrigineDisponibilite, OrigineOccupation
from programmation.services import date_limite

from .cal import retours_cal
from .histoire import E, Histoire, ecrire_journal, jeudis, midi


def raconter(hist: Histoire) -> int:
    """Tells the story of the last two years' leases (see the package's docstring); returns how many were told."""
    h, jour = hist.h, hist.jour
    with connection.cursor() as cursor:  # see demo.demandes: the audit triggers' settings, stated once
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    baux = hist.baux()
    vivier = hist.vivier()
    sessions = jeudis(hist.debut - dt.timedelta(days=60), jour)
    pris: set[int] = set()
    recits = []
    for occ, vacance in sorted(baux, key=lambda x: (x[0].debut, x[0].pk)):
        logement = occ.logement
        bail = occ.debut
        reponse = bail - dt.timedelta(days=h.randint(4, 20))
        date_cal = reponse - dt.timedelta(days=h.randint(3, 10))
        seance = max((s for s in sessions if s <= date_cal - dt.timedelta(days=5)), default=None)
        if seance is None:
            continue
        propose = seance - dt.timedelta(days=h.randint(7, 20))
        libre = vacance.date_liberation if vacance else bail - dt.timedelta(days=h.randint(15, 60))
        candidats = hist.candidats(vivier, logement.typologie, pris)
        if not candidats:
            continue
        pris.update(candidats)
        recits.append(
            {
                "occ": occ,
                "vacance": vacance,
                "libre": libre,
                "declaree": min(propose, libre) - dt.timedelta(days=h.randint(3, 30)),
                "propose": propose,
                "seance": seance,
                "cal": date_cal,
                "reponse": reponse,
                "bail": bail,
                "candidats": candidats,
                "refus": h.random() < 0.1 and len(candidats) >= 2,
                "tardif": h.random() < 0.04,
            }
        )
    sources = Demande.objects.select_related("guichet").in_bulk({pk for r in recits for pk in r["candidats"]})
    # the vacancies the stock did not record (the older households moved into the window)
    nouvelles = []
    for r in recits:
        if r["vacance"] is None:
            lg = r["occ"].logement
            r["vacance"] = Disponibilite(
                logement=lg,
                origine=OrigineDisponibilite.CONGE,
                date_liberation=r["libre"],
                reservataire_id=lg.reservataire_id or lg.residence.bailleur_id,
                loyer=lg.loyer,
                charges=lg.charges,
                date_limite=date_limite(r["declaree"], r["libre"]),
                etat=EtatDisponibilite.POURVU,
                declaree_par=hist.agent,
            )
            nouvelles.append(r["vacance"])
    Disponibilite.objects.bulk_create(nouvelles, batch_size=2000)
    Occupation.objects.filter(pk__in=[r["occ"].pk for r in recits]).update(origine=OrigineOccupation.ATTRIBUTION)

    # the attributed households: the twins of the chosen demands, struck off for attribution, data erased
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_local_seq') FROM generate_series(1, %s)", [len(recits)])
        numeros = [n for (n,) in cursor.fetchall()]
    champs = [
        f.attname
        for f in Demande._meta.concrete_fields
        if f.attname not in ("id", "numero", "nur", "cree_le", "modifie_le", "communes_souhaitees")  # no wish copied
    ]
    jumeaux = []
    for r, sequence in zip(recits, numeros, strict=True):
        gagnant = 1 if r["refus"] else 0
        source = sources[r["candidats"][gagnant]]
        depot = r["bail"] - dt.timedelta(days=h.randint(60, 900))
        valeurs = {c: getattr(source, c) for c in champs}
        valeurs.update(
            etat=EtatDemande.RADIEE,
            motif_radiation=MotifRadiation.RADATT,
            date_radiation=r["bail"],
            date_depot=depot,
            date_enregistrement=depot,
            date_echeance=depot + dt.timedelta(days=365),
            nom_recherche="",
            numero=f"{settings.CASA_PREFIXE_NUMERO_LOCAL}-{depot:%Y}-{sequence:06d}",
            nur=f"{CODE_TERRITOIRE}{depot:%m%y}{sequence:06d}{source.guichet.code_guichet}",
        )
        jumeau = Demande(**valeurs)
        jumeaux.append(jumeau)
        r["jumeau"], r["gagnant"] = jumeau, gagnant
    Demande.objects.bulk_create(jumeaux, batch_size=2000)

    # the commission's sessions, their agenda and avis
    seances = {}
    for s in sorted({r["seance"] for r in recits}):
        n = sum(1 for x in seances if x.year == s.year) + 1
        seances[s] = Seance(
            date=midi(s).replace(hour=14),
            lieu="Salle du conseil, Sophia Antipolis",
            etat=EtatSeance.CLOSE,
            numero=f"CCPC-{s.year}-H{n:02d}",
            creee_par=hist.secretariat,
            convoquee_le=midi(s - dt.timedelta(days=10)),
            close_le=midi(s).replace(hour=17),
        )
    Seance.objects.bulk_create(seances.values(), batch_size=500)

    positionnements, rangs = [], []
    for r in recits:
        for rang, pk in enumerate(r["candidats"], start=1):
            demande_id = r["jumeau"].pk if rang - 1 == r["gagnant"] else pk
            p = Positionnement(
                disponibilite=r["vacance"],
                demande_id=demande_id,
                rang=rang,
                etat=E.VALIDE,
                propose_par=hist.agent,
                exception="" if len(r["candidats"]) == 3 else "PAS_ASSEZ",
            )
            positionnements.append(p)
            rangs.append((r, rang, p))
    Positionnement.objects.bulk_create(positionnements, batch_size=2000)
    ordres: dict = defaultdict(int)
    points = []
    for r in recits:  # the agenda of each session, in order
        ordres[r["seance"]] += 1
        points.append(
            PointOrdreDuJour(seance=seances[r["seance"]], disponibilite=r["vacance"], ordre=ordres[r["seance"]])
        )
    PointOrdreDuJour.objects.bulk_create(points, batch_size=2000)
    # the titular members in office were convened and present: a member signs in and finds the sessions it sat in
    titulaires = list(Membre.objects.filter(titulaire__isnull=True))
    Convocation.objects.bulk_create(
        [
            Convocation(seance=seance, membre=m, envoyee_le=seance.convoquee_le, present=True)
            for seance in seances.values()
            for m in titulaires
            if m.debut <= timezone.localdate(seance.date)
            and (m.fin is None or m.fin >= timezone.localdate(seance.date))
        ],
        batch_size=2000,
    )
    if hist.rapporteur:
        Avis.objects.bulk_create(
            [
                Avis(
                    seance=seances[r["seance"]],
                    positionnement=p,
                    decision=DecisionAvis.VALIDE,
                    rang=rang,
                    rapporteur=hist.rapporteur,
                    saisi_par=hist.secretariat,
                )
                for r, rang, p in rangs
            ],
            batch_size=2000,
        )

    retours_cal(hist, recits, rangs, seances, positionnements)
    # the households in the stock are the attributed ones
    occs = []
    for r in recits:
        occ, jumeau = r["occ"], r["jumeau"]
        occ.personnes = jumeau.nombre_personnes or occ.personnes
        occ.quartile = hist.quartile(jumeau, r["bail"]) or occ.quartile
        occ.prioritaire = bool(jumeau.priorites)
        occs.append(occ)
    Occupation.objects.bulk_update(occs, ["personnes", "quartile", "prioritaire"], batch_size=2000)
    _renouvellements(hist)
    return len(recits)


def _renouvellements(hist: Histoire) -> None:
    """The live demands older than a year were renewed at each anniversary (REGLES §8), in the month before it."""
    journal = []
    for pk, etat, depot in Demande.objects.filter(
        etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE], date_depot__lt=hist.jour - dt.timedelta(days=365)
    ).values_list("pk", "etat", "date_depot"):
        for annees in range(1, 40):
            try:
                anniversaire = depot.replace(year=depot.year + annees)
            except ValueError:  # 29 February
                anniversaire = depot.replace(year=depot.year + annees, day=28)
            if anniversaire > hist.jour:
                break
            if anniversaire < hist.debut:
                continue
            jour = anniversaire - dt.timedelta(days=hist.h.randint(1, 30))
            echeance = cycle.mois_apres(anniversaire, 12)
            journal.append(
                (
                    TransitionDemande(
                        demande_id=pk,
                        de=etat,
                        vers=etat,
                        par=hist.agent,
                        # the words of demandes.services.demande_renouveler (the timeline and the SNE read them)
                        motif=f"Renouvelée (reçu le {jour:%d/%m/%Y}) : valable jusqu'au {echeance:%d/%m/%Y} "
                        f"au lieu du {anniversaire:%d/%m/%Y}",
                    ),
                    midi(jour),
                )
            )
    ecrire_journal(journal, TransitionDemande)
