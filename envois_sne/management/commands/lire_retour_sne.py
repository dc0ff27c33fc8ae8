"""`python manage.py lire_retour_sne FICHIER`: reads the SNE's acknowledgement of our files (services.retour_lire,
the same as the upload on /sne/envois/): events acknowledged or rejected, the numéro unique of each registration
stored. A file refused (unreadable, hostile, an event unknown…) writes nothing and exits with status 1, the reason
said in French (envois_sne/management/sortie.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from commun.erreurs import ErreurMetier
from envois_sne import services
from envois_sne.management.sortie import refuser
from envois_sne.retour import TAILLE_MAX
from envois_sne.transport import raison_systeme


class Command(BaseCommand):
    help = "Lit le retour (acquittement) du SNE : événements acquittés ou rejetés, numéros uniques reçus."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Le fichier XML de retour du SNE.")

    def handle(self, *args, fichier, **options):
        chemin = Path(fichier)
        try:
            trop_grand = chemin.stat().st_size > TAILLE_MAX
            contenu = b"" if trop_grand else chemin.read_bytes()
        except OSError as err:
            refuser(self, f"Impossible de lire {fichier} : {raison_systeme(err)}.")
        if trop_grand:
            refuser(self, f"{chemin.name} dépasse {TAILLE_MAX // 1024 // 1024} Mo : il est refusé.")
        try:
            fiche = services.retour_lire(par=None, nom=chemin.name, contenu=contenu)
        except ErreurMetier as err:
            refuser(self, err.message)
        self.stdout.write(services.resume_retour(fiche))
