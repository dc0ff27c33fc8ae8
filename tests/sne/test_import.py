"""The SNE import applied to the database (sne.services.importer, run at once in the test): creation of a complete
household, the same file twice, an update that keeps the agents' additions, a conflict, a radiation and a
reactivation, the files refused whole, the probable duplicates. docs/sne.md « Import du fichier des demandes »."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.management import call_command

from demandes import services as demandes_services
from demandes.codes import EtatDemande, Lien, MotifRadiation
from demandes.models import Demande, TransitionDemande
from demandes.qualification import TypePiece
from sne import depot, reconciliation, services
from sne.models import (
    ConflitSNE,
    DocumentSNE,
    EtatConflit,
    EtatImportSNE,
    ImportSNE,
    LigneImportSNE,
    OrigineImportSNE,
    ResultatLigne,
)
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.sne.fabriques import demande_xml, fichier_xml, nur
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.jour_fige
NUR_COMPLET = "0060325001234G0612"


def importer(contenu: bytes, nom: str = "sne.xml") -> ImportSNE:
    """Receives and runs an import at once, as the command does."""
    (imp,) = services.imports_creer(contenu=contenu, nom=nom, origine=OrigineImportSNE.COMMANDE, lancer=False)
    return services.importer(import_id=imp.pk)


def lignes(imp: ImportSNE) -> dict[str, list[LigneImportSNE]]:
    par_resultat: dict[str, list] = {}
    for li in imp.lignes.order_by("position"):
        par_resultat.setdefault(li.resultat, []).append(li)
    return par_resultat


def plus_cher(xml: bytes, demande: Demande) -> bytes:
    """The same file with the current rent at 987 € (the fixture's rent element, whatever its exact writing)."""
    nouveau, n = re.subn(rb"(<ns1:montantMensuelLoyer>)[^<]*(</ns1:montantMensuelLoyer>)", rb"\g<1>987.00\g<2>", xml)
    assert n == 1, "la fixture porte le loyer actuel"
    return nouveau


def sans_radiation(xml: bytes) -> bytes:
    return re.sub(rb"<ns1:radiation>.*?</ns1:radiation>", b"", xml, flags=re.S)


@pytest.fixture
def instructeur_casa(referentiel):
    return agent(referentiel["casa"], Role.INSTRUCTEUR)


def test_un_menage_complet_est_cree_avec_son_nur_son_numero_local_et_son_document(referentiel, xml_sne):
    imp = importer(xml_sne("menage_complet"))
    assert imp.etat == EtatImportSNE.APPLIQUE, imp.resultat
    (ligne,) = lignes(imp)[ResultatLigne.CREEE]
    demande = ligne.demande
    assert demande.nur == NUR_COMPLET
    assert re.fullmatch(r"CASA-2026-\d{6}", demande.numero)
    assert demande.reference == NUR_COMPLET
    assert demande.etat == EtatDemande.ACTIVE and demande.agent is None
    liens = sorted(demande.personnes.values_list("lien", flat=True))
    assert liens.count(Lien.DEMANDEUR) == 1 and liens.count(Lien.CO_DEMANDEUR) == 1
    assert demande.personnes.filter(enfant_a_naitre=True).count() == 1
    assert demande.nombre_personnes == demande.personnes.count()
    assert demande.score_cotation is not None and demande.categorie_menage is not None
    document = DocumentSNE.objects.get(demande=demande)
    assert "BENALI" in document.brut and document.empreinte == ligne.demande.document_sne.empreinte
    assert document.hors_menage, "l'enfant en droit de visite est gardé hors du ménage"
    premiere = TransitionDemande.objects.filter(demande=demande).get()
    assert premiere.de == "" and premiere.vers == EtatDemande.ACTIVE and premiere.par_le_sne
    assert imp.resultat.startswith("1 demande : 1 créée")


def test_le_meme_fichier_deux_fois_ne_change_rien(referentiel, xml_sne):
    premier = importer(xml_sne("plusieurs_demandes"))
    crees = premier.compteurs.get(ResultatLigne.CREEE, 0)
    assert crees >= 2
    avant = (Demande.objects.count(), TransitionDemande.objects.count())
    modifiees = dict(Demande.objects.values_list("pk", "modifie_le"))
    second = importer(xml_sne("plusieurs_demandes"))
    assert second.etat == EtatImportSNE.APPLIQUE
    assert second.compteurs.get(ResultatLigne.INCHANGEE) == crees
    assert (Demande.objects.count(), TransitionDemande.objects.count()) == avant
    assert dict(Demande.objects.values_list("pk", "modifie_le")) == modifiees


def test_une_mise_a_jour_garde_l_entretien_et_les_criteres_et_note_les_champs(referentiel, xml_sne, instructeur_casa):
    imp = importer(xml_sne("menage_complet"))
    demande = imp.lignes.get().demande
    demandes_services.entretien_enregistrer(
        par=instructeur_casa, demande=demande, date=dt.date(2026, 11, 12), sujets=["MENAGE"], notes="Vue au guichet."
    )
    demandes_services.piece_deposer(
        par=instructeur_casa, demande=demande, type=TypePiece.values[0], vue_en_original=True, commentaire="original"
    )
    maj = importer(plus_cher(xml_sne("menage_complet"), demande))
    (ligne,) = lignes(maj)[ResultatLigne.MISE_A_JOUR]
    demande.refresh_from_db()
    assert str(demande.loyer_actuel) == "987.00"
    assert demande.entretiens.count() == 1 and demande.pieces.count() == 1
    assert any("loyer" in c for c in ligne.champs)
    assert TransitionDemande.objects.filter(demande=demande, par_le_sne=True, motif__contains="loyer").exists()


def test_un_champ_change_par_un_agent_et_par_le_sne_devient_un_conflit(referentiel, xml_sne, instructeur_casa):
    xml = xml_sne("menage_complet")
    demande = importer(xml).lignes.get().demande
    demandes_services.demande_modifier(par=instructeur_casa, demande=demande, loyer_actuel="700.00")
    imp = importer(plus_cher(xml, demande))
    (ligne,) = lignes(imp)[ResultatLigne.CONFLIT]
    demande.refresh_from_db()
    assert str(demande.loyer_actuel) == "700.00", "la valeur de l'agent reste"
    conflit = ConflitSNE.objects.get(demande=demande, etat=EtatConflit.OUVERT)
    assert (conflit.champ, conflit.valeur_sne, conflit.valeur_locale) == ("loyer_actuel", "987.00", "700.00")
    reconciliation.conflit_trancher(par=instructeur_casa, conflit_id=conflit.pk, garder="SNE")
    demande.refresh_from_db()
    assert str(demande.loyer_actuel) == "987.00"
    with pytest.raises(Exception, match="déjà tranché"):
        reconciliation.conflit_trancher(par=instructeur_casa, conflit_id=conflit.pk, garder="LOCALE")
    # the same file again: the SNE did not move, nothing to do
    assert lignes(importer(plus_cher(xml, demande))).keys() == {ResultatLigne.INCHANGEE}


def test_une_radiation_du_sne_puis_sa_deradiation(referentiel, xml_sne):
    radiation = xml_sne("radiation")
    creees = importer(sans_radiation(radiation))
    assert creees.compteurs.get(ResultatLigne.CREEE) == 2
    imp = importer(radiation)
    assert imp.compteurs.get(ResultatLigne.MISE_A_JOUR) == 2, imp.lignes.values_list("resultat", "motifs")
    irrecevable = Demande.objects.get(nur=NUR_COMPLET)
    assert irrecevable.etat == EtatDemande.RADIEE and irrecevable.motif_radiation == MotifRadiation.RADIRR
    assert irrecevable.date_radiation == dt.date(2026, 11, 10)
    vivante = importer(sans_radiation(radiation))
    irrecevable.refresh_from_db()
    assert irrecevable.etat == EtatDemande.ACTIVE and not irrecevable.motif_radiation
    assert any("réactivée" in e for li in vivante.lignes.all() for e in li.evenements)


def test_un_renouvellement_au_sne_repousse_l_echeance(referentiel, xml_sne):
    xml = xml_sne("renouvellement")
    sans = re.sub(rb"<ns1:dateRenouvellement>[^<]*</ns1:dateRenouvellement>", b"", xml)
    demande = importer(sans).lignes.get().demande
    assert demande.date_echeance == dt.date(2026, 11, 20) and demande.date_dernier_renouvellement is None
    imp = importer(xml)
    demande.refresh_from_db()
    assert demande.date_dernier_renouvellement == dt.date(2026, 11, 12)
    assert demande.date_echeance == dt.date(2027, 11, 12)
    assert any("renouvelée au SNE le 12/11/2026" in e for e in imp.lignes.get().evenements)


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("malforme", ""),
        ("mauvaise_version", "version"),
        ("bombe_entites", ""),
        ("entite_externe", ""),
    ],
)
def test_un_fichier_refuse_n_ecrit_rien(referentiel, xml_sne, fixture, message):
    avant = Demande.objects.count()
    imp = importer(xml_sne(fixture), nom=f"{fixture}.xml")
    assert imp.etat == EtatImportSNE.REFUSE and imp.resultat
    assert message in imp.resultat.lower()
    assert Demande.objects.count() == avant and not imp.lignes.exists()


