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
    user, ctx = request.user, request.contexte
    jour = timezone.localdate()
    habilitations = selectors.habilitations_visibles(user).actives()
    if not ctx.administrateur_epci:
        habilitations = habilitations.filter(organisation_id=ctx.organisation_id)
    expirant = habilitations.filter(date_fin__isnull=False, date_fin__lte=jour + timedelta(days=30))
    sans_courriel = selectors.utilisateurs_visibles(user).filter(est_compte_api=False, is_active=True, email="")
    taches = [
        Tache(
            "Comptes actifs de votre périmètre",
            selectors.utilisateurs_visibles(user).filter(est_compte_api=False, is_active=True).count(),
            reverse("utilisateurs"),
        ),
        Tache(
            "Habilitations qui expirent dans les 30 jours",
            expirant.count(),
            reverse("utilisateurs"),
            "À prolonger ou à laisser s'éteindre.",
        ),
        Tache(
            "Comptes sans adresse électronique (pas de réinitialisation possible)",
            sans_courriel.count(),
            reverse("utilisateurs"),
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


def _taches_demandes(request) -> list[Tache]:
    from demandes.codes import EtatDemande
    from demandes.selectors import demandes_modifiables, demandes_visibles

    jour = timezone.localdate()
    miennes = demandes_modifiables(request.user)
    liste = reverse("demandes:liste")
    en_cours = [EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]
    return [
        Tache("Enregistrer une nouvelle demande", None, reverse("demandes:nouvelle")),
        Tache("Brouillons à terminer", miennes.filter(etat=EtatDemande.BROUILLON).count(), liste + "?etat=BROUILLON"),
        Tache(
            "Demandes enregistrées à qualifier (pièces à vérifier)",
            demandes_visibles(request.user).filter(etat=EtatDemande.ACTIVE).count(),
            liste + "?etat=ACTIVE",
        ),
        Tache(
            "Demandes à renouveler dans le mois",
            miennes.filter(etat__in=en_cours, date_echeance__lte=jour + timedelta(days=31)).count(),
            liste,
        ),
    ]


def _logements_a_pourvoir(request) -> Tache:
    from programmation.models import EtatDisponibilite
    from programmation.selectors import disponibilites_visibles

    return Tache(
        "Logements à pourvoir (par échéance)",
        disponibilites_visibles(request.user).filter(etat=EtatDisponibilite.A_POURVOIR).count(),
        reverse("programmation:a_pourvoir"),
    )


def _logements_a_positionner(request) -> Tache:
    """Dwellings to fill that have not got their three candidates yet: the agent's work list."""
    from django.db.models import Count, Q

    from positionnements.etats import EN_COURS
    from programmation.models import EtatDisponibilite
    from programmation.selectors import disponibilites_visibles

    qs = (
        disponibilites_visibles(request.user)
        .filter(etat=EtatDisponibilite.A_POURVOIR)
        .annotate(n=Count("positionnements", filter=Q(positionnements__etat__in=EN_COURS)))
        .filter(n__lt=3)
    )
    return Tache("Logements à pourvoir sans leurs trois candidats", qs.count(), reverse("positionnements:travail"))


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
        _taches_secretariat(),
    )


def _taches_secretariat() -> list[Tache]:
    from commissions.models import EtatSeance, Seance
    from commissions.services import positionnements_prets

    liste = reverse("commissions:seances")
    return [
        Tache("Logements prêts pour la commission", positionnements_prets().count(), liste),
        Tache(
            "Séances à tenir (préparées, convoquées ou en cours)",
            Seance.objects.exclude(etat=EtatSeance.CLOSE).count(),
            liste,
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
    from positionnements.etats import EN_COURS
    from positionnements.models import Designation
    from positionnements.selectors import positionnements_visibles

    taches.append(
        Tache(
            "Candidats positionnés par la CASA sur votre contingent",
            positionnements_visibles(request.user).filter(etat__in=EN_COURS).count(),
            reverse("positionnements:travail"),
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
        [_seances_du_membre(request)],
    )


def _seances_du_membre(request) -> Tache:
    from commissions.models import EtatSeance, Seance

    seances = Seance.objects.filter(convocations__membre__utilisateur=request.user).exclude(etat=EtatSeance.CLOSE)
    return Tache("Séances auxquelles vous êtes convoqué", seances.distinct().count(), reverse("commissions:seances"))


def _lecteur(request) -> Panneau:
    types = dict(TypeOrganisation.choices)
    taches = [_territoire(request)]
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).count()
    taches.append(
        Tache(f"{types[TypeOrganisation.BAILLEUR]}s du territoire", bailleurs, reverse("annuaire") + "?type=BAILLEUR")
    )
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
