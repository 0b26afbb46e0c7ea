"""API shapes of research: export requests and export jobs."""

from django.urls import reverse
from rest_framework import serializers

from research.models import ExportFormat, ExportJob


class ExportRequestSerializer(serializers.Serializer):
    dataset = serializers.CharField(max_length=40)
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    filters = serializers.DictField(required=False, default=dict)
    anonymised = serializers.BooleanField(required=False, default=True)


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "url",
            "dataset",
            "format",
            "filters",
            "anonymised",
            "status",
            "failure_reason",
            "progress",
            "rows",
            "suppressed_rows",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_url(self, job) -> str:
        return self._absolute(reverse("api:research-export-detail", args=[job.pk]))

    def get_download_url(self, job) -> str | None:
        if not job.is_downloadable:
            return None
        return self._absolute(reverse("api:research-export-download", args=[job.pk]))
