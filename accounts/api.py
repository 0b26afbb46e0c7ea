"""API of the accounts app: the audit trail, for managers."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from accounts.roles import MANAGER
from accounts.selectors import audit_event_list
from accounts.serializers import AuditEventOutput
from cigem.api_pagination import NoCountPagination
from cigem.permissions import HasRole


@extend_schema(
    parameters=[
        OpenApiParameter("actor", str),
        OpenApiParameter("action", str),
        OpenApiParameter("object_type", str),
        OpenApiParameter("object_id", str),
    ]
)
class AuditEventListApi(generics.ListAPIView):
    serializer_class = AuditEventOutput
    permission_classes = [HasRole.of(MANAGER)]
    pagination_class = NoCountPagination
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        return audit_event_list(
            actor_email=params.get("actor", ""),
            action=params.get("action", ""),
            object_type=params.get("object_type", ""),
            object_id=params.get("object_id", ""),
        )
