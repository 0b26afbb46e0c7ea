"""The registry of exportable data sets: one entry per data set, its columns and its filters.

Each entry gives the identified columns (managers only), the anonymised columns (researchers
and managers) and the quasi-identifiers over which small combinations are suppressed. Anonymised
columns never carry a name, phone, email, identifier or free text; a birth date becomes an age
band and a place its region. Column expressions are ORM expressions so PostgreSQL computes them.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGER, RESEARCHER
from research.exporting import Column, Filter, age_band_expression

Columns = Callable[[dt.date], Sequence[Column]]


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    queryset: Callable[[], QuerySet]
    identified: Columns
    anonymised: Columns
    filters: Sequence[Filter] = ()
    quasi_identifiers: Sequence[str] = ()  # anonymised column keys checked for k-anonymity
    person: str | None = None  # path to the person of a row, when one person has many rows
    identified_roles: tuple[str, ...] = (MANAGER,)
    # True when rows describe people: the anonymised columns are then checked by the tests.
    personal: bool = True
    anonymised_roles: tuple[str, ...] = (MANAGER, RESEARCHER)

    def columns(self, *, anonymised: bool, today: dt.date) -> Sequence[Column]:
        return (self.anonymised if anonymised else self.identified)(today)


REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    REGISTRY[dataset.key] = dataset
    return dataset


def get_dataset(key: str) -> Dataset | None:
    return REGISTRY.get(key)


def dataset_choices() -> list[tuple[str, str]]:
    return [(d.key, d.label) for d in REGISTRY.values()]


def all_filters() -> dict[str, Filter]:
    """Every filter name some data set accepts. A name means one kind of value everywhere; the
    choices of a choice filter are those of every data set that has it (e.g. `status`)."""
    found: dict[str, list[Filter]] = {}
    for dataset in REGISTRY.values():
        for item in dataset.filters:
            found.setdefault(item.key, []).append(item)
    merged = {}
    for key, items in found.items():
        first = items[0]
        if first.kind == "choice" and len(items) > 1:

            def union(items=items):
                seen = {}
                for item in items:
                    seen.update(dict(item.choice_list()))
                return list(seen.items())

            first = Filter(first.key, first.label, first.lookup, "choice", union)
        merged[key] = first
    return merged


def _region_choices():
    # From the reference list, not the table: the API schema is built without a database.
    from cigem.reference import REGIONS

    return [(code, name) for code, name, _district in REGIONS]


def date_filters(path: str) -> tuple[Filter, Filter]:
    return (
        Filter("date_from", _("From"), f"{path}__gte", "date"),
        Filter("date_to", _("To"), f"{path}__lte", "date"),
    )


def region_filter(path: str) -> Filter:
    return Filter("region", _("Region"), f"{path}__code", "choice", _region_choices)


# --- Audit trail ------------------------------------------------------------------------------


def _audit_queryset():
    from accounts.models import AuditEvent

    return AuditEvent.objects.order_by("created_at", "id")


def _audit_actions():
    from accounts.models import AuditAction

    return list(AuditAction.choices)


register(
    Dataset(
        key="audit_events",
        label=_("Audit trail"),
        queryset=_audit_queryset,
        identified=lambda today: (
            Column("id", "id", "number"),
            Column("time", "created_at", "datetime"),
            Column("actor_email", "actor__email"),
            Column("action", "action"),
            Column("object_type", "object_type"),
            Column("object_id", "object_id"),
            Column("summary", "summary"),
            Column("ip_address", "ip_address", "ip"),
        ),
        # Who did it, on which record and from where are identifying; what and when are not.
        anonymised=lambda today: (
            Column("month", TruncMonth("created_at", output_field=DateField()), "date"),
            Column("action", "action"),
            Column("object_type", "object_type"),
        ),
        filters=(
            *(
                Filter("date_from", _("From"), "created_at__date__gte", "date"),
                Filter("date_to", _("To"), "created_at__date__lte", "date"),
            ),
            Filter("action", _("Action"), "action", "choice", _audit_actions),
        ),
        identified_roles=(MANAGER,),
        anonymised_roles=(MANAGER,),
    )
)


# --- Documentation centre ---------------------------------------------------------------------


def _publication_queryset():
    from research.models import Publication

    return Publication.objects.order_by("-year", "title")


def _publication_columns(today):
    return (
        Column("id", "id", "number"),
        Column("title", "title"),
        Column("authors", "authors"),
        Column("publisher", "publisher"),
        Column("year", "year", "number"),
        Column("language", "language"),
        Column("type", "kind"),
        Column("visibility", "visibility"),
        Column("web_address", "url"),
    )


def _kinds():
    from research.models import PublicationKind

    return list(PublicationKind.choices)


register(
    Dataset(
        key="publications",
        label=_("Publications"),
        queryset=_publication_queryset,
        # A catalogue of documents holds no personal data: both versions are the same.
        identified=_publication_columns,
        anonymised=_publication_columns,
        personal=False,
        filters=(
            Filter("year_from", _("From year"), "year__gte", "int"),
            Filter("year_to", _("To year"), "year__lte", "int"),
            Filter("type", _("Type"), "kind", "choice", _kinds),
        ),
    )
)


def _indicator_queryset():
    from research.models import IndicatorValue

    return IndicatorValue.objects.order_by("indicator__code", "country", "year")


def _indicator_columns(today):
    return (
        Column("indicator", "indicator__code"),
        Column("name", "indicator__name"),
        Column("unit", "indicator__unit"),
        Column("country", "country"),
        Column("year", "year", "number"),
        Column("value", "value", "number"),
        Column("verified", "verified", "bool"),
        Column("source", "indicator__source"),
        Column("note", "note"),
    )


register(
    Dataset(
        key="indicator_values",
        label=_("Indicators"),
        queryset=_indicator_queryset,
        identified=_indicator_columns,
        anonymised=_indicator_columns,
        personal=False,
        filters=(
            Filter("indicator", _("Indicator"), "indicator__code", "text"),
            Filter("year_from", _("From year"), "year__gte", "int"),
            Filter("year_to", _("To year"), "year__lte", "int"),
        ),
    )
)


# --- Diaspora members -------------------------------------------------------------------------


def _member_queryset():
    from diaspora.models import Member

    # A registration whose email was never confirmed is not a member yet (the directory and
    # matching leave it out too).
    return Member.objects.filter(confirmed_at__isnull=False).order_by("id")


def _sectors():
    from diaspora.reference import Sector

    return list(Sector.choices)


def _member_countries():
    from diaspora.models import Member

    return list(Member._meta.get_field("country").choices)


def _member_languages():
    from cigem.reference import SpokenLanguage

    return list(SpokenLanguage.choices)


def _member_availabilities():
    from diaspora.models import Availability

    return list(Availability.choices)


def _directory(key: str, column: str = "pk"):
    """The staff directory's filter `key` (diaspora.selectors), as a subquery of member ids."""

    def to_lookup(value):
        from diaspora.selectors import directory_member_ids

        return directory_member_ids(column=column, **{key: value})

    return to_lookup


