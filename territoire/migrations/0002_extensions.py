from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent (search and sorting of French names) and pg_trgm (fuzzy duplicate detection of applicants)."""

    dependencies = [("territoire", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
