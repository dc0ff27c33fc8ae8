"""Retention: the personal data of a struck-off demand is erased once its retention period after the radiation is
over (one year), keeping the non-identifying facts the monthly tracking tables and the history read, so that no past
table changes. The selection, the erasure service, its dry run and its report; the nightly task
(demandes.tasks.purger_demandes_radiees) and the command (purger_demandes_radiees [--dry-run]) call `purger`.

Sources (docs/conservation.md):
- Décret n° 2017-917 du 9 mai 2017 autorisant le traitement « Numéro unique » (the SNE): its article 3 lists the data
  of a demand (identity, postal and e-mail addresses, persons in the household, professional situation, employer's
  SIRET, resources, current housing, reasons, handicap, and at the attribution the dwelling and its contingent); its
  article 4 keeps them **one year after the radiation** of the demand (R441-2-8 CCH). Article 3 was read in its
  published text; article 4's wording was not found in our reference material, only restated by a secondary source.
- REGLES §12 (shared/domain): « Demand data are kept one year after radiation, then erased » (citing the arrêté du
  23 mars 2015, annexe §7) [officiel]. The « arrêté du 22 décembre 2014 » named by issue 15 was not found.
- CASA setting CASA_CONSERVATION_APRES_RADIATION_MOIS (12 by default): never more than the legal year, never less
  than the reactivation windows of demandes/cycle.py (a demand struck off may be reactivated for five months: it
  must still be whole then).

What is erased, what is kept and why (docs/conservation.md): names, first names, birth dates and places, contacts,
exact amounts and every free text go; the persons of the household, their resources and the pieces (rows and files)
are deleted; codes, sizes, categories, quartile, priority criteria codes, communes, dates of states and the unique
number stay. The other apps erase what they copied from the demand through their own `<app>.retention` module
(positionnements, commissions), registered with `@effaceur`: the arrows of the architecture still point down.

The pghistory events that copied an erased value are blanked the same way (those of deleted rows are deleted): an
audit table must not keep what the retention rule erases. The erasure itself stays audited: one EffacementDemande
row per demand, a line in the demand's log, and the events of the rows it blanked (pghistory context
« conservation »). Nothing personal is logged: the report counts.

Concurrency: one transaction per batch (nothing half-erased), the batch's demands locked with SKIP LOCKED (a second
run at the same time erases the others; a demand an agent holds is erased the next night), and a demand is erased
once (EffacementDemande is one per demand): running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier

from . import cycle
from .codes import EtatDemande

journal = logging.getLogger(__name__)

CONSERVATION_MOIS = 12  # décret n° 2017-917, art. 4: one year after the radiation
TAILLE_LOT = 100
MOTIF_EFFACE = "Motif effacé (durée de conservation)"  # where a text may not be empty (a constraint)

# --------------------------------------------------------------------------------------------------- pure rules


def reactivation_max_mois(d: cycle.Delais) -> int:
    """The longest time, in months after a radiation, during which a struck-off demand may still be reactivated:
    RADREN from t + 13 to t + 18 months (5), RADCON for five months after the radiation (demandes/cycle.py)."""
    return max(d.reactivation_apres_echeance - d.radiation_apres_echeance, d.reactivation_apres_radiation_avertissement)


def verifier_duree(mois: int, d: cycle.Delais) -> None:
    """The retention period in months must lie between the reactivation window (an erased demand could no longer be
    reactivated) and the legal year. Raises ValueError with a French message."""
    minimum = reactivation_max_mois(d) + 1
    if mois > CONSERVATION_MOIS:
        raise ValueError(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {mois} : les données d'une demande radiée ne se gardent pas "
            f"plus d'un an ({CONSERVATION_MOIS} mois, décret n° 2017-917 du 9 mai 2017, art. 4)."
        )
    if mois < minimum:
        raise ValueError(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {mois} : une demande radiée peut être réactivée pendant "
            f"{reactivation_max_mois(d)} mois (demandes/cycle.py), elle doit rester entière jusque-là ; "
            f"{minimum} mois au moins."
        )


def radiees_au_plus_tard_le(jour: dt.date, mois: int) -> dt.date:
    """The last radiation day whose demand is erased on `jour`: `mois` calendar months before it."""
    return cycle.mois_apres(jour, -mois)


def conservation_mois() -> int:
    """The retention period in force (setting CASA_CONSERVATION_APRES_RADIATION_MOIS, 12 by default), checked.
    Raises ImproperlyConfigured (French) when it is out of bounds."""
    from django.conf import settings

    brut = settings.CASA_CONSERVATION_APRES_RADIATION_MOIS
    try:
        mois = int(brut)
    except (TypeError, ValueError) as err:
        raise ImproperlyConfigured(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {brut!r} : un nombre entier de mois est attendu."
        ) from err
    try:
        verifier_duree(mois, cycle.delais())
    except ValueError as err:
        raise ImproperlyConfigured(str(err)) from err
    return mois


# ------------------------------------------------------------------------------------- what each app erases

Effaceur = Callable[[list[int], bool], dict[str, int]]
_EFFACEURS: dict[str, Effaceur] = {}


def effaceur(nom: str) -> Callable[[Effaceur], Effaceur]:
    """Registers what an app erases for a batch of demands: `fonction(ids, simulation) -> {compteur: n}`. With
    `simulation` it only counts; otherwise it counts (before writing, so a dry run says the same numbers) and
    erases, inside the batch's transaction. Files are removed after the commit (transaction.on_commit)."""

    def enregistrer(fonction: Effaceur) -> Effaceur:
        _EFFACEURS[nom] = fonction
        return fonction

    return enregistrer


