"""OpenAPI details of research's API that drf-spectacular cannot infer."""

from drf_spectacular.extensions import OpenApiSerializerExtension


class ExportFiltersSchema(OpenApiSerializerExtension):
    """The filters object accepts only the filter names data sets declare: say so."""

    target_class = "research.serializers.ExportFiltersSerializer"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema
