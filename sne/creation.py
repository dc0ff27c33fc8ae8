"""The demands of an SNE file that are not known here: the checks before creating them (the territory, the fields'
bounds, the probable duplicates among local demands), then their creation in bulk — the demand, its household and
resources, its wished communes, its SNE document, the first line of its log, its derived figures (eligibility,
category, quartile, cotation: the same functions as for a demand typed here). docs/sne.md « Création »."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.utils import timezone

from demandes import cycle
from demandes import services as demandes_services
from demandes.codes import EtatDemande
from demandes.etats import MACHINE_DEMANDE
from demandes.models import Demande, Personne, Ressource, SouhaitCommune, TransitionDemande
from demandes.selectors import SEUIL_DOUBLON
from territoire.models import Commune, Organisation

from .interface import DemandeSNE
from .models import DocumentSNE, ImportSNE

TITULAIRES = ("DEMANDEUR", "CO_DEMANDEUR")


@dataclass
class Cadre:
    """What an import reads once: the territory's communes {INSEE code: id}, the counters {code_guichet: id}, the
    organisation holding the demands of a counter unknown here (CASA's), the import, the day."""

    import_sne: ImportSNE
    communes: dict[str, int]
    noms_communes: dict[str, str]
    guichets: dict[str, int]
    guichet_par_defaut: int
    jour: dt.date
    date_fichier: dt.date | None = None


def cadre_pour(import_sne: ImportSNE | None) -> Cadre:
    """The frame of an import (or of a decision taken after it): three small reads."""
    return Cadre(
        import_sne=import_sne,
        communes=dict(Commune.objects.values_list("code_insee", "pk").order_by("code_insee")),
        noms_communes=dict(Commune.objects.values_list("code_insee", "nom").order_by("code_insee")),
        guichets=dict(
            Organisation.objects.exclude(code_guichet=None).values_list("code_guichet", "pk").order_by("code_guichet")
        ),
        guichet_par_defaut=Organisation.objects.epci().pk,
        jour=timezone.localdate(),
        date_fichier=import_sne.date_fichier if import_sne else None,
    )


CHAMPS_COMMUNE = ("commune_actuelle", "employeur_commune")


def preparer(cadre: Cadre, demande: DemandeSNE) -> list[str]:
    """Puts the SNE's demand in our fields' forms before anything is compared or written, and returns the warnings
    for the report. The current housing's and the employer's commune come as INSEE codes: the territory's are named,
    another keeps its code, said as such (« 06088 (code INSEE) »). An e-mail address our forms would refuse is not
    taken over (the demand is: an address is no reason to refuse it). Idempotent."""
    avertissements = []
    for champ in CHAMPS_COMMUNE:
        code = demande.champs.get(champ)
        if code and len(code) == 5 and (code.isdigit() or code[:2] in ("2A", "2B")):
            demande.champs[champ] = cadre.noms_communes.get(code, f"{code} (code INSEE)")
    for i, p in enumerate(demande.personnes, start=1):
        courriel = p.champs.get("courriel")
        if courriel:
            try:
                validate_email(courriel)
            except ValidationError:
                del p.champs["courriel"]
                avertissements.append(f"personne {i} : adresse électronique invalide, non reprise")
    return avertissements


def erreurs_de_champs(modele, champs: dict) -> list[str]:
    """The French reasons why `champs` (field name → value) would not fit `modele`'s columns (length, digits,
    choices, bounds): the model fields' own validation, so that a value refused here is one the form refuses too."""
    erreurs = []
    for nom, valeur in champs.items():
        champ = modele._meta.get_field(nom)
        try:
            champ.clean(valeur, None)
        except ValidationError as e:
            erreurs.append(f"{champ.verbose_name} : {' '.join(e.messages)}")
    return erreurs


def verifier(demande: DemandeSNE) -> list[str]:
    """Every reason the demand cannot be written as it is (empty: it can)."""
    erreurs = erreurs_de_champs(Demande, demande.champs)
    for i, p in enumerate(demande.personnes, start=1):
        erreurs += [f"personne {i}, {e}" for e in erreurs_de_champs(Personne, p.champs)]
        erreurs += [
            f"personne {i}, ressource {t} : montant hors bornes" for t, m in p.ressources if m < 0 or m >= 10_000_000
        ]
    if not any(p.champs.get("lien") == "DEMANDEUR" for p in demande.personnes):
        erreurs.append("le ménage n'a pas de demandeur")
    for i, p in enumerate(demande.personnes, start=1):
        if p.champs.get("lien") in TITULAIRES and not (p.champs.get("nom") or "").strip():
            erreurs.append(f"personne {i} : nom absent (obligatoire pour un demandeur ou un co-demandeur)")
    if demande.date_renouvellement and demande.date_renouvellement < demande.date_creation:
        erreurs.append(
            f"renouvelée le {demande.date_renouvellement:%d/%m/%Y}, avant sa création le "
            f"{demande.date_creation:%d/%m/%Y}"
        )
    return erreurs


def doublons(demandes: list[DemandeSNE]) -> dict[int, list[tuple[int, str | None, str]]]:
    """The live local demands that hold a holder of the same birth date and a close name (the measure of
    demandes.selectors.doublons_probables) for each SNE demand of the batch: {position: [(demand id, its NUR or
    None, its local number)]}. One query for the batch."""
    positions, naissances, noms = [], [], []
    for d in demandes:
        for p in d.personnes:
            if p.champs.get("lien") in TITULAIRES and p.champs.get("date_naissance"):
                positions.append(d.position)
                naissances.append(p.champs["date_naissance"])
                noms.append(f"{p.champs.get('prenom', '')} {p.champs.get('nom', '')}")
    if not positions:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT v.pos, d.id, d.nur, d.numero "
            "FROM unnest(%s::int[], %s::date[], %s::text[]) AS v(pos, naissance, nom) "
            "JOIN demandes_personne p ON p.date_naissance = v.naissance AND p.lien IN ('DEMANDEUR', 'CO_DEMANDEUR') "
            "JOIN demandes_demande d ON d.id = p.demande_id AND d.etat IN ('ACTIVE', 'QUALIFIEE') "
            "WHERE similarity(unaccent(lower(p.prenom || ' ' || p.nom)), unaccent(lower(v.nom))) >= %s "
            "ORDER BY v.pos, d.id",
            [positions, naissances, noms, SEUIL_DOUBLON],
        )
        trouves: dict[int, list] = {}
        for pos, pk, nur, numero in cursor.fetchall():
            trouves.setdefault(pos, []).append((pk, nur, numero))
    return trouves


