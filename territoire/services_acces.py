"""Use cases of access governance (issue 15): the periodic « revue des habilitations » of each organisation, accounts
switched off after a long disuse and their reactivation, the log of sensitive reads.

Keyword-only functions taking the acting user (``par``) where a person acts; each write runs in a transaction and
raises ErreurMetier with a French message, or PermissionDenied when the role may not act. Every change is audited by
pghistory (the tasks add their name to the context). E-mails carry counts, an organisation's name and a link, never
the name of another person (docs/securite.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from datetime import timedelta

import pghistory
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commun.erreurs import ErreurMetier

from . import services
from .acces import reglage
from .contexte import contexte_de
from .models import (
    DecisionRevue,
    DesactivationCompte,
    Habilitation,
    LectureSensible,
    LigneRevue,
    Organisation,
    RevueHabilitations,
    Utilisateur,
)
from .roles import Role

# --------------------------------------------------------------------------- e-mails


def _lien(nom_url: str) -> str:
    """An absolute link for an e-mail (same host and scheme as the invitations)."""
    return f"{settings.CASA_PROTOCOLE}://{settings.CASA_DOMAINE}{reverse(nom_url)}"


def _courriels_administrateurs(organisation_ids) -> dict[int, list[str]]:
    """The addresses of each organisation's administrators who can act today (active account and habilitation)."""
    adresses: dict[int, list[str]] = defaultdict(list)
    lignes = (
        Habilitation.objects.actives()
        .filter(
            organisation_id__in=list(organisation_ids),
            role=Role.ADMINISTRATEUR,
            utilisateur__is_active=True,
            utilisateur__est_compte_api=False,
        )
        .exclude(utilisateur__email="")
        .values_list("organisation_id", "utilisateur__email")
        .order_by("organisation_id", "utilisateur__email")
    )
    for organisation_id, courriel in lignes:
        if courriel not in adresses[organisation_id]:
            adresses[organisation_id].append(courriel)
    return adresses


def _courriels_casa() -> list[str]:
    casa = services.organisation_epci()
    return _courriels_administrateurs([casa.pk]).get(casa.pk, [])


def _messages(gabarit: str, contexte: dict, destinataires: list[str]) -> list[tuple]:
    """One message per recipient (nobody sees the others' addresses), subject and body from two templates."""
    sujet = render_to_string(f"territoire/courriels/{gabarit}_sujet.txt", contexte).strip()
    corps = render_to_string(f"territoire/courriels/{gabarit}.txt", contexte)
    return [(sujet, corps, None, [adresse]) for adresse in destinataires]


def _envoyer_apres_validation(messages: list[tuple]) -> None:
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


# --------------------------------------------------------------------------- the review of habilitations


def a_revoir(le: dt.date | None = None) -> Q:
    """The rows of a campaign still waiting for a decision, on LigneRevue: undecided and the habilitation still
    gives rights that day (a habilitation removed or expired in the meantime needs no decision)."""
    jour = le or timezone.localdate()
    return (
        Q(decision=DecisionRevue.A_REVOIR)
        & Q(habilitation__active=True, habilitation__organisation__active=True, habilitation__date_debut__lte=jour)
        & (Q(habilitation__date_fin__isnull=True) | Q(habilitation__date_fin__gte=jour))
    )


def _habilitations_a_revoir(le: dt.date) -> QuerySet[Habilitation]:
    # A partner system's key is not reviewed here: it has its own expiry and is revoked on « Clés d'API ».
    return Habilitation.objects.actives(le=le).filter(utilisateur__est_compte_api=False)


def revues_dues(*, le: dt.date | None = None) -> QuerySet[Organisation]:
    """The active organisations with people to review, no campaign open and none opened in the last
    CASA_REVUE_HABILITATIONS_MOIS months."""
    jour = le or timezone.localdate()
    limite = jour - relativedelta(months=reglage("CASA_REVUE_HABILITATIONS_MOIS"))
    derniere = (
        RevueHabilitations.objects.filter(organisation=OuterRef("pk")).order_by("-ouverte_le").values("ouverte_le")[:1]
    )
    return (
        Organisation.objects.filter(active=True)
        .filter(Exists(_habilitations_a_revoir(jour).filter(organisation=OuterRef("pk"))))
        .exclude(Exists(RevueHabilitations.objects.filter(organisation=OuterRef("pk"), close_le__isnull=True)))
        .annotate(derniere_revue=Subquery(derniere))
        .filter(Q(derniere_revue__isnull=True) | Q(derniere_revue__lte=limite))
        .order_by("nom")
    )


