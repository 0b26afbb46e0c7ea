"""API of research: ask for an export (202), follow it, cancel it, download its file.

Answers of the download: 200 with the file; 409 while the job is queued or running (the body
gives its progress); 410 once it failed, was cancelled or expired; 404 for a job that is not
the caller's (as if it did not exist).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from cigem.permissions import HasRole
from research import selectors, services
from research.serializers import ExportJobSerializer, ExportRequestSerializer
from research.views import serve_export

EXPORTERS = HasRole.of(*selectors.EXPORT_ROLES)


@extend_schema(
    request=ExportRequestSerializer,
    responses={202: ExportJobSerializer, 400: OpenApiResponse(), 403: OpenApiResponse()},
)
@api_view(["POST"])
@parser_classes([JSONParser])
@permission_classes([EXPORTERS])
def export_create(request):
    incoming = ExportRequestSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    try:
        job = services.export_request(user=request.user, request=request, **incoming.validated_data)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    body = ExportJobSerializer(job, context={"request": request}).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema(responses={200: ExportJobSerializer})
@api_view(["GET"])
@permission_classes([EXPORTERS])
def export_detail(request, pk):
    job = selectors.export_job_for(request.user, pk)
    return Response(ExportJobSerializer(job, context={"request": request}).data)


@extend_schema(request=None, responses={200: ExportJobSerializer, 409: OpenApiResponse()})
@api_view(["POST"])
@permission_classes([EXPORTERS])
def export_cancel(request, pk):
    job = selectors.export_job_for(request.user, pk)
    try:
        services.export_cancel(job=job, user=request.user, request=request)
    except services.ExportStateError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return Response(ExportJobSerializer(job, context={"request": request}).data)


@extend_schema(
    responses={
        (200, "application/octet-stream"): OpenApiResponse(description="the file"),
        409: OpenApiResponse(description="still running: status and progress"),
        410: OpenApiResponse(description="failed, cancelled or expired"),
    }
)
@api_view(["GET"])
@permission_classes([EXPORTERS])
def export_download(request, pk):
    job = selectors.export_job_for(request.user, pk)
    response, code = serve_export(request, job)
    if response is not None:
        return response
    return Response(
        {"status": job.status, "progress": job.progress, "failure_reason": job.failure_reason},
        status=code,
    )
