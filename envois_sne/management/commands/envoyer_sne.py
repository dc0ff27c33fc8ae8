"""`python manage.py envoyer_sne`: the daily job of the outbox run by hand (services.envoyer_du_jour, the same as the
beat task): collects the new events, sends the ready ones in the day's file through the transport, prints what it
did. `--depuis AAAA-MM-JJ`: read the logs from that day (the first run, or to catch up a period). An expected
problem (a date misspelt, the folder refusing the file) is said in French, exit status 1
(envois_sne/management/sortie.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand

from commun.erreurs import ErreurMetier
from envois_sne import services
from envois_sne.management.sortie import refuser


class Command(BaseCommand):
    help = "Envoie au SNE les événements du jour (collecte, fichier du jour, transport) et dit ce qui a été fait."

    def add_arguments(self, parser):
        parser.add_argument(
            "--depuis",
            metavar="AAAA-MM-JJ",
            help="Lire les journaux à partir de ce jour (premier envoi, rattrapage) ; sans lui : depuis le dernier.",
        )

    def handle(self, *args, depuis=None, **options):
        debut = None
        if depuis:
            try:
                jour = dt.date.fromisoformat(depuis)
            except ValueError:
                refuser(self, f"--depuis : « {depuis} » n'est pas une date AAAA-MM-JJ (par exemple 2026-11-30).")
            debut = dt.datetime.combine(jour, dt.time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))
        try:
            bilan = services.envoyer_du_jour(depuis=debut)
        except ErreurMetier as err:
            refuser(self, f"Rien n'est envoyé. {err.message}")
        for ligne in bilan.lignes():
            self.stdout.write(ligne)