def effaceurs() -> list[tuple[str, Effaceur]]:
    """Every app's eraser: the `retention` module of each installed app is imported (like admin.py), in the order of
    INSTALLED_APPS; the demand's own last (it writes the demand's log)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("retention")
    return sorted(_EFFACEURS.items(), key=lambda e: e[0] == "demandes")


# ------------------------------------------------------------------------------------------ audit events


@functools.cache
def modele_evenements(modele: type[models.Model]) -> type[models.Model]:
    """The pghistory event model that copies `modele`'s rows."""
    import pghistory.models
    from django.apps import apps

    for m in apps.get_models():
        if issubclass(m, pghistory.models.Event) and getattr(m, "pgh_tracked_model", None) is modele:
            return m
    raise LookupError(f"{modele._meta.label} n'est pas suivi par pghistory.")


def evenements(modele: type[models.Model], **filtre) -> models.QuerySet:
    """The audit events of `modele`'s rows matching `filtre` (on the event's copied columns, e.g. demande_id__in)."""
    return modele_evenements(modele).objects.filter(**filtre)


@contextmanager
def evenements_modifiables(*modeles: type[models.Model]):
    """Lets the erasure blank or delete audit events even if the event tables are made append-only
    (PGHISTORY_APPEND_ONLY): their protecting triggers are ignored for this block only."""
    import pgtrigger

    tables = {modele_evenements(m) for m in modeles}
    uris = [f"{m._meta.label}:{t.name}" for m, t in pgtrigger.registered() if m in tables and t.name == "append_only"]
    with pgtrigger.ignore(*uris) if uris else nullcontext():
        yield


# ------------------------------------------------------------------------------------- the demand's own data

# Blanked on the demand: free texts, contacts and exact amounts. Kept: state and dates, counter and agent, codes
# (current housing, reasons, wishes, typologies), sizes and categories, eligibility, first quartile, priorities,
# cotation — what the tracking, the history and the statistics of the SNE (décret 2017-917, art. 2, 4°) read.
DEMANDE_EFFACEE = {
    "commune_actuelle": "",
    "loyer_actuel": None,
    "surface_actuelle": None,
    "motif_precision": "",
    "employeur_nom": "",
    "employeur_siret": "",
    "employeur_commune": "",
    "revenu_fiscal_reference": None,
    "revenu_recent": None,
    "apl_estimee": None,
    "ressources_mensuelles": None,
    "ressources_par_uc": None,
    "bebe_jusqu_au": None,  # derived from a child's birth date
    "nom_recherche": "",
}


