"""Issue 17, step 5: one log shape for every state (commun.etats.JournalTransition). TransitionDemande's `etat_avant`
and `etat_apres` become `de` and `vers` (renamed: rows kept); it gains `date_effet` (the lease's day of a radiation for
attribution, the day of a radiation pronounced for another day)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("demandes", "0011_effacement_apres_conservation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="transitiondemande", old_name="etat_avant", new_name="de"),
        migrations.RenameField(model_name="transitiondemande", old_name="etat_apres", new_name="vers"),
        migrations.AddField(
            model_name="transitiondemande",
            name="date_effet",
            field=models.DateField(
                blank=True,
                help_text="Le jour où c'est arrivé (séance, CAL, réponse, bail…), s'il diffère du jour de l'enregistrement.",
                null=True,
                verbose_name="date de l'événement",
            ),
        ),
        migrations.AlterField(
            model_name="transitiondemande",
            name="de",
            field=models.CharField(
                blank=True,
                choices=[
                    ("BROUILLON", "Brouillon"),
                    ("ACTIVE", "Enregistrée (active)"),
                    ("QUALIFIEE", "Qualifiée"),
                    ("RADIEE", "Radiée"),
                ],
                max_length=20,
                verbose_name="état avant",
            ),
        ),
        migrations.AlterField(
            model_name="transitiondemande",
            name="le",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="enregistré le"),
        ),
        migrations.AlterField(
            model_name="transitiondemande",
            name="motif",
            field=models.CharField(blank=True, max_length=300, verbose_name="motif"),
        ),
        migrations.AlterField(
            model_name="transitiondemande",
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
            model_name="transitiondemande",
            name="vers",
            field=models.CharField(
                choices=[
                    ("BROUILLON", "Brouillon"),
                    ("ACTIVE", "Enregistrée (active)"),
                    ("QUALIFIEE", "Qualifiée"),
                    ("RADIEE", "Radiée"),
                ],
                max_length=20,
                verbose_name="état après",
            ),
        ),
    ]
