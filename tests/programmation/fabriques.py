"""Builders of the programmation tests: a programme and its shares, a vacancy of the flux, parc rows."""

import datetime as dt

from programmation import reunions
from programmation.import_parc.lecture import NOMS
from programmation.models import Disponibilite, EtatDisponibilite, OrigineDisponibilite
from territoire.models import Commune
from territoire.roles import Role
from tests.territoire.fabriques import agent


def programme_de(referentiel):
    """CASA's instructor and a programme of 20 dwellings of Erilia at Valbonne: (instructeur, programme)."""
    casa = agent(referentiel["casa"], Role.INSTRUCTEUR)
    erilia = referentiel["erilia"]
    erilia.courriel = "programmation@erilia.fr"
    erilia.save()
    p = reunions.programme_creer(
        par=casa,
        bailleur=erilia,
        commune=Commune.objects.get(code_insee="06152"),
        nom="Les Terrasses de Garbejaïre",
        adresse="Route des Colles, Sophia Antipolis",
        livraison_prevue=dt.date(2028, 6, 30),
        lots=[("T2", "PLAI", 4), ("T2", "PLUS", 6), ("T3", "PLUS", 8), ("T4", "PLS", 2)],
    )
    return casa, p


def parts_de(ref, bon=True):
    etat, al, commune, erilia = (ref["prefecture-06"], ref["action-logement"], ref["commune-valbonne"], ref["erilia"])
    parts = [
        (etat, "T2", "PLAI", 4),
        (etat, "T3", "PLUS", 2),
        (al, "T2", "PLUS", 6),
        (commune, "T3", "PLUS", 4),
        (erilia, "T3", "PLUS", 2),
        (erilia, "T4", "PLS", 2),
    ]
    if not bon:
        parts[-1] = (erilia, "T4", "PLS", 3)
    return parts


def dispo_creee(logement, reservataire, *, le, etat=EtatDisponibilite.POURVU, hors_flux=False, declarant):
    return Disponibilite.objects.create(
        logement=logement,
        origine=OrigineDisponibilite.CONGE,
        date_liberation=le,
        reservataire=reservataire,
        loyer=450,
        date_limite=le,
        etat=etat,
        hors_flux=hors_flux,
        declaree_par=declarant,
    )


ENTETE = ";".join(NOMS)


def csv_cp1252(*lignes: str) -> bytes:
    return ("\r\n".join([ENTETE, *lignes]) + "\r\n").encode("cp1252")


BONNES = [
    "RES-1;Les Oliviers;12 avenue des Pins;06004;non;A12;T3;64,5;2;oui;non;PLUS;512,40;85;",
    "RES-1;Les Oliviers;12 avenue des Pins;06004;non;A13;T2;48;2;oui;non;PLAI;398,10;70;prefecture-06",
    "RES-2;Le Hameau des Pêcheurs;3 chemin de l'Aube;Vallauris;oui;B01;T4;81,2;0;non;oui;PLUS;640;95;",
]
