"""What an event says to the SNE, built from its source log row and the data as it stands: `donnees` (the facts its
XML document carries, envois_sne/xml_envoi.py) and `attentes` (why it cannot leave yet, in French: no numéro unique,
no RPLS identifier, a contingent unknown). Built when the collector creates the event, built again each day while it
waits and when CASA corrects a rejected one (« corriger et renvoyer »).

R441-2-9 CCH for an attribution: the dwelling's RPLS identifier, the collective agreement (as the landlord's CAL said
it, DecisionCAL.accord_collectif; « NONDOC », non renseigné, when it did not), DALO or not (frozen on the CAL decision
at the lease), the contingent charged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from demandes.codes import Lien
from demandes.models import Demande, TransitionDemande
from positionnements.etats import ETAT_DE_DECISION
from positionnements.models import DecisionCAL, Positionnement, TransitionPositionnement

from . import regles
from .codes import TypeEvenementSNE

DECISION_DE_L_ETAT = {etat: decision for decision, etat in ETAT_DE_DECISION.items()}
SANS_NUR = (
    "La demande {numero} n'a pas encore de numéro unique du SNE : l'événement partira quand il sera connu "
    "(acquittement de son enregistrement, import du SNE)."
)


@dataclass
class Contenu:
    donnees: dict
    attentes: list[str] = field(default_factory=list)

    @property
    def attente(self) -> str:
        return " ".join(self.attentes)[:500]


def _demande(d: Demande) -> dict:
    return {"nur": d.nur or "", "numero_local": d.numero or "", "num_guichet": d.guichet.code_guichet or ""}


def _sans_nur(d: Demande) -> list[str]:
    return [] if d.nur else [SANS_NUR.format(numero=d.numero)]


# ------------------------------------------------------------------------------------------- a demand's log


def enregistrement(t: TransitionDemande) -> Contenu:
    """A demand registered here that has no numéro unique: what the SNE needs to give it one (the mandatory core of
    a demand in the interface: counter, filing date, dwellings and communes wished) and the applicant."""
    d = t.demande
    demandeur = next((p for p in d.personnes.all() if p.lien == Lien.DEMANDEUR), None)
    donnees = {
        **_demande(d),
        "date_creation": d.date_depot.isoformat(),
        "date_enregistrement": t.effectif_le.isoformat(),
        "demandeur": {
            "nom": demandeur.nom,
            "prenom": demandeur.prenom,
            "date_naissance": demandeur.date_naissance.isoformat(),
        }
        if demandeur
        else {},
        "toute_commune": d.toute_commune,
        "typologies": list(d.typologies),
        "communes": [s.commune.code_insee for s in sorted(d.souhaits_communes.all(), key=lambda s: s.rang)],
    }
    attentes = []
    if d.nur:
        attentes.append(f"La demande a déjà son numéro unique ({d.nur}) : son enregistrement n'est plus à envoyer.")
    if not d.guichet.code_guichet:
        attentes.append(
            f"Le guichet {d.guichet.nom} n'a pas de code guichet du SNE : à renseigner dans le paramétrage de "
            "l'organisation."
        )
    return Contenu(donnees, attentes)


def radiation(t: TransitionDemande) -> Contenu:
    """A radiation decided here (by an agent or a beat job), with its reason."""
    d = t.demande
    motif = regles.motif_de_radiation(t.motif) or d.motif_radiation
    donnees = {**_demande(d), "date_radiation": t.effectif_le.isoformat(), "motif_radiation": motif}
    return Contenu(donnees, _sans_nur(d))


def renouvellement(t: TransitionDemande) -> Contenu:
    """A renewal received here (the date it was received, the new due date, both said by the log line)."""
    d = t.demande
    dates = regles.dates_citees(t.motif)
    recu_le = dates[0] if dates else t.effectif_le
    echeance = dates[1] if len(dates) > 1 else d.date_echeance
    donnees = {
        **_demande(d),
        "date_renouvellement": recu_le.isoformat(),
        "date_echeance": echeance.isoformat() if echeance else "",
    }
    return Contenu(donnees, _sans_nur(d))


# ------------------------------------------------------------------------------------------- a positionnement's log


def _logement(p: Positionnement) -> dict:
    logement = p.disponibilite.logement
    residence = logement.residence
    return {
        "bailleur_siren": residence.bailleur.siren or "",
        "bailleur": residence.bailleur.nom,
        "residence": residence.reference,
        "logement": logement.numero,
        "commune": residence.commune.code_insee,
        "typologie": logement.typologie,
        "identifiant_rpls": logement.identifiant_rpls or "",
    }


def _contingent(p: Positionnement) -> str | None:
    reservataire = p.disponibilite.reservataire
    return regles.type_reservataire(
        type_reservataire=reservataire.type_reservataire,
        type_organisation=reservataire.type,
        est_le_bailleur=reservataire.pk == p.disponibilite.logement.residence.bailleur_id,
    )


def positionnement(t: TransitionPositionnement) -> Contenu:
    """A candidate validated by the commission, proposed to the landlord's CAL."""
    p = t.positionnement
    donnees = {
        **_demande(p.demande),
        "date_positionnement": t.effectif_le.isoformat(),
        "rang": p.rang,
        "type_reservataire": _contingent(p) or "",
        **_logement(p),
    }
    return Contenu(donnees, _sans_nur(p.demande))


