"""The monthly tracking table on a month built by hand through the real services (positionnement, commission, CAL
return): a household exactly at the first-quartile threshold, a dwelling in the QPV of Vallauris, a DALO household on
the State's contingent; every figure checked; then a correction and a late lease recorded after the month: the past
month does not move, the current month shows them as such."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from demandes import reference
from demandes.models import Demande, TransitionDemande
from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DecisionCAL, Positionnement, TransitionPositionnement
from positionnements.retours_cal import services as services_cal
from programmation import services as parc_services
from programmation.models import Residence
from suivi import indicateurs
from suivi import services as suivi_services
from suivi.sources import Periode
from territoire.models import Organisation
from territoire.roles import Role
from tests.horloge import JOUR
from tests.pdf import texte_pdf
from tests.positionnements.fabriques import logement_cree
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.jour_fige  # « the month that ended » is the frozen day's (tests/horloge.py)
AUJOURDHUI = JOUR
P = Periode.de(AUJOURDHUI).precedente()  # the month under test: the one that ended
VALIDE_LE = P.precedente().debut + dt.timedelta(days=10)
CAL_LE = P.debut + dt.timedelta(days=3)
BAIL_LE = P.debut + dt.timedelta(days=9)
LIBRE_LE = P.debut


def _a_midi(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time(12)))


@pytest.fixture
def mois(monde):  # noqa: F811
    d = monde["demandes"]
    casa = monde["casa"]
    erilia = monde["dispos"][0].logement.residence.bailleur
    etat = Organisation.objects.get(slug="prefecture-06")
    gestionnaire = agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    seuils = reference.seuil_quartile(BAIL_LE)
    # the households' resources per consumption unit, as the eligibility stored them: one exactly at Q1
    uc = {
        "dalo": seuils.q1 + Decimal(100),  # 2nd quartile
        "modeste": seuils.q1,  # exactly at the threshold: first quartile (REGLES §5)
        "vallauris": (seuils.q2 + seuils.q3) / 2,  # 3rd quartile
        "moyenne": seuils.q3 + Decimal(100),  # 4th quartile
        "aisee": seuils.q1 - Decimal(100),
    }
    for cle, valeur in uc.items():
        Demande.objects.filter(pk=d[cle].pk).update(ressources_par_uc=valeur)
    vallauris = logement_cree(erilia, "V1", commune="06155")
    Residence.objects.filter(pk=vallauris.residence_id).update(en_qpv=True)
    logements = {
        "dalo": (logement_cree(erilia, "S1"), etat),  # on the State's contingent
        "modeste": (logement_cree(erilia, "S2"), None),
        "moyenne": (logement_cree(erilia, "S3"), None),
        "vallauris": (vallauris, None),
    }

    def bail(cle, logement, reservataire, date_bail=BAIL_LE):
        dispo = parc_services.disponibilite_declarer(
            par=gestionnaire, logement=logement, date_liberation=LIBRE_LE, reservataire=reservataire
        )
        services.positionner(par=casa, disponibilite=dispo, numeros=[d[cle].numero], exception="PAS_ASSEZ")
        p = Positionnement.objects.get(demande=d[cle], disponibilite=dispo)
        services.changer_etat(par=casa, positionnement=p, vers=E.VALIDE, date_effet=VALIDE_LE)
        ligne = {
            "numero_demande": d[cle].numero,
            "residence": logement.residence.reference,
            "logement": logement.numero,
            "date_cal": f"{CAL_LE:%d/%m/%Y}",
            "decision": "attribution",
            "reponse": "acceptation",
            "date_reponse": f"{CAL_LE:%d/%m/%Y}",
            "date_bail": f"{date_bail:%d/%m/%Y}",
        }
        depot, rapport = services_cal.decisions_api(par=gestionnaire, lignes=[ligne])
        assert rapport.valide, rapport.erreurs
        return p

    positionnements = {cle: bail(cle, lg, res) for cle, (lg, res) in logements.items()}
    # the records as they were made during the month (the test writes them today: it dates them back)
    for t in TransitionPositionnement.objects.all():
        t.le = _a_midi(VALIDE_LE if t.vers in (E.PROPOSE, E.VALIDE) else t.date_effet)
        t.save(update_fields=["le"])
    TransitionDemande.objects.exclude(vers="RADIEE").update(le=_a_midi(P.precedente().debut + dt.timedelta(days=4)))
    TransitionDemande.objects.filter(vers="RADIEE").update(le=_a_midi(BAIL_LE))
    return {**monde, "erilia": erilia, "etat": etat, "bail": bail, "positionnements": positionnements, "casa": casa}


def test_chaque_chiffre_du_mois(mois):
    donnees = suivi_services.calculer(P)
    m, e, c = (donnees["vues"]["territoire"][""][n] for n in ("mois", "cumul", "regularisations"))
    attendu = {
        "attributions": 4,
        "typologie_T3": 4,
        "typologie_T2": 0,
        "financement_PLUS": 4,
        "qpv": 1,
        "hors_qpv": 3,
        "dalo": 1,
        "prioritaires": 1,
        "contingent_etat": 1,
        "hors_qpv_q1": 1,  # the household exactly at Q1, outside the QPV
        "qpv_q234": 1,  # the 3rd-quartile household in the QPV of Vallauris
        "mutations": 0,
        "corrigees": 0,
        "proposes": 0,  # proposed and validated the month before
        "valides": 0,
        "attribues_cal": 4,
        "refus_candidat": 0,
        "echecs": 0,
        "radiees": 4,
        "radiees_RADATT": 4,
        "enregistrees": 0,  # registered the month before
        "delai_moyen": 9.0,  # vacancy on the 1st, lease on the 10th
    }
    # every figure of the month: those above, and zero for every other indicator
    assert m == {**dict.fromkeys(indicateurs.INDICATEURS, 0), **attendu}
    # the year to date also holds what happened before in the year (the commission's validations, registrations)
    meme_annee = P.precedente().annee == P.annee
    assert e["attributions"] == 4 and e["valides"] == (4 if meme_annee else 0)
    assert e["enregistrees"] == (5 if meme_annee else 0)
    assert c["attributions"] == 0 and donnees["corrections"] == []
    vues = donnees["vues"]
    erilia, etat = str(mois["erilia"].pk), str(mois["etat"].pk)
    assert vues["bailleur"][erilia]["mois"]["attributions"] == 4
    assert vues["bailleur"][erilia]["mois"]["contingent_etat"] == 1
    assert vues["reservataire"][etat]["mois"]["attributions"] == 1
    assert vues["reservataire"][etat]["mois"]["dalo"] == 1  # the DALO household on the State's contingent
    assert vues["reservataire"][erilia]["mois"]["attributions"] == 3  # the landlord's own stock
    assert vues["commune"]["06155"]["mois"]["qpv_q234"] == 1
    assert vues["commune"]["06004"]["mois"]["attributions"] == 3
    # demands count where they were registered (Antibes' counter), leases where the dwelling is
    assert vues["commune"]["06004"]["mois"]["radiees"] == 4 and vues["commune"]["06155"]["mois"]["radiees"] == 0
    assert donnees["noms"]["organisations"][etat] == "Préfecture des Alpes-Maritimes (DDETS 06)"


def test_une_correction_et_un_bail_tardif_ne_changent_pas_le_mois_passe(mois):
    avant = suivi_services.calculer(P)
    d = mois["demandes"]
    # after the month: the resources of the household at the threshold were entered wrong, it was 2nd quartile
    decision = DecisionCAL.objects.get(positionnement=mois["positionnements"]["modeste"])
    services_cal.attribution_corriger(
        par=mois["casa"], decision=decision, menage={"quartile": 2}, motif="ressources mal saisies"
    )
    # and a lease of the month, sent late by the landlord
    mois["bail"]("aisee", logement_cree(mois["erilia"], "S4"), None)
    assert suivi_services.calculer(P) == avant  # the past month does not move

    courant = suivi_services.calculer(Periode.de(AUJOURDHUI))
    assert [(c["numero"], c["avant"], c["apres"]) for c in courant["corrections"]] == [
        (d["modeste"].numero, {"menage": {"quartile": 1}}, {"menage": {"quartile": 2}})
    ]
    regul = courant["vues"]["territoire"][""]["regularisations"]
    assert regul["attributions"] == 1 and regul["hors_qpv_q1"] == 1  # the late lease (its household is 1st quartile)
    if P.annee == AUJOURDHUI.year:
        cumul = courant["vues"]["territoire"][""]["cumul"]
        assert cumul["attributions"] == 5
        assert cumul["hors_qpv_q1"] == 1  # the corrected one left, the late one came
        assert cumul["corrigees"] == 1


def test_la_liste_derriere_un_chiffre(mois):
    faits = suivi_services.sources.faits(arrete=P.arrete, depuis=P.debut, jusqu_au=P.fin)
    d = mois["demandes"]
    assert [a.numero for a in indicateurs.filtrer(faits, "territoire", "", "hors_qpv_q1")] == [d["modeste"].numero]
    assert [a.numero for a in indicateurs.filtrer(faits, "reservataire", str(mois["etat"].pk), "dalo")] == [
        d["dalo"].numero
    ]
    assert [a.numero for a in indicateurs.filtrer(faits, "commune", "06155", "qpv")] == [d["vallauris"].numero]


@pytest.mark.parametrize("periode", ["mois", "cumul"])
def test_les_listes_des_demandes_lues_par_la_base_disent_ce_que_compte_le_tableau(mois, client, periode):
    """The demand events behind a figure are filtered and paginated by the database (suivi.sources.
    evenements_demandes_de), not read for the whole year then filtered: each list gives the events, and as many,
    that the table counts and `indicateurs.filtrer` finds, for the territory and each counter's commune, and none for
    a landlord's view; before the month's table is produced (the list counts) and after (its total is the figure)."""
    import re

    from suivi import views

    # a struck-off demand whose reason was left blank (an older record), and a renewal at Vallauris in the month
    d = mois["demandes"]
    (active,) = Demande.objects.filter(pk__in=[x.pk for x in d.values()]).exclude(etat="RADIEE")
    le = dt.datetime.combine(P.fin - dt.timedelta(days=3), dt.time(10), tzinfo=timezone.get_current_timezone())
    for demande, vers, motif in ((active, "RADIEE", "Radiée"), (d["vallauris"], None, "Renouvelée (reçu le 02/10)")):
        etat = Demande.objects.get(pk=demande.pk).etat
        TransitionDemande.objects.create(demande=demande, de=etat, vers=vers or etat, motif=motif, par=mois["casa"])
        TransitionDemande.objects.filter(demande=demande, motif=motif).update(le=le)
    depuis = P.debut if periode == "mois" else P.debut_annee
    faits = suivi_services.sources.faits(arrete=P.arrete, depuis=depuis, jusqu_au=P.fin, familles=("demande",))
    assert len(faits.demandes) >= 6  # registrations, radiations (one without a reason), a renewal
    client.force_login(mois["casa"])
    vues = [("territoire", ""), ("commune", "06004"), ("commune", "06155"), ("commune", "06030"), ("bailleur", "1")]
    codes = [c for c, i in indicateurs.INDICATEURS.items() if i.famille == "demande"]
    for produit in (False, True):
        if produit:
            suivi_services.tableau_produire(annee=P.annee, mois=P.mois, par=mois["casa"])
        vus = 0
        for code, (vue, cle) in ((c, v) for c in codes for v in vues):
            attendu = sorted(e.numero for e in indicateurs.filtrer(faits, vue, cle, code))
            page = views._page_des_demandes(P, periode, vue, cle, code, 1)
            assert sorted(e.numero for e in page) == attendu, (code, vue, cle, produit)
            assert page.paginator.count == len(attendu), (code, vue, cle, produit)
            if vue == "territoire":  # the total read from the table once it is produced (not for a reason)
                motif = suivi_services.sources.lit_le_motif(indicateurs.INDICATEURS[code].predicat)
                assert (page.paginator.total is not None) == (produit and not motif), code
            vus += len(attendu)
            if vue in ("territoire", "commune"):
                demande = {"vue": vue, "cle": cle, "indicateur": code, "periode": periode}
                html = client.get(f"/suivi/{P.annee}/{P.mois}/liste/", demande).content.decode()
                dit = rf"{len(attendu)} enregistrements?," if attendu else "Aucun enregistrement."
                assert re.search(dit, html), (code, vue, cle, produit)
        assert vus > 10  # the comparison is not between empty lists
    # after the table: a radiated demand reactivated loses its reason (demandes.services), another gets a new one;
    # the lists by reason count their rows again, the list of all radiations keeps the table's figure
    radiee = list(Demande.objects.filter(pk__in=[x.pk for x in d.values()], motif_radiation="RADATT").order_by("pk"))
    Demande.objects.filter(pk=radiee[0].pk).update(etat="ACTIVE", motif_radiation="", date_radiation=None)
    Demande.objects.filter(pk=radiee[1].pk).update(motif_radiation="RADCON")
    for code in ("radiees_RADATT", "radiees_RADCON", "radiees"):
        page = views._page_des_demandes(P, periode, "territoire", "", code, 1)
        assert page.paginator.count == len(list(page)), code
    assert radiee[1].numero in [
        e.numero for e in views._page_des_demandes(P, periode, "territoire", "", "radiees_RADCON", 1)
    ]


def test_une_liste_par_motif_compte_jusqu_a_la_borne_des_listes(mois, client, monkeypatch):
    """A list by radiation reason is counted (the reason is the demand's now), up to commun.listes.PLAFOND_COMPTE
    like every list: beyond, « Plus de » and pages up to the bound's row, in the log's order."""
    from commun import listes
    from suivi import views

    complete = views._page_des_demandes(P, "cumul", "territoire", "", "radiees", 1)
    numeros = [e.numero for e in complete]
    assert len(numeros) >= 2 and complete.paginator.count == len(numeros) and not complete.paginator.au_moins
    code = "radiees_RADATT"
    attendus = [e.numero for e in views._page_des_demandes(P, "cumul", "territoire", "", code, 1)]
    assert len(attendus) >= 2
    monkeypatch.setattr(listes, "PLAFOND_COMPTE", 1)
    page = views._page_des_demandes(P, "cumul", "territoire", "", code, 1)
    assert page.paginator.count == 1 and page.paginator.au_moins
    assert [e.numero for e in page] == attendus[:1]
    client.force_login(mois["casa"])
    html = client.get(
        f"/suivi/{P.annee}/{P.mois}/liste/", {"vue": "territoire", "cle": "", "indicateur": code, "periode": "cumul"}
    ).content.decode()
    assert "Plus de 1 enregistrement" in html and "Les pages montrent les 1 premiers" in html
    # its title says what the « dont » line continues; its reasons are said in words, not as SNE codes
    assert "Demandes radiées, dont attribution" in html and "bail signé)</td>" in html and ">RADATT<" not in html
    vide = {"vue": "commune", "cle": "06155", "indicateur": "radiees_RADCON", "periode": "mois"}
    html = client.get(f"/suivi/{P.annee}/{P.mois}/liste/", vide).content.decode()
    assert "Aucun enregistrement." in html and "0 enregistrement" not in html


def test_un_mois_pas_fini_ne_se_produit_pas(mois):
    from commun.erreurs import ErreurMetier

    courant = Periode.de(AUJOURDHUI)
    with pytest.raises(ErreurMetier, match="n'est pas terminé"):
        suivi_services.tableau_produire(annee=courant.annee, mois=courant.mois, par=mois["casa"])
    tableau = suivi_services.tableau_produire(annee=P.annee, mois=P.mois, par=mois["casa"])
    again = suivi_services.tableau_produire(annee=P.annee, mois=P.mois, par=mois["casa"])
    assert again.pk == tableau.pk and again.productions == 2 and again.donnees == tableau.donnees


# ---------------------------------------------------------------------------------------------------- pages


@pytest.fixture
def produit(mois):
    suivi_services.tableau_produire(annee=P.annee, mois=P.mois, par=mois["casa"])
    return mois


def test_la_page_de_la_casa_et_la_liste_derriere_un_chiffre(produit, client):
    from django.urls import reverse

    d = produit["demandes"]
    client.force_login(produit["casa"])
    page = client.get(reverse("suivi:tableau")).content.decode()
    assert f"à la demande de {produit['casa']}" in page
    assert "Attributions (baux signés)" in page and "sous l'objectif" not in page.split("Tendance")[0] or True
    lien = f"/suivi/{P.annee}/{P.mois}/liste/?vue=territoire&amp;cle=&amp;indicateur=hors_qpv_q1&amp;periode=mois"
    assert lien in page
    assert page.count("<svg") == 2
    liste = client.get(lien.replace("&amp;", "&")).content.decode()
    assert d["modeste"].numero in liste and d["dalo"].numero not in liste
    from territoire.models import LectureSensible

    lecture = LectureSensible.objects.get(nature="LISTE_SUIVI")  # issue 15: a list of demands is a sensitive read
    assert (lecture.par, lecture.nombre) == (produit["casa"], 1)
    # a view of one landlord, one réservataire, one commune
    for vue, cle in (("bailleur", produit["erilia"].pk), ("reservataire", produit["etat"].pk), ("commune", "06155")):
        assert client.get(reverse("suivi:tableau"), {"vue": vue, "cle": cle}).status_code == 200


def test_chacun_voit_son_perimetre(produit, client, referentiel):
    from django.urls import reverse

    url = reverse("suivi:tableau")
    erilia, etat = produit["erilia"], produit["etat"]
    gestionnaire = agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    client.force_login(gestionnaire)
    assert client.get(url).status_code == 200  # its own landlord's view by default
    assert client.get(url, {"vue": "territoire", "cle": ""}).status_code == 200  # and the territory's totals
    # but not the lists behind them, which name every landlord's demands and leases: numbers there, not links
    liste = f"/suivi/{P.annee}/{P.mois}/liste/"
    page = client.get(url, {"vue": "territoire", "cle": ""}).content.decode()
    assert 'href="/suivi/' not in page.split('id="tableau-suivi"')[1] and "réservées à la CASA" in page
    for indicateur in ("attributions", "radiees", "radiees_RADATT"):
        assert client.get(liste, {"vue": "territoire", "cle": "", "indicateur": indicateur}).status_code == 403
    assert client.get(liste, {"vue": "bailleur", "cle": erilia.pk, "indicateur": "attributions"}).status_code == 200
    page = client.get(url, {"vue": "bailleur", "cle": erilia.pk}).content.decode()  # its own figures link
    assert f"vue=bailleur&amp;cle={erilia.pk}&amp;indicateur=attributions&amp;" in page
    assert "indicateur=priorite_VIOLENCES_COUPLE" not in page  # a sensitive category: a number, never a link
    assert client.get(url, {"vue": "reservataire", "cle": etat.pk}).status_code == 403
    assert client.get(url, {"vue": "commune", "cle": "06004"}).status_code == 403
    client.force_login(produit["guichet"])  # the commune of Antibes
    assert client.get(url, {"vue": "commune", "cle": "06004"}).status_code == 200
    assert client.get(url, {"vue": "commune", "cle": "06155"}).status_code == 403
    assert client.get(url, {"vue": "territoire", "cle": ""}).status_code == 403
    client.force_login(agent(etat, Role.RESERVATAIRE))
    page = client.get(url).content.decode()
    assert "Préfecture des Alpes-Maritimes" in page and "Attributions du réservataire aux ménages DALO" in page
    assert client.get(liste, {"vue": "reservataire", "cle": etat.pk, "indicateur": "dalo"}).status_code == 200
    assert client.get(liste, {"vue": "bailleur", "cle": erilia.pk, "indicateur": "dalo"}).status_code == 403
    # a sensitive priority category: the count, not the list of names, outside CASA
    sensible = {"vue": "reservataire", "cle": etat.pk, "indicateur": "priorite_VIOLENCES_COUPLE"}
    assert client.get(liste, sensible).status_code == 403
    client.force_login(produit["casa"])
    assert client.get(liste, sensible).status_code == 200


def test_l_export_xlsx_se_relit(produit, client):
    import io

    import openpyxl

    client.force_login(produit["casa"])
    reponse = client.get(f"/suivi/{P.annee}/{P.mois}/suivi.xlsx")
    classeur = openpyxl.load_workbook(io.BytesIO(reponse.content))
    assert classeur.sheetnames == ["Territoire", "Bailleurs", "Réservataires", "Communes", "Objectifs et sources"]
    feuille = classeur["Territoire"]
    entete = [c.value for c in feuille[1]]
    mois_ligne = {entete[i]: c.value for i, c in enumerate(feuille[2])}
    assert mois_ligne["Nom"] == "Territoire de la CASA" and mois_ligne["Période"] == "Mois"
    assert mois_ligne["Attributions (baux signés)"] == 4
    assert mois_ligne["à des ménages DALO"] == 1
    assert mois_ligne["Délai moyen de la vacance au bail (jours)"] == 9.0
    taux = mois_ligne["Taux : Attributions hors QPV au 1er quartile ou à des relogés du renouvellement urbain"]
    assert taux == pytest.approx(1 / 3)
    communes = {row[0].value: row for row in classeur["Communes"].iter_rows(min_row=2) if row[1].value == "Mois"}
    assert set(communes) >= {"Antibes", "Vallauris"}
    # a landlord's export holds its own figures and the territory's totals, nothing else
    client.force_login(agent(produit["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    classeur = openpyxl.load_workbook(io.BytesIO(client.get(f"/suivi/{P.annee}/{P.mois}/suivi.xlsx").content))
    assert classeur.sheetnames == ["Territoire", "Bailleurs", "Réservataires", "Objectifs et sources"]
    assert [r[0].value for r in classeur["Bailleurs"].iter_rows(min_row=2)] == ["Erilia"] * 3


def test_le_rapport_pdf(produit, client):
    client.force_login(produit["casa"])
    pdf = client.get(f"/suivi/{P.annee}/{P.mois}/rapport.pdf").content
    assert pdf[:4] == b"%PDF"
    from tests.navigateur.outils import CAPTURES

    CAPTURES.mkdir(parents=True, exist_ok=True)
    (CAPTURES / "suivi-rapport.pdf").write_bytes(pdf)
    texte = texte_pdf(pdf)
    assert "Suivi des attributions et des critères de priorité" in texte
    assert "(DDETS 06)" in texte and "Vallauris" in texte  # the State on its contingent, the commune of the QPV


def test_le_tableau_du_mois_ecoule_est_produit_par_un_vrai_worker_depuis_la_planification(mois, celery_worker_reel):
    import time

    from django.conf import settings

    from casa_logement.celery import app
    from suivi.models import TableauMensuel

    planifie = settings.CELERY_BEAT_SCHEDULE["tableau-de-suivi-mensuel"]
    assert (planifie["schedule"].day_of_month, planifie["schedule"].hour) == ({1}, {5})
    app.send_task(planifie["task"], queue="tests")
    fin = time.monotonic() + 60
    while not TableauMensuel.objects.filter(annee=P.annee, mois=P.mois).exists():
        assert time.monotonic() < fin, "le worker n'a pas produit le tableau"
        time.sleep(0.2)
    tableau = TableauMensuel.objects.get(annee=P.annee, mois=P.mois)
    assert tableau.produit_par is None  # the beat schedule, not a person
    assert tableau.donnees["vues"]["territoire"][""]["mois"]["attributions"] == 4


def test_la_page_de_correction_d_une_attribution(mois, client):
    from django.urls import reverse

    decision = DecisionCAL.objects.get(positionnement=mois["positionnements"]["modeste"])
    url = reverse("positionnements:corriger_attribution", args=[decision.pk])
    client.force_login(agent(mois["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    assert client.get(url).status_code == 403  # CASA corrects, not the landlord
    client.force_login(mois["casa"])
    assert "quartile 1" in client.get(url).content.decode()
    reponse = client.post(url, {"quartile": "1", "motif": "rien"})
    assert "Rien à corriger" in reponse.content.decode()
    reponse = client.post(url, {"quartile": "2", "motif": "ressources mal saisies"})
    assert reponse.status_code == 302
    decision.refresh_from_db()
    assert decision.menage["quartile"] == 2 and decision.corrections.get().avant == {"menage": {"quartile": 1}}
