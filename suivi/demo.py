"""Two years of demo history for seed_demo, so that the tracking table shows real trends: for each household that
came into a dwelling of the demo stock during the last 24 months, the whole story behind it — the vacancy declared,
three candidates proposed by CASA (fitting the dwelling's size, the priority households first), the commission's
session and its avis, the landlord's CAL (ranked attributions, a turned-down third, one refusal by the candidate in
ten), the lease, the demand struck off for attribution — each record dated on the day it happened.

Consistent with the rest of the demo: the leases are the moves-in of the stock's occupation (demo_activite), more of
them are drawn to reach the yearly volume (about 1,000 leases a year at CASA's scale, the issue's 60,000 over two
years at scale 30); the attributed households are the demands' twins, struck off (their data erased, REGLES §12:
no name kept), the other candidates are live demands of the pool; a few CAL returns are recorded late (they show as
regularisations). Deterministic (its own generator), idempotent (a marker deposit), bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pghistory
from django.db import connection, transaction
from django.utils import timezone

from commissions.models import (
    Avis,
    College,
    Convocation,
    DecisionAvis,
    EtatSeance,
    Membre,
    PointOrdreDuJour,
    Seance,
)
from demandes import cycle, eligibilite, reference
from demandes.codes import CodePriorite, EtatDemande, MotifRadiation
from demandes.models import Demande, TransitionDemande
from positionnements import cal, regles
from positionnements.etats import EtatPositionnement
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement
from programmation.models import Disponibilite, EtatDisponibilite, Occupation, OrigineDisponibilite, OrigineOccupation
from programmation.services import date_limite
from territoire.models import Utilisateur

E = EtatPositionnement
MARQUEUR = "historique-demo"
BAUX_PAR_AN = 1000  # at scale 1


def _midi(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time(12)))


def _jeudis(debut: dt.date, fin: dt.date) -> list[dt.date]:
    """A CCPC session every other Thursday."""
    jour = debut + dt.timedelta(days=(3 - debut.weekday()) % 7)
    seances = []
    while jour <= fin:
        seances.append(jour)
        jour += dt.timedelta(days=14)
    return seances


class _Histoire:
    def __init__(self, *, hasard: random.Random, jour: dt.date, echelle: float):
        self.h, self.jour, self.echelle = hasard, jour, echelle
        self.debut = jour - dt.timedelta(days=730)
        self.agent = Utilisateur.objects.get(username="instructeur.casa")
        self.secretariat = Utilisateur.objects.get(username="secretariat.ccpc")
        self.rapporteur = (
            Membre.objects.filter(college=College.ELUS_CASA, titulaire__isnull=True).order_by("pk").first()
        )
        self.seuils: dict = {}

    # ------------------------------------------------------------------ the leases to tell

    def baux(self) -> list[tuple[Occupation, Disponibilite | None]]:
        """The moves-in of the last two years: the stock's attributions of the year (with their vacancy), and older
        households whose arrival is moved into the window until each year has its volume."""
        cible = round(BAUX_PAR_AN * self.echelle)
        # the dwellings the demo's CASA already works on (positionnements of today) tell their own story
        deja = set(Positionnement.objects.values_list("disponibilite__logement_id", flat=True))
        dans = list(
            Occupation.objects.filter(debut__gt=self.debut, debut__lte=self.jour - dt.timedelta(days=3))
            .exclude(logement_id__in=deja)
            .select_related("logement__residence__commune")
            .order_by("pk")
        )
        par_an = defaultdict(list)
        for o in dans:
            par_an[o.debut > self.jour - dt.timedelta(days=365)].append(o)
        anciens = list(
            Occupation.objects.filter(debut__lte=self.debut, fin__isnull=True, origine=OrigineOccupation.EXISTANTE)
            .exclude(logement_id__in=deja)
            .select_related("logement__residence__commune")
            .order_by("pk")
        )
        self.h.shuffle(anciens)
        deplaces = []
        for recent in (True, False):
            manque = max(0, cible - len(par_an[recent]))
            for o in anciens[:manque]:
                depuis = 3 if recent else 366
                o.debut = self.jour - dt.timedelta(days=self.h.randint(depuis, depuis + 361))
                deplaces.append(o)
            anciens = anciens[manque:]
        Occupation.objects.bulk_update(deplaces, ["debut"], batch_size=2000)
        vacances = {}
        for d in Disponibilite.objects.filter(
            etat=EtatDisponibilite.POURVU, logement_id__in={o.logement_id for o in dans}
        ).order_by("date_liberation"):
            vacances[d.logement_id] = d
        baux = [(o, vacances.get(o.logement_id)) for o in dans] + [(o, None) for o in deplaces]
        return [(o, d if d and d.date_liberation <= o.debut else None) for o, d in baux]

    # ------------------------------------------------------------------ the candidates

    def vivier(self):
        """The live demands by household size, each with what ranks it (DALO, priority, first quartile, score)."""
        par_taille = defaultdict(list)
        for pk, taille, priorites, q1, score in Demande.objects.filter(
            etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE], nombre_personnes__isnull=False
        ).values_list("pk", "nombre_personnes", "priorites", "premier_quartile", "score_cotation"):
            rang = (0 if CodePriorite.DALO in priorites else 1 if priorites else 2 if q1 else 3, -(score or 0))
            par_taille[taille].append((rang, pk))
        return par_taille

    def candidats(self, vivier, typologie: str, pris: set) -> list[int]:
        tailles = sorted(regles.tailles_acceptees(typologie, regles.Parametres(), bebe=False, jusqu_a=10))
        tirage = []
        for _ in range(12):
            taille = self.h.choice(tailles)
            if vivier[taille]:
                rang, pk = self.h.choice(vivier[taille])
                if pk not in pris and (rang, pk) not in tirage:
                    tirage.append((rang, pk))
            if len(tirage) == 3:
                break
        return [pk for _, pk in sorted(tirage)]

    def quartile(self, demande: Demande, jour: dt.date) -> int | None:
        if demande.ressources_par_uc is None:
            return None
        if jour.year not in self.seuils:
            try:
                self.seuils[jour.year] = reference.seuil_quartile(jour)
            except reference.RegleManquante:
                self.seuils[jour.year] = None
        s = self.seuils[jour.year]
        return eligibilite.quartile(demande.ressources_par_uc, s.q1, s.q2, s.q3) if s else None


@transaction.atomic
def creer_historique_demo(*, hasard: random.Random, jour: dt.date, echelle: float = 1.0) -> int:
    """Tells the story of the last two years' leases; returns how many leases were written."""
    if DepotDecisionsCAL.objects.filter(nom_fichier=MARQUEUR).exists() or not Occupation.objects.exists():
        return 0
    with pghistory.context(commande="seed_demo", historique=True):
        return _creer(_Histoire(hasard=hasard, jour=jour, echelle=echelle))


