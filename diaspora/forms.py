"""Forms of the diaspora app: registration, the profile, the CV, needs, missions, projects."""

from functools import lru_cache

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cigem.reference import SpokenLanguage
from diaspora.models import (
    Association,
    Availability,
    Member,
    MissionStatus,
    Need,
    Project,
    ProjectStatus,
)
from diaspora.reference import (
    COUNTRIES,
    MAX_YEARS_ABROAD,
    MAX_YEARS_EXPERIENCE,
    Sector,
    SkillLevel,
)
from diaspora.services import cv_check

SKILL_ROWS = 8


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"), choices=settings.LANGUAGES, initial="fr"
    )
    news_opt_in = forms.BooleanField(
        label=_("I would like to receive the centre's news by email"), required=False
    )
    accept_use = forms.BooleanField(
        label=_(
            "I understand that my profile is seen by CIGEM staff only, to propose me missions "
            "and projects, and that I can download or delete it at any time."
        )
    )

    # An account registered here whose email was never confirmed: registering again resends
    # the link (a password reset cannot help an inactive account, so this is the way back).
    unconfirmed_user: User | None = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        if (
            existing is not None
            and not existing.is_active
            and Member.objects.filter(user=existing, confirmed_at__isnull=True).exists()
        ):
            self.unconfirmed_user = existing
            return email
        if existing is not None:
            raise forms.ValidationError(
                _(
                    "This email address is already registered. Log in, or use “Forgotten "
                    "password” if you no longer know your password."
                ),
                code="duplicate",
            )
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are different."))
        elif p1:
            probe = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    """The member's own profile. Numbers out of bounds get an error that says the bound."""

    country = forms.ChoiceField(
        label=_("Country of residence"), choices=[("", "—"), *COUNTRIES], required=False
    )
    years_abroad = forms.IntegerField(
        label=_("Years abroad"),
        required=False,
        min_value=0,
        max_value=MAX_YEARS_ABROAD,
        error_messages={
            "max_value": _("Please check: more than %(limit_value)s years abroad is not possible."),
            "min_value": _("The number of years cannot be negative."),
        },
    )
    years_of_experience = forms.IntegerField(
        label=_("Years of professional experience"),
        required=False,
        min_value=0,
        max_value=MAX_YEARS_EXPERIENCE,
        error_messages={
            "max_value": _(
                "Please check: more than %(limit_value)s years of experience is not possible."
            ),
            "min_value": _("The number of years cannot be negative."),
        },
    )
    days_per_year = forms.IntegerField(
        label=_("Days available per year"),
        required=False,
        min_value=0,
        max_value=365,
        error_messages={
            "max_value": _("A year has 365 days."),
            "min_value": _("The number of days cannot be negative."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    associations = forms.ModelMultipleChoiceField(
        label=_("Associations you belong to"),
        queryset=Association.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The centre confirms each membership with the association."),
    )

    class Meta:
        model = Member
        fields = [
            "country",
            "city",
            "years_abroad",
            "region_of_origin",
            "occupation",
            "sector",
            "qualifications",
            "years_of_experience",
            "available_short_missions",
            "available_long_missions",
            "available_remote",
            "available_mentoring",
            "available_training",
            "days_per_year",
            "interest_investment",
            "interest_codevelopment",
            "interest_knowledge_transfer",
            "news_opt_in",
        ]
        widgets = {"qualifications": forms.Textarea(attrs={"rows": 3})}


class SkillRowForm(forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=80, required=False)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=SkillLevel.choices, coerce=int, initial=SkillLevel.GOOD
    )


SkillFormSet = forms.formset_factory(SkillRowForm, extra=0, max_num=30, absolute_max=30)


def skill_formset(data=None, member: Member | None = None):
    """Existing skills, then empty rows to add more (no JavaScript needed)."""
    initial = []
    if member is not None:
        initial = [{"name": s.skill.name, "level": s.level} for s in member.skills.all()]
    initial += [{"name": "", "level": SkillLevel.GOOD}] * max(2, SKILL_ROWS - len(initial))
    return SkillFormSet(data, initial=initial, prefix="skills")


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("CV (PDF, 5 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        cv_check(upload)
        return upload


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my profile, my CV and my account for good"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or occupation"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All")), *Sector.choices], required=False
    )
    skill = forms.CharField(label=_("Skill"), required=False, max_length=80)
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("All")), *COUNTRIES], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All")), *SpokenLanguage.choices], required=False
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[("", _("All")), *Availability.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered by hand, not by crispy: this form sits on a list page staff reload often,
        # and crispy's rendering costs more than the page's queries.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def controls(self) -> list[dict]:
        """Each filter as label, id, name, value and (for a choice) its options as HTML.

        The options (40 countries...) are escaped once per language and process, then only
        the selected one is marked: rendering them option by option in the template cost more
        than the page's queries.
        """
        language = get_language() or "fr"
        controls = []
        for bound in self:
            value = "" if self.data.get(bound.name) is None else str(self.data.get(bound.name))
            control = {
                "label": bound.label,
                "id": bound.id_for_label,
                "name": bound.html_name,
                "value": value,
            }
            if isinstance(bound.field, forms.ChoiceField):
                options = _filter_options(bound.name, language)
                selected = f'<option value="{escape(value)}">'
                html = options.replace(selected, f'<option value="{escape(value)}" selected>', 1)
                control["options"] = mark_safe(html)  # noqa: S308 - escaped in _filter_options
            controls.append(control)
        return controls


@lru_cache(maxsize=64)
def _filter_options(name: str, language: str) -> str:
    field = DirectoryFilterForm.base_fields[name]
    return "".join(
        f'<option value="{escape(str(value))}">{escape(str(label))}</option>'
        for value, label in field.choices
    )


class VersionedForm(forms.ModelForm):
    """An edit form that carries the version it was opened on (the stale-edit check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def stale(self, current) -> None:
        """A colleague saved first: say so above the form, keep what was typed, and check the
        next save against the version now shown."""
        self.add_error(
            None,
            pgettext(
                "diaspora stale edit",
                "Someone else saved this record while you were editing it. Your changes are "
                "kept below and were not saved; compare them with the current record, then "
                "save again.",
            ),
        )
        data = self.data.copy()
        data["version"] = str(current.version)
        self.data = data


def _skills_field():
    return forms.CharField(
        label=_("Skills sought"),
        required=False,
        help_text=_("Separate skills with commas."),
        max_length=500,
    )


def _languages_field():
    return forms.MultipleChoiceField(
        label=_("Languages"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# The need's own fields, in the order both need forms show them after who and what.
_NEED_DETAIL_FIELDS = [
    "description",
    "sector",
    "kind",
    "duration",
    "region",
    "location",
    "remote_possible",
    "start_date",
    "end_date",
]
_DATE_WIDGETS = {
    "start_date": forms.DateInput(attrs={"type": "date"}),
    "end_date": forms.DateInput(attrs={"type": "date"}),
}


class _NeedDetails:
    """What the staff's need form and the institutions' proposal share: the skills typed as a
    comma-separated list, and dates in order."""

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("skill_names", "").split(",") if s.strip()]


class NeedForm(_NeedDetails, VersionedForm):
    skill_names = _skills_field()
    languages = _languages_field()

    class Meta:
        model = Need
        fields = ["title", "institution", *_NEED_DETAIL_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), **_DATE_WIDGETS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["skill_names"].initial = ", ".join(
                s.name for s in self.instance.skills.all()
            )
            self.fields["languages"].initial = list(self.instance.languages)

    def model_fields(self) -> dict:
        return {**super().model_fields(), "languages": self.cleaned_data["languages"]}


class ProposedNeedForm(NeedForm):
    """Staff correcting a need an institution proposed: its contact too (a typo in the address
    would send the centre's answer nowhere)."""

    class Meta(NeedForm.Meta):
        fields = [*NeedForm.Meta.fields, "contact_name", "contact_email", "contact_phone"]

    def clean_contact_phone(self):
        return phone_e164(self.cleaned_data["contact_phone"])


class NeedProposalForm(_NeedDetails, forms.ModelForm):
    """The public form on which a Malian institution proposes a need (no account)."""

    skill_names = _skills_field()
    languages = _languages_field()
    # Left empty by people; filled by robots that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Need
        fields = [
            "institution",
            "contact_name",
            "contact_email",
            "contact_phone",
            "title",
            *_NEED_DETAIL_FIELDS,
        ]
        labels = {
            "institution": _("Name of your institution"),
            "title": _("The need in a few words"),
            "description": _("What the expert would do"),
        }
        help_texts = {
            "contact_email": _("The centre's answer is sent to this address."),
            "contact_phone": _("Optional. Abroad, start with the country code."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), **_DATE_WIDGETS}

    # Optional for staff (who know the institution), needed from a stranger.
    REQUIRED = ("contact_name", "contact_email", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True

    def clean_contact_phone(self):
        return phone_e164(self.cleaned_data["contact_phone"])

    def model_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        return {**fields, "languages": self.cleaned_data["languages"]}


class NeedReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason of the refusal, for the institution"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason of the refusal: the institution will read it.")
            )
        return data


class InviteForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the member"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MissionMoveForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            (MissionStatus.UNDER_WAY, MissionStatus.UNDER_WAY.label),
            (MissionStatus.DONE, MissionStatus.DONE.label),
        ],
        widget=forms.HiddenInput,
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProjectUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    amount_raised = forms.DecimalField(
        label=_("Amount raised so far (FCFA)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Unchanged")), *ProjectStatus.choices], required=False
    )


class AssociationForm(VersionedForm):
    class Meta:
        model = Association
        fields = [
            "name",
            "kind",
            "country",
            "city",
            "region_of_origin",
            "village_of_origin",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def clean_contact_phone(self):
        return phone_e164(self.cleaned_data["contact_phone"])


def phone_e164(raw: str) -> str:
    """A phone number as typed, in E.164 (Mali by default); "" for nothing, an error for junk."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("This phone number is not valid. Abroad, start with the country code, e.g. +33."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "commune",
            "region",
            "sector",
            "budget",
            "amount_raised",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RemoveConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, remove this project and its progress updates"),
        error_messages={"required": _("Tick the box to confirm the removal.")},
    )
