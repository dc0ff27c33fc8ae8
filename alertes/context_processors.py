"""The bell of the header (templates/base.html): the count of unread notifications, read lazily so that it costs one
query on the pages that show the bell only (the staff's pages), none elsewhere (the applicant's space)."""

from django.utils.functional import SimpleLazyObject

from .selectors import nombre_non_lues


def cloche(request) -> dict:
    """``notifications_non_lues``: a lazy count (int) of the signed-in person's unread notifications; 0 without one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_non_lues": 0}
    return {"notifications_non_lues": SimpleLazyObject(lambda: nombre_non_lues(user))}
