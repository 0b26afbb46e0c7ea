"""API of the reception desk: candidates, duplicates, visits, referrals, follow-ups.

Same permissions as the pages: counsellors and managers only. Service errors become 400 with
the field names; a stale edit becomes 409 with the current record.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, MANAGER
from accounts.services import audit_record
from cigem.api_pagination import NoCountPagination
from cigem.permissions import HasRole
from reception import selectors, services
from reception.models import FollowUp, Referral, Visit
from reception.names import Person
from reception.serializers import (
    CandidateInput,
    CandidateListOutput,
    CandidateOutput,
    ConsentInput,
    DuplicateOutput,
    DuplicateQuery,
    FollowUpCompleteInput,
    FollowUpInput,
    FollowUpOutput,
    ReferralInput,
    ReferralOutput,
    ReferralTransitionInput,
    VisitInput,
    VisitOutput,
)

DESK = HasRole.of(COUNSELLOR, MANAGER)


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


def _match_output(matches) -> list[dict]:
    return [
        {
            "id": m.candidate.pk,
            "code": m.candidate.code,
            "full_name": m.candidate.full_name,
            "score": m.score,
            "reasons": selectors.reason_labels(m.reasons),
        }
        for m in matches
    ]


class DuplicateSearchApi(APIView):
    permission_classes = [DESK]

    @extend_schema(parameters=[DuplicateQuery], responses=DuplicateOutput(many=True))
    def get(self, request):
        query = DuplicateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        phone = data.get("phone", "")
        if phone:
            try:
                phone = services.phone_normalise(phone)
            except DjangoValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from exc
        person = Person(
            last_name=data.get("last_name", ""),
            first_name=data.get("first_name", ""),
            sex=data.get("sex", ""),
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            phone=phone,
            nina=services.identifier_normalise(data.get("nina", "")),
            passport_number=services.identifier_normalise(data.get("passport_number", "")),
        )
        if not any(
            (person.last_name, person.first_name, phone, person.nina, person.passport_number)
        ):
            return Response([])
        return Response(_match_output(selectors.duplicate_search(person)))


@extend_schema(
    parameters=[
        OpenApiParameter(name, str)
        for name in ("q", "profile", "region", "status", "counsellor", "sort")
    ]
)
class CandidateListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    pagination_class = NoCountPagination
    filter_backends = []

    def get_serializer_class(self):
        return CandidateInput if self.request.method == "POST" else CandidateListOutput

    def get_queryset(self):
        from reception.forms import CandidateFilterForm

        form = CandidateFilterForm(self.request.query_params)
        return selectors.candidate_list(**form.filters())

    @extend_schema(request=CandidateInput, responses={201: CandidateOutput})
    def post(self, request):
        data = CandidateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        confirmed = fields.pop("confirmed_distinct", [])
        fields.pop("version", None)
        try:
            candidate = services.candidate_create(
                actor=request.user, confirmed_distinct=confirmed, request=request, **fields
            )
        except services.DuplicateSuspected as exc:
            return Response(
                {"detail": "duplicate suspected", "duplicates": _match_output(exc.matches)},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(CandidateOutput(candidate).data, status=status.HTTP_201_CREATED)


class CandidateDetailApi(APIView):
    permission_classes = [DESK]

    @extend_schema(responses=CandidateOutput)
    def get(self, request, pk: int):
        candidate = selectors.candidate_for(request.user, pk)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=candidate,
            summary="api",
            request=request,
        )
        return Response(CandidateOutput(candidate).data)

    @extend_schema(request=CandidateInput, responses={200: CandidateOutput, 409: CandidateOutput})
    def patch(self, request, pk: int):
        candidate = selectors.candidate_for(request.user, pk)
        data = CandidateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("confirmed_distinct", None)
        fields.pop("code", None)
        if "version" not in fields:
            raise ValidationError({"version": ["Send the version you read (stale-edit check)."]})
        version = fields.pop("version")
        try:
            candidate = services.candidate_update(
                candidate=candidate,
                actor=request.user,
                expected_version=version,
                request=request,
                **fields,
            )
        except services.StaleEdit as exc:
            return Response(CandidateOutput(exc.current).data, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(CandidateOutput(candidate).data)


class CandidateConsentApi(APIView):
    permission_classes = [DESK]

    @extend_schema(request=ConsentInput, responses={201: None})
    def post(self, request, pk: int):
        candidate = selectors.candidate_for(request.user, pk)
        data = ConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.candidate_consent_record(
            candidate=candidate, actor=request.user, request=request, **data.validated_data
        )
        return Response(status=status.HTTP_201_CREATED)


class VisitListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    pagination_class = NoCountPagination
    filter_backends = []
    serializer_class = VisitOutput

    @extend_schema(parameters=[OpenApiParameter("candidate", int)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = Visit.objects.order_by("-visit_date", "-id")
        candidate = self.request.query_params.get("candidate", "")
        if candidate.isdigit():
            qs = qs.filter(candidate_id=int(candidate))
        return qs

    @extend_schema(request=VisitInput, responses={201: VisitOutput})
    def post(self, request):
        data = VisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            visit = services.visit_create(
                actor=request.user, request=request, **data.validated_data
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)


class ReferralListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    pagination_class = NoCountPagination
    filter_backends = []
    serializer_class = ReferralOutput

    @extend_schema(parameters=[OpenApiParameter("candidate", int), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = Referral.objects.order_by("-created_at", "-id")
        params = self.request.query_params
        if params.get("candidate", "").isdigit():
            qs = qs.filter(candidate_id=int(params["candidate"]))
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(request=ReferralInput, responses={201: ReferralOutput})
    def post(self, request):
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            referral = services.referral_create(
                actor=request.user, request=request, **data.validated_data
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralTransitionApi(APIView):
    permission_classes = [DESK]

    @extend_schema(request=ReferralTransitionInput, responses=ReferralOutput)
    def post(self, request, pk: int):
        referral = generics.get_object_or_404(Referral, pk=pk)
        data = ReferralTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            referral = services.referral_transition(
                referral=referral,
                to_status=data.validated_data["status"],
                outcome=data.validated_data.get("outcome", ""),
                actor=request.user,
                request=request,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(ReferralOutput(referral).data)


class FollowUpListApi(generics.ListCreateAPIView):
    """The caller's open follow-ups, overdue first; POST plans one."""

    permission_classes = [DESK]
    pagination_class = NoCountPagination
    filter_backends = []
    serializer_class = FollowUpOutput

    def get_queryset(self):
        return selectors.follow_ups_open_for(self.request.user)

    @extend_schema(request=FollowUpInput, responses={201: FollowUpOutput})
    def post(self, request):
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            follow_up = services.follow_up_create(
                actor=request.user, request=request, **data.validated_data
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(FollowUpOutput(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpCompleteApi(APIView):
    permission_classes = [DESK]

    @extend_schema(request=FollowUpCompleteInput, responses=FollowUpOutput)
    def post(self, request, pk: int):
        follow_up = generics.get_object_or_404(FollowUp, pk=pk)
        data = FollowUpCompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = services.follow_up_complete(
            follow_up=follow_up,
            actor=request.user,
            outcome=data.validated_data.get("outcome", ""),
            request=request,
        )
        return Response(FollowUpOutput(follow_up).data)
