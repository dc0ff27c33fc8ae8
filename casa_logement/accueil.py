"""The home page of each role: what that role has to do today.

Each role has a builder returning a Panneau (a titled list of tasks, each with a count and a link). The apps add
their tasks here as they land (demands to qualify, dwellings to fill, sessions to prepare, CAL decisions...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from territoire import selectors, selectors_acces, services_acces
from territoire.models import Commune, Organisation
from territoire.roles import ROLE_DESCRIPTIONS, Role, TypeOrganisation


@dataclass
class Tache:
    libelle: str
    nombre: int | None = None
    url: str | None = None
    detail: str = ""


@dataclass
class Panneau:
    role: str
    titre: str
    description: str
    taches: list[Tache] = field(default_factory=list)
    a_venir: list[str] = field(default_factory=list)


def _administrateur(request) -> Panneau:
    from territoire.tableaux import utilisateurs_de_la_liste

    user, ctx = request.user, request.contexte
    comptes = reverse("utilisateurs")
    taches = [
        _liste("Comptes actifs de votre périmètre", comptes, "statut=actif", utilisateurs_de_la_liste, user),
        _liste(
            "Comptes dont une habilitation expire dans les 30 jours",
            comptes,
            "statut=actif&expiration=30j",
            utilisateurs_de_la_liste,
            user,
            "À prolonger ou à laisser s'éteindre.",
        ),
        _liste(
            "Comptes sans adresse électronique (pas de réinitialisation possible)",
            comptes,
            "statut=actif&courriel=sans",
            utilisateurs_de_la_liste,
            user,
        ),
        Tache(
            "Clés d'API actives de votre organisation",
            selectors.cles_api_visibles(user)
            .filter(organisation_id=ctx.organisation_id, revoquee_le__isnull=True)
            .count(),
            reverse("cles_api"),
        ),
    ]
    taches += _taches_acces(request)
    if ctx.administrateur_epci:
        taches.append(
            Tache(
                "Organisations partenaires actives",
                Organisation.objects.filter(active=True).count(),
                reverse("annuaire"),
            )
        )
        taches.append(Tache("Paramétrage et journal des modifications", None, reverse("admin:index")))
    return Panneau(Role.ADMINISTRATEUR, "Administration", ROLE_DESCRIPTIONS[Role.ADMINISTRATEUR], taches)


def _taches_acces(request) -> list[Tache]:
    """Access governance: the review of habilitations under way, « qui voit quoi »; for CASA, the late reviews and
    the sensitive reads of the last seven days."""
    user, ctx = request.user, request.contexte
    taches = []
    organisation = Organisation.objects.filter(pk=ctx.organisation_id).first()
    revue = services_acces.revue_en_cours(organisation) if organisation else None
    if revue is not None:
        restantes = revue.lignes.filter(services_acces.a_revoir()).count()
        taches.append(
            Tache(
                "Habilitations à revoir (revue des habilitations en cours)",
                restantes,
                reverse("revue_habilitations"),
                f"À terminer avant le {revue.echeance:%d/%m/%Y}.",
            )
        )
    taches.append(
        Tache(
            "Qui voit quoi : comptes, rôles et données visibles (export pour le CIL et le DPO)",
            None,
            reverse("qui_voit_quoi"),
        )
    )
    if ctx.administrateur_epci:
        en_retard = sum(1 for e in selectors_acces.etat_des_revues(user) if e.etat == selectors_acces.EN_RETARD)
        taches.append(
            Tache(
                "Revues des habilitations en retard",
                en_retard,
                reverse("revues_habilitations") + f"?etat={selectors_acces.EN_RETARD}",
                "L'état de la revue de chaque organisation.",
            )
        )
        taches.append(
            Tache(
                "Lectures sensibles des 7 derniers jours (pièces, listes de demandes, documents nominatifs)",
                selectors_acces.lectures_visibles(user).filter(le__gte=timezone.now() - timedelta(days=7)).count(),
                reverse("lectures_sensibles"),
            )
        )
    return taches


def _territoire(request) -> Tache:
    communes = Commune.objects.all()
    population = communes.aggregate(total=Sum("population"))["total"] or 0
    return Tache(
        f"Communes du territoire ({population:,} habitants)".replace(",", "\u00a0"),
        communes.count(),
        reverse("communes"),
    )


def _liste(libelle: str, url: str, requete: str, de_la_liste, user, detail: str = "") -> Tache:
    """A task whose figure is the row count of the list it opens: ``de_la_liste(user, requete)`` is the function the
    list's page itself filters with (its selector and its filters), ``requete`` the query string of the link."""
    return Tache(libelle, de_la_liste(user, requete).count(), url + (f"?{requete}" if requete else ""), detail)


