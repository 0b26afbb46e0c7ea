"""Models of circular migration: employers, programmes, job offers, applications and returns.

Kept apart from `reception/models.py` (partners, candidates, visits) and imported at its end, so
that Django finds them in the reception app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "ACTIVE_PLACEMENT_STATES",
    "PENDING_STATES",
    "PLACEMENT_STATES",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "ConditionsRating",
    "ContractType",
    "Country",
    "Debrief",
    "Employer",
    "JobOffer",
    "OfferStatus",
    "PaidAsPromised",
    "Programme",
    "Sector",
]


class Country(models.TextChoices):
    """Countries the centre's offers come from (ISO 3166-1 alpha-2)."""

    SPAIN = "ES", _("Spain")
    FRANCE = "FR", _("France")
    ITALY = "IT", _("Italy")
    PORTUGAL = "PT", _("Portugal")
    GERMANY = "DE", _("Germany")
    CANADA = "CA", _("Canada")
    MOROCCO = "MA", _("Morocco")
    MALI = "ML", _("Mali")
    SENEGAL = "SN", _("Senegal")
    IVORY_COAST = "CI", _("Côte d'Ivoire")
    BURKINA_FASO = "BF", _("Burkina Faso")
    GUINEA = "GN", _("Guinea")
    MAURITANIA = "MR", _("Mauritania")
    GHANA = "GH", _("Ghana")
    NIGER = "NE", _("Niger")
    OTHER = "XX", _("Other country")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture and harvests")
    AGRIFOOD = "agrifood", _("Food processing")
    CONSTRUCTION = "construction", _("Construction and public works")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    CARE = "care", _("Health and care")
    DOMESTIC = "domestic", _("Domestic work")
    INDUSTRY = "industry", _("Industry and mining")
    TRANSPORT = "transport", _("Transport and logistics")
    FISHING = "fishing", _("Fishing")
    TRADES = "trades", _("Crafts and trades")
    OTHER = "other", _("Other")


class ContractType(models.TextChoices):
    SEASONAL = "seasonal", _("Seasonal")
    TEMPORARY = "temporary", _("Temporary")
    PERMANENT = "permanent", _("Permanent")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed to applications")
    FILLED = "filled", pgettext_lazy("job offer status", "Filled")


