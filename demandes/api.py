"""API of demands under /api/v1/demandes/: list, detail, create, update (same validation as the form, through the
same services), and the derived eligibility figures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commun.api_champs import par_slug, texte, texte_interprete
from commun.erreurs import ErreurMetier
from territoire.api_limites import DONNEES_PERSONNELLES
from territoire.contexte import contexte_de
from territoire.models import Commune, Organisation, PorteeCle
from territoire.models_acces import NatureLecture
from territoire.roles import TypeOrganisation
from territoire.services_acces import lecture_noter

from . import reference, services, validation
from .codes import (
    CritereLocal,
    EtatDemande,
    Lien,
    LogementActuel,
    MotifDemande,
    Nationalite,
    SituationFamiliale,
    TypeRessource,
    Typologie,
)
from .models import Demande, Personne, Ressource
from .selectors import demandes_visibles, par_numero
from .validation import ErreursValidation


class RessourceSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeRessource.choices)
    montant_mensuel = texte_interprete(help_text="Montant mensuel en euros, par exemple « 1234.56 ».")


class PersonneSerializer(serializers.Serializer):
    lien = serializers.ChoiceField(
        choices=Lien.choices,
        error_messages={
            "invalid_choice": "« {input} » n'est pas un lien : DEMANDEUR, CO_DEMANDEUR (conjoint, partenaire de PACS, "
            "concubin ou proche non à charge ; « vit_en_couple » dit si c'est un couple), ENFANT, ASCENDANT, "
            "AUTRE_PARENT ou AUTRE."
        },
    )
    nom = texte(Personne, "nom", required=False, allow_blank=True, default="")
    prenom = texte(Personne, "prenom", required=False, allow_blank=True, default="")
    nom_unique = serializers.BooleanField(
        required=False, default=False, help_text="L'état civil ne porte qu'un nom, sans prénom (prénom alors vide)."
    )
    nom_naissance = texte(Personne, "nom_naissance", required=False, allow_blank=True, default="")
    date_naissance = serializers.DateField()
    sexe = serializers.ChoiceField(choices=[("F", "Femme"), ("M", "Homme")], required=False, allow_blank=True)
    nationalite = serializers.ChoiceField(choices=Nationalite.choices, required=False, allow_blank=True)
    titre_sejour = texte(Personne, "titre_sejour", required=False, allow_blank=True)
    titre_sejour_fin = serializers.DateField(required=False, allow_null=True)
    situation_familiale = serializers.ChoiceField(choices=SituationFamiliale.choices, required=False, allow_blank=True)
    a_charge = serializers.BooleanField(required=False, default=False)
    handicap = serializers.BooleanField(required=False, default=False)
    enfant_a_naitre = serializers.BooleanField(required=False, default=False)
    telephone = texte(Personne, "telephone", required=False, allow_blank=True)
    courriel = texte(Personne, "courriel", required=False, allow_blank=True)
    adresse = texte(Personne, "adresse", required=False, allow_blank=True)
    ressources = RessourceSerializer(many=True, required=False, default=list)


class DemandeSerializer(serializers.ModelSerializer):
    # The number to show is the SNE's numéro unique when known, else the local number (docs/sne.md « Numéros »);
    # both are given apart. The detail URL takes either.
    numero = serializers.CharField(
        source="reference",
        read_only=True,
        help_text="Numéro de la demande à montrer : le numéro unique (NUR) du SNE quand il est connu, sinon le numéro "
        "local (CASA-2026-000123). L'adresse /api/v1/demandes/{numero}/ accepte l'un ou l'autre.",
    )
    nur = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Numéro unique départemental délivré par le SNE (18 caractères) ; null tant qu'il n'est pas connu.",
    )
    numero_local = serializers.CharField(
        source="numero",
        read_only=True,
        help_text="Numéro donné ici à l'enregistrement (CASA-2026-000123), jamais au format du SNE.",
    )
    guichet = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    personnes = PersonneSerializer(many=True)
    communes = serializers.ListField(
        child=serializers.CharField(max_length=5),
        write_only=True,
        help_text="Codes INSEE des communes souhaitées, dans l'ordre (8 au plus).",
    )
    bailleur_actuel = par_slug(
        Organisation.objects.filter(type=TypeOrganisation.BAILLEUR), required=False, allow_null=True
    )
    typologies = serializers.ListField(child=serializers.ChoiceField(choices=Typologie.choices))
    motifs = serializers.ListField(child=serializers.ChoiceField(choices=MotifDemande.choices))
    criteres_locaux = serializers.ListField(
        child=serializers.ChoiceField(choices=CritereLocal.choices), required=False, default=list
    )
    logement_actuel = serializers.ChoiceField(choices=LogementActuel.choices)
    revenu_fiscal_reference = texte_interprete(help_text="Revenu fiscal de référence N-2 du ménage, en euros.")
    revenu_recent = texte_interprete(required=False, allow_null=True, allow_blank=True)
    loyer_max = texte_interprete(required=False, allow_null=True, allow_blank=True)
    confirmer_malgre_doublon = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Enregistrer même si un doublon probable est signalé (l'agent a vérifié).",
    )

    class Meta:
        model = Demande
        fields = [
            "numero",
            "nur",
            "numero_local",
            "etat",
            "guichet",
            "date_depot",
            "date_enregistrement",
            "date_echeance",
            "date_dernier_renouvellement",
            "date_radiation",
            "motif_radiation",
            "vit_en_couple",
            "personnes",
            "logement_actuel",
            "commune_actuelle",
            "motifs",
            "motif_precision",
            "mutation",
            "bailleur_actuel",
            "perte_autonomie",
            "criteres_locaux",
            "communes",
            "toute_commune",
            "typologies",
            "loyer_max",
            "etage_max",
            "ascenseur_requis",
            "accessibilite_pmr",
            "employeur_nom",
            "employeur_siret",
            "employeur_commune",
            "revenu_fiscal_reference",
            "annee_revenu_fiscal",
            "revenu_recent",
            "revenu_recent_justifie",
            "priorites",
            "score_cotation",
            "nombre_personnes",
            "categorie_menage",
            "premier_quartile",
            "confirmer_malgre_doublon",
        ]
        read_only_fields = [
            "etat",
            "guichet",
            "date_enregistrement",
            "date_echeance",
            "date_dernier_renouvellement",
            "date_radiation",
            "motif_radiation",
            "priorites",
            "score_cotation",
            "nombre_personnes",
            "categorie_menage",
            "premier_quartile",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["communes"] = [s.commune.code_insee for s in instance.souhaits_communes.all()]
        data["revenu_fiscal_reference"] = instance.revenu_fiscal_reference
        data["revenu_recent"] = instance.revenu_recent
        data["loyer_max"] = str(instance.loyer_max) if instance.loyer_max is not None else None
        data["personnes"] = [
            {
                **{
                    f: getattr(p, f)
                    for f in (
                        "lien",
                        "nom",
                        "prenom",
                        "nom_unique",
                        "nom_naissance",
                        "sexe",
                        "nationalite",
                        "a_charge",
                        "handicap",
                        "enfant_a_naitre",
                    )
                },
                "date_naissance": p.date_naissance.isoformat(),
                "ressources": [{"type": r.type, "montant_mensuel": str(r.montant_mensuel)} for r in p.ressources.all()],
            }
            for p in instance.personnes.all()
        ]
        return data


def _communes(codes: list[str]) -> list[Commune]:
    par_code = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=codes)}
    inconnues = [c for c in codes if c not in par_code]
    if inconnues:
        raise ValidationError({"communes": [f"Commune inconnue du territoire : {', '.join(inconnues)}."]})
    return [par_code[c] for c in codes]


def _entier(valeur):
    return None if valeur in (None, "") else valeur


def _appliquer(*, par, demande, donnees: dict) -> None:
    exclus = {"toute_commune", "typologies", "etape"}
    if "personnes" in donnees:
        # The household and whether it is a couple are checked together, in one call (never one after the other).
        services.menage_definir(
            par=par, demande=demande, personnes=donnees["personnes"], vit_en_couple=donnees.get("vit_en_couple")
        )
        exclus.add("vit_en_couple")
    champs = {k: donnees[k] for k in services.CHAMPS_MODIFIABLES if k in donnees and k not in exclus}
    for k in ("revenu_fiscal_reference", "revenu_recent", "loyer_max"):
        if k in champs:
            champs[k] = _entier(champs[k])
    if champs:
        services.demande_modifier(par=par, demande=demande, **champs)
    if "communes" in donnees or "typologies" in donnees or "toute_commune" in donnees:
        services.souhaits_definir(
            par=par,
            demande=demande,
            communes=_communes(
                donnees.get("communes", [s.commune.code_insee for s in demande.souhaits_communes.all()])
            ),
            toute_commune=donnees.get("toute_commune", demande.toute_commune),
            typologies=donnees.get("typologies", demande.typologies),
        )


NUMERO_EN_CHEMIN = OpenApiParameter(
    "numero",
    str,
    OpenApiParameter.PATH,
    description="Le numéro unique (NUR, 18 caractères) ou le numéro local (CASA-2026-000123) de la demande ; espaces "
    "et minuscules acceptés.",
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[NUMERO_EN_CHEMIN]),
    update=extend_schema(parameters=[NUMERO_EN_CHEMIN]),
    partial_update=extend_schema(parameters=[NUMERO_EN_CHEMIN]),
)
class DemandeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Demandes de logement social du périmètre de l'appelant. La création enregistre la demande (elle reçoit un
    numéro local, le numéro unique vient du SNE) avec les mêmes contrôles que le formulaire ; en cas d'erreur, rien
    n'est enregistré. Une demande se lit par son numéro unique (NUR) ou par son numéro local."""

    serializer_class = DemandeSerializer
    lookup_field = "numero"  # the NUR or the local number (get_object)
    portee_cle_ecriture = PorteeCle.DEMANDES
    throttle_scope = {"list": DONNEES_PERSONNELLES}  # the list of households: the lower rate of bulk reads
    filterset_fields = ["etat", "premier_quartile", "categorie_menage"]

    def get_queryset(self):
        return (
            demandes_visibles(self.request.user)
            .exclude(etat=EtatDemande.BROUILLON)
            .select_related("guichet", "bailleur_actuel")  # named by their slug in each row: one join, not N queries
            .prefetch_related(
                Prefetch("personnes__ressources", queryset=Ressource.objects.order_by("pk")),  # as typed
                "souhaits_communes__commune",
            )
            .order_by("-date_depot", "-pk")
        )

    def get_object(self) -> Demande:
        """The demand whose NUR or local number is the URL's `numero` (spaces ignored, any case), within the
        caller's scope; 404 otherwise, the same answer whether the number exists elsewhere or not."""
        numero = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        demande = self.filter_queryset(self.get_queryset()).filter(par_numero(numero, exact=True)).first()
        if demande is None:
            raise Http404
        self.check_object_permissions(self.request, demande)
        return demande

    def list(self, request, *args, **kwargs):
        reponse = super().list(request, *args, **kwargs)
        envoyees = len(reponse.data.get("results", ())) if isinstance(reponse.data, dict) else len(reponse.data)
        if envoyees:  # noted among the sensitive reads: how many households were sent, not which nor the filters
            lecture_noter(par=request.user, nature=NatureLecture.API_DEMANDES, nombre=envoyees)
        return reponse

    def _executer(self, fonction):
        try:
            with transaction.atomic():
                return fonction()
        except ErreursValidation as err:
            raise ValidationError(err.erreurs) from err
        except services.DoublonProbable as err:
            raise ValidationError({"doublon": [err.message]}, code="doublon") from err
        except ErreurMetier as err:
            raise ValidationError({err.champ or "non_field_errors": [err.message]}) from err
        except PermissionDenied as err:
            from rest_framework.exceptions import PermissionDenied as Refus

            raise Refus(str(err) or "Action non permise.") from err

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = serializer.validated_data
        guichet = get_object_or_404(Organisation, pk=contexte_de(request.user).organisation_id)

        def creer():
            # The whole household is checked first, so that every error is reported at once.
            validation.lever_si_erreurs(validation.valider_menage(donnees["personnes"], timezone.localdate()))
            demandeurs = [p for p in donnees["personnes"] if p["lien"] == Lien.DEMANDEUR]
            demande = services.demande_creer(
                par=request.user,
                guichet=guichet,
                date_depot=donnees.get("date_depot") or timezone.localdate(),
                demandeur=demandeurs[0],
            )
            _appliquer(par=request.user, demande=demande, donnees=donnees)
            return services.demande_enregistrer(
                par=request.user, demande=demande, confirmer_malgre_doublon=donnees.get("confirmer_malgre_doublon")
            )

        demande = self._executer(creer)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=demande.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        demande = self.get_object()
        serializer = self.get_serializer(demande, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        self._executer(lambda: _appliquer(par=request.user, demande=demande, donnees=serializer.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=demande.pk)).data)

    @extend_schema(
        summary="Éligibilité dérivée de la demande",
        parameters=[NUMERO_EN_CHEMIN],
        responses=inline_serializer(
            "Eligibilite",
            {
                "annee_regles": serializers.IntegerField(),
                "categorie_menage": serializers.IntegerField(),
                "nombre_personnes": serializers.IntegerField(),
                "unites_consommation": serializers.FloatField(),
                "revenu_fiscal_reference": serializers.IntegerField(),
                "ressources_par_uc": serializers.FloatField(),
                "plafonds": serializers.DictField(
                    child=inline_serializer(
                        "Plafond", {"plafond": serializers.IntegerField(), "eligible": serializers.BooleanField()}
                    )
                ),
                "seuil_premier_quartile": serializers.FloatField(),
                "premier_quartile": serializers.BooleanField(),
                "priorites": serializers.ListField(child=serializers.CharField()),
                "explications": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def eligibilite(self, request, numero=None):
        demande = self.get_object()
        try:
            resultat = services.eligibilite_evaluer(demande=demande)
        except reference.RegleManquante as err:
            return Response({"detail": str(err)}, status=status.HTTP_409_CONFLICT)
        except ValueError as err:
            return Response({"detail": str(err)}, status=status.HTTP_409_CONFLICT)
        if resultat is None:
            return Response(
                {"detail": "Le ménage ou son revenu fiscal de référence ne sont pas encore connus."},
                status=status.HTTP_409_CONFLICT,
            )
        return Response({**resultat.as_dict(), "priorites": list(demande.priorites)})
