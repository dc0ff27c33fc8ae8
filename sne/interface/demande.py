"""One demand of the SNE's file: its `demande` element read into a DemandeSNE (docs/sne.md « Correspondance des
éléments »), or refused with every fault found (DemandeSNERefusee). Required, per libsne's check of the cahier des
charges des interfaces: numGuichet, dateCreationDemande, logementRecherche/demandeElargie, at least one typeLogement
and one wished commune; required here: numUnique (our key, 18 capitals or digits: demandes/models/demande.py
FORMAT_NUR), the applicant and every person's date of birth (Personne.date_naissance)."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree as ET

from . import codes
from .champs import Lecture, Noeud, nom_local
from .chemins import non_repris
from .empreinte import brut_et_empreinte
from .modele import NAMESPACE, DemandeSNE, DemandeSNERefusee
from .personnes import Menage, lire_menage

NUR = re.compile(r"[0-9A-Z]{18}")
SURFACE_MAX = 32767  # Demande.surface_actuelle, a PositiveSmallIntegerField
DEMANDE_LOGEMENT = f"{{{NAMESPACE}}}demandeLogement"


def _radiation(lu: Lecture) -> tuple[dt.date, str, str] | None:
    """(date, motif, sous-motif) of a radiation, or of its undoing (motif "" : « Déradiation »). RADIRR requires its
    sous-motif (cahier des charges des interfaces v2.1, §4.2); the others take none."""
    r = lu.sous(lu.racine, "radiation")
    if r is None:
        return None
    quand = lu.date(r, "dateRadiation", obligatoire=True)
    motifs = {**codes.MOTIF_RADIATION, "": ""}
    motif = lu.code(r, "motifRadiation", motifs, "ListeMotifsRadiation", obligatoire=True)
    sous_motif = lu.code(
        r, "sousMotifRadiation", codes.SOUS_MOTIF_IRRECEVABILITE, "ListeSousMotifRadiationIrrecevabilite"
    )
    if motif == "RADIRR" and sous_motif is None and lu.sous(r, "sousMotifRadiation") is None:
        lu.absent(r.vers("sousMotifRadiation") + " (obligatoire pour une radiation pour irrecevabilité)")
    if quand is None or motif is None:
        return None
    return quand, motif, sous_motif if motif == "RADIRR" else ""


def _dalo(lu: Lecture) -> tuple[str, dt.date | None] | None:
    d = lu.sous(lu.racine, "dalo")
    if d is None:
        return None
    statut = lu.code(d, "statutDalo", codes.STATUT_DALO, "ListeStatutDalo", obligatoire=True)
    decision = lu.date(d, "dateDecisionDalo")
    return (statut, decision) if statut is not None else None


def _souhaits(lu: Lecture, champs: dict) -> list[str]:
    """Typologies, wished communes (INSEE codes, in order, each once), toute_commune (demandeElargie), loyer_max."""
    lr = lu.sous(lu.racine, "logementRecherche", obligatoire=True)
    if lr is None:
        return []
    elargie = lu.booleen(lr, "demandeElargie", obligatoire=True)
    if elargie is not None:
        champs["toute_commune"] = elargie
    types = [
        lu.code(t, "", codes.TYPE_LOGEMENT, "ListeTypeLogement", obligatoire=True)
        for t in lu.tous(lr, "listeTypeLogement/typeLogement")
    ]
    if not types:
        lu.absent(lr.vers("listeTypeLogement/typeLogement"))
    champs["typologies"] = list(dict.fromkeys(t for t in types if t))
    localisations = lu.tous(lr, "listeLocalisationSouhaite/localisationSouhaite")
    if not localisations:
        lu.absent(lr.vers("listeLocalisationSouhaite/localisationSouhaite/commune"))
    communes = [c for loc in localisations if (c := lu.commune(loc, "commune", obligatoire=True))]
    if (loyer := lu.montant(lr, "montantMaxLoyer")) is not None:
        champs["loyer_max"] = loyer
    return list(dict.fromkeys(communes))


def _situation(lu: Lecture, champs: dict) -> None:
    """Current housing (the first modeleLogement; HLM = already a social tenant → mutation), its rent and surface,
    the reasons of the demand, the handicap block, the applicant's employer."""
    la = lu.sous(lu.racine, "personnePhysique/logementActuel")
    if la is not None:
        modeles = [
            lu.code(m, "", codes.MODELE_LOGEMENT, "ListeModeleLogement", obligatoire=True)
            for m in lu.tous(la, "listeModeleLogement/modeleLogement")
        ]
        if modeles and modeles[0]:
            champs["logement_actuel"] = modeles[0]
            champs["mutation"] = modeles[0] == "HLM"
        if (loyer := lu.montant(la, "montantMensuelLoyer")) is not None:
            champs["loyer_actuel"] = loyer
        if (surface := lu.entier(la, "surface", maximum=SURFACE_MAX)) is not None:
            champs["surface_actuelle"] = surface
    motifs = [
        lu.code(m, "", codes.MOTIF_DEMANDE, "ListeMotifDemande", obligatoire=True)
        for m in lu.tous(lu.racine, "listeMotifDemande/motifDemande")
    ]
    if motifs:
        champs["motifs"] = list(dict.fromkeys(m for m in motifs if m))
    if (precision := lu.texte(lu.racine, "precisionMotifDemande", longueur=300)) is not None:
        champs["motif_precision"] = precision
    _handicap(lu, champs)
    demandeur = lu.sous(lu.racine, "personnePhysique/demandeur")
    if demandeur is not None:
        _adresse_et_employeur(lu, demandeur, champs)


