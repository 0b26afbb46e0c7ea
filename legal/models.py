"""Models of the legal app: destinations, pathways, guides, FAQ, their revisions and search.

Text a candidate reads exists in French (required), English and Bambara (optional). Each such
field is stored as one column per language (`title_fr`, `title_en`, `title_bm`): a page is one
row read with no join, "what lacks English" is a plain `WHERE summary_en = ''`, and the search
vector is built from columns PostgreSQL can see. See docs/apps/legal.md for the trade-off.

The row of a Destination, Pathway, Guide or FAQ entry holds what the public sees (the last
published version). Editors work on `Revision` rows (draft → in review → published); publishing
copies a revision onto the row. Published revisions are never deleted: they are the history.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGS = ("fr", "en", "bm")
OPTIONAL_LANGS = ("en", "bm")
LANG_LABELS = {"fr": _("French"), "en": _("English"), "bm": _("Bambara")}


class Goal(models.TextChoices):
    """What a candidate wants to do: the four doors of the public pages."""

    WORK = "work", pgettext_lazy("legal goal", "Work")
    STUDY = "study", pgettext_lazy("legal goal", "Study")
    FAMILY = "family", _("Join family")
    VISIT = "visit", pgettext_lazy("legal goal", "Visit")
    OTHER = "other", _("Settle, invest or come back")


class Category(models.TextChoices):
    SEASONAL = "seasonal", _("Seasonal worker")
    SALARIED = "salaried", _("Salaried worker")
    TALENT = "talent", _("Highly qualified worker (EU Blue Card, talent permit)")
    STUDENT = "student", _("Student")
    RESEARCHER = "researcher", _("Researcher")
    FAMILY = "family", _("Family reunification")
    VISIT = "visit", _("Short visit")
    REGIONAL = "regional", _("Regional free movement and residence")
    BUSINESS = "business", _("Business and investment")
    RETURN = "return", _("Return and reintegration")


CATEGORY_GOAL = {
    Category.SEASONAL: Goal.WORK,
    Category.SALARIED: Goal.WORK,
    Category.TALENT: Goal.WORK,
    Category.REGIONAL: Goal.WORK,
    Category.STUDENT: Goal.STUDY,
    Category.RESEARCHER: Goal.STUDY,
    Category.FAMILY: Goal.FAMILY,
    Category.VISIT: Goal.VISIT,
    Category.BUSINESS: Goal.OTHER,
    Category.RETURN: Goal.OTHER,
}


class Topic(models.TextChoices):
    IRREGULAR_ROUTES = "irregular_routes", _("Dangers of irregular routes")
    FRAUD = "fraud", _("Recruitment fraud")
    RIGHTS = "rights", _("Rights of migrants")
    PREPARING = "preparing", _("Preparing a departure")
    RETURN = "return", _("Coming home and reintegration")
    REMITTANCES = "remittances", _("Sending money home")
    OTHER = "other", _("Other")


def translated(model: type[models.Model], name: str, verbose: str, long: bool = True) -> None:
    """Add `<name>_fr` (required), `<name>_en` and `<name>_bm` (optional) to a model."""
    model.translated_fields = (*getattr(model, "translated_fields", ()), name)
    model.translated_labels = {**getattr(model, "translated_labels", {}), name: verbose}
    for lang in LANGS:
        label = format_lazy("{} ({})", verbose, lang)
        if long:
            field = models.TextField(label, blank=lang != "fr", default="")
        else:
            field = models.CharField(label, max_length=200, blank=lang != "fr", default="")
        model.add_to_class(f"{name}_{lang}", field)


class Freshness(models.Model):
    """What every public item shares: publication, sources, verification and review."""

    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        pgettext_lazy("legal", "published at"), null=True, blank=True
    )
    # Each source: {"name": ..., "url": ..., "consulted": "YYYY-MM-DD"}. A list on the row,
    # because sources are always read and written with their page and copied into revisions.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.CharField(_("last verified by"), max_length=150, blank=True)
    review_interval_days = models.PositiveIntegerField(_("review interval (days)"), default=180)
    # last_verified_on + review_interval_days, stored so "what is stale" is one indexed query.
    review_due_on = models.DateField(_("review due on"), null=True, blank=True, db_index=True)
    stale_notified_on = models.DateField(null=True, blank=True, editable=False)
    # Points the editor could not confirm: shown to editors, and to the public as "being checked".
    to_verify = models.TextField(_("points to verify"), blank=True, default="")
    # Bambara text written by a non-native speaker carries a notice until someone checks it.
    bm_needs_review = models.BooleanField(
        _("Bambara to be reviewed by a native speaker"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def compute_review_due(self) -> date | None:
        if self.last_verified_on is None:
            return None
        return self.last_verified_on + timedelta(days=self.review_interval_days)

    @property
    def is_stale(self) -> bool:
        due = self.review_due_on or self.compute_review_due()
        return due is None or due < timezone.localdate()


class Destination(Freshness):
    slug = models.SlugField(pgettext_lazy("legal", "slug"), unique=True)
    country_code = models.CharField(_("country code (ISO)"), max_length=2, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    official_links = models.JSONField(_("official links"), default=list, blank=True)
    revisions = GenericRelation("legal.Revision")

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name_fr

    def get_absolute_url(self):
        return reverse("legal:destination", args=[self.slug])

    short_prefix = "d"


translated(Destination, "name", _("name"), long=False)
translated(Destination, "summary", _("summary"))
translated(Destination, "alerts", _("current alerts"))
translated(Destination, "contacts", _("embassy and consulate contacts"))


class Pathway(Freshness):
    destination = models.ForeignKey(
        Destination, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("country")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    goal = models.CharField(_("goal"), max_length=10, choices=Goal.choices, editable=False)
    slug = models.SlugField(pgettext_lazy("legal", "slug"), max_length=80, unique=True)
    # Who it suits, for the questionnaire: minimum education and the sectors it recruits in.
    min_education = models.CharField(_("minimum education"), max_length=20, blank=True, default="")
    sectors = models.CharField(
        _("sectors (comma-separated)"), max_length=200, blank=True, default=""
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # Title, country, category and summary only: small enough to rank every match cheaply.
    search_heads = SearchVectorField(null=True, editable=False)
    # Accent-free, stemmed words for the SQLite fallback (and typo-tolerant matching).
    search_text = models.TextField(default="", editable=False)
    revisions = GenericRelation("legal.Revision")

    short_prefix = "p"

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering = ["destination__position", "destination__slug", "category", "slug"]
        indexes = [
            GinIndex(fields=["search_vector"], name="legal_pathway_search_gin"),
            models.Index(
                fields=["destination", "category"],
                name="legal_pathway_pub_dest_cat",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["goal", "destination"],
                name="legal_pathway_pub_goal",
                condition=Q(is_published=True),
            ),
        ]

    def __str__(self):
        return self.title_fr or self.slug

    def save(self, *args, **kwargs):
        # Derived, never typed: the goal follows the category.
        self.goal = CATEGORY_GOAL.get(self.category, Goal.OTHER)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("legal:pathway", args=[self.slug])


translated(Pathway, "title", pgettext_lazy("legal", "title"), long=False)
translated(Pathway, "summary", _("summary"))
translated(Pathway, "who_for", _("who it is for"))
translated(Pathway, "conditions", _("conditions"))
translated(Pathway, "documents", _("documents"))
translated(Pathway, "steps", _("steps"))
translated(Pathway, "fees", _("fees"))
translated(Pathway, "processing_time", _("processing time"))
translated(Pathway, "validity", _("validity and renewal"))
translated(Pathway, "rights", _("rights and obligations"))
translated(Pathway, "pitfalls", _("common pitfalls and scams"))


class Guide(Freshness):
    slug = models.SlugField(pgettext_lazy("legal", "slug"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    search_vector = SearchVectorField(null=True, editable=False)
    search_heads = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(default="", editable=False)
    revisions = GenericRelation("legal.Revision")

    short_prefix = "g"

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "slug"]
        indexes = [GinIndex(fields=["search_vector"], name="legal_guide_search_gin")]

    def __str__(self):
        return self.title_fr or self.slug

    def get_absolute_url(self):
        return reverse("legal:guide", args=[self.slug])


translated(Guide, "title", pgettext_lazy("legal", "title"), long=False)
translated(Guide, "summary", _("summary"))
translated(Guide, "body", _("text"))


class FaqEntry(Freshness):
    slug = models.SlugField(pgettext_lazy("legal", "slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    revisions = GenericRelation("legal.Revision")

    short_prefix = "f"

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.question_fr or self.slug

    def get_absolute_url(self):
        return reverse("legal:faq") + f"#{self.slug}"


translated(FaqEntry, "question", _("question"), long=False)
translated(FaqEntry, "answer", _("answer"))


CONTENT_MODELS = {"destination": Destination, "pathway": Pathway, "guide": Guide, "faq": FaqEntry}


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Revision(models.Model):
    """One version of an item's content, as a JSON snapshot of its editable fields."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=RevisionState.choices, default=RevisionState.DRAFT
    )
    content = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="legal_revision_number"
            ),
            # One open (draft or in review) revision per item: editors never fork silently.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["draft", "in_review"]),
                name="legal_revision_one_open",
            ),
        ]
        indexes = [models.Index(fields=["state", "updated_at"], name="legal_revision_state")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} v{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state in (RevisionState.DRAFT, RevisionState.IN_REVIEW)
