"""Decoding a partner's text file (commun/fichiers/texte.py): the encoding a French partner's software writes is found,
or a French error says why not; never another exception."""

from commun.fichiers import texte


def test_un_texte_que_seul_windows_1252_lit_bien_est_lu_en_windows_1252():
    # found by random bytes: the detector proposed worse readings, Windows-1252 read it all, and the code looked for
    # an undefined byte that was not there (StopIteration, turned into « ne peut pas être lu » and a trace in the log)
    contenu = b"\xd2\x960a>\xbf\x92\xb4\xb9\xe7\xa2\nU"
    assert texte.decoder(contenu) == (contenu.decode("cp1252"), "cp1252")
