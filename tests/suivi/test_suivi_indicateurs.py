"""The indicators as pure functions: counting by signature gives what counting fact by fact gives, on varied facts."""

import datetime as dt
import random

from suivi import indicateurs as ind


def _faits(n=3000, graine=7) -> ind.Faits:
    h = random.Random(graine)
    jour = dt.date(2026, 10, 1)
    attributions = [
        ind.Attribution(
            decision_id=i,
            numero=f"N{i}",
            date_bail=jour + dt.timedelta(days=h.randint(0, 30)),
            bailleur=h.randint(1, 5),
            reservataire=h.randint(1, 9),
            commune=h.choice(["06004", "06155", "06029"]),
            typologie=h.choice(ind.TYPOLOGIES),
            financement=h.choice(ind.FINANCEMENTS),
            qpv=h.random() < 0.1,
            libre_le=jour - dt.timedelta(days=h.randint(0, 90)),
            quartile=h.choice([None, 1, 2, 3, 4]),
            dalo=h.random() < 0.05,
            priorites=tuple(h.sample(ind.PRIORITES[1:], h.randint(0, 2))),
            renouvellement_urbain=h.random() < 0.03,
            mutation=h.random() < 0.15,
            contingent_etat=h.random() < 0.25,
            corrigee=h.random() < 0.01,
        )
        for i in range(n)
    ]
    etats = [
        "PROPOSE",
        "VALIDE",
        "ATTRIBUE",
        "ATTRIBUE_RANG",
        "ATTRIBUE_CS",
        "NON_ATTRIBUE",
        "IRRECEVABLE",
        "REFUS_CANDIDAT",
        "ECHEC",
    ]
    positionnements = [
        ind.EvenementPositionnement(i, f"N{i}", h.choice(etats), jour, h.randint(1, 5), h.randint(1, 9), "06004")
        for i in range(n)
    ]
    demandes = [
        ind.EvenementDemande(
            f"D{i}",
            t := h.choice(["ENREGISTREE", "RENOUVELEE", "RADIEE"]),
            jour,
            "06004",
            h.choice(ind.RADIATIONS) if t == "RADIEE" else "",
        )
        for i in range(n)
    ]
    return ind.Faits(attributions, positionnements, demandes)


def test_compter_par_signature_egale_compter_un_par_un():
    faits = _faits()
    bloc = ind.compter(faits)
    for code, i in ind.INDICATEURS.items():
        assert bloc[code] == sum(1 for f in faits.de_la_famille(i.famille) if i.predicat(f)), code
    assert bloc["attributions"] == 3000 and bloc["delai_moyen"] is not None


def test_la_borne_du_premier_quartile_et_le_qpv():
    jour = dt.date(2026, 10, 10)

    def a(**kw):
        base = {
            "decision_id": 1,
            "numero": "N",
            "date_bail": jour,
            "bailleur": 1,
            "reservataire": 1,
            "commune": "06155",
            "typologie": "T3",
            "financement": "PLUS",
            "qpv": False,
        }
        return ind.Attribution(**{**base, **kw})

    faits = ind.Faits(
        attributions=[
            a(quartile=1),
            a(quartile=2),
            a(quartile=2, renouvellement_urbain=True),
            a(qpv=True, quartile=1),
            a(qpv=True, quartile=3),
        ]
    )
    bloc = ind.compter(faits)
    assert (bloc["hors_qpv"], bloc["hors_qpv_q1"], bloc["qpv"], bloc["qpv_q234"]) == (3, 2, 2, 1)
    assert [x.quartile for x in ind.filtrer(faits, "commune", "06155", "qpv_q234")] == [3]
