"""What part of the tracking table each organisation sees: CASA everything; a landlord its own figures (its dwellings,
and its own stock as réservataire) and the territory's totals; a commune its own (its territory, and its
contingent); any other réservataire its own contingent. Who opens the lists behind the figures: suivi.rules."""

from __future__ import annotations

from dataclasses import dataclass

from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.roles import TypeOrganisation


@dataclass(frozen=True)
class Perimetre:
    tout: bool
    cles: dict[str, tuple[str, ...]]  # view -> the keys allowed (when not `tout`)

    def permet(self, vue: str, cle: str) -> bool:
        return self.tout or cle in self.cles.get(vue, ())

    def vues(self) -> list[str]:
        from .indicateurs import VUES

        return [v for v in VUES if self.tout or self.cles.get(v)]

    def defaut(self) -> tuple[str, str]:
        if self.tout:
            return "territoire", ""
        for vue in ("bailleur", "commune", "reservataire", "territoire"):
            if self.cles.get(vue):
                return vue, self.cles[vue][0]
        return "territoire", ""


def perimetre(user) -> Perimetre | None:
    ctx = contexte_de(user)
    if ctx.superutilisateur or ctx.est_epci:
        return Perimetre(True, {})
    org = Organisation.objects.filter(pk=ctx.organisation_id).select_related("commune").first()
    if org is None:
        return None
    moi = str(org.pk)
    if org.type == TypeOrganisation.BAILLEUR:
        return Perimetre(False, {"territoire": ("",), "bailleur": (moi,), "reservataire": (moi,)})
    if org.type == TypeOrganisation.COMMUNE and org.commune_id:
        return Perimetre(False, {"commune": (org.commune.code_insee,), "reservataire": (moi,)})
    if org.est_reservataire:
        return Perimetre(False, {"reservataire": (moi,)})
    return None
