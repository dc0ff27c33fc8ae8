"""python manage.py importer_sne FICHIER… — imports files of the SNE (XML or ZIP) at once, with the checks of the
page, prints each import's report and exits with status 1 when a file is refused or fails (docs/sne.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from commun import format_fr
from commun.erreurs import ErreurMetier
from sne import services
from sne.models import EtatImportSNE, OrigineImportSNE, ResultatLigne


class Command(BaseCommand):
    help = "Importe des fichiers du SNE (XML interfaceNuu ou ZIP) et affiche le compte rendu de chacun."

    def add_arguments(self, parser):
        parser.add_argument("fichiers", nargs="+", type=Path)
        parser.add_argument(
            "--details", action="store_true", help="Une ligne par demande refusée, en conflit, doublon."
        )

    def handle(self, *args, fichiers: list[Path], details: bool, **options):
        echecs = 0
        for chemin in fichiers:
            if not chemin.is_file():
                self.stderr.write(
                    f"{chemin} : {'un dossier, pas un fichier' if chemin.is_dir() else 'fichier introuvable'}"
                )
                echecs += 1
                continue
            try:
                imports = services.imports_creer(
                    contenu=chemin.read_bytes(), nom=chemin.name, origine=OrigineImportSNE.COMMANDE, lancer=False
                )
            except ErreurMetier as err:
                self.stderr.write(f"refusé : {err.message}")
                echecs += 1
                continue
            for imp in imports:
                imp = services.importer(import_id=imp.pk)
                ok = imp.etat == EtatImportSNE.APPLIQUE
                echecs += 0 if ok else 1
                flux = self.stdout if ok else self.stderr
                flux.write(f"{imp.nom_fichier} (import n° {imp.pk}) : {imp.get_etat_display()} — {imp.resultat}")
                if details and ok:
                    self._details(imp)
        if echecs:
            # the reason in French and exit status 1, without Django's « CommandError: » prefix
            self.stderr.write(
                f"{format_fr.compte(echecs, 'fichier refusé ou en échec', 'fichiers refusés ou en échec')}."
            )
            raise SystemExit(1)

    def _details(self, imp) -> None:
        a_voir = (ResultatLigne.REFUSEE, ResultatLigne.CONFLIT, ResultatLigne.DOUBLON)
        for ligne in imp.lignes.filter(resultat__in=a_voir).order_by("position"):
            self.stdout.write(
                f"  n° {ligne.position} {ligne.nur} : {ligne.get_resultat_display()} — " + " ; ".join(ligne.motifs)
            )
