"""Issue 17, step 5: one log shape for every state (commun.etats.JournalTransition). TransitionPositionnement takes
the shape (a nullable `par`, `le` indexed, longer states); a new log for the CAL deposits, filled from now on (no
backfill)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("positionnements", "0005_fichiers_partenaires"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="date_effet",
            field=models.DateField(
                blank=True,
                help_text="Le jour où c'est arrivé (séance, CAL, réponse, bail…), s'il diffère du jour de l'enregistrement.",
                null=True,
                verbose_name="date de l'événement",
            ),
        ),
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="de",
            field=models.CharField(
                blank=True,
                choices=[
                    ("PROPOSE", "Proposé"),
                    ("RETIRE", "Retiré avant la commission"),
                    ("VALIDE", "Validé par la commission, transmis à la CAL"),
                    ("AJOURNE", "Ajourné par la commission"),
                    ("REFUSE", "Refusé par la commission"),
                    ("ATTRIBUE", "Attribué par la CAL"),
                    ("ATTRIBUE_RANG", "Attribué par classement"),
                    ("ATTRIBUE_CS", "Attribué sous condition suspensive"),
                    ("NON_ATTRIBUE", "Non attribué par la CAL"),
                    ("IRRECEVABLE", "Rejeté pour irrecevabilité"),
                    ("ACCEPTE", "Accepté par le candidat"),
                    ("REFUS_CANDIDAT", "Refusé par le candidat"),
                    ("BAIL_SIGNE", "Bail signé"),
                    ("ECHEC", "Échec (logement attribué à un autre ou retiré)"),
                ],
                max_length=20,
                verbose_name="état avant",
            ),
        ),
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="le",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="enregistré le"),
        ),
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="motif",
            field=models.CharField(blank=True, max_length=300, verbose_name="motif"),
        ),
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="par",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="par",
            ),
        ),
        migrations.AlterField(
            model_name="transitionpositionnement",
            name="vers",
            field=models.CharField(
                choices=[
                    ("PROPOSE", "Proposé"),
                    ("RETIRE", "Retiré avant la commission"),
                    ("VALIDE", "Validé par la commission, transmis à la CAL"),
                    ("AJOURNE", "Ajourné par la commission"),
                    ("REFUSE", "Refusé par la commission"),
                    ("ATTRIBUE", "Attribué par la CAL"),
                    ("ATTRIBUE_RANG", "Attribué par classement"),
                    ("ATTRIBUE_CS", "Attribué sous condition suspensive"),
                    ("NON_ATTRIBUE", "Non attribué par la CAL"),
                    ("IRRECEVABLE", "Rejeté pour irrecevabilité"),
                    ("ACCEPTE", "Accepté par le candidat"),
                    ("REFUS_CANDIDAT", "Refusé par le candidat"),
                    ("BAIL_SIGNE", "Bail signé"),
                    ("ECHEC", "Échec (logement attribué à un autre ou retiré)"),
                ],
                max_length=20,
                verbose_name="état après",
            ),
        ),
        migrations.CreateModel(
            name="TransitionDepotCAL",
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
                            ("RECU", "Reçu, en attente de vérification"),
                            ("VERIFICATION", "Vérification en cours"),
                            ("REJETE", "Refusé (erreurs à corriger)"),
                            ("VERIFIE", "Vérifié, prêt à appliquer"),
                            ("APPLIQUE", "Appliqué"),
                            ("ECHEC", "Échec (à relancer)"),
                        ],
                        max_length=20,
                        verbose_name="état avant",
                    ),
                ),
                (
                    "vers",
                    models.CharField(
                        choices=[
                            ("RECU", "Reçu, en attente de vérification"),
                            ("VERIFICATION", "Vérification en cours"),
                            ("REJETE", "Refusé (erreurs à corriger)"),
                            ("VERIFIE", "Vérifié, prêt à appliquer"),
                            ("APPLIQUE", "Appliqué"),
                            ("ECHEC", "Échec (à relancer)"),
                        ],
                        max_length=20,
                        verbose_name="état après",
                    ),
                ),
                (
                    "depot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="journal_etats",
                        to="positionnements.depotdecisionscal",
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
            ],
            options={
                "ordering": ["depot", "le", "pk"],
            },
        ),
    ]
