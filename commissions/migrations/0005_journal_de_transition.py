"""Issue 17, step 5: the sessions' log (commun.etats.JournalTransition), filled from now on (no backfill)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commissions", "0004_codes_figes_a_la_cloture"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TransitionSeance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("le", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="enregistré le")),
                (
                    "date_effet",
                    models.DateField(
                        blank=True,
                        help_text="Le jour où c'est arrivé (séance, CAL, réponse, bail…), s'il diffère du jour de l'enregistrement.",
                        null=True,
                        verbose_name="date de l'événement",
                    ),
                ),
                ("motif", models.CharField(blank=True, max_length=300, verbose_name="motif")),
                (
                    "de",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("PREPAREE", "Préparée"),
                            ("CONVOQUEE", "Convoquée"),
                            ("TENUE", "Tenue"),
                            ("CLOSE", "Close"),
                        ],
                        max_length=20,
                        verbose_name="état avant",
                    ),
                ),
                (
                    "vers",
                    models.CharField(
                        choices=[
                            ("PREPAREE", "Préparée"),
                            ("CONVOQUEE", "Convoquée"),
                            ("TENUE", "Tenue"),
                            ("CLOSE", "Close"),
                        ],
                        max_length=20,
                        verbose_name="état après",
                    ),
                ),
                (
                    "par",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
                (
                    "seance",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="commissions.seance"
                    ),
                ),
            ],
            options={
                "ordering": ["seance", "le", "pk"],
            },
        ),
    ]
