"""Forms of the research app: publications, their search, export requests, dashboard filters."""

from typing import NamedTuple

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from cigem.forms import BootstrapFormMixin
from cigem.models import Region
from research.datasets import dataset_choices
from research.models import (
    ExportFormat,
    Publication,
    PublicationKind,
    PublicationLanguage,
    Theme,
)
from research.validators import validate_pdf


class PublicationForm(forms.ModelForm):
    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")

    class Meta:
        model = Publication
        fields = [
            "title",
            "authors",
            "publisher",
            "year",
            "language",
            "kind",
            "themes",
            "regions",
            "abstract",
            "url",
            "file",
            "visibility",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "abstract": forms.Textarea(attrs={"rows": 6}),
            # No "currently: <link>" part: the file has no public URL, only the download view.
            "file": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1900 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 1900 and 2100."))
        return year

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_pdf(upload)
        return upload


class PublicationSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *PublicationKind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All")), *PublicationLanguage.choices],
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1900)
    year_to = forms.IntegerField(label=_("To year"), required=False, max_value=2100)


class ExportRequestForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Data set"), choices=())
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    anonymised = forms.BooleanField(
        label=_("Anonymised (no names, contacts or identifiers)"), required=False, initial=True
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )

    COMMON_FILTERS = ("date_from", "date_to", "region")

    def __init__(self, *args, datasets=None, can_identify: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = datasets if datasets is not None else dataset_choices()
        if not can_identify:
            self.fields["anonymised"].disabled = True
            self.fields["anonymised"].help_text = _("Researchers receive anonymised data only.")
        offered = {key for key, _label in self.fields["dataset"].choices}
        # The filters of the lists (profile, status, counsellor, sector, country...): one field
        # per filter name, saying which data sets it applies to.
        self.specific_filters = []
        for key, (item, labels) in filters_by_name(offered).items():
            if key in self.COMMON_FILTERS:
                continue
            field = _filter_form_field(item)
            field.help_text = _("For: %(datasets)s") % {"datasets": ", ".join(labels)}
            self.fields[f"f_{key}"] = field
            self.specific_filters.append(self[f"f_{key}"])
        # Bootstrap classes here, not by BootstrapFormMixin: it validates the form in its
        # __init__, before the data sets' choices are set.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue  # rendered by crispy-forms
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def filters_for(self, dataset) -> dict:
        """The filters given, as the API takes them; an error on a filter the data set lacks."""
        known = {f.key for f in dataset.filters}
        data = self.cleaned_data
        values = {
            "date_from": data.get("date_from") and data["date_from"].isoformat(),
            "date_to": data.get("date_to") and data["date_to"].isoformat(),
            "region": data.get("region") and data["region"].code,
        }
        for name in self.fields:
            if name.startswith("f_") and data.get(name) not in (None, ""):
                values[name[2:]] = data[name]
        chosen = {}
        for key, value in values.items():
            if not value:
                continue
            if key in known:
                chosen[key] = value
            elif key not in self.COMMON_FILTERS:
                self.add_error(
                    f"f_{key}",
                    _("This filter does not apply to %(dataset)s.") % {"dataset": dataset.label},
                )
        return chosen


def filters_by_name(offered: set[str]) -> dict:
    """{filter name: (filter, [labels of the data sets that have it])} over the offered sets."""
    from research.datasets import REGISTRY, all_filters

    merged = all_filters()
    found: dict[str, tuple] = {}
    for dataset in REGISTRY.values():
        if dataset.key not in offered:
            continue
        for item in dataset.filters:
            found.setdefault(item.key, (merged[item.key], []))[1].append(str(dataset.label))
    return found


def _id_choices(key: str):
    """Choices of the lists' own filters for a record number (counsellor, partner, campaign)."""

    def load():
        if key == "counsellor":
            from reception.forms import counsellor_choices

            return counsellor_choices()
        if key == "partner":
            from reception.models import Partner

            return list(Partner.objects.order_by("name").values_list("id", "name")[:500])
        if key == "campaign":
            from campaigns.models import Campaign

            return list(Campaign.objects.order_by("-id").values_list("id", "name")[:500])
        return []

    return load


def _filter_form_field(item):
    label = str(item.label)
    if item.kind == "choice":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", _("All")), *item.choice_list()]
        )
    if item.kind == "id" and item.key in ("counsellor", "partner", "campaign"):
        choices = _id_choices(item.key)
        return forms.TypedChoiceField(
            label=label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=lambda: [("", _("All")), *choices()],
        )
    if item.kind in ("int", "id"):
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=1 if item.kind == "id" else 1900,
            max_value=2_147_483_647 if item.kind == "id" else 2100,
        )
    return forms.CharField(label=label, required=False, max_length=100)


class RegionRef(NamedTuple):
    pk: int
    code: str
    name: str


def region_refs() -> dict[str, RegionRef]:
    """Regions by code, from the cache: the dashboard's filter costs no query when warm."""
    cached = cache.get("research:region-refs")
    if cached is None:
        cached = list(Region.objects.order_by("name").values_list("id", "code", "name"))
        cache.set("research:region-refs", cached, 300)
    return {code: RegionRef(pk, code, name) for pk, code, name in cached}


class DashboardFilterForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=lambda: [("", _("All")), *((r.code, r.name) for r in region_refs().values())],
    )

    def clean_region(self):
        code = self.cleaned_data.get("region")
        return region_refs().get(code) if code else None

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
