"""API serializers of the campaigns app: a small input for subscribing, outputs for staff."""

from rest_framework import serializers

from campaigns.models import MESSAGE_LANGUAGES, Campaign, CampaignMessage, Interest
from cigem.models import Region


class SubscribeInput(serializers.Serializer):
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=MESSAGE_LANGUAGES, default="fr")
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    interests = serializers.ListField(
        child=serializers.ChoiceField(choices=Interest.choices), required=False, default=list
    )
    consent = serializers.BooleanField()

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError("Consent is required.")
        return value


class SubscribeOutput(serializers.Serializer):
    status = serializers.CharField()


class CampaignMessageOutput(serializers.ModelSerializer):
    class Meta:
        model = CampaignMessage
        fields = ["language", "sms_text", "email_subject", "email_body"]


class CampaignOutput(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "topic",
            "channel",
            "status",
            "audience",
            "send_at",
            "launched_at",
            "completed_at",
            "recipient_count",
            "created_at",
        ]


class CampaignDetailOutput(CampaignOutput):
    messages = CampaignMessageOutput(many=True, read_only=True)
    counts = serializers.SerializerMethodField()
    failure_reasons = serializers.SerializerMethodField()

    class Meta(CampaignOutput.Meta):
        fields = [*CampaignOutput.Meta.fields, "messages", "counts", "failure_reasons"]

    def get_counts(self, campaign) -> dict[str, int]:
        return self.context["counts"]

    def get_failure_reasons(self, campaign) -> dict[str, int]:
        return dict(self.context["reasons"])
