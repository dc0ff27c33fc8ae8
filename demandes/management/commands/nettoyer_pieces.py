"""Removes the piece files that no row references (a file written for a transaction that then rolled back).
Only files older than an hour: a piece being saved right now is left alone. Run nightly by beat."""

from django.core.management.base import BaseCommand

from demandes.services import pieces_orphelines_supprimer


class Command(BaseCommand):
    help = "Supprime les fichiers de pièces qu'aucune pièce n'utilise (plus d'une heure)."

    def handle(self, *args, **options):
        n = pieces_orphelines_supprimer()
        if options["verbosity"]:
            self.stdout.write(f"{n} fichier(s) orphelin(s) supprimé(s).")
