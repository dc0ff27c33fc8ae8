"""The frame of the demo history: its marker, its volume, the two-weekly sessions, the leases to tell and the
pool of candidates they are drawn from (`Histoire`), and the bulk insert of dated logs."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from commissions.models import College, Membre
from demandes import eligibilite, reference
from demandes.codes import CodePriorite, EtatDemande
from demandes.models import Demande
from positionnements import regles
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement
from positionnements.regles_bailleurs import regles_applicables
from programmation.models import Disponibilite, EtatDisponibilite, Occupation, OrigineOccupation
from territoire.models import Utilisateur

E = EtatPositionnement
MARQUEUR = "historique-demo"
BAUX_PAR_AN = 1000  # at scale 1


def midi(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time(12)))


def jeudis(debut: dt.date, fin: dt.date) -> list[dt.date]:
    """A CCPC session every other Thursday."""
    jour = debut + dt.timedelta(days=(3 - debut.weekday()) % 7)
    seances = []
    while jour <= fin:
        seances.append(jour)
        jour += dt.timedelta(days=14)
    return seances


class Histoire:
    """The story's generator, dates, CASA's agent and secretariat, the rapporteur, and the quartile thresholds read."""

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
        # CASA's rules of the day (positionnements/regles_bailleurs.py), the typologies' sizes
        p = regles_applicables(None, self.jour).parametres
        tailles = sorted(regles.tailles_acceptees(typologie, p, bebe=False, jusqu_a=10))
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


def ecrire_journal(lignes: list[tuple], modele) -> None:
    """Bulk insert, then the `le` of the story (auto_now_add) put back in one statement."""
    modele.objects.bulk_create([t for t, _ in lignes], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {modele._meta.db_table} AS t SET le = v.le "  # noqa: S608 - a model's table name
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, le) WHERE t.id = v.id",
            [[t.pk for t, _ in lignes], [le for _, le in lignes]],
        )
