"""The current code of a person's authenticator, for the local demonstration only (make demo: CASA_DEMONSTRATION):
who tries the demo without a phone types this code. Refused anywhere else."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Code courant du second facteur d'un compte (démonstration locale seulement)."

    def add_arguments(self, parser):
        parser.add_argument("identifiant")

    def handle(self, *args, identifiant, **options):
        if not settings.CASA_DEMONSTRATION:
            raise CommandError("Réservé à la démonstration locale : en production, seul le téléphone donne le code.")
        appareil = TOTPDevice.objects.filter(user__username=identifiant).order_by("-confirmed", "-pk").first()
        if appareil is None:
            raise CommandError(
                f"{identifiant} n'a pas encore commencé l'activation : connectez-vous d'abord avec ce compte."
            )
        totp = TOTP(appareil.bin_key, appareil.step, appareil.t0, appareil.digits, appareil.drift)
        self.stdout.write(f"{totp.token():06d}")
