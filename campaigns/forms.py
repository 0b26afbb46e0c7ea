"""Forms of the campaigns app: sign-up, counsellor subscribe, import, campaign editing."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    MESSAGE_LANGUAGES,
    CampaignChannel,
    CampaignStatus,
    Interest,
    SubscriberSource,
    SubscriberStatus,
)
from campaigns.services import normalise_email
from campaigns.services import normalise_phone as _normalise_phone
from cigem.models import Region


def normalise_phone(value):
    try:
        return _normalise_phone(value)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid phone number.")) from exc


def region_choices():
    return [("", "—"), *Region.objects.values_list("code", "name")]


class SubscribeForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("For example 76 12 34 56."),
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    language = forms.ChoiceField(label=_("Language of the messages"), choices=MESSAGE_LANGUAGES)
    region = forms.ChoiceField(label=_("Region"), required=False)
    interests = forms.MultipleChoiceField(
        label=_("I am interested in"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to receive messages from the CIGEM. I can stop at any time by answering "
            "STOP or with the link in each email."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        try:
            return normalise_email(self.cleaned_data.get("email"))
        except ValidationError as exc:
            raise ValidationError(_("Enter a valid email address.")) from exc

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise ValidationError(_("Give a phone number or an email address."))
        return data


class CounsellorSubscribeForm(SubscribeForm):
    consent = forms.BooleanField(
        label=_("The person agreed, today, to receive the centre's messages.")
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: phone, email, language (fr, en, bm), region (code), interests "
            "(separated by |). One line per person who agreed to receive messages."
        ),
    )
    consent_text_version = forms.CharField(label=_("Version of the consent text"), max_length=40)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class SubscriberFilterForm(forms.Form):
    q = forms.CharField(label=_("Phone or email"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *SubscriberStatus.choices]
    )


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices]
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=CampaignChannel.choices)
    regions = forms.MultipleChoiceField(
        label=_("Regions"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=MESSAGE_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        required=False,
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sources = forms.MultipleChoiceField(
        label=_("Sources"),
        required=False,
        choices=SubscriberSource.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        help_text=_("Empty: send as soon as it is launched."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Africa/Bamako time. Messages wait during quiet hours; empty: none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = region_choices()[1:]
        for code, label in MESSAGE_LANGUAGES:
            required = _(" (required)") if code == "fr" else ""
            self.fields[f"sms_text_{code}"] = forms.CharField(
                label=_("SMS in %(language)s%(required)s")
                % {"language": label, "required": required},
                required=False,
                widget=forms.Textarea(
                    attrs={
                        "rows": 3,
                        # Live length: htmx posts the text to the server-side counter.
                        "hx-post": reverse("campaigns:segment-counter"),
                        "hx-trigger": "input changed delay:250ms, load",
                        "hx-target": f"#segments-{code}",
                        "hx-include": "this",
                    }
                ),
            )
            self.fields[f"email_subject_{code}"] = forms.CharField(
                label=_("Email subject in %(language)s") % {"language": label},
                required=False,
                max_length=150,
            )
            self.fields[f"email_body_{code}"] = forms.CharField(
                label=_("Email in %(language)s") % {"language": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if (
            channel in (CampaignChannel.SMS, CampaignChannel.BOTH)
            and not (data.get("sms_text_fr") or "").strip()
        ):
            self.add_error("sms_text_fr", _("The French SMS is required."))
        if channel in (CampaignChannel.EMAIL, CampaignChannel.BOTH):
            if not (data.get("email_subject_fr") or "").strip():
                self.add_error("email_subject_fr", _("The French email subject is required."))
            if not (data.get("email_body_fr") or "").strip():
                self.add_error("email_body_fr", _("The French email is required."))
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return data

    def audience(self) -> dict:
        return {
            k: self.cleaned_data.get(k) or []
            for k in ("regions", "languages", "interests", "sources")
        }

    def messages(self) -> dict:
        return {
            code: {
                field: self.cleaned_data.get(f"{field}_{code}") or ""
                for field in ("sms_text", "email_subject", "email_body")
            }
            for code, _label in MESSAGE_LANGUAGES
        }

    @staticmethod
    def initial_for(campaign) -> dict:
        initial = {
            "name": campaign.name,
            "topic": campaign.topic,
            "channel": campaign.channel,
            "send_at": campaign.send_at,
            "quiet_start": campaign.quiet_start,
            "quiet_end": campaign.quiet_end,
            **{
                k: (campaign.audience or {}).get(k, [])
                for k in ("regions", "languages", "interests", "sources")
            },
        }
        for message in campaign.messages.all():
            initial[f"sms_text_{message.language}"] = message.sms_text
            initial[f"email_subject_{message.language}"] = message.email_subject
            initial[f"email_body_{message.language}"] = message.email_body
        return initial


class TestSendForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("sms", _("SMS")), ("email", _("Email"))]
    )
    language = forms.ChoiceField(label=_("Language"), choices=MESSAGE_LANGUAGES)
    phone = forms.CharField(label=_("My phone"), required=False, max_length=30)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        if data.get("channel") == "sms" and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Give your phone number for an SMS test."))
        return data


class LinkForm(forms.Form):
    target = forms.URLField(
        label=_("Page to link to"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A legal pathway or a guide of the portal, or another trusted page."),
    )