def revues_ouvrir(*, le: dt.date | None = None) -> list[RevueHabilitations]:
    """Opens the campaign of every organisation due (revues_dues): one row per habilitation its people hold that
    day, to be decided before the opening + CASA_REVUE_HABILITATIONS_RETARD_JOURS. One transaction per organisation;
    a campaign opened at the same moment by another run is left to it (unique open campaign)."""
    jour = le or timezone.localdate()
    echeance = jour + timedelta(days=reglage("CASA_REVUE_HABILITATIONS_RETARD_JOURS"))
    ouvertes = []
    for organisation in revues_dues(le=jour):
        try:
            with transaction.atomic():
                revue = RevueHabilitations.objects.create(organisation=organisation, ouverte_le=jour, echeance=echeance)
                LigneRevue.objects.bulk_create(
                    LigneRevue(revue=revue, habilitation=h)
                    for h in _habilitations_a_revoir(jour).filter(organisation=organisation)
                )
        except IntegrityError:
            continue
        ouvertes.append(revue)
    return ouvertes


def revue_en_cours(organisation: Organisation) -> RevueHabilitations | None:
    return RevueHabilitations.objects.filter(organisation=organisation, close_le__isnull=True).first()


@transaction.atomic
def ligne_a_decider(habilitation: Habilitation) -> bool:
    """Whether an open campaign waits for a decision on this habilitation (what revue_decider checks, without lock):
    the page asks to confirm an ending only then."""
    return LigneRevue.objects.filter(a_revoir(), habilitation=habilitation, revue__close_le__isnull=True).exists()


@transaction.atomic
def revue_decider(*, par: Utilisateur, habilitation: Habilitation, decision: str) -> LigneRevue:
    """The administrator confirms (CONFIRMEE) or ends (TERMINEE) one habilitation of the open campaign of its
    organisation. Ending goes through services.habilitation_retirer (same checks, audited). The campaign closes
    with its last decision."""
    if not par.has_perm("territoire.revoir_habilitations", habilitation.organisation):
        raise PermissionDenied("Vous n'administrez pas cette organisation.")
    if decision not in (DecisionRevue.CONFIRMEE, DecisionRevue.TERMINEE):
        raise ErreurMetier("Choisissez « Confirmer » ou « Mettre fin ».", champ="decision")
    ligne = (
        LigneRevue.objects.select_for_update(of=("self",))
        .select_related("revue", "habilitation")
        .filter(habilitation=habilitation, revue__close_le__isnull=True)
        .first()
    )
    if ligne is None:
        raise ErreurMetier(
            f"Aucune revue des habilitations n'est en cours pour cette habilitation de {habilitation.organisation}."
        )
    if ligne.decision != DecisionRevue.A_REVOIR:
        raise ErreurMetier(
            f"Cette habilitation a déjà été revue le {timezone.localtime(ligne.le):%d/%m/%Y} "
            f"({ligne.get_decision_display().lower()})."
        )
    if not LigneRevue.objects.filter(a_revoir(), pk=ligne.pk).exists():
        raise ErreurMetier("Cette habilitation a déjà pris fin : il n'y a plus rien à décider.")
    if decision == DecisionRevue.TERMINEE:
        services.habilitation_retirer(par=par, habilitation=habilitation)
    ligne.decision, ligne.par, ligne.le = decision, par, timezone.now()
    ligne.save(update_fields=["decision", "par", "le"])
    revue = RevueHabilitations.objects.select_for_update().get(pk=ligne.revue_id)
    if not revue.lignes.filter(a_revoir()).exists():
        revue.close_le = timezone.now()
        revue.save(update_fields=["close_le"])
    return ligne