class Employer(models.Model):
    """A company or cooperative that hires through the centre."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self):
        return self.name


class Programme(models.Model):
    """A legal-migration scheme offers come through (a bilateral agreement, a pilot project)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    partner = models.ForeignKey(
        "reception.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("legal basis or source"),
        max_length=300,
        blank=True,
        help_text=_("The agreement, law or call for applications the programme rests on."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class JobOffer(models.Model):
    """A temporary or permanent job abroad (or in Mali) that candidates may apply to.

    `match_keywords` are the word stems the matcher looks for in a candidate's occupation and
    skills (folded: lower case, no accents); `languages` and `regions` are preferences that raise
    a candidate's score, the age range is a requirement.
    """

    title = models.CharField(_("title"), max_length=200)
    # The offer is written in French; these optional versions are shown to visitors who chose
    # English or Bambara, and the page says when it falls back to French.
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_bm = models.CharField(_("title in Bambara"), max_length=200, blank=True)
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="offers"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    partner = models.ForeignKey(
        "reception.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="job_offers",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    city = models.CharField(_("city"), max_length=100)
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices
    )
    positions = models.PositiveSmallIntegerField(_("number of positions"))
    period_start = models.DateField(_("start of work"))
    period_end = models.DateField(_("end of work"), null=True, blank=True)
    description = models.TextField(_("description of the work"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_bm = models.TextField(_("description in Bambara"), blank=True)
    # Requirements
    occupation = models.CharField(_("occupation sought"), max_length=150)
    skills = models.TextField(_("skills required"), blank=True)
    match_keywords = models.CharField(
        _("matching keywords"),
        max_length=300,
        blank=True,
        help_text=_(
            "Word stems looked for in the candidates' occupation and skills, separated by commas "
            "(for example: agricul, cultiv, récolte). Left empty, the words of the occupation "
            "are used."
        ),
    )
    languages = models.JSONField(_("languages wanted"), default=list, blank=True)
    experience_months = models.PositiveSmallIntegerField(
        _("experience required (months)"), default=0
    )
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    regions = models.ManyToManyField(
        "cigem.Region",
        verbose_name=_("regions given priority"),
        blank=True,
        related_name="+",
    )
    # Conditions
    pay = models.CharField(_("pay"), max_length=200, blank=True)
    housing_provided = models.BooleanField(_("housing provided"), default=False)
    travel_paid = models.BooleanField(_("travel paid by the employer"), default=False)
    return_commitment = models.BooleanField(_("return commitment required"), default=False)
    conditions = models.TextField(_("other conditions"), blank=True)
    application_deadline = models.DateField(_("application deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    is_public = models.BooleanField(
        _("published on the public job board"),
        default=True,
        help_text=_("Unticked, the offer is only seen by staff (for example a targeted recall)."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["application_deadline", "id"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        indexes = [
            models.Index(
                fields=["status", "is_public", "application_deadline"], name="offer_board"
            ),
            models.Index(fields=["country", "status"], name="offer_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(positions__gte=1), name="offer_positions_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def localized(self, name: str, language: str | None = None) -> tuple[str, bool]:
        """(text in the visitor's language, True when it fell back to French)."""
        from django.utils.translation import get_language

        language = (language or get_language() or "fr")[:2]
        french = getattr(self, name)
        if language == "fr" or not french:
            return french, False
        other = getattr(self, f"{name}_{language}", "")
        return (other, False) if other else (french, True)

    @property
    def shown_title(self) -> str:
        return self.localized("title")[0]

    @property
    def shown_description(self) -> tuple[str, bool]:
        return self.localized("description")

    @property
    def title_in_french_only(self) -> bool:
        return self.localized("title")[1]

    def keyword_list(self) -> list[str]:
        from reception.placements_matching import keywords_of

        return keywords_of(self)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    VISA_OBTAINED = "visa_obtained", _("Visa obtained")
    DEPARTED = "departed", _("Departed")
    RETURNED = "returned", _("Returned")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_RETURNED = "not_returned", _("Did not return")


# Applications that hold one of the offer's positions.
PLACEMENT_STATES = (
    ApplicationStatus.SELECTED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.VISA_OBTAINED,
    ApplicationStatus.DEPARTED,
    ApplicationStatus.RETURNED,
    ApplicationStatus.NOT_RETURNED,
)
# A person in one of these states is committed to an offer and cannot be placed elsewhere.
ACTIVE_PLACEMENT_STATES = (
    ApplicationStatus.SELECTED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.VISA_OBTAINED,
    ApplicationStatus.DEPARTED,
)
PENDING_STATES = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED)


class Application(models.Model):
    """A candidate's application to an offer, followed from submission to the return."""

    offer = models.ForeignKey(
        JobOffer, verbose_name=_("job offer"), on_delete=models.PROTECT, related_name="applications"
    )
    candidate = models.ForeignKey(
        "reception.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    selected_on = models.DateField(_("selected on"), null=True, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_end = models.DateField(_("end of contract"), null=True, blank=True)
    visa_obtained_on = models.DateField(_("visa obtained on"), null=True, blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    expected_return_date = models.DateField(_("expected return date"), null=True, blank=True)
    return_date = models.DateField(_("actual return date"), null=True, blank=True)
    outcome_note = models.TextField(_("reason or note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["offer", "candidate"], name="application_once"),
        ]
        indexes = [
            models.Index(fields=["offer", "status"], name="application_offer_status"),
            models.Index(fields=["candidate", "status"], name="application_candidate"),
            models.Index(fields=["status", "expected_return_date"], name="application_return"),
            models.Index(fields=["status", "contract_end"], name="application_contract_end"),
            models.Index(fields=["status", "-status_changed_at"], name="application_status"),
        ]

    def __str__(self):
        return f"{self.candidate_id} → {self.offer_id}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (
            self.status == ApplicationStatus.DEPARTED
            and self.expected_return_date is not None
            and self.expected_return_date < timezone.localdate()
        )


class ApplicationEvent(models.Model):
    """One move of an application: from which state to which, by whom, when. Never changed."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("previous status"), max_length=16, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("moved at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application move")
        verbose_name_plural = _("application moves")

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class PaidAsPromised(models.TextChoices):
    YES = "yes", _("Yes, as promised")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ConditionsRating(models.TextChoices):
    GOOD = "good", pgettext_lazy("working conditions", "Good")
    ACCEPTABLE = "acceptable", _("Acceptable")
    POOR = "poor", _("Poor")


class Debrief(models.Model):
    """What a returning worker says about the placement: pay, conditions, going again."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="debrief"
    )
    paid_as_promised = models.CharField(
        _("paid as promised?"), max_length=8, choices=PaidAsPromised.choices
    )
    conditions = models.CharField(
        _("working and living conditions"), max_length=12, choices=ConditionsRating.choices
    )
    wants_to_go_again = models.BooleanField(_("wants to go again?"), null=True)
    comments = models.TextField(_("comments"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return debrief")
        verbose_name_plural = _("return debriefs")

    def __str__(self):
        return f"debrief {self.application_id}"
