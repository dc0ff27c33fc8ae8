"""Programmes and réunions réservataires: create a programme, convene the réservataires, record and check the split of
the programme between them, validate it and produce the minutes (PDF, WeasyPrint)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from commun.format_fr import compte
from territoire.models import Commune, Organisation, Utilisateur
from territoire.roles import TypeOrganisation, TypeReservataire

from .etats import MACHINE_REUNION
from .models import (
    EtatReunion,
    FinancementLogement,
    InvitationReunion,
    LotProgramme,
    PartReservataire,
    Programme,
    ReunionReservataires,
    TransitionReunion,
    Typologie,
)
from .rules import organise_la_programmation

# How a réunion moves and where it is logged (commun.etats.passer).
_JOURNAL = {"machine": MACHINE_REUNION, "journal": TransitionReunion, "lien": "reunion"}

# The usual rule shown beside the split (REGLES §7): the State's contingent up to 30 % of the programme.
PART_ETAT_MAX = 0.30


def _verifier_casa(par: Utilisateur) -> None:
    if not organise_la_programmation(par):
        raise PermissionDenied("Seuls les agents de la CASA organisent la programmation.")


@transaction.atomic
def programme_creer(
    *,
    par: Utilisateur,
    bailleur: Organisation,
    commune: Commune,
    nom: str,
    adresse: str,
    livraison_prevue: dt.date,
    lots: list[tuple[str, str, int]],
    en_qpv: bool = False,
) -> Programme:
    _verifier_casa(par)
    if bailleur.type != TypeOrganisation.BAILLEUR:
        raise ErreurMetier(f"{bailleur.nom} n'est pas un bailleur.", champ="bailleur")
    lots = [(t, f, int(n)) for t, f, n in lots if int(n or 0) > 0]
    if not lots:
        raise ErreurMetier("Le programme doit compter au moins un logement.", champ="lots")
    for t, f, _ in lots:
        if t not in Typologie.values or f not in FinancementLogement.values:
            raise ErreurMetier(f"Lot inconnu : {t} {f}.", champ="lots")
    programme = Programme.objects.create(
        bailleur=bailleur,
        commune=commune,
        nom=nom.strip(),
        adresse=adresse.strip(),
        livraison_prevue=livraison_prevue,
        en_qpv=en_qpv,
    )
    LotProgramme.objects.bulk_create(
        LotProgramme(programme=programme, typologie=t, financement=f, nombre=n) for t, f, n in lots
    )
    return programme


@transaction.atomic
def reunion_convoquer(
    *, par: Utilisateur, programme: Programme, date: dt.datetime, lieu: str, organisations: list[Organisation]
) -> ReunionReservataires:
    """Convenes the landlord and the réservataires; each invited organisation with an address gets an e-mail."""
    _verifier_casa(par)
    if date < timezone.now():
        raise ErreurMetier("La réunion ne peut pas être convoquée dans le passé.", champ="date")
    invites = {programme.bailleur, *organisations}
    reunion = ReunionReservataires.objects.create(programme=programme, date=date, lieu=lieu.strip(), convoquee_par=par)
    creer_journalise(reunion, **_JOURNAL, par=par)
    InvitationReunion.objects.bulk_create(InvitationReunion(reunion=reunion, organisation=o) for o in invites)
    contexte = {"reunion": reunion, "programme": programme}
    destinataires = [o.courriel for o in invites if o.courriel]

    def envoyer():
        if destinataires:
            send_mail(
                f"Convocation : réunion réservataires du programme {programme.nom}",
                render_to_string("programmation/courriel_convocation.txt", contexte),
                None,
                destinataires,
            )
        InvitationReunion.objects.filter(reunion=reunion, organisation__courriel__gt="").update(
            envoyee_le=timezone.now()
        )

    transaction.on_commit(envoyer)
    return reunion


def presences_enregistrer(*, par: Utilisateur, reunion: ReunionReservataires, presentes: list[Organisation]) -> None:
    _verifier_casa(par)
    ids = {o.pk for o in presentes}
    for invitation in reunion.invitations.all():
        invitation.presente = invitation.organisation_id in ids
        invitation.save(update_fields=["presente"])


@dataclass(frozen=True)
class Ecart:
    typologie: str
    financement: str
    prevu: int
    reparti: int

    def message(self) -> str:
        repartis = compte(self.reparti, "réparti", "répartis")
        return f"{self.typologie} {self.financement} : {repartis} pour {self.prevu} au programme"


def ecarts(programme: Programme, parts: list[tuple[Organisation, str, str, int]]) -> list[Ecart]:
    """Where the split does not add up to the programme, typology by financing."""
    prevu = Counter({(lot.typologie, lot.financement): lot.nombre for lot in programme.lots.all()})
    reparti: Counter = Counter()
    for _, t, f, n in parts:
        reparti[(t, f)] += n
    return [
        Ecart(t, f, prevu[(t, f)], reparti[(t, f)])
        for t, f in sorted(set(prevu) | set(reparti))
        if prevu[(t, f)] != reparti[(t, f)]
    ]


@transaction.atomic
def repartition_enregistrer(
    *, par: Utilisateur, reunion: ReunionReservataires, parts: list[tuple[Organisation, str, str, int]]
) -> ReunionReservataires:
    """Records the split; refused (nothing saved) when its totals do not match the programme."""
    _verifier_casa(par)
    reunion = ReunionReservataires.objects.select_for_update().get(pk=reunion.pk)
    if reunion.etat == EtatReunion.VALIDEE:
        raise ErreurMetier("La répartition est validée : elle ne peut plus être modifiée.")
    parts = [(r, t, f, int(n)) for r, t, f, n in parts if int(n or 0) > 0]
    for r, _, _, _ in parts:
        if not (r.est_reservataire or r.pk == reunion.programme.bailleur_id):
            raise ErreurMetier(f"{r.nom} n'est pas réservataire.", champ="parts")
    manques = ecarts(reunion.programme, parts)
    if manques:
        raise ErreurMetier(
            "La répartition ne correspond pas au programme : " + " ; ".join(e.message() for e in manques) + ".",
            champ="parts",
        )
    reunion.parts.all().delete()
    PartReservataire.objects.bulk_create(
        PartReservataire(reunion=reunion, reservataire=r, typologie=t, financement=f, nombre=n) for r, t, f, n in parts
    )
    return reunion


def parts_par_reservataire(reunion: ReunionReservataires) -> list[dict]:
    """Each réservataire's share of the programme, with the usual rule beside the State's."""
    total = sum(lot.nombre for lot in reunion.programme.lots.all()) or 1
    par_org: Counter = Counter()
    noms = {}
    for part in reunion.parts.select_related("reservataire"):
        par_org[part.reservataire_id] += part.nombre
        noms[part.reservataire_id] = part.reservataire
    lignes = []
    for org_id, n in par_org.most_common():
        org = noms[org_id]
        etat = org.type == TypeOrganisation.ETAT or org.type_reservataire in (
            TypeReservataire.PPRIOR,
            TypeReservataire.PFONCT,
        )
        part = n / total
        lignes.append(
            {
                "organisation": org,
                "nombre": n,
                "part": part,
                "alerte": f"au-delà des {PART_ETAT_MAX:.0%} usuels du contingent de l'État".replace("%", "\u00a0%")
                if etat and part > PART_ETAT_MAX
                else "",
            }
        )
    return lignes


@transaction.atomic
def reunion_valider(*, par: Utilisateur, reunion: ReunionReservataires) -> ReunionReservataires:
    """Validates the split and produces the minutes (PDF), kept with the meeting."""
    _verifier_casa(par)
    reunion = ReunionReservataires.objects.select_for_update().get(pk=reunion.pk)
    if reunion.etat == EtatReunion.VALIDEE:
        raise ErreurMetier("La répartition est déjà validée.")
    parts = [(p.reservataire, p.typologie, p.financement, p.nombre) for p in reunion.parts.all()]
    if not parts or ecarts(reunion.programme, parts):
        raise ErreurMetier("Enregistrez d'abord une répartition complète du programme.")
    reunion.validee_par = par
    reunion.validee_le = timezone.now()
    reunion.compte_rendu = compte_rendu_pdf(reunion)
    passer(
        reunion, EtatReunion.VALIDEE, **_JOURNAL, par=par, autres_champs=["validee_par", "validee_le", "compte_rendu"]
    )
    return reunion


def compte_rendu_pdf(reunion: ReunionReservataires) -> bytes:
    from weasyprint import HTML

    programme = reunion.programme
    html = render_to_string(
        "programmation/compte_rendu.html",
        {
            "entete": "CASA — réunion réservataires",
            "reunion": reunion,
            "programme": programme,
            "lots": programme.lots.all(),
            "invitations": reunion.invitations.select_related("organisation"),
            "parts": reunion.parts.select_related("reservataire"),
            "synthese": parts_par_reservataire(reunion),
            "total": sum(lot.nombre for lot in programme.lots.all()),
        },
    )
    return HTML(string=html).write_pdf()