def revues_relancer(*, maintenant: dt.datetime | None = None) -> dict[str, int]:
    """Nightly, for the open campaigns: closes those with nothing left to decide; reminds the organisation's
    administrators (at the opening, then every CASA_REVUE_HABILITATIONS_RAPPEL_JOURS days, and the day it becomes
    late) with a count and a link; tells CASA's administrators, once per campaign, of those past their deadline.
    Each mark is a conditional update: two runs at the same moment send each e-mail once. Returns the counts."""
    maintenant = maintenant or timezone.now()
    jour = timezone.localdate(maintenant)
    rappel = timedelta(days=reglage("CASA_REVUE_HABILITATIONS_RAPPEL_JOURS"))
    bilan = {"closes": 0, "rappels": 0, "signalees": 0}
    ouvertes = list(
        RevueHabilitations.objects.filter(close_le__isnull=True)
        .select_related("organisation")
        .annotate(
            total=Count("lignes"),
            restantes=Count("lignes", filter=Q(lignes__in=LigneRevue.objects.filter(a_revoir(jour)))),
        )
        .order_by("organisation__nom")
    )
    administrateurs = _courriels_administrateurs(r.organisation_id for r in ouvertes)
    with transaction.atomic():
        messages: list[tuple] = []
        en_retard = []
        for revue in ouvertes:
            a_jour = RevueHabilitations.objects.filter(pk=revue.pk, close_le__isnull=True)
            if revue.restantes == 0:
                bilan["closes"] += a_jour.update(close_le=maintenant)
                continue
            vient_d_etre_en_retard = revue.echeance < jour and bool(
                a_jour.filter(signalee_casa_le__isnull=True).update(signalee_casa_le=maintenant)
            )
            if vient_d_etre_en_retard:
                en_retard.append(revue)
            # The administrators are reminded on schedule, and on the day their campaign becomes late.
            if (
                vient_d_etre_en_retard or revue.relancee_le is None or revue.relancee_le <= maintenant - rappel
            ) and a_jour.filter(relancee_le=revue.relancee_le).update(relancee_le=maintenant):
                messages += _messages(
                    "revue_rappel",
                    {"revue": revue, "lien": _lien("revue_habilitations"), "en_retard": revue.echeance < jour},
                    administrateurs.get(revue.organisation_id, []),
                )
                bilan["rappels"] += 1
        if en_retard:
            messages += _messages(
                "revue_retard",
                {
                    "revues": en_retard,
                    "sans_administrateur": [r for r in en_retard if not administrateurs.get(r.organisation_id)],
                    "lien": _lien("revues_habilitations"),
                },
                _courriels_casa(),
            )
            bilan["signalees"] = len(en_retard)
        _envoyer_apres_validation(messages)
    return bilan


# --------------------------------------------------------------------------- unused accounts


def comptes_inactifs(*, maintenant: dt.datetime | None = None) -> QuerySet[Utilisateur]:
    """Active personal accounts whose last login (or creation, if never used) and last reactivation are older than
    CASA_COMPTE_INACTIF_JOURS days. API technical accounts are not here: their key has its own expiry."""
    maintenant = maintenant or timezone.now()
    seuil = maintenant - timedelta(days=reglage("CASA_COMPTE_INACTIF_JOURS"))
    reactivation = (
        DesactivationCompte.objects.filter(utilisateur=OuterRef("pk"), reactive_le__isnull=False)
        .order_by("-reactive_le")
        .values("reactive_le")[:1]
    )
    return (
        Utilisateur.objects.filter(is_active=True, est_compte_api=False)
        .annotate(derniere_activite=Coalesce("last_login", "date_joined"), reactive_le=Subquery(reactivation))
        .filter(derniere_activite__lt=seuil)
        .filter(Q(reactive_le__isnull=True) | Q(reactive_le__lt=seuil))
    )


