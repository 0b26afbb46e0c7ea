"""API of the reception desk: candidates, duplicates, visits, referrals, follow-ups.

Same permissions as the pages: counsellors and managers only. Service errors become 400 with
the field names; a stale edit becomes 409 with the current record.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, MANAGER
from accounts.services import audit_record
from cigem.api_pagination import NoCountPagination
from cigem.pagination import MAX_PAGE
from cigem.permissions import HasRole
from reception import selectors, services
from reception.models import FollowUp, Referral, Visit
from reception.names import Person
from reception.serializers import (
    CandidateInput,
    CandidateListOutput,
    CandidateListQuery,
    CandidateOutput,
    ConsentInput,
    DuplicateConflict,
    DuplicateOutput,
    DuplicateQuery,
    FollowUpCompleteInput,
    FollowUpInput,
    FollowUpOutput,
    ListQuery,
    ReferralInput,
    ReferralListQuery,
    ReferralOutput,
    ReferralTransitionInput,
    VisitInput,
    VisitOutput,
)

DESK = HasRole.of(COUNSELLOR, MANAGER)


class DeskPagination(NoCountPagination):
    """Past the last page a list is empty; a huge page number must not overflow the OFFSET."""

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        for name in (self.page_query_param, self.page_size_query_param):
            raw = params.get(name)
            if raw is None:
                continue
            # Too large a page size is cut to the maximum (DRF's rule); below 1 is refused.
            if not raw.isdigit() or int(raw) < 1:
                raise ValidationError({name: ["Give a whole number in the allowed range."]})
        number = int(params.get(self.page_query_param, 1))
        if number > MAX_PAGE:
            self.request, self.number, self.has_next = request, number, False
            return []
        return super().paginate_queryset(queryset, request, view)


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


def _valid(serializer) -> dict:
    """Validated data; a reference to a record that does not exist answers 404, not 400."""
    if serializer.is_valid():
        return serializer.validated_data
    codes = serializer.errors
    missing = [
        name
        for name, errors in codes.items()
        if isinstance(errors, list)
        and any(getattr(e, "code", "") == "does_not_exist" for e in errors)
    ]
    if missing:
        raise NotFound({name: codes[name] for name in missing})
    raise ValidationError(codes)


def _query(serializer_class, request) -> dict:
    """Validated query parameters; an empty value is refused where a number or date is due."""
    params = request.query_params
    for name, field in serializer_class().fields.items():
        typed = isinstance(field, serializers.IntegerField | serializers.DateField)
        if typed and params.get(name) == "":
            raise ValidationError({name: ["A value is required."]})
    query = serializer_class(data=params)
    query.is_valid(raise_exception=True)
    return query.validated_data


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
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null

    @extend_schema(parameters=[DuplicateQuery], responses=DuplicateOutput(many=True))
    def get(self, request):
        data = _query(DuplicateQuery, request)
        # A search is lenient: a phone that is not a number cannot match, the rest still can.
        try:
            phone = services.phone_normalise(data.get("phone", ""))
        except DjangoValidationError:
            phone = ""
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


class CandidateListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null
    pagination_class = DeskPagination
    filter_backends = []

    def get_serializer_class(self):
        return CandidateInput if self.request.method == "POST" else CandidateListOutput

    @extend_schema(parameters=[CandidateListQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = _query(CandidateListQuery, self.request)
        return selectors.candidate_list(**{k: v for k, v in filters.items() if v not in ("", None)})

    @extend_schema(request=CandidateInput, responses={201: CandidateOutput, 409: DuplicateConflict})
    def post(self, request):
        fields = dict(_valid(CandidateInput(data=request.data)))
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
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null

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
        fields = dict(_valid(CandidateInput(data=request.data, partial=True)))
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
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null

    @extend_schema(request=ConsentInput, responses={201: None})
    def post(self, request, pk: int):
        candidate = selectors.candidate_for(request.user, pk)
        data = _valid(ConsentInput(data=request.data))
        services.candidate_consent_record(
            candidate=candidate, actor=request.user, request=request, **data
        )
        return Response(status=status.HTTP_201_CREATED)


class VisitListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null
    pagination_class = DeskPagination
    filter_backends = []
    serializer_class = VisitOutput

    @extend_schema(parameters=[ListQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = _query(ListQuery, self.request)
        qs = Visit.objects.order_by("-visit_date", "-id")
        if params.get("candidate"):
            qs = qs.filter(candidate_id=params["candidate"])
        return qs

    @extend_schema(request=VisitInput, responses={201: VisitOutput})
    def post(self, request):
        data = _valid(VisitInput(data=request.data))
        try:
            visit = services.visit_create(actor=request.user, request=request, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)


class ReferralListApi(generics.ListCreateAPIView):
    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null
    pagination_class = DeskPagination
    filter_backends = []
    serializer_class = ReferralOutput

    @extend_schema(parameters=[ReferralListQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = _query(ReferralListQuery, self.request)
        qs = Referral.objects.order_by("-created_at", "-id")
        if params.get("candidate"):
            qs = qs.filter(candidate_id=params["candidate"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(request=ReferralInput, responses={201: ReferralOutput})
    def post(self, request):
        data = _valid(ReferralInput(data=request.data))
        try:
            referral = services.referral_create(actor=request.user, request=request, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralTransitionApi(APIView):
    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null

    @extend_schema(request=ReferralTransitionInput, responses=ReferralOutput)
    def post(self, request, pk: int):
        referral = generics.get_object_or_404(Referral, pk=pk)
        data = _valid(ReferralTransitionInput(data=request.data))
        try:
            referral = services.referral_transition(
                referral=referral,
                to_status=data["status"],
                outcome=data.get("outcome", ""),
                actor=request.user,
                request=request,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(ReferralOutput(referral).data)


class FollowUpListApi(generics.ListCreateAPIView):
    """The caller's open follow-ups, overdue first; POST plans one."""

    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null
    pagination_class = DeskPagination
    filter_backends = []
    serializer_class = FollowUpOutput

    def get_queryset(self):
        return selectors.follow_ups_open_for(self.request.user)

    @extend_schema(request=FollowUpInput, responses={201: FollowUpOutput})
    def post(self, request):
        data = _valid(FollowUpInput(data=request.data))
        try:
            follow_up = services.follow_up_create(actor=request.user, request=request, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(FollowUpOutput(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpCompleteApi(APIView):
    permission_classes = [DESK]
    parser_classes = [JSONParser]  # JSON only: a form body cannot say null

    @extend_schema(request=FollowUpCompleteInput, responses=FollowUpOutput)
    def post(self, request, pk: int):
        follow_up = generics.get_object_or_404(FollowUp, pk=pk)
        data = _valid(FollowUpCompleteInput(data=request.data))
        follow_up = services.follow_up_complete(
            follow_up=follow_up,
            actor=request.user,
            outcome=data.get("outcome", ""),
            request=request,
        )
        return Response(FollowUpOutput(follow_up).data)
