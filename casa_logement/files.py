"""Celery's queues by kind of work (issue 21, docs/deploiement.md): the files of the partners (imports of the SNE, the
parc, the occupancy, the CAL decisions, the sending to the SNE), the PDFs (the session's dossier), the reports (the
tracking table, the night's cotation) and the e-mails (notifications, the applicant's sign-in link, access reviews);
the rest (housekeeping of the night, the commission's close) in the default queue. Each queue can get its own workers
on other hosts (`celery -A casa_logement worker -Q imports`); the demo's worker and the tests' worker consume them
all (`toutes_les_files`).

The queues' names follow CELERY_TASK_DEFAULT_QUEUE: « celery » gives `imports`, `pdf`…; another name (the tests'
« tests ») prefixes them (`tests.imports`), so that two installations, or the suite and the demo, sharing one Redis
never take each other's tasks. Celery calls `router` for every task sent (CELERY_TASK_ROUTES), by name: a task sent
with send_task by its name is routed the same."""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.conf import settings

# kind → the task names (fnmatch patterns) it holds; a task matches at most one kind (tests/projet/test_celery.py)
FILES: dict[str, tuple[str, ...]] = {
    "imports": (
        "sne.tasks.importer",
        "sne.tasks.relever_le_dossier",
        "envois_sne.tasks.envoyer_au_sne",
        "programmation.tasks.verifier_import",
        "programmation.tasks.appliquer_import",
        "positionnements.retours_cal.tasks.verifier_depot",
        "positionnements.retours_cal.tasks.appliquer_depot",
    ),
    "pdf": ("commissions.tasks.generer_dossier",),
    "rapports": (
        "suivi.tasks.produire_tableau",
        "suivi.tasks.produire_tableau_du_mois_ecoule",
        "demandes.tasks.recalculer_cotations",
    ),
    "courriels": (
        "alertes.tasks.*",
        "portail.tasks.*",
        "territoire.tasks.revue_des_habilitations",
    ),
}
DEFAUT = "celery"  # Celery's own default queue name


def nom_de_file(genre: str, defaut: str | None = None) -> str:
    """The queue of a kind under the default queue `defaut` (CELERY_TASK_DEFAULT_QUEUE when None)."""
    defaut = defaut or getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", DEFAUT)
    return genre if defaut == DEFAUT else f"{defaut}.{genre}"


def genre_de(nom_tache: str) -> str | None:
    """The kind of a task by its name (FILES), None for the default queue."""
    for genre, motifs in FILES.items():
        if any(fnmatchcase(nom_tache, motif) for motif in motifs):
            return genre
    return None


def router(name, args=None, kwargs=None, options=None, task=None, **kw):
    """Celery's router (CELERY_TASK_ROUTES): {"queue": …} for a task of a kind, None (the default queue) otherwise."""
    genre = genre_de(name)
    return {"queue": nom_de_file(genre)} if genre else None


def toutes_les_files(defaut: str | None = None) -> list[str]:
    """Every queue a worker that does everything consumes: the default one and each kind's."""
    defaut = defaut or getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", DEFAUT)
    return [defaut, *(nom_de_file(genre, defaut) for genre in FILES)]
