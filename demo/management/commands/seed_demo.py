"""Demo data, deterministic (seeded) and idempotent: python manage.py seed_demo --scale 1.

Creates the referential, the 17 landlords (Erilia is real, the 16 others are demo names, flagged), the other
réservataires and associations, one demo user per role (password in the README) and, for realism, the staff of
each partner with French names (Faker fr_FR), then the waiting list: round(10 372 × scale) active demands with their
households, wishes and priority criteria (demo.demandes, added once to an empty demand table), and the data of the
other apps, each from its module of the `demo` package (see its docstring), sized by --scale.
"""

import random

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from demandes.codes import EtatDemande
from demandes.models import Demande
from demandes.services import cotations_recalculer
from demo.activite import creer_activite_demo
from demo.cal import creer_retours_cal_demo
from demo.commissions import creer_membres_demo
from demo.comptes import DEMO_PASSWORD, DEMO_USERS
from demo.demandes import creer_demandes_demo
from demo.distance import creer_seance_a_distance_demo
from demo.notes import creer_notes_demo
from demo.parc import creer_parc_demo
from demo.positionnements import creer_positionnements_demo
from demo.suivi import creer_historique_demo, produire_tableaux_demo
from territoire.models import Commune, Habilitation, Organisation, Secteur, Utilisateur
from territoire.roles import Role, TypeOrganisation, TypeReservataire

GRAINE = 20261129
DEMANDES_ACTIVES = 10372  # active demands of the CASA at scale 1
LOGEMENTS_PARC = 8600  # social dwellings of the CASA at scale 1
POSITIONNEMENTS = 20  # dwellings to fill on which CASA has already proposed its candidates

# Demo landlords: plausible names, invented; each flagged est_demo and shown with a "démo" badge.
BAILLEURS_DEMO = [
    ("Côte d'Azur Habitat Social", "CAHS"),
    ("Habitat Méditerranée Sud", "HMS"),
    ("Logis des Oliviers", "LDO"),
    ("Provence Alpes Logement", "PAL"),
    ("Azur Logement Familial", "ALF"),
    ("Foyer Riviera", "FR"),
    ("Les Résidences du Loup", "RDL"),
    ("Sophia Habitat Solidaire", "SHS"),
    ("Néolia Azur", "NA"),
    ("Maison Familiale de Provence", "MFP"),
    ("Habitat et Territoires 06", "HT06"),
    ("Logirem Côte", "LC"),
    ("Var Alpes Maritimes Habitat", "VAMH"),
    ("Immobilière du Littoral", "IDL"),
    ("Le Nid Provençal", "LNP"),
    ("Résidences Sociales des Baous", "RSB"),
]
# Demo sectors (coast, middle country, high country), by INSEE code: a plausible split, not CASA's official one.
SECTEURS_DEMO = {
    "Littoral (démo)": ["06004", "06155", "06161", "06018"],
    "Moyen-pays (démo)": ["06152", "06105", "06044", "06112", "06089", "06038", "06128", "06148", "06010"],
    "Haut-pays (démo)": [
        "06070",
        "06022",
        "06050",
        "06041",
        "06068",
        "06037",
        "06017",
        "06049",
        "06047",
        "06061",
        "06107",
    ],
}
ASSOCIATIONS_DEMO = [
    ("Association Accueil et Logement Antibois", "AALA"),
    ("Insertion Habitat Sophia", "IHS"),
]


