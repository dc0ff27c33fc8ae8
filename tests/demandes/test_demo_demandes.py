"""The demo demands of seed_demo: counts, local numbers and NURs, households, derived figures, idempotency, replay."""

import datetime as dt
import random
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from faker import Faker

from demandes.codes import EtatDemande, Lien, MotifRadiation
from demandes.models import (
    MAX_COMMUNES_SOUHAITEES,
    CriterePriorite,
    Demande,
    Personne,
    Ressource,
    SouhaitCommune,
    TransitionDemande,
)
from demandes.services import demande_recalculer
from demo.demandes import SANS_NUR_JOURS, creer_demandes_demo
from demo.demandes.tables import TYPOLOGIES
from demo.management.commands.seed_demo import DEMANDES_ACTIVES, GRAINE

ECHELLE = "0.02"
ACTIVES = round(DEMANDES_ACTIVES * float(ECHELLE))  # 207
EN_COURS = [EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]
DERIVES = [
    "nom_recherche",
    "priorites",
    "nombre_personnes",
    "categorie_menage",
    "unites_consommation",
    "ressources_mensuelles",
    "ressources_par_uc",
    "premier_quartile",
    "eligible_plai",
    "eligible_plus",
    "eligible_pls",
]


def _tout_effacer():
    """The demands and what the history of the demo hangs on them."""
    from commissions.models import Avis, PointOrdreDuJour, Seance
    from positionnements.models import DecisionCAL, DepotDecisionsCAL, Positionnement, TransitionPositionnement
    from suivi.models import TableauMensuel

    for modele in (TableauMensuel, Avis, PointOrdreDuJour, Seance, DecisionCAL, TransitionPositionnement):
        modele.objects.all().delete()
    DepotDecisionsCAL.objects.all().delete()
    Positionnement.objects.all().delete()
    Demande.objects.all().delete()


def _demandes():
    """The demo's demands, without the twins of the attributed households the two years of history add (demo.suivi)."""
    from demo.suivi import MARQUEUR
    from positionnements.models import Positionnement

    jumeaux = Positionnement.objects.filter(decision_cal__depot__nom_fichier=MARQUEUR, etat="BAIL_SIGNE")
    return Demande.objects.exclude(pk__in=jumeaux.values("demande_id"))


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)


def _instantane():
    return list(
        _demandes()
        .order_by("numero", "date_depot", "nom_recherche")
        .values_list(
            "numero",
            "nur",
            "etat",
            "date_depot",
            "nom_recherche",
            "guichet__slug",
            "ressources_mensuelles",
            "priorites",
        )
    )


def _comptes():
    return [m.objects.count() for m in (Demande, Personne, Ressource, SouhaitCommune, CriterePriorite)]


def test_le_nombre_de_demandes_actives_suit_l_echelle(demo):
    assert ACTIVES == 207
    assert _demandes().filter(etat__in=EN_COURS).count() == ACTIVES
    qualifiees = _demandes().filter(etat=EtatDemande.QUALIFIEE).count()
    assert 0.25 * ACTIVES < qualifiees < 0.55 * ACTIVES
    # drafts: 3 % of the live demands, on top of the active ones; struck-off ones apart, with a legal reason
    assert _demandes().filter(etat=EtatDemande.BROUILLON).count() == round(ACTIVES * 3 / 97)
    radiees = _demandes().filter(etat=EtatDemande.RADIEE)
    assert radiees.count() == round(ACTIVES * 0.04)
    assert set(radiees.values_list("motif_radiation", flat=True)) <= {
        MotifRadiation.RADATT,
        MotifRadiation.RADREN,
        MotifRadiation.RADABA,
    }
    assert not radiees.filter(date_radiation__isnull=True).exists()