def _handicap(lu: Lecture, champs: dict) -> None:
    h = lu.sous(lu.racine, "handicap")
    if h is None:
        return
    champs["perte_autonomie"] = True
    marche = lu.code(h, "capaciteMarche", codes.CAPACITE_MARCHE, "ListeCapaciteMarcheHandicap")
    aides = [
        lu.code(a, "", codes.AIDE_TECHNIQUE_FAUTEUIL, "ListeAideTechniqueHandicap")
        for a in lu.tous(h, "listeAideTechnique/aideTechnique")
    ]
    equipements = [
        lu.code(e, "", codes.EQUIPEMENT_ASCENSEUR, "ListeEquipementHandicap")
        for e in lu.tous(h, "listeEquipement/equipement")
    ]
    champs["ascenseur_requis"] = bool(marche) or any(equipements)
    champs["accessibilite_pmr"] = any(aides)


def _adresse_et_employeur(lu: Lecture, demandeur: Noeud, champs: dict) -> None:
    """The commune of the current dwelling (the applicant's address) and of the employer come as INSEE codes: the
    import names them (territoire's communes)."""
    if (commune := lu.commune(demandeur, "adressePostale/commune")) is not None:
        champs["commune_actuelle"] = commune
    sp = lu.sous(demandeur, "situationProfessionnelle")
    if sp is None:
        return
    if (nom := lu.texte(sp, "nomEmployeurPrincipal", longueur=200)) is not None:
        champs["employeur_nom"] = nom
    if (siret := lu.texte(sp, "siretEmployeur")) is not None:
        if re.fullmatch(r"\d{14}", siret):
            champs["employeur_siret"] = siret
        else:
            lu.faute(f"valeur illisible : {sp.vers('siretEmployeur')} = « {siret[:20]} » (14 chiffres attendus)")
    if (commune := lu.commune(sp, "commune")) is not None:
        champs["employeur_commune"] = commune


def _champs_menage(menage: Menage, champs: dict) -> None:
    if menage.vit_en_couple is not None:
        champs["vit_en_couple"] = menage.vit_en_couple
    if menage.revenu_n2 is not None:
        champs["revenu_fiscal_reference"] = menage.revenu_n2
        champs["annee_revenu_fiscal"] = menage.annee_n2
    champs["revenu_recent"] = menage.revenu_n1


def _demande_logement(demande: ET.Element) -> tuple[ET.Element | None, str | None]:
    """(the one demandeLogement of a `demande` element, the reason when there is none or several)."""
    trouves = [e for e in demande if e.tag == DEMANDE_LOGEMENT]
    if len(trouves) == 1:
        return trouves[0], None
    if not trouves:
        autres = sorted({nom_local(e.tag) for e in demande if isinstance(e.tag, str)})
        return None, "élément obligatoire absent : demandeLogement" + (
            f" (trouvé : {', '.join(autres)})" if autres else ""
        )
    return None, f"{len(trouves)} éléments demandeLogement dans un même élément demande : un seul attendu"


def lire_demande(demande: ET.Element, *, position: int, jour_fichier: dt.date) -> DemandeSNE | DemandeSNERefusee:
    """The `demande` element at `position` (1-based), read and mapped, or refused with its French reasons."""
    dl, faute = _demande_logement(demande)
    if dl is None:
        return DemandeSNERefusee(position=position, nur="", motifs=[faute])
    lu = Lecture(dl, jour_fichier=jour_fichier)
    nur = lu.texte(lu.racine, "numUnique", obligatoire=True) or ""
    if nur and not NUR.fullmatch(nur):
        lu.faute(f"numéro unique invalide : numUnique = « {nur[:30]} » (18 lettres capitales ou chiffres attendus)")
    guichet = lu.texte(lu.racine, "numGuichet", obligatoire=True)
    creation = lu.date(lu.racine, "dateCreationDemande", obligatoire=True)
    renouvellement = lu.date(lu.racine, "dateRenouvellement")
    radiation, dalo = _radiation(lu), _dalo(lu)
    menage = lire_menage(lu)
    champs: dict = {}
    _champs_menage(menage, champs)
    communes = _souhaits(lu, champs)
    _situation(lu, champs)
    if lu.motifs or guichet is None or creation is None:
        return DemandeSNERefusee(position=position, nur=nur[:18] if NUR.fullmatch(nur) else "", motifs=lu.motifs)
    brut, empreinte = brut_et_empreinte(dl)
    return DemandeSNE(
        position=position,
        nur=nur,
        num_guichet=guichet[:40],
        date_creation=creation,
        date_renouvellement=renouvellement,
        radiation=radiation,
        champs=champs,
        personnes=menage.personnes,
        communes=communes,
        dalo=dalo,
        hors_menage=menage.hors_menage,
        non_repris=non_repris(dl),
        brut=brut,
        empreinte=empreinte,
    )
