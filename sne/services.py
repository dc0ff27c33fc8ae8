"""The SNE import's use cases: receiving files (a page's upload, the daily folder, the command), running an import
(the Celery job: read, check, apply, report), settling a conflict or a probable duplicate. Keyword-only, transactional,
errors in French (ErreurMetier). docs/sne.md."""

from __future__ import annotations

import hashlib
import logging

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from territoire.models import Utilisateur

from . import conservation, creation, travaux
from .application import appliquer_fichier
from .interface import FichierSNERefuse, fichiers_du_depot, lire_fichier
from .models import EtatImportSNE, ImportSNE, OrigineImportSNE
from .rules import administre_le_sne

journal = logging.getLogger(__name__)
E = EtatImportSNE
ECHEC_INTERNE = "L'import s'est arrêté sur une erreur interne (signalée à l'équipe) ; relancez-le."


@transaction.atomic
def imports_creer(
    *, contenu: bytes, nom: str, origine: str, par: Utilisateur | None = None, lancer: bool = True
) -> list[ImportSNE]:
    """Receives a file of the SNE (an XML, or a ZIP of XML files): one import per XML, « reçu », its job queued once
    the transaction commits (`lancer` False: the caller runs `importer` itself, as the command does). Raises
    PermissionDenied (a person who does not administer the SNE import) and ErreurMetier (a ZIP refused as a whole:
    nothing is written)."""
    if par is not None and not administre_le_sne(par):
        raise PermissionDenied("Seule l'administration de la CASA importe les fichiers du SNE.")
    if origine not in OrigineImportSNE.values:
        raise ErreurMetier(f"Origine d'import inconnue : {origine}.")
    try:
        fichiers = fichiers_du_depot(contenu, nom=nom)
    except FichierSNERefuse as err:
        raise ErreurMetier(f"{nom} : {err.message}") from err
    imports = []
    for nom_xml, xml in fichiers:
        imp = ImportSNE.objects.create(
            origine=origine,
            par=par,
            nom_fichier=nom_xml[:255],
            contenu=xml,
            taille=len(xml),
            empreinte=hashlib.sha256(xml).hexdigest(),
        )
        creer_journalise(imp, **travaux.JOURNAL, par=par, motif=OrigineImportSNE(origine).label)
        imports.append(imp)
    if lancer:
        transaction.on_commit(lambda: [travaux.lancer(i.pk) for i in imports])
    return imports


def importer(*, import_id: int, progression=None) -> ImportSNE:
    """The job: reads the file (refused whole when unreadable, of another version, hostile or too big: nothing
    written), applies its demands (sne.application) and keeps the report, in one transaction holding the import's
    row. Any other failure, a bug included, ends in ECHEC with a French reason, to run again (idempotent)."""
    if not travaux.commencer(import_id):
        return ImportSNE.objects.get(pk=import_id)  # done already (a task delivered twice)
    try:
        with transaction.atomic(), pghistory.context(import_sne=import_id):
            imp = ImportSNE.objects.select_for_update(of=("self",)).select_related("par").get(pk=import_id)
            if imp.etat != E.EN_COURS:  # another worker ran it while this one waited for the row
                return imp
            if progression:
                progression(0, 0)
            try:
                fichier = lire_fichier(bytes(imp.contenu), nom=imp.nom_fichier)
                _pas_du_futur(fichier.entete.date_fichier, imp.nom_fichier)
            except FichierSNERefuse as err:
                imp.resultat, imp.termine_le = err.message[:500], timezone.now()
                passer(
                    imp,
                    E.REFUSE,
                    **travaux.JOURNAL,
                    par=imp.par,
                    motif=err.message,
                    autres_champs=["resultat", "termine_le"],
                )
                return imp
            imp.version, imp.type_fichier = fichier.entete.version, fichier.entete.type_fichier
            imp.date_fichier = fichier.entete.date_fichier
            with connection.cursor() as cursor:  # the audit triggers' settings, stated once (demo/demandes/)
                cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
            compteurs = appliquer_fichier(creation.cadre_pour(imp), fichier, progression or (lambda fait, total: None))
            imp.compteurs = dict(compteurs)
            imp.resultat, imp.termine_le = _resume(compteurs), timezone.now()
            passer(
                imp,
                E.APPLIQUE,
                **travaux.JOURNAL,
                par=imp.par,
                autres_champs=["version", "type_fichier", "date_fichier", "compteurs", "resultat", "termine_le"],
            )
            return imp
    except Exception:
        journal.exception("Import SNE %s en échec", import_id)
        travaux.echouer(import_id, ECHEC_INTERNE)
        return ImportSNE.objects.get(pk=import_id)


LIBELLES_RESUME = (
    ("CREEE", "créée", "créées"),
    ("MISE_A_JOUR", "mise à jour", "mises à jour"),
    ("CONFLIT", "avec conflit", "avec conflit"),
    ("INCHANGEE", "inchangée", "inchangées"),
    ("DOUBLON", "doublon à trancher", "doublons à trancher"),
    ("IGNOREE", "ignorée", "ignorées"),
    ("REFUSEE", "refusée", "refusées"),
)


def _pas_du_futur(date_fichier, nom: str) -> None:
    """A file dated after today is refused whole: its dates (filing, births, renewals) cannot be trusted, and an
    update dated in the future would win over every later true one (sne.application: an older file never undoes a
    newer one)."""
    if date_fichier > timezone.localdate():
        raise FichierSNERefuse(
            f"Le fichier « {nom} » est daté du {date_fichier:%d/%m/%Y}, après aujourd'hui : il est refusé en entier. "
            "Vérifiez l'horloge du système qui l'a produit."
        )


def _resume(compteurs) -> str:
    """« 12 demandes : 3 créées, 8 inchangées, 1 refusée »."""
    total = sum(compteurs.values())
    parties = [f"{compteurs[c]} {pl if compteurs[c] > 1 else sg}" for c, sg, pl in LIBELLES_RESUME if compteurs.get(c)]
    return f"{total} demande{'s' if total > 1 else ''}" + (" : " + ", ".join(parties) if parties else "")


def import_relancer(*, par: Utilisateur | None, import_sne: ImportSNE) -> None:
    """« Relancer » an import that failed or was interrupted: its job is queued again (it starts over: idempotent).
    Raises ErreurMetier when there is nothing to run, or when its file was blanked (sne/conservation.py)."""
    if par is not None and not administre_le_sne(par):
        raise PermissionDenied("Seule l'administration de la CASA importe les fichiers du SNE.")
    if conservation.fichier_efface(import_sne):
        raise ErreurMetier(conservation.message_fichier_efface())
    if import_sne.etat not in (E.ECHEC, E.EN_COURS, E.RECU) or (
        import_sne.etat != E.ECHEC and not travaux.interrompu(import_sne.pk)
    ):
        raise ErreurMetier("Cet import n'est ni en échec ni interrompu : rien à relancer.")
    travaux.lancer(import_sne.pk)
