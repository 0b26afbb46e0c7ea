"""API input and output shapes of circular migration (one small serializer per operation)."""

from rest_framework import serializers

from reception.placements_models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConditionsRating,
    Country,
    JobOffer,
    OfferStatus,
    PaidAsPromised,
    Sector,
)


class EmployerBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class JobOfferOutput(serializers.ModelSerializer):
    employer = EmployerBrief()
    programme = serializers.CharField(source="programme.name", default=None)
    country_name = serializers.CharField(source="get_country_display")
    sector_name = serializers.CharField(source="get_sector_display")
    status = serializers.CharField()

    class Meta:
        model = JobOffer
        fields = [
            "id",
            "title",
            "title_en",
            "title_bm",
            "employer",
            "programme",
            "sector",
            "sector_name",
            "country",
            "country_name",
            "city",
            "contract_type",
            "positions",
            "period_start",
            "period_end",
            "description",
            "description_en",
            "description_bm",
            "occupation",
            "skills",
            "languages",
            "experience_months",
            "age_min",
            "age_max",
            "pay",
            "housing_provided",
            "travel_paid",
            "return_commitment",
            "conditions",
            "application_deadline",
            "status",
            "is_public",
        ]


class CandidateBrief(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField()
    occupation = serializers.CharField()


# Statuses go out as plain strings: the one enum of application statuses in the schema is the
# input of a move, so drf-spectacular does not meet the same choice set under several names.
class ApplicationEventOutput(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", default=None)
    from_status = serializers.CharField()
    to_status = serializers.CharField()

    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "actor", "at", "note"]


class ApplicationOutput(serializers.ModelSerializer):
    candidate = CandidateBrief()
    offer = serializers.PrimaryKeyRelatedField(read_only=True)
    offer_title = serializers.CharField(source="offer.title")
    status = serializers.CharField()

    class Meta:
        model = Application
        fields = [
            "id",
            "offer",
            "offer_title",
            "candidate",
            "status",
            "status_changed_at",
            "selected_on",
            "contract_signed_on",
            "contract_end",
            "visa_obtained_on",
            "departure_date",
            "expected_return_date",
            "return_date",
            "outcome_note",
            "created_at",
        ]


class ApplicationDetailOutput(ApplicationOutput):
    events = ApplicationEventOutput(many=True)

    class Meta(ApplicationOutput.Meta):
        fields = [*ApplicationOutput.Meta.fields, "events"]


class ApplicationCreateInput(serializers.Serializer):
    offer = serializers.IntegerField()
    candidate = serializers.IntegerField()


class DebriefInput(serializers.Serializer):
    paid_as_promised = serializers.ChoiceField(choices=PaidAsPromised.choices)
    conditions = serializers.ChoiceField(choices=ConditionsRating.choices)
    wants_to_go_again = serializers.BooleanField(required=False, allow_null=True, default=None)
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class MoveInput(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    expected_return_date = serializers.DateField(required=False, allow_null=True, default=None)
    contract_end = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    debrief = DebriefInput(required=False, allow_null=True, default=None)


class OfferMatchOutput(serializers.Serializer):
    candidate = CandidateBrief()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


# Query parameters, validated so that a wrong value answers 400 rather than being ignored.
class OfferQuery(serializers.Serializer):
    country = serializers.ChoiceField(choices=Country.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    status = serializers.ChoiceField(
        choices=OfferStatus.choices, required=False, help_text="staff only"
    )


class ApplicationQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)
    offer = serializers.IntegerField(required=False, min_value=1)
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="candidate code, family name or offer title",
    )


class MatchesQuery(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)