def _numeros_locaux(nombre: int, jour: dt.date) -> list[str]:
    """`nombre` local numbers of this year (demandes.services.numero_local_suivant's form), in one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('demandes_numero_local_seq') FROM generate_series(1, %s)", [nombre])
        return [f"{settings.CASA_PREFIXE_NUMERO_LOCAL}-{jour:%Y}-{n:06d}" for (n,) in cursor.fetchall()]


def _guichet(cadre: Cadre, demande: DemandeSNE) -> int:
    """The counter that registered the demand when it is one of ours (by its 5-character code, the end of the NUR),
    else the organisation that holds the demands of the other counters (docs/sne.md « Création »)."""
    code = demande.num_guichet if len(demande.num_guichet) == 5 else demande.nur[-5:]
    return cadre.guichets.get(code, cadre.guichet_par_defaut)


def creer(cadre: Cadre, a_creer: list[tuple[DemandeSNE, list[str], dict]]) -> list[Demande]:
    """Creates the demands (each with its kept communes and its SNE values, sne.valeurs), in bulk; returns them in
    the same order. Their derived figures are computed in memory before the insert, by the functions that compute
    them for a demand typed here (demandes.services.figures_calculer): no update afterwards. Runs in the caller's
    transaction."""
    MACHINE_DEMANDE.verifier("", EtatDemande.ACTIVE)  # the one move of each, written in bulk below
    numeros = _numeros_locaux(len(a_creer), cadre.jour)
    regles = demandes_services.Regles.du(cadre.jour)
    demandes, menages = [], []
    for (x, _communes, _valeurs), numero in zip(a_creer, numeros, strict=True):
        base = x.date_renouvellement or x.date_creation
        demande = Demande(
            **x.champs,
            numero=numero,
            nur=x.nur,
            etat=EtatDemande.ACTIVE,
            etape=5,
            guichet_id=_guichet(cadre, x),
            agent=None,
            date_depot=x.date_creation,
            date_enregistrement=x.date_creation,
            date_dernier_renouvellement=x.date_renouvellement,
            date_echeance=cycle.echeance_initiale(base),
        )
        personnes = [Personne(demande=demande, **{"ordre": i, **p.champs}) for i, p in enumerate(x.personnes)]
        total = sum((m for p in x.personnes for _, m in p.ressources), Decimal("0"))
        demandes_services.figures_calculer(demande, personnes, total, [], regles)
        demandes.append(demande)
        menages.append(personnes)
    Demande.objects.bulk_create(demandes, batch_size=1000)
    _inserer_les_menages(menages, [x for x, _, _ in a_creer])
    SouhaitCommune.objects.bulk_create(
        [
            SouhaitCommune(demande=d, commune_id=cadre.communes[code], rang=rang)
            for d, (_, communes, _) in zip(demandes, a_creer, strict=True)
            for rang, code in enumerate(communes, start=1)
        ],
        batch_size=2000,
    )
    DocumentSNE.objects.bulk_create(
        [document(cadre, d, x, valeurs) for d, (x, _, valeurs) in zip(demandes, a_creer, strict=True)],
        batch_size=1000,
    )
    TransitionDemande.objects.bulk_create(
        [
            TransitionDemande(
                demande=d,
                de="",
                vers=EtatDemande.ACTIVE,
                par=None,
                par_le_sne=True,
                motif=f"Venue du SNE (fichier {cadre.import_sne.nom_fichier})"[:300],
                date_effet=d.date_enregistrement,
            )
            for d in demandes
        ],
        batch_size=2000,
    )
    return demandes


def _inserer_les_menages(menages: list[list[Personne]], sources: list[DemandeSNE]) -> None:
    """The households built in memory and their resources (two bulk inserts for the batch)."""
    personnes = [p for menage in menages for p in menage]
    for p in personnes:
        p.demande_id = p.demande.pk  # the demand was inserted after the person was built
    Personne.objects.bulk_create(personnes, batch_size=2000)
    ressources = [
        Ressource(personne=personne, type=t, montant_mensuel=m)
        for menage, x in zip(menages, sources, strict=True)
        for personne, source in zip(menage, x.personnes, strict=True)
        for t, m in source.ressources
    ]
    Ressource.objects.bulk_create(ressources, batch_size=2000)


def creer_les_menages(demandes: list[Demande], sources: list[DemandeSNE]) -> None:
    """The households of demands that exist already (an update replacing one)."""
    menages = [
        [Personne(demande=d, **{"ordre": i, **p.champs}) for i, p in enumerate(x.personnes)]
        for d, x in zip(demandes, sources, strict=True)
    ]
    _inserer_les_menages(menages, sources)


def document(cadre: Cadre, demande: Demande, x: DemandeSNE, valeurs: dict) -> DocumentSNE:
    """The SNE document of a demand (not saved): its raw XML, fingerprint, values and what is kept apart."""
    statut, decision = x.dalo if x.dalo else ("", None)
    return DocumentSNE(
        demande=demande,
        brut=x.brut,
        empreinte=x.empreinte,
        valeurs=valeurs,
        num_guichet=x.num_guichet,
        dalo=statut,
        dalo_decision_le=decision,
        hors_menage=[{k: str(v) for k, v in h.items()} for h in x.hors_menage],
        non_repris=list(x.non_repris),
        import_sne=cadre.import_sne,
        date_fichier=cadre.date_fichier,
        synchronise_le=timezone.now(),
    )
