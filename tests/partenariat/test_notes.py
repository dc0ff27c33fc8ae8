"""The shared notes on a demand (partenariat, docs/partenaires.md « Notes partagées sur une demande »): who reads each
note, role by role of the matrix, at each visibility and with the sensitive flag; to whom it is addressed; the
correction chain; bad input and a double submission; the audit; the erasure with the demand's personal data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import retention
from demandes import services as demandes_services
from demandes.codes import MotifRadiation
from demandes.models import SouhaitCommune
from demandes.retention import evenements
from demandes.validation import ErreursValidation
from partenariat import selectors
from partenariat.models import LONGUEUR_NOTE, NoteDemande, Visibilite
from partenariat.rules import lit_les_notes_sensibles, peut_corriger, peut_ecrire_une_note
from partenariat.signaux import note_ajoutee
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.partenariat.fabriques import SANS_FIL, noter
from tests.positionnements.fabriques import famille_nommee
from tests.territoire.fabriques import agent

V = Visibilite
TOUS = frozenset(V.values)

# What each role of the matrix reads of the notes written by CASA's instructor: the visibility levels, and whether
# it reads the sensitive ones (docs/partenaires.md, the table « qui lit quoi »). The landlord A and the prefecture
# are the landlord and the réservataire of the dwelling where the demand is positioned; Antibes registered it.
LIT = {
    "admin_casa": (TOUS, True),
    "admin_bailleur": (frozenset({V.CASA_BAILLEUR, V.PARTENAIRES}), False),
    "instructeur": (TOUS, True),
    "secretariat": (TOUS, False),
    "gestionnaire": (frozenset({V.CASA_BAILLEUR, V.PARTENAIRES}), False),
    "guichet": (frozenset({V.PARTENAIRES}), True),
    "reservataire": (frozenset({V.PARTENAIRES}), False),
    "membre": (frozenset(), False),
    "lecteur": (frozenset(), False),
}


@pytest.fixture
def six_notes(notes):
    """One note of CASA's instructor at each level, plain and sensitive: {(level, sensitive): note}."""
    instructeur, demande = notes["acteurs"]["instructeur"], notes["demande"]
    return {
        (niveau, sensible): noter(
            instructeur,
            demande,
            texte=f"Note {niveau} {'sensible' if sensible else 'ordinaire'}",
            visibilite=niveau,
            sensible=sensible,
        )
        for niveau in V.values
        for sensible in (False, True)
    }


@pytest.mark.parametrize("role", list(LIT))
def test_chaque_role_lit_ce_que_sa_visibilite_et_le_sensible_lui_permettent(notes, six_notes, role):
    user = notes["acteurs"][role]
    niveaux, sensible_lu = LIT[role]
    attendues = {
        note.pk for (niveau, sensible), note in six_notes.items() if niveau in niveaux and (sensible_lu or not sensible)
    }
    assert set(selectors.notes_visibles(user, notes["demande"]).values_list("pk", flat=True)) == attendues
    for note in six_notes.values():
        assert selectors.note_lisible_par(user, note) == (note.pk in attendues)
    assert lit_les_notes_sensibles(user, notes["demande"]) == sensible_lu
    # who reads the thread writes on it; the member and the reader do neither
    assert peut_ecrire_une_note(user, notes["demande"]) == (role not in SANS_FIL)


@pytest.mark.parametrize("role", list(LIT))
def test_les_organisations_destinataires_tiennent_chaque_lecteur(notes, six_notes, role):
    """A note read by someone is addressed to her organisation (the notifications rely on it)."""
    user = notes["acteurs"][role]
    org = user.habilitations.get().organisation
    for note in six_notes.values():
        if selectors.note_lisible_par(user, note):
            assert org in selectors.organisations_destinataires(note)


