"""Issue 17, step 5: one log shape for every state (commun.etats.JournalTransition). TransitionProgramme's
`commentaire` becomes `motif` (renamed: rows kept), it gains `date_effet` and a nullable `par`; new logs for the dwellings
to fill, the stock imports and the réunions réservataires (filled from now on, no backfill)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmation", "0005_fichiers_partenaires"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="transitionprogramme", old_name="commentaire", new_name="motif"),
        migrations.AddField(
            model_name="transitionprogramme",
            name="date_effet",
            field=models.DateField(
                blank=True,
                help_text="Le jour où c'est arrivé (séance, CAL, réponse, bail…), s'il diffère du jour de l'enregistrement.",
                null=True,
                verbose_name="date de l'événement",
            ),
        ),
        migrations.AlterField(
            model_name="transitionprogramme",
            name="de",
            field=models.CharField(
                blank=True,
                choices=[("PROJET", "Projet"), ("FINANCE", "Financé"), ("CHANTIER", "En chantier"), ("LIVRE", "Livré")],
                max_length=20,
                verbose_name="état avant",
            ),
        ),
        migrations.AlterField(
            model_name="transitionprogramme",
            name="le",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="enregistré le"),
        ),
        migrations.AlterField(
            model_name="transitionprogramme",
            name="motif",
            field=models.CharField(blank=True, max_length=300, verbose_name="motif"),
        ),
        migrations.AlterField(
            model_name="transitionprogramme",
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
            model_name="transitionprogramme",
            name="vers",
            field=models.CharField(
                choices=[("PROJET", "Projet"), ("FINANCE", "Financé"), ("CHANTIER", "En chantier"), ("LIVRE", "Livré")],
                max_length=20,
                verbose_name="état après",
            ),
        ),
        migrations.CreateModel(
            name="TransitionDisponibilite",
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
                        choices=[("A_POURVOIR", "À pourvoir"), ("POURVU", "Pourvu"), ("ANNULE", "Annulé")],
                        max_length=20,
                        verbose_name="état avant",
                    ),
                ),
                (
                    "vers",
                    models.CharField(
                        choices=[("A_POURVOIR", "À pourvoir"), ("POURVU", "Pourvu"), ("ANNULE", "Annulé")],
                        max_length=20,
                        verbose_name="état après",
                    ),
                ),
                (
                    "disponibilite",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="programmation.disponibilite",
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
                "ordering": ["disponibilite", "le", "pk"],
            },
        ),
        migrations.CreateModel(
            name="TransitionImportParc",
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
                            ("VERIFIE", "Vérifié, prêt à appliquer"),
                            ("REJETE", "Refusé (erreurs)"),
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
                            ("VERIFIE", "Vérifié, prêt à appliquer"),
                            ("REJETE", "Refusé (erreurs)"),
                            ("APPLIQUE", "Appliqué"),
                            ("ECHEC", "Échec (à relancer)"),
                        ],
                        max_length=20,
                        verbose_name="état après",
                    ),
                ),
                (
                    "import_parc",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="programmation.importparc",
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
                "ordering": ["import_parc", "le", "pk"],
            },
        ),
        migrations.CreateModel(
            name="TransitionReunion",
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
                        choices=[("CONVOQUEE", "Convoquée"), ("VALIDEE", "Répartition validée")],
                        max_length=20,
                        verbose_name="état avant",
                    ),
                ),
                (
                    "vers",
                    models.CharField(
                        choices=[("CONVOQUEE", "Convoquée"), ("VALIDEE", "Répartition validée")],
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
                    "reunion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="programmation.reunionreservataires",
                    ),
                ),
            ],
            options={
                "ordering": ["reunion", "le", "pk"],
            },
        ),
    ]