def test_les_numeros_locaux_suivent_l_enregistrement_et_les_nur_manquent_seulement_la_derniere_semaine(demo):
    """Every registered demo demand has a local number (CASA-<year of registration>-NNNNNN), unique, numbered 1..N in
    the order of registration, and the sequence is past them; a NUR (18 characters, unique, the SNE's shape) for every
    one but those registered in the last SANS_NUR_JOURS days, whose NUR the SNE has not brought back yet."""
    enregistrees = list(
        _demandes().exclude(etat=EtatDemande.BROUILLON).select_related("guichet").order_by("date_enregistrement", "pk")
    )
    numeros = [d.numero for d in enregistrees]
    assert len(numeros) == len(set(numeros)) == len(enregistrees)
    prefixe = settings.CASA_PREFIXE_NUMERO_LOCAL
    for d in enregistrees:
        assert re.fullmatch(rf"{prefixe}-{d.date_enregistrement:%Y}-\d{{6}}", d.numero), d.numero
    assert (
        not _demandes()
        .filter(etat=EtatDemande.BROUILLON)
        .filter(Q(numero__isnull=False) | Q(nur__isnull=False))
        .exists()
    )
    sequences = [int(n.rsplit("-", 1)[1]) for n in numeros]
    assert sorted(sequences) == list(range(1, len(numeros) + 1))  # numbered 1..N
    assert sequences == sorted(sequences)  # in the order of registration

    limite = timezone.localdate() - dt.timedelta(days=SANS_NUR_JOURS)
    avec_nur = [d for d in enregistrees if d.nur]
    assert len({d.nur for d in avec_nur}) == len(avec_nur) > 0
    for d in avec_nur:
        assert re.fullmatch(r"[0-9A-Z]{18}", d.nur), d.nur
        assert d.nur.startswith(f"006{d.date_depot:%m%y}") and d.nur.endswith(d.guichet.code_guichet)
        assert d.reference == d.nur
    sans_nur = [d for d in enregistrees if not d.nur]
    assert sans_nur, "the demo shows demands whose NUR is awaited"
    assert all(d.date_enregistrement > limite and d.reference == d.numero for d in sans_nur)
    assert all(d.nur for d in enregistrees if d.date_enregistrement <= limite)

    tous = list(Demande.objects.exclude(numero=None).values_list("numero", flat=True))  # twins included
    assert len(tous) == len(set(tous))
    assert (
        Demande.objects.exclude(nur=None).values("nur").distinct().count() == Demande.objects.exclude(nur=None).count()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_local_seq')")
        # the next demand registered in the app does not collide
        assert cursor.fetchone()[0] == max(int(n.rsplit("-", 1)[1]) for n in tous) + 1


def test_chaque_demande_a_un_seul_demandeur_et_un_menage_coherent(demo):
    demandes = _demandes().annotate(
        demandeurs=Count("personnes", filter=Q(personnes__lien=Lien.DEMANDEUR)),
        co=Count("personnes", filter=Q(personnes__lien=Lien.CO_DEMANDEUR)),
    )
    assert set(demandes.values_list("demandeurs", flat=True)) == {1}
    assert not demandes.filter(vit_en_couple=True).exclude(co=1).exists()
    jour = timezone.localdate()
    for p in Personne.objects.filter(lien__in=[Lien.DEMANDEUR, Lien.CO_DEMANDEUR]):
        assert p.nom and p.prenom
        assert p.date_naissance <= jour - dt.timedelta(days=18 * 365)
    assert not Personne.objects.filter(enfant_a_naitre=False, date_naissance__gt=jour).exists()
    assert not Personne.objects.filter(enfant_a_naitre=True).exclude(lien=Lien.ENFANT).exists()
    demandeurs = Personne.objects.filter(lien=Lien.DEMANDEUR, demande__etat__in=EN_COURS)
    assert demandeurs.exclude(telephone="").count() == ACTIVES


def test_les_chiffres_derives_sont_ceux_que_recalculerait_le_service(demo):
    jour = timezone.localdate()
    enregistrees = _demandes().exclude(etat=EtatDemande.BROUILLON)
    for champ in DERIVES:
        if champ != "priorites":
            assert not enregistrees.filter(**{f"{champ}__isnull": True}).exists(), champ
    assert not enregistrees.filter(nom_recherche="").exists()
    # seed_demo scores every demand once created (services.cotations_recalculer)
    assert not _demandes().exclude(etat=EtatDemande.RADIEE).filter(score_cotation__isnull=True).exists()
    for demande in _demandes().all():
        avant = {c: getattr(demande, c) for c in [*DERIVES, "score_cotation"]}
        demande_recalculer(demande=demande, jour=jour)
        demande.refresh_from_db()
        if demande.etat == EtatDemande.RADIEE:
            avant["score_cotation"] = demande.score_cotation  # struck-off demands are not scored by the batch
        assert {c: getattr(demande, c) for c in [*DERIVES, "score_cotation"]} == avant, demande.numero
        actifs = sorted(demande.criteres_priorite.filter(actif=True).values_list("code", flat=True))
        assert demande.priorites == actifs


def test_souhaits_dates_typologies_et_journal(demo):
    jour = timezone.localdate()
    par_demande = SouhaitCommune.objects.values("demande").annotate(n=Count("id"))
    assert max(s["n"] for s in par_demande) <= MAX_COMMUNES_SOUHAITEES
    enregistrees = _demandes().exclude(etat=EtatDemande.BROUILLON)
    for d in enregistrees.prefetch_related("souhaits_communes", "transitions"):
        rangs = [s.rang for s in d.souhaits_communes.all()]
        assert rangs == list(range(1, len(rangs) + 1))
        assert rangs or d.toute_commune
        assert d.date_depot <= d.date_enregistrement <= min(d.date_depot + dt.timedelta(days=30), jour)
        if d.etat != EtatDemande.RADIEE:
            assert jour < d.date_echeance <= jour + dt.timedelta(days=366)
        for typologie in d.typologies:
            bas, haut = next((b, h) for t, b, h in TYPOLOGIES if t == typologie)
            assert bas <= d.nombre_personnes <= haut or (typologie == "T2" and d.nombre_personnes == 3)
        etats = [t.vers for t in d.transitions.all()]
        assert etats[:2] == [EtatDemande.BROUILLON, EtatDemande.ACTIVE]
        if d.etat == EtatDemande.QUALIFIEE:
            assert EtatDemande.QUALIFIEE in etats
        assert etats[-1] == d.etat
        if d.mutation:
            assert d.bailleur_actuel_id is not None
    for critere in CriterePriorite.objects.all():
        assert critere.preuve and critere.saisi_par_id
        if critere.code == "DALO":
            assert critere.date_decision is not None and critere.statut_dalo == "ACTIF"


def test_seed_demo_n_ajoute_rien_la_seconde_fois(demo):
    avant = _comptes()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _comptes() == avant
    hasard, faker = random.Random(1), Faker("fr_FR")
    etat_faker = faker.random.getstate()
    assert creer_demandes_demo(nombre=10, hasard=hasard, faker=faker, jour=timezone.localdate()) == 0
    temoin = random.Random(1)
    temoin.getrandbits(64)
    assert hasard.random() == temoin.random()  # one draw, created or not: what the seed makes next stays the same
    assert faker.random.getstate() == etat_faker


def test_les_memes_demandes_a_chaque_execution(demo):
    premiere = _instantane()
    assert len(premiere) > ACTIVES
    _tout_effacer()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _instantane() == premiere
    noms = sorted(Personne.objects.values_list("prenom", "nom", "date_naissance"))
    _tout_effacer()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert sorted(Personne.objects.values_list("prenom", "nom", "date_naissance")) == noms


def test_la_repartition_est_realiste(db):
    """1 000 demands on a fixed day: the spread asked for (REGLES §5 quartile, sizes, priorities)."""
    call_command("seed_demo", "--scale", "0", verbosity=0)
    faker = Faker("fr_FR")
    faker.seed_instance(GRAINE)
    jour = dt.date(2026, 6, 15)
    etat_faker = faker.random.getstate()
    creer_demandes_demo(nombre=1000, hasard=random.Random(GRAINE), faker=faker, jour=jour)
    assert faker.random.getstate() == etat_faker
    actives = _demandes().filter(etat__in=EN_COURS)
    n = actives.count()
    assert n == 1000

    def part(qs):
        return qs.count() / n

    assert 0.22 <= part(actives.filter(premier_quartile=True)) <= 0.33
    assert 0.32 <= part(actives.filter(nombre_personnes=1)) <= 0.44
    assert 0.02 <= part(actives.filter(nombre_personnes__gte=6)) <= 0.05
    assert 0.015 <= part(actives.filter(priorites__contains=["DALO"])) <= 0.05
    assert 0.14 <= part(actives.exclude(priorites=[]).exclude(priorites=["DALO"])) <= 0.28
    assert 0.14 <= part(actives.filter(mutation=True)) <= 0.26
    assert 0.02 <= part(actives.filter(toute_commune=True)) <= 0.08
    personnes = Personne.objects.filter(demande__in=actives)
    assert 0.04 <= personnes.filter(handicap=True).count() / personnes.count() <= 0.08
    assert personnes.filter(enfant_a_naitre=True).exists()
    assert actives.filter(date_depot__lt=jour - dt.timedelta(days=4 * 365)).exists()
    assert not _demandes().filter(date_enregistrement__gt=jour).exists()
    assert (
        actives.filter(guichet__slug="casa").count()
        > actives.filter(guichet__slug="commune-antibes").count()
        > actives.filter(guichet__slug="commune-vallauris").count()
    )
    assert TransitionDemande.objects.filter(le__date__lt=jour - dt.timedelta(days=365)).exists()
