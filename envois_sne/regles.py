"""The pure rules of the outbox (no database): which log row is an event to report, the radiation reason a log line
names, the contingent code of an attribution, the DALO flag, the dates a renewal's log line says.

Sources: R441-2-9 CCH (what the SNE receives at a radiation for attribution: the dwelling's RPLS identifier, whether
the attribution falls under a collective agreement, whether the household was DALO, the contingent charged, the
State's agents apart) and shared/domain/REGLES.md §8; the codes of the SNE's interface (envois_sne/codes.py)."""

from __future__ import annotations

import datetime as dt
import re

from demandes.codes import EtatDemande, MotifRadiation
from positionnements.etats import CAL, EtatPositionnement
from territoire.roles import TypeOrganisation, TypeReservataire

from .codes import ACCORDS_COLLECTIFS, NON, NON_RENSEIGNE, OUI, TypeEvenementSNE

# How demandes.services writes the log lines of a renewal (a note) and of a reactivation by a renewal: the collector
# recognises them by these beginnings (demandes/services/renouvellement.py `demande_renouveler`).
RENOUVELEE = "Renouvelée (reçu le"
REACTIVEE_PAR_RENOUVELLEMENT = "Réactivée par le renouvellement"
ENREGISTREES = (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE)
DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def type_de_ligne_demande(de: str, vers: str, motif: str, *, par_le_sne: bool) -> str | None:
    """The kind of event a line of a demand's log is (TypeEvenementSNE), None when it reports nothing: a
    registration here; a radiation decided here (the one for attribution is reported with the lease); a renewal
    received here (a reactivation by a renewal included). A line the SNE import wrote (`par_le_sne`) is a fact the
    SNE knows: never sent back."""
    if par_le_sne:
        return None
    if de == EtatDemande.BROUILLON and vers == EtatDemande.ACTIVE:
        return TypeEvenementSNE.ENREGISTREMENT
    if vers == EtatDemande.RADIEE and de in ENREGISTREES:
        return None if motif.startswith(MotifRadiation.RADATT.label) else TypeEvenementSNE.RADIATION
    if (de == vers and motif.startswith(RENOUVELEE)) or (
        de == EtatDemande.RADIEE and vers in ENREGISTREES and motif.startswith(REACTIVEE_PAR_RENOUVELLEMENT)
    ):
        return TypeEvenementSNE.RENOUVELLEMENT
    return None


def type_de_ligne_positionnement(vers: str) -> str | None:
    """The kind of event a move of a positionnement is: validated by the commission, it is sent to the landlord's CAL
    (the candidate is proposed to the landlord); a CAL's decision; the lease signed (attribution)."""
    if vers == EtatPositionnement.VALIDE:
        return TypeEvenementSNE.POSITIONNEMENT
    if vers in CAL:
        return TypeEvenementSNE.DECISION_CAL
    if vers == EtatPositionnement.BAIL_SIGNE:
        return TypeEvenementSNE.ATTRIBUTION
    return None


def motif_de_radiation(texte: str) -> str | None:
    """The radiation reason (MotifRadiation code) a log line begins with (demandes.services.demande_radier writes its
    label first), None when none does."""
    for code, libelle in sorted(MotifRadiation.choices, key=lambda c: -len(c[1])):
        if texte.startswith(libelle):
            return code
    return None


def dates_citees(texte: str) -> list[dt.date]:
    """The dates written « 18/11/2026 » in a log line, in order (the invalid ones skipped)."""
    dates = []
    for jour, mois, annee in DATE.findall(texte):
        try:
            dates.append(dt.date(int(annee), int(mois), int(jour)))
        except ValueError:
            continue
    return dates


def type_reservataire(*, type_reservataire: str, type_organisation: str, est_le_bailleur: bool) -> str | None:
    """The contingent an attribution is charged to (ListeTypeReservataire): none (AUCUN) for the landlord's own
    stock; the réservataire's SNE type when its organisation says it; else read from its kind (a commune, the EPCI,
    the département: COLTER; Action Logement: COLACT; another: AUTRES). None for the State without its type: the SNE
    tells the préfet's priority publics (PPRIOR) from the State's agents (PFONCT) and we cannot guess which."""
    if est_le_bailleur:
        return TypeReservataire.AUCUN
    if type_reservataire:
        return type_reservataire
    par_type = {
        TypeOrganisation.COMMUNE: TypeReservataire.COLTER,
        TypeOrganisation.EPCI: TypeReservataire.COLTER,
        TypeOrganisation.DEPARTEMENT: TypeReservataire.COLTER,
        TypeOrganisation.ACTION_LOGEMENT: TypeReservataire.COLACT,
        TypeOrganisation.ETAT: None,
    }
    return par_type.get(type_organisation, TypeReservataire.AUTRES)


def accord_collectif(code: str) -> str:
    """The collective agreement of an attribution as the SNE's code list ListeAccordCollectif writes it (libsne,
    Constantes.py): the code the landlord's CAL said (DecisionCAL.accord_collectif: ACD, ACI, AUCUN), NONDOC « non
    renseigné » when it did not."""
    return code if code in ACCORDS_COLLECTIFS else NON_RENSEIGNE


def dalo(menage: dict) -> str:
    """Whether the household was DALO at the lease (ListeBooleen), from the household frozen on the CAL decision
    (DecisionCAL.menage); NONDOC when it was not recorded."""
    if "dalo" not in menage:
        return NON_RENSEIGNE
    return OUI if menage["dalo"] else NON