def test_les_organisations_destinataires_de_chaque_note(notes, six_notes):
    casa, bailleur, antibes, prefecture = notes["casa"], notes["bailleur_a"], notes["antibes"], notes["prefecture"]
    attendu = {
        (V.CASA, False): {casa},
        (V.CASA_BAILLEUR, False): {casa, bailleur},
        (V.PARTENAIRES, False): {casa, bailleur, antibes, prefecture},
        (V.CASA, True): {casa},
        (V.CASA_BAILLEUR, True): {casa},
        (V.PARTENAIRES, True): {casa, antibes},
    }
    for cle, note in six_notes.items():
        assert set(selectors.organisations_destinataires(note)) == attendu[cle], cle


def test_l_organisation_de_l_auteur_lit_toujours_ses_notes(notes):
    a, demande = notes["acteurs"], notes["demande"]
    note = noter(a["gestionnaire"], demande, texte="Le candidat a visité, il hésite.", visibilite=V.CASA)
    lecteurs = {role for role in LIT if selectors.note_lisible_par(a[role], note)}
    assert lecteurs == {"admin_casa", "instructeur", "secretariat", "gestionnaire", "admin_bailleur"}
    assert set(selectors.organisations_destinataires(note)) == {notes["casa"], notes["bailleur_a"]}
    assert note.organisation == notes["bailleur_a"]


def test_un_positionnement_clos_ferme_le_fil_au_bailleur_et_au_reservataire(notes, six_notes):
    a, demande = notes["acteurs"], notes["demande"]
    notes["positionnement"].etat = EtatPositionnement.RETIRE
    notes["positionnement"].save()
    for role in ("gestionnaire", "admin_bailleur", "reservataire"):
        assert not selectors.notes_visibles(a[role], demande).exists()
        assert not peut_ecrire_une_note(a[role], demande)
    assert set(selectors.organisations_destinataires(six_notes[V.PARTENAIRES, False])) == {
        notes["casa"],
        notes["antibes"],
    }


def test_le_guichet_d_une_commune_souhaitee_lit_ce_qui_est_pour_tous_sans_le_sensible(notes, six_notes, referentiel):
    vallauris = referentiel["commune-vallauris"]
    SouhaitCommune.objects.create(demande=notes["demande"], commune=vallauris.commune, rang=2)
    guichet_vallauris = agent(vallauris, Role.AGENT_GUICHET)
    lues = set(selectors.notes_visibles(guichet_vallauris, notes["demande"]).values_list("pk", flat=True))
    assert lues == {six_notes[V.PARTENAIRES, False].pk}
    assert not lit_les_notes_sensibles(guichet_vallauris, notes["demande"])
    assert vallauris in selectors.organisations_destinataires(six_notes[V.PARTENAIRES, False])
    assert vallauris not in selectors.organisations_destinataires(six_notes[V.PARTENAIRES, True])


def test_le_guichet_d_une_autre_commune_ne_voit_pas_le_fil(notes, six_notes, referentiel):
    guichet_valbonne = agent(referentiel["commune-valbonne"], Role.AGENT_GUICHET)
    assert not selectors.notes_visibles(guichet_valbonne, notes["demande"]).exists()
    with pytest.raises(PermissionDenied):
        noter(guichet_valbonne, notes["demande"])


# ------------------------------------------------------------------------------------------------------ corrections


def test_une_correction_est_une_nouvelle_note_et_la_chaine_se_suit(notes):
    a, demande = notes["acteurs"], notes["demande"]
    premiere = noter(a["instructeur"], demande, texte="Rendez-vous le 12.")
    seconde = noter(a["secretariat"], demande, texte="Rendez-vous le 13.", corrige=premiere)
    premiere.refresh_from_db()
    assert premiere.texte == "Rendez-vous le 12." and premiere.correction == seconde
    with pytest.raises(ErreurMetier, match="déjà été corrigée"):
        noter(a["instructeur"], demande, texte="Rendez-vous le 14.", corrige=premiere)
    troisieme = noter(a["instructeur"], demande, texte="Rendez-vous le 14.", corrige=seconde)
    assert [n.pk for n in selectors.notes_visibles(a["guichet"], demande)] == [premiere.pk, seconde.pk, troisieme.pk]
    assert NoteDemande.objects.filter(demande=demande).count() == 3