def _taches_demandes(request) -> list[Tache]:
    from demandes.selectors import demandes_de_la_liste

    liste, user = reverse("demandes:liste"), request.user
    return [
        Tache("Enregistrer une nouvelle demande", None, reverse("demandes:nouvelle")),
        _liste("Brouillons à terminer", liste, "etat=BROUILLON", demandes_de_la_liste, user),
        _liste(
            "Demandes enregistrées à qualifier (pièces à vérifier)", liste, "etat=ACTIVE", demandes_de_la_liste, user
        ),
        _liste("Demandes à renouveler dans le mois", liste, "echeance_jours=31", demandes_de_la_liste, user),
    ]


def _logements_a_pourvoir(request) -> Tache:
    from programmation.selectors import disponibilites_a_pourvoir

    return _liste(
        "Logements à pourvoir (par échéance)",
        reverse("programmation:a_pourvoir"),
        "",
        lambda user, _requete: disponibilites_a_pourvoir(user),
        request.user,
    )


def _logements_a_positionner(request) -> Tache:
    """Dwellings to fill that have not got their three candidates yet: the agent's work list, so filtered."""
    from positionnements.tableaux import travail_de_la_liste

    return _liste(
        "Logements à pourvoir sans leurs trois candidats",
        reverse("positionnements:travail"),
        "candidats=incomplets",
        travail_de_la_liste,
        request.user,
    )


def _instructeur(request) -> Panneau:
    return Panneau(
        Role.INSTRUCTEUR,
        "Instruction des demandes",
        ROLE_DESCRIPTIONS[Role.INSTRUCTEUR],
        [
            *_taches_demandes(request),
            _logements_a_positionner(request),
            *_taches_cal(request),
            *_suivi(request),
            _territoire(request),
        ],
    )


def _secretariat(request) -> Panneau:
    return Panneau(
        Role.SECRETARIAT_COMMISSION,
        "Secrétariat de la CCPC",
        ROLE_DESCRIPTIONS[Role.SECRETARIAT_COMMISSION],
        _taches_secretariat(request),
    )


def _taches_secretariat(request) -> list[Tache]:
    from commissions.services import positionnements_prets
    from commissions.tableaux import seances_de_la_liste

    liste = reverse("commissions:seances")
    return [
        Tache(
            "Logements prêts pour la commission (à inscrire à l'ordre du jour d'une séance)",
            positionnements_prets().count(),
            liste + "?a_tenir=oui",
        ),
        _liste(
            "Séances à tenir (préparées, convoquées ou en cours)",
            liste,
            "a_tenir=oui",
            seances_de_la_liste,
            request.user,
        ),
    ]


def _bailleur(request) -> Panneau:
    ctx = request.contexte
    org = Organisation.objects.filter(pk=ctx.organisation_id).first()
    from programmation.models import EtatDisponibilite, EtatImport, ImportParc
    from programmation.selectors import disponibilites_visibles, logements_visibles

    taches = [
        Tache(
            "Logements de votre parc",
            logements_visibles(request.user).count(),
            reverse("programmation:parc"),
            "Déclarez un logement libre depuis la page de sa résidence.",
        ),
        Tache(
            "Logements déclarés à pourvoir",
            disponibilites_visibles(request.user).filter(etat=EtatDisponibilite.A_POURVOIR).count(),
            reverse("programmation:a_pourvoir"),
        ),
        Tache(
            "Fichiers de parc vérifiés, en attente d'application",
            ImportParc.objects.filter(bailleur_id=ctx.organisation_id, etat=EtatImport.VERIFIE).count(),
            reverse("programmation:importer"),
        ),
    ]
    if org is not None:
        taches.append(Tache(f"Fiche de {org.nom}", None, reverse("organisation_detail", args=[org.slug])))
    return Panneau(
        Role.GESTIONNAIRE_BAILLEUR,
        "Gestion locative",
        ROLE_DESCRIPTIONS[Role.GESTIONNAIRE_BAILLEUR],
        [*taches[:3], *_taches_cal(request), *_suivi(request), *taches[3:]],
    )


