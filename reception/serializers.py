"""Input and output serializers of the reception API (one small pair per operation)."""

from datetime import date

from django.core.validators import RegexValidator
from rest_framework import serializers

from cigem.models import Region
from cigem.reference import SpokenLanguage
from reception.models import (
    CANDIDATE_EDITABLE_FIELDS,
    Candidate,
    CandidateStatus,
    ConsentKind,
    FollowUp,
    Partner,
    Profile,
    Referral,
    ReferralStatus,
    ServiceGiven,
    Sex,
    Visit,
    VisitChannel,
)


class DuplicateQuery(serializers.Serializer):
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    nina = serializers.CharField(required=False, allow_blank=True, max_length=30)
    passport_number = serializers.CharField(required=False, allow_blank=True, max_length=30)


NO_NUL = RegexValidator(r"^[^\x00]*$", "Control characters are not allowed.")


class ListQuery(serializers.Serializer):
    candidate = serializers.IntegerField(required=False, min_value=1)


class ReferralListQuery(ListQuery):
    status = serializers.ChoiceField(
        choices=ReferralStatus.choices, required=False, allow_blank=True
    )


class CandidateListQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, validators=[NO_NUL])
    profile = serializers.ChoiceField(choices=Profile.choices, required=False, allow_blank=True)
    region = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(
        choices=CandidateStatus.choices, required=False, allow_blank=True
    )
    counsellor = serializers.IntegerField(required=False, min_value=1)
    created_from = serializers.DateField(required=False)
    created_to = serializers.DateField(required=False)
    sort = serializers.ChoiceField(
        choices=["-created_at", "created_at", "name", "-updated_at"],
        required=False,
        allow_blank=True,
    )


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    reasons = serializers.ListField(child=serializers.CharField())


class DuplicateConflict(serializers.Serializer):
    """409 answer of a create: likely existing records; send `confirmed_distinct` to go on."""

    detail = serializers.CharField()
    duplicates = DuplicateOutput(many=True)


class CandidateListOutput(serializers.ModelSerializer):
    region_of_origin = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    counsellor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "code",
            "last_name",
            "first_name",
            "sex",
            "birth_year",
            "phone",
            "profile",
            "status",
            "region_of_origin",
            "counsellor",
            "created_at",
            "updated_at",
        ]


class CandidateOutput(serializers.ModelSerializer):
    """Output only (never validates input): fields keep their blank and null choices."""

    region_of_origin = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "code",
            *CANDIDATE_EDITABLE_FIELDS,
            "status",
            "closing_reason",
            "merged_into",
            "erased_at",
            "created_at",
            "updated_at",
            "version",
        ]


class RegionCodeField(serializers.SlugRelatedField):
    """A region code, or null; an empty string is refused (DRF would read it as null)."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


class CandidateInput(serializers.ModelSerializer):
    """Fields a client may write; phone and identifiers are normalised by the service."""

    region_of_origin = RegionCodeField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=SpokenLanguage.choices), required=False
    )
    # Malian mobile numbers (the desk form also takes foreign ones): the pattern states in the
    # schema what the service accepts, so a schema-valid number is a valid number.
    phone = serializers.RegexField(
        r"^(\+223)?[67][0-9]{7}$", required=False, allow_blank=True, max_length=12
    )
    nina = serializers.CharField(required=False, allow_blank=True, max_length=30)
    passport_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    confirmed_distinct = serializers.ListField(
        child=serializers.IntegerField(), required=False, write_only=True
    )
    version = serializers.IntegerField(required=False, write_only=True)

    class Meta:
        model = Candidate
        fields = ["code", *CANDIDATE_EDITABLE_FIELDS, "confirmed_distinct", "version"]
        # The API asks for the family name; the desk form accepts a given name alone.
        extra_kwargs = {
            "code": {"validators": []},
            "last_name": {"required": True, "allow_blank": False},
            # The schema states the plausible range; the year is read when the process starts.
            "birth_year": {"min_value": 1900, "max_value": date.today().year},
            "dependants": {"max_value": 50},
        }


class VisitOutput(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "candidate",
            "visit_date",
            "counsellor",
            "channel",
            "services",
            "pathways",
            "notes",
            "next_step",
            "follow_up_date",
            "created_at",
        ]


class VisitInput(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    visit_date = serializers.DateField()
    channel = serializers.ChoiceField(choices=VisitChannel.choices, default=VisitChannel.WALK_IN)
    services = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceGiven.choices), required=False
    )
    pathways = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    next_step = serializers.CharField(required=False, allow_blank=True, max_length=250)
    follow_up_date = serializers.DateField(required=False)


class ReferralOutput(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "candidate",
            "visit",
            "partner",
            "service",
            "notes",
            "status",
            "outcome",
            "created_by",
            "created_at",
            "status_changed_at",
        ]


class ReferralInput(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    service = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True)
    visit = serializers.PrimaryKeyRelatedField(
        queryset=Visit.objects.all(), required=False, allow_null=True
    )


class ReferralTransitionInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    outcome = serializers.CharField(required=False, allow_blank=True)


class FollowUpOutput(serializers.ModelSerializer):
    candidate_code = serializers.CharField(source="candidate.code", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "candidate",
            "candidate_code",
            "visit",
            "referral",
            "assigned_to",
            "due_date",
            "reason",
            "done_at",
            "outcome",
        ]


class FollowUpInput(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    due_date = serializers.DateField()
    reason = serializers.CharField(max_length=250)


class FollowUpCompleteInput(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True)


class ConsentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    given = serializers.BooleanField()
