"""The whole demand as it was typed, grouped by the step of the form that holds it: step 6 « Vérification » shows it
with a « Modifier » link per step, the printable demand (PDF) prints it. One reader, so that what the agent checks
before registering is exactly what is printed afterwards.

Dates and amounts come formatted the French way (commun.format_fr): 29/11/2026, 1 650,00 €.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from commun import format_fr

from .codes import CritereLocal, Lien, MotifDemande, Typologie
from .models import Demande, Personne, Ressource

VIDE = "—"


@dataclass
class Ligne:
    libelle: str
    valeur: str


@dataclass
class PersonneRecap:
    """One person of the household as the recapitulation lists it."""

    nom: str
    lien: str
    naissance: str
    mentions: list[str]
    ressources: list[str]  # « Salaire ou revenu d'activité : 1 650,00 € »


@dataclass
class Rubrique:
    """What one step of the form holds: `etape` is the step its « Modifier » link opens."""

    etape: int
    titre: str
    lignes: list[Ligne] = field(default_factory=list)
    personnes: list[PersonneRecap] = field(default_factory=list)


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


def _ou_vide(texte) -> str:
    texte = "" if texte is None else str(texte).strip()
    return texte or VIDE


def nom_complet(p: Personne) -> str:
    """« Élodie MARTIN »; a person with a single name (nom unique) has no first name."""
    return " ".join(x for x in (p.prenom, (p.nom or "").upper()) if x) or VIDE


def _ressources(p: Personne) -> list[str]:
    return [f"{r.get_type_display()} : {format_fr.euros(r.montant_mensuel)}" for r in p.ressources.all()]


def _personne(p: Personne) -> PersonneRecap:
    mentions = []
    if p.a_charge:
        mentions.append("à charge")
    if p.handicap:
        mentions.append("CMI invalidité")
    if p.enfant_a_naitre:
        mentions.append("enfant attendu (naissance prévue)")
    return PersonneRecap(
        nom=nom_complet(p),
        lien=p.get_lien_display(),
        naissance=format_fr.date(p.date_naissance),
        mentions=mentions,
        ressources=_ressources(p),
    )


def _identite(p: Personne, *, date_depot=None) -> list[Ligne]:
    lignes = [Ligne("Date de dépôt de la demande", format_fr.date(date_depot))] if date_depot else []
    lignes += [
        Ligne("Nom", _ou_vide((p.nom or "").upper())),
        Ligne("Prénom", "nom unique (état civil sans prénom)" if p.nom_unique else _ou_vide(p.prenom)),
        Ligne("Nom de naissance", _ou_vide(p.nom_naissance)),
        Ligne("Sexe", _ou_vide(p.get_sexe_display() if p.sexe else "")),
        Ligne("Date de naissance", _ou_vide(format_fr.date(p.date_naissance))),
        Ligne("Nationalité", _ou_vide(p.get_nationalite_display() if p.nationalite else "")),
    ]
    if p.titre_sejour or p.titre_sejour_fin:
        fin = f", valable jusqu'au {format_fr.date(p.titre_sejour_fin)}" if p.titre_sejour_fin else ""
        lignes.append(Ligne("Titre de séjour", f"{_ou_vide(p.titre_sejour)}{fin}"))
    lignes += [
        Ligne("Situation familiale", _ou_vide(p.get_situation_familiale_display() if p.situation_familiale else "")),
        Ligne("Téléphone", _ou_vide(p.telephone)),
        Ligne("Adresse électronique", _ou_vide(p.courriel)),
        Ligne("Adresse actuelle", _ou_vide(p.adresse)),
    ]
    return lignes


def _libelles(codes, choix) -> str:
    libelles = dict(choix.choices)
    return ", ".join(str(libelles.get(c, c)) for c in codes) or VIDE


def recapitulatif(demande: Demande) -> list[Rubrique]:
    """Every piece of data of the demand, by step: the applicant (1), the co-applicant and the household with each
    person's resources (2), the situation and current housing (3), the wishes (4), the incomes and the employer (5).
    Reads the demand's persons, resources and wished communes (three queries)."""
    # each person's resources in the order they were typed (a page and a PDF the person reads)
    personnes = list(
        demande.personnes.prefetch_related(Prefetch("ressources", queryset=Ressource.objects.order_by("pk")))
    )
    demandeur = next((p for p in personnes if p.lien == Lien.DEMANDEUR), None)
    co = next((p for p in personnes if p.lien == Lien.CO_DEMANDEUR), None)
    rubriques = []
    if demandeur:
        rubriques.append(Rubrique(1, "Demandeur", _identite(demandeur, date_depot=demande.date_depot)))
    if co:
        rubriques.append(_co_demandeur(demande, co))
    rubriques.append(_menage_et_ressources(demande, personnes))
    rubriques.append(_situation_et_logement_actuel(demande))
    rubriques.append(_souhaits(demande))
    rubriques.append(_revenus_et_employeur(demande))
    return rubriques