def _taches_cal(request) -> list[Tache]:
    """CAL decisions overdue in the user's scope and, for a landlord, its checked files not applied yet."""
    from positionnements import cal
    from positionnements.models import DepotDecisionsCAL, EtatDepot
    from positionnements.selectors import decisions_attendues

    url = reverse("positionnements:cal")
    delai = cal.delai_decision()
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


def _guichet(request) -> Panneau:
    ctx = request.contexte
    commune = Commune.objects.filter(pk=ctx.commune_id).prefetch_related("qpv").first()
    taches = []
    if commune is not None:
        qpv = ", ".join(q.nom for q in commune.qpv.all()) or "aucun QPV"
        taches.append(
            Tache(
                f"{commune.nom} : {commune.population:,} habitants".replace(",", "\u00a0"),
                None,
                reverse("communes"),
                f"Codes postaux {', '.join(commune.codes_postaux)} ; {qpv}.",
            )
        )
    return Panneau(
        Role.AGENT_GUICHET,
        "Guichet enregistreur",
        ROLE_DESCRIPTIONS[Role.AGENT_GUICHET],
        [*_taches_demandes(request), *taches],
    )


def _reservataire(request) -> Panneau:
    ctx = request.contexte
    org = Organisation.objects.filter(pk=ctx.organisation_id).first()
    taches = []
    if org is not None:
        taches.append(
            Tache(
                f"Contingent de {org.nom} ({org.get_type_reservataire_display() or 'non réservataire'})",
                None,
                reverse("organisation_detail", args=[org.slug]),
            )
        )
    from positionnements.croisements import alertes
    from positionnements.models import Designation
    from positionnements.tableaux import positionnements_de_la_liste

    taches.append(
        _liste(
            "Candidats positionnés par la CASA sur votre contingent (en cours)",
            reverse("positionnements:travail"),
            "avancement=en_cours",
            positionnements_de_la_liste,
            request.user,
        )
    )
    miennes = Designation.objects.filter(liste__active=True, liste__reservataire_id=ctx.organisation_id)
    taches.append(
        Tache(
            "Demandes de votre liste signalées par le croisement des fichiers",
            len(alertes(list(miennes.values_list("demande_id", flat=True)))),
            reverse("positionnements:croisements"),
        )
    )
    return Panneau(Role.RESERVATAIRE, "Réservataire", ROLE_DESCRIPTIONS[Role.RESERVATAIRE], [*taches, *_suivi(request)])


def _membre(request) -> Panneau:
    return Panneau(
        Role.MEMBRE_COMMISSION,
        "Membre de la CCPC",
        ROLE_DESCRIPTIONS[Role.MEMBRE_COMMISSION],
        _seances_du_membre(request),
    )


def _seances_du_membre(request) -> list[Tache]:
    from commissions.tableaux import seances_de_la_liste

    liste = reverse("commissions:seances")
    return [
        _liste("Séances auxquelles vous êtes convoqué", liste, "", seances_de_la_liste, request.user),
        _liste("Dont séances à tenir", liste, "a_tenir=oui", seances_de_la_liste, request.user),
    ]


def _lecteur(request) -> Panneau:
    taches = [_territoire(request)]
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).count()
    taches.append(Tache("Bailleurs sociaux du territoire", bailleurs, reverse("annuaire") + "?type=BAILLEUR"))
    return Panneau(
        Role.LECTEUR,
        "Consultation",
        ROLE_DESCRIPTIONS[Role.LECTEUR],
        [*taches, *_suivi(request)],
    )


def _suivi(request) -> list[Tache]:
    """The latest monthly tracking table: the month's leases in the user's scope."""
    from suivi.models import TableauMensuel
    from suivi.perimetre import perimetre

    p = perimetre(request.user)
    tableau = TableauMensuel.objects.order_by("-annee", "-mois").first()
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


CONSTRUCTEURS = {
    Role.ADMINISTRATEUR: _administrateur,
    Role.INSTRUCTEUR: _instructeur,
    Role.SECRETARIAT_COMMISSION: _secretariat,
    Role.GESTIONNAIRE_BAILLEUR: _bailleur,
    Role.AGENT_GUICHET: _guichet,
    Role.RESERVATAIRE: _reservataire,
    Role.MEMBRE_COMMISSION: _membre,
    Role.LECTEUR: _lecteur,
}


def panneaux(request) -> list[Panneau]:
    roles = request.contexte.roles or ({Role.ADMINISTRATEUR} if request.contexte.superutilisateur else set())
    return [CONSTRUCTEURS[Role(r)](request) for r in Role.values if r in roles]
