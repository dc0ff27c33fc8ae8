"""Form fields shared by the apps."""

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
