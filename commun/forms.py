"""Form fields shared by the apps."""

import re

from django import forms

from commun.fichiers import TAILLE_MAX


class FichierTableauField(forms.FileField):
    """An uploaded table (CSV, XLSX, XLS, ODS) for the intake (commun.fichiers): refused before reading when
    it is over the size limit; its content is read by the import, which never fails on it."""

    def __init__(self, *, label: str, **kwargs):
        self.taille_max = TAILLE_MAX
        super().__init__(label=f"{label} (CSV, XLSX, XLS ou ODS, {TAILLE_MAX // 1024 // 1024} Mo au plus)", **kwargs)
        self.widget.attrs.setdefault(
            "accept",
            ".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,"
            "application/vnd.oasis.opendocument.spreadsheet",
        )

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if fichier and fichier.size > self.taille_max:
            raise forms.ValidationError(
                f"Le fichier fait {fichier.size / 1024 / 1024:.1f} Mo : la limite est de "
                f"{self.taille_max // 1024 // 1024} Mo. Découpez-le.".replace(".", ",", 1)
            )
        return fichier


class NombreDecimalField(forms.DecimalField):
    """A decimal number typed by a person, as the French write it (« 33,5 », « 1 650,50 », « 12.5 »): digits, one
    decimal separator, spaces between thousands. What Python's Decimal would also read (« 1e2 », « NaN »,
    « Infinity », « ١٢ ») is refused as unreadable, and a value out of its bounds is said once, by its bounds (Django's
    bound and number-of-digits validators each said it, the second in Django's words)."""

    LISIBLE = r"[+-]?[0-9][0-9  \u202f]*([.,][0-9]+)?|[+-]?[.,][0-9]+"

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(self.LISIBLE, str(value).strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = re.sub(r"[  \u202f]", "", value.strip())
        return super().to_python(value)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError as err:
            erreurs = err.error_list
            hors_bornes = [e for e in erreurs if e.code in ("min_value", "max_value")]
            uniques = list(dict.fromkeys(m for e in hors_bornes or erreurs for m in e.messages))
            raise forms.ValidationError(uniques) from err