@pytest.mark.parametrize("fixture", ["code_inconnu", "element_obligatoire_absent"])
def test_une_demande_illisible_est_refusee_avec_sa_raison_et_les_autres_passent(referentiel, xml_sne, fixture):
    imp = importer(xml_sne(fixture))
    refusees = lignes(imp).get(ResultatLigne.REFUSEE, [])
    assert refusees and all(li.motifs for li in refusees)
    assert Demande.objects.filter(nur__in=[li.nur for li in refusees if li.nur]).count() == 0


def test_un_doublon_d_une_demande_locale_sans_nur_attend_un_agent(referentiel, xml_sne, instructeur_casa):
    locale = demande_complete(
        instructeur_casa,
        referentiel["casa"],
        personnes=[
            {"lien": Lien.DEMANDEUR, "nom": "Benali", "prenom": "Samira", "date_naissance": dt.date(1986, 5, 21)}
        ],
    )
    assert locale.nur is None
    imp = importer(xml_sne("menage_complet"))
    (ligne,) = lignes(imp)[ResultatLigne.DOUBLON]
    assert ligne.doublon_de_id == locale.pk and not Demande.objects.filter(nur=NUR_COMPLET).exists()
    rattachee = reconciliation.doublon_trancher(par=instructeur_casa, ligne_id=ligne.pk, decision="RATTACHER")
    assert rattachee.pk == locale.pk and rattachee.nur == NUR_COMPLET
    assert ConflitSNE.objects.filter(demande=locale, etat=EtatConflit.OUVERT).exists()
    with pytest.raises(Exception, match="déjà tranché"):
        reconciliation.doublon_trancher(par=instructeur_casa, ligne_id=ligne.pk, decision="CREER")


