"""The CAL returns of the demo history: one deposit per landlord and month, applied; each candidate's steps from the
proposal to the lease (or its release), dated on the day they happened (a few recorded late), the CAL's decisions
with the household frozen at the lease, and the struck-off log of the attributed households."""

from __future__ import annotations

import datetime as dt

from demandes.codes import CodePriorite, EtatDemande, MotifRadiation
from demandes.models import TransitionDemande
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement
from positionnements.retours_cal.application import logement_au_bail
from territoire.models import Utilisateur
from territoire.roles import Role

from .histoire import MARQUEUR, E, Histoire, ecrire_journal, midi


def retours_cal(hist: Histoire, recits: list[dict], rangs: list, seances: dict, positionnements: list) -> None:
    """Writes the CAL returns of the `recits` (one per lease) for their candidates `rangs` ((récit, rank,
    positionnement)) seen by the `seances`, and the final state of the `positionnements`."""
    h, jour = hist.h, hist.jour
    # the CAL returns: one deposit per landlord and month, applied
    gestionnaires = dict(
        Utilisateur.objects.filter(habilitations__role=Role.GESTIONNAIRE_BAILLEUR)
        .order_by("-pk")
        .values_list("habilitations__organisation_id", "pk")
    )
    depots = {}
    for r in recits:
        bailleur = r["occ"].logement.residence.bailleur_id
        cle = (bailleur, r["cal"].year, r["cal"].month)
        if cle not in depots:
            depots[cle] = DepotDecisionsCAL(
                bailleur_id=bailleur,
                par_id=gestionnaires.get(bailleur, hist.agent.pk),
                nom_fichier=MARQUEUR,
                etat=EtatDepot.APPLIQUE,
                contenu=b"",
                resultat="Historique de démonstration",
            )
    DepotDecisionsCAL.objects.bulk_create(depots.values(), batch_size=500)
    derniere_cal: dict = {}
    for r in recits:  # each deposit dated a few days after the last CAL it reports
        cle = (r["occ"].logement.residence.bailleur_id, r["cal"].year, r["cal"].month)
        derniere_cal[cle] = max(derniere_cal.get(cle, r["cal"]), r["cal"])
    for cle, depot in depots.items():
        depot.cree_le = depot.applique_le = midi(min(derniere_cal[cle] + dt.timedelta(days=2), jour))
    DepotDecisionsCAL.objects.bulk_update(depots.values(), ["cree_le", "applique_le"], batch_size=500)

    transitions, decisions, journal = [], [], []
    for r, rang, p in rangs:
        depot = depots[(r["occ"].logement.residence.bailleur_id, r["cal"].year, r["cal"].month)]
        tardif = midi(r["bail"] + dt.timedelta(days=h.randint(25, 45))) if r["tardif"] else None

        def pas(de, vers, jour_effet, motif="", enregistre=None, depot_=None, p=p):
            transitions.append(
                (
                    TransitionPositionnement(
                        positionnement=p,
                        de=de,
                        vers=vers,
                        par=hist.agent,
                        motif=motif,
                        date_effet=jour_effet,
                        depot=depot_,
                    ),
                    enregistre or midi(jour_effet),
                )
            )

        pas("", E.PROPOSE, r["propose"])
        pas(E.PROPOSE, E.VALIDE, r["seance"], seances[r["seance"]].numero)
        gagnant = rang - 1 == r["gagnant"]
        refuse = r["refus"] and rang == 1
        if rang <= 2 or gagnant:
            etat_cal, decision = E.ATTRIBUE_RANG, "ATTRIBUTION_RANG"
        else:
            etat_cal, decision = E.NON_ATTRIBUE, "NON_ATTRIBUTION"
        pas(E.VALIDE, etat_cal, r["cal"], f"CAL du {r['cal']:%d/%m/%Y}", tardif, depot)
        d = DecisionCAL(
            positionnement=p,
            date_cal=r["cal"],
            decision=decision,
            rang=rang if etat_cal == E.ATTRIBUE_RANG else None,
            motif="" if etat_cal == E.ATTRIBUE_RANG else "ressources insuffisantes pour ce loyer",
            depot=depot,
        )
        fin = etat_cal
        if refuse:
            pas(etat_cal, E.REFUS_CANDIDAT, r["reponse"], "Offre refusée : localisation", tardif, depot)
            d.reponse, d.date_reponse, d.motif_refus = "REFUS", r["reponse"], "LOCALISATION"
            fin = E.REFUS_CANDIDAT
        elif gagnant:
            pas(etat_cal, E.ACCEPTE, r["reponse"], "Offre acceptée", tardif, depot)
            pas(E.ACCEPTE, E.BAIL_SIGNE, r["bail"], "Bail signé", tardif, depot)
            d.reponse, d.date_reponse, d.date_bail = "ACCEPTATION", r["reponse"], r["bail"]
            jumeau = r["jumeau"]
            d.menage = {
                "personnes": jumeau.nombre_personnes or 1,
                "quartile": hist.quartile(jumeau, r["bail"]),
                "premier_quartile": bool(jumeau.premier_quartile),
                "priorites": list(jumeau.priorites),
                "dalo": CodePriorite.DALO in jumeau.priorites,
                "mutation": jumeau.mutation,
                "renouvellement_urbain": "02" in (jumeau.motifs or []),
                "categorie": jumeau.categorie_menage,
            }
            p.disponibilite = r["vacance"]
            d.logement_au_bail = logement_au_bail(p)
            fin = E.BAIL_SIGNE
            journal.append(
                (
                    TransitionDemande(
                        demande=jumeau,
                        de=EtatDemande.ACTIVE,
                        vers=EtatDemande.RADIEE,
                        par=hist.agent,
                        motif=f"{MotifRadiation.RADATT.label} le {r['bail']:%d/%m/%Y}",
                    ),
                    tardif or midi(r["bail"]),
                )
            )
            journal.append(
                (
                    TransitionDemande(
                        demande=jumeau, de=EtatDemande.BROUILLON, vers=EtatDemande.ACTIVE, par=hist.agent
                    ),
                    midi(jumeau.date_depot),
                )
            )
        else:  # ranked second behind the lease, or turned down: released
            if etat_cal == E.ATTRIBUE_RANG:
                pas(etat_cal, E.ECHEC, r["bail"], "Logement attribué à un autre candidat", tardif, depot)
                fin = E.ECHEC
        p.etat = fin
        decisions.append(d)
    ecrire_journal(transitions, TransitionPositionnement)
    ecrire_journal(journal, TransitionDemande)
    Positionnement.objects.bulk_update(positionnements, ["etat"], batch_size=2000)
    DecisionCAL.objects.bulk_create(decisions, batch_size=2000)
