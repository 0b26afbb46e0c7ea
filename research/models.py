"""Models of the research app: publications, indicators and export jobs."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from research.storage import private_storage


class PublicationKind(models.TextChoices):
    STUDY = "study", pgettext_lazy("publication type", "Study")
    REPORT = "report", pgettext_lazy("publication type", "Report")
    POLICY = "policy", _("Policy text")
    DATASET = "dataset", _("Data set")
    TRAINING = "training", _("Training material")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (staff only)")


class PublicationLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    BAMBARA = "bm", _("Bambara")
    ARABIC = "ar", _("Arabic")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Other")


class Theme(models.Model):
    """A subject publications are filed under (remittances, return, labour migration...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(pgettext_lazy("theme", "slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


def publication_upload_to(instance, filename: str) -> str:
    # The name a person uploaded never reaches the disk: only a random one with a fixed suffix.
    return f"publications/{uuid.uuid4().hex}.pdf"


class Publication(models.Model):
    """A study, report, policy text, data set or training document of the documentation centre."""

    title = models.CharField(pgettext_lazy("publication", "title"), max_length=300)
    authors = models.CharField(
        _("authors"), max_length=300, help_text=_("As they should be cited, separated by ';'.")
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(
        _("language"), max_length=8, choices=PublicationLanguage.choices, default="fr"
    )
    kind = models.CharField(_("type"), max_length=12, choices=PublicationKind.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    regions = models.ManyToManyField(
        "cigem.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    abstract = models.TextField(_("abstract"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    file = models.FileField(
        _("file (PDF)"), storage=private_storage, upload_to=publication_upload_to, blank=True
    )
    file_size = models.PositiveIntegerField(_("file size"), default=0, editable=False)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["visibility", "-year"])]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("research:publication-detail", args=[self.pk])

    @property
    def author_list(self) -> list[str]:
        return [a.strip() for a in self.authors.split(";") if a.strip()]

    def citation(self) -> str:
        """Author(s) (year). Title. Publisher. — the short form the centre's reports use."""
        authors = self.author_list
        who = f"{authors[0]} et al." if len(authors) > 3 else ", ".join(authors)
        parts = [f"{who} ({self.year}). {self.title.rstrip('.')}."]
        if self.publisher:
            parts.append(f"{self.publisher.rstrip('.')}.")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


class Indicator(models.Model):
    """A statistical series (one unit, one source), e.g. remittances received by Mali."""

    code = models.CharField(
        _("code"), max_length=60, unique=True, help_text=_("The source's own code, if it has one.")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(pgettext_lazy("indicator", "source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    note = models.TextField(pgettext_lazy("indicator", "note"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("research:indicator-detail", args=[self.code])


class IndicatorValue(models.Model):
    """One figure of a series: a country and a year (and a partner country for flows)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    country = models.CharField(_("country"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the source. Unchecked figures are shown as to be verified."),
    )
    note = models.CharField(pgettext_lazy("indicator", "note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "country", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year"], name="research_value_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.country} {self.year}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", pgettext_lazy("export status", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("export status", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("export status", "Expired")


def export_upload_to(instance, filename: str) -> str:
    return f"exports/{instance.pk}.{instance.format}"


class ExportJob(models.Model):
    """One export asked by one person: a background job, then a file until it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.CharField(_("data set"), max_length=40)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    anonymised = models.BooleanField(_("anonymised"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    failure_reason = models.CharField(_("reason of failure"), max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    suppressed_rows = models.PositiveIntegerField(_("rows suppressed"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=export_upload_to, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"{self.dataset}.{self.format} ({self.status})"

    def get_absolute_url(self):
        return reverse("research:export-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == ExportStatus.DONE
            and bool(self.file)
            and (self.expires_at is None or self.expires_at > timezone.now())
        )


class DashboardFact(models.Model):
    """One pre-computed count of the dashboards: metric, day, region of origin, category.

    Rebuilt from the source tables by `research.facts.facts_refresh` (a periodic task), so a
    dashboard sums a few thousand of these rows instead of reading millions of visits.
    `total` carries a sum beside the count when a metric needs an average (days of stay).
    """

    metric = models.CharField(max_length=40)
    day = models.DateField(null=True)
    region_id = models.IntegerField(null=True)  # cigem.Region, not a key: rebuilt wholesale
    key = models.CharField(max_length=200, blank=True)
    n = models.BigIntegerField()
    total = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["metric", "day"], name="fact_metric_day")]

    def __str__(self):
        return f"{self.metric} {self.day} {self.key}: {self.n}"