class Command(BaseCommand):
    help = "Crée les données de démonstration (déterministes, idempotentes)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Taille : 1 = la CASA réelle.")
        parser.add_argument(
            "--si-vide", action="store_true", help="Ne fait rien si les données de démonstration existent déjà."
        )

    def handle(self, *args, scale, si_vide, **options):
        if si_vide and Utilisateur.objects.filter(username="admin.casa").exists():
            if options["verbosity"]:
                self.stdout.write("Données de démonstration déjà présentes.")
            return
        self.mot_de_passe = make_password(DEMO_PASSWORD)
        faker = Faker("fr_FR")
        faker.seed_instance(GRAINE)
        hasard = random.Random(GRAINE)
        with transaction.atomic():
            call_command("charger_referentiel", verbosity=0)
            self._organisations()
            self._secteurs()
            self._comptes_demo()
            n = self._personnel(faker, hasard)
            membres = Faker("fr_FR")  # its own generator: the demands stay the same
            membres.seed_instance(GRAINE + 3)
            creer_membres_demo(faker=membres)
            # its own generator: the demands below stay the same whether the stock is created or not
            creer_parc_demo(
                nombre_logements=round(LOGEMENTS_PARC * scale),
                hasard=random.Random(GRAINE + 1),
                jour=timezone.localdate(),
            )
            creer_activite_demo(hasard=random.Random(GRAINE + 2), jour=timezone.localdate())
            creees = creer_demandes_demo(
                nombre=round(DEMANDES_ACTIVES * scale), hasard=hasard, faker=faker, jour=timezone.localdate()
            )
            if creees:
                cotations_recalculer()
            creer_positionnements_demo(nombre=round(POSITIONNEMENTS * min(scale, 1)), jour=timezone.localdate())
            creer_retours_cal_demo(jour=timezone.localdate())
            creer_historique_demo(hasard=random.Random(GRAINE + 4), jour=timezone.localdate(), echelle=scale)
            creer_notes_demo()
            creer_seance_a_distance_demo()
        with connection.cursor() as cursor:  # fresh statistics for the planner after the bulk inserts
            cursor.execute("ANALYZE")
        if scale > 0:
            produire_tableaux_demo(jour=timezone.localdate())
        if not options["verbosity"]:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Démonstration prête : {Organisation.objects.count()} organisations, "
                f"{Utilisateur.objects.filter(est_compte_api=False).count()} comptes ({n} agents des partenaires), "
                f"{Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).count()} "
                "demandes actives."
            )
        )

    def _secteurs(self):
        """Three demo sectors for the search's widening (flagged "démo": CASA enters its own in the admin)."""
        for nom, codes in SECTEURS_DEMO.items():
            secteur, _ = Secteur.objects.get_or_create(nom=nom, defaults={"est_demo": True})
            secteur.communes.set(Commune.objects.filter(code_insee__in=codes))

    def _organisations(self):
        for i, (nom, sigle) in enumerate(BAILLEURS_DEMO, start=1):
            Organisation.objects.update_or_create(
                slug=f"bailleur-demo-{i:02d}",
                defaults={
                    "type": TypeOrganisation.BAILLEUR,
                    "nom": nom,
                    "sigle": sigle,
                    "est_demo": True,
                    "est_reservataire": True,
                    "type_reservataire": TypeReservataire.AUCUN,
                    "est_guichet_enregistreur": i <= 4,
                    "code_guichet": f"BD{i:03d}" if i <= 4 else None,
                },
            )
        for i, (nom, sigle) in enumerate(ASSOCIATIONS_DEMO, start=1):
            Organisation.objects.update_or_create(
                slug=f"association-demo-{i:02d}",
                defaults={"type": TypeOrganisation.ASSOCIATION, "nom": nom, "sigle": sigle, "est_demo": True},
            )

    def _compte(self, username, first_name, last_name, email=""):
        user, cree = Utilisateur.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name, "email": email}
        )
        if cree:
            # One hash for every demo account: hashing 100 passwords would take 15 s.
            user.password = self.mot_de_passe
            user.save(update_fields=["password"])
        return user

    def _comptes_demo(self):
        orgs = {o.slug: o for o in Organisation.objects.all()}
        prenoms = ["Camille", "Julien", "Nadia", "Thomas", "Sophie", "Karim", "Élodie", "Marc", "Inès"]
        noms = ["Martin", "Bernard", "Haddad", "Rossi", "Giraud", "Benali", "Fabre", "Lambert", "Moreau"]
        for (login, _, slug, role), prenom, nom in zip(DEMO_USERS, prenoms, noms, strict=True):
            user = self._compte(login, prenom, nom, f"{login}@demo.casa-logement.fr")
            Habilitation.objects.get_or_create(utilisateur=user, organisation=orgs[slug], role=role)
        multi = self._compte("multi.organisations", "Laure", "Castellan", "multi.organisations@demo.casa-logement.fr")
        Habilitation.objects.get_or_create(
            utilisateur=multi, organisation=orgs["commune-vallauris"], role=Role.AGENT_GUICHET
        )
        Habilitation.objects.get_or_create(utilisateur=multi, organisation=orgs["casa"], role=Role.INSTRUCTEUR)

    def _personnel(self, faker, hasard) -> int:
        """The staff of each partner: a landlord's managers, a counter's agents, réservataires' officers."""
        roles_par_type = {
            TypeOrganisation.BAILLEUR: [Role.GESTIONNAIRE_BAILLEUR, Role.GESTIONNAIRE_BAILLEUR, Role.ADMINISTRATEUR],
            TypeOrganisation.COMMUNE: [Role.AGENT_GUICHET, Role.RESERVATAIRE],
            TypeOrganisation.EPCI: [Role.INSTRUCTEUR] * 4 + [Role.SECRETARIAT_COMMISSION],
            TypeOrganisation.ETAT: [Role.RESERVATAIRE, Role.RESERVATAIRE],
            TypeOrganisation.ACTION_LOGEMENT: [Role.RESERVATAIRE, Role.INSTRUCTEUR],
            TypeOrganisation.DEPARTEMENT: [Role.RESERVATAIRE],
            TypeOrganisation.ASSOCIATION: [Role.MEMBRE_COMMISSION],
        }
        n = 0
        for org in Organisation.objects.order_by("slug"):
            roles = roles_par_type.get(org.type, [])
            if org.type == TypeOrganisation.COMMUNE and not org.est_guichet_enregistreur:
                roles = [Role.RESERVATAIRE]
            for i, role in enumerate(roles, start=1):
                prenom, nom = faker.first_name(), faker.last_name()
                login = f"{org.slug}.{i}"
                user = self._compte(login, prenom, nom, f"{login}@demo.casa-logement.fr")
                Habilitation.objects.get_or_create(utilisateur=user, organisation=org, role=role)
                n += 1
        hasard.random()  # the generator is kept for the data of later issues (demands, parc), sized by --scale
        return n
