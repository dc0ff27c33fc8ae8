from django.db import migrations


class Migration(migrations.Migration):
    """The running number inside the demand's unique number (6 digits): a PostgreSQL sequence, safe under
    concurrent registrations."""

    dependencies = [("demandes", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS demandes_numero_seq MINVALUE 1 MAXVALUE 999999 CYCLE",
            "DROP SEQUENCE IF EXISTS demandes_numero_seq",
        )
    ]
