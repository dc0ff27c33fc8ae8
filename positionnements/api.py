"""API of the positionnements under /api/v1/: the ranked candidates of a dwelling to fill, why a demand is not among
them, and the positionnements (create, list, detail, transitions)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied as Refus
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commun.api_champs import entier, texte, texte_interprete
from commun.erreurs import ErreurMetier
from demandes.models import Demande
from demandes.selectors import demandes_visibles, par_numero
from programmation.models import Disponibilite
from programmation.selectors import disponibilites_visibles
from territoire.api_limites import DONNEES_PERSONNELLES, lecture_en_masse
from territoire.contexte import contexte_de
from territoire.models import Organisation, PorteeCle
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from . import croisements, recherche, services
from .etats import ExceptionTroisCandidats
from .models import Designation, ListeReservataire, Positionnement, TransitionPositionnement
from .rules import peut_positionner, voit_les_candidats
from .selectors import listes_visibles, positionnements_visibles

NUMERO_MONTRE = (
    "Numéro de la demande à montrer : le numéro unique (NUR) du SNE quand il est connu, sinon le numéro local."
)
NUMERO_LU = "Le numéro unique (NUR) ou le numéro local (CASA-2026-000123) de la demande."


class CandidatSerializer(serializers.Serializer):
    rang = serializers.IntegerField()
    numero = serializers.CharField(source="demande.reference", help_text=NUMERO_MONTRE)
    nur = serializers.CharField(source="demande.nur", allow_null=True, help_text="Numéro unique du SNE, ou null.")
    numero_local = serializers.CharField(source="demande.numero", help_text="Numéro local (CASA-2026-000123).")
    score = serializers.IntegerField(source="demande.score_cotation", allow_null=True)
    niveau = serializers.IntegerField(help_text="0 DALO, 1 prioritaire L441-1, 2 premier quartile, 3 autres.")
    taux_effort = serializers.DecimalField(source="examen.taux_effort", max_digits=6, decimal_places=4)
    reste_a_vivre = serializers.DecimalField(source="examen.reste_a_vivre", max_digits=8, decimal_places=2)
    raisons = serializers.ListField(child=serializers.CharField())


class PourquoiSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    regle = serializers.CharField(help_text="Code de la première règle non remplie ; vide si la demande convient.")
    message = serializers.CharField()
    rang = serializers.IntegerField(allow_null=True)


def _options(params) -> recherche.Options:
    try:
        return recherche.Options(
            ecart_typologie=int(params.get("ecart_typologie") or 0),
            mutations_seulement=params.get("mutations_seulement") in ("1", "true", "oui"),
            priorite=params.get("priorite", ""),
            secteur=params.get("secteur") in ("1", "true", "oui"),
        )
    except ValueError as err:
        raise ValidationError({"options": [str(err)]}) from err


def _dispo(request, pk):
    if not voit_les_candidats(request.user):
        raise Refus("Les listes de candidats sont réservées aux agents de la CASA qui positionnent.")
    return get_object_or_404(disponibilites_visibles(request.user), pk=pk)


OPTIONS = [
    OpenApiParameter("ecart_typologie", int, description="1 : une typologie de plus ou de moins"),
    OpenApiParameter("mutations_seulement", bool),
    OpenApiParameter("priorite", str, description="un critère de priorité (code)"),
    OpenApiParameter("secteur", bool, description="aussi les demandes qui souhaitent une autre commune du secteur"),
]


@extend_schema(responses=CandidatSerializer(many=True), parameters=OPTIONS)
@api_view(["GET"])
@lecture_en_masse  # 50 demands with their scores and figures: the lower rate of bulk reads
def candidats(request, pk: int):
    """Les candidats d'un logement à pourvoir, classés, chacun avec ses raisons (50 premiers)."""
    resultat = recherche.chercher(_dispo(request, pk), options=_options(request.query_params))
    if resultat.avertissement:
        raise ValidationError({"disponibilite": [resultat.avertissement]})
    if resultat.lignes:
        lecture_noter(par=request.user, nature=NatureLecture.API_CANDIDATS, objet_id=pk, nombre=len(resultat.lignes))
    return Response(
        {"total": resultat.total, "resultats": CandidatSerializer(resultat.lignes, many=True).data},
    )


@extend_schema(
    responses=PourquoiSerializer,
    parameters=[*OPTIONS, OpenApiParameter("numero", str, OpenApiParameter.PATH, description=NUMERO_LU)],
)
@api_view(["GET"])
def pourquoi(request, pk: int, numero: str):
    """Pourquoi une demande est, ou n'est pas, parmi les candidats du logement."""
    dispo = _dispo(request, pk)
    demande = demandes_visibles(request.user).filter(par_numero(numero, exact=True)).first()
    if demande is None:
        return Response(
            {"eligible": False, "regle": "INCONNUE", "message": f"Aucune demande n'a le numéro {numero}.", "rang": None}
        )
    verdict = recherche.pourquoi(dispo, demande, options=_options(request.query_params))
    return Response(PourquoiSerializer(verdict).data)


class TransitionSerializer(serializers.Serializer):
    de = serializers.CharField()
    vers = serializers.CharField()
    le = serializers.DateTimeField()
    motif = serializers.CharField()


