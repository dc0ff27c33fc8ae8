"""The documents of a demand, read like its page (demandes_visibles: outside the user's scope, 404): the attestation
d'enregistrement to hand over to the applicant (R441-2-4 CCH) and the printable demand. Both PDFs are written on the
fly from the demand as it is now (demandes/attestation.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from .. import attestation, retention
from ..codes import EtatDemande
from ..selectors import demandes_visibles


def _pdf(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    # RFC 6266 quoting (a reference holds no quote today; a file name is never pasted into a header by hand)
    reponse["Content-Disposition"] = content_disposition_header(True, nom)
    return reponse


def _introuvable(request, message: str) -> HttpResponse:
    return render(request, "erreurs/404.html", {"message": message}, status=404)


@login_required
def attestation_enregistrement(request: HttpRequest, pk: int) -> HttpResponse:
    """The attestation d'enregistrement (PDF) of a registered demand; a draft has none yet, nor a demand whose
    personal data was erased at the end of its retention."""
    demande = get_object_or_404(demandes_visibles(request.user).select_related("guichet"), pk=pk)
    if demande.etat == EtatDemande.BROUILLON:
        return _introuvable(request, "Une demande en brouillon n'a pas encore d'attestation : enregistrez-la d'abord.")
    if retention.effacement_de(demande):
        return _introuvable(request, "Les données personnelles de cette demande ont été effacées : plus d'attestation.")
    return _pdf(attestation.attestation_pdf(demande), f"attestation_{demande.reference}.pdf")


@login_required
def imprimer(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole demand as a PDF: the recapitulation of step 6 and the eligibility."""
    demande = get_object_or_404(demandes_visibles(request.user).select_related("guichet", "bailleur_actuel"), pk=pk)
    if retention.effacement_de(demande):
        return _introuvable(request, "Les données personnelles de cette demande ont été effacées : rien à imprimer.")
    return _pdf(attestation.demande_pdf(demande), f"demande_{demande.reference or demande.pk}.pdf")
