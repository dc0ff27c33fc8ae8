"""The signals of the shared notes. `note_ajoutee` is sent once a note is written and its transaction committed
(partenariat.services.note_ajouter), with ``note=`` the NoteDemande: the notifications (alertes) listen to it and ask
partenariat.selectors.organisations_destinataires(note) whom to tell. A double submission sends nothing more."""

from django.dispatch import Signal

note_ajoutee = Signal()  # kwargs: note (partenariat.models.NoteDemande)