def test_la_commande_affiche_le_compte_rendu_et_sort_en_erreur_sur_un_refus(referentiel, xml_sne, tmp_path, capsys):
    bon = tmp_path / "plusieurs.xml"
    bon.write_bytes(xml_sne("plusieurs_demandes"))
    mauvais = tmp_path / "malforme.xml"
    mauvais.write_bytes(xml_sne("malforme"))
    call_command("importer_sne", str(bon))
    assert "Importé" in capsys.readouterr().out
    with pytest.raises(SystemExit) as fin:
        call_command("importer_sne", str(bon), str(mauvais))
    assert fin.value.code == 1
    sortie = capsys.readouterr()
    assert "4 inchangées" in sortie.out and "n'est pas un XML bien formé" in sortie.err


def test_eligibilite_categorie_quartile_et_cotation_comme_au_guichet(referentiel, instructeur_casa):
    """The same household registered at the counter and come from the SNE: the same figures."""
    enfants = (("Lou", dt.date(2016, 3, 2)), ("Tom", dt.date(2019, 8, 30)))
    guichet = demande_complete(
        instructeur_casa,
        referentiel["casa"],
        personnes=[
            {
                "lien": Lien.DEMANDEUR,
                "nom": "Dupont",
                "prenom": "Claire",
                "date_naissance": dt.date(1988, 4, 12),
                "nationalite": "FR",
                "situation_familiale": "CELIBATAIRE",
                "ressources": [{"type": "SAL", "montant_mensuel": "1500.00"}],
            },
            *(
                {"lien": Lien.ENFANT, "nom": "Dupont", "prenom": p, "date_naissance": n, "a_charge": True}
                for p, n in enfants
            ),
        ],
        rfr=18000,
        loyer_actuel="620.00",
        surface_actuelle=40,
    )
    xml = fichier_xml(demande_xml(nur(77), creation=guichet.date_depot, enfants=enfants))
    venue = importer(xml).lignes.get().demande
    champs = (
        "nombre_personnes",
        "categorie_menage",
        "unites_consommation",
        "ressources_mensuelles",
        "ressources_par_uc",
        "premier_quartile",
        "eligible_plai",
        "eligible_plus",
        "eligible_pls",
        "priorites",
        "score_cotation",
        "detail_cotation",
    )
    assert {c: getattr(venue, c) for c in champs} == {c: getattr(guichet, c) for c in champs}
    assert venue.score_cotation is not None and venue.categorie_menage is not None