def _member_identified(today):
    return (
        Column("id", "id", "number"),
        Column("full_name", "user__full_name"),
        Column("email", "user__email"),
        Column("country", "country"),
        Column("city", "city"),
        Column("years_abroad", "years_abroad", "number"),
        Column("region_of_origin", "region_of_origin__code"),
        Column("occupation", "occupation"),
        Column("sector", "sector"),
        Column("years_of_experience", "years_of_experience", "number"),
        Column("short_missions", "available_short_missions", "bool"),
        Column("long_missions", "available_long_missions", "bool"),
        Column("remote", "available_remote", "bool"),
        Column("mentoring", "available_mentoring", "bool"),
        Column("training", "available_training", "bool"),
        Column("days_per_year", "days_per_year", "number"),
        Column("investment", "interest_investment", "bool"),
        Column("co_development", "interest_codevelopment", "bool"),
        Column("knowledge_transfer", "interest_knowledge_transfer", "bool"),
        Column("registered", "created_at", "datetime"),
    )


def _member_anonymised(today):
    # Country, sector and region of origin, not the city or the occupation typed by hand; a
    # rare (country, sector, region) is removed like any small group.
    return (
        Column("country", "country"),
        Column("region", "region_of_origin__code"),
        Column("sector", "sector"),
        Column("short_missions", "available_short_missions", "bool"),
        Column("long_missions", "available_long_missions", "bool"),
        Column("remote", "available_remote", "bool"),
        Column("mentoring", "available_mentoring", "bool"),
        Column("training", "available_training", "bool"),
        Column("investment", "interest_investment", "bool"),
        Column("co_development", "interest_codevelopment", "bool"),
        Column("knowledge_transfer", "interest_knowledge_transfer", "bool"),
        Column("registered_month", TruncMonth("created_at", output_field=DateField()), "date"),
    )


