import datetime as dt
from decimal import Decimal

from commun import format_fr

NBSP = "\xa0"


def test_un_montant_s_ecrit_1_234_virgule_56_euros():
    assert format_fr.euros(Decimal("1234.56")) == f"1{NBSP}234,56{NBSP}€"


def test_un_grand_montant_negatif_garde_ses_separateurs():
    assert format_fr.euros(-1234567.5) == f"-1{NBSP}234{NBSP}567,50{NBSP}€"


def test_un_montant_arrondi_au_centime_le_plus_proche():
    assert format_fr.euros(0.125) == f"0,13{NBSP}€"
    assert format_fr.nombre(999.5) == f"1{NBSP}000"


def test_une_part_s_ecrit_en_pourcentage_a_la_francaise():
    assert format_fr.pourcentage(0.25) == f"25,0{NBSP}%"


def test_une_date_s_ecrit_jour_mois_annee():
    assert format_fr.date(dt.date(2026, 11, 29)) == "29/11/2026"
    assert format_fr.date(None) == ""


def test_les_filtres_de_gabarit_formatent_comme_les_exports():
    from django.template import Context, Template

    rendu = Template("{{ m|euros }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(
        Context({"m": 1234.56, "d": dt.date(2026, 11, 29)})
    )
    assert rendu == f"1{NBSP}234,56{NBSP}€ 29/11/2026"


def test_un_en_tete_de_pdf_garde_son_apostrophe_et_ne_ferme_pas_le_style():
    from django.template import Context, Template

    rendu = Template('{% include "_pdf_styles.html" %}').render(
        Context({"entete": 'Attestation d\'enregistrement — « n° 1 » "x" </style>'})
    )
    assert 'Attestation d\'enregistrement — « n° 1 » \\"x\\" \\3c /style\\3e ' in rendu
    assert "&#x27;" not in rendu and "</style>" in rendu and rendu.count("</style>") == 1


def test_le_module_d_eligibilite_formate_comme_format_fr():
    """demandes/eligibilite/texte.py keeps its own formatting (a pure package: standard library only); same output."""
    from decimal import Decimal

    from demandes.eligibilite import texte

    for valeur, decimales in ((45374, 0), (Decimal("12000"), 2), (Decimal("1650.5"), 2), (Decimal("-3.456"), 2)):
        assert texte.euros(valeur, decimales) == format_fr.euros(Decimal(str(valeur)), decimales)


def test_de_elide_et_contracte_avec_l_article_du_nom():
    """Found by a newcomer: « les occupants de Le Mas des Caroubiers », « les logements de Erilia »."""
    assert format_fr.de("Erilia") == "d'Erilia"
    assert format_fr.de("Vallauris") == "de Vallauris"
    assert format_fr.de("Le Mas des Caroubiers") == "du Mas des Caroubiers"
    assert format_fr.de("Les Jardins de Biot") == "des Jardins de Biot"
    assert format_fr.de("La Pinède") == "de la Pinède"
    assert format_fr.de("L'Olivier") == "de l'Olivier"
    assert format_fr.de("Lenval") == "de Lenval"  # not an article
    assert format_fr.de_la_residence("Résidence Les Collines") == "de la Résidence Les Collines"
    assert format_fr.de_la_residence("Les Collines") == "de la résidence Les Collines"
