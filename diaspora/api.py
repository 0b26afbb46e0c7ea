"""API of the diaspora app: the member's own profile and missions; needs, matches, directory."""

import smtplib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditAction
from accounts.roles import DIASPORA_MEMBER
from accounts.services import audit_record
from cigem.api_pagination import NoCountPagination
from cigem.models import Region
from cigem.permissions import HasRole
from cigem.services import region_sync
from diaspora import matching, selectors, services
from diaspora.models import NEED_MATCHABLE, Mission, NeedStatus
from diaspora.permissions import DIASPORA_STAFF
from diaspora.serializers import (
    MatchListOutput,
    MatchOutput,
    MeInput,
    MemberOutput,
    MeOutput,
    MissionOutput,
    NeedInput,
    NeedOutput,
    NeedReviewInput,
    RespondInput,
)

IsMember = HasRole.of(DIASPORA_MEMBER)


def _own_member(request):
    services.member_ensure(user=request.user)
    return selectors.member_of(request.user)


IsDiasporaStaff = HasRole.of(*DIASPORA_STAFF)


class MeApi(APIView):
    permission_classes = [IsMember]
    # JSON only: form encodings turn an empty field into null, which the schema does not allow.
    parser_classes = [JSONParser]

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(_own_member(request)).data)

    @extend_schema(request=MeInput, responses=MeOutput)
    def patch(self, request):
        member = _own_member(request)
        data = MeInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        skills = fields.pop("skills", None)
        languages = fields.pop("languages", None)
        try:
            services.member_update(
                member=member,
                fields=fields,
                skills=[(s["name"], s["level"]) for s in skills] if skills is not None else None,
                languages=languages,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            raise ApiValidationError(error.message_dict) from error
        return Response(MeOutput(_own_member(request)).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        """Erase the member's own data and account, as the page does (audited)."""
        services.member_erase(member=_own_member(request), request=request)
        # The account is gone (its session rows with it); end this session too, as the page does.
        request.session.flush()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyMissionListApi(generics.ListAPIView):
    permission_classes = [IsMember]
    serializer_class = MissionOutput
    pagination_class = NoCountPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mission.objects.none()
        return selectors.member_missions(_own_member(self.request))


class MyMissionRespondApi(APIView):
    permission_classes = [IsMember]
    parser_classes = [JSONParser]

    @extend_schema(request=RespondInput, responses=MissionOutput)
    def post(self, request, pk: int):
        mission = selectors.member_mission_of(request.user, pk)
        data = RespondInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            mission = services.mission_respond(
                mission=mission,
                accept=data.validated_data["answer"] == "accept",
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(MissionOutput(mission).data)


class NeedListApi(generics.ListCreateAPIView):
    permission_classes = [IsDiasporaStaff]
    parser_classes = [JSONParser]
    serializer_class = NeedOutput
    pagination_class = NoCountPagination

    def get_queryset(self):
        return selectors.need_list(
            status=self.request.query_params.get("status", "")
        ).prefetch_related("skills")

    @extend_schema(request=NeedInput, responses={201: NeedOutput})
    def post(self, request):
        data = NeedInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        skills = fields.pop("skills")
        region = fields.pop("region")
        if region and not Region.objects.filter(code=region).exists():
            region_sync()  # the codes are reference data; a table emptied by hand is refilled
        fields["region"] = Region.objects.filter(code=region).first() if region else None
        try:
            need = services.need_create(
                fields=fields, skills=skills, created_by=request.user, request=request
            )
        except ValidationError as error:
            raise ApiValidationError(error.message_dict) from error
        return Response(NeedOutput(need).data, status=status.HTTP_201_CREATED)


class NeedProposedListApi(generics.ListAPIView):
    """The staff's queue: needs proposed by institutions, waiting for review, newest first."""

    permission_classes = [IsDiasporaStaff]
    serializer_class = NeedOutput
    pagination_class = NoCountPagination

    def get_queryset(self):
        return selectors.need_list(status=NeedStatus.PROPOSED).prefetch_related("skills")


class NeedReviewApi(APIView):
    """Accept a proposed need (it opens and is matched) or reject it with a reason; the
    institution is emailed. 409 when the need is not waiting for review."""

    permission_classes = [IsDiasporaStaff]
    parser_classes = [JSONParser]

    @extend_schema(request=NeedReviewInput, responses={200: NeedOutput, 409: None, 503: None})
    def post(self, request, pk: int):
        need = selectors.need_get(pk)
        data = NeedReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            need = services.need_review(
                need=need,
                accept=data.validated_data["decision"] == "accept",
                reason=data.validated_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        except (OSError, smtplib.SMTPException):
            return Response(
                {"detail": _("The email to the institution could not be sent: nothing changed.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(NeedOutput(selectors.need_get(need.pk)).data)


class NeedMatchesApi(APIView):
    permission_classes = [IsDiasporaStaff]

    @extend_schema(responses={200: MatchListOutput, 409: None})
    def get(self, request, pk: int):
        need = selectors.need_get(pk)
        if need.status not in NEED_MATCHABLE:
            return Response(
                {"detail": _("This need has not been accepted: nobody is matched with it.")},
                status=status.HTTP_409_CONFLICT,
            )
        matches = matching.need_matches(need)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=need,
            summary="matches viewed",
            request=request,
        )
        return Response({"results": MatchOutput(matches, many=True).data})


@extend_schema(
    parameters=[
        OpenApiParameter(name, str)
        for name in ("q", "sector", "skill", "country", "language", "availability")
    ]
)
class DirectoryApi(generics.ListAPIView):
    permission_classes = [IsDiasporaStaff]
    serializer_class = MemberOutput
    pagination_class = NoCountPagination

    def get_queryset(self):
        params = self.request.query_params
        return selectors.member_directory(
            **{
                name: params.get(name, "")
                for name in ("q", "sector", "skill", "country", "language", "availability")
            }
        )


class MemberDetailApi(APIView):
    permission_classes = [IsDiasporaStaff]

    @extend_schema(responses=MemberOutput)
    def get(self, request, pk: int):
        member = selectors.member_for_staff(pk)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=member,
            summary="profile viewed",
            request=request,
        )
        return Response(MemberOutput(member).data)