register(
    Dataset(
        key="diaspora_members",
        label=_("Diaspora members"),
        queryset=_member_queryset,
        identified=_member_identified,
        anonymised=_member_anonymised,
        filters=(
            Filter("date_from", _("From"), "created_at__date__gte", "date"),
            Filter("date_to", _("To"), "created_at__date__lte", "date"),
            region_filter("region_of_origin"),
            Filter("sector", _("Sector"), "sector", "choice", _sectors),
            Filter("country", _("Country"), "country", "choice", _member_countries),
            # The staff directory's other filters, applied by the directory's own selector so
            # the file holds the members the page shows. apply_filters builds one dict of
            # lookups, so each needs its own key: the member's id, its other name, its account.
            Filter("q", _("Name or occupation"), "pk__in", "text", to_lookup=_directory("q")),
            Filter("skill", _("Skill"), "id__in", "text", to_lookup=_directory("skill")),
            Filter(
                "availability",
                _("Availability"),
                "user_id__in",
                "choice",
                _member_availabilities,
                to_lookup=_directory("availability", column="user_id"),
            ),
            # One row per (member, language) by constraint: the join adds no duplicate.
            Filter("language", _("Language"), "languages__language", "choice", _member_languages),
        ),
        quasi_identifiers=("country", "region", "sector"),
    )
)


# --- Campaign deliveries ----------------------------------------------------------------------


def _delivery_queryset():
    from campaigns.models import Delivery

    return Delivery.objects.order_by("id")


def _delivery_statuses():
    from campaigns.models import DeliveryStatus

    return list(DeliveryStatus.choices)


def _delivery_channels():
    from campaigns.models import Channel

    return list(Channel.choices)


def _delivery_identified(today):
    return (
        Column("id", "id", "number"),
        Column("campaign", "campaign__name"),
        Column("phone", "subscriber__phone"),
        Column("email", "subscriber__email"),
        Column("region", "subscriber__region__code"),
        Column("channel", "channel"),
        Column("language", "language"),
        Column("status", "status"),
        Column("attempts", "attempts", "number"),
        Column("failure_reason", "failure_reason"),
        Column("sent", "sent_at", "datetime"),
        Column("delivered", "delivered_at", "datetime"),
    )


def _delivery_anonymised(today):
    return (
        Column("campaign", "campaign__name"),
        Column("region", "subscriber__region__code"),
        Column("channel", "channel"),
        Column("language", "language"),
        Column("status", "status"),
        Column("sent_month", TruncMonth("sent_at", output_field=DateField()), "date"),
    )


