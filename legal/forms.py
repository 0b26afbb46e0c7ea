"""Forms of the legal app: the editors' content form (built per model) and the questionnaire."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from legal.models import LANG_LABELS, LANGS, Destination, Goal
from legal.services import (
    content_field_names,
    format_source_lines,
    parse_source_lines,
)

EDUCATION = [
    ("none", _("No diploma or primary school")),
    ("secondary", _("Secondary school (DEF, CAP, BT)")),
    ("bac", _("Baccalauréat")),
    ("bachelor", _("University degree (licence, bachelor)")),
    ("master", _("Master, engineer or doctorate")),
]
EDUCATION_RANK = {code: rank for rank, (code, _label) in enumerate(EDUCATION)}

SECTORS = [
    ("agriculture", _("Agriculture, livestock, fishing")),
    ("construction", _("Building and public works")),
    ("hospitality", _("Hotels, restaurants, tourism")),
    ("health", pgettext_lazy("legal", "Health and care")),
    ("it", _("Computing, engineering, science")),
    ("trade", _("Trade, crafts, transport")),
    ("student", _("I am a student")),
    ("other", _("Other or no occupation")),
]


def _lines_to_links(text: str) -> list[dict]:
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, url = line.partition("|")
        if not sep or not url.strip().startswith(("http://", "https://")):
            raise ValidationError(_("Line %(n)s: write 'name | address'.") % {"n": number})
        links.append({"name": name.strip(), "url": url.strip()})
    return links


class ContentForm(forms.Form):
    """The editable content of one item; field list from legal.services.content_field_names."""

    note = forms.CharField(
        label=_("What changed (for the history)"), max_length=300, required=False
    )

    def __init__(self, *args, model, initial_content=None, **kwargs):
        self.model = model
        initial = dict(initial_content or {})
        initial["sources"] = format_source_lines(initial.get("sources") or [])
        if "official_links" in initial:
            initial["official_links"] = "\n".join(
                f"{link['name']} | {link['url']}" for link in initial["official_links"] or []
            )
        super().__init__(*args, initial=initial, **kwargs)
        for name in content_field_names(model):
            self.fields[name] = self._field_for(name)

    def _field_for(self, name: str) -> forms.Field:
        model_field = self.model._meta.get_field(name)
        base, _sep, lang = name.rpartition("_")
        if lang in LANGS and base in self.model.translated_fields:
            label = f"{str(self.model.translated_labels[base]).capitalize()} — {LANG_LABELS[lang]}"
            widget = (
                forms.Textarea(attrs={"rows": 4, "lang": lang})
                if model_field.get_internal_type() == "TextField"
                else forms.TextInput(attrs={"lang": lang})
            )
            return forms.CharField(
                label=label,
                required=lang == "fr" and base in ("title", "name", "question"),
                widget=widget,
                strip=True,
            )
        if name == "destination":
            return forms.ModelChoiceField(
                label=_("Country"), queryset=Destination.objects.order_by("position", "slug")
            )
        if name == "sources":
            return forms.CharField(
                label=pgettext_lazy("legal", "Sources"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One per line: name | address | date consulted (YYYY-MM-DD)."),
            )
        if name == "official_links":
            return forms.CharField(
                label=_("Official links"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One per line: name | address."),
            )
        if name == "last_verified_on":
            return forms.DateField(
                label=model_field.verbose_name,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        return model_field.formfield()

    def clean_sources(self):
        return parse_source_lines(self.cleaned_data.get("sources") or "")

    def clean_official_links(self):
        return _lines_to_links(self.cleaned_data.get("official_links") or "")

    def content(self) -> dict:
        out = {}
        for name in content_field_names(self.model):
            value = self.cleaned_data.get(name)
            if name == "destination":
                value = value.pk if value else None
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif value is None and name not in ("last_verified_on",):
                value = ""
            out[name] = value
        return out


class NewItemForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. france-student. Fixed later."),
    )


class QuestionnaireForm(forms.Form):
    country = forms.ChoiceField(label=_("Where would you like to go?"), required=False)
    goal = forms.ChoiceField(
        label=_("What for?"),
        choices=[(g.value, g.label) for g in Goal if g != Goal.OTHER],
        widget=forms.RadioSelect,
    )
    education = forms.ChoiceField(label=_("Your highest diploma"), choices=EDUCATION)
    occupation = forms.ChoiceField(label=pgettext_lazy("legal", "Your occupation"), choices=SECTORS)

    def __init__(self, *args, destinations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("I do not know yet")), *destinations]
        for name in ("country", "education", "occupation"):
            self.fields[name].widget.attrs["class"] = "form-select"
