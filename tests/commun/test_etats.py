"""The one state mechanism (commun/etats.py): a table refuses in French what it does not allow, knows its initial and
final states, and refuses to be declared with a state its choices do not have."""

import pytest
from django.db import models

from commun.erreurs import ErreurMetier
from commun.etats import MachineAEtats


class Feu(models.TextChoices):
    VERT = "VERT", "Vert"
    ORANGE = "ORANGE", "Orange"
    ROUGE = "ROUGE", "Rouge"
    ETEINT = "ETEINT", "Éteint"


MACHINE = MachineAEtats(
    "un feu",
    Feu,
    {Feu.VERT: (Feu.ORANGE, Feu.ETEINT), Feu.ORANGE: (Feu.ROUGE,), Feu.ROUGE: (Feu.VERT,)},
    initiaux=(Feu.ROUGE,),
)


def test_une_etape_de_la_table_est_permise_les_autres_refusees_en_francais():
    assert MACHINE.permise(Feu.VERT, Feu.ORANGE)
    assert not MACHINE.permise(Feu.VERT, Feu.ROUGE)
    MACHINE.verifier(Feu.ORANGE, Feu.ROUGE)
    with pytest.raises(ErreurMetier) as erreur:
        MACHINE.verifier(Feu.VERT, Feu.ROUGE)
    assert erreur.value.message == "Un feu ne peut pas passer de « Vert » à « Rouge »."


def test_une_creation_va_du_vide_a_un_etat_initial():
    assert MACHINE.permise("", Feu.ROUGE)
    with pytest.raises(ErreurMetier, match="de « \\(création\\) » à « Vert »"):
        MACHINE.verifier("", Feu.VERT)


def test_etats_finaux_et_table_en_libelles():
    assert MACHINE.finaux() == (Feu.ETEINT,)
    assert MACHINE.table() == {"Vert": {"Orange", "Éteint"}, "Orange": {"Rouge"}, "Rouge": {"Vert"}}


def test_une_table_qui_nomme_un_etat_inconnu_est_refusee_a_la_declaration():
    with pytest.raises(ValueError, match="états inconnus"):
        MachineAEtats("un feu", Feu, {Feu.VERT: ("BLEU",)})
    with pytest.raises(ValueError, match="initiaux inconnus"):
        MachineAEtats("un feu", Feu, {}, initiaux=("BLEU",))
