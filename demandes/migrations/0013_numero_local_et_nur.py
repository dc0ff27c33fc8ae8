"""Issue 18: the numéro unique belongs to the SNE. A demand registered here gets a local number in a namespace of its
own (CASA-2026-000123) and keeps the SNE's number apart, in `nur`, once known.

The numbers this application gave before were minted in the SNE's format without the SNE: they are no NUR. Each
registered demand gets a local number (the year of its registration, a new sequence in the order of registration);
the old number stays in the demand's audit history (pghistory records the update) and in the log below."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("demandes", "0012_journal_de_transition")]

    operations = [
        migrations.RemoveConstraint(model_name="demande", name="demande_numero_18"),
        migrations.AlterField(
            model_name="demande",
            name="numero",
            field=models.CharField(
                blank=True,
                help_text="Numéro donné ici à l'enregistrement (CASA-2026-000123), dans un espace à part : jamais au "
                "format du SNE, pour ne pas heurter un vrai numéro unique (docs/sne.md « Numéros »).",
                max_length=24,
                null=True,
                unique=True,
                verbose_name="numéro local",
            ),
        ),
        migrations.AddField(
            model_name="demande",
            name="nur",
            field=models.CharField(
                blank=True,
                help_text="Numéro unique départemental délivré par le Système national d'enregistrement (L441-2-1 "
                "CCH), connu à l'import du SNE ou saisi par un agent.",
                max_length=18,
                null=True,
                unique=True,
                verbose_name="numéro unique (SNE)",
            ),
        ),
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS demandes_numero_local_seq MINVALUE 1 NO CYCLE",
            "DROP SEQUENCE IF EXISTS demandes_numero_local_seq",
        ),
    ]