def _decision(p: Positionnement) -> DecisionCAL | None:
    try:
        return p.decision_cal
    except DecisionCAL.DoesNotExist:
        return None


def decision_cal(t: TransitionPositionnement) -> Contenu:
    """A CAL's decision for the candidate (positionnements.etats.TypeDecisionCAL), with its rank, condition, reason."""
    p = t.positionnement
    decision = _decision(p)
    donnees = {
        **_demande(p.demande),
        "date_cal": (decision.date_cal if decision else t.effectif_le).isoformat(),
        "decision": DECISION_DE_L_ETAT.get(t.vers, ""),
        "rang": decision.rang if decision and decision.rang else "",
        "condition": decision.condition if decision else "",
        "motif": (decision.motif if decision else "") or t.motif,
        **_logement(p),
    }
    return Contenu(donnees, _sans_nur(p.demande))


def attribution(t: TransitionPositionnement) -> Contenu:
    """The lease signed: the demand struck off for attribution (RADATT) with what R441-2-9 CCH asks."""
    p = t.positionnement
    decision = _decision(p)
    date_bail = (decision.date_bail if decision and decision.date_bail else None) or t.effectif_le
    contingent = _contingent(p)
    logement = _logement(p)
    donnees = {
        **_demande(p.demande),
        "date_radiation": date_bail.isoformat(),
        "motif_radiation": "RADATT",
        "date_bail": date_bail.isoformat(),
        "dalo": regles.dalo(decision.menage if decision else {}),
        "type_reservataire": contingent or "",
        "accord_collectif": regles.accord_collectif(decision.accord_collectif if decision else ""),
        **logement,
    }
    attentes = _sans_nur(p.demande)
    if not logement["identifiant_rpls"]:
        attentes.append(
            f"Le logement {logement['logement']} (résidence {logement['residence']}, {logement['bailleur']}) n'a pas "
            "d'identifiant RPLS : le bailleur l'ajoute par l'import de son parc (colonne identifiant_rpls)."
        )
    if contingent is None:
        attentes.append(
            f"Le type de réservataire du SNE de {p.disponibilite.reservataire.nom} n'est pas renseigné (contingent "
            "préfectoral des publics prioritaires ou des agents de l'État) : à renseigner dans le paramétrage."
        )
    return Contenu(donnees, attentes)


CONSTRUCTEURS: dict[str, Callable] = {
    TypeEvenementSNE.ENREGISTREMENT: enregistrement,
    TypeEvenementSNE.RADIATION: radiation,
    TypeEvenementSNE.RENOUVELLEMENT: renouvellement,
    TypeEvenementSNE.POSITIONNEMENT: positionnement,
    TypeEvenementSNE.DECISION_CAL: decision_cal,
    TypeEvenementSNE.ATTRIBUTION: attribution,
}
