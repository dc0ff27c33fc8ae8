"""The password rule of the CNIL's recommendation: délibération n° 2022-100 du 21 juillet 2022 portant adoption d'une
recommandation relative aux mots de passe (JO du 16 octobre 2022), « cas n° 1 : mot de passe seul », an entropy of at
least 80 bits, which its three examples reach:

1. at least 12 characters with capitals, small letters, digits and special characters;
2. at least 14 characters with capitals, small letters and digits;
3. a passphrase of at least 7 words.

Those examples assume characters drawn at random: a common word dressed with digits and signs (« Password123! »),
a run of one letter (« aaaaaaaaaaaaA1! ») or a phrase of one-letter words reach none of the 80 bits, so they are
refused too, as is a password holding the person's name (the recommendation's « informations publiques »).

The second factor (territoire.deuxieme_facteur) comes on top of it for the roles that need it; the rule stays the
same for everyone so that no account is the weak one. Django's validators (length, common passwords, similarity to
the account, digits only) run beside it (settings.securite.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

MESSAGE = (
    "Le mot de passe doit suivre la recommandation de la CNIL : au moins 12 caractères mêlant majuscules, "
    "minuscules, chiffres et caractères spéciaux ; ou au moins 14 caractères mêlant majuscules, minuscules et "
    "chiffres ; ou une phrase de passe d'au moins 7 mots."
)


def familles(mot_de_passe: str) -> set[str]:
    """The kinds of characters used: {"majuscule", "minuscule", "chiffre", "special"} (letters of every script)."""
    trouve = set()
    for c in mot_de_passe:
        if c.isupper():
            trouve.add("majuscule")
        elif c.islower():
            trouve.add("minuscule")
        elif c.isdigit():
            trouve.add("chiffre")
        elif not c.isspace():
            trouve.add("special")
    return trouve


# Words that make a password guessable whatever the digits and signs around them (dictionary attacks try them first):
# Django's list of common passwords is English; these are the French and local ones.
MOTS_COURANTS = frozenset(
    [
        "motdepasse",
        "azerty",
        "qwerty",
        "soleil",
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "doudou",
        "chouchou",
        "loulou",
        "marseille",
        "paris",
        "nice",
        "antibes",
        "cannes",
        "valbonne",
        "vallauris",
        "sophia",
        "antipolis",
        "casa",
        "logement",
        "logementsocial",
        "bailleur",
        "admin",
        "administrateur",
        "utilisateur",
        "secret",
        "secure",
        "securite",
        "password",
        "motdepass",
        "mdp",
        "changeme",
        "bienvenue",
        "welcome",
        "france",
    ]
)


def _lettres(texte: str) -> str:
    """Lower-case letters without accents: « Geneviève-2026! » → « genevieve »."""
    sans_accents = unicodedata.normalize("NFKD", texte.lower())
    return "".join(c for c in sans_accents if c.isalpha() and c.isascii())


def _coeur_courant(mot_de_passe: str) -> bool:
    """Is the password a common word (or two) dressed with digits and signs (« Password123! », « Azerty123456! »)?"""
    from django.contrib.auth.password_validation import CommonPasswordValidator

    coeur = _lettres(mot_de_passe)
    if len(coeur) < 4:
        return True  # « aaaaaaaaaaaaA1! »: the letters bring nothing
    communs = CommonPasswordValidator().passwords
    return (
        coeur in MOTS_COURANTS
        or coeur in communs
        or any(coeur.startswith(m) and coeur[len(m) :] in MOTS_COURANTS | communs for m in MOTS_COURANTS)
    )


def conforme_cnil(mot_de_passe: str) -> bool:
    """True when the password meets one of the three examples of the recommendation (see the module's docstring),
    and its strength is real: at least 8 different characters, not a common word dressed with digits and signs,
    passphrase words of two letters or more and at least five different ones."""
    if len(set(mot_de_passe)) < 8:
        return False
    f = familles(mot_de_passe)
    if len(mot_de_passe) >= 12 and f >= {"majuscule", "minuscule", "chiffre", "special"}:
        return not _coeur_courant(mot_de_passe)
    if len(mot_de_passe) >= 14 and f >= {"majuscule", "minuscule", "chiffre"}:
        return not _coeur_courant(mot_de_passe)
    mots = [m for m in re.split(r"[\s\-_.,;:]+", mot_de_passe) if sum(c.isalpha() for c in m) >= 2]
    return len(mots) >= 7 and len({_lettres(m) for m in mots}) >= 5


def contient_le_nom(mot_de_passe: str, user) -> bool:
    """Does the password hold the person's first name, last name or identifier (4 letters or more)?"""
    coeur = _lettres(mot_de_passe)
    for attribut in ("first_name", "last_name", "username"):
        for partie in re.split(r"[\s.\-_']+", str(getattr(user, attribut, "") or "")):
            partie = _lettres(partie)
            if len(partie) >= 4 and partie in coeur:
                return True
    return False


class RecommandationCnilValidator:
    """Django password validator (AUTH_PASSWORD_VALIDATORS) for the CNIL's rule. Raises ValidationError (French)."""

    def validate(self, password: str, user=None) -> None:
        if user is not None and contient_le_nom(password, user):
            raise ValidationError(
                "Le mot de passe ne doit contenir ni votre prénom, ni votre nom, ni votre identifiant.",
                code="nom_dans_le_mot_de_passe",
            )
        if not conforme_cnil(password):
            raise ValidationError(MESSAGE, code="recommandation_cnil")

    def get_help_text(self) -> str:
        return MESSAGE
