"""A demand known here that the SNE's file speaks of again: the three-way merge (sne.comparaison) decides field by
field; what the SNE changed and nobody touched here is applied and noted in the demand's log; what an agent changed
to another value becomes a conflict for the reconciliation page; pieces, interviews, criteria and notes are never
touched (they are not SNE fields). Radiation, reactivation and renewal are fields of the merge too, applied through
the demand's state machine. docs/sne.md « Mise à jour d'une demande connue »."""

from __future__ import annotations

import datetime as dt

from commun.etats import creer_journalise, passer
from demandes import cycle
from demandes.codes import EtatDemande, MotifRadiation
from demandes.etats import MACHINE_DEMANDE
from demandes.models import Demande, Personne, Ressource, SouhaitCommune, TransitionDemande

from .comparaison import COMMUNES, LIBELLES_COMPOSES, MENAGE, Fusion
from .creation import Cadre, creer_les_menages
from .etats import MACHINE_CONFLIT
from .interface import DemandeSNE
from .models import ConflitSNE, EtatConflit, TransitionConflitSNE
from .valeurs import LIBELLES_CYCLE, RADIATION, RENOUVELLEMENT

JOURNAL_DEMANDE = {"machine": MACHINE_DEMANDE, "journal": TransitionDemande, "lien": "demande"}
JOURNAL_CONFLIT = {"machine": MACHINE_CONFLIT, "journal": TransitionConflitSNE, "lien": "conflit"}


def libelle(champ: str) -> str:
    """A field's French label for the report, the log and the reconciliation page."""
    if champ in LIBELLES_COMPOSES:
        return LIBELLES_COMPOSES[champ]
    if champ in LIBELLES_CYCLE:
        return LIBELLES_CYCLE[champ]
    return str(Demande._meta.get_field(champ).verbose_name)


def appliquer(cadre: Cadre, demande: Demande, x: DemandeSNE | None, valeurs: dict) -> list[str]:
    """Writes the SNE's `valeurs` (field → comparison value) on the demand: simple fields, then the household and the
    communes (rebuilt from `x`, the SNE's demand), then the life events. Returns the events applied, in French.
    `x` None (a conflict settled later): the household and communes are rebuilt from the comparison values."""
    simples = {c: v for c, v in valeurs.items() if c not in (MENAGE, COMMUNES, RENOUVELLEMENT, RADIATION)}
    for champ, v in simples.items():
        setattr(demande, champ, Demande._meta.get_field(champ).to_python(v))
    if simples:
        demande.save(update_fields=[*simples, "modifie_le"])
    if MENAGE in valeurs:
        Personne.objects.filter(demande=demande).delete()
        if x is not None:
            creer_les_menages([demande], [x])
        else:
            _menage_depuis_valeurs(demande, valeurs[MENAGE])
    if COMMUNES in valeurs:
        SouhaitCommune.objects.filter(demande=demande).delete()
        SouhaitCommune.objects.bulk_create(
            SouhaitCommune(demande=demande, commune_id=cadre.communes[c], rang=r)
            for r, c in enumerate(valeurs[COMMUNES], start=1)
            if c in cadre.communes
        )
    evenements = []
    if RENOUVELLEMENT in valeurs and valeurs[RENOUVELLEMENT]:
        evenements.append(_renouveler(demande, dt.date.fromisoformat(valeurs[RENOUVELLEMENT])))
    if RADIATION in valeurs:
        evenements.append(_radiation(demande, valeurs[RADIATION]))
    return [e for e in evenements if e]


def _menage_depuis_valeurs(demande: Demande, menage: list[dict]) -> None:
    for ordre, p in enumerate(menage):
        champs = {c: Personne._meta.get_field(c).to_python(v) for c, v in p.items() if c != "ressources"}
        personne = Personne.objects.create(demande=demande, ordre=ordre, **champs)
        Ressource.objects.bulk_create(
            Ressource(personne=personne, type=t, montant_mensuel=m) for t, m in p["ressources"]
        )


