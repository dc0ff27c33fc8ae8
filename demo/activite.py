"""Demo life of the parc for seed_demo, on top of the demo stock (demo.parc):

- who lives where: one household in place in nearly every dwelling (size suited to the typology, resources quartile
  and priority drawn from a profile of the résidence: the QPV and a few others poorer, some with a high turnover), the
  departures of the last twelve months and the households that came in after them (the attributions of the year);
- the dwellings to fill today: those freed up and not let again yet, and the notices given for the coming weeks
  (a few dozen a month at CASA's scale), each with its réservataire (the stock one, else the landlord);
- the gestion en flux objectives of the year: State 25 %, Action Logement 15 %, CASA 8 % and each commune its share of
  the landlord's stock there, with every landlord;
- eight programmes: two projets (one with its réunion convened), two financés, two en chantier, two livrés (one let,
  one to fill), through the same services as the pages (split checked, minutes produced).

Deterministic (its own generator), idempotent (nothing is done when an occupation exists), fast (bulk inserts).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pghistory
from django.db import connection, transaction
from django.utils import timezone

from programmation import livraison, reunions
from programmation.flux import objectif_fixer
from programmation.models import (
    Disponibilite,
    EtatDisponibilite,
    EtatProgramme,
    InvitationReunion,
    Logement,
    ObjectifFlux,
    Occupation,
    OrigineDisponibilite,
    OrigineOccupation,
    Programme,
    ReunionReservataires,
    TransitionDisponibilite,
    TransitionProgramme,
)
from programmation.services import date_limite
from territoire.models import Commune, Habilitation, Organisation, Utilisateur
from territoire.roles import Role, TypeOrganisation

LOT = 2000
PERSONNES = {"T1": (1, 1), "T2": (1, 2), "T3": (2, 4), "T4": (3, 5), "T5": (4, 7), "T6": (5, 8)}
PART_QUARTILE_CONNU = 0.93
DELAI_RELOCATION = (20, 80)  # days between a departure and the next lease
PREAVIS = (7, 60)  # a notice frees the dwelling this many days ahead
OBJECTIFS_FLUX = {"prefecture-06": Decimal(25), "action-logement": Decimal(15), "casa": Decimal(8)}
PART_COMMUNES = Decimal(20)


def _profil(h: random.Random, en_qpv: bool) -> dict:
    """What a résidence's households look like: share of first quartile, of priority households, turnover."""
    if en_qpv:
        return {"q1": h.uniform(0.45, 0.60), "prio": h.uniform(0.30, 0.45), "rotation": h.uniform(0.08, 0.15)}
    tendue = h.random() < 0.06  # a few résidences outside the QPV are fragile too
    return {
        "q1": h.uniform(0.38, 0.50) if tendue else h.uniform(0.15, 0.35),
        "prio": h.uniform(0.25, 0.40) if tendue else h.uniform(0.12, 0.28),
        "rotation": h.uniform(0.12, 0.18) if tendue else h.uniform(0.04, 0.09),
    }


def _menage(h: random.Random, logement: Logement, profil: dict) -> dict:
    quartile = None
    if h.random() < PART_QUARTILE_CONNU:
        quartile = 1 if h.random() < profil["q1"] else h.choice((2, 2, 3, 3, 4))
    return {
        "personnes": h.randint(*PERSONNES[logement.typologie]),
        "quartile": quartile,
        "prioritaire": h.random() < profil["prio"],
    }


