"""The session dossier (PDF, WeasyPrint) the secretariat prints for the members: cover page, table of contents, agenda,
then a sheet per dwelling with each proposed candidate. Two versions: CASA's staff see the applicants' names and
demand numbers; the members' version shows no name, address, birth date or identifier of the applicants (initials and
a session number only: the law protects the applicants' data, elected members see only what they need)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from demandes import eligibilite, reference
from demandes.codes import CodePriorite, Lien
from positionnements import recherche, regles

from .codes import lettre_du_logement
from .models import Seance
from .selectors import positionnements_du_point

LIENS = {
    Lien.DEMANDEUR: "demandeur",
    Lien.CO_DEMANDEUR: "co-demandeur",
    Lien.ENFANT: "enfant",
}


@dataclass
class Fiche:
    code: str  # the candidate's number in the session (A1, A2, … for the first dwelling)
    nom: str  # the applicant's name (CASA's version) or initials (members' version)
    numero: str  # the demand's number shown, its NUR else its local number (CASA's version only)
    numero_local: str  # its local number beside a NUR, "" otherwise (CASA's version only)
    rang: int
    personnes: list[str]
    ressources_uc: object
    premier_quartile: bool | None
    priorites: list[str]
    points: int | None
    anciennete_mois: int
    examen: regles.Examen
    raison_rang: str
    positionnement_id: int = 0


def _initiales(prenom: str, nom: str) -> str:
    return "".join(f"{x[0].upper()}." for x in (prenom, nom) if x)


def _fiches(
    seance: Seance, *, membres: bool, jour: dt.date, baremes: dict, point, lettre: str, p: regles.Parametres
) -> list[Fiche]:
    """The sheets of a dwelling's candidates, examined under `p`: the dwelling's landlord's rules of the session's
    day (recherche.regles_du_logement)."""
    dispo = point.disponibilite
    lg = recherche.logement_regles(dispo)
    en_retard = recherche.quota_q1_en_retard(dispo, jour)
    fiches = []
    positionnements = positionnements_du_point(seance, dispo.pk)
    for i, pos in enumerate(
        positionnements.select_related("demande")
        .prefetch_related("demande__personnes", "demande__souhaits_communes__commune", "demande__criteres_priorite")
        .order_by("rang"),
        start=1,
    ):
        d = pos.demande
        personnes = list(d.personnes.all())
        demandeur = next((x for x in personnes if x.lien == Lien.DEMANDEUR), None)
        c = recherche.candidat(d, jour=jour, baremes=baremes)
        descriptions = []
        for x in personnes:
            lien = LIENS.get(x.lien, "autre personne")
            if x.enfant_a_naitre:
                descriptions.append("enfant attendu")
            elif x.date_naissance:
                age = eligibilite.age_au(x.date_naissance, jour)
                descriptions.append(f"{lien}, {age} an{'s' if age > 1 else ''}")
            else:
                descriptions.append(lien)
        # The proof typed by the agent is a free text about the household: CASA's version only.
        criteres = [
            CodePriorite(k.code).label if membres else f"{CodePriorite(k.code).label} ({k.preuve})"
            for k in d.criteres_priorite.all()
            if k.actif and (k.valable_jusqu_au is None or k.valable_jusqu_au >= jour)
        ]
        nom = ""
        if demandeur:
            nom = _initiales(demandeur.prenom, demandeur.nom) if membres else f"{demandeur.prenom} {demandeur.nom}"
        fiches.append(
            Fiche(
                code=f"{lettre}{i}",
                nom=nom,
                numero="" if membres else d.reference,
                numero_local="" if membres or not d.nur else d.numero,
                rang=pos.rang,
                personnes=descriptions,
                ressources_uc=d.ressources_par_uc,
                premier_quartile=d.premier_quartile,
                priorites=criteres,
                points=d.score_cotation,
                anciennete_mois=(jour.year - d.date_depot.year) * 12 + jour.month - d.date_depot.month,
                examen=regles.examiner(c, lg, p),
                raison_rang=regles.raison_de_rang(c, lg, quota_q1_en_retard=en_retard),
                positionnement_id=pos.pk,
            )
        )
    return fiches


def _points(seance: Seance) -> list:
    return list(
        seance.points.select_related(
            "disponibilite__logement__residence__commune",
            "disponibilite__logement__residence__bailleur",
            "disponibilite__reservataire",
        )
    )


def feuilles_du_dossier(seance: Seance, *, membres: bool, progression: Callable[[int, int], None] | None = None):
    """Yields (point of the agenda, its letter, [Fiche of each candidate], the rules applied with who set each one:
    regles_bailleurs.Provenance of the dwelling's landlord's rules on the session's day) for each dwelling of the
    agenda, as the
    dossier shows them: the members' version (`membres=True`) without name, birth date or demand number (initials
    and the candidate's code). The PDF and the members' page at a distance read this one list. While the codes are
    fixed (a session at a distance, a closed one: Seance.codes), a candidate keeps its fixed code and the dwelling the
    letter of its candidates' codes."""
    jour = timezone.localdate(seance.date)
    baremes = reference.baremes_en_vigueur(jour)
    points = _points(seance)
    figes = {int(pk): code for pk, code in seance.codes.items()}
    for n, point in enumerate(points):
        lettre = lettre_du_logement(n)
        # the dwelling's landlord's rules on the session's day, each said with who set it
        applicables = recherche.regles_du_logement(point.disponibilite, jour)
        fiches = _fiches(
            seance, membres=membres, jour=jour, baremes=baremes, point=point, lettre=lettre, p=applicables.parametres
        )
        if figes:
            for f in fiches:
                f.code = figes.get(f.positionnement_id, f.code)
            lettre = next((f.code.rstrip("0123456789") for f in fiches if f.positionnement_id in figes), lettre)
        yield point, lettre, fiches, applicables.du_logement(point.disponibilite.logement.typologie)
        if progression:
            progression(n + 1, len(points) + 1)


def dossier_pdf(seance: Seance, *, membres: bool, progression: Callable[[int, int], None] | None = None) -> bytes:
    from weasyprint import HTML

    points = _points(seance)
    feuilles = list(feuilles_du_dossier(seance, membres=membres, progression=progression))
    html = render_to_string(
        "commissions/dossier.html",
        {
            "entete": f"CASA — {seance.numero} — dossier de séance" + (" (version des membres)" if membres else ""),
            "seance": seance,
            "membres": membres,
            "convocations": seance.convocations.select_related("membre__commune", "membre__organisation").filter(
                membre__titulaire__isnull=True
            ),
            "feuilles": feuilles,
            "genere_le": timezone.now(),
        },
    )
    pdf = HTML(string=html).write_pdf()
    if progression:
        progression(len(points) + 1, len(points) + 1)
    return pdf