def test_le_job_celery_importe_et_le_dossier_quotidien_est_releve(
    transactional_db, referentiel, celery_worker_reel, tmp_path, settings, xml_sne
):
    settings.CASA_SNE_DOSSIER_DEPOT = str(tmp_path)
    (tmp_path / "jour.xml").write_bytes(xml_sne("plusieurs_demandes"))
    (tmp_path / "abime.zip").write_bytes(b"PK\x03\x04 pas un zip")
    (tmp_path / "en-cours.xml.part").write_bytes(b"<")
    releve = depot.relever()
    assert releve.recus == ["jour.xml"] and [n for n, _ in releve.refuses] == ["abime.zip"]
    assert (tmp_path / "traites" / "jour.xml").exists() and (tmp_path / "refuses" / "abime.zip.txt").exists()
    assert (tmp_path / "en-cours.xml.part").exists()
    imp = ImportSNE.objects.get()
    for _ in range(300):
        imp.refresh_from_db()
        if imp.etat not in (EtatImportSNE.RECU, EtatImportSNE.EN_COURS):
            break
        time.sleep(0.1)
    assert imp.etat == EtatImportSNE.APPLIQUE, imp.resultat
    assert imp.origine == OrigineImportSNE.DOSSIER and imp.compteurs.get(ResultatLigne.CREEE, 0) >= 2


def test_un_fichier_plus_ancien_ne_defait_pas_un_plus_recent(referentiel):
    recent = fichier_xml(demande_xml(nur(80), loyer="1300.00"), jour=dt.date(2026, 11, 17))
    ancien = fichier_xml(demande_xml(nur(80), loyer="1250.00"), jour=dt.date(2026, 11, 10))
    demande = importer(recent).lignes.get().demande
    (ligne,) = importer(ancien).lignes.all()
    demande.refresh_from_db()
    assert ligne.resultat == ResultatLigne.IGNOREE and "plus ancien" in ligne.motifs[0]
    assert str(demande.loyer_actuel) == "1300.00"


