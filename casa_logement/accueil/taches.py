"""What a home panel is made of (`Panneau`, a titled list of `Tache`, each with a count and a link) and the tasks
several roles share: a list's row count, the demands to work on, the CAL decisions awaited, the territory, the latest
tracking table."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from commun.listes import compter
from territoire.models import Commune
from territoire.roles import TypeOrganisation


@dataclass
class Tache:
    libelle: str
    nombre: int | None = None
    url: str | None = None
    detail: str = ""
    au_moins: bool = False  # the list has more rows than `nombre` (commun.listes.PLAFOND_COMPTE)


@dataclass
class Panneau:
    role: str
    titre: str
    description: str
    taches: list[Tache] = field(default_factory=list)
    a_venir: list[str] = field(default_factory=list)


def liste(libelle: str, url: str, requete: str, de_la_liste, user, detail: str = "") -> Tache:
    """A task whose figure is the row count of the list it opens: ``de_la_liste(user, requete)`` is the function the
    list's page itself filters with (its selector and its filters), ``requete`` the query string of the link. Counted
    as the list counts, up to its bound (commun.listes.compter): « plus de 10 000 » beyond."""
    nombre, au_moins = compter(de_la_liste(user, requete))
    return Tache(libelle, nombre, url + (f"?{requete}" if requete else ""), detail, au_moins)


def territoire(request) -> Tache:
    """The communes of the territory and their population."""
    communes = Commune.objects.du_territoire()
    population = communes.aggregate(total=Sum("population"))["total"] or 0
    return Tache(
        f"Communes du territoire ({population:,} habitants)".replace(",", "\u00a0"),
        communes.count(),
        reverse("communes"),
    )


def taches_demandes(request) -> list[Tache]:
    """The demands to register, finish, qualify and renew: for a counter's agent, those filed at its counter (the
    ones it acts on; it also reads those wishing its commune), for CASA's instructors every demand."""
    from demandes.selectors import demandes_de_la_liste
    from territoire.roles import Role

    url, user = reverse("demandes:liste"), request.user
    siennes = "" if request.contexte.agent_casa(Role.INSTRUCTEUR) else "&guichet=mien"
    return [
        Tache("Enregistrer une nouvelle demande", None, reverse("demandes:nouvelle")),
        liste("Brouillons à terminer", url, f"etat=BROUILLON{siennes}", demandes_de_la_liste, user),
        liste(
            "Demandes enregistrées à qualifier (pièces à vérifier)",
            url,
            f"etat=ACTIVE{siennes}",
            demandes_de_la_liste,
            user,
        ),
        liste("Demandes à renouveler dans le mois", url, f"echeance_jours=31{siennes}", demandes_de_la_liste, user),
    ]


def taches_en_ligne(request) -> list[Tache]:
    """What applicants sent from their space (portail/) and waits for the user's counter: pieces to validate, errors
    reported; each figure is the row count of the list its link opens (demandes.views.en_ligne)."""
    from demandes.selectors import pieces_en_ligne_a_valider, signalements_ouverts

    url, user = reverse("demandes:en_ligne"), request.user
    return [
        Tache("Pièces envoyées en ligne à valider", pieces_en_ligne_a_valider(user).count(), url + "?vue=pieces"),
        Tache("Erreurs signalées par les demandeurs", signalements_ouverts(user).count(), url + "?vue=signalements"),
    ]


def taches_cal(request) -> list[Tache]:
    """CAL decisions overdue in the user's scope and, for a landlord, its checked files not applied yet."""
    from positionnements.models import DepotDecisionsCAL, EtatDepot
    from positionnements.retours_cal.selectors import decisions_attendues, delai_decision

    url = reverse("positionnements:cal")
    delai = delai_decision()
    taches = [
        Tache(
            f"Décisions de CAL attendues (candidats validés par la CCPC il y a plus de {delai} jours)",
            decisions_attendues(request.user, timezone.localdate(), delai).count(),
            url + "?vue=attendues",
        )
    ]
    if request.contexte.organisation_type == TypeOrganisation.BAILLEUR:
        taches.append(
            Tache(
                "Fichiers de décisions de CAL vérifiés, en attente d'application",
                DepotDecisionsCAL.objects.filter(
                    bailleur_id=request.contexte.organisation_id, etat=EtatDepot.VERIFIE
                ).count(),
                url + "?vue=depots",
            )
        )
    return taches


def suivi(request) -> list[Tache]:
    """The latest monthly tracking table: the month's leases in the user's scope."""
    from suivi.perimetre import perimetre
    from suivi.selectors import tableau_du_mois

    p = perimetre(request.user)
    tableau = tableau_du_mois(None)
    if p is None or tableau is None:
        return []
    vue, cle = p.defaut()
    bloc = tableau.donnees["vues"][vue].get(cle, {}).get("mois", {})
    return [
        Tache(
            f"Attributions de {tableau.mois:02d}/{tableau.annee} (baux signés) — tableau de suivi",
            bloc.get("attributions", 0),
            reverse("suivi:tableau"),
            f"Dont {bloc.get('prioritaires', 0)} à des ménages prioritaires (DALO ou L441-1).",
        )
    ]
