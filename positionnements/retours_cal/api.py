"""API of the CAL returns under /api/v1/decisions-cal/: a landlord's system sends its CAL's decisions (same rows,
same checks, same idempotency as the file), and reads its deposits; CASA reads them all."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied as Refus
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commun.api_champs import texte, texte_interprete
from commun.erreurs import ErreurMetier
from demandes.models import Demande
from programmation.models import Logement, Residence
from territoire.models import PorteeCle

from ..models import DecisionCAL, DepotDecisionsCAL
from ..rules import envoie_les_retours_cal
from . import services
from .selectors import depots_visibles


class LigneDecisionSerializer(serializers.Serializer):
    numero_demande = texte(
        Demande, "numero", help_text="Le numéro unique (NUR) ou le numéro local (CASA-2026-000123) de la demande."
    )
    residence = texte(Residence, "reference", help_text="Référence de la résidence chez le bailleur.")
    logement = texte(Logement, "numero", help_text="Numéro du logement dans la résidence.")
    date_cal = texte_interprete(help_text="12/11/2026 ou 2026-11-12")
    decision = texte_interprete(
        help_text="ATTRIBUTION, ATTRIBUTION_RANG, ATTRIBUTION_CS, NON_ATTRIBUTION, REJET_IRRECEVABILITE "
        "(ou leur libellé)"
    )
    rang = texte_interprete(required=False, allow_blank=True, default="")
    condition = texte(DecisionCAL, "condition", required=False, allow_blank=True, default="")
    motif_decision = texte(DecisionCAL, "motif", required=False, allow_blank=True, default="")
    reponse = texte_interprete(required=False, allow_blank=True, default="", help_text="ACCEPTATION ou REFUS")
    date_reponse = texte_interprete(required=False, allow_blank=True, default="")
    motif_refus = texte_interprete(required=False, allow_blank=True, default="")
    date_bail = texte_interprete(required=False, allow_blank=True, default="")
    accord_collectif = texte_interprete(
        required=False,
        allow_blank=True,
        default="",
        help_text="Pour une attribution, l'accord collectif dont elle relève : ACD (accord collectif départemental), "
        "ACI (accord collectif intercommunal) ou AUCUN (ou leur libellé) ; vide s'il n'est pas connu.",
    )


class EnvoiDecisionsSerializer(serializers.Serializer):
    lignes = LigneDecisionSerializer(many=True)


class DepotSerializer(serializers.ModelSerializer):
    bailleur = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    numero = serializers.CharField(read_only=True)

    class Meta:
        model = DepotDecisionsCAL
        fields = [
            "id",
            "numero",
            "bailleur",
            "source",
            "nom_fichier",
            "cree_le",
            "etat",
            "lignes",
            "erreurs",
            "resume",
            "applique_le",
            "resultat",
        ]


class DecisionsCalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Décisions des CAL des bailleurs. Un bailleur envoie les siennes (`POST`, une ligne par candidat examiné) :
    chaque ligne est vérifiée ; si toutes sont valides, elles sont appliquées aussitôt, en une fois, sinon rien ne
    l'est et la réponse (400) dit chaque ligne à corriger. Renvoyer une ligne déjà enregistrée ne change rien."""

    serializer_class = DepotSerializer
    portee_cle_ecriture = PorteeCle.DECISIONS_CAL
    portees_cle_lecture = frozenset({PorteeCle.LECTURE, PorteeCle.DECISIONS_CAL})  # reads the deposits it sent

    def get_queryset(self):
        return depots_visibles(self.request.user)

    @extend_schema(request=EnvoiDecisionsSerializer, responses={201: DepotSerializer})
    def create(self, request, *args, **kwargs):
        if not envoie_les_retours_cal(request.user):
            raise Refus("Seuls les gestionnaires d'un bailleur envoient les décisions de sa CAL.")
        entree = EnvoiDecisionsSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            depot, rapport = services.decisions_api(par=request.user, lignes=entree.validated_data["lignes"])
        except ErreurMetier as err:
            raise ValidationError({"lignes": [err.message]}) from err
        except PermissionDenied as err:
            raise Refus(str(err)) from err
        if not rapport.valide:
            raise ValidationError(
                {"depot": depot.numero, "lignes": [f"Ligne {n} : {message}" for n, message in rapport.erreurs]}
            )
        return Response(DepotSerializer(depot).data, status=status.HTTP_201_CREATED)
