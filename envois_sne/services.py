"""The outbox's writes (docs/sne.md « Envois au SNE »): the day's sending (collect, build again what waits, write the
file, hand it to the transport, mark its events sent), reading the SNE's acknowledgement (events acknowledged or
rejected, the numéro unique of a registration stored on its demand), and « corriger et renvoyer » a rejected event.
Each runs in one transaction under the outbox's lock (collecte.verrouiller): a beat job and a command at the same
time, or the same acknowledgement twice, cannot cross."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.etats import passer
from demandes import services as demandes_services
from demandes.models import Demande
from territoire.models import Utilisateur

from . import collecte, retour, xml_envoi
from .codes import EtatEvenementSNE, StatutRetour, TypeEvenementSNE
from .collecte import JOURNAL
from .contenu import CONSTRUCTEURS
from .models import EvenementSNE, FichierEnvoiSNE, RetourSNE
from .rules import administre_les_envois_sne
from .transport import Transport, transport_configure

E = EtatEvenementSNE
PREFIXE_FICHIER = "SNE-CASA"


@dataclass
class BilanEnvoi:
    """What a day's run did: events collected by kind, events sent, events left waiting (by reason), the file."""

    collectes: Counter = field(default_factory=Counter)
    envoyes: int = 0
    en_attente: Counter = field(default_factory=Counter)
    fichier: FichierEnvoiSNE | None = None

    def lignes(self) -> list[str]:
        """The run said in French, one sentence per line (the command prints them)."""
        total = sum(self.collectes.values())
        lignes = [f"Collecte : {format_fr.compte(total, 'événement nouveau', 'événements nouveaux')}."]
        lignes += [f"  {TypeEvenementSNE(t).label} : {n}" for t, n in sorted(self.collectes.items())]
        if self.fichier:
            lignes.append(
                f"Fichier {self.fichier.nom} : {format_fr.compte(self.envoyes, 'événement', 'événements')}, "
                f"déposé à {self.fichier.destination}."
            )
        else:
            lignes.append("Aucun événement prêt : pas de fichier aujourd'hui.")
        attente = sum(self.en_attente.values())
        if attente:
            lignes.append(f"En attente : {format_fr.compte(attente, 'événement', 'événements')}.")
            lignes += [f"  {n} × {raison}" for raison, n in self.en_attente.most_common(10)]
        return lignes


def reconstruire(evenements: list[EvenementSNE]) -> None:
    """Builds again the content and the waiting reasons of `evenements` from their source rows and the data as it
    stands (a numéro unique now known, an RPLS identifier added), and saves them."""
    lignes = collecte.sources(evenements)
    maintenant = timezone.now()
    for e in evenements:
        ligne = lignes.get((e.source, e.source_id))
        if ligne is None:
            e.attente = "La ligne du journal d'où vient l'événement n'existe plus : il ne peut pas être construit."
            continue
        contenu = CONSTRUCTEURS[e.type](ligne)
        e.contenu, e.attente, e.modifie_le = contenu.donnees, contenu.attente, maintenant
    EvenementSNE.objects.bulk_update(evenements, ["contenu", "attente", "modifie_le"], batch_size=500)


def _nom_du_fichier(jour: dt.date) -> tuple[int, str]:
    numero = FichierEnvoiSNE.objects.filter(jour=jour).count() + 1
    return numero, f"{PREFIXE_FICHIER}-{jour:%Y%m%d}-{numero:02d}.zip"


def _envoyer(prets: list[EvenementSNE], *, jour: dt.date, par, transport: Transport) -> FichierEnvoiSNE:
    """The file of the ready events written, kept, handed to the transport; each event marked sent with it."""
    documents = [
        (
            f"{e.numero}.xml",
            xml_envoi.document(identifiant=e.numero, type_evenement=e.type, contenu=e.contenu, jour=jour),
        )
        for e in prets
    ]
    contenu = xml_envoi.archive(documents, jour=jour)
    numero, nom = _nom_du_fichier(jour)
    fichier = FichierEnvoiSNE.objects.create(
        jour=jour,
        numero=numero,
        nom=nom,
        contenu=contenu,
        empreinte=hashlib.sha256(contenu).hexdigest(),
        nombre_evenements=len(prets),
        transport=transport.nom,
        destination="",
        par=par,
    )
    for e in prets:
        e.fichier = fichier
        passer(
            e,
            E.ENVOYE,
            **JOURNAL,
            par=par,
            motif=f"Envoyé dans {nom}",
            autres_champs=["fichier", "modifie_le"],
            fichier=fichier,
        )
    # last: a transport that fails rolls everything back, no event is marked sent
    fichier.destination = transport.deposer(nom, contenu)[:500]
    fichier.save(update_fields=["destination"])
    return fichier


