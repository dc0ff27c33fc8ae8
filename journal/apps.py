from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The audit journal in words for CASA's administrators (docs/audit.md). At the top of the dependency arrows:
    it reads the pghistory events of every application, none reads it."""

    name = "journal"
    verbose_name = "Journal des modifications"
