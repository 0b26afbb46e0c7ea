"""API serializers of the accounts app."""

from rest_framework import serializers

from accounts.models import AuditEvent


class AuditEventOutput(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", default=None)

    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "actor", "action", "object_type", "object_id", "summary"]
