"""API of the territory under /api/v1/: reference data and the caller's identity."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import selectors
from .api_auth import TOUTES, portee_cle
from .contexte import contexte_de
from .models import Commune, Organisation, Qpv
from .roles import Role


class CommuneSerializer(serializers.ModelSerializer):
    qpv = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Commune
        fields = ["code_insee", "nom", "siren", "codes_postaux", "population", "annee_population", "zone_apl", "qpv"]


class QpvSerializer(serializers.ModelSerializer):
    communes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code_insee")

    class Meta:
        model = Qpv
        fields = ["code", "nom", "communes"]


class OrganisationSerializer(serializers.ModelSerializer):
    commune = serializers.SlugRelatedField(read_only=True, slug_field="code_insee")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "type",
            "nom",
            "sigle",
            "siren",
            "commune",
            "est_reservataire",
            "type_reservataire",
            "est_guichet_enregistreur",
            "code_guichet",
            "est_demo",
        ]


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Les 24 communes de la CASA (référentiel)."""

    serializer_class = CommuneSerializer
    lookup_field = "code_insee"

    def get_queryset(self):
        return selectors.communes_visibles(self.request.user)


class QpvViewSet(viewsets.ReadOnlyModelViewSet):
    """Quartiers prioritaires de la politique de la ville du territoire."""

    serializer_class = QpvSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.qpv_visibles(self.request.user)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Annuaire des organisations partenaires."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    filterset_fields = ["type", "est_reservataire"]

    def get_queryset(self):
        return selectors.organisations_visibles(self.request.user)


class MoiSerializer(serializers.Serializer):
    identifiant = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))


@portee_cle(lecture=TOUTES)  # any key may ask who it is, whatever its scope
@extend_schema(responses=MoiSerializer, summary="Qui suis-je ? L'organisation et les rôles de l'appelant.")
@api_view(["GET"])
def moi(request):
    ctx = contexte_de(request.user)
    return Response(
        MoiSerializer(
            {
                "identifiant": request.user.username,
                "organisation": ctx.organisation_nom or None,
                "roles": sorted(ctx.roles),
            }
        ).data
    )
