"""API of the parc under /api/v1/: dwellings to fill, declared by the landlords' systems."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied as Refus
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commun.api_champs import par_slug, texte
from commun.erreurs import ErreurMetier
from territoire.models import Organisation, PorteeCle

from . import services
from .models import Disponibilite, Logement, OrigineDisponibilite, Residence
from .selectors import disponibilites_visibles, logements_visibles


class DisponibiliteSerializer(serializers.ModelSerializer):
    bailleur = serializers.CharField(source="logement.residence.bailleur.slug", read_only=True)
    residence = texte(Residence, "reference", source="logement.residence.reference", write_only=True)
    logement = texte(Logement, "numero", source="logement.numero")
    commune = serializers.CharField(source="logement.residence.commune.code_insee", read_only=True)
    typologie = serializers.CharField(source="logement.typologie", read_only=True)
    reservataire = par_slug(Organisation.objects.filter(est_reservataire=True), required=False)
    origine = serializers.ChoiceField(choices=OrigineDisponibilite.choices, default=OrigineDisponibilite.CONGE)

    class Meta:
        model = Disponibilite
        fields = [
            "id",
            "bailleur",
            "residence",
            "logement",
            "commune",
            "typologie",
            "origine",
            "date_liberation",
            "reservataire",
            "loyer",
            "charges",
            "hors_flux",
            "date_limite",
            "etat",
        ]
        read_only_fields = ["id", "date_limite", "etat"]
        extra_kwargs = {"loyer": {"required": False}, "charges": {"required": False}, "hors_flux": {"required": False}}


class DisponibiliteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Logements à pourvoir. Un bailleur déclare les siens (congé d'un locataire ou livraison) ; la CASA et les
    réservataires les lisent. Le logement est désigné par la référence de sa résidence et son numéro chez le
    bailleur."""

    serializer_class = DisponibiliteSerializer
    filterset_fields = ["etat", "origine"]
    portee_cle_ecriture = PorteeCle.LOGEMENTS_A_POURVOIR

    def get_queryset(self):
        return disponibilites_visibles(self.request.user).select_related("logement__residence__bailleur")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = serializer.validated_data
        logement = (
            logements_visibles(request.user)
            .filter(
                residence__reference=donnees["logement"]["residence"]["reference"], numero=donnees["logement"]["numero"]
            )
            .first()
        )
        if logement is None:
            raise ValidationError(
                {"logement": ["Logement inconnu dans votre parc (référence de résidence et numéro)."]}
            )
        try:
            dispo = services.disponibilite_declarer(
                par=request.user,
                logement=logement,
                date_liberation=donnees["date_liberation"],
                origine=donnees["origine"],
                reservataire=donnees.get("reservataire"),
                loyer=donnees.get("loyer"),
                charges=donnees.get("charges"),
                hors_flux=donnees.get("hors_flux", False),
            )
        except ErreurMetier as err:
            raise ValidationError({err.champ or "non_field_errors": [err.message]}) from err
        except PermissionDenied as err:
            raise Refus(str(err)) from err
        return Response(self.get_serializer(dispo).data, status=status.HTTP_201_CREATED)
