"""« Les étapes » (portail/etapes.py, portail/views/etapes.py): the timeline of a household at each stage —
registered, qualified, renewed, warned, proposed and judged by the CASA commission, decided by the landlord's CAL
(ranked, under a condition, not attributed, refused by the candidate, the lease), struck off and reactivated —, each
line worded from structured data (an agent's free text never shows), the dwelling named by its typology and commune
only, and nothing of the other candidates of the same dwelling."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissions import services as commissions_services
from commissions.models import DecisionAvis
from demandes import services
from demandes.codes import MotifRadiation
from demandes.qualification import TypePiece
from positionnements.etats import EtatPositionnement as E
from positionnements.models import Positionnement
from territoire.roles import Role
from tests.commissions.fabriques import tenir
from tests.positionnements.fabriques_cal import (
    BAIL_LE,
    CAL_LE,
    REPONSE_LE,
    VALIDE_LE,
    appliquer,
    deposer,
    fichier_csv,
    j,
    ligne,
    lignes_completes,
)
from tests.territoire.fabriques import agent

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

ETAPES = "/mon-logement/etapes/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What no timeline may show of a dwelling (its residence, address, number) nor of the world's other households.
LOGEMENT = ("Les Oliviers", "1 rue", "A11", "A12", "Erilia")
NOMS = {"modeste": "Arnaud", "moyenne": "Blanc", "aisee": "Costa", "vallauris": "Durand", "dalo": "Ernst"}


def texte(reponse) -> str:
    assert reponse.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(reponse.content.decode()))


def lignes(page: str) -> list[str]:
    """The timeline's lines, in the page's order, each as one text."""
    frise = re.search(r'<ol class="frise mb-0">(.*?)</ol>', page)[1]
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", frise)]


def du_logement(page: str) -> list[str]:
    """The timeline's lines but the filing and the registration: the CAL returns' world registers its demands today
    and dates its commission and CAL in the past (tests/positionnements/fabriques_cal.py)."""
    return [li for li in lignes(page) if " Demande déposée " not in li and " Demande enregistrée " not in li]


def rien_des_autres(page: str, monde: dict, moi: str) -> None:
    """Nothing of the dwelling but its typology and commune, nothing of another household of the world (in what the
    page says: its tags and attributes left out, a random CSRF token could hold « A12 »)."""
    page = re.sub(r"<[^>]+>", " ", page)
    for mot in LOGEMENT:
        assert mot not in page, mot
    for cle, d in monde["demandes"].items():
        if cle == moi:
            continue
        assert NOMS[cle] not in page, cle
        assert d.numero not in page, cle


# ---------------------------------------------------------------------------------------------------- the demand


def test_sans_connexion_la_page_renvoie_a_la_connexion(client):
    reponse = client.get(reverse("portail:etapes"))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("portail:connexion")


def test_une_demande_enregistree_puis_qualifiee(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    connecter(client, d)
    page = texte(client.get(ETAPES))
    assert reverse("portail:etapes") == ETAPES
    assert lignes(page) == [
        f"{d.date_enregistrement:%d/%m/%Y} Demande enregistrée Numéro {d.numero}. Elle vaut un an et se renouvelle "
        "chaque année.",
        f"05/10/2026 Demande déposée Au guichet : {d.guichet.nom}. Votre ancienneté compte à partir de ce jour.",
    ]
    assert "Brouillon" not in page  # the draft's log line is not a step
    services.piece_deposer(
        par=guichet,
        demande=d,
        type=TypePiece.AVIS_IMPOSITION,
        fichier=SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf"),
    )
    for t in (TypePiece.IDENTITE, TypePiece.LOGEMENT_ACTUEL, TypePiece.RESSOURCES):
        services.piece_deposer(par=guichet, demande=d, type=t, vue_en_original=True)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    services.demande_qualifier(par=instructeur, demande=d, motif="Vu avec Mme en entretien, situation tendue")
    page = texte(client.get(ETAPES))
    assert lignes(page)[0].endswith(
        "Dossier complet : demande qualifiée Les pièces attendues pour votre situation sont reçues."
    )
    assert "situation tendue" not in page  # the agent's words are not the applicant's step
    assert "Qualifiée (dossier complet)" in page  # the status in words above the timeline


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 18, 0, 30, tzinfo=ZoneInfo("Europe/Paris")),  # 23:30 UTC the day before, winter
        dt.datetime(2026, 10, 20, 0, 30, tzinfo=ZoneInfo("Europe/Paris")),  # 22:30 UTC the day before, summer time
    ],
    ids=["hiver", "ete"],
)
def test_une_demande_qualifiee_a_minuit_et_demie_l_est_le_jour_de_paris(client, referentiel, moment):
    """A step recorded after midnight in Paris, still the day before in UTC, is dated Paris's day, and so stays on top
    of the registration of the same day (the CI failures after 23:00 UTC: the day was cut from the UTC moment)."""
    with time_machine.travel(moment, tick=False):
        d, guichet = demande_de_famille(referentiel)
        for t in (TypePiece.AVIS_IMPOSITION, TypePiece.IDENTITE, TypePiece.LOGEMENT_ACTUEL, TypePiece.RESSOURCES):
            services.piece_deposer(par=guichet, demande=d, type=t, vue_en_original=True)
        instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
        services.demande_qualifier(par=instructeur, demande=d, motif="Entretien")
        connecter(client, d)
        page = texte(client.get(ETAPES))
    jour = f"{moment:%d/%m/%Y}"
    assert d.date_enregistrement == moment.date()
    assert lignes(page)[:2] == [
        f"{jour} Dossier complet : demande qualifiée Les pièces attendues pour votre situation sont reçues.",
        f"{jour} Demande enregistrée Numéro {d.numero}. Elle vaut un an et se renouvelle chaque année.",
    ]


def test_renouvellement_avertissement_radiation_et_reactivation(client, referentiel):
    with time_machine.travel(dt.datetime(2026, 10, 10, 10), tick=False):
        d, guichet = demande_de_famille(referentiel)
    with time_machine.travel(dt.datetime(2027, 7, 20, 10), tick=False):
        services.demande_renouveler(par=guichet, demande=d)
        services.avertissement_envoyer(par=guichet, demande=d, objet="Relance : le mari a appelé, très agressif")
    with time_machine.travel(dt.datetime(2027, 8, 2, 10), tick=False):
        connecter(client, d)  # a session of today's
        page = texte(client.get(ETAPES))
    etapes = lignes(page)
    assert etapes[0] == (
        "20/07/2027 Courrier d'avertissement envoyé Il vous demande de confirmer que votre demande vous intéresse "
        "toujours. Sans réponse de votre part, elle serait radiée le 20/09/2027."
    )
    assert etapes[1] == "20/07/2027 Demande renouvelée Elle est valable jusqu'au 05/10/2028."
    assert "agressif" not in page  # the letter's subject, typed by an agent, is not read
    with time_machine.travel(dt.datetime(2027, 9, 21, 10), tick=False):
        assert services.demandes_sans_reponse_radier() == 1  # the beat job, RADCON with its own comment
    with time_machine.travel(dt.datetime(2027, 10, 1, 10), tick=False):
        courrier = d.courriers.get(type="AVERTISSEMENT")
        services.avertissement_reponse_noter(par=guichet, courrier=courrier)
        client.cookies.clear()  # the session of August has ended
        connecter(client, d)
        page = texte(client.get(ETAPES))
    etapes = lignes(page)
    assert etapes[:3] == [
        "01/10/2027 Demande réactivée par votre réponse au courrier Elle garde son numéro et son ancienneté.",
        "01/10/2027 Votre réponse au courrier d'avertissement est reçue",
        "21/09/2027 Demande radiée : pas de réponse au courrier d'avertissement Votre guichet peut vous dire si "
        "elle peut encore être réactivée.",
    ]


def test_une_demande_radiee_dit_son_motif_sans_le_commentaire_de_l_agent(client, referentiel):
    d, guichet = demande_de_famille(referentiel)
    services.demande_radier(
        par=guichet, demande=d, motif=MotifRadiation.RADABA, commentaire="a trouvé chez sa sœur, dossier pénible"
    )
    connecter(client, d)
    page = texte(client.get(ETAPES))
    assert lignes(page)[0] == (
        f"{d.date_enregistrement:%d/%m/%Y} Demande radiée à votre demande Vous avez renoncé à votre demande."
    )
    assert "pénible" not in page and "sœur" not in page


# ------------------------------------------------------------------------------------- commission and CAL


def test_proposee_puis_avis_de_la_commission_sans_rien_des_autres_candidats(client, ccpc):
    c = ccpc
    d, m, sec = c["demandes"], c["membres"], c["secretariat"]
    s = tenir(c, "elu1", "elu2", "etat")
    p = {k: d[k].positionnements.get() for k in ("dalo", "modeste", "moyenne", "aisee")}
    for k, decision, motif in (
        ("dalo", DecisionAvis.VALIDE, ""),
        ("modeste", DecisionAvis.VALIDE, ""),
        ("moyenne", DecisionAvis.REFUSE, "Ressources à actualiser, dette chez le bailleur"),
        ("aisee", DecisionAvis.AJOURNE, "Pièces manquantes"),
    ):
        commissions_services.avis_enregistrer(
            par=sec, seance=s, positionnement=p[k], decision=decision, rapporteur=m["elu1"], motif=motif
        )
    commissions_services.cloturer(par=sec, seance=s)
    jour = f"{timezone.localdate():%d/%m/%Y}"
    connecter(client, d["modeste"])
    page = texte(client.get(ETAPES))
    assert lignes(page)[:2] == [
        f"{jour} Avis favorable de la commission de la CASA Pour un T3 à Antibes Votre candidature est transmise à "
        "la commission d'attribution du bailleur, qui décide.",
        f"{jour} Proposée pour un logement Pour un T3 à Antibes Votre demande est présentée à la commission de la "
        "CASA pour ce logement.",
    ]
    assert "résentée à la commission d'attribution du bailleur pour un logement" in page  # the status
    rien_des_autres(page, c, "modeste")
    assert s.numero not in page and "Ressources à actualiser" not in page
    client.cookies.clear()
    connecter(client, d["moyenne"])
    page = texte(client.get(ETAPES))
    assert lignes(page)[0] == (
        f"{jour} Candidature non retenue par la commission de la CASA Pour un T3 à Antibes Votre demande reste "
        "valable pour d'autres logements. Votre guichet peut vous en dire la raison."
    )
    assert "dette" not in page and "Ressources à actualiser" not in page  # the avis' reason: the commission's text
    rien_des_autres(page, c, "moyenne")
    client.cookies.clear()
    connecter(client, d["aisee"])
    assert "Examen reporté par la commission de la CASA" in texte(client.get(ETAPES))


@pytest.mark.jour_fige
def test_les_decisions_de_la_cal_le_bail_et_les_autres_candidats(client, retours, django_assert_max_num_queries):
    r, d = retours, retours["demandes"]
    appliquer(r, deposer(r, fichier_csv(lignes_completes(r))))
    connecter(client, d["dalo"])
    with django_assert_max_num_queries(12):
        page = texte(client.get(ETAPES))
    valide_le = f"{VALIDE_LE:%d/%m/%Y}"
    assert du_logement(page) == [
        f"{j(BAIL_LE)} Demande radiée : un logement vous a été attribué Votre demande est satisfaite.",
        f"{j(BAIL_LE)} Bail signé Pour un T3 à Antibes Votre demande est satisfaite : elle est radiée pour "
        "attribution.",
        f"{j(REPONSE_LE)} Vous avez accepté le logement Pour un T3 à Antibes Le bail reste à signer avec le bailleur.",
        f"{j(CAL_LE)} Logement attribué par classement Pour un T3 à Antibes Vous êtes classé au rang 1 : le "
        "logement vous est proposé. Le bailleur vous fait une offre : vous avez dix jours au moins pour répondre ; "
        "sans réponse, elle vaut refus.",
        f"{valide_le} Avis favorable de la commission de la CASA Pour un T3 à Antibes Votre candidature est "
        "transmise à la commission d'attribution du bailleur, qui décide.",
        # proposed (recorded) today by the world's builder, before its avis dated 40 days ago: said on that day
        f"{valide_le} Proposée pour un logement Pour un T3 à Antibes Votre demande est présentée à la commission "
        "de la CASA pour ce logement.",
    ]
    rien_des_autres(page, r, "dalo")
    client.cookies.clear()
    connecter(client, d["modeste"])  # ranked second on the same dwelling: released by the lease of the first
    page = texte(client.get(ETAPES))
    assert du_logement(page)[:2] == [
        f"{timezone.localdate():%d/%m/%Y} Ce logement a été attribué à un autre candidat Pour un T3 à Antibes Votre "
        "demande reste valable pour d'autres logements.",
        f"{j(CAL_LE)} Logement attribué par classement Pour un T3 à Antibes Vous êtes classé au rang 2 : le "
        "logement vous sera proposé si les candidats classés avant vous le refusent.",
    ]
    rien_des_autres(page, r, "modeste")
    client.cookies.clear()
    connecter(client, d["moyenne"])
    page = texte(client.get(ETAPES))
    assert du_logement(page)[0] == (
        f"{j(CAL_LE)} Logement non attribué par la commission d'attribution du bailleur Pour un T3 à Antibes "
        "Motif : ressources insuffisantes pour ce loyer. Votre demande reste valable pour d'autres logements."
    )
    rien_des_autres(page, r, "moyenne")
    client.cookies.clear()
    connecter(client, d["aisee"])
    page = texte(client.get(ETAPES))
    assert du_logement(page)[0] == (
        f"{j(CAL_LE)} Logement attribué sous condition Pour un T3 à Antibes Il vous sera proposé une fois la "
        "condition remplie. Condition à remplir : avis d'imposition 2025."
    )
    rien_des_autres(page, r, "aisee")


@pytest.mark.jour_fige
def test_une_offre_refusee_par_le_candidat_dit_son_motif_et_son_effet(client, retours):
    r, d = retours, retours["demandes"]
    fichier = fichier_csv(
        [
            ligne(
                d["aisee"],
                "A12",
                decision="attribution",
                reponse="refus",
                date_reponse=j(REPONSE_LE),
                motif_refus="loyer trop cher",
            ),
            ligne(d["moyenne"], decision="rejet pour irrecevabilité", motif_decision="IRRRES ressources"),
        ]
    )
    appliquer(r, deposer(r, fichier))
    assert Positionnement.objects.get(demande=d["aisee"]).etat == E.REFUS_CANDIDAT
    connecter(client, d["aisee"])
    page = texte(client.get(ETAPES))
    assert du_logement(page)[:2] == [
        f"{j(REPONSE_LE)} Vous avez refusé le logement Pour un T3 à Antibes Motif : loyer trop élevé. Votre demande "
        "reste valable pour d'autres logements. Ce refus d'une offre adaptée compte dans votre cotation.",
        f"{j(CAL_LE)} Logement attribué par la commission d'attribution du bailleur Pour un T3 à Antibes Le "
        "bailleur vous fait une offre : vous avez dix jours au moins pour répondre ; sans réponse, elle vaut refus.",
    ]
    rien_des_autres(page, r, "aisee")
    client.cookies.clear()
    connecter(client, d["moyenne"])
    assert du_logement(texte(client.get(ETAPES)))[0] == (
        f"{j(CAL_LE)} Candidature rejetée pour irrecevabilité par la commission d'attribution du bailleur Pour un "
        "T3 à Antibes Motif : ressources au-dessus du plafond. Les conditions légales pour obtenir un logement "
        "social ne sont pas remplies."
    )


@pytest.mark.django_db
def test_une_ligne_de_renouvellement_d_une_autre_forme_est_datee_de_son_journal(referentiel):
    """« Renouvelée jusqu'au 17/05/2027 » (no « reçu le ») does not put a step at its validity's end, in the future:
    it is dated by its log row (the demo wrote such lines once)."""
    from demandes.models import TransitionDemande
    from portail import etapes

    demande, guichet = demande_de_famille(referentiel)
    jusqu_au = timezone.localdate() + dt.timedelta(days=300)
    TransitionDemande.objects.create(
        demande=demande, de=demande.etat, vers=demande.etat, par=guichet, motif=f"Renouvelée jusqu'au {j(jusqu_au)}"
    )
    (renouvelee,) = [e for e in etapes.etapes(demande) if e.titre == "Demande renouvelée"]
    assert renouvelee.date == timezone.localdate()