class _Activite:
    def __init__(self, *, hasard: random.Random, jour: dt.date):
        self.h = hasard
        self.jour = jour
        self.occupations: list[Occupation] = []
        self.disponibilites: list[Disponibilite] = []
        admin = Utilisateur.objects.get(username="admin.casa")
        self.agent_casa = admin
        gestionnaires = Habilitation.objects.filter(role=Role.GESTIONNAIRE_BAILLEUR).select_related("utilisateur")
        self.gestionnaire = {hab.organisation_id: hab.utilisateur for hab in gestionnaires.order_by("pk")}

    def _declarant(self, bailleur_id: int) -> Utilisateur:
        return self.gestionnaire.get(bailleur_id, self.agent_casa)

    def _dispo(self, logement: Logement, *, libre: dt.date, etat: str, declaree: dt.date) -> None:
        residence = logement.residence
        self.disponibilites.append(
            Disponibilite(
                logement=logement,
                origine=OrigineDisponibilite.CONGE,
                date_liberation=libre,
                reservataire_id=logement.reservataire_id or residence.bailleur_id,
                loyer=logement.loyer,
                charges=logement.charges,
                date_limite=date_limite(declaree, libre),
                etat=etat,
                declaree_par=self._declarant(residence.bailleur_id),
            )
        )

    def residence(self, logements: list[Logement]) -> None:
        """Households in place, the departures of the year and the arrivals after them, notices, vacancies."""
        h, jour = self.h, self.jour
        residence = logements[0].residence
        profil = _profil(h, residence.en_qpv)
        livree = dt.date(residence.annee_construction or 1970, h.randint(1, 12), 1)
        for logement in logements:
            tirage = h.random()
            if tirage < profil["rotation"]:  # a departure in the last twelve months
                fin = jour - dt.timedelta(days=h.randint(1, 364))
                debut = max(livree, fin - dt.timedelta(days=h.randint(365, 15 * 365)))
                self.occupations.append(
                    Occupation(
                        logement=logement,
                        origine=OrigineOccupation.EXISTANTE,
                        debut=min(debut, fin),
                        fin=fin,
                        **_menage(h, logement, profil),
                    )
                )
                relocation = fin + dt.timedelta(days=h.randint(*DELAI_RELOCATION))
                declaree = fin - dt.timedelta(days=h.randint(*PREAVIS))
                if relocation <= jour:
                    self.occupations.append(
                        Occupation(
                            logement=logement,
                            origine=OrigineOccupation.ATTRIBUTION,
                            debut=relocation,
                            **_menage(h, logement, profil),
                        )
                    )
                    self._dispo(logement, libre=fin, etat=EtatDisponibilite.POURVU, declaree=declaree)
                else:  # freed, not let again yet: to fill today
                    self._dispo(logement, libre=fin, etat=EtatDisponibilite.A_POURVOIR, declaree=declaree)
            elif tirage < profil["rotation"] + 0.008:  # technical vacancy (works, awaiting sale…): nobody, no offer
                continue
            else:
                debut = max(livree, jour - dt.timedelta(days=h.randint(400, 25 * 365)))
                self.occupations.append(
                    Occupation(
                        logement=logement,
                        origine=OrigineOccupation.EXISTANTE,
                        debut=min(debut, jour),
                        **_menage(h, logement, profil),
                    )
                )
                if h.random() < profil["rotation"] / 12 * 1.5:  # a notice given for the coming weeks
                    libre = jour + dt.timedelta(days=h.randint(*PREAVIS))
                    self._dispo(
                        logement, libre=libre, etat=EtatDisponibilite.A_POURVOIR, declaree=jour - dt.timedelta(days=3)
                    )


def _objectifs(annee: int, agent: Utilisateur) -> None:
    reservataires = {o.slug: o for o in Organisation.objects.filter(slug__in=OBJECTIFS_FLUX)}
    communes = {o.commune_id: o for o in Organisation.objects.filter(type=TypeOrganisation.COMMUNE)}
    par_commune = Counter(
        Logement.objects.values_list("residence__bailleur", "residence__commune").iterator(chunk_size=LOT)
    )
    for bailleur in Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, residences__isnull=False).distinct():
        for slug, part in OBJECTIFS_FLUX.items():
            if slug in reservataires:
                objectif_fixer(par=agent, annee=annee, bailleur=bailleur, reservataire=reservataires[slug], part=part)
        stock = {c: n for (b, c), n in par_commune.items() if b == bailleur.pk}
        total = sum(stock.values())
        for commune_id, n in sorted(stock.items()):
            part = (PART_COMMUNES * n / total * 2).quantize(Decimal(1)) / 2  # to the half point
            if commune_id in communes and part > 0:
                objectif_fixer(par=agent, annee=annee, bailleur=bailleur, reservataire=communes[commune_id], part=part)


