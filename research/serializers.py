"""API shapes of research: export requests and export jobs."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from research import schema  # noqa: F401 - registers the OpenAPI extension of the filters
from research.datasets import all_filters, dataset_choices
from research.models import ExportFormat, ExportJob


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only: "0" or "no" are refused rather than guessed."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _filter_field(item):
    if item.kind == "date":
        return serializers.DateField(required=False, allow_null=True)
    if item.kind == "int":
        return StrictIntegerField(required=False, allow_null=True, min_value=0, max_value=9999)
    if item.kind == "id":
        return StrictIntegerField(
            required=False, allow_null=True, min_value=1, max_value=2_147_483_647
        )
    if item.kind == "choice":
        return serializers.ChoiceField(choices=item.choice_list(), required=False, allow_blank=True)
    return StrictCharField(required=False, allow_blank=True, max_length=100)


class ExportFiltersSerializer(serializers.Serializer):
    """Every filter some data set accepts; a data set ignores those it does not have."""

    def get_fields(self):
        return {key: _filter_field(item) for key, item in all_filters().items()}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(all_filters()))
            if unknown:
                raise serializers.ValidationError(
                    _("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}
                )
        values = super().to_internal_value(data)
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


class ExportRequestSerializer(serializers.Serializer):
    dataset = serializers.ChoiceField(choices=())
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    filters = ExportFiltersSerializer(required=False, default=dict)
    anonymised = StrictBooleanField(required=False, default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry's keys, read when the serializer is built: the schema lists them.
        self.fields["dataset"].choices = dataset_choices()


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
