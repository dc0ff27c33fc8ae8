"""Forms of the SNE import's pages: the upload of a file of the SNE (one XML, or a ZIP of them) with its one-time
token (a double submission creates one import), and the result a report is filtered by."""

from __future__ import annotations

import secrets

from django import forms
from django.core import signing

from commun import format_fr

from .interface import taille_max_octets
from .models import ResultatLigne

SEL_JETON = "sne.depot"
DUREE_JETON = 2 * 3600  # seconds an upload page stays valid, and a spent token is remembered
MO = 1024 * 1024


def jeton_de_depot(user) -> str:
    """A one-time token for one upload page of `user` (signed: its account and a random nonce)."""
    return signing.dumps({"u": user.pk, "n": secrets.token_urlsafe(16)}, salt=SEL_JETON)


def nonce_du_jeton(user, jeton: str) -> str | None:
    """The nonce of a token signed for `user` less than DUREE_JETON ago; None for any other text."""
    try:
        contenu = signing.loads(jeton or "", salt=SEL_JETON, max_age=DUREE_JETON)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(contenu, dict) or contenu.get("u") != user.pk or not isinstance(contenu.get("n"), str):
        return None
    return contenu["n"]


class DepotSNEForm(forms.Form):
    """A file of the SNE: refused before reading past the size the reader accepts (settings.CASA_SNE_TAILLE_MAX_MO);
    its content is checked by the service (sne.services.imports_creer), whose ErreurMetier goes under the field."""

    fichier = forms.FileField(
        label="Fichier du SNE",
        help_text="Un fichier XML de l'interface du SNE (« interfaceNuu », versions 02.00 et 02.01), ou une archive "
        "ZIP de tels fichiers (un import par fichier XML). Un fichier déjà importé ne change rien.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.zip,application/xml,text/xml,application/zip"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        limite = taille_max_octets() // MO
        self.fields["fichier"].label = f"Fichier du SNE (XML ou ZIP, {format_fr.nombre(limite)} Mo au plus)"
        if not self.is_bound:
            self.initial["jeton"] = jeton_de_depot(user)

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > taille_max_octets():
            raise forms.ValidationError(
                f"Le fichier pèse {format_fr.nombre(fichier.size / MO, 1)} Mo : la limite est de "
                f"{format_fr.nombre(taille_max_octets() // MO)} Mo. Déposez ses fichiers XML en plusieurs fois."
            )
        return fichier

    @property
    def nonce(self) -> str | None:
        """The nonce of the page's token (None: a page too old, or not this person's)."""
        return nonce_du_jeton(self.user, self.data.get("jeton", ""))

    def nouveau_jeton(self) -> None:
        """A page sent back with an error gets a fresh token (the one it carried may be spent)."""
        self.data = self.data.copy()
        self.data["jeton"] = jeton_de_depot(self.user)


class FiltreRapportForm(forms.Form):
    """The report's query string: `resultat` (one ResultatLigne). A value it cannot take is ignored: every line."""

    resultat = forms.ChoiceField(choices=ResultatLigne.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_valid()
        self.cleaned_data = getattr(self, "cleaned_data", {})

    @property
    def resultat_choisi(self) -> str:
        return self.cleaned_data.get("resultat") or ""
