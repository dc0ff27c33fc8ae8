"""gunicorn's settings in production (Dockerfile: ``gunicorn --config python:casa_logement.gunicorn``).

The access log holds no personal data: ``%(U)s`` is the path without its query string (a search by name stays out of
the log), and neither the referrer nor the user agent is written (docs/securite.md, « Journaux »)."""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