def _creer(hist: _Histoire) -> int:
    h, jour = hist.h, hist.jour
    with connection.cursor() as cursor:  # see demandes.demo: the audit triggers' settings, stated once
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    baux = hist.baux()
    vivier = hist.vivier()
    sessions = _jeudis(hist.debut - dt.timedelta(days=60), jour)
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
    sources = Demande.objects.in_bulk({pk for r in recits for pk in r["candidats"]})
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
        cursor.execute("SELECT nextval('demandes_numero_seq') FROM generate_series(1, %s)", [len(recits)])
        numeros = [n for (n,) in cursor.fetchall()]
    champs = [
        f.attname for f in Demande._meta.concrete_fields if f.attname not in ("id", "numero", "cree_le", "modifie_le")
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
            numero=f"006{depot:%m%y}{sequence:06d}{source.numero[-5:]}",
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
            date=_midi(s).replace(hour=14),
            lieu="Salle du conseil, Sophia Antipolis",
            etat=EtatSeance.CLOSE,
            numero=f"CCPC-{s.year}-H{n:02d}",
            creee_par=hist.secretariat,
            convoquee_le=_midi(s - dt.timedelta(days=10)),
            close_le=_midi(s).replace(hour=17),
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
            if m.debut <= seance.date.date() and (m.fin is None or m.fin >= seance.date.date())
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

    # the CAL returns: one deposit per landlord and month, applied
    gestionnaires = dict(
        Utilisateur.objects.filter(habilitations__role="GESTIONNAIRE_BAILLEUR")
        .order_by("-pk")
        .values_list("habilitations__organisation_id", "pk")
    )
    depots = {}
    for r in recits:
        bailleur = r["occ"].logement.residence.bailleur_id
        cle = (bailleur, r["cal"].year, r["cal"].month)
        if cle not in depots:
            depots[cle] = DepotDecisionsCAL(
                bailleur_id=bailleur,
                par_id=gestionnaires.get(bailleur, hist.agent.pk),
                nom_fichier=MARQUEUR,
                etat=EtatDepot.APPLIQUE,
                contenu=b"",
                resultat="Historique de démonstration",
            )
    DepotDecisionsCAL.objects.bulk_create(depots.values(), batch_size=500)
    derniere_cal: dict = {}
    for r in recits:  # each deposit dated a few days after the last CAL it reports
        cle = (r["occ"].logement.residence.bailleur_id, r["cal"].year, r["cal"].month)
        derniere_cal[cle] = max(derniere_cal.get(cle, r["cal"]), r["cal"])
    for cle, depot in depots.items():
        depot.cree_le = depot.applique_le = _midi(min(derniere_cal[cle] + dt.timedelta(days=2), jour))
    DepotDecisionsCAL.objects.bulk_update(depots.values(), ["cree_le", "applique_le"], batch_size=500)

    transitions, decisions, journal = [], [], []
    for r, rang, p in rangs:
        depot = depots[(r["occ"].logement.residence.bailleur_id, r["cal"].year, r["cal"].month)]
        tardif = _midi(r["bail"] + dt.timedelta(days=h.randint(25, 45))) if r["tardif"] else None

        def pas(de, vers, jour_effet, motif="", enregistre=None, depot_=None, p=p):
            transitions.append(
                (
                    TransitionPositionnement(
                        positionnement=p,
                        de=de,
                        vers=vers,
                        par=hist.agent,
                        motif=motif,
                        date_effet=jour_effet,
                        depot=depot_,
                    ),
                    enregistre or _midi(jour_effet),
                )
            )

        pas("", E.PROPOSE, r["propose"])
        pas(E.PROPOSE, E.VALIDE, r["seance"], seances[r["seance"]].numero)
        gagnant = rang - 1 == r["gagnant"]
        refuse = r["refus"] and rang == 1
        if rang <= 2 or gagnant:
            etat_cal, decision = E.ATTRIBUE_RANG, "ATTRIBUTION_RANG"
        else:
            etat_cal, decision = E.NON_ATTRIBUE, "NON_ATTRIBUTION"
        pas(E.VALIDE, etat_cal, r["cal"], f"CAL du {r['cal']:%d/%m/%Y}", tardif, depot)
        d = DecisionCAL(
            positionnement=p,
            date_cal=r["cal"],
            decision=decision,
            rang=rang if etat_cal == E.ATTRIBUE_RANG else None,
            motif="" if etat_cal == E.ATTRIBUE_RANG else "ressources insuffisantes pour ce loyer",
            depot=depot,
        )
        fin = etat_cal
        if refuse:
            pas(etat_cal, E.REFUS_CANDIDAT, r["reponse"], "Offre refusée : localisation", tardif, depot)
            d.reponse, d.date_reponse, d.motif_refus = "REFUS", r["reponse"], "LOCALISATION"
            fin = E.REFUS_CANDIDAT
        elif gagnant:
            pas(etat_cal, E.ACCEPTE, r["reponse"], "Offre acceptée", tardif, depot)
            pas(E.ACCEPTE, E.BAIL_SIGNE, r["bail"], "Bail signé", tardif, depot)
            d.reponse, d.date_reponse, d.date_bail = "ACCEPTATION", r["reponse"], r["bail"]
            jumeau = r["jumeau"]
            d.menage = {
                "personnes": jumeau.nombre_personnes or 1,
                "quartile": hist.quartile(jumeau, r["bail"]),
                "premier_quartile": bool(jumeau.premier_quartile),
                "priorites": list(jumeau.priorites),
                "dalo": CodePriorite.DALO in jumeau.priorites,
                "mutation": jumeau.mutation,
                "renouvellement_urbain": "02" in (jumeau.motifs or []),
                "categorie": jumeau.categorie_menage,
            }
            p.disponibilite = r["vacance"]
            d.logement_au_bail = cal.logement_au_bail(p)
            fin = E.BAIL_SIGNE
            journal.append(
                (
                    TransitionDemande(
                        demande=jumeau,
                        etat_avant=EtatDemande.ACTIVE,
                        etat_apres=EtatDemande.RADIEE,
                        par=hist.agent,
                        motif=f"{MotifRadiation.RADATT.label} le {r['bail']:%d/%m/%Y}",
                    ),
                    tardif or _midi(r["bail"]),
                )
            )
            journal.append(
                (
                    TransitionDemande(
                        demande=jumeau, etat_avant=EtatDemande.BROUILLON, etat_apres=EtatDemande.ACTIVE, par=hist.agent
                    ),
                    _midi(jumeau.date_depot),
                )
            )
        else:  # ranked second behind the lease, or turned down: released
            if etat_cal == E.ATTRIBUE_RANG:
                pas(etat_cal, E.ECHEC, r["bail"], "Logement attribué à un autre candidat", tardif, depot)
                fin = E.ECHEC
        p.etat = fin
        decisions.append(d)
    _ecrire(transitions, TransitionPositionnement)
    _ecrire(journal, TransitionDemande)
    Positionnement.objects.bulk_update(positionnements, ["etat"], batch_size=2000)
    DecisionCAL.objects.bulk_create(decisions, batch_size=2000)
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


def _renouvellements(hist: _Histoire) -> None:
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
                        etat_avant=etat,
                        etat_apres=etat,
                        par=hist.agent,
                        motif=f"Renouvelée jusqu'au {echeance:%d/%m/%Y}",
                    ),
                    _midi(jour),
                )
            )
    _ecrire(journal, TransitionDemande)


def _ecrire(lignes: list[tuple], modele) -> None:
    """Bulk insert, then the `le` of the story (auto_now_add) put back in one statement."""
    modele.objects.bulk_create([t for t, _ in lignes], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {modele._meta.db_table} AS t SET le = v.le "  # noqa: S608 - a model's table name
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, le) WHERE t.id = v.id",
            [[t.pk for t, _ in lignes], [le for _, le in lignes]],
        )


def produire_tableaux_demo(*, jour: dt.date, mois: int = 12) -> int:
    """The tables of the last `mois` months that ended, as the beat schedule would have produced them (the missing
    ones only): the dashboard shows its trend at once."""
    from .models import TableauMensuel
    from .services import tableau_produire
    from .sources import Periode

    periode, produits = Periode.de(jour).precedente(), 0
    for _ in range(mois):
        if not TableauMensuel.objects.filter(annee=periode.annee, mois=periode.mois).exists():
            tableau_produire(annee=periode.annee, mois=periode.mois)
            produits += 1
        periode = periode.precedente()
    return produits
