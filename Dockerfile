# Image de production de casa_logement : la même image sert au web (gunicorn), au worker et à beat (Celery),
# et à la migration. Mode d'emploi : docs/deploiement.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=casa_logement.settings.production \
    CASA_MEDIA_ROOT=/data/media

# WeasyPrint : Pango, HarfBuzz (et son sous-ensembleur de polices), une police ; psycopg : libpq
# (psycopg[binary] embarque la sienne, libpq5 sert de repli au psycopg pur Python).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-wqy-microhei \
        libpq5 \
    && rm -rf /var/lib/apt/lists/*

# Utilisateur sans privilège ; /data/media (pièces privées) et /data/beat (planning de beat) lui appartiennent,
# et les volumes nommés montés là héritent de ces droits à leur création.
RUN groupadd --system --gid 1000 casa \
    && useradd --system --uid 1000 --gid casa --create-home --home-dir /home/casa --shell /usr/sbin/nologin casa \
    && mkdir -p /data/media /data/beat \
    && chown -R casa:casa /data

WORKDIR /app

# Les dépendances d'abord : cette couche reste en cache tant que pyproject.toml et constraints.txt ne changent pas.
# pyproject.toml déclare packages = [] : installer « . » n'installe que les dépendances, le code tourne depuis /app.
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf build ./*.egg-info

COPY . .

# Fichiers statiques servis par whitenoise. collectstatic ne se connecte à rien : la clé, la base et Redis
# ci-dessous ne servent qu'à charger les réglages de production, et ne restent pas dans l'image.
RUN DJANGO_SECRET_KEY=construction-seulement \
    DATABASE_URL=postgresql://x@localhost/x \
    REDIS_URL=redis://localhost:6379/0 \
    CASA_DOMAINE=construction.invalid \
    python manage.py collectstatic --noinput

# Numérique (uid:gid de casa ci-dessus) : vérifiable comme non-root par l'orchestrateur.
USER 1000:1000

EXPOSE 8000

# Access log without query strings (no searched name in the logs): casa_logement/gunicorn.py.
CMD ["gunicorn", "casa_logement.wsgi:application", "--config", "python:casa_logement.gunicorn"]
