"""The session dossier: both versions, the members' one without any applicant's name, birth date or demand number
(read back from the PDF's text), produced by a real Celery worker with its progress."""

import shutil
import subprocess
import time

from commissions import services, tasks
from commissions.dossier import dossier_pdf
from commissions.models import Seance

from .test_commissions import ccpc as ccpc  # noqa: F401 - the fixture
from .test_positionnements import monde as monde  # noqa: F401 - the fixture

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils, installed by .ci/run


def _texte(pdf: bytes) -> str:
    return subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603


def _preparer(c):
    return services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"], c["a12"]])


def test_la_version_des_membres_ne_montre_ni_nom_ni_naissance_ni_numero(ccpc):  # noqa: F811
    c = ccpc
    s = _preparer(c)
    casa, membres = _texte(dossier_pdf(s, membres=False)), _texte(dossier_pdf(s, membres=True))
    d = c["demandes"]
    for cle, nom in (("dalo", "Ernst"), ("modeste", "Arnaud"), ("moyenne", "Blanc"), ("aisee", "Costa")):
        demande = d[cle]
        assert nom in casa and demande.numero in casa
        assert nom not in membres and demande.numero not in membres
        for personne in demande.personnes.all():
            if personne.date_naissance:
                assert personne.date_naissance.strftime("%d/%m/%Y") not in membres
                assert personne.prenom not in membres
    assert "Candidat A1 — rang 1 — É.E." in membres  # initials and the session's number
    assert "Version des membres" in membres
    for texte in (casa, membres):
        assert "Taux d'effort" in texte and "Reste à vivre" in texte and "Page 1 sur" in texte
        assert "Les Oliviers" in texte and "Ordre du jour" in texte


def test_le_dossier_est_produit_par_un_vrai_worker(ccpc, celery_worker_reel):  # noqa: F811
    s = _preparer(ccpc)
    tasks.generer_dossier.delay(s.pk)
    for _ in range(120):
        s.refresh_from_db()
        if s.dossier_genere_le:
            break
        time.sleep(0.5)
    assert s.dossier_genere_le is not None
    assert bytes(s.dossier)[:4] == b"%PDF" and bytes(s.dossier_membres)[:4] == b"%PDF"
    assert tasks.progression(s.pk)["etat"] == "FAIT"
    assert Seance.objects.get(pk=s.pk).dossier_genere_le == s.dossier_genere_le
