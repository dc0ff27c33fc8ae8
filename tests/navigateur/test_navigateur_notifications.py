"""Browser journey of the notifications (issue 20) on a phone-sized screen: the bell of the header is seen without
opening the menu, with its count; « Mes notifications » fits the screen, passes axe-core, opens a notification's page
(marked read) and marks them all read."""

import pytest

from alertes.services import notifier
from territoire.models import Organisation, Utilisateur
from tests.navigateur.outils import defilement_lateral, script_axe, se_connecter, violations_graves

pytestmark = pytest.mark.navigateur


def test_la_cloche_et_mes_notifications_sur_un_telephone(navigateur, live_server, demo):  # noqa: F811
    gestionnaire = Utilisateur.objects.get(username="gestionnaire.erilia")
    erilia = Organisation.objects.get(slug="erilia")
    for i, texte in enumerate(("Votre dépôt de décisions de CAL n° CAL-000009 est appliqué.", "Une autre nouvelle.")):
        notifier(
            cle=f"navigateur:{i}",
            type="essai",
            destinataires=[gestionnaire],
            acteur=erilia,
            verbe=texte,
            url="/positionnements/cal/",
        )
    contexte = navigateur.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR")
    contexte.add_init_script(script=script_axe())
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    try:
        se_connecter(page, live_server, "gestionnaire.erilia")
        non_lues = gestionnaire.notifications.filter(unread=True).count()
        cloche = page.locator("#cloche")
        assert cloche.is_visible()  # outside the collapsed menu
        assert cloche.locator(".badge").inner_text() == str(non_lues)
        cloche.click()
        page.wait_for_url(f"{live_server.url}/notifications/")
        assert page.get_by_role("heading", name="Mes notifications").is_visible()
        assert defilement_lateral(page) is None
        assert violations_graves(page) == []
        ligne = page.locator("li", has_text="CAL-000009 est appliqué")
        ligne.get_by_role("button", name="Ouvrir").click()
        page.wait_for_url(f"{live_server.url}/positionnements/cal/")
        assert page.locator("#cloche .badge").inner_text() == str(non_lues - 1)
        page.locator("#cloche").click()
        page.get_by_role("button", name="Tout marquer comme lu").click()
        page.wait_for_url(f"{live_server.url}/notifications/")
        assert "marquée" in page.locator("main").inner_text()
        assert page.locator("#cloche .badge").count() == 0
        assert not gestionnaire.notifications.filter(unread=True).exists()
    finally:
        contexte.close()
