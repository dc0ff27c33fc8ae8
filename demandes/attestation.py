"""The attestation d'enregistrement handed to the applicant (article R441-2-4 CCH) and the printable demand: PDFs
written by WeasyPrint from templates, like the other PDFs of the application (templates/_pdf_styles.html).

R441-2-4 lists what the attestation says — a) the applicant's name, first name and address; b) the name and address
of the service that registered the demand; c) the numéro unique; d) the date the demand was received and, if any, of
its last renewal; e) the landlords holding social housing in the communes wished; f) the cases in which the
commission de médiation (L441-2-3) may be seized; g) the date from which the applicant may seize it (the « délai
anormalement long » of L441-1-4, fixed by arrêté of the préfet) and its address; h) the demand's validity, how it is
updated and renewed, and when it is struck off; i) how the applicant will be informed of its progress — and, in
annex, the summary of the demand, the steps to come and the supporting pieces to provide. docs/demandes.md says which
part of the PDF answers which mention.

Nothing more personal than needed: the annex summarises the household (how many persons, by link), the communes and
typologies wished; no birth date, income, reason nor priority criterion. A piece that would reveal a sensitive
situation (disability card, protection order) is named neutrally.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from commun import format_fr
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from . import cycle, recapitulatif, retention, selectors, services
from .codes import EtatDemande, Lien, MotifRadiation, Typologie
from .models import Demande
from .qualification import PIECES_SENSIBLES
from .services.renouvellement import REACTIVABLES

# f) The cases in which the commission de médiation may be seized (L441-2-3 II CCH, as restated by the Sénat's
# report on the DALO bill and Banque des Territoires, docs/demandes.md): after the délai anormalement long without a
# suitable offer, or without waiting for it in the situations the law lists.
CAS_MEDIATION = [
    "vous n'avez reçu aucune proposition adaptée à votre demande dans le délai anormalement long fixé par arrêté du "
    "préfet (date ci-dessous) ;",
    "sans condition de délai, si vous êtes de bonne foi et : dépourvu de logement ; menacé d'expulsion sans "
    "relogement ; hébergé ou logé temporairement dans un établissement ou un logement de transition, un "
    "logement-foyer ou une résidence hôtelière à vocation sociale ; logé dans des locaux impropres à l'habitation ou "
    "présentant un caractère insalubre ou dangereux ; logé dans un logement suroccupé ou non décent avec au moins "
    "un enfant mineur ou une personne handicapée.",
]

# h) The ways a demand ends (R441-2-7, R441-2-8 CCH; arrêté du 23 mars 2015, annexe: demandes/cycle.py).
RADIATIONS = [
    MotifRadiation.RADATT,
    MotifRadiation.RADABA,
    MotifRadiation.RADREN,
    MotifRadiation.RADCON,
    MotifRadiation.RADIRR,
]

# Annex: what comes next for the demand (docs/demandes.md, docs/positionnements.md, docs/commissions.md, docs/cal.md).
ETAPES_A_VENIR = [
    "Instruction : le guichet ou la CASA vérifie vos pièces justificatives et peut vous proposer un entretien.",
    "Cotation : votre demande reçoit des points selon la grille de la CASA ; vous pouvez en connaître le détail.",
    "Rapprochement : quand un logement adapté se libère, votre demande peut être proposée parmi au moins trois "
    "candidats, par la CASA ou par un réservataire.",
    "Commission : la commission communautaire de proposition de candidats (CCPC) donne son avis, puis la "
    "commission d'attribution (CAL) du bailleur décide ; sa décision vous est notifiée.",
    "Renouvellement : chaque année, avant la date indiquée, renouvelez votre demande pour garder votre ancienneté.",
]


@dataclass
class Piece:
    libelle: str
    recue: bool


def _nom_piece(type_piece: str, libelle: str) -> str:
    if type_piece in PIECES_SENSIBLES:
        return "Justificatif de la situation particulière déclarée (remis en main propre au guichet)"
    return libelle


def pieces(demande: Demande) -> list[Piece]:
    """The supporting pieces expected for this demand (selectors.pieces_attendues) and whether each was received;
    a sensitive one is named neutrally."""
    recues = set(demande.pieces.filter(retiree=False).values_list("type", flat=True))
    return [Piece(_nom_piece(p.type, p.libelle), p.type in recues) for p in selectors.pieces_attendues(demande=demande)]


def communes_souhaitees(demande: Demande) -> list[Commune]:
    """The communes wished, in order; every commune of the territory when the applicant accepts any."""
    if demande.toute_commune:
        return list(Commune.objects.du_territoire().order_by("nom"))
    return [s.commune for s in demande.souhaits_communes.select_related("commune").order_by("rang")]


def bailleurs_des_communes(communes: list[Commune]) -> list[tuple[str, list[str]]]:
    """e) The landlords holding social housing (a résidence of the parc) in these communes, each with the communes
    where it does: [(landlord, [communes])], by name."""
    lignes = (
        Organisation.objects.filter(
            type=TypeOrganisation.BAILLEUR, active=True, residences__commune__in=[c.pk for c in communes]
        )
        .values_list("nom", "residences__commune__nom")
        .distinct()
        .order_by("nom", "residences__commune__nom")
    )
    par_bailleur: dict[str, list[str]] = {}
    for nom, commune in lignes:
        par_bailleur.setdefault(nom, []).append(commune)
    return list(par_bailleur.items())


def composition(demande: Demande) -> str:
    """« 4 personnes : le demandeur, le co-demandeur, 2 enfants » — links only, no name nor age."""
    liens = Counter(p.lien for p in demande.personnes.all())
    morceaux = []
    for lien, singulier, pluriel in [
        (Lien.DEMANDEUR, "le demandeur", "le demandeur"),
        (Lien.CO_DEMANDEUR, "le co-demandeur", "le co-demandeur"),
        (Lien.ENFANT, "enfant", "enfants"),
        (Lien.ASCENDANT, "ascendant", "ascendants"),
        (Lien.AUTRE_PARENT, "autre parent", "autres parents"),
        (Lien.AUTRE, "autre personne", "autres personnes"),
    ]:
        n = liens.get(lien, 0)
        if not n:
            continue
        morceaux.append(
            singulier if lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR) else format_fr.compte(n, singulier, pluriel)
        )
    total = sum(liens.values())
    return f"{format_fr.compte(total, 'personne', 'personnes')} : {', '.join(morceaux)}"


@dataclass(frozen=True)
class Radiation:
    """h) A struck-off demand: since when (``le``), why (``motif``: the legal reason, MotifRadiation's label), and until
    when it may still be reactivated (``reactivable_jusqu_au``, None when it no longer can): by a renewal for
    non-renewal (RADREN), by the answer to the letter or a renewal for no answer (RADCON); ``renouvelable_le``: the
    day a renewal is accepted, when later than ``jour``."""

    le: dt.date | None
    motif: str
    code: str
    reactivable_jusqu_au: dt.date | None = None
    renouvelable_le: dt.date | None = None


def radiation(demande: Demande, jour: dt.date) -> Radiation | None:
    """The radiation of `demande` as the attestation says it on `jour`; None when the demand is not struck off. The
    reactivation windows are demandes/services/renouvellement.py's (renouvellement_possible) and avertissements.py's:
    until six months after the due date (t + 18 months), and for no answer within the months after the radiation."""
    if demande.etat != EtatDemande.RADIEE:
        return None
    code = demande.motif_radiation
    motif = MotifRadiation(code).label if code in MotifRadiation.values else "motif non précisé"
    if code not in REACTIVABLES or demande.date_echeance is None or retention.effacement_de(demande) is not None:
        return Radiation(demande.date_radiation, motif, code)
    fenetre = cycle.fenetre_renouvellement(demande.date_echeance)
    limite = fenetre.fermee_apres
    if code == MotifRadiation.RADCON and demande.date_radiation:
        limite = min(limite, cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation))
    if jour > limite:
        return Radiation(demande.date_radiation, motif, code)
    ouverte_le = fenetre.ouverte_le if jour < fenetre.ouverte_le else None
    return Radiation(demande.date_radiation, motif, code, limite, ouverte_le)


def attestation_contexte(demande: Demande, *, jour: dt.date | None = None) -> dict:
    """Everything the attestation prints, mention by mention of R441-2-4 (keys named after them). `demande` must be
    registered (it has a number). Dates as date objects, formatted by the template."""
    jour = jour or timezone.localdate()
    demandeur = demande.personnes.filter(lien=Lien.DEMANDEUR).first()
    communes = communes_souhaitees(demande)
    delai = cycle.delai_anormalement_long(jour)
    fenetre = cycle.fenetre_renouvellement(demande.date_echeance) if demande.date_echeance else None
    libelles_typologies = dict(Typologie.choices)
    return {
        "demande": demande,
        "jour": jour,
        "entete": f"Attestation d'enregistrement — {demande.reference}",
        # a)
        "demandeur_nom": recapitulatif.nom_complet(demandeur) if demandeur else "",
        "demandeur_adresse": demandeur.adresse if demandeur else "",
        # b)
        "guichet": demande.guichet,
        # c), d): the SNE's numéro unique when known; until then the local number, said as such
        "numero": demande.reference,
        "nur": demande.nur,
        "numero_local": demande.numero,
        "date_depot": demande.date_depot,
        "date_renouvellement": demande.date_dernier_renouvellement,
        "date_enregistrement": demande.date_enregistrement,
        # e)
        "toute_commune": demande.toute_commune,
        "communes": communes,
        "bailleurs": bailleurs_des_communes(communes),
        # f), g)
        "cas_mediation": CAS_MEDIATION,
        "delai": delai,
        "mediation_le": cycle.mediation_possible_le(demande.date_depot, jour),
        "commission_mediation": settings.CASA_COMMISSION_MEDIATION,
        # h)
        "validite_mois": cycle.delais().validite,
        "echeance": demande.date_echeance,
        "fenetre": fenetre,
        "radiations": [MotifRadiation(m).label for m in RADIATIONS],
        "radiation_avertissement_mois": cycle.delais().radiation_apres_avertissement,
        "radiation": radiation(demande, jour),
        # annexes
        "composition": composition(demande),
        "typologies": [libelles_typologies.get(t, t) for t in demande.typologies],
        "etapes_a_venir": ETAPES_A_VENIR,
        "pieces": pieces(demande),
    }


def attestation_html(demande: Demande, *, jour: dt.date | None = None) -> str:
    return render_to_string("demandes/attestation_pdf.html", attestation_contexte(demande, jour=jour))


def attestation_pdf(demande: Demande, *, jour: dt.date | None = None) -> bytes:
    """The attestation d'enregistrement of a registered demand, as a PDF (bytes)."""
    from weasyprint import HTML

    return HTML(string=attestation_html(demande, jour=jour)).write_pdf()


def demande_html(demande: Demande, *, jour: dt.date | None = None) -> str:
    jour = jour or timezone.localdate()
    return render_to_string(
        "demandes/demande_pdf.html",
        {
            "demande": demande,
            "jour": jour,
            "entete": f"Demande {demande}",
            "rubriques": recapitulatif.recapitulatif(demande),
            **_eligibilite(demande),
        },
    )


def demande_pdf(demande: Demande, *, jour: dt.date | None = None) -> bytes:
    """The whole demand (the recapitulation of step 6 and the eligibility) as a PDF (bytes)."""
    from weasyprint import HTML

    return HTML(string=demande_html(demande, jour=jour)).write_pdf()


def _eligibilite(demande: Demande) -> dict:
    from . import reference

    try:
        return {"eligibilite": services.eligibilite_evaluer(demande=demande)}
    except (ValueError, reference.RegleManquante) as err:
        return {"eligibilite": None, "eligibilite_erreur": str(err)}