def envoyer_du_jour(
    *, par: Utilisateur | None = None, depuis: dt.datetime | None = None, transport: Transport | None = None
) -> BilanEnvoi:
    """The daily job (beat, and `manage.py envoyer_sne`): collects the new events, builds again those to send, sends
    the ready ones in the day's file through the transport. Returns what it did."""
    bilan = BilanEnvoi(collectes=collecte.collecter(depuis=depuis))
    jour = timezone.localdate()
    with transaction.atomic():
        collecte.verrouiller()
        a_envoyer = list(EvenementSNE.objects.select_for_update().filter(etat=E.A_ENVOYER).order_by("pk"))
        reconstruire(a_envoyer)
        prets = [e for e in a_envoyer if not e.attente]
        bilan.en_attente = Counter(e.attente for e in a_envoyer if e.attente)
        if prets:
            bilan.fichier = _envoyer(prets, jour=jour, par=par, transport=transport or transport_configure())
            bilan.envoyes = len(prets)
    return bilan


@transaction.atomic
def renvoyer(*, par: Utilisateur, evenement: EvenementSNE) -> EvenementSNE:
    """« Corriger et renvoyer »: a rejected event, its content built again from the data as corrected, goes back to
    « à envoyer », no longer in the file that carried it (its log keeps that file); the next day's file takes it, or
    it waits with its reason. Raises PermissionDenied, ErreurMetier."""
    if not administre_les_envois_sne(par):
        raise PermissionDenied("Seuls les administrateurs de la CASA gèrent les envois au SNE.")
    collecte.verrouiller()
    evenement = EvenementSNE.objects.select_for_update().get(pk=evenement.pk)
    if evenement.etat != E.REJETE:
        raise ErreurMetier(f"L'événement {evenement.numero} n'est pas rejeté : il n'y a rien à renvoyer.")
    reconstruire([evenement])
    # the file that carried it stays in its log (the line « envoyé », the acknowledgement's): it no longer carries it
    rejet, evenement.motif_rejet, evenement.fichier = evenement.motif_rejet, "", None
    passer(
        evenement,
        E.A_ENVOYER,
        **JOURNAL,
        par=par,
        motif=f"Corrigé et renvoyé (rejeté pour : {rejet})",
        autres_champs=["motif_rejet", "fichier", "modifie_le"],
    )
    return evenement


# ------------------------------------------------------------------------------------------ the acknowledgement


def _fautes(lignes: list[retour.LigneRetour], evenements: dict[int, EvenementSNE]) -> list[str]:
    """What refuses an acknowledgement against the base: an event unknown, one not waiting for its answer, a
    registration accepted without its numéro unique, a numéro unique already another demand's."""
    fautes = []
    nurs = {ligne.nur for ligne in lignes if ligne.nur}
    pris = dict(Demande.objects.filter(nur__in=nurs).values_list("nur", "pk"))
    for ligne in lignes:
        e, ou = evenements.get(ligne.evenement_id), f"retour n° {ligne.position}"
        if e is None:
            fautes.append(f"{ou} : l'événement EVT-{ligne.evenement_id:08d} est inconnu")
            continue
        deja = (e.etat, ligne.statut) in ((E.ACQUITTE, StatutRetour.ACCEPTE), (E.REJETE, StatutRetour.REJETE))
        if e.etat != E.ENVOYE and not deja:
            fautes.append(f"{ou} : l'événement {e.numero} n'attend pas de retour (« {e.get_etat_display()} »)")
        enregistrement = e.type == TypeEvenementSNE.ENREGISTREMENT and ligne.statut == StatutRetour.ACCEPTE
        if enregistrement and not ligne.nur:
            fautes.append(f"{ou} : l'enregistrement {e.numero} est accepté sans numéro unique (numUnique)")
        if ligne.nur and pris.get(ligne.nur, e.demande_id) != e.demande_id:
            fautes.append(f"{ou} : le numéro unique {ligne.nur} est déjà celui d'une autre demande")
        if enregistrement and ligne.nur and e.demande.nur and e.demande.nur != ligne.nur:
            fautes.append(f"{ou} : la demande de {e.numero} a déjà le numéro unique {e.demande.nur}")
    return fautes


