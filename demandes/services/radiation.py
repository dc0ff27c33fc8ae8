"""Radiation and reactivation: strike a demand off with its legal reason (by a service, or by a beat job applying a
timing of docs/demandes.md), on the landlord's CAL return for a signed lease, and bring a struck-off demand back to
the state it had (renewal or answer received in time: services/renouvellement.py, services/avertissements.py). Also
the log lines of events that change no state (a CAL decision, the applicant's answer)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from territoire.models import Utilisateur

from .. import retention
from ..codes import EtatDemande, MotifRadiation
from ..etats import MACHINE_DEMANDE
from ..models import Demande, TransitionDemande
from .calculs import demande_recalculer
from .socle import JOURNAL, verifier_modifiable, verrouiller

# Radiations that follow a timing (docs/demandes.md), never a click: the beat jobs pronounce them.
RADIATIONS_PAR_LES_DELAIS = {
    MotifRadiation.RADREN: "La radiation pour non-renouvellement est prononcée par l'application un mois après "
    "l'échéance (t + 13 mois) ; elle ne se fait pas à la main.",
    MotifRadiation.RADCON: "Un demandeur injoignable est radié deux mois après un avertissement resté sans réponse "
    "(R441-2-8) : enregistrez l'avertissement envoyé.",
}


@transaction.atomic
def demande_radier(
    *, par: Utilisateur | None, demande: Demande, motif: str, commentaire: str = "", jour: dt.date | None = None
) -> Demande:
    """Strikes the demand off with its legal reason on `jour` (today by default); it becomes read-only. `par` None:
    a beat job applying a timing of docs/demandes.md. Raises ErreurMetier, PermissionDenied."""
    demande = verrouiller(demande)
    if par is not None:
        verifier_modifiable(par, demande)
    if demande.etat in (EtatDemande.BROUILLON, EtatDemande.RADIEE):
        raise ErreurMetier("Seule une demande enregistrée peut être radiée.")
    if motif not in MotifRadiation.values:
        raise ErreurMetier(f"Motif de radiation inconnu : {motif}.", champ="motif")
    if par is not None and motif in RADIATIONS_PAR_LES_DELAIS:
        raise ErreurMetier(RADIATIONS_PAR_LES_DELAIS[motif], champ="motif")
    demande.motif_radiation = motif
    demande.date_radiation = jour or timezone.localdate()
    passer(
        demande,
        EtatDemande.RADIEE,
        **JOURNAL,
        par=par,
        motif=MotifRadiation(motif).label + (f" — {commentaire}" if commentaire else ""),
        date_effet=jour,
        autres_champs=["motif_radiation", "date_radiation", "modifie_le"],
    )
    return demande


def radier_pour_attribution(*, par: Utilisateur | None, radiations: list[tuple[int, dt.date, str]]) -> int:
    """Strikes off for attribution (RADATT), on the day of the lease, the demands whose lease the landlord's CAL
    return says is signed: (demand id, lease date, comment). Not a counter's decision: it follows the landlord's
    return, inside its transaction. A demand already struck off keeps its radiation; the lease is noted in its log.
    Returns how many demands were struck off."""
    demandes = {d.pk: d for d in Demande.objects.select_for_update().filter(pk__in=[r[0] for r in radiations])}
    maintenant = timezone.now()
    journal, radiees = [], []
    for pk, date, commentaire in radiations:
        d = demandes[pk]
        texte = f"{MotifRadiation.RADATT.label} le {date:%d/%m/%Y} — {commentaire}"[:300]
        if d.etat == EtatDemande.RADIEE:  # a note, not a move
            journal.append(TransitionDemande(demande=d, de=d.etat, vers=d.etat, par=par, motif=texte, date_effet=date))
            continue
        MACHINE_DEMANDE.verifier(d.etat, EtatDemande.RADIEE)
        journal.append(
            TransitionDemande(demande=d, de=d.etat, vers=EtatDemande.RADIEE, par=par, motif=texte, date_effet=date)
        )
        d.etat, d.motif_radiation, d.date_radiation, d.modifie_le = (
            EtatDemande.RADIEE,
            MotifRadiation.RADATT,
            date,
            maintenant,
        )
        radiees.append(d)
    par_date: dict[dt.date, list[int]] = {}
    for d in radiees:  # one UPDATE per day of lease (a bulk_update's CASE is much slower on thousands of rows)
        par_date.setdefault(d.date_radiation, []).append(d.pk)
    for date, pks in par_date.items():
        Demande.objects.filter(pk__in=pks).update(
            etat=EtatDemande.RADIEE, motif_radiation=MotifRadiation.RADATT, date_radiation=date, modifie_le=maintenant
        )
    TransitionDemande.objects.bulk_create(journal, batch_size=1000)
    return len(radiees)


def journal_noter(*, par: Utilisateur | None, entrees: list[tuple[int, str]]) -> None:
    """Notes in each demand's log an event that does not change its state (a CAL decision, the applicant's answer):
    the applicant is entitled to them (loi ALUR, REGLES §8)."""
    etats = dict(Demande.objects.filter(pk__in={pk for pk, _ in entrees}).values_list("pk", "etat"))
    TransitionDemande.objects.bulk_create(
        (
            TransitionDemande(demande_id=pk, de=etats[pk], vers=etats[pk], par=par, motif=texte[:300])
            for pk, texte in entrees
        ),
        batch_size=1000,
    )


# --------------------------------------------------------------------------- reactivation


def _etat_avant_radiation(demande: Demande) -> str:
    """The state a struck-off demand had (ACTIVE or QUALIFIEE), read in its log."""
    derniere = demande.transitions.filter(vers=EtatDemande.RADIEE).exclude(de=EtatDemande.RADIEE).last()
    if derniere and derniere.de in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE):
        return derniere.de
    return EtatDemande.ACTIVE


def reactiver(demande: Demande, par: Utilisateur | None, motif: str, **journal) -> None:
    """Struck off → the state it had: number, filing date (so seniority) and history kept; logged with its author
    (`journal`: more fields of the log row, e.g. par_le_demandeur=True for a renewal made online, `par` None).
    Never once its personal data is erased (retention): the reactivation windows end before the retention period."""
    retention.verifier_non_effacee(demande)
    demande.date_radiation = None
    demande.motif_radiation = ""
    passer(
        demande,
        _etat_avant_radiation(demande),
        **JOURNAL,
        par=par,
        motif=motif,
        autres_champs=["date_radiation", "motif_radiation", "date_echeance", "modifie_le"],
        **journal,
    )
    demande_recalculer(demande=demande)
