"""`@lecture_seule` (commun/lecture_seule.py): a GET that writes fails, a POST writes, a declared note passes."""

import pghistory
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from commun.lecture_seule import EcritureDansUneLecture, lecture_seule
from territoire.models import Organisation
from territoire.models_acces import LectureSensible
from tests.territoire.fabriques import OrganisationFactory


@lecture_seule
def ecrit(request):
    OrganisationFactory(nom="Écrite pendant une lecture")
    return HttpResponse("écrit")


@lecture_seule
def lit(request):
    with transaction.atomic():  # a savepoint is no write
        noms = list(Organisation.objects.values_list("nom", flat=True))
    return HttpResponse(str(len(noms)))


@lecture_seule(ajouts=(ContentType,))
def note(request, aussi=None):
    ContentType.objects.create(app_label="lecture_seule", model=f"note{ContentType.objects.count()}")
    if aussi:
        aussi()
    return HttpResponse("noté")


def lire(vue, requete, **kwargs):
    """The view called in a savepoint, as a request is in its own transaction: after a refused write, the test's
    transaction goes on."""
    with transaction.atomic():
        return vue(requete, **kwargs)


def test_un_get_qui_ecrit_echoue_et_n_ecrit_rien(db):
    with pytest.raises(EcritureDansUneLecture, match="INSERT INTO"):
        lire(ecrit, RequestFactory().get("/"))
    with pytest.raises(EcritureDansUneLecture):
        lire(ecrit, RequestFactory().head("/"))
    assert not Organisation.objects.filter(nom="Écrite pendant une lecture").exists()


def test_un_post_de_la_meme_vue_ecrit(db):
    assert ecrit(RequestFactory().post("/")).status_code == 200
    assert Organisation.objects.filter(nom="Écrite pendant une lecture").exists()


def test_une_lecture_passe_savepoints_compris(db):
    assert lit(RequestFactory().get("/")).status_code == 200


def test_l_ecriture_est_vue_sous_le_contexte_de_pghistory(db):
    """Its middleware wraps every request in a context whose own wrapper prefixes each write with a SELECT: the
    guard reads the statement before it."""
    with pghistory.context(url="/"), pytest.raises(EcritureDansUneLecture):
        lire(ecrit, RequestFactory().get("/"))


def test_seuls_les_ajouts_declares_passent(db):
    assert note(RequestFactory().get("/")).status_code == 200
    assert ContentType.objects.filter(app_label="lecture_seule").exists()
    with pytest.raises(EcritureDansUneLecture, match="UPDATE"):
        lire(note, RequestFactory().get("/"), aussi=lambda: ContentType.objects.filter(app_label="x").update(model="y"))
    with pytest.raises(EcritureDansUneLecture, match="INSERT INTO"):
        lire(note, RequestFactory().get("/"), aussi=lambda: OrganisationFactory(nom="Autre"))


@pytest.mark.parametrize(
    ("chemin", "ajouts"),
    [
        ("/journal/", ()),
        ("/suivi/", ()),
        ("/suivi/2026/10/liste/", (LectureSensible._meta.db_table,)),  # names demands: its reading is noted
        ("/suivi/2026/10/suivi.xlsx", ()),
        ("/suivi/2026/10/rapport.pdf", ()),
    ],
)
def test_les_pages_du_journal_et_du_suivi_sont_en_lecture_seule(chemin, ajouts):
    vue = resolve(chemin).func
    assert getattr(vue, "lecture_seule", False), f"{chemin} n'est pas décorée par @lecture_seule"
    assert vue.ajouts_permis == ajouts