# name, commune INSEE, lots (typology, financing, number), state, months to delivery (negative: delivered ago)
PROGRAMMES = [
    ("Les Terrasses de la Brague", "06018", [("T2", "PLUS", 8), ("T3", "PLUS", 10), ("T3", "PLAI", 4)], "PROJET", 30),
    ("Le Clos des Mûriers", "06004", [("T2", "PLAI", 6), ("T3", "PLUS", 12), ("T4", "PLUS", 8)], "PROJET", 26),
    ("Résidence Les Néfliers", "06155", [("T2", "PLUS", 10), ("T3", "PLUS", 14), ("T4", "PLS", 4)], "FINANCE", 20),
    ("Le Hameau du Val Martin", "06152", [("T1", "PLAI", 4), ("T2", "PLUS", 12), ("T3", "PLUS", 8)], "FINANCE", 18),
    ("Les Jardins de la Vanade", "06161", [("T2", "PLUS", 6), ("T3", "PLAI", 6), ("T4", "PLUS", 6)], "CHANTIER", 9),
    ("L'Orée de Garbejaïre", "06152", [("T2", "PLUS", 10), ("T3", "PLUS", 12), ("T5", "PLUS", 2)], "CHANTIER", 5),
    ("Résidence Les Arbousiers", "06004", [("T2", "PLUS", 8), ("T3", "PLUS", 10), ("T4", "PLAI", 6)], "LIVRE", -2),
    ("Le Domaine des Lucioles", "06044", [("T2", "PLAI", 6), ("T3", "PLUS", 8), ("T4", "PLUS", 4)], "LIVRE", 0),
]
REPARTITION = [("prefecture-06", 0.30), ("action-logement", 0.20), ("COMMUNE", 0.20), ("casa", 0.10)]


def _repartition(programme: Programme, lots, orgs: dict, h: random.Random):
    """The split of a demo programme: State 30 %, Action Logement 20 %, the commune 20 %, CASA 10 %, the landlord
    the rest, spread over the lots."""
    unites = [(t, f) for t, f, n in lots for _ in range(n)]
    h.shuffle(unites)
    commune = Organisation.objects.filter(type=TypeOrganisation.COMMUNE, commune=programme.commune).first()
    parts: Counter = Counter()
    i = 0
    for slug, part in REPARTITION:
        org = commune if slug == "COMMUNE" else orgs[slug]
        for _ in range(int(len(unites) * part)):
            parts[(org, *unites[i])] += 1
            i += 1
    for t, f in unites[i:]:
        parts[(programme.bailleur, t, f)] += 1
    return [(o, t, f, n) for (o, t, f), n in parts.items()]


def _programmes(h: random.Random, jour: dt.date, agent: Utilisateur, bailleurs: list[Organisation]) -> None:
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[s for s, _ in REPARTITION])}
    communes = {c.code_insee: c for c in Commune.objects.all()}
    for i, (nom, insee, lots, etat, mois) in enumerate(PROGRAMMES):
        if insee not in communes:
            continue
        bailleur = bailleurs[i % len(bailleurs)]
        livraison_prevue = jour + dt.timedelta(days=30 * mois + 15)
        p = reunions.programme_creer(
            par=agent,
            bailleur=bailleur,
            commune=communes[insee],
            nom=nom,
            adresse=f"{h.randint(2, 120)} {h.choice(['chemin', 'avenue', 'route'])} {nom.split()[-1]}",
            livraison_prevue=livraison_prevue,
            lots=lots,
        )
        debut = jour - dt.timedelta(days=30 * max(3, 36 - max(mois, 0)))
        reunion = ReunionReservataires.objects.create(
            programme=p,
            date=timezone.make_aware(dt.datetime.combine(debut + dt.timedelta(days=30), dt.time(10))),
            lieu="Siège de la CASA, salle du conseil, 449 route des Crêtes, Sophia Antipolis",
            convoquee_par=agent,
        )
        if etat == EtatProgramme.PROJET and i == 0:
            reunion.delete()  # a projet not yet brought to its réunion
            continue
        commune = Organisation.objects.filter(type=TypeOrganisation.COMMUNE, commune=p.commune).first()
        invites = {bailleur, commune, *orgs.values()} - {None}
        InvitationReunion.objects.bulk_create(
            InvitationReunion(reunion=reunion, organisation=o, envoyee_le=reunion.date - dt.timedelta(days=21))
            for o in invites
        )
        if etat == EtatProgramme.PROJET:  # convened for the coming weeks
            reunion.date = timezone.make_aware(dt.datetime.combine(jour + dt.timedelta(days=18), dt.time(14, 30)))
            reunion.save(update_fields=["date"])
            continue
        InvitationReunion.objects.filter(reunion=reunion).exclude(organisation__slug="casa").update(presente=True)
        reunions.repartition_enregistrer(par=agent, reunion=reunion, parts=_repartition(p, lots, orgs, h))
        reunions.reunion_valider(par=agent, reunion=reunion)
        etapes = [EtatProgramme.FINANCE, EtatProgramme.CHANTIER]
        for vers in etapes[: {"FINANCE": 1, "CHANTIER": 2, "LIVRE": 2}[etat]]:
            livraison.programme_avancer(par=agent, programme=p, vers=vers)
        if etat == EtatProgramme.LIVRE:
            p.refresh_from_db()
            residence = livraison.programme_livrer(
                par=agent,
                programme=p,
                date_livraison=livraison_prevue,
                reference=f"PRG-{p.pk}",
                caracteristiques=livraison.caracteristiques_proposees(p),
            )
            if mois < 0:  # delivered two months ago: every dwelling let since
                _louer(residence, h, livraison_prevue)
        # plausible dates in the history: financed two months after the réunion, works five months after, delivered
        livree = timezone.make_aware(dt.datetime.combine(livraison_prevue, dt.time(11)))
        dates = [reunion.date + dt.timedelta(days=60), reunion.date + dt.timedelta(days=150), livree]
        for transition, quand in zip(p.transitions.order_by("pk"), dates, strict=False):
            TransitionProgramme.objects.filter(pk=transition.pk).update(le=min(quand, timezone.now()))
        ReunionReservataires.objects.filter(pk=reunion.pk).update(validee_le=reunion.date + dt.timedelta(hours=2))


