"""The API root and the current user's own description."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response


@extend_schema(
    responses=inline_serializer(
        "ApiRoot",
        {"version": serializers.CharField(), "schema": serializers.CharField()},
    )
)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    return Response({"version": "v1", "schema": "/api/schema/", "docs": "/api/docs/"})


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    preferred_language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    user = request.user
    return Response(
        MeSerializer(
            {
                "email": user.email,
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "roles": sorted(user.roles),
            }
        ).data
    )
