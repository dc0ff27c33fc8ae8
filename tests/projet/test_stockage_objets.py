"""Issue 21, beyond one box: the pieces' files in an S3-compatible object store (django-storages), so that several
web and worker hosts share them. A real S3 server answers over HTTP on the loopback (moto in server mode, installed
from the package registry: the object store's protocol, not a mock of our code); the storage is built by the same
settings function as in production (casa_logement.settings.base.stockage_des_pieces, from AWS_STORAGE_BUCKET_NAME and
AWS_S3_ENDPOINT_URL). The same code writes, streams after the permission check, and cleans up: on the disk in the
rest of the suite, in the bucket here."""

import datetime as dt
import socket
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from casa_logement.settings.base import stockage_des_pieces
from demandes import services
from demandes.models import Piece
from demandes.qualification import TypePiece
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def serveur_s3():
    """An S3 server on a free port of the loopback, for the module."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serveur = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    serveur.start()
    yield f"http://127.0.0.1:{port}"
    serveur.stop()


@pytest.fixture
def seau(serveur_s3, settings, monkeypatch):
    """A private bucket of its own, and STORAGES["pieces"] pointing at it as production would configure it."""
    nom = f"casa-pieces-{uuid.uuid4().hex[:12]}"
    for variable, valeur in {
        "AWS_ACCESS_KEY_ID": "essai",
        "AWS_SECRET_ACCESS_KEY": "essai",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_STORAGE_BUCKET_NAME": nom,
        "AWS_S3_ENDPOINT_URL": serveur_s3,
    }.items():
        monkeypatch.setenv(variable, valeur)
    client = boto3.client("s3", endpoint_url=serveur_s3, region_name="us-east-1")
    client.create_bucket(Bucket=nom)
    settings.STORAGES = {**settings.STORAGES, "pieces": stockage_des_pieces(settings.MEDIA_ROOT)}
    return client, nom


def _cles(client, nom) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=nom).get("Contents", [])]


def test_une_piece_va_dans_le_seau_et_revient_par_la_vue_apres_le_controle(seau, client, referentiel):
    s3, nom = seau
    guichet = referentiel["commune-antibes"]
    agent_guichet = agent(guichet, Role.AGENT_GUICHET)
    demande = demande_complete(agent_guichet, guichet)
    piece = services.piece_deposer(
        par=agent_guichet, demande=demande, type=TypePiece.AVIS_IMPOSITION, fichier=SimpleUploadedFile("avis.pdf", PDF)
    )
    # in the bucket, under pieces/<demand>/, and nowhere on the local disk
    (cle,) = _cles(s3, nom)
    assert cle == f"pieces/{piece.fichier.name}" and cle.startswith(f"pieces/{demande.pk}/")
    assert s3.get_object(Bucket=nom, Key=cle)["Body"].read() == PDF
    assert type(Piece._meta.get_field("fichier").storage._wrapped).__name__ == "S3Storage"
    # streamed by the view after the permission check, as from the disk
    url = f"/demandes/{demande.pk}/pieces/{piece.pk}/"
    client.force_login(agent_guichet)
    reponse = client.get(url)
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == PDF
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    assert client.get(url).status_code == 404
    # the night's cleanup lists the bucket: an orphan (a rolled-back upload) goes, the piece stays
    s3.put_object(Bucket=nom, Key=f"pieces/{demande.pk}/orphelin.pdf", Body=PDF)
    assert services.pieces_orphelines_supprimer(age_minimal=dt.timedelta(seconds=-1)) == 1
    assert _cles(s3, nom) == [cle]


def test_sans_seau_les_pieces_restent_sur_le_disque(settings):
    reglage = stockage_des_pieces(settings.MEDIA_ROOT)
    assert reglage == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": settings.MEDIA_ROOT / "pieces"},
    }