def test_seule_l_organisation_de_l_auteur_corrige(notes):
    a, demande = notes["acteurs"], notes["demande"]
    note = noter(a["instructeur"], demande)
    assert peut_corriger(a["secretariat"], note) and not peut_corriger(a["gestionnaire"], note)
    for role in ("gestionnaire", "guichet", "reservataire"):
        with pytest.raises(PermissionDenied):
            noter(a[role], demande, texte="Correction.", corrige=note)
    # a note one may not read cannot be corrected, even by one's organisation
    cachee = noter(a["instructeur"], demande, texte="Suivi par le CMP.", sensible=True)
    with pytest.raises(PermissionDenied):
        noter(a["secretariat"], demande, texte="Correction.", corrige=cachee)
    # a note of another demand
    autre = demande_complete(a["guichet"], notes["antibes"], personnes=famille_nommee("Lautre"))
    with pytest.raises(PermissionDenied):
        noter(a["instructeur"], autre, texte="Correction.", corrige=note)
    assert NoteDemande.objects.count() == 2


def test_une_note_n_est_corrigee_qu_une_fois_meme_par_la_base(notes):
    a, demande = notes["acteurs"], notes["demande"]
    note = noter(a["instructeur"], demande)
    noter(a["instructeur"], demande, texte="Correction.", corrige=note)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteDemande.objects.create(
            demande=demande,
            auteur=a["instructeur"],
            organisation=notes["casa"],
            texte="Autre correction.",
            visibilite=V.CASA,
            corrige=note,
        )


# ------------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        ({"texte": ""}, "texte", "Écrivez la note."),
        ({"texte": " \n\t\u200b "}, "texte", "Écrivez la note."),
        ({"texte": "x" * (LONGUEUR_NOTE + 1)}, "texte", f"{LONGUEUR_NOTE} au plus"),
        ({"visibilite": "MONDE"}, "visibilite", "Choisissez dans la liste"),
        ({"visibilite": ""}, "visibilite", "Choisissez dans la liste"),
    ],
)
def test_une_saisie_invalide_est_refusee_en_francais_et_rien_n_est_ecrit(notes, donnees, champ, message):
    with pytest.raises(ErreursValidation) as erreur:
        noter(notes["acteurs"]["instructeur"], notes["demande"], **donnees)
    assert message in erreur.value.erreurs[champ][0]
    assert not NoteDemande.objects.exists()


def test_une_note_sensible_n_est_ecrite_que_par_qui_lit_le_sensible(notes):
    a, demande = notes["acteurs"], notes["demande"]
    for role in ("secretariat", "gestionnaire", "reservataire", "admin_bailleur"):
        with pytest.raises(ErreursValidation) as erreur:
            noter(a[role], demande, sensible=True)
        assert "pièces confidentielles" in erreur.value.erreurs["sensible"][0]
    for role in ("instructeur", "admin_casa", "guichet"):
        assert noter(a[role], demande, texte=f"Sensible de {role}", sensible=True).sensible
    assert NoteDemande.objects.count() == 3


def test_la_longueur_maximale_passe(notes):
    note = noter(notes["acteurs"]["guichet"], notes["demande"], texte="é" * LONGUEUR_NOTE)
    assert len(note.texte) == LONGUEUR_NOTE


def test_un_double_envoi_ne_fait_qu_une_note_et_un_signal(notes, django_capture_on_commit_callbacks):
    recues = []

    def recevoir(sender, note, **kwargs):
        recues.append(note.pk)

    note_ajoutee.connect(recevoir)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            premiere = noter(notes["acteurs"]["gestionnaire"], notes["demande"], texte="Visite faite.")
            seconde = noter(notes["acteurs"]["gestionnaire"], notes["demande"], texte="Visite faite.\r\n")
    finally:
        note_ajoutee.disconnect(recevoir)
    assert premiere.pk == seconde.pk
    assert recues == [premiere.pk]
    assert NoteDemande.objects.count() == 1


