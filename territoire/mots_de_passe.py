"""The password rule of the CNIL's recommendation: délibération n° 2022-100 du 21 juillet 2022 portant adoption d'une
recommandation relative aux mots de passe (JO du 16 octobre 2022), « cas n° 1 : mot de passe seul », an entropy of at
least 80 bits, which its three examples reach:

1. at least 12 characters with capitals, small letters, digits and special characters;
2. at least 14 characters with capitals, small letters and digits;
3. a passphrase of at least 7 words.

The second factor (territoire.deuxieme_facteur) comes on top of it for the roles that need it; the rule stays the
same for everyone so that no account is the weak one. Django's validators (length, common passwords, similarity to
the account, digits only) run beside it (settings.securite.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re

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


def conforme_cnil(mot_de_passe: str) -> bool:
    """True when the password meets one of the three examples of the recommendation (see the module's docstring)."""
    f = familles(mot_de_passe)
    if len(mot_de_passe) >= 12 and f >= {"majuscule", "minuscule", "chiffre", "special"}:
        return True
    if len(mot_de_passe) >= 14 and f >= {"majuscule", "minuscule", "chiffre"}:
        return True
    mots = [m for m in re.split(r"[\s\-_.,;:]+", mot_de_passe) if any(c.isalpha() for c in m)]
    return len(mots) >= 7


class RecommandationCnilValidator:
    """Django password validator (AUTH_PASSWORD_VALIDATORS) for the CNIL's rule. Raises ValidationError (French)."""

    def validate(self, password: str, user=None) -> None:
        if not conforme_cnil(password):
            raise ValidationError(MESSAGE, code="recommandation_cnil")

    def get_help_text(self) -> str:
        return MESSAGE
