"""The landlord's use cases on a stock import (ImportParc): receive a file and have it checked, ask for its
application, retry a job that failed or stopped; and the same at once, in this process (import_verifier,
import_appliquer: tests, commands). The jobs themselves are queued through programmation.tasks, which run
import_parc.travaux."""

from __future__ import annotations

from django.db import OperationalError, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.fichiers import TAILLE_MAX
from commun.travaux import Etape
from territoire.models import Organisation, Utilisateur

from ..models import EtatImport, ImportParc, NatureImport
from ..tasks import SUIVI, lancer_application, lancer_verification
from .application import gestionnaire_verifier
from .travaux import JOURNAL, import_appliquer_fichier, import_verifier_fichier
from .verification import RapportImport


def import_recevoir(
    *, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes, nature: str = NatureImport.PARC
):
    """Keeps the uploaded file (nothing applied) and asks a worker to check it; the page follows the check.
    `nature`: a parc file (résidences, dwellings) or an occupancy file (households in place, import_parc.occupation).
    PermissionDenied for another landlord's user; ErreurMetier for a file over the size limit."""
    gestionnaire_verifier(par, bailleur)
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(f"Le fichier dépasse {TAILLE_MAX // 1024 // 1024} Mo : découpez-le.", champ="fichier")
    with transaction.atomic():
        imp = ImportParc.objects.create(
            bailleur=bailleur, par=par, nom_fichier=nom[:200], contenu=contenu, etat=EtatImport.RECU, nature=nature
        )
        creer_journalise(imp, **JOURNAL, par=par)
        transaction.on_commit(lambda: lancer_verification(imp.pk))
    return imp


def import_verifier(
    *, par: Utilisateur, bailleur: Organisation, nom: str, contenu: bytes, nature: str = NatureImport.PARC
):
    """Receives and checks a file at once, in this process (what the worker does after import_recevoir)."""
    gestionnaire_verifier(par, bailleur)
    with transaction.atomic():
        imp = ImportParc.objects.create(
            bailleur=bailleur,
            par=par,
            nom_fichier=nom[:200],
            contenu=contenu if len(contenu) <= TAILLE_MAX else b"",
            etat=EtatImport.RECU,
            nature=nature,
        )
        creer_journalise(imp, **JOURNAL, par=par)
    return import_verifier_fichier(import_id=imp.pk)


def applique_apres(imp: ImportParc) -> ImportParc | None:
    """The newest file of the same landlord and nature, deposited after `imp` and applied: `imp` would undo it, and no
    longer applies (None when there is none)."""
    return (
        ImportParc.objects.filter(
            bailleur_id=imp.bailleur_id, nature=imp.nature, etat=EtatImport.APPLIQUE, cree_le__gt=imp.cree_le
        )
        .only("nom_fichier", "cree_le")
        .order_by("-cree_le")
        .first()
    )


def _applicable(import_parc) -> ImportParc:
    """The import locked, checked without error and not applied yet (ErreurMetier otherwise)."""
    imp = ImportParc.objects.select_for_update().get(pk=import_parc.pk)
    if imp.etat == EtatImport.APPLIQUE:
        raise ErreurMetier("Ce fichier est déjà appliqué.")
    if imp.etat != EtatImport.VERIFIE:
        raise ErreurMetier("Ce fichier contient des erreurs : corrigez-le et déposez-le à nouveau.")
    if (
        plus_recent := applique_apres(imp)
    ) is not None:  # applied now, the older file would undo the newer one (found by a newcomer)
        raise ErreurMetier(
            f"Un fichier déposé après celui-ci ({plus_recent.nom_fichier}, le "
            f"{timezone.localtime(plus_recent.cree_le):%d/%m/%Y à %H:%M}) est déjà appliqué : ce fichier-ci décrit un "
            "état plus ancien et le déferait. Déposez un fichier à jour."
        )
    return imp


def import_demander_application(*, par: Utilisateur, import_parc):
    """The landlord's click on « Appliquer au parc »: a worker applies the file in one transaction. ErreurMetier when
    it is applied already or not checked without error."""
    gestionnaire_verifier(par, import_parc.bailleur)
    with transaction.atomic():
        imp = _applicable(import_parc)
        imp.application_demandee_le, imp.application_demandee_par = timezone.now(), par
        imp.save(update_fields=["application_demandee_le", "application_demandee_par"])
        transaction.on_commit(lambda: lancer_application(imp.pk))
    return imp


def import_appliquer(*, par: Utilisateur, import_parc) -> RapportImport:
    """Applies a checked file at once, in this process (what the worker does after import_demander_application).
    A second call finds it applied: ErreurMetier."""
    gestionnaire_verifier(par, import_parc.bailleur)
    with transaction.atomic():
        imp = _applicable(import_parc)
        imp.application_demandee_par = par
        imp.save(update_fields=["application_demandee_par"])
    imp = import_appliquer_fichier(import_id=imp.pk)
    if imp.etat != EtatImport.APPLIQUE:
        raise ErreurMetier("Le fichier n'est plus valide : déposez-le à nouveau pour voir les erreurs.")
    return imp


def import_relancer(*, par: Utilisateur, import_parc):
    """« Relancer » on an import whose check failed or was interrupted (checked again from the kept file), or whose
    application was interrupted (applied again). ErreurMetier when nothing is stuck."""
    gestionnaire_verifier(par, import_parc.bailleur)
    with transaction.atomic():
        try:
            imp = ImportParc.objects.select_for_update(nowait=True).get(pk=import_parc.pk)
        except OperationalError as err:
            raise ErreurMetier("Le fichier est en cours de traitement : la page se met à jour toute seule.") from err
        if imp.etat == EtatImport.ECHEC or (
            imp.etat in (EtatImport.RECU, EtatImport.VERIFICATION)
            and SUIVI.interrompu(imp.pk, Etape.VERIFICATION, depuis=imp.cree_le.timestamp())
        ):
            imp.resultat = ""
            if imp.etat == EtatImport.RECU:  # never taken by a worker: asked again, not a move
                imp.save(update_fields=["resultat"])
            else:
                passer(imp, EtatImport.RECU, **JOURNAL, par=par, motif="Relancé", autres_champs=["resultat"])
            transaction.on_commit(lambda: lancer_verification(imp.pk))
        elif (
            imp.etat == EtatImport.VERIFIE
            and imp.application_demandee_le
            and SUIVI.interrompu(imp.pk, Etape.APPLICATION)
        ):
            transaction.on_commit(lambda: lancer_application(imp.pk))
        else:
            raise ErreurMetier("Ce fichier n'est ni en échec ni interrompu : rien à relancer.")
    return imp
