"""Forms of the reception app. Validation of meaning lives in services; forms parse input."""

import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import COUNSELLOR, MANAGER
from cigem.models import Region
from cigem.reference import SpokenLanguage
from reception.models import (
    CANDIDATE_EDITABLE_FIELDS,
    AppointmentTopic,
    Candidate,
    CandidateStatus,
    ClosingReason,
    ConsentKind,
    Partner,
    Profile,
    ReferralStatus,
    ServiceGiven,
    Sex,
    VisitChannel,
)
from reception.selectors import SORTS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_counsellors():
    return User.objects.filter(groups__name__in=[COUNSELLOR, MANAGER], is_active=True).distinct()


CHOICES_TTL = 300
# Each worker also keeps the lists in memory for a minute: a list request then makes no round
# trip to Redis for them (two round trips were measured at 10 ms each on a loaded machine).
LOCAL_TTL = 60
EMPTY_TTL = 5
_LOCAL: dict[str, tuple[float, list]] = {}


def _choices(key: str, build) -> list:
    now = time.monotonic()
    hit = _LOCAL.get(key)
    if hit and hit[0] > now:
        return hit[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CHOICES_TTL)
    # An empty list is a database being filled: ask again soon, but not on every request (a
    # centre with no partner yet made two Redis round trips on every record page).
    _LOCAL[key] = (now + (LOCAL_TTL if value else EMPTY_TTL), value)
    return value


def choices_forget() -> None:
    """Drop the cached lists (a colleague joined or left; tests start clean)."""
    _LOCAL.clear()
    cache.delete_many(
        [
            "reception:region-choices",
            "reception:counsellor-choices",
            "reception:partner-choices",
            *(f"reception:pathway-choices:{code}" for code, _name in settings.LANGUAGES),
        ]
    )


def partner_choices() -> list[tuple[int, str]]:
    """Active partners of the directory; a change shows within a minute (at once here)."""
    return _choices(
        "reception:partner-choices",
        lambda: [(p.pk, str(p)) for p in Partner.objects.filter(is_active=True).order_by("name")],
    )


def pathway_choices() -> list[tuple[str, str]]:
    """Published legal pathways (slug, "country – title") in the reader's language.

    A pathway published a moment ago is offered within five minutes.
    """
    lang = (get_language() or "fr")[:2]
    return _choices(f"reception:pathway-choices:{lang}", lambda: _pathway_rows(lang))


def _pathway_rows(lang: str) -> list[tuple[str, str]]:
    from legal.content import Localized
    from legal.models import Pathway

    rows = Pathway.objects.filter(is_published=True).select_related("destination")
    return [
        (p.slug, f"{Localized(p.destination, lang).name} – {Localized(p, lang).title}")
        for p in rows
    ]


def region_choices() -> list[tuple[int, str]]:
    return _choices(
        "reception:region-choices", lambda: list(Region.objects.values_list("id", "name"))
    )


def counsellor_choices() -> list[tuple[int, str]]:
    """Counsellors and managers for the list filter; a new colleague appears within a minute."""
    return _choices(
        "reception:counsellor-choices",
        lambda: list(staff_counsellors().order_by("full_name").values_list("id", "full_name")),
    )


