class ErreurMetier(Exception):
    """A rule of the domain refused the action; the message is French and shown to the user as is."""

    def __init__(self, message: str, *, champ: str | None = None):
        super().__init__(message)
        self.message = message
        self.champ = champ
