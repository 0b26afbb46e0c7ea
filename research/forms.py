"""Forms of the research app: publications, their search, export requests, dashboard filters."""

from django import forms
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


class PublicationSearchForm(forms.Form):
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

    def __init__(self, *args, datasets=None, can_identify: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = datasets if datasets is not None else dataset_choices()
        if not can_identify:
            self.fields["anonymised"].disabled = True
            self.fields["anonymised"].help_text = _("Researchers receive anonymised data only.")

    def filters_for(self, dataset) -> dict:
        """Only the filters this data set knows, as strings."""
        known = {f.key for f in dataset.filters}
        data = self.cleaned_data
        values = {
            "date_from": data.get("date_from") and data["date_from"].isoformat(),
            "date_to": data.get("date_to") and data["date_to"].isoformat(),
            "region": data.get("region") and data["region"].code,
        }
        return {k: v for k, v in values.items() if v and k in known}


class DashboardFilterForm(BootstrapFormMixin, forms.Form):
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

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
