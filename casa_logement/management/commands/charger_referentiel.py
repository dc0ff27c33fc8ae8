"""Loads the referential: territory (communes, populations, QPV), the real public organisations, and the dated rules
(income ceilings, quartile thresholds, CASA's positioning rules). Idempotent. Lives in the project package: it spans
several apps."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from commissions.models import RegleQuorum
from demandes.models import BaremePlafond, GrilleCotation, SeuilQuartile
from positionnements.services import regles_de_depart_assurer
from territoire.referentiel import organisations_publiques_assurer


class Command(BaseCommand):
    help = "Charge le référentiel : territoire, organisations publiques, plafonds de ressources et quartiles."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("loaddata", "territoire", verbosity=0)
        # The dated rules are loaded once: afterwards they belong to CASA's administrators, who edit them.
        for fixture, modele in (
            ("regles_baremes", BaremePlafond),
            ("regles_quartiles", SeuilQuartile),
            ("regles_cotation", GrilleCotation),
            ("regles_quorum", RegleQuorum),
        ):
            if not modele.objects.exists():
                call_command("loaddata", fixture, verbosity=0)
        regles_de_depart_assurer()  # CASA's positioning rules, from the setting CASA_POSITIONNEMENT
        n = organisations_publiques_assurer()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Référentiel chargé : 24 communes, QPV, {n} organisations publiques, plafonds et quartiles."
                )
            )
