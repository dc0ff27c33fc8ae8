"""What an agent settles after an import: a conflict (the SNE's value or the agent's, field by field) and a probable
duplicate (the SNE's demand is the local one without NUR — attach the NUR — or another person — create it). Each
decision is logged and audited; nothing is merged without an agent saying so. docs/sne.md « Réconciliation »."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from demandes import services as demandes_services
from demandes.codes import EtatDemande
from demandes.models import Demande, TransitionDemande
from territoire.models import Utilisateur

from . import creation, mise_a_jour
from .comparaison import fusionner
from .creation import Cadre
from .interface import NAMESPACE, VERSIONS_ACCEPTEES, DemandeSNE, FichierSNERefuse, lire_fichier
from .models import ConflitSNE, EtatConflit, LigneImportSNE, ResultatLigne
from .rules import suit_le_sne
from .valeurs import CHAMPS_COMPOSES, communes_retenues, valeurs_locales, valeurs_sne


def _verifier(par: Utilisateur) -> None:
    if not suit_le_sne(par):
        raise PermissionDenied("Seuls l'administration et l'instruction de la CASA tranchent les écarts avec le SNE.")


def conflit_trancher(*, par: Utilisateur, conflit_id: int, garder: str) -> ConflitSNE:
    """Settles an open conflict: `garder` « SNE » writes the SNE's value on the demand (logged, figures recomputed),
    « LOCALE » keeps the agent's (the next file changes it only if the SNE changes it again). Raises
    PermissionDenied, ErreurMetier (settled already — a double click —, unknown choice, or the agent's value changed
    since the page was shown: the conflict then holds the current value, to be settled again knowingly)."""
    _verifier(par)
    with transaction.atomic():
        resultat = _trancher(par, conflit_id, garder)
    if isinstance(resultat, str):
        raise ErreurMetier(resultat)
    return resultat


def _trancher(par: Utilisateur, conflit_id: int, garder: str) -> ConflitSNE | str:
    conflit = (
        ConflitSNE.objects.select_for_update(of=("self",))
        .select_related("demande", "import_sne")
        .filter(pk=conflit_id)
        .first()
    )
    if conflit is None:
        raise ErreurMetier("Ce conflit n'existe pas.")
    if conflit.etat != EtatConflit.OUVERT:
        raise ErreurMetier(f"Ce conflit est déjà tranché : « {conflit.get_etat_display()} ».")
    if garder not in ("SNE", "LOCALE"):
        raise ErreurMetier("Choisissez la valeur du SNE ou celle de l'agent.")
    demande = Demande.objects.select_for_update(of=("self",)).get(pk=conflit.demande_id)
    libelle = mise_a_jour.libelle(conflit.champ)
    simples = set() if conflit.champ in CHAMPS_COMPOSES else {conflit.champ}
    actuelle = valeurs_locales([demande], simples)[demande.pk].get(conflit.champ)
    if actuelle != conflit.valeur_locale:  # an agent changed it after the page was shown: not overwritten blindly
        conflit.valeur_locale = actuelle
        conflit.save(update_fields=["valeur_locale"])
        return (
            f"{libelle[:1].upper()}{libelle[1:]} : la valeur de la demande a changé depuis l'affichage de la page. "
            "L'écart montre maintenant la valeur actuelle : tranchez à nouveau."
        )
    if garder == "SNE":
        evenements = mise_a_jour.appliquer(
            creation.cadre_pour(conflit.import_sne), demande, None, {conflit.champ: conflit.valeur_sne}
        )
        TransitionDemande.objects.create(
            demande=demande,
            de=demande.etat,
            vers=demande.etat,
            par=par,
            motif=(f"Écart avec le SNE tranché : {libelle}, valeur du SNE retenue " + "; ".join(evenements))[:300],
        )
        demandes_services.demande_recalculer(demande=demande)
        vers = EtatConflit.VALEUR_SNE
    else:
        TransitionDemande.objects.create(
            demande=demande,
            de=demande.etat,
            vers=demande.etat,
            par=par,
            motif=f"Écart avec le SNE tranché : {libelle}, valeur de l'agent gardée"[:300],
        )
        vers = EtatConflit.VALEUR_LOCALE
    passer(conflit, vers, **mise_a_jour.JOURNAL_CONFLIT, par=par)
    return conflit


def relire(ligne: LigneImportSNE) -> DemandeSNE:
    """The SNE's demand kept on a duplicate's line, read again through the reader (same checks)."""
    # `brut` is the demandeLogement element (with its own namespace declaration): wrapped back into a file
    enveloppe = (
        f'<interfaceNuu xmlns="{NAMESPACE}" versionInterface="{VERSIONS_ACCEPTEES[-1]}">'
        f"<entete><typeFichier>MOD</typeFichier><dateFichier>{timezone.localdate():%Y-%m-%d}</dateFichier></entete>"
        f"<demande>{ligne.brut}</demande></interfaceNuu>"
    )
    try:
        fichier = lire_fichier(enveloppe.encode("utf-8"), nom=f"ligne-{ligne.pk}.xml")
    except FichierSNERefuse as err:
        raise ErreurMetier(f"Le document gardé de ce doublon ne se relit plus : {err.message}") from err
    if not fichier.demandes:
        raise ErreurMetier("Le document gardé de ce doublon ne se relit plus.")
    return fichier.demandes[0]


@transaction.atomic
def doublon_trancher(*, par: Utilisateur, ligne_id: int, decision: str) -> Demande:
    """Settles a probable duplicate held by an import: « RATTACHER » gives the SNE's number to the local demand and
    turns every difference into a conflict to settle (the agent's values are kept meanwhile); « CREER » creates the
    SNE's demand beside it. Raises PermissionDenied, ErreurMetier (settled already, the NUR taken meanwhile…)."""
    _verifier(par)
    ligne = (
        LigneImportSNE.objects.select_for_update(of=("self",)).select_related("import_sne").filter(pk=ligne_id).first()
    )
    if ligne is None or ligne.resultat != ResultatLigne.DOUBLON:
        raise ErreurMetier("Ce doublon n'existe pas.")
    if ligne.doublon_tranche:
        raise ErreurMetier("Ce doublon est déjà tranché.")
    if Demande.objects.filter(nur=ligne.nur).exists():
        raise ErreurMetier(
            f"Le numéro unique {ligne.nur} est déjà porté par une demande (reçu depuis par un autre import ou un "
            "accusé du SNE) : ce doublon n'a plus lieu d'être, rien n'est changé."
        )
    x = relire(ligne)
    cadre = creation.cadre_pour(ligne.import_sne)
    communes, _ = communes_retenues(x, cadre.communes)
    if decision == "RATTACHER":
        demande = _rattacher(par, cadre, ligne, x, communes)
    elif decision == "CREER":
        demande = creation.creer(cadre, [(x, communes, valeurs_sne(x, communes))])[0]
    else:
        raise ErreurMetier("Choisissez : même demande (rattacher) ou autre personne (créer).")
    ligne.doublon_tranche, ligne.demande = True, demande
    ligne.save(update_fields=["doublon_tranche", "demande"])
    return demande


def _rattacher(par, cadre: Cadre, ligne: LigneImportSNE, x: DemandeSNE, communes: list[str]) -> Demande:
    demande = Demande.objects.select_for_update(of=("self",)).filter(pk=ligne.doublon_de_id).first()
    if demande is None or demande.nur or demande.etat in (EtatDemande.BROUILLON,):
        raise ErreurMetier(
            "La demande locale a reçu un numéro unique entre-temps (ou n'est plus enregistrée) : elle ne peut pas "
            "recevoir celui-ci. Si la demande du SNE est une autre personne, choisissez « Autre personne : créer la "
            "demande »."
        )
    demande.nur = x.nur
    demande.save(update_fields=["nur", "modifie_le"])
    sne = valeurs_sne(x, communes)
    fusion = fusionner(base=None, locale=valeurs_locales([demande], set(x.champs))[demande.pk], sne=sne)
    mise_a_jour.noter_conflits(cadre, demande, fusion)
    creation.document(cadre, demande, x, sne).save()
    TransitionDemande.objects.create(
        demande=demande,
        de=demande.etat,
        vers=demande.etat,
        par=par,
        motif=f"Rattachée au numéro unique {x.nur} du SNE ({len(fusion.conflits)} écart(s) à trancher)"[:300],
    )
    return demande