def _motif_conserve(avant: str, apres: str, motif: str) -> str:
    """What the demand's log keeps of a line's reason: the texts the application wrote and the tracking reads
    (« Renouvelée », the legal reason of a radiation), never what an agent typed after it."""
    if avant == apres and motif.startswith("Renouvelée"):
        return "Renouvelée"  # suivi.sources counts a renewal by this prefix
    if apres == EtatDemande.RADIEE and avant != EtatDemande.RADIEE:
        return motif.split(" — ")[0][:300]  # « Renonciation du demandeur », « Attribution … le 20/11/2026 »
    return ""


def _fichiers_supprimer(stockage, noms: list[str], dossiers: set[str]) -> None:
    """After the commit: the pieces' files, then their demand's folder when empty (a file already gone is fine)."""
    for nom in noms:
        stockage.delete(nom)
    for dossier in dossiers:
        with suppress(OSError):
            os.rmdir(stockage.path(dossier))


@effaceur("demandes")
def _effacer_demandes(ids: list[int], simulation: bool) -> dict[str, int]:
    from .models import (
        ConsultationPiece,
        Courrier,
        CriterePriorite,
        Demande,
        Entretien,
        Personne,
        Piece,
        Ressource,
        TransitionDemande,
    )

    personnes = Personne.objects.filter(demande_id__in=ids)
    # the persons the household ever had (a household redefined replaces its rows): their events name them too
    ids_personnes = set(evenements(Personne, demande_id__in=ids).values_list("pgh_obj_id", flat=True))
    ids_personnes |= set(personnes.values_list("pk", flat=True))
    pieces = Piece.objects.filter(demande_id__in=ids)
    stockage = Piece._meta.get_field("fichier").storage
    noms = list(pieces.exclude(fichier="").values_list("fichier", flat=True))
    sur_le_disque = [n for n in noms if stockage.exists(n)]
    courriers = Courrier.objects.filter(demande_id__in=ids).exclude(objet="")
    entretiens = Entretien.objects.filter(demande_id__in=ids).exclude(notes="")
    criteres = CriterePriorite.objects.filter(demande_id__in=ids).exclude(preuve="")
    ev = {
        "demande": evenements(Demande, pgh_obj_id__in=ids),
        "personnes": evenements(Personne, demande_id__in=ids),
        "ressources": evenements(Ressource, personne_id__in=ids_personnes),
        "pieces": evenements(Piece, demande_id__in=ids),
        "courriers": evenements(Courrier, demande_id__in=ids).exclude(objet=""),
        "entretiens": evenements(Entretien, demande_id__in=ids).exclude(notes=""),
        "criteres": evenements(CriterePriorite, demande_id__in=ids).exclude(preuve=""),
    }
    compteurs = {
        "demandes": len(ids),
        "personnes": personnes.count(),
        "ressources": Ressource.objects.filter(personne__demande_id__in=ids).count(),
        "pieces": pieces.count(),
        "fichiers": len(sur_le_disque),
        "consultations": ConsultationPiece.objects.filter(piece__demande_id__in=ids).count(),
        "courriers": courriers.count(),
        "entretiens": entretiens.count(),
        "criteres": criteres.count(),
        "evenements": sum(qs.count() for qs in ev.values()),
    }
    if simulation:
        return compteurs

    Demande.objects.filter(pk__in=ids).update(**DEMANDE_EFFACEE, modifie_le=timezone.now())
    personnes.delete()  # and their resources (cascade)
    dossiers = {os.path.dirname(n) for n in noms if os.path.dirname(n)}
    pieces.delete()  # and the log of who opened them (cascade)
    transaction.on_commit(lambda: _fichiers_supprimer(stockage, noms, dossiers))
    courriers.update(objet="")
    entretiens.update(notes="")
    criteres.update(preuve="")
    lignes: dict[str, list[int]] = {}
    for pk, avant, apres, motif in (
        TransitionDemande.objects.filter(demande_id__in=ids)
        .exclude(motif="")
        .values_list("pk", "etat_avant", "etat_apres", "motif")
    ):
        nouveau = _motif_conserve(avant, apres, motif)
        if nouveau != motif:
            lignes.setdefault(nouveau, []).append(pk)
    for motif, pks in lignes.items():  # one UPDATE per value (docs/architecture.md)
        TransitionDemande.objects.filter(pk__in=pks).update(motif=motif)
    with evenements_modifiables(Demande, Personne, Ressource, Piece, Courrier, Entretien, CriterePriorite):
        evenements(Demande, pgh_obj_id__in=ids).update(**DEMANDE_EFFACEE)
        # every column of a person, a resource or a piece is about the household: their events go with the rows
        evenements(Ressource, personne_id__in=ids_personnes).delete()
        evenements(Personne, demande_id__in=ids).delete()
        evenements(Piece, demande_id__in=ids).delete()
        evenements(Courrier, demande_id__in=ids).exclude(objet="").update(objet="")
        evenements(Entretien, demande_id__in=ids).exclude(notes="").update(notes="")
        evenements(CriterePriorite, demande_id__in=ids).exclude(preuve="").update(preuve="")
    return compteurs


