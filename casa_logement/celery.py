"""The Celery application. Tasks live in each app's tasks.py and stay thin: they call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

app = Celery("casa_logement")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