def _renouveler(demande: Demande, le: dt.date) -> str:
    demande.date_dernier_renouvellement = le
    demande.date_echeance = cycle.echeance_initiale(le)
    demande.save(update_fields=["date_dernier_renouvellement", "date_echeance", "modifie_le"])
    return f"renouvelée au SNE le {le:%d/%m/%Y}, valable jusqu'au {demande.date_echeance:%d/%m/%Y}"


def _radiation(demande: Demande, radiation: list | None) -> str:
    """Strikes the demand off as the SNE did, changes the date or reason, or reactivates it (the SNE's
    « déradiation »: back to the state it had before its radiation)."""
    if radiation is None:
        if demande.etat != EtatDemande.RADIEE:
            return ""
        avant = (
            TransitionDemande.objects.filter(demande=demande, vers=EtatDemande.RADIEE)
            .exclude(de=EtatDemande.RADIEE)
            .order_by("-le", "-pk")
            .values_list("de", flat=True)
            .first()
        )
        vers = EtatDemande.QUALIFIEE if avant == EtatDemande.QUALIFIEE else EtatDemande.ACTIVE
        demande.date_radiation, demande.motif_radiation = None, ""
        passer(
            demande,
            vers,
            **JOURNAL_DEMANDE,
            motif="Réactivée au SNE",
            par_le_sne=True,
            autres_champs=["date_radiation", "motif_radiation", "modifie_le"],
        )
        return "réactivée au SNE"
    le, motif = dt.date.fromisoformat(radiation[0]), radiation[1]
    texte = f"radiée au SNE le {le:%d/%m/%Y} : {MotifRadiation(motif).label}"
    phrase = f"Radiée au SNE le {le:%d/%m/%Y} : {MotifRadiation(motif).label}"
    demande.date_radiation, demande.motif_radiation = le, motif
    if demande.etat == EtatDemande.RADIEE:
        demande.save(update_fields=["date_radiation", "motif_radiation", "modifie_le"])
        TransitionDemande.objects.create(
            demande=demande,
            de=demande.etat,
            vers=demande.etat,
            motif=phrase,
            date_effet=le,
            par_le_sne=True,
        )
    else:
        passer(
            demande,
            EtatDemande.RADIEE,
            **JOURNAL_DEMANDE,
            motif=phrase,
            date_effet=le,
            par_le_sne=True,
            autres_champs=["date_radiation", "motif_radiation", "modifie_le"],
        )
    return texte


def noter_conflits(cadre: Cadre, demande: Demande, fusion: Fusion) -> None:
    """One open conflict per field: a new one, or the open one brought up to date with the SNE's latest value."""
    if not fusion.conflits:
        return
    ouverts = {c.champ: c for c in ConflitSNE.objects.filter(demande=demande, etat=EtatConflit.OUVERT)}
    for champ, (valeur_sne, valeur_locale) in fusion.conflits.items():
        conflit = ouverts.get(champ)
        if conflit is None:
            conflit = ConflitSNE.objects.create(
                demande=demande,
                import_sne=cadre.import_sne,
                champ=champ,
                valeur_sne=valeur_sne,
                valeur_locale=valeur_locale,
            )
            creer_journalise(
                conflit,
                **JOURNAL_CONFLIT,
                motif=f"Import SNE n° {cadre.import_sne.pk}",
            )
        else:
            conflit.valeur_sne, conflit.valeur_locale, conflit.import_sne = valeur_sne, valeur_locale, cadre.import_sne
            conflit.save(update_fields=["valeur_sne", "valeur_locale", "import_sne"])


def noter_au_journal(demande: Demande, champs: list[str]) -> None:
    """The line of the demand's log that says what the SNE changed (the audit history holds each value)."""
    if not champs:
        return
    TransitionDemande.objects.create(
        demande=demande,
        de=demande.etat,
        vers=demande.etat,
        par_le_sne=True,
        motif=("Mise à jour depuis le SNE : " + ", ".join(libelle(c) for c in champs))[:300],
    )
