"""The real public organisations of the territory: CASA, its 24 communes, the State, Action Logement, the
Département, and Erilia (CASA's main landlord). Idempotent: matched on slug."""

from __future__ import annotations

from django.utils.text import slugify

from .models import Commune, Organisation
from .roles import TypeOrganisation, TypeReservataire
from .services import organisation_epci

ORGANISATIONS_PUBLIQUES = [
    {
        "slug": "prefecture-06",
        "type": TypeOrganisation.ETAT,
        "nom": "Préfecture des Alpes-Maritimes (DDETS 06)",
        "sigle": "DDETS 06",
        "est_reservataire": True,
        "type_reservataire": TypeReservataire.PPRIOR,
    },
    {
        "slug": "action-logement",
        "type": TypeOrganisation.ACTION_LOGEMENT,
        "nom": "Action Logement Services",
        "sigle": "ALS",
        "est_reservataire": True,
        "type_reservataire": TypeReservataire.COLACT,
        "est_guichet_enregistreur": True,
        "code_guichet": "AL006",
    },
    {
        "slug": "departement-06",
        "type": TypeOrganisation.DEPARTEMENT,
        "nom": "Département des Alpes-Maritimes",
        "sigle": "CD06",
        "est_reservataire": True,
        "type_reservataire": TypeReservataire.COLTER,
    },
    {
        "slug": "erilia",
        "type": TypeOrganisation.BAILLEUR,
        "nom": "Erilia",
        "sigle": "Erilia",
        "est_reservataire": True,
        "type_reservataire": TypeReservataire.AUCUN,
        "est_guichet_enregistreur": True,
        "code_guichet": "ERI06",
    },
]


def nom_de_commune(nom: str) -> str:
    """« Commune d'Antibes », « Commune du Rouret », « Commune des Ferres », « Commune de La Colle-sur-Loup »."""
    if nom.startswith("Le "):
        return f"Commune du {nom[3:]}"
    if nom.startswith("Les "):
        return f"Commune des {nom[4:]}"
    if nom[0] in "AEIOUÉ":
        return f"Commune d'{nom}"
    return f"Commune de {nom}"


def organisations_publiques_assurer() -> int:
    organisation_epci()
    n = 1
    for valeurs in ORGANISATIONS_PUBLIQUES:
        valeurs = dict(valeurs)
        Organisation.objects.update_or_create(slug=valeurs.pop("slug"), defaults=valeurs)
        n += 1
    for commune in Commune.objects.all():
        Organisation.objects.update_or_create(
            slug=slugify(f"commune {commune.nom}"),
            defaults={
                "type": TypeOrganisation.COMMUNE,
                "nom": nom_de_commune(commune.nom),
                "commune": commune,
                "siren": commune.siren,
                "est_reservataire": True,
                "type_reservataire": TypeReservataire.COLTER,
                "est_guichet_enregistreur": commune.population >= 3000,
                "code_guichet": commune.code_insee if commune.population >= 3000 else None,
            },
        )
        n += 1
    return n
