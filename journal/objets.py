"""Each audited model in words: how one of its rows is named and linked, which of its fields the journal leaves out
(technical) or masks (sensitive), which rows belong to it (a demand's household) and how its codes read.

The journal finds the audited models by itself (every pghistory event model of our applications); a model not
described here is named « <verbose_name> n° <id> », without a link, and its fields all shown with their labels: adding
an audited model needs nothing here to appear in the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from commun import format_fr

from .references import References

# Our applications, in the order of the dependency arrows (settings.INSTALLED_APPS).
APPLICATIONS = ("territoire", "demandes", "programmation", "positionnements", "commissions", "suivi", "partenariat")

MASQUE = "masqué"


@dataclass(frozen=True)
class Rattache:
    """Rows of ``modele`` that belong to an object: their column ``colonne`` holds the object's id, or, with
    ``via=(label, colonne_parent)``, the id of a row of ``label`` whose ``colonne_parent`` holds it (a resource belongs
    to a person of the demand). Read in the event tables, so rows deleted since still count."""

    modele: str
    colonne: str
    via: tuple[str, str] | None = None


@dataclass(frozen=True)
class Objet:
    """How the journal shows the rows of one audited model.

    ``nommer(e, r)`` the object of event ``e`` in words and the URL of its page when the reader may open it (``r`` the
    page's `References`); ``caches`` fields left out (technical or derived); ``sensible(e)`` True when the row's
    values are masked; ``rattaches`` the rows that belong to an object (the « one object » filter shows them too);
    ``libelles`` labels replacing a field's verbose_name; ``vocabulaires`` the labels of a list field's codes."""

    nommer: Callable[[object, References], tuple[str, str | None]]
    caches: frozenset[str] = frozenset()
    sensible: Callable[[object], bool] | None = None
    rattaches: tuple[Rattache, ...] = ()
    libelles: dict[str, str] = field(default_factory=dict)
    vocabulaires: dict[str, Callable[[str], str]] = field(default_factory=dict)


# Fields no model shows: the row's own id, its technical timestamps.
CACHES_PARTOUT = frozenset({"id", "modifie_le", "modifiee_le"})


def _url(r: References, label: str, pk, nom: str, *args, query: str = "") -> str | None:
    if pk is None or not r.visible(label, pk):
        return None
    return reverse(nom, args=args or (pk,)) + query


def _de_la_demande(quoi: str):
    def nommer(e, r):
        return f"{quoi} de la {r.libelle('demandes.Demande', e.demande_id)}", _url(
            r, "demandes.Demande", e.demande_id, "demandes:detail"
        )

    return nommer


def _demande(e, r):
    # The number the demand had then: its NUR when known, else its local number (an event written before issue 18
    # holds the number minted here in the SNE's format, kept as it was).
    numero = e.nur or e.numero
    texte = f"Demande n° {numero}" if numero else f"Brouillon de demande n° {e.pgh_obj_id}"
    return texte, _url(r, "demandes.Demande", e.pgh_obj_id, "demandes:detail")


def _personne(e, r):
    from demandes.codes import Lien

    quoi = Lien(e.lien).label if e.lien in Lien.values else "Personne"
    return _de_la_demande(quoi.split(" (")[0])(e, r)


def _ressource(e, r):
    personne = r.objet("demandes.Personne", e.personne_id)
    if personne is None:
        return f"Ressource n° {e.pgh_obj_id} d'une personne supprimée depuis", None
    return (
        f"Ressource du {personne.get_lien_display().split(' (')[0].lower()} de la "
        f"{r.libelle('demandes.Demande', personne.demande_id)}",
        _url(r, "demandes.Demande", personne.demande_id, "demandes:detail"),
    )


def _critere_sensible(e) -> bool:
    from demandes.codes import PRIORITES_SENSIBLES

    return e.code in PRIORITES_SENSIBLES


def _piece_sensible(e) -> bool:
    from demandes.qualification import PIECES_SENSIBLES

    return e.type in PIECES_SENSIBLES


def _priorites(code: str) -> str:
    """A demand's priority codes in words, the sensitive ones masked (REGLES §6: they need a separate permission)."""
    from demandes.codes import PRIORITES_SENSIBLES, CodePriorite

    if code in PRIORITES_SENSIBLES:
        return "critère sensible (masqué)"
    return CodePriorite(code).label if code in CodePriorite.values else code


def _choix(enum_path: str):
    def libelle(code: str) -> str:
        from django.utils.module_loading import import_string

        enum = import_string(enum_path)
        return enum(code).label if code in enum.values else code

    return libelle


de_la_residence = format_fr.de_la_residence


def _residence(e, r):
    return (e.nom if e.nom.lower().startswith("résidence") else f"Résidence {e.nom}"), _url(
        r, "programmation.Residence", e.pgh_obj_id, "programmation:residence"
    )


def _logement(e, r):
    residence = r.objet("programmation.Residence", e.residence_id)
    nom = de_la_residence(residence.nom) if residence else "d'une résidence supprimée"
    return f"Logement {e.numero} {nom}", _url(r, "programmation.Residence", e.residence_id, "programmation:residence")


def _du_logement(quoi: str):
    def nommer(e, r):
        logement = r.objet("programmation.Logement", e.logement_id)
        if logement is None:
            return f"{quoi} d'un logement supprimé", None
        return f"{quoi} du {r.libelle('programmation.Logement', e.logement_id)}", _url(
            r, "programmation.Residence", logement.residence_id, "programmation:residence"
        )

    return nommer


def _disponibilite(e, r):
    logement = r.libelle("programmation.Logement", e.logement_id)
    return f"Logement à pourvoir : {logement}", _url(
        r, "programmation.Disponibilite", e.pgh_obj_id, "positionnements:logement"
    )


def _programme(e, r):
    return f"Programme {e.nom}", _url(r, "programmation.Programme", e.pgh_obj_id, "programmation:programme")


def _objectif_flux(e, r):
    return (
        f"Objectif de flux {e.annee} : {r.libelle('territoire.Organisation', e.reservataire_id)} chez "
        f"{r.libelle('territoire.Organisation', e.bailleur_id)}",
        reverse("programmation:flux") if r.visible("territoire.Organisation", e.bailleur_id) else None,
    )


def _positionnement(e, r):
    return (
        f"Positionnement de la {r.libelle('demandes.Demande', e.demande_id)} sur le "
        f"{r.libelle('programmation.Disponibilite', e.disponibilite_id).removesuffix(' à pourvoir')}",
        _url(r, "programmation.Disponibilite", e.disponibilite_id, "positionnements:logement"),
    )


def _par_positionnement(quoi: str, lien_seance: bool = False):
    def nommer(e, r):
        p = r.objet("positionnements.Positionnement", e.positionnement_id)
        if p is None:
            return f"{quoi} (positionnement n° {e.positionnement_id})", None
        texte = f"{quoi} pour la {r.libelle('positionnements.Positionnement', e.positionnement_id)}"
        if lien_seance:
            return texte, _url(r, "commissions.Seance", e.seance_id, "commissions:seance")
        return texte, _url(r, "programmation.Disponibilite", p.disponibilite_id, "positionnements:logement")

    return nommer


def _avis(e, r):
    seance = r.libelle("commissions.Seance", e.seance_id)
    return _par_positionnement(f"Avis de la {seance}", lien_seance=True)(e, r)


def _avis_membre(e, r):
    seance = r.libelle("commissions.Seance", e.seance_id)
    return _par_positionnement(f"Avis à distance d'un membre, {seance}", lien_seance=True)(e, r)


def _message_fil(e, r):
    return (
        f"Message du fil d'un logement, {r.libelle('commissions.Seance', e.seance_id)}",
        _url(r, "commissions.Seance", e.seance_id, "commissions:seance"),
    )


def _seance(e, r):
    return f"Séance {e.numero} de la CCPC", _url(r, "commissions.Seance", e.pgh_obj_id, "commissions:seance")


def _membre(e, r):
    return f"Membre de la CCPC : {e.prenom} {e.nom}".strip(), None


def _utilisateur(e, r):
    nom = f"{e.first_name} {e.last_name}".strip()
    texte = f"Compte de {nom} ({e.username})" if nom else f"Compte {e.username}"
    if e.est_compte_api:
        texte = f"Compte technique {e.username} (clé d'API)"
    return texte, _url(r, "territoire.Utilisateur", e.pgh_obj_id, "utilisateur_detail")


def _habilitation(e, r):
    from territoire.roles import Role

    role = Role(e.role).label if e.role in Role.values else e.role
    return (
        f"Habilitation « {role} » de {r.libelle('territoire.Utilisateur', e.utilisateur_id)} pour "
        f"{r.libelle('territoire.Organisation', e.organisation_id)}",
        _url(r, "territoire.Utilisateur", e.utilisateur_id, "utilisateur_detail"),
    )


def _cle_api(e, r):
    return (
        f"Clé d'API « {e.nom} » ({e.prefixe}…) de {r.libelle('territoire.Organisation', e.organisation_id)}",
        reverse("cles_api") if r.visible("territoire.Organisation", e.organisation_id) else None,
    )


def _revue(e, r):
    organisation = r.objet("territoire.Organisation", e.organisation_id)
    nom = organisation.nom if organisation else f"l'organisation n° {e.organisation_id}"
    url = None
    if organisation is not None and r.visible("territoire.Organisation", e.organisation_id):
        url = reverse("revue_habilitations") + f"?organisation={organisation.slug}"
    return f"Revue des habilitations de {nom}", url


def _ligne_revue(e, r):
    return f"Décision de revue sur l'habilitation {r.libelle('territoire.Habilitation', e.habilitation_id)}", None


def _desactivation(e, r):
    return f"Désactivation du compte de {r.libelle('territoire.Utilisateur', e.utilisateur_id)}", _url(
        r, "territoire.Utilisateur", e.utilisateur_id, "utilisateur_detail"
    )


_VIA_PERSONNE = ("demandes.Personne", "demande_id")
_VIA_POSITIONNEMENT = ("positionnements.Positionnement", "demande_id")

OBJETS: dict[str, Objet] = {
    "demandes.Demande": Objet(
        _demande,
        caches=frozenset({"nom_recherche", "detail_cotation", "cree_le", "etape"}),
        rattaches=(
            Rattache("demandes.Personne", "demande_id"),
            Rattache("demandes.Ressource", "personne_id", via=_VIA_PERSONNE),
            Rattache("demandes.SouhaitCommune", "demande_id"),
            Rattache("demandes.CriterePriorite", "demande_id"),
            Rattache("demandes.Courrier", "demande_id"),
            Rattache("demandes.Piece", "demande_id"),
            Rattache("demandes.Entretien", "demande_id"),
            Rattache("demandes.PieceEnLigne", "demande_id"),
            Rattache("demandes.Signalement", "demande_id"),
            Rattache("positionnements.Positionnement", "demande_id"),
            Rattache("positionnements.DecisionCAL", "positionnement_id", via=_VIA_POSITIONNEMENT),
            Rattache("commissions.Avis", "positionnement_id", via=_VIA_POSITIONNEMENT),
            Rattache("partenariat.NoteDemande", "demande_id"),
        ),
        libelles={
            "date_radiation": "date de radiation",
            "motif_radiation": "motif de radiation",
            "nombre_personnes": "nombre de personnes",
            "categorie_menage": "catégorie de ménage",
            "unites_consommation": "unités de consommation",
            "ressources_mensuelles": "ressources mensuelles (€)",
            "ressources_par_uc": "ressources par unité de consommation (€)",
            "premier_quartile": "ménage du premier quartile",
            "eligible_plai": "éligible PLAI",
            "eligible_plus": "éligible PLUS",
            "eligible_pls": "éligible PLS",
            "priorites": "critères de priorité",
            "score_cotation": "cotation (points)",
        },
        vocabulaires={
            "priorites": _priorites,
            "motifs": _choix("demandes.codes.MotifDemande"),
            "criteres_locaux": _choix("demandes.codes.CritereLocal"),
        },
    ),
    "demandes.Personne": Objet(_personne, caches=frozenset({"ordre"})),
    # a note marked sensitive (health, violence) masked like a sensitive criterion (docs/partenaires.md)
    "partenariat.NoteDemande": Objet(
        _de_la_demande("Note partagée"),
        caches=frozenset({"ecrite_le"}),
        sensible=lambda e: bool(e.sensible),
    ),
    "demandes.Ressource": Objet(_ressource),
    "demandes.SouhaitCommune": Objet(_de_la_demande("Commune souhaitée")),
    "demandes.CriterePriorite": Objet(
        _de_la_demande("Critère de priorité"), caches=frozenset({"saisi_le"}), sensible=_critere_sensible
    ),
    "demandes.Courrier": Objet(_de_la_demande("Courrier"), caches=frozenset({"cree_le"})),
    "demandes.Piece": Objet(_de_la_demande("Pièce"), caches=frozenset({"deposee_le"}), sensible=_piece_sensible),
    "demandes.PieceEnLigne": Objet(
        _de_la_demande("Pièce envoyée en ligne"), caches=frozenset({"envoyee_le"}), sensible=_piece_sensible
    ),
    "demandes.Signalement": Objet(_de_la_demande("Erreur signalée"), caches=frozenset({"cree_le"})),
    "demandes.Entretien": Objet(
        _de_la_demande("Entretien"),
        caches=frozenset({"cree_le"}),
        vocabulaires={"sujets": lambda c: dict(_guide_entretien()).get(c, c)},
    ),
    "programmation.Residence": Objet(_residence, rattaches=(Rattache("programmation.Logement", "residence_id"),)),
    "programmation.Logement": Objet(_logement),
    "programmation.Programme": Objet(_programme),
    "programmation.Disponibilite": Objet(_disponibilite),
    "programmation.Occupation": Objet(_du_logement("Occupation")),
    "programmation.ObjectifFlux": Objet(_objectif_flux),
    "positionnements.Positionnement": Objet(_positionnement),
    "positionnements.DecisionCAL": Objet(
        _par_positionnement("Décision de CAL"), caches=frozenset({"menage", "logement_au_bail"})
    ),
    "commissions.Membre": Objet(_membre),
    "commissions.Seance": Objet(_seance, rattaches=(Rattache("commissions.Avis", "seance_id"),)),
    "commissions.Avis": Objet(_avis),
    "commissions.AvisMembre": Objet(_avis_membre, caches=frozenset({"donne_le"})),
    "commissions.MessageFil": Objet(_message_fil, caches=frozenset({"le"})),
    "territoire.Utilisateur": Objet(
        _utilisateur,
        caches=frozenset({"date_joined"}),
        rattaches=(
            Rattache("territoire.Habilitation", "utilisateur_id"),
            Rattache("territoire.DesactivationCompte", "utilisateur_id"),
        ),
        libelles={
            "first_name": "prénom",
            "last_name": "nom",
            "username": "identifiant",
            "is_active": "compte actif",
            "is_staff": "accès à l'administration",
            "is_superuser": "superutilisateur",
        },
    ),
    "territoire.Habilitation": Objet(_habilitation),
    # Only the key's SHA-256 fingerprint is stored; the journal does not show it either.
    "territoire.CleApi": Objet(_cle_api, caches=frozenset({"empreinte"})),
    "territoire.RevueHabilitations": Objet(_revue),
    "territoire.LigneRevue": Objet(_ligne_revue),
    "territoire.DesactivationCompte": Objet(_desactivation),
}


def _guide_entretien():
    from demandes.qualification import GUIDE_ENTRETIEN

    return GUIDE_ENTRETIEN


def objet_de(label: str) -> Objet | None:
    return OBJETS.get(label)
