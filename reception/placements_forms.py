"""Forms of circular migration: offers, records, pipeline moves, debriefs, public interest."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cigem.models import Region
from cigem.reference import SpokenLanguage
from reception.placements_models import (
    ApplicationStatus,
    ConditionsRating,
    Country,
    Employer,
    JobOffer,
    OfferStatus,
    PaidAsPromised,
    Programme,
    Sector,
)

DATE = {"type": "date"}


def _blank(label, choices):
    return [("", label), *choices]


class OfferForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages wanted"),
        required=False,
        choices=SpokenLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("regions given priority"),
        required=False,
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JobOffer
        fields = [
            "title",
            "title_en",
            "title_bm",
            "employer",
            "programme",
            "partner",
            "sector",
            "country",
            "city",
            "contract_type",
            "positions",
            "period_start",
            "period_end",
            "application_deadline",
            "description",
            "description_en",
            "description_bm",
            "occupation",
            "skills",
            "match_keywords",
            "languages",
            "experience_months",
            "age_min",
            "age_max",
            "regions",
            "pay",
            "housing_provided",
            "travel_paid",
            "return_commitment",
            "conditions",
            "is_public",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs=DATE),
            "period_end": forms.DateInput(attrs=DATE),
            "application_deadline": forms.DateInput(attrs=DATE),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_bm": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(is_active=True)
        self.fields["programme"].queryset = Programme.objects.filter(is_active=True)

    def service_data(self) -> tuple[dict, list]:
        data = {name: value for name, value in self.cleaned_data.items() if name != "regions"}
        return data, list(self.cleaned_data["regions"])


class EmployerForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = [
            "name",
            "country",
            "city",
            "sector",
            "description",
            "contact_name",
            "phone",
            "email",
            "website",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "partner", "country", "description", "source", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=_blank(pgettext_lazy("placements filter", "All"), OfferStatus.choices),
    )
    country = forms.ChoiceField(
        label=_("country"),
        required=False,
        choices=_blank(pgettext_lazy("placements filter", "All"), Country.choices),
    )
    sector = forms.ChoiceField(
        label=_("sector"),
        required=False,
        choices=_blank(pgettext_lazy("placements filter", "All"), Sector.choices),
    )


class BoardFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=_blank(_("All countries"), Country.choices)
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_blank(_("All sectors"), Sector.choices)
    )
    month = forms.CharField(
        label=_("Working in (month)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2027-03"}),
    )

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give a month as year-month, e.g. 2027-03.")) from None


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Candidate code, family name or offer"), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=_blank(pgettext_lazy("placements filter", "All"), ApplicationStatus.choices),
    )


class MoveForm(forms.Form):
    """One form for every move; the fields a move does not use are ignored by the service."""

    to_status = forms.ChoiceField(label=_("Move to"))
    on_date = forms.DateField(
        label=_("Date of this step"),
        required=False,
        help_text=_("Left empty: today."),
        widget=forms.DateInput(attrs=DATE),
    )
    contract_end = forms.DateField(
        label=_("end of contract"),
        required=False,
        help_text=_("When the contract is signed. Left empty: the end of work of the offer."),
        widget=forms.DateInput(attrs=DATE),
    )
    expected_return_date = forms.DateField(
        label=_("expected return date"),
        required=False,
        help_text=_("When the person departs. Left empty: the end of the contract."),
        widget=forms.DateInput(attrs=DATE),
    )
    note = forms.CharField(
        label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    paid_as_promised = forms.ChoiceField(
        label=_("paid as promised?"),
        required=False,
        choices=_blank("—", PaidAsPromised.choices),
    )
    conditions = forms.ChoiceField(
        label=_("working and living conditions"),
        required=False,
        choices=_blank("—", ConditionsRating.choices),
    )
    wants_to_go_again = forms.NullBooleanField(
        label=_("wants to go again?"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    comments = forms.CharField(
        label=_("Debrief comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (value, ApplicationStatus(value).label) for value in targets
        ]

    def debrief(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("paid_as_promised") and not data.get("conditions"):
            return None
        return {
            "paid_as_promised": data.get("paid_as_promised", ""),
            "conditions": data.get("conditions", ""),
            "wants_to_go_again": data.get("wants_to_go_again"),
            "comments": data.get("comments", ""),
        }

    def clean(self):
        data = super().clean()
        if bool(data.get("paid_as_promised")) != bool(data.get("conditions")):
            self.add_error(
                "conditions" if data.get("paid_as_promised") else "paid_as_promised",
                _("Answer both debrief questions, or neither."),
            )
        return data


class DebriefForm(forms.Form):
    paid_as_promised = forms.ChoiceField(
        label=_("paid as promised?"), choices=PaidAsPromised.choices
    )
    conditions = forms.ChoiceField(
        label=_("working and living conditions"), choices=ConditionsRating.choices
    )
    wants_to_go_again = forms.NullBooleanField(
        label=_("wants to go again?"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    comments = forms.CharField(
        label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CandidateCodeForm(forms.Form):
    code = forms.CharField(label=_("Candidate code"), max_length=20)


class InterestForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        help_text=_("The centre calls you back on this number to give you an appointment."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    region = forms.ModelChoiceField(
        label=_("Region where you live"), required=False, queryset=Region.objects.all()
    )
    occupation = forms.CharField(label=_("Your occupation"), max_length=150, required=False)
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the centre keeps these details to call me back about this offer."),
    )
    # Left empty by people; robots fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