def _nur_enregistrer(e: EvenementSNE, nur: str, par: Utilisateur | None) -> bool:
    """The numéro unique the SNE gave to a registration, stored on its demand (and said in its log). True if new."""
    if not Demande.objects.filter(pk=e.demande_id, nur__isnull=True).update(nur=nur, modifie_le=timezone.now()):
        return False
    demandes_services.journal_noter(
        par=par, entrees=[(e.demande_id, f"Numéro unique du SNE reçu : {nur} (acquittement de {e.numero})")]
    )
    return True


def _appliquer(ligne: retour.LigneRetour, e: EvenementSNE, fiche: RetourSNE, par) -> None:
    """One line of a valid acknowledgement applied (an event already in the state it says: nothing)."""
    if e.etat != E.ENVOYE:
        fiche.deja_connus += 1
        return
    if ligne.statut == StatutRetour.ACCEPTE:
        if ligne.nur and e.type == TypeEvenementSNE.ENREGISTREMENT:
            fiche.numeros_uniques += _nur_enregistrer(e, ligne.nur, par)
        passer(e, E.ACQUITTE, **JOURNAL, par=par, motif=f"Acquitté ({fiche.nom_fichier})", retour=fiche)
        fiche.acquittes += 1
        return
    e.motif_rejet = ligne.motif or "Motif non précisé par le SNE."
    passer(
        e, E.REJETE, **JOURNAL, par=par, motif=e.motif_rejet, autres_champs=["motif_rejet", "modifie_le"], retour=fiche
    )
    fiche.rejetes += 1


def resume_retour(fiche: RetourSNE) -> str:
    """What an acknowledgement read did, in French (the page's message, the command's output)."""
    return (
        f"Retour {fiche.nom_fichier} lu : {format_fr.compte(fiche.acquittes, 'acquitté', 'acquittés')}, "
        f"{format_fr.compte(fiche.rejetes, 'rejeté', 'rejetés')}, "
        f"{format_fr.compte(fiche.numeros_uniques, 'numéro unique enregistré', 'numéros uniques enregistrés')}, "
        f"{format_fr.compte(fiche.deja_connus, 'déjà connu', 'déjà connus')}."
    )


@transaction.atomic
def retour_lire(*, par: Utilisateur | None, nom: str, contenu: bytes) -> RetourSNE:
    """Reads the SNE's acknowledgement and applies it, all or nothing: any fault (file unreadable or hostile, event
    unknown, NUR already another demand's…) raises ErreurMetier in French and writes nothing. The same file twice is
    refused. `par` None: the command. Raises PermissionDenied for a person who does not administer CASA."""
    if par is not None and not administre_les_envois_sne(par):
        raise PermissionDenied("Seuls les administrateurs de la CASA lisent les retours du SNE.")
    lu = retour.lire(contenu)
    collecte.verrouiller()
    empreinte = hashlib.sha256(contenu).hexdigest()
    if (deja := RetourSNE.objects.filter(empreinte=empreinte).first()) is not None:
        raise ErreurMetier(
            f"Ce retour a déjà été lu le {format_fr.date(timezone.localtime(deja.lu_le).date())} : rien n'est changé."
        )
    evenements = {
        e.pk: e
        for e in EvenementSNE.objects.select_for_update(of=("self",))
        .select_related("demande")
        .filter(pk__in=[ligne.evenement_id for ligne in lu.lignes])
        .order_by("pk")
    }
    retour.lever_si(_fautes(lu.lignes, evenements))
    fiche = RetourSNE.objects.create(
        nom_fichier=nom[:200], contenu=contenu, empreinte=empreinte, date_fichier=lu.date_fichier, par=par
    )
    for ligne in lu.lignes:
        _appliquer(ligne, evenements[ligne.evenement_id], fiche, par)
    fiche.save(update_fields=["acquittes", "rejetes", "numeros_uniques", "deja_connus"])
    return fiche
