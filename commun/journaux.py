"""No personal data in the logs (docs/securite.md, « Journaux »). A search by name puts the name in the URL's query
string (« /demandes/?q=Dupont »): the access logs keep the path only.

- Django's development server (make demo) logs each request through the ``django.server`` logger: the filter
  ``SansParametresDeRequete`` below cuts the query string from its request line.
- gunicorn (production) writes its own access log: its format (casa_logement/gunicorn.py) uses ``%(U)s``, the path
  without the query string, and neither the referrer (a page's URL with its query) nor the user agent; its logger
  class masks a demand's number in the path.
- A demand's number in a path (``/api/v1/demandes/006…/``) is masked everywhere: « [numéro] ».

Loggers of the application never receive names: services log ids and counts."""

from __future__ import annotations

import logging
import re

# « GET /demandes/?q=Dupont HTTP/1.1 » → « GET /demandes/ HTTP/1.1 »
_REQUETE = re.compile(r"^(\S+ [^?\s]*)\?\S*")
# A demand's number in a path (/api/v1/demandes/006062401078906155/): pseudonymous, it points at a household.
_NUMERO = re.compile(r"\d{10,}")
MASQUE = "[numéro]"


def sans_parametres(ligne: str) -> str:
    """A request line (or a URL) without its query string, a demand number in its path masked."""
    ligne = _REQUETE.sub(r"\1", ligne) if " " in ligne else ligne.split("?", 1)[0]
    return _NUMERO.sub(MASQUE, ligne)


def _arg_sans_donnees(valeur):
    if not isinstance(valeur, str):
        return valeur
    if valeur.startswith("/") or " /" in valeur:  # a path or a request line
        return sans_parametres(valeur)
    return _NUMERO.sub(MASQUE, valeur)


class SansParametresDeRequete(logging.Filter):
    """Removes the query string from the request lines of ``django.server`` (and any record whose first argument is
    a request line or a URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.server: ('GET /x/?q=… HTTP/1.1', '200', '812'); django.request: ('Not Found', '/api/v1/demandes/006…/')
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_arg_sans_donnees(a) for a in record.args)
        if isinstance(record.msg, str) and not record.args and ("?" in record.msg or _NUMERO.search(record.msg)):
            record.msg = sans_parametres(record.msg) if "/" in record.msg else _NUMERO.sub(MASQUE, record.msg)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            record.request = None  # Django's handlers would otherwise format the whole request (query included)
        return True