def comptes_inactifs_desactiver(*, maintenant: dt.datetime | None = None) -> int:
    """Nightly: switches off the unused accounts (comptes_inactifs), notes each with its last activity, and tells the
    administrators of each organisation where they held a habilitation how many were switched off (CASA's
    administrators for an organisation without one). Returns how many accounts were switched off."""
    maintenant = maintenant or timezone.now()
    jours = reglage("CASA_COMPTE_INACTIF_JOURS")
    with transaction.atomic(), pghistory.context(motif="compte inutilisé", delai_jours=jours):
        cibles = dict(
            comptes_inactifs(maintenant=maintenant)
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", "derniere_activite")
        )
        if not cibles:
            return 0
        Utilisateur.objects.filter(pk__in=list(cibles)).update(is_active=False)
        DesactivationCompte.objects.bulk_create(
            DesactivationCompte(utilisateur_id=pk, desactive_le=maintenant, derniere_activite=activite)
            for pk, activite in cibles.items()
        )
        par_organisation = dict(
            Habilitation.objects.actives(le=timezone.localdate(maintenant))
            .filter(utilisateur_id__in=list(cibles))
            .values("organisation_id")
            .annotate(n=Count("utilisateur", distinct=True))
            .values_list("organisation_id", "n")
        )
        noms = dict(Organisation.objects.filter(pk__in=list(par_organisation)).values_list("pk", "nom"))
        administrateurs = _courriels_administrateurs(par_organisation)
        messages: list[tuple] = []
        orphelines = []
        for organisation_id, nombre in sorted(par_organisation.items(), key=lambda x: noms[x[0]]):
            contexte = {"nombre": nombre, "organisation": noms[organisation_id], "jours": jours}
            if administrateurs.get(organisation_id):
                messages += _messages(
                    "comptes_desactives",
                    {**contexte, "lien": _lien("utilisateurs")},
                    administrateurs[organisation_id],
                )
            else:
                orphelines.append(contexte)
        if orphelines:
            messages += _messages(
                "comptes_desactives_casa",
                {"organisations": orphelines, "jours": jours, "lien": _lien("utilisateurs")},
                _courriels_casa(),
            )
        _envoyer_apres_validation(messages)
    return len(cibles)


@transaction.atomic
def compte_reactiver(*, par: Utilisateur, utilisateur: Utilisateur) -> Utilisateur:
    """An administrator of the person switches the account on again; the reactivation date counts as activity, so
    the nightly task leaves it CASA_COMPTE_INACTIF_JOURS more days to log in."""
    if not par.has_perm("territoire.gerer_compte", utilisateur):
        raise PermissionDenied("Vous n'administrez pas ce compte.")
    utilisateur = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    if utilisateur.est_compte_api:
        raise ErreurMetier(
            "Le compte technique d'une clé d'API ne se réactive pas : "
            "créez une nouvelle clé sur la page « Clés d'API »."
        )
    if utilisateur.is_active:
        raise ErreurMetier("Ce compte est déjà actif.")
    maintenant = timezone.now()
    derniere = utilisateur.desactivations.filter(reactive_le__isnull=True).first()
    if derniere is None:
        # Switched off elsewhere (the admin site): the row keeps the reactivation date all the same.
        DesactivationCompte.objects.create(utilisateur=utilisateur, reactive_le=maintenant, reactive_par=par)
    else:
        derniere.reactive_le, derniere.reactive_par = maintenant, par
        derniere.save(update_fields=["reactive_le", "reactive_par"])
    utilisateur.is_active = True
    utilisateur.save(update_fields=["is_active"])
    return utilisateur


# --------------------------------------------------------------------------- sensitive reads


def lecture_noter(
    *,
    par: Utilisateur,
    nature: str,
    objet_id: int | None = None,
    demande_id: int | None = None,
    nombre: int | None = None,
) -> None:
    """Notes that `par` read a piece, a list of demands or a named export (one insert, no content: the object's id
    and how many demands were sent). Called by the views that send them; shown on « Lectures sensibles »."""
    LectureSensible.objects.create(
        par=par,
        organisation_id=contexte_de(par).organisation_id,
        nature=nature,
        objet_id=objet_id,
        demande_id=demande_id,
        nombre=nombre,
    )