class IdentityForm(forms.Form):
    """The identity part of intake: what the duplicate search and the new record both use."""

    last_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    first_name = forms.CharField(label=_("Given names"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    birth_year = forms.IntegerField(
        label=_("Year of birth (if the date is not known)"), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    nina = forms.CharField(label=_("National ID (NINA)"), max_length=30, required=False)
    passport_number = forms.CharField(label=_("Passport number"), max_length=30, required=False)


class CandidateForm(forms.ModelForm):
    """Create or edit a record; `version` is the copy the counsellor started from."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Candidate
        fields = list(CANDIDATE_EDITABLE_FIELDS)
        widgets = {
            "birth_date": DATE_INPUT,
            "skills": forms.Textarea(attrs={"rows": 2}),
            "motive_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = staff_counsellors()
        self.fields["phone"].max_length = 30
        self.fields["phone"].widget.attrs["maxlength"] = 30
        self.fields["phone"].validators = []
        for name in ("nina", "passport_number"):
            self.fields[name].max_length = 30
            self.fields[name].validators = []
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # The services validate the meaning (phone, dates, duplicates) and answer per field;
        # the model's own full_clean would reject raw phone spellings before we normalise them.
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for kind in ConsentKind.values:
            data.pop(f"consent_{kind}", None)
        return data


class IntakeForm(CandidateForm):
    """A new record, with the consents read to the person at the desk."""

    consent_record = forms.BooleanField(
        label=ConsentKind.RECORD.label, required=False, initial=True
    )
    consent_referral = forms.BooleanField(label=ConsentKind.REFERRAL.label, required=False)
    consent_messages = forms.BooleanField(label=ConsentKind.MESSAGES.label, required=False)

    def consents(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(f"consent_{kind}")) for kind in ConsentKind.values}


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    profile = forms.ChoiceField(
        label=_("Profile"), choices=[("", _("All")), *Profile.choices], required=False
    )
    # Plain choices read from the cache: two queries and a few hundred options rendered on
    # every list request were a third of the page's time.
    region = forms.TypedChoiceField(
        label=_("Region of origin"),
        choices=lambda: [("", _("All")), *region_choices()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CandidateStatus.choices], required=False
    )
    counsellor = forms.TypedChoiceField(
        label=_("Counsellor"),
        choices=lambda: [("", _("All")), *counsellor_choices()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    created_from = forms.DateField(label=_("Created from"), required=False, widget=DATE_INPUT)
    created_to = forms.DateField(label=_("Created until"), required=False, widget=DATE_INPUT)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-created_at", _("Newest first")),
            ("created_at", _("Oldest first")),
            ("name", _("Name")),
            ("-updated_at", _("Recently changed")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "profile": data["profile"],
            "region": data["region"],
            "status": data["status"],
            "counsellor": data["counsellor"],
            "created_from": data["created_from"],
            "created_to": data["created_to"],
            "sort": data["sort"] if data["sort"] in SORTS else "-created_at",
        }


class VisitForm(forms.Form):
    visit_date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    channel = forms.ChoiceField(label=_("Channel"), choices=VisitChannel.choices)
    services = forms.MultipleChoiceField(
        label=_("Services given"),
        choices=ServiceGiven.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pathways = forms.MultipleChoiceField(
        label=_("Legal pathways discussed"),
        choices=pathway_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(
        label=pgettext_lazy("visit", "Next step"), required=False, max_length=250
    )
    follow_up_date = forms.DateField(label=_("Follow-up date"), required=False, widget=DATE_INPUT)
    # Cached choices, the row is read on a POST only: rendering a ModelChoiceField opens a
    # server-side cursor on every record page.
    referral_partner = forms.TypedChoiceField(
        label=_("Refer to a partner"),
        choices=lambda: [("", "---------"), *partner_choices()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    referral_service = forms.CharField(
        label=_("Service requested from the partner"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit_date"].initial = timezone.localdate()

    def clean_referral_partner(self):
        pk = self.cleaned_data.get("referral_partner")
        if pk is None:
            return None
        partner = Partner.objects.filter(pk=pk, is_active=True).first()
        if partner is None:
            raise forms.ValidationError(_("This partner is no longer in the directory."))
        return partner

    def clean(self):
        data = super().clean()
        if data.get("referral_partner") and not data.get("referral_service"):
            self.add_error("referral_service", _("Say which service is requested."))
        return data

    def visit_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "visit_date": data["visit_date"],
            "channel": data["channel"],
            "services": data["services"],
            "pathways": data["pathways"],
            "notes": data["notes"],
            "next_step": data["next_step"],
            "follow_up_date": data["follow_up_date"],
        }


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent"), choices=ConsentKind.choices)
    given = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Given")), ("no", _("Withdrawn or refused"))],
        coerce=lambda value: value == "yes",
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=2000)


class FollowUpForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("What to do"), max_length=250)


class FollowUpDoneForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=2000)


class CloseForm(forms.Form):
    closing_reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            c
            for c in ClosingReason.choices
            if c[0] not in (ClosingReason.MERGED, ClosingReason.ERASED)
        ],
    )


class MergeForm(forms.Form):
    other_code = forms.CharField(
        label=_("Code of the duplicate record to merge into this one"), max_length=20
    )
    confirm = forms.BooleanField(
        label=_("I have checked that both records are the same person."), required=True
    )


class EraseForm(forms.Form):
    code = forms.CharField(label=_("Type the record's code to confirm"), max_length=20)


class AppointmentRequestForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    phone = forms.CharField(label=_("Your phone number"), max_length=30)
    topic = forms.ChoiceField(label=_("What is it about?"), choices=AppointmentTopic.choices)
    preferred_date = forms.DateField(label=_("Preferred day"), widget=DATE_INPUT)
    message = forms.CharField(
        label=_("Anything we should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Left empty by people; filled by robots that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)


class AppointmentConvertForm(forms.Form):
    candidate_code = forms.CharField(label=_("Record code"), max_length=20)
    visit_date = forms.DateField(label=_("Date of the visit"), widget=DATE_INPUT)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "kind",
            "services",
            "contact_person",
            "address",
            "phone",
            "email",
            "website",
            "region",
            "is_active",
        ]
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}