# ------------------------------------------------------------------------------------------ selection and run

LIBELLES = {
    "demandes": "demandes",
    "personnes": "personnes du ménage supprimées",
    "ressources": "ressources supprimées",
    "pieces": "pièces supprimées",
    "fichiers": "fichiers de pièces supprimés du disque",
    "consultations": "consultations de pièces supprimées",
    "courriers": "objets de courriers effacés",
    "entretiens": "notes d'entretien effacées",
    "criteres": "justificatifs de critères de priorité effacés",
    "positionnements": "positionnements (motifs effacés)",
    "decisions_cal": "décisions de CAL (condition et motif effacés)",
    "depots_cal": "fichiers de décisions de CAL effacés",
    "avis": "motifs d'avis de la commission effacés",
    "dossiers_seance": "dossiers de séance (PDF) supprimés",
    "evenements": "lignes d'audit (pghistory) effacées ou supprimées",
}


@dataclass
class Bilan:
    """What a run erased (or, in simulation, would erase): counts only, never a name."""

    jour: dt.date
    conservation_mois: int
    simulation: bool
    compteurs: Counter = field(default_factory=Counter)
    ignorees: int = 0  # demands held by another transaction (an agent, another run): erased next time

    @property
    def radiees_au_plus_tard_le(self) -> dt.date:
        return radiees_au_plus_tard_le(self.jour, self.conservation_mois)

    def resume(self) -> str:
        """One line for the task's log and result."""
        parties = [f"{libelle} : {self.compteurs.get(c, 0)}" for c, libelle in LIBELLES.items()]
        texte = ("simulation, rien n'est effacé : " if self.simulation else "") + ", ".join(parties)
        return texte + (
            f" ; demandes verrouillées par une autre opération, reportées : {self.ignorees}" if self.ignorees else ""
        )

    def texte(self) -> str:
        """The report the command prints."""
        from commun import format_fr

        entete = (
            "Simulation (--dry-run) : rien n'a été effacé. Voici ce que la purge effacerait."
            if self.simulation
            else "Purge terminée."
        )
        lignes = [
            entete,
            f"Durée de conservation : {self.conservation_mois} mois après la radiation ; demandes radiées au plus "
            f"tard le {format_fr.date(self.radiees_au_plus_tard_le)}.",
        ]
        lignes += [f"  {libelle} : {self.compteurs.get(c, 0)}" for c, libelle in LIBELLES.items()]
        if self.ignorees:
            lignes.append(f"  demandes verrouillées par une autre opération, reportées : {self.ignorees}")
        return "\n".join(lignes)


def a_effacer(jour: dt.date | None = None, mois: int | None = None) -> models.QuerySet:
    """The demands whose personal data is due for erasure on `jour`: struck off `mois` months ago or more, not yet
    erased."""
    from .models import Demande

    jour = jour or timezone.localdate()
    mois = mois or conservation_mois()
    return Demande.objects.filter(
        etat=EtatDemande.RADIEE,
        date_radiation__lte=radiees_au_plus_tard_le(jour, mois),
        effacement__isnull=True,
    )


