"""casa_logement, the Django project. The Celery app is loaded by CasaLogementConfig.ready(), not here, so that
importing casa_logement.stack (the launcher) sets no Django environment."""
