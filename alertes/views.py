"""The notifications' pages (docs/partenaires.md « Notifications »): my notifications (paginated, each with its link,
marked read one by one or all at once), my choice for e-mails. Each person reads and marks its own only: another's
notification is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .selectors import frequence_de, nombre_non_lues, notifications_de

PAR_PAGE = 20


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    """My notifications, the newest first, 20 a page."""
    page = Paginator(notifications_de(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    # the count as a number (the bell's lazy one cannot be pluralized), read once for the bell and the page
    non_lues = nombre_non_lues(request.user)
    return render(request, "alertes/liste.html", {"page": page, "recherche": "", "notifications_non_lues": non_lues})


def _lien(notification) -> str:
    url = (notification.data or {}).get("url") or ""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/") else ""


@login_required
@require_POST
def lue(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks one of my notifications read (read already: nothing changes); with ``ouvrir``, then opens its page,
    else back to the list (its page number kept)."""
    notification = get_object_or_404(notifications_de(request.user), pk=pk)
    services.marquer_lue(par=request.user, notification=notification)
    if request.POST.get("ouvrir") and _lien(notification):
        return redirect(_lien(notification))
    page = request.POST.get("page", "")
    return redirect(reverse("alertes:liste") + (f"?page={page}" if page.isdigit() else ""))


@login_required
@require_POST
def toutes_lues(request: HttpRequest) -> HttpResponse:
    """Marks all my notifications read (a second click: nothing more to mark, said so)."""
    n = services.marquer_toutes_lues(par=request.user)
    if n:
        s = "s" if n > 1 else ""
        messages.success(request, f"{n} notification{s} marquée{s} comme lue{s}.")
    else:
        messages.info(request, "Aucune notification non lue.")
    return redirect("alertes:liste")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """My choice for e-mails: each notification at once, a daily digest, or none (in the application: always)."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_definir(par=request.user, courriel=form.cleaned_data["courriel"])
            messages.success(request, "Votre choix pour les courriels de notification est enregistré.")
            return redirect("alertes:preferences")
    else:
        form = PreferenceForm(initial={"courriel": frequence_de(request.user)})
    return render(request, "alertes/preferences.html", {"form": form})
