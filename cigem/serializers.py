"""Serializer pieces shared by the apps' APIs."""

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictInputMixin:
    """Refuse fields the operation does not know, instead of silently dropping them.

    A misspelt field name ("telephone" for "phone") would otherwise be lost without a word.
    """

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)
