"""Preparing a session of the CCPC: create it (its number), define its agenda (the dwellings to examine, in order),
convene the members in office (one e-mail each, after the commit)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import creer_journalise, passer
from programmation.models import Disponibilite
from territoire.models import Utilisateur

from ..models import Convocation, EtatSeance, PointOrdreDuJour, Seance
from ..selectors import A_EXAMINER
from .gardes import JOURNAL, seance_verrouiller, secretariat_verifier
from .membres import membres_en_fonction


@transaction.atomic
def seance_creer(*, par: Utilisateur, date: dt.datetime, lieu: str) -> Seance:
    secretariat_verifier(par)
    if date < timezone.now():
        raise ErreurMetier("La séance ne peut pas être fixée dans le passé.", champ="date")
    if date > timezone.now() + dt.timedelta(days=2 * 366):
        raise ErreurMetier("La séance ne peut pas être fixée à plus de deux ans : vérifiez l'année.", champ="date")
    if not lieu.strip():
        raise ErreurMetier("Indiquez le lieu de la séance.", champ="lieu")
    annee = timezone.localtime(date).year
    for _ in range(3):  # two secretaries at once: the second takes the next number
        n = Seance.objects.filter(numero__startswith=f"CCPC-{annee}-").count() + 1
        try:
            with transaction.atomic():
                seance = Seance.objects.create(
                    date=date, lieu=lieu.strip(), numero=f"CCPC-{annee}-{n:02d}", creee_par=par
                )
        except IntegrityError:
            continue
        creer_journalise(seance, **JOURNAL, par=par)
        return seance
    raise ErreurMetier("Le numéro de séance n'a pas pu être attribué : réessayez.")


@transaction.atomic
def ordre_du_jour_definir(*, par: Utilisateur, seance: Seance, disponibilites: list[Disponibilite]) -> Seance:
    """Replaces the agenda by these dwellings, in this order."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.PREPAREE, EtatSeance.CONVOQUEE)
    ids = [d.pk for d in disponibilites]
    if len(set(ids)) != len(ids):
        raise ErreurMetier("Un logement figure deux fois à l'ordre du jour.")
    prets = set(
        Disponibilite.objects.filter(pk__in=ids, positionnements__etat__in=A_EXAMINER).values_list("pk", flat=True)
    )
    absents = [d for d in disponibilites if d.pk not in prets]
    if absents:
        raise ErreurMetier(f"Aucun candidat à examiner pour le logement {absents[0].logement.numero}.")
    ailleurs = (
        PointOrdreDuJour.objects.filter(disponibilite_id__in=ids)
        .exclude(seance=seance)
        .exclude(seance__etat=EtatSeance.CLOSE)
        .select_related("seance", "disponibilite__logement")
        .first()
    )
    if ailleurs:
        raise ErreurMetier(
            f"Le logement {ailleurs.disponibilite.logement.numero} est déjà à l'ordre du jour de la séance "
            f"{ailleurs.seance.numero}."
        )
    seance.points.all().delete()
    PointOrdreDuJour.objects.bulk_create(
        PointOrdreDuJour(seance=seance, disponibilite_id=pk, ordre=i) for i, pk in enumerate(ids, start=1)
    )
    return seance


@transaction.atomic
def convoquer(*, par: Utilisateur, seance: Seance) -> Seance:
    """Convenes every member in office on the session's day (titulars and substitutes); the e-mails leave after the
    commit."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.PREPAREE, EtatSeance.CONVOQUEE)
    if not seance.points.exists():
        raise ErreurMetier("L'ordre du jour est vide : ajoutez les logements à examiner avant de convoquer.")
    membres = list(membres_en_fonction(timezone.localdate(seance.date)))
    if not membres:
        raise ErreurMetier("Aucun membre de la commission n'est en fonction à la date de la séance.")
    deja = set(seance.convocations.values_list("membre_id", flat=True))
    Convocation.objects.bulk_create(Convocation(seance=seance, membre=m) for m in membres if m.pk not in deja)
    seance.convoquee_le = timezone.now()
    if seance.etat == EtatSeance.CONVOQUEE:  # convened again (the agenda changed): not a move
        seance.save(update_fields=["convoquee_le"])
    else:
        passer(seance, EtatSeance.CONVOQUEE, **JOURNAL, par=par, autres_champs=["convoquee_le"])
    destinataires = [m.courriel for m in membres if m.courriel]
    contexte = {"seance": seance, "points": seance.points.count()}

    def envoyer():
        # one message per member: no member learns the others' addresses (RGPD art. 5-1-c, minimisation)
        sujet = f"Convocation : {seance.numero}, commission communautaire de proposition de candidats"
        corps = render_to_string("commissions/courriel_convocation.txt", contexte)
        if destinataires:
            send_mass_mail([(sujet, corps, None, [adresse]) for adresse in destinataires])
        Convocation.objects.filter(seance=seance, membre__courriel__gt="").update(envoyee_le=timezone.now())

    transaction.on_commit(envoyer)
    return seance
