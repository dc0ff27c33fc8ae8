"""Building demands for tests through the services (the same path as the pages and the API)."""

import datetime as dt

from demandes import services
from demandes.codes import Lien, LogementActuel, TypeRessource
from territoire.models import Commune


def demandeur(**kw):
    return {
        "lien": Lien.DEMANDEUR,
        "nom": "Martin",
        "prenom": "Élodie",
        "date_naissance": dt.date(1988, 4, 12),
        "nationalite": "FR",
        "situation_familiale": "MARIE",
        "telephone": "0601020304",
        "courriel": "elodie.martin@exemple.fr",
        "ressources": [{"type": TypeRessource.SAL, "montant_mensuel": "1500"}],
        **kw,
    }


def famille_de_4():
    return [
        demandeur(),
        {
            "lien": Lien.CO_DEMANDEUR,
            "nom": "Martin",
            "prenom": "Karim",
            "date_naissance": dt.date(1986, 9, 3),
            "ressources": [{"type": TypeRessource.SAL, "montant_mensuel": "800"}],
        },
        {"lien": Lien.ENFANT, "prenom": "Lina", "date_naissance": dt.date(2011, 5, 20), "a_charge": True},
        {"lien": Lien.ENFANT, "prenom": "Noé", "date_naissance": dt.date(2018, 2, 2), "a_charge": True},
    ]


def demande_complete(agent, guichet, *, personnes=None, communes=("06004",), rfr=21000, enregistrer=True, **kw):
    d = services.demande_creer(par=agent, guichet=guichet, date_depot=dt.date(2026, 10, 5), demandeur=demandeur())
    personnes = personnes or famille_de_4()
    # A couple when (and only when) there is a co-applicant: said with the household, in one call.
    couple = kw.pop("vit_en_couple", any(p["lien"] == Lien.CO_DEMANDEUR for p in personnes))
    services.menage_definir(par=agent, demande=d, personnes=personnes, vit_en_couple=couple)
    services.demande_modifier(
        par=agent,
        demande=d,
        logement_actuel=LogementActuel.LP,
        motifs=["13"],
        revenu_fiscal_reference=rfr,
        annee_revenu_fiscal=2024,
        **kw,
    )
    services.souhaits_definir(
        par=agent, demande=d, communes=[Commune.objects.get(code_insee=c) for c in communes], typologies=["T3", "T4"]
    )
    if enregistrer:
        services.demande_enregistrer(par=agent, demande=d)
    d.refresh_from_db()
    return d
