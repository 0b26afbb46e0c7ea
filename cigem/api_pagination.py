"""Pagination classes of the API (kept apart from views to avoid an import cycle with DRF)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

MAX_PAGE = 100_000  # beyond, an OFFSET overflows a bigint long before anyone reads that far


def _strict_positive(
    request, name: str, default: int, cutoff: int | None = None, maximum: int | None = None
) -> int:
    """A malformed page or page size is a 400 with a reason, never silently replaced."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [_("A whole number is required.")]}) from None
    if value < 1:
        raise ValidationError({name: [_("Must be 1 or more.")]})
    if maximum is not None and value > maximum:
        raise ValidationError({name: [_("Must be at most %(maximum)d.") % {"maximum": maximum}]})
    return min(value, cutoff) if cutoff else value


class _StrictSchemaMixin:
    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter.setdefault("schema", {})["minimum"] = 1
        return parameters


class StandardPagination(_StrictSchemaMixin, PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _strict_positive(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def get_page_number(self, request, paginator):
        _strict_positive(request, self.page_query_param, 1, maximum=MAX_PAGE)
        return super().get_page_number(request, paginator)


class NoCountPagination(_StrictSchemaMixin, PageNumberPagination):
    """Next/previous links only: for tables too large to count on every request."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _strict_positive(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        self.number = _strict_positive(request, self.page_query_param, 1, maximum=MAX_PAGE)
        offset = (self.number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        self.has_next = len(rows) > size
        return rows[:size]

    def _link(self, number):
        from rest_framework.utils.urls import replace_query_param

        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.number + 1) if self.has_next else None,
                "previous": self._link(self.number - 1) if self.number > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