register(
    Dataset(
        key="campaign_deliveries",
        label=_("Campaign deliveries"),
        queryset=_delivery_queryset,
        identified=_delivery_identified,
        anonymised=_delivery_anonymised,
        filters=(
            Filter("date_from", _("From"), "sent_at__date__gte", "date"),
            Filter("date_to", _("To"), "sent_at__date__lte", "date"),
            region_filter("subscriber__region"),
            Filter("delivery_status", _("Status"), "status", "choice", _delivery_statuses),
            Filter("campaign", _("Campaign"), "campaign_id", "id"),
            Filter("channel", _("Channel"), "channel", "choice", _delivery_channels),
        ),
        # A recipient's answer (delivered, opted out) must not be read off a tiny group.
        quasi_identifiers=("campaign", "region", "language"),
        person="subscriber_id",
    )
)


# --- Reception: candidates, visits, referrals -------------------------------------------------


def _choices(name: str, module: str = "reception.models"):
    """Lazy choices of a reception TextChoices, e.g. _choices("Profile"), read when a form or
    a check first asks (research must not import the apps at load time)."""

    def load():
        return list(getattr(import_module(module), name).choices)

    return load


def _candidate_queryset():
    from reception.models import Candidate

    # Erased and merged records are not people any more: neither counted nor exported.
    return Candidate.objects.filter(erased_at__isnull=True, merged_into__isnull=True).order_by("id")


def _candidate_identified(today):
    return (
        Column("code", "code"),
        Column("family_name", "last_name"),
        Column("given_names", "first_name"),
        Column("sex", "sex"),
        Column("birth_date", "birth_date", "date"),
        Column("birth_year", "birth_year", "number"),
        Column("phone", "phone"),
        Column("email", "email"),
        Column("nina", "nina"),
        Column("passport_number", "passport_number"),
        Column("region", "region_of_origin__code"),
        Column("cercle", "cercle"),
        Column("commune", "commune"),
        Column("residence", "residence"),
        Column("education_level", "education_level"),
        Column("occupation", "occupation"),
        Column("family_situation", "family_situation"),
        Column("dependants", "dependants", "number"),
        Column("profile", "profile"),
        Column("intended_destination", "intended_destination"),
        Column("migration_motive", "migration_motive"),
        Column("status", "status"),
        Column("closing_reason", "closing_reason"),
        Column("registered", "created_at", "datetime"),
        Column("counsellor_email", "counsellor__email"),
    )


def counsellor_filter(path: str) -> Filter:
    # The number of the counsellor's account, as the candidates list sends it.
    return Filter("counsellor", _("Counsellor"), f"{path}_id", "id")


def profile_filter(path: str) -> Filter:
    return Filter("profile", _("Profile"), path, "choice", _choices("Profile"))


def _person_columns(prefix: str, today):
    """The four quasi-identifiers of a person: sex, age band, region of origin, profile."""
    return (
        Column("sex", f"{prefix}sex"),
        Column("age_band", age_band_expression(f"{prefix}birth_date", today)),
        Column("region", f"{prefix}region_of_origin__code"),
        Column("profile", f"{prefix}profile"),
    )


PERSON_QUASI_IDENTIFIERS = ("sex", "age_band", "region", "profile")


def _candidate_anonymised(today):
    # No name, contact, identifier, place below the region, occupation or destination typed
    # by hand (free text), and no exact date: the month of registration.
    return (
        *_person_columns("", today),
        Column("education_level", "education_level"),
        Column("family_situation", "family_situation"),
        Column("migration_motive", "migration_motive"),
        Column("status", "status"),
        Column("closing_reason", "closing_reason"),
        Column("registered_month", TruncMonth("created_at", output_field=DateField()), "date"),
    )


register(
    Dataset(
        key="candidates",
        label=_("Candidates"),
        queryset=_candidate_queryset,
        identified=_candidate_identified,
        anonymised=_candidate_anonymised,
        filters=(
            Filter("date_from", _("From"), "created_at__date__gte", "date"),
            Filter("date_to", _("To"), "created_at__date__lte", "date"),
            region_filter("region_of_origin"),
            profile_filter("profile"),
            Filter("sex", _("Sex"), "sex", "choice", _choices("Sex")),
            Filter("status", _("Status"), "status", "choice", _choices("CandidateStatus")),
            counsellor_filter("counsellor"),
        ),
        quasi_identifiers=PERSON_QUASI_IDENTIFIERS,
    )
)


