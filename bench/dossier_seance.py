"""Benchmark of issue 6: the session dossier of 40 dwellings with 3 candidates each, in both versions (CASA's and the
members'), as the Celery task produces it. Target: under 20 s on our 2-core machine.

    make demo   (once, for the scale-1 data), then:
    .venv/bin/python bench/dossier_seance.py [--logements 40] [--pdf test-results/dossier]

Works in a transaction that is rolled back: it positions three candidates on 40 dwellings to fill, creates a session,
its agenda and convocations, times the two PDFs, then leaves the database as it found it. With --pdf, the two PDFs
are written there to be looked at (pdftoppm -png).
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from commissions import services  # noqa: E402
from commissions.dossier import dossier_pdf  # noqa: E402
from positionnements import recherche  # noqa: E402
from positionnements import services as positionnements_services  # noqa: E402
from positionnements.etats import EN_COURS  # noqa: E402
from positionnements.models import Positionnement  # noqa: E402
from programmation.models import Disponibilite, EtatDisponibilite  # noqa: E402
from territoire.models import Utilisateur  # noqa: E402


class Annuler(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--logements", type=int, default=40)
    parser.add_argument("--pdf", type=Path)
    args = parser.parse_args()
    agent = Utilisateur.objects.get(username="instructeur.casa")
    secretariat = Utilisateur.objects.get(username="secretariat.ccpc")
    try:
        with transaction.atomic():
            dispos = []
            for dispo in Disponibilite.objects.filter(etat=EtatDisponibilite.A_POURVOIR).order_by("date_limite", "pk"):
                if len(dispos) == args.logements:
                    break
                if Positionnement.objects.filter(disponibilite=dispo, etat__in=EN_COURS).exists():
                    continue  # the demo's own positionnements: some have fewer than three candidates
                deja = set(Positionnement.objects.filter(etat__in=EN_COURS).values_list("demande_id", flat=True))
                lignes = [li for li in recherche.chercher(dispo, limite=60).lignes if li.demande.pk not in deja]
                if len(lignes) < 3:
                    continue
                positionnements_services.positionner(
                    par=agent, disponibilite=dispo, numeros=[li.demande.numero for li in lignes[:3]]
                )
                dispos.append(dispo)
            seance = services.seance_creer(
                par=secretariat, date=timezone.now() + dt.timedelta(days=7), lieu="Salle du conseil"
            )
            services.ordre_du_jour_definir(par=secretariat, seance=seance, disponibilites=dispos)
            services.convoquer(par=secretariat, seance=seance)
            candidats = Positionnement.objects.filter(disponibilite__in=dispos, etat__in=EN_COURS).count()
            print(f"Séance de {len(dispos)} logements, {candidats} candidats.")
            durees = {}
            for membres in (False, True):
                t0 = time.perf_counter()
                pdf = dossier_pdf(seance, membres=membres)
                durees[membres] = time.perf_counter() - t0
                nom = "membres" if membres else "casa"
                print(f"dossier {nom} : {durees[membres]:.1f} s, {len(pdf) // 1024} Ko")
                if args.pdf:
                    args.pdf.mkdir(parents=True, exist_ok=True)
                    (args.pdf / f"dossier_{nom}.pdf").write_bytes(pdf)
            print(f"les deux versions (la tâche Celery) : {sum(durees.values()):.1f} s (cible < 20)")
            raise Annuler
    except Annuler:
        pass


if __name__ == "__main__":
    main()
