"""« Ma demande »: the status in words, the numbers and the attestation's link, the data as registered, the pieces
received and expected (L441-2-6 CCH)."""

from __future__ import annotations

import re

from django.utils import timezone

from demandes.codes import CodePriorite, EtatDemande, Lien
from demandes.qualification import PIECES_SENSIBLES, TypePiece
from demandes.selectors import pieces_attendues
from positionnements.retours_cal.offres import offre_de_la_demande

from .. import envois, presentation, renouvellement
from ..acces import demandeur_requis
from ..pages import rendre


def _pieces(demande, *, demandeur_principal: bool) -> tuple[list[dict], list[dict]]:
    """(pieces expected, each with whether it was received; other pieces received). The sensitive pieces (health,
    protection) are shown to the applicant only, not to the co-applicant."""
    recues: dict[str, list] = {}
    for piece in demande.pieces.filter(retiree=False).order_by("deposee_le", "pk"):
        if piece.type in PIECES_SENSIBLES and not demandeur_principal:
            continue
        recues.setdefault(piece.type, []).append(piece)
    attendues = [
        {"type": a.type, "libelle": a.libelle, "raison": raison_en_clair(a.raison), "recues": recues.pop(a.type, [])}
        for a in pieces_attendues(demande=demande)
        if demandeur_principal or a.type not in PIECES_SENSIBLES
    ]
    autres = [{"libelle": TypePiece(t).label, "recues": ps} for t, ps in recues.items()]
    return attendues, autres


def raison_en_clair(raison: str) -> str:
    """A piece's reason as the list shows it between brackets: its own detail in brackets becomes a clause after a
    semicolon (« pour tout demandeur (plafonds de ressources) » → « pour tout demandeur ; plafonds de ressources »),
    no brackets nested in the list's."""
    if m := re.fullmatch(r"(.+?)\s*\((.+)\)", raison.strip()):
        return f"{m[1]} ; {m[2]}"
    return raison


@demandeur_requis
def demande(request):
    qui = request.demandeur
    d = qui.demande
    jour = timezone.localdate()
    en_cours = presentation.positionnement_en_cours(d)
    principal = qui.personne.lien == Lien.DEMANDEUR
    attendues, autres = _pieces(d, demandeur_principal=principal)
    personnes = list(d.personnes.prefetch_related("ressources").order_by("ordre", "pk"))
    # Only an active demand still waits for pieces: a qualified one was found complete by its counter (qualification
    # requires the pieces), a struck-off one takes none any more; both list the pieces received, none « à fournir ».
    attend_des_pieces = d.etat == EtatDemande.ACTIVE
    manquantes = sum(1 for a in attendues if not a["recues"]) if attend_des_pieces else 0
    situation = renouvellement.situation(d, jour)
    ferme = envois.fermeture(d, situation)  # a struck-off demand takes neither pieces nor reports
    return rendre(
        request,
        "portail/demande.html",
        {
            "d": d,
            "statut": presentation.statut(d, jour, en_cours, manquantes=manquantes if attend_des_pieces else None),
            "personnes": personnes,
            "ressources_mensuelles": sum(r.montant_mensuel for p in personnes for r in p.ressources.all()),
            "communes": [s.commune.nom for s in d.souhaits_communes.select_related("commune").order_by("rang")],
            "priorites": [CodePriorite(c).label for c in d.priorites if c in CodePriorite.values] if principal else [],
            "attend_des_pieces": attend_des_pieces,
            "attendues": attendues if attend_des_pieces else [a for a in attendues if a["recues"]],
            "autres_pieces": autres,
            "manquantes": manquantes,
            "offre": offre_de_la_demande(d),
            "renouvellement": situation,
            "attestation": renouvellement.attestation_disponible(d),
            "ferme": ferme,
            "mes_signalements": bool(ferme) and d.signalements.filter(auteur=qui.personne).exists(),
        },
    )