def effacement_de(demande) -> object | None:
    """The erasure record of a demand, or None."""
    from .models import EffacementDemande

    if demande.pk is None or demande.etat != EtatDemande.RADIEE:
        return None
    return EffacementDemande.objects.filter(demande_id=demande.pk).first()


def message_effacee(effacement) -> str:
    """Why an erased demand cannot be edited nor reactivated (French, with the date)."""
    from commun import format_fr

    le = format_fr.date(timezone.localdate(effacement.le))
    return (
        f"Les données personnelles de cette demande ont été effacées le {le}"
        f" ({effacement.conservation_mois} mois après sa radiation : durée de conservation). Elle ne peut plus être "
        "ni modifiée ni réactivée : le demandeur dépose une nouvelle demande."
    )


def verifier_non_effacee(demande) -> None:
    """Raises ErreurMetier (French) when the demand's personal data has been erased: nothing may edit or reactivate
    it (its household is gone)."""
    effacement = effacement_de(demande)
    if effacement is not None:
        raise ErreurMetier(message_effacee(effacement))


def _lots(ids: list[int], taille: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), taille):
        yield ids[i : i + taille]


def purger(
    *,
    jour: dt.date | None = None,
    simulation: bool = False,
    par=None,
    declencheur: str = "TACHE",
    taille_lot: int = TAILLE_LOT,
) -> Bilan:
    """Erases (or, with `simulation`, counts) the personal data of every demand struck off more than the retention
    period ago, by batches of `taille_lot` demands, one transaction each. `par`: the account running the command
    (None for the nightly task). Returns the Bilan. Raises ImproperlyConfigured if the period setting is out of
    bounds."""
    import pghistory

    from .models import Demande, EffacementDemande, TransitionDemande

    jour = jour or timezone.localdate()
    mois = conservation_mois()
    bilan = Bilan(jour=jour, conservation_mois=mois, simulation=simulation)
    ids = list(a_effacer(jour, mois).order_by("pk").values_list("pk", flat=True))
    fonctions = effaceurs()
    if simulation:
        for lot in _lots(ids, taille_lot):
            for _, fonction in fonctions:
                bilan.compteurs.update(fonction(lot, True))
        return bilan
    contexte = {"conservation": f"{mois} mois après la radiation", "declencheur": declencheur}
    if par is not None:
        contexte["user"] = par.pk
    limite = radiees_au_plus_tard_le(jour, mois)
    motif = f"Données personnelles effacées ({mois} mois après la radiation : durée de conservation)"
    for lot in _lots(ids, taille_lot):
        with transaction.atomic(), pghistory.context(**contexte):
            # checked again under the lock: another run may have erased them, an agent may hold one
            tenues = list(
                Demande.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk__in=lot, etat=EtatDemande.RADIEE, date_radiation__lte=limite, effacement__isnull=True)
                .order_by("pk")
                .values_list("pk", "date_radiation", "motif_radiation")
            )
            deja = set(EffacementDemande.objects.filter(demande_id__in=lot).values_list("demande_id", flat=True))
            bilan.ignorees += len(set(lot) - deja - {pk for pk, _, _ in tenues})
            if not tenues:
                continue
            lot_ids = [pk for pk, _, _ in tenues]
            for _, fonction in fonctions:
                bilan.compteurs.update(fonction(lot_ids, False))
            EffacementDemande.objects.bulk_create(
                EffacementDemande(
                    demande_id=pk,
                    par=par,
                    declencheur=declencheur,
                    conservation_mois=mois,
                    date_radiation=radiee_le,
                    motif_radiation=motif_radiation,
                )
                for pk, radiee_le, motif_radiation in tenues
            )
            TransitionDemande.objects.bulk_create(
                TransitionDemande(
                    demande_id=pk, etat_avant=EtatDemande.RADIEE, etat_apres=EtatDemande.RADIEE, par=par, motif=motif
                )
                for pk in lot_ids
            )
    journal.info("Purge de conservation : %s", bilan.resume())
    return bilan
