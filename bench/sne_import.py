"""Benchmark of issue 18: a departmental file of the SNE (50,000 demands by default, bench/fabrique_sne.py) imported
as the Celery job does it (sne.services.importer: read, check, create, report), then the same file again (every
demand « inchangée »), then a file where one demand in ten changed (an amount). Targets on our 2-core machine: first
import under 5 minutes, re-import unchanged under 2 minutes.

    make demo   (once, for the referential and the scale-1 demands the duplicates are sought among), then:
    .venv/bin/python -m casa_logement.stack run -- .venv/bin/python bench/sne_import.py [--nombre 50000]

Works in a transaction that is rolled back: the database is left as it was found.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.local")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from bench.fabrique_sne import fichier_departemental  # noqa: E402
from demandes.models import Demande  # noqa: E402
from sne import services  # noqa: E402
from sne.models import OrigineImportSNE  # noqa: E402


class Annuler(Exception):
    pass


def importer(contenu: bytes, nom: str):
    (imp,) = services.imports_creer(contenu=contenu, nom=nom, origine=OrigineImportSNE.COMMANDE, lancer=False)
    t0 = time.perf_counter()
    imp = services.importer(import_id=imp.pk)
    return imp, time.perf_counter() - t0


def un_sur_dix_change(contenu: bytes) -> bytes:
    """Every tenth demand's first resource amount raised by 10 €."""
    rang = 0

    def changer(m):
        nonlocal rang
        rang += 1
        if rang % 10:
            return m.group(0)
        return m.group(1) + f"{float(m.group(2)) + 10:.2f}".encode() + m.group(3)

    return re.sub(rb"(<ns1:montant>)([0-9.]+)(</ns1:montant>)", changer, contenu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nombre", type=int, default=50_000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    contenu = fichier_departemental(args.nombre, graine=18)
    taille = len(contenu) / 2**20
    print(f"fichier : {args.nombre} demandes, {taille:.1f} Mo, fabriqué en {time.perf_counter() - t0:.1f} s")
    avant = Demande.objects.count()
    try:
        with transaction.atomic():
            imp, duree = importer(contenu, "departement.xml")
            print(f"1er import : {duree:.1f} s — {imp.get_etat_display()} — {imp.resultat}")
            print(f"   demandes en base : {avant} → {Demande.objects.count()}")
            imp, duree = importer(contenu, "departement.xml")
            print(f"même fichier : {duree:.1f} s — {imp.resultat}")
            imp, duree = importer(un_sur_dix_change(contenu), "departement-modifie.xml")
            print(f"une demande sur dix changée : {duree:.1f} s — {imp.resultat}")
            raise Annuler
    except Annuler:
        pass
    print(f"base remise en l'état : {Demande.objects.count()} demandes")


if __name__ == "__main__":
    main()
