"""Use cases of the CCPC's sessions: create, build the agenda, convene, record attendance and the avis, close (which
moves every positionnement to its next state and locks the session). Keyword-only, transactional, taking the acting
user; errors in French. One module per topic; this package re-exports their public functions, so that a caller
writes `from commissions import services` and `services.cloturer(...)`:

- `seances`: create a session, define its agenda, convene the members;
- `membres`: the members in office, the rule of quorum, whether a session meets it;
- `tenue`: attendance and the avis on each candidate;
- `cloture`: closing (and its preview), the minutes;
- `distance`: a session held at a distance (its window, the members' avis and threads, its close);
- `gardes`: the checks every use case runs first (who may, in which state).

Who may do what is in commissions.rules, the reads in commissions.selectors, the candidates' codes in
commissions.codes."""

from .cloture import VERS, cloture_apercu, cloturer, proces_verbal_pdf
from .distance import (
    AvisCommission,
    avis_de_la_commission,
    avis_membre_donner,
    avis_par_candidat,
    cloture_distance_apercu,
    cloturer_a_distance,
    distance_ouvrir,
    fenetre_ouverte,
    membre_convoque,
    message_poster,
    participants,
    quorum_a_distance,
    renvoyer_en_salle,
    seances_a_clore,
)
from .membres import Quorum, membres_en_fonction, quorum, regle_quorum
from .seances import convoquer, ordre_du_jour_definir, seance_creer
from .tenue import avis_enregistrer, presences_enregistrer

__all__ = [
    "VERS",
    "AvisCommission",
    "Quorum",
    "avis_de_la_commission",
    "avis_enregistrer",
    "avis_membre_donner",
    "avis_par_candidat",
    "cloture_distance_apercu",
    "cloturer_a_distance",
    "distance_ouvrir",
    "fenetre_ouverte",
    "membre_convoque",
    "message_poster",
    "participants",
    "quorum_a_distance",
    "renvoyer_en_salle",
    "seances_a_clore",
    "cloture_apercu",
    "cloturer",
    "convoquer",
    "membres_en_fonction",
    "ordre_du_jour_definir",
    "presences_enregistrer",
    "proces_verbal_pdf",
    "quorum",
    "regle_quorum",
    "seance_creer",
]