def _visit_queryset():
    from reception.models import Visit

    return Visit.objects.filter(
        candidate__erased_at__isnull=True, candidate__merged_into__isnull=True
    ).order_by("id")


def _json_text(path: str):
    from django.db.models import TextField
    from django.db.models.functions import Cast

    return Cast(path, output_field=TextField())


def _visit_identified(today):
    return (
        Column("id", "id", "number"),
        Column("candidate_code", "candidate__code"),
        Column("date", "visit_date", "date"),
        Column("channel", "channel"),
        Column("services", _json_text("services")),
        Column("pathways", _json_text("pathways")),
        Column("counsellor_email", "counsellor__email"),
        Column("next_step", "next_step"),
        Column("notes", "notes"),
        Column("follow_up_date", "follow_up_date", "date"),
    )


def _visit_anonymised(today):
    return (
        Column("month", TruncMonth("visit_date", output_field=DateField()), "date"),
        Column("channel", "channel"),
        Column("services", _json_text("services")),
        *_person_columns("candidate__", today),
    )


register(
    Dataset(
        key="visits",
        label=_("Visits"),
        queryset=_visit_queryset,
        identified=_visit_identified,
        anonymised=_visit_anonymised,
        filters=(
            *date_filters("visit_date"),
            region_filter("candidate__region_of_origin"),
            Filter("channel", _("Channel"), "channel", "choice", _choices("VisitChannel")),
            Filter(
                "service",
                _("Service given"),
                "services__contains",
                "choice",
                _choices("ServiceGiven"),
                to_lookup=lambda value: [value],
            ),
            profile_filter("candidate__profile"),
            counsellor_filter("counsellor"),
        ),
        quasi_identifiers=PERSON_QUASI_IDENTIFIERS,
        person="candidate_id",
    )
)


def _referral_queryset():
    from reception.models import Referral

    return Referral.objects.filter(
        candidate__erased_at__isnull=True, candidate__merged_into__isnull=True
    ).order_by("id")


def _referral_identified(today):
    return (
        Column("id", "id", "number"),
        Column("candidate_code", "candidate__code"),
        Column("partner", "partner__name"),
        Column("service", "service"),
        Column("status", "status"),
        Column("referred", "created_at", "datetime"),
        Column("status_changed", "status_changed_at", "datetime"),
        Column("referred_by_email", "created_by__email"),
        Column("notes", "notes"),
        Column("outcome", "outcome"),
    )


def _referral_anonymised(today):
    # The partner is an institution, not a person; the service asked is free text: dropped.
    return (
        Column("month", TruncMonth("created_at", output_field=DateField()), "date"),
        Column("partner", "partner__name"),
        Column("status", "status"),
        *_person_columns("candidate__", today),
    )


register(
    Dataset(
        key="referrals",
        label=_("Referrals"),
        queryset=_referral_queryset,
        identified=_referral_identified,
        anonymised=_referral_anonymised,
        filters=(
            Filter("date_from", _("From"), "created_at__date__gte", "date"),
            Filter("date_to", _("To"), "created_at__date__lte", "date"),
            region_filter("candidate__region_of_origin"),
            Filter("referral_status", _("Status"), "status", "choice", _choices("ReferralStatus")),
            Filter("partner", _("Partner"), "partner_id", "id"),
            profile_filter("candidate__profile"),
        ),
        quasi_identifiers=PERSON_QUASI_IDENTIFIERS,
        person="candidate_id",
    )
)


# --- Circular migration: applications, from submission to the return --------------------------

PLACEMENTS = "reception.placements_models"


def _application_queryset():
    from reception.models import Application

    return Application.objects.filter(
        candidate__erased_at__isnull=True, candidate__merged_into__isnull=True
    ).order_by("id")


