"""API of the campaigns app: public subscribing, and campaigns with their counts for staff."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from accounts.roles import CAMPAIGN_MANAGER, MANAGER
from campaigns import selectors, services
from campaigns.models import Campaign, Interest, SubscriberSource
from campaigns.serializers import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    CampaignDetailOutput,
    CampaignOutput,
    SubscribeInput,
    SubscribeOutput,
)
from cigem.api_pagination import NoCountPagination
from cigem.permissions import HasRole
from cigem.reference import REGIONS


class AddressThrottle(SimpleRateThrottle):
    """At most `public_form` sign-ups per phone or email, whoever sends them."""

    scope = "public_form"

    def get_cache_key(self, request, view):
        data = request.data if hasattr(request.data, "get") else {}
        address = str(data.get("phone") or data.get("email") or "").strip().lower()
        if not address:
            return None
        digits = "".join(c for c in address if c.isdigit())
        ident = digits[-8:] if "@" not in address and digits else address
        # Hashed: no phone or email in the cache's key names, and a key of fixed length
        # whatever was posted.
        ident = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


# The request schema says exactly what the service accepts, so a client (and schemathesis) can
# tell a valid request from an invalid one: a Malian mobile in E.164 and/or a plain address,
# a known region code, and consent given. Numbers abroad go through the diaspora app instead.
SUBSCRIBE_SCHEMA = {
    "type": "object",
    "properties": {
        "phone": {"type": "string", "pattern": PHONE_PATTERN, "example": "+22376123456"},
        "email": {
            "type": "string",
            "format": "email",
            "pattern": EMAIL_PATTERN,
            "maxLength": 100,
            "example": "awa@example.org",
        },
        "language": {"type": "string", "enum": ["fr", "en", "bm"], "default": "fr"},
        "region": {"type": "string", "enum": [code for code, _n, _d in REGIONS], "nullable": True},
        "interests": {"type": "array", "items": {"type": "string", "enum": Interest.values}},
        "consent": {"type": "boolean", "enum": [True]},
    },
    "required": ["consent"],
    "anyOf": [{"required": ["phone"]}, {"required": ["email"]}],
    "additionalProperties": False,
}


class SubscribeApi(APIView):
    """Public: subscribe a phone and/or email. Confirmation follows by email or SMS."""

    permission_classes = [AllowAny]
    authentication_classes = []  # public and CSRF-free: nothing here acts as a logged-in user
    throttle_classes = [AddressThrottle, AnonRateThrottle]

    @extend_schema(request={"application/json": SUBSCRIBE_SCHEMA}, responses={202: SubscribeOutput})
    def post(self, request):
        data = SubscribeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        region = values.get("region")
        try:
            subscriber = services.subscribe(
                phone=values.get("phone") or None,
                email=values.get("email") or None,
                language=values["language"],
                region_code=region.code if region else None,
                interests=values["interests"],
                source=SubscriberSource.PUBLIC_FORM,
                consent_text_version=settings.CAMPAIGNS_CONSENT_TEXT_VERSION,
            )
        except DjangoValidationError as exc:
            detail = (
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            )
            raise serializers.ValidationError(detail) from exc
        # Same answer whether the person was new or known: the API reveals no one's status.
        del subscriber
        return Response({"status": "check_your_messages"}, status=status.HTTP_202_ACCEPTED)


@extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)])
class CampaignListApi(generics.ListAPIView):
    serializer_class = CampaignOutput
    permission_classes = [HasRole.of(CAMPAIGN_MANAGER, MANAGER)]
    pagination_class = NoCountPagination
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        return selectors.campaign_list(status=params.get("status", ""), search=params.get("q", ""))


class CampaignDetailApi(APIView):
    permission_classes = [HasRole.of(CAMPAIGN_MANAGER, MANAGER)]

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses=CampaignDetailOutput,
    )
    def get(self, request, pk: str):
        if not pk.isdigit() or len(pk) > 18:
            raise NotFound
        campaign = get_object_or_404(Campaign.objects.prefetch_related("messages"), pk=int(pk))
        context = {
            "counts": selectors.delivery_counts(campaign),
            "reasons": selectors.failure_reasons(campaign),
        }
        return Response(CampaignDetailOutput(campaign, context=context).data)
