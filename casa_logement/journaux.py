"""No personal data in the logs (docs/securite.md, « Journaux »). A search by name puts the name in the URL's query
string (« /demandes/?q=Dupont »): the access logs keep the path only.

- Django's development server (make demo) logs each request through the ``django.server`` logger: the filter
  ``SansParametresDeRequete`` below cuts the query string from its request line.
- gunicorn (production) writes its own access log: its format (casa_logement/gunicorn.py) uses ``%(U)s``, the path
  without the query string, and neither the referrer (a page's URL with its query) nor the user agent.

Loggers of the application never receive names: services log ids and counts."""

from __future__ import annotations

import logging
import re

# « GET /demandes/?q=Dupont HTTP/1.1 » → « GET /demandes/ HTTP/1.1 »
_REQUETE = re.compile(r"^(\S+ [^?\s]*)\?\S*")


def sans_parametres(ligne: str) -> str:
    """A request line (or a URL) without its query string."""
    return _REQUETE.sub(r"\1", ligne) if " " in ligne else ligne.split("?", 1)[0]


class SansParametresDeRequete(logging.Filter):
    """Removes the query string from the request lines of ``django.server`` (and any record whose first argument is
    a request line or a URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (sans_parametres(record.args[0]), *record.args[1:])
        if isinstance(record.msg, str) and "?" in record.msg and not record.args:
            record.msg = sans_parametres(record.msg)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            record.request = None  # Django's handlers would otherwise format the whole request (query included)
        return True