def _co_demandeur(demande: Demande, co: Personne) -> Rubrique:
    """Step 2: who the co-applicant is and whether the couple lives together."""
    return Rubrique(
        2,
        "Co-demandeur",
        [
            Ligne("Nom et prénom", nom_complet(co)),
            Ligne("Date de naissance", format_fr.date(co.date_naissance)),
            Ligne("Vit en couple avec le demandeur", _oui_non(demande.vit_en_couple)),
        ],
    )


def _menage_et_ressources(demande: Demande, personnes: list[Personne]) -> Rubrique:
    """Step 2: the household's size, category and monthly resources, then each person with its resources."""
    total = sum((r.montant_mensuel for p in personnes for r in p.ressources.all()), start=0)
    return Rubrique(
        2,
        "Ménage et ressources",
        [
            Ligne("Nombre de personnes", format_fr.nombre(len(personnes))),
            Ligne("Catégorie de ménage", _ou_vide(demande.categorie_menage)),
            Ligne("Ressources mensuelles déclarées (total)", format_fr.euros(total)),
        ],
        [_personne(p) for p in personnes],
    )


def _situation_et_logement_actuel(demande: Demande) -> Rubrique:
    """Step 3: the current housing, the reasons of the demand, a mutation, a loss of autonomy, CASA's local criteria."""
    loyer = format_fr.euros(demande.loyer_actuel) if demande.loyer_actuel is not None else VIDE
    surface = f"{format_fr.nombre(demande.surface_actuelle)} m²" if demande.surface_actuelle else VIDE
    return Rubrique(
        3,
        "Situation et logement actuel",
        [
            Ligne("Logement actuel", _ou_vide(demande.get_logement_actuel_display())),
            Ligne("Commune du logement actuel", _ou_vide(demande.commune_actuelle)),
            Ligne("Loyer actuel (par mois)", loyer),
            Ligne("Surface actuelle", surface),
            Ligne("Motifs de la demande", _libelles(demande.motifs, MotifDemande)),
            Ligne("Précision sur le motif", _ou_vide(demande.motif_precision)),
            Ligne(
                "Déjà locataire du parc social (mutation)",
                f"oui, chez {demande.bailleur_actuel.nom}"
                if demande.mutation and demande.bailleur_actuel
                else _oui_non(demande.mutation),
            ),
            Ligne("Handicap ou perte d'autonomie dans le ménage", _oui_non(demande.perte_autonomie)),
            Ligne("Critères locaux de la CASA", _libelles(demande.criteres_locaux, CritereLocal)),
        ],
    )


def _souhaits(demande: Demande) -> Rubrique:
    """Step 4: the communes wished in order (or any), the typologies, the highest rent and floor, accessibility."""
    communes = [f"{s.rang}. {s.commune.nom}" for s in demande.souhaits_communes.select_related("commune")]
    return Rubrique(
        4,
        "Souhaits",
        [
            Ligne("Communes souhaitées (dans l'ordre)", ", ".join(communes) or VIDE),
            Ligne("Accepte toute commune du territoire", _oui_non(demande.toute_commune)),
            Ligne("Typologies", _libelles(demande.typologies, Typologie)),
            Ligne(
                "Loyer maximum (par mois)",
                format_fr.euros(demande.loyer_max) if demande.loyer_max is not None else VIDE,
            ),
            Ligne("Étage maximum", _ou_vide(demande.etage_max)),
            Ligne("Ascenseur nécessaire", _oui_non(demande.ascenseur_requis)),
            Ligne("Logement accessible en fauteuil roulant", _oui_non(demande.accessibilite_pmr)),
        ],
    )


def _revenus_et_employeur(demande: Demande) -> Rubrique:
    """Step 5: the reference tax income and its year, a recent income and whether its drop is justified, the APL,
    the employer."""
    rfr = demande.revenu_fiscal_reference
    recent = demande.revenu_recent
    return Rubrique(
        5,
        "Revenus et employeur",
        [
            Ligne(
                "Revenu fiscal de référence du ménage",
                f"{format_fr.euros(rfr, 0)} (revenus {demande.annee_revenu_fiscal})"
                if rfr is not None and demande.annee_revenu_fiscal
                else (format_fr.euros(rfr, 0) if rfr is not None else VIDE),
            ),
            Ligne(
                "Revenu N-1 ou des 12 derniers mois",
                f"{format_fr.euros(recent, 0)}"
                + (" (baisse justifiée par une pièce)" if demande.revenu_recent_justifie else "")
                if recent is not None
                else VIDE,
            ),
            Ligne(
                "APL estimée (par mois)",
                format_fr.euros(demande.apl_estimee) if demande.apl_estimee is not None else VIDE,
            ),
            Ligne("Employeur", _ou_vide(demande.employeur_nom)),
            Ligne("SIRET de l'employeur", _ou_vide(demande.employeur_siret)),
            Ligne("Commune de l'employeur", _ou_vide(demande.employeur_commune)),
        ],
    )
