from .contexte import VIDE
from .roles import Role


def organisation_courante(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"contexte": VIDE}
    from .selectors import organisations_de

    ctx = request.contexte
    return {
        "contexte": ctx,
        "organisations_utilisateur": organisations_de(user),
        "roles_courants": [Role(r).label for r in sorted(ctx.roles)],
    }