def test_un_fichier_date_du_futur_est_refuse(referentiel):
    imp = importer(fichier_xml(demande_xml(nur(81)), jour=dt.date(2030, 1, 1)))
    assert imp.etat == EtatImportSNE.REFUSE and "après aujourd'hui" in imp.resultat
    assert not Demande.objects.filter(nur=nur(81)).exists()


def test_le_meme_nur_deux_fois_dans_un_fichier_n_est_pas_repris(referentiel):
    imp = importer(fichier_xml(demande_xml(nur(82)), demande_xml(nur(82), nom="AUTRE"), demande_xml(nur(83))))
    assert imp.compteurs == {ResultatLigne.REFUSEE: 2, ResultatLigne.CREEE: 1}
    assert "figure 2 fois" in imp.lignes.filter(nur=nur(82)).first().motifs[0]


@pytest.mark.parametrize(
    ("variante", "raison"),
    [
        ({"nom": "   "}, "nom absent"),
        ({"en_plus": "<ns1:dateRenouvellement>2025-01-01</ns1:dateRenouvellement>"}, "avant sa création"),
    ],
)
def test_une_demande_incoherente_est_refusee(referentiel, variante, raison):
    xml = fichier_xml(demande_xml(nur(84), creation=dt.date(2025, 6, 1), **variante))
    (ligne,) = importer(xml).lignes.all()
    assert ligne.resultat == ResultatLigne.REFUSEE and any(raison in m for m in ligne.motifs), ligne.motifs


def test_un_conflit_dont_la_valeur_de_l_agent_a_change_se_tranche_a_nouveau(referentiel, instructeur_casa):
    demande = importer(fichier_xml(demande_xml(nur(85), surface=40))).lignes.get().demande
    demandes_services.demande_modifier(par=instructeur_casa, demande=demande, surface_actuelle=45)
    importer(fichier_xml(demande_xml(nur(85), surface=52), jour=dt.date(2026, 11, 18)))
    conflit = ConflitSNE.objects.get(demande=demande)
    demandes_services.demande_modifier(par=instructeur_casa, demande=demande, surface_actuelle=47)
    with pytest.raises(Exception, match="a changé depuis"):
        reconciliation.conflit_trancher(par=instructeur_casa, conflit_id=conflit.pk, garder="SNE")
    conflit.refresh_from_db()
    assert conflit.valeur_locale == 47 and conflit.etat == EtatConflit.OUVERT
    reconciliation.conflit_trancher(par=instructeur_casa, conflit_id=conflit.pk, garder="LOCALE")
    demande.refresh_from_db()
    assert demande.surface_actuelle == 47


def test_une_demande_effacee_ici_n_est_jamais_reecrite_par_le_sne(referentiel):
    from demandes.models import EffacementDemande

    demande = importer(fichier_xml(demande_xml(nur(86), loyer="700.00"))).lignes.get().demande
    EffacementDemande.objects.create(
        demande=demande,
        declencheur="COMMANDE",
        conservation_mois=12,
        date_radiation=dt.date(2025, 1, 1),
        motif_radiation="RADABA",
    )
    (ligne,) = importer(fichier_xml(demande_xml(nur(86), loyer="950.00"), jour=dt.date(2026, 11, 18))).lignes.all()
    demande.refresh_from_db()
    assert ligne.resultat == ResultatLigne.IGNOREE and "effacée" in ligne.motifs[0]
    assert str(demande.loyer_actuel) == "700.00"


def test_une_demande_echue_au_sne_est_creee_et_le_compte_rendu_le_dit(referentiel):
    (ligne,) = importer(fichier_xml(demande_xml(nur(87), creation=dt.date(2020, 1, 6)))).lignes.all()
    assert ligne.resultat == ResultatLigne.CREEE
    assert any("échéance du 06/01/2021 dépassée" in e for e in ligne.evenements), ligne.evenements
