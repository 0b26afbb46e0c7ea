"""API serializers of the campaigns app: a small input for subscribing, outputs for staff."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.models import MESSAGE_LANGUAGES, Campaign, CampaignMessage, Interest
from cigem.models import Region
from cigem.serializers import StrictInputMixin

PHONE_PATTERN = r"^\+223[679][0-9]{7}$"
EMAIL_PATTERN = (
    r"^[a-z0-9_+-]+(\.[a-z0-9_+-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
    r"\.[a-z]{2,10}$"
)


class SubscribeInput(StrictInputMixin, serializers.Serializer):
    phone = serializers.RegexField(PHONE_PATTERN, required=False, max_length=12)
    email = serializers.RegexField(EMAIL_PATTERN, required=False, max_length=100)
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
            raise serializers.ValidationError(_("Consent is required."))
        return value

    def validate(self, data):
        if not data.get("phone") and not data.get("email"):
            raise serializers.ValidationError(_("Give a phone number or an email address."))
        return data


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
