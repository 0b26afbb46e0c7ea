"""Models of the reception app: partners, candidates, consents, visits, referrals, follow-ups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reception.placements_fields import YearsOfExperienceField


class PartnerKind(models.TextChoices):
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    TRAINING = "training", _("Vocational training centre")
    NGO = "ngo", _("NGO or association")
    INTERNATIONAL = "international", _("International organisation")
    CONSULATE = "consulate", _("Embassy or consulate")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """An institution the centre refers people to (ANPE, APEJ, FAFPA, DGME, NGOs...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    services = models.TextField(_("services offered"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(
        pgettext_lazy("partner", "contact person"), max_length=150, blank=True
    )
    region = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return f"{self.acronym} – {self.name}" if self.acronym else self.name


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    KORANIC = "koranic", _("Koranic school")
    LITERACY = "literacy", _("Literacy class")
    PRIMARY = "primary", _("Primary (fundamental, first cycle)")
    LOWER_SECONDARY = "lower_secondary", _("Fundamental, second cycle")
    UPPER_SECONDARY = "upper_secondary", _("Secondary (lycée)")
    VOCATIONAL = "vocational", _("Vocational training")
    UNIVERSITY = "university", _("University")


class FamilySituation(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced or separated")
    WIDOWED = "widowed", _("Widowed")


class Profile(models.TextChoices):
    POTENTIAL_MIGRANT = "potential_migrant", _("Potential migrant")
    RETURNEE_VOLUNTARY = "returnee_voluntary", _("Returnee (voluntary)")
    RETURNEE_FORCED = "returnee_forced", _("Returnee (expelled or forced)")
    RETURNING_DIASPORA = "returning_diaspora", _("Returning diaspora")
    OTHER = "other", _("Other")


class MigrationMotive(models.TextChoices):
    WORK = "work", pgettext_lazy("migration motive", "Work")
    STUDIES = "studies", _("Studies")
    FAMILY = "family", _("Family")
    PROTECTION = "protection", _("Protection or safety")
    BUSINESS = "business", _("Trade or business")
    OTHER = "other", _("Other")


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", pgettext_lazy("candidate status", "Closed")


class ClosingReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Goal reached")
    LEFT_LEGALLY = "left_legally", _("Left through a legal pathway")
    REINTEGRATED = "reintegrated", _("Reintegrated")
    NO_CONTACT = "no_contact", _("No contact any more")
    WITHDREW = "withdrew", _("The person withdrew")
    MERGED = "merged", _("Merged into another record")
    ERASED = "erased", _("Erased on request")
    OTHER = "other", _("Other")


class Candidate(models.Model):
    """A person the centre receives: potential migrant, returnee or returning diaspora.

    `last_name_key` and `first_name_key` are phonetic keys (reception.names) kept on the row so
    that the duplicate search fetches its few candidates through an index; `search_name` holds
    every name token, normalised and sorted, for trigram matching. `version` grows on every save
    through the services, so a form posted from a stale copy is refused instead of overwriting.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    last_name = models.CharField(_("family name"), max_length=100, blank=True)
    first_name = models.CharField(_("given names"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    nina = models.CharField(_("national ID (NINA)"), max_length=20, blank=True, db_index=True)
    passport_number = models.CharField(
        _("passport number"), max_length=20, blank=True, db_index=True
    )
    region_of_origin = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cercle = models.CharField(_("cercle"), max_length=80, blank=True)
    commune = models.CharField(_("commune"), max_length=80, blank=True)
    residence = models.CharField(_("current residence"), max_length=200, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    years_of_experience = YearsOfExperienceField(
        _("years of work experience"), null=True, blank=True
    )
    family_situation = models.CharField(
        _("family situation"), max_length=20, choices=FamilySituation.choices, blank=True
    )
    dependants = models.PositiveSmallIntegerField(_("dependants"), null=True, blank=True)
    profile = models.CharField(
        _("profile"),
        max_length=24,
        choices=Profile.choices,
        default=Profile.POTENTIAL_MIGRANT,
    )
    intended_destination = models.CharField(_("intended destination"), max_length=100, blank=True)
    migration_motive = models.CharField(
        _("motive"), max_length=20, choices=MigrationMotive.choices, blank=True
    )
    motive_details = models.TextField(_("motive, in the person's words"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    closing_reason = models.CharField(
        _("closing reason"), max_length=20, choices=ClosingReason.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("candidate", "created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_records",
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    last_name_key = models.CharField(max_length=40, blank=True, editable=False)
    first_name_key = models.CharField(max_length=40, blank=True, editable=False)
    search_name = models.CharField(max_length=250, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        # One index per filter of the list, each ending with its sort, so a page of 25 rows
        # is read from the index whatever the table size (PERFORMANCE.md).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="cand_created"),
            models.Index(fields=["status", "-created_at"], name="cand_status_created"),
            models.Index(fields=["profile", "-created_at"], name="cand_profile_created"),
            models.Index(fields=["region_of_origin", "-created_at"], name="cand_region_created"),
            models.Index(fields=["counsellor", "-created_at"], name="cand_counsellor_created"),
            models.Index(fields=["last_name", "first_name", "id"], name="cand_name"),
            models.Index(fields=["-updated_at", "-id"], name="cand_updated"),
            models.Index(
                fields=["last_name_key", "first_name_key", "birth_year"], name="cand_name_keys"
            ),
            # A two-word name search, newest first: each (family, given) key pair in order.
            models.Index(
                fields=["last_name_key", "first_name_key", "-created_at", "-id"],
                name="cand_name_keys_created",
            ),
            models.Index(fields=["first_name_key", "birth_year"], name="cand_first_key"),
            models.Index(fields=["last_name_key", "birth_year"], name="cand_last_key_year"),
        ]

    def __str__(self):
        return f"{self.code} {self.full_name}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ConsentKind(models.TextChoices):
    RECORD = "record", _("Keep my record at the centre")
    REFERRAL = "referral", _("Be referred to a partner")
    MESSAGES = "messages", _("Receive information messages")


# What a counsellor may write on a record: the desk form, the API serializer and
# `services.candidate_update` all take this one list (a new field is added here once).
CANDIDATE_EDITABLE_FIELDS = (
    "last_name",
    "first_name",
    "sex",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "nina",
    "passport_number",
    "region_of_origin",
    "cercle",
    "commune",
    "residence",
    "languages",
    "education_level",
    "occupation",
    "skills",
    "years_of_experience",
    "family_situation",
    "dependants",
    "profile",
    "intended_destination",
    "migration_motive",
    "motive_details",
    "counsellor",
)


class CandidateConsent(models.Model):
    """One consent given or withdrawn, with who recorded it, when and which text was read.

    Rows are only added: the latest row of a kind is the person's current answer.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("consent to"), max_length=10, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    text_version = models.CharField(_("text version"), max_length=30)
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
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "kind", "-recorded_at"], name="consent_latest")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.given}"


class DuplicateDecision(models.TextChoices):
    SAME_PERSON = "same_person", _("Same person")
    DIFFERENT_PEOPLE = "different_people", _("Different people")


class DuplicateLink(models.Model):
    """A counsellor's decision about two records: the same person, or confirmed different.

    Linking never merges: only a manager merges, through `candidate_merge`.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Candidate, verbose_name=_("other record"), on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=DuplicateDecision.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate link")
        verbose_name_plural = _("duplicate links")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "other"], name="duplicate_link_pair")
        ]
        indexes = [models.Index(fields=["other"], name="duplicate_link_other")]

    def __str__(self):
        return f"{self.candidate_id} / {self.other_id}: {self.decision}"


class VisitChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    OUTREACH = "outreach", _("Outreach")
    ONLINE_REQUEST = "online_request", _("Online request")


class ServiceGiven(models.TextChoices):
    LEGAL_INFORMATION = "legal_information", _("Information on legal migration")
    ORIENTATION = "orientation", _("Orientation")
    REFERRAL = "referral", _("Referral")
    JOB_APPLICATION = "job_application", _("Job application support")
    REINTEGRATION = "reintegration", _("Reintegration support for returnees")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial listening")
    DOCUMENTATION = "documentation", _("Documentation")


class Visit(models.Model):
    """One contact with a candidate: what was discussed, given and decided."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="visits"
    )
    visit_date = models.DateField(_("date"))
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=VisitChannel.choices, default=VisitChannel.WALK_IN
    )
    services = models.JSONField(_("services given"), default=list, blank=True)
    # The slugs of `legal_pathways`, written with them by `visit_create`: exports read a visit
    # row without a join (research's visits dataset), and a slug that no pathway holds any more
    # (from before the link existed) stays readable.
    pathways = models.JSONField(_("legal pathways discussed"), default=list, blank=True)
    legal_pathways = models.ManyToManyField(
        "legal.Pathway",
        verbose_name=_("legal pathways discussed"),
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=250, blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visit_date", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-visit_date", "-id"], name="visit_candidate"),
            models.Index(fields=["counsellor", "visit_date"], name="visit_counsellor_date"),
            models.Index(fields=["visit_date"], name="visit_date"),
        ]

    def __str__(self):
        return f"{self.visit_date} {self.get_channel_display()}"


class ReferralStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", pgettext_lazy("referral status", "Done")
    REVOKED = "revoked", _("Revoked")


class Referral(models.Model):
    """A candidate sent to a partner for a service; moved only by `referral_transition`."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="referrals"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.CharField(_("service requested"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.IN_PROGRESS,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(
        pgettext_lazy("referral", "status changed at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-created_at"], name="referral_candidate"),
            models.Index(fields=["status", "-created_at"], name="referral_status"),
            models.Index(fields=["partner", "status"], name="referral_partner_status"),
        ]

    def __str__(self):
        return f"{self.partner} – {self.service}"


class FollowUp(models.Model):
    """Something a counsellor must do for a candidate by a date."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    due_date = models.DateField(_("due date"))
    reason = models.CharField(_("what to do"), max_length=250)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["assigned_to", "due_date", "id"],
                name="followup_open_mine",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(fields=["candidate", "due_date"], name="followup_candidate"),
        ]

    def __str__(self):
        return f"{self.due_date} {self.reason}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class AppointmentTopic(models.TextChoices):
    LEGAL_MIGRATION = "legal_migration", _("Leaving legally: work, studies, family")
    JOB_OFFERS = "job_offers", _("Job offers abroad")
    RETURN = "return", _("Coming back to Mali, reintegration")
    DOCUMENTS = "documents", _("Documents and procedures")
    OTHER = "other", _("Something else")


class AppointmentStatus(models.TextChoices):
    NEW = "new", _("To handle")
    CONVERTED = "converted", _("Became a visit")
    CANCELLED = "cancelled", pgettext_lazy("appointment status", "Cancelled")


class AppointmentRequest(models.Model):
    """A request for an appointment sent from the public site, waiting in the counsellors' queue."""

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20)
    topic = models.CharField(_("about"), max_length=20, choices=AppointmentTopic.choices)
    message = models.TextField(_("message"), blank=True)
    preferred_date = models.DateField(_("preferred day"))
    language = models.CharField(_("language"), max_length=5, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.NEW
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_requests",
    )
    visit = models.OneToOneField(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_request",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Set when the request comes from an offer on the public job board (circular migration).
    job_offer = models.ForeignKey(
        "reception.JobOffer",
        verbose_name=_("job offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_requests",
    )

    class Meta:
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")
        ordering = ["preferred_date", "id"]
        indexes = [
            models.Index(fields=["status", "preferred_date", "id"], name="appointment_queue")
        ]

    def __str__(self):
        return f"{self.preferred_date} {self.get_topic_display()}"


from reception.placements_models import *  # noqa: E402, F403