def _louer(residence, h: random.Random, livree: dt.date) -> None:
    """Every delivered dwelling let: its household moves in, its dwelling to fill is filled (one UPDATE, the log rows
    in one INSERT, dated by the lease: the shape of programmation.services._pourvoir)."""
    profil = _profil(h, residence.en_qpv)
    logements = list(residence.logements.all())
    occupations = Occupation.objects.bulk_create(
        Occupation(
            logement=lg,
            origine=OrigineOccupation.ATTRIBUTION,
            debut=livree + dt.timedelta(days=h.randint(0, 20)),
            **_menage(h, lg, profil),
        )
        for lg in logements
    )
    bail = {o.logement_id: o.debut for o in occupations}
    dispos = Disponibilite.objects.filter(logement__residence=residence, etat=EtatDisponibilite.A_POURVOIR)
    TransitionDisponibilite.objects.bulk_create(
        TransitionDisponibilite(
            disponibilite_id=pk,
            de=EtatDisponibilite.A_POURVOIR,
            vers=EtatDisponibilite.POURVU,
            motif="Bail signé",
            date_effet=bail[logement_id],
        )
        for pk, logement_id in dispos.values_list("pk", "logement_id")
    )
    Disponibilite.objects.filter(logement__residence=residence).update(etat=EtatDisponibilite.POURVU)


def creer_activite_demo(*, hasard: random.Random, jour: dt.date) -> int:
    """Occupations, vacancies, flux objectives and programmes; returns the number of occupations created (0 when the
    parc already has its occupations, or has no dwelling)."""
    if Occupation.objects.exists() or not Logement.objects.exists():
        return 0
    activite = _Activite(hasard=hasard, jour=jour)
    with transaction.atomic(), pghistory.context(commande="seed_demo"):
        with connection.cursor() as cursor:  # as in demo.parc
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        logements = Logement.objects.select_related("residence").order_by("residence_id", "numero")
        courante: list[Logement] = []
        for logement in logements.iterator(chunk_size=LOT):
            if courante and logement.residence_id != courante[0].residence_id:
                activite.residence(courante)
                courante = []
            courante.append(logement)
        if courante:
            activite.residence(courante)
        Occupation.objects.bulk_create(activite.occupations, batch_size=LOT)
        Disponibilite.objects.bulk_create(activite.disponibilites, batch_size=LOT)
        if not ObjectifFlux.objects.filter(annee=jour.year).exists():
            _objectifs(jour.year, activite.agent_casa)
        if not Programme.objects.exists():
            avec_parc = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, residences__isnull=False).distinct()
            bailleurs = sorted(avec_parc, key=lambda b: (b.slug != "erilia", b.slug))[:5]
            _programmes(hasard, jour, activite.agent_casa, bailleurs)
    return len(activite.occupations)
