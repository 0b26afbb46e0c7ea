"""API of circular migration: open offers for everyone; applications and matches for staff."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, MANAGER
from accounts.services import audit_record
from cigem.api_pagination import NoCountPagination, StandardPagination
from cigem.permissions import HasRole, user_has_role
from reception import placements_selectors as selectors
from reception import placements_services as services
from reception.models import Candidate
from reception.placements_models import Application, JobOffer
from reception.placements_serializers import (
    ApplicationCreateInput,
    ApplicationDetailOutput,
    ApplicationOutput,
    ApplicationQuery,
    JobOfferOutput,
    MatchesQuery,
    MoveInput,
    OfferMatchOutput,
    OfferQuery,
)

WORKERS = HasRole.of(COUNSELLOR, MANAGER)


def _api_error(error: ValidationError) -> ApiValidationError:
    if hasattr(error, "error_dict"):
        return ApiValidationError(error.message_dict)
    return ApiValidationError({"non_field_errors": error.messages})


def _query(serializer_class, request) -> dict:
    # A plain dict: with a QueryDict DRF reads "?status=" as absent, not as a wrong value.
    query = serializer_class(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return query.validated_data


def _offers_for(request):
    """Staff see every offer; everyone else only the open public ones."""
    params = _query(OfferQuery, request)
    country, sector = params.get("country", ""), params.get("sector", "")
    if user_has_role(request.user, COUNSELLOR, MANAGER):
        return selectors.offer_list(status=params.get("status", ""), country=country, sector=sector)
    return selectors.public_offer_list(country=country, sector=sector)


@extend_schema(parameters=[OfferQuery])
class JobOfferListApi(generics.ListAPIView):
    serializer_class = JobOfferOutput
    permission_classes = [AllowAny]
    pagination_class = StandardPagination
    filter_backends = []
    throttle_scope = "anon"

    def get_queryset(self):
        return _offers_for(self.request)


class JobOfferDetailApi(generics.RetrieveAPIView):
    serializer_class = JobOfferOutput
    permission_classes = [AllowAny]

    def get_queryset(self):
        return _offers_for(self.request)


@extend_schema(parameters=[ApplicationQuery], responses=ApplicationOutput(many=True))
class ApplicationListApi(generics.ListCreateAPIView):
    permission_classes = [WORKERS]
    pagination_class = NoCountPagination
    filter_backends = []
    serializer_class = ApplicationOutput

    def get_queryset(self):
        params = _query(ApplicationQuery, self.request)
        return selectors.application_list(
            status=params.get("status", ""),
            offer_id=params.get("offer"),
            search=params.get("q", ""),
        )

    @extend_schema(request=ApplicationCreateInput, responses={201: ApplicationOutput})
    def post(self, request):
        data = ApplicationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = JobOffer.objects.filter(pk=data.validated_data["offer"]).first()
        candidate = Candidate.objects.filter(pk=data.validated_data["candidate"]).first()
        if offer is None or candidate is None:
            raise NotFound
        try:
            application = services.application_submit(
                offer=offer, candidate=candidate, actor=request.user, request=request
            )
        except ValidationError as error:
            raise _api_error(error) from None
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetailApi(APIView):
    permission_classes = [WORKERS]

    @extend_schema(responses=ApplicationDetailOutput)
    def get(self, request, pk):
        try:
            application = selectors.application_detail(pk)
        except Application.DoesNotExist:
            raise NotFound from None
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=application,
            summary=f"application of candidate {application.candidate_id} (API)",
            request=request,
        )
        return Response(ApplicationDetailOutput(application).data)


class ApplicationMoveApi(APIView):
    permission_classes = [WORKERS]

    @extend_schema(request=MoveInput, responses=ApplicationOutput)
    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            application = services.application_move(
                application=application,
                to_status=values["to_status"],
                actor=request.user,
                on_date=values["on_date"],
                expected_return_date=values["expected_return_date"],
                contract_end=values["contract_end"],
                note=values["note"],
                debrief=values["debrief"],
                request=request,
            )
        except ValidationError as error:
            raise _api_error(error) from None
        application = selectors.application_detail(application.pk)
        return Response(ApplicationOutput(application).data)


class OfferMatchesApi(APIView):
    permission_classes = [WORKERS]

    @extend_schema(parameters=[MatchesQuery], responses=OfferMatchOutput(many=True))
    def get(self, request, pk):
        offer = get_object_or_404(JobOffer.objects.prefetch_related("regions"), pk=pk)
        limit = _query(MatchesQuery, request)["limit"]
        matches = selectors.match_candidates_for_offer(offer, limit=limit)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=offer,
            summary=f"matching list, {len(matches)} candidates (API)",
            request=request,
        )
        return Response(OfferMatchOutput(matches, many=True).data)
