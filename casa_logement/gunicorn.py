"""gunicorn's settings in production (Dockerfile: ``gunicorn --config python:casa_logement.gunicorn``).

The access log holds no personal data: ``%(U)s`` is the path without its query string (a search by name stays out of
the log), and neither the referrer nor the user agent is written (docs/securite.md, « Journaux »)."""

from gunicorn.glogging import Logger

from commun.journaux import sans_parametres


class JournalSansDonneesPersonnelles(Logger):
    """gunicorn's logger, the path of each access line with a demand's number masked (commun/journaux.py)."""

    def atoms(self, resp, req, environ, request_time):
        atomes = super().atoms(resp, req, environ, request_time)
        atomes["U"] = sans_parametres(atomes["U"])
        return atomes


logger_class = JournalSansDonneesPersonnelles
bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
