"""« Répondre à une proposition »: the dwelling a CAL attributed to the holder's demand, the last day to answer (REGLES
§11: ten days; silence counts as a refusal) and the answer, recorded as the landlord's would be
(positionnements/retours_cal/reponses.py): the landlord's and CASA's pages show it at once. The offer is always read
from the holder's own demand; the positionnement named by the forms is looked up among its positionnements (another
one: 404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from commun.erreurs import ErreurMetier
from positionnements.etats import EtatPositionnement, MotifRefus, ReponseCandidat
from positionnements.models import DecisionCAL
from positionnements.retours_cal.application import refus_non_decomptes
from positionnements.retours_cal.offres import Offre, offre_de_la_demande
from positionnements.retours_cal.reponses import MOTIFS_DU_CANDIDAT, PRECISION_MAX, reponse_du_candidat

from ..acces import demandeur_requis
from ..pages import rendre


class AccepterForm(forms.Form):
    offre = forms.IntegerField(widget=forms.HiddenInput)
    confirme = forms.BooleanField(
        label="Je confirme que j'accepte ce logement.",
        error_messages={"required": "Cochez la case pour confirmer que vous acceptez ce logement."},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class RefuserForm(forms.Form):
    offre = forms.IntegerField(widget=forms.HiddenInput)
    motif = forms.ChoiceField(
        label="Pourquoi refusez-vous ce logement ?",
        choices=[("", "Choisissez une raison"), *MOTIFS_DU_CANDIDAT],
        error_messages={"required": "Choisissez la raison de votre refus dans la liste."},
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    # The length is checked by clean_precision (one message of ours, not Django's generic one); the no-break spaces
    # keep « Autre » on one line.
    precision = forms.CharField(
        label="Précisez, si vous avez choisi «\u00a0Autre\u00a0»",
        required=False,
        help_text=f"Quelques mots ({PRECISION_MAX} caractères au plus), lus par le bailleur et la CASA.",
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg", "maxlength": PRECISION_MAX}),
    )
    # A refusal is final and may count in the cotation: confirmed as an acceptance is.
    confirme = forms.BooleanField(
        label="Je confirme que je refuse ce logement.",
        error_messages={"required": "Cochez la case pour confirmer que vous refusez ce logement."},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_precision(self) -> str:
        precision = self.cleaned_data["precision"]
        if len(precision) > PRECISION_MAX:
            raise forms.ValidationError(
                f"Votre précision fait {len(precision)} caractères : écrivez-la en {PRECISION_MAX} caractères au plus."
            )
        return precision

    def clean(self):
        donnees = super().clean()
        if (
            "precision" not in self.errors  # too long: that one message is enough
            and donnees.get("motif") == MotifRefus.AUTRE
            and not (donnees.get("precision") or "").strip()
        ):
            self.add_error("precision", "Dites en quelques mots pourquoi vous refusez ce logement.")
        return donnees


FORMULAIRES = {"accepter": AccepterForm, "refuser": RefuserForm}


def _derniere_reponse(demande) -> DecisionCAL | None:
    """The demand's latest answer to an offer, for the page without an offer to answer."""
    return (
        DecisionCAL.objects.filter(positionnement__demande=demande)
        .exclude(reponse="")
        .select_related("positionnement__disponibilite__logement__residence__commune")
        .order_by("-date_reponse", "-pk")
        .first()
    )


def _page(request, o: Offre | None, *, accepter=None, refuser=None):
    """The offer and its two forms (or the page saying there is none, with the latest answer)."""
    jour = timezone.localdate()
    contexte = {"offre": o, "derniere": None if o else _derniere_reponse(request.demandeur.demande)}
    if o is not None:
        logement = o.positionnement.disponibilite.logement
        initial = {"offre": o.positionnement.pk}
        contexte |= {
            "logement": logement,
            "residence": logement.residence,
            "total": logement.loyer + logement.charges,
            "ouverte": o.ouverte(jour),
            "classe": o.positionnement.etat == EtatPositionnement.ATTRIBUE_RANG and o.date > o.decision.date_cal,
            "accepter": accepter or AccepterForm(prefix="accepter", initial=initial),
            "refuser": refuser or RefuserForm(prefix="refuser", initial=initial),
            "non_decomptes": [MotifRefus(c).label.lower() for c in refus_non_decomptes()],
            "form_en_erreur": accepter or refuser,  # the form sent back with errors: summed up at the page's top
        }
    return rendre(request, "portail/offre.html", contexte)


def _entier(valeur) -> int | None:
    try:
        return int(valeur)
    except (TypeError, ValueError):
        return None


def _message(bailleur: str, reponse: str, motif: str) -> str:
    """What the holder is told once the answer is recorded."""
    if reponse == ReponseCandidat.ACCEPTATION:
        return (
            f"Votre acceptation est enregistrée et transmise au bailleur ({bailleur}) : il vous contactera pour la "
            "signature du bail."
        )
    compte = "" if motif in refus_non_decomptes() else " Il compte dans votre cotation (refus d'une offre adaptée)."
    return f"Votre refus est enregistré et transmis au bailleur ({bailleur}). Votre demande reste active.{compte}"


@require_http_methods(["GET", "POST"])
@demandeur_requis
def offre(request):
    """GET: the offer to answer first. POST (`action`: accepter or refuser): the answer to the offer the form names."""
    demande = request.demandeur.demande
    if request.method == "GET":
        return _page(request, offre_de_la_demande(demande))
    action = request.POST.get("action", "")
    if action not in FORMULAIRES:
        messages.error(request, "Choisissez d'accepter ou de refuser le logement.")
        return redirect("portail:offre")
    pk = _entier(request.POST.get(f"{action}-offre"))
    if pk is None or not demande.positionnements.filter(pk=pk).exists():
        raise Http404("Cette proposition n'est pas la vôtre.")
    form = FORMULAIRES[action](request.POST, prefix=action)
    valide = form.is_valid()
    if not valide and (o := offre_de_la_demande(demande, pk)) is not None:
        return _page(request, o, **{action: form})
    # valid, or no longer an offer: the service says why not (answered already, past its last day…)
    donnees = form.cleaned_data if valide else {}
    reponse = ReponseCandidat.ACCEPTATION if action == "accepter" else ReponseCandidat.REFUS
    motif = donnees.get("motif", "")
    try:
        depot = reponse_du_candidat(
            demande=demande,
            positionnement_id=pk,
            reponse=reponse,
            motif_refus=motif,
            precision=donnees.get("precision", ""),
        )
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _message(depot.bailleur.nom, reponse, motif))
    return redirect("portail:offre")
