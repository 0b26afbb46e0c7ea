"""Serializers of the diaspora API: small input and output shapes, one per operation."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from cigem.reference import REGIONS, SpokenLanguage
from diaspora.models import Availability, Member, Mission, Need
from diaspora.reference import (
    COUNTRIES,
    MAX_DAYS_PER_YEAR,
    MAX_YEARS_ABROAD,
    MAX_YEARS_EXPERIENCE,
    Sector,
    SkillLevel,
)


# JSON input only, and strict: DRF would turn "12" into 12 and "false" into False, which the
# published schema (integer, boolean) says is refused. A client learns the types from the schema.
class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class SkillOutput(serializers.Serializer):
    name = serializers.CharField(source="skill.name")
    level = serializers.IntegerField()


class MemberOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    region_of_origin = serializers.CharField(source="region_of_origin.code", allow_null=True)
    skills = SkillOutput(many=True)
    languages = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()
    has_cv = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "full_name",
            "email",
            "country",
            "city",
            "years_abroad",
            "region_of_origin",
            "occupation",
            "sector",
            "qualifications",
            "years_of_experience",
            "skills",
            "languages",
            "availability",
            "days_per_year",
            "interest_investment",
            "interest_codevelopment",
            "interest_knowledge_transfer",
            "news_opt_in",
            "has_cv",
            "updated_at",
        ]

    def get_languages(self, member) -> list[str]:
        return [lang.language for lang in member.languages.all()]

    def get_availability(self, member) -> list[str]:
        return [kind.value for kind in member.availabilities]

    def get_has_cv(self, member) -> bool:
        return bool(member.cv)


class MeOutput(MemberOutput):
    completeness = serializers.SerializerMethodField()

    class Meta(MemberOutput.Meta):
        fields = [*MemberOutput.Meta.fields, "completeness"]

    def get_completeness(self, member) -> int:
        from diaspora.selectors import member_completeness

        return member_completeness(member).percent


class SkillInput(serializers.Serializer):
    name = StrictCharField(max_length=80)
    level = StrictIntegerField(min_value=SkillLevel.BASIC, max_value=SkillLevel.EXPERT)


class MeInput(serializers.Serializer):
    """What a member may change through the API (the same fields as the profile page)."""

    country = serializers.ChoiceField(choices=[("", ""), *COUNTRIES], required=False)
    city = StrictCharField(max_length=100, required=False, allow_blank=True)
    years_abroad = StrictIntegerField(
        min_value=0, max_value=MAX_YEARS_ABROAD, required=False, allow_null=True
    )
    occupation = StrictCharField(max_length=120, required=False, allow_blank=True)
    sector = serializers.ChoiceField(choices=[("", ""), *Sector.choices], required=False)
    qualifications = StrictCharField(required=False, allow_blank=True)
    years_of_experience = StrictIntegerField(
        min_value=0, max_value=MAX_YEARS_EXPERIENCE, required=False, allow_null=True
    )
    days_per_year = StrictIntegerField(
        min_value=0, max_value=MAX_DAYS_PER_YEAR, required=False, allow_null=True
    )
    available_short_missions = StrictBooleanField(required=False)
    available_long_missions = StrictBooleanField(required=False)
    available_remote = StrictBooleanField(required=False)
    available_mentoring = StrictBooleanField(required=False)
    available_training = StrictBooleanField(required=False)
    interest_investment = StrictBooleanField(required=False)
    interest_codevelopment = StrictBooleanField(required=False)
    interest_knowledge_transfer = StrictBooleanField(required=False)
    news_opt_in = StrictBooleanField(required=False)
    skills = SkillInput(many=True, required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=SpokenLanguage.choices), required=False
    )


class MissionOutput(serializers.ModelSerializer):
    need_title = serializers.CharField(source="need.title")
    institution = serializers.CharField(source="need.institution")

    class Meta:
        model = Mission
        fields = ["id", "need_title", "institution", "status", "message", "invited_at", "outcome"]


class RespondInput(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accept", "decline"])


class NeedOutput(serializers.ModelSerializer):
    skills = serializers.SerializerMethodField()
    region = StrictCharField(source="region.code", allow_null=True, default=None)

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "institution",
            "description",
            "sector",
            "skills",
            "languages",
            "kind",
            "duration",
            "region",
            "location",
            "remote_possible",
            "start_date",
            "end_date",
            "status",
            "origin",
            "contact_name",
            "contact_email",
            "contact_phone",
            "review_reason",
            "reviewed_at",
            "created_at",
        ]

    def get_skills(self, need) -> list[str]:
        return [skill.name for skill in need.skills.all()]


class NeedInput(serializers.Serializer):
    title = StrictCharField(max_length=200)
    institution = StrictCharField(max_length=200)
    description = StrictCharField(required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(choices=Sector.choices)
    kind = serializers.ChoiceField(choices=Availability.choices)
    skills = serializers.ListField(child=StrictCharField(max_length=80), default=list)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=SpokenLanguage.choices), default=list
    )
    duration = StrictCharField(max_length=100, required=False, allow_blank=True, default="")
    region = serializers.ChoiceField(
        choices=[code for code, _name, _district in REGIONS],
        required=False,
        allow_null=True,
        default=None,
    )
    location = StrictCharField(max_length=150, required=False, allow_blank=True, default="")
    remote_possible = StrictBooleanField(default=False)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data):
        # The same rule as the page's form: a need cannot end before it starts.
        if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
            raise serializers.ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )
        return data


class NeedReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    reason = StrictCharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, data):
        if data["decision"] == "reject" and not data["reason"].strip():
            raise serializers.ValidationError(
                {"reason": _("Give the reason of the refusal: the institution will read it.")}
            )
        return data


class MatchOutput(serializers.Serializer):
    member_id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField(source="user.full_name")
    country = serializers.CharField()
    sector = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class MatchListOutput(serializers.Serializer):
    results = MatchOutput(many=True)