class _DaysBetween(Func):
    """end - start in whole days (PostgreSQL subtracts dates to an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _on_time():
    """True: back by the expected date; False: back late or not back; empty while abroad."""
    from reception.models import ApplicationStatus

    return Case(
        When(
            status=ApplicationStatus.RETURNED,
            return_date__lte=F("expected_return_date"),
            then=Value(True),
        ),
        When(
            status__in=[ApplicationStatus.RETURNED, ApplicationStatus.NOT_RETURNED],
            then=Value(False),
        ),
        default=Value(None),
        output_field=BooleanField(),
    )


def _application_identified(today):
    return (
        Column("id", "id", "number"),
        Column("candidate_code", "candidate__code"),
        Column("family_name", "candidate__last_name"),
        Column("given_names", "candidate__first_name"),
        Column("phone", "candidate__phone"),
        Column("offer_id", "offer_id", "number"),
        Column("offer", "offer__title"),
        Column("employer", "offer__employer__name"),
        Column("country", "offer__country"),
        Column("sector", "offer__sector"),
        Column("contract_type", "offer__contract_type"),
        Column("status", "status"),
        Column("submitted", "created_at", "datetime"),
        Column("status_changed", "status_changed_at", "datetime"),
        Column("selected_on", "selected_on", "date"),
        Column("contract_signed_on", "contract_signed_on", "date"),
        Column("contract_end", "contract_end", "date"),
        Column("visa_obtained_on", "visa_obtained_on", "date"),
        Column("departure_date", "departure_date", "date"),
        Column("expected_return_date", "expected_return_date", "date"),
        Column("return_date", "return_date", "date"),
        Column("returned_on_time", _on_time(), "bool"),
        Column("outcome_note", "outcome_note"),
        Column("paid_as_promised", "debrief__paid_as_promised"),
        Column("conditions", "debrief__conditions"),
        Column("wants_to_go_again", "debrief__wants_to_go_again", "bool"),
        Column("debrief_comments", "debrief__comments"),
    )


def _month(path: str):
    return TruncMonth(path, output_field=DateField())


def _application_anonymised(today):
    # No name, contact or code; no offer title or employer (typed by hand, and an employer with
    # few recruits points at them); months instead of dates; no note or comment. The debrief's
    # answers are choices, kept: they are what researchers study.
    return (
        *_person_columns("candidate__", today),
        Column("country", "offer__country"),
        Column("sector", "offer__sector"),
        Column("contract_type", "offer__contract_type"),
        Column("status", "status"),
        Column("submitted_month", _month("created_at"), "date"),
        Column("departure_month", _month("departure_date"), "date"),
        Column("expected_return_month", _month("expected_return_date"), "date"),
        Column("return_month", _month("return_date"), "date"),
        Column("stay_days", _DaysBetween(F("return_date"), F("departure_date")), "number"),
        Column("returned_on_time", _on_time(), "bool"),
        Column("paid_as_promised", "debrief__paid_as_promised"),
        Column("conditions", "debrief__conditions"),
        Column("wants_to_go_again", "debrief__wants_to_go_again", "bool"),
    )


register(
    Dataset(
        key="applications",
        label=_("Applications and placements"),
        queryset=_application_queryset,
        identified=_application_identified,
        anonymised=_application_anonymised,
        filters=(
            Filter("date_from", _("From"), "created_at__date__gte", "date"),
            Filter("date_to", _("To"), "created_at__date__lte", "date"),
            region_filter("candidate__region_of_origin"),
            Filter(
                "application_status",
                _("Status"),
                "status",
                "choice",
                _choices("ApplicationStatus", PLACEMENTS),
            ),
            Filter(
                "country", _("Country"), "offer__country", "choice", _choices("Country", PLACEMENTS)
            ),
            Filter(
                "sector", _("Sector"), "offer__sector", "choice", _choices("Sector", PLACEMENTS)
            ),
            Filter("offer", _("Offer"), "offer_id", "id"),
            profile_filter("candidate__profile"),
        ),
        quasi_identifiers=PERSON_QUASI_IDENTIFIERS,
        person="candidate_id",
    )
)
