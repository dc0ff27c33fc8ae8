"""Loads the territory referential (communes, populations, QPV) and the real public organisations. Idempotent."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from territoire.referentiel import organisations_publiques_assurer


class Command(BaseCommand):
    help = "Charge le référentiel du territoire (communes, QPV) et les organisations publiques réelles."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("loaddata", "territoire", verbosity=0)
        n = organisations_publiques_assurer()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Référentiel chargé : 24 communes, QPV, {n} organisations publiques.")
            )
