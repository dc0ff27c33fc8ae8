"""Demo members of the CCPC for seed_demo: every college, each titular with a substitute, as the commission is made
(2 elected members of the community council, 2 per commune, 1 association, 1 State, 3 landlords, 1 Action Logement).
Names drawn by Faker (fr_FR, its own seed); the demo account membre.ccpc is the first elected member of Vallauris.
Idempotent: nothing is done when a member exists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from commissions.models import College, Membre
from territoire.models import Organisation, Utilisateur
from territoire.roles import TypeOrganisation

DEBUT_MANDAT = dt.date(2026, 4, 1)  # the council installed after the municipal elections of March 2026


def _sieges() -> list[tuple[str, Organisation, str]]:
    """(college, organisation, qualité) for each titular seat."""
    orgs = {o.slug: o for o in Organisation.objects.all()}
    sieges = [(College.ELUS_CASA, orgs["casa"], "Vice-président délégué au logement")]
    sieges.append((College.ELUS_CASA, orgs["casa"], "Conseiller communautaire"))
    for commune in Organisation.objects.filter(type=TypeOrganisation.COMMUNE).order_by("commune__nom"):
        sieges += [(College.ELUS_COMMUNES, commune, "Adjoint au logement"), (College.ELUS_COMMUNES, commune, "Élu")]
    association = Organisation.objects.filter(type=TypeOrganisation.ASSOCIATION).order_by("slug").first()
    if association:
        sieges.append((College.ASSOCIATION, association, "Directeur"))
    sieges.append((College.ETAT, orgs["prefecture-06"], "Représentant du préfet (DDETS)"))
    for bailleur in ("erilia", "bailleur-demo-01", "bailleur-demo-02"):
        if bailleur in orgs:
            sieges.append((College.BAILLEURS, orgs[bailleur], "Directeur d'agence"))
    if "action-logement" in orgs:
        sieges.append((College.ACTION_LOGEMENT, orgs["action-logement"], "Chargé de relations bailleurs"))
    return sieges


def creer_membres_demo(*, faker) -> int:
    if Membre.objects.exists():
        return 0
    n = 0
    with transaction.atomic():
        for college, org, qualite in _sieges():
            for rang in (0, 1):
                civilite = faker.random_element(["M.", "Mme"])
                prenom = faker.first_name_male() if civilite == "M." else faker.first_name_female()
                nom = faker.last_name()
                membre = Membre.objects.create(
                    college=college,
                    civilite=civilite,
                    prenom=prenom,
                    nom=nom,
                    qualite=qualite if rang == 0 else f"Suppléant — {qualite.lower()}",
                    organisation=org,
                    commune=org.commune if college == College.ELUS_COMMUNES else None,
                    courriel=f"{faker.user_name()}@demo.casa-logement.fr",
                    debut=DEBUT_MANDAT,
                )
                n += 1
                if rang == 0:
                    titulaire_membre = membre
                else:
                    membre.titulaire = titulaire_membre
                    membre.save(update_fields=["titulaire"])
        compte = Utilisateur.objects.filter(username="membre.ccpc").first()
        vallauris = Membre.objects.filter(
            college=College.ELUS_COMMUNES, commune__code_insee="06155", titulaire__isnull=True
        ).first()
        if compte and vallauris:
            vallauris.utilisateur = compte
            vallauris.civilite, vallauris.prenom, vallauris.nom = "Mme", compte.first_name, compte.last_name
            vallauris.save()
    return n
