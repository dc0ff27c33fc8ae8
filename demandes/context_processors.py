from .rules import lit_les_demandes


def recherche_demandes(request):
    """``recherche_demandes``: whether the header shows the demand search box (the roles that read demands)."""
    user = getattr(request, "user", None)
    return {"recherche_demandes": bool(user is not None and user.is_authenticated and lit_les_demandes(user))}
