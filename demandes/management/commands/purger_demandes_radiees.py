"""Erases the personal data of the demands struck off more than the retention period ago (one year after the
radiation, demandes/retention/, docs/conservation.md); `--dry-run` counts what would be erased and changes nothing.
The nightly task does the same (beat, 03:40). Prints counts, never a name."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demandes import retention
from demandes.models import DeclencheurEffacement


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des demandes radiées depuis plus d'un an (durée de conservation) ; "
        "--dry-run : dit ce qui serait effacé, sans rien effacer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="simulation",
            help="Compter seulement : demandes, pièces, fichiers… qui seraient effacés (aucun nom n'est affiché).",
        )
        parser.add_argument(
            "--taille-lot",
            type=int,
            default=retention.TAILLE_LOT,
            help=f"Demandes effacées par transaction ({retention.TAILLE_LOT} par défaut).",
        )

    def handle(self, *args, simulation=False, taille_lot=retention.TAILLE_LOT, **options):
        if taille_lot < 1:
            raise CommandError("--taille-lot : un nombre de demandes, au moins 1.")
        try:
            bilan = retention.purger(
                simulation=simulation, declencheur=DeclencheurEffacement.COMMANDE, taille_lot=taille_lot
            )
        except ImproperlyConfigured as err:
            raise CommandError(str(err)) from err
        if options["verbosity"]:
            self.stdout.write(bilan.texte())