class PositionnementSerializer(serializers.ModelSerializer):
    numero = serializers.CharField(source="demande.reference", help_text=NUMERO_MONTRE)
    nur = serializers.CharField(source="demande.nur", allow_null=True, help_text="Numéro unique du SNE, ou null.")
    numero_local = serializers.CharField(source="demande.numero", help_text="Numéro local (CASA-2026-000123).")
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta:
        model = Positionnement
        fields = [
            "id",
            "disponibilite",
            "numero",
            "nur",
            "numero_local",
            "rang",
            "etat",
            "exception",
            "derogation",
            "propose_le",
            "transitions",
        ]
        read_only_fields = fields


class PropositionSerializer(serializers.Serializer):
    disponibilite = entier(Disponibilite, "id", min_value=1)
    numeros = serializers.ListField(child=texte(Demande, "numero", help_text=NUMERO_LU), min_length=1, max_length=3)
    exception = serializers.ChoiceField(choices=ExceptionTroisCandidats.choices, required=False, default="")
    derogations = serializers.DictField(child=texte(Positionnement, "derogation"), required=False, default=dict)


class RetraitSerializer(serializers.Serializer):
    motif = texte(TransitionPositionnement, "motif")


class PositionnementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Positionnements visibles : la CASA tous, un bailleur ceux de ses logements, un réservataire ceux de son
    contingent, une commune ceux de son territoire. La CASA en crée (jusqu'à trois par logement, dans l'ordre)."""

    serializer_class = PositionnementSerializer
    filterset_fields = ["etat", "disponibilite"]
    portee_cle_ecriture = PorteeCle.POSITIONNEMENTS
    throttle_scope = {"list": DONNEES_PERSONNELLES}  # demand numbers and derogations: the lower rate of bulk reads

    def get_queryset(self):
        return positionnements_visibles(self.request.user).prefetch_related("transitions")

    @extend_schema(request=PropositionSerializer, responses=PositionnementSerializer(many=True))
    def create(self, request, *args, **kwargs):
        entree = PropositionSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        dispo = get_object_or_404(disponibilites_visibles(request.user), pk=donnees["disponibilite"])
        try:
            crees = services.positionner(
                par=request.user,
                disponibilite=dispo,
                numeros=donnees["numeros"],
                exception=donnees["exception"],
                derogations=donnees["derogations"],
            )
        except ErreurMetier as err:
            raise ValidationError({err.champ or "non_field_errors": [err.message]}) from err
        except PermissionDenied as err:
            raise Refus(str(err)) from err
        return Response(PositionnementSerializer(crees, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """Le journal des états du positionnement."""
        return Response(TransitionSerializer(self.get_object().transitions.all(), many=True).data)

    @extend_schema(request=RetraitSerializer, responses=PositionnementSerializer)
    @action(detail=True, methods=["post"])
    def retirer(self, request, pk=None):
        """Retire le candidat avant la commission (motif obligatoire). Les avis de la commission et les décisions de
        CAL arrivent par leurs propres entrées."""
        p = self.get_object()
        if not peut_positionner(request.user):  # before reading the body: a refusal says nothing else
            raise Refus("Seuls les agents de la CASA retirent un positionnement.")
        entree = RetraitSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            p = services.retirer(par=request.user, positionnement=p, motif=entree.validated_data["motif"])
        except ErreurMetier as err:
            raise ValidationError({err.champ or "non_field_errors": [err.message]}) from err
        except PermissionDenied as err:
            raise Refus(str(err)) from err
        return Response(PositionnementSerializer(p).data)


class DesignationSerializer(serializers.Serializer):
    numero = texte(Demande, "numero", help_text=NUMERO_LU)
    type = texte_interprete(help_text="positionné, désigné ou attribué")
    date = texte_interprete(help_text="25/11/2026 ou 2026-11-25")
    logement = texte(Designation, "logement", required=False, allow_blank=True, default="")


class ListeSerializer(serializers.Serializer):
    lignes = DesignationSerializer(many=True)


class ListeLueSerializer(serializers.ModelSerializer):
    reservataire = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lignes = serializers.IntegerField(source="designations.count", read_only=True)

    class Meta:
        model = ListeReservataire
        fields = ["id", "reservataire", "deposee_le", "source", "active", "lignes"]


class ListeReservataireViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Listes des candidats positionnés, désignés ou attribués par un réservataire (croisement des fichiers). Un
    réservataire envoie la sienne (elle remplace la précédente) et lit les siennes ; la CASA les lit toutes."""

    serializer_class = ListeLueSerializer
    portee_cle_ecriture = PorteeCle.LISTES_RESERVATAIRES
    portees_cle_lecture = frozenset({PorteeCle.LECTURE, PorteeCle.LISTES_RESERVATAIRES})  # reads the lists it sent

    def get_queryset(self):
        return listes_visibles(self.request.user)

    @extend_schema(request=ListeSerializer, responses=ListeLueSerializer)
    def create(self, request, *args, **kwargs):
        entree = ListeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        ctx = contexte_de(request.user)
        reservataire = Organisation.objects.filter(pk=ctx.organisation_id).first()
        if reservataire is None:
            raise Refus("Aucune organisation.")
        lignes = [{**li, "_ligne": i} for i, li in enumerate(entree.validated_data["lignes"], start=1)]
        try:
            rapport = croisements.liste_deposer(
                par=request.user, reservataire=reservataire, lignes=lignes, source="API"
            )
        except ErreurMetier as err:
            raise ValidationError({"lignes": [err.message]}) from err
        except PermissionDenied as err:
            raise Refus(str(err)) from err
        if not rapport.valide:
            raise ValidationError({"lignes": [f"Ligne {n} : {message}" for n, message in rapport.erreurs]})
        return Response(ListeLueSerializer(rapport.liste).data, status=status.HTTP_201_CREATED)