def test_le_signal_ne_part_pas_si_la_transaction_est_annulee(notes, django_capture_on_commit_callbacks):
    recues = []

    def recevoir(sender, note, **kwargs):
        recues.append(note.pk)

    note_ajoutee.connect(recevoir)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as rappels,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            noter(notes["acteurs"]["instructeur"], notes["demande"])
            raise RuntimeError
        assert rappels == [] and recues == []
    finally:
        note_ajoutee.disconnect(recevoir)


def test_pas_de_note_sur_une_demande_radiee(notes):
    a, demande = notes["acteurs"], notes["demande"]
    notes["positionnement"].etat = EtatPositionnement.RETIRE
    notes["positionnement"].save()
    demandes_services.demande_radier(par=a["instructeur"], demande=demande, motif=MotifRadiation.RADABA)
    with pytest.raises(ErreurMetier, match="radiée"):
        noter(a["instructeur"], demande)


# ------------------------------------------------------------------------------------------------------ audit, erasure


def test_chaque_note_est_auditee(notes):
    note = noter(notes["acteurs"]["instructeur"], notes["demande"], texte="Audité.")
    [evenement] = evenements(NoteDemande, pgh_obj_id=note.pk)
    assert evenement.pgh_label == "insert" and evenement.texte == "Audité." and evenement.demande_id == note.demande_id


def test_les_notes_partent_avec_les_donnees_personnelles_de_la_demande(notes, six_notes):
    a, demande = notes["acteurs"], notes["demande"]
    gardee = demande_complete(a["guichet"], notes["antibes"], personnes=famille_nommee("Lautre"))
    note_gardee = noter(a["guichet"], gardee, texte="Celle-ci reste.")
    correction = noter(a["instructeur"], demande, texte="Corrigée.", corrige=six_notes[V.CASA, False])
    notes["positionnement"].etat = EtatPositionnement.RETIRE
    notes["positionnement"].save()
    demandes_services.demande_radier(par=a["instructeur"], demande=demande, motif=MotifRadiation.RADABA)
    plus_tard = timezone.localdate() + dt.timedelta(days=400)

    simulation = retention.purger(jour=plus_tard, simulation=True)
    assert simulation.compteurs["notes_partagees"] == 7
    assert NoteDemande.objects.filter(demande=demande).count() == 7

    bilan = retention.purger(jour=plus_tard)
    assert bilan.compteurs["notes_partagees"] == 7
    assert not NoteDemande.objects.filter(demande=demande).exists()
    assert not evenements(NoteDemande, demande_id=demande.pk).exists()
    assert not evenements(NoteDemande, pgh_obj_id=correction.pk).exists()
    # the other demand's notes stay, with their audit
    assert NoteDemande.objects.get() == note_gardee
    assert evenements(NoteDemande, pgh_obj_id=note_gardee.pk).count() == 1
    assert "notes partagées sur les demandes supprimées : 7" in bilan.resume()


def test_la_demonstration_ecrit_un_fil_sur_un_logement_d_erilia(monde, referentiel):
    from demo.notes import creer_notes_demo

    casa = agent(referentiel["casa"], Role.INSTRUCTEUR, username="instructeur.casa")
    erilia = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR, username="gestionnaire.erilia")
    demande = monde["demandes"]["modeste"]
    Positionnement.objects.create(disponibilite=monde["dispos"][0], demande=demande, rang=1, propose_par=casa)
    assert creer_notes_demo() == 4
    assert creer_notes_demo() == 0  # idempotent
    assert selectors.notes_visibles(casa, demande).count() == 4
    lues = list(selectors.notes_visibles(erilia, demande))
    assert len(lues) == 3 and not any(n.sensible for n in lues)
    assert lues[1].corrige == lues[0]
