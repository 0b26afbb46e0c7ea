"""Models of the diaspora app: diaspora members, skills, associations, projects and needs."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cigem.reference import SpokenLanguage
from diaspora.reference import (
    COUNTRIES,
    COUNTRY_NAMES,
    MAX_DAYS_PER_YEAR,
    MAX_YEARS_ABROAD,
    MAX_YEARS_EXPERIENCE,
    Sector,
    SkillLevel,
)


class PrivateStorage(FileSystemStorage):
    """CVs live outside MEDIA_ROOT and have no URL: only a checked view streams them.

    The location is read from settings at each use (not frozen at import), so a deployment or a
    test that sets DIASPORA_CV_ROOT is obeyed.
    """

    @property
    def base_location(self):
        return str(settings.DIASPORA_CV_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def cv_path(instance, filename: str) -> str:
    # The name the member gave is never used on disk: it may carry their name or odd bytes.
    return f"cv/{uuid.uuid4().hex}.pdf"


class Skill(models.Model):
    """A skill named by members or staff, shared so needs and profiles can meet on it."""

    name = models.CharField(_("name"), max_length=80)
    key = models.CharField(_("key"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


class Availability(models.TextChoices):
    """Kinds of contribution a member offers; a need asks for one of them."""

    SHORT_MISSION = "short_mission", _("Short missions in Mali")
    LONG_MISSION = "long_mission", _("Missions of 3 to 18 months")
    REMOTE = "remote", _("Remote advice")
    MENTORING = "mentoring", _("Mentoring")
    TRAINING = "training", _("Training sessions")


# Availability kind → boolean field on Member, so a filter is a plain indexed column.
AVAILABILITY_FIELDS = {
    Availability.SHORT_MISSION: "available_short_missions",
    Availability.LONG_MISSION: "available_long_missions",
    Availability.REMOTE: "available_remote",
    Availability.MENTORING: "available_mentoring",
    Availability.TRAINING: "available_training",
}


class Member(models.Model):
    """The skills profile of a Malian living abroad, kept by the member themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="diaspora_member",
    )
    country = models.CharField(
        _("country of residence"), max_length=2, choices=COUNTRIES, blank=True
    )
    city = models.CharField(_("city of residence"), max_length=100, blank=True)
    years_abroad = models.PositiveSmallIntegerField(
        _("years abroad"), null=True, blank=True, validators=[MaxValueValidator(MAX_YEARS_ABROAD)]
    )
    region_of_origin = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region of origin in Mali"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_YEARS_EXPERIENCE)],
    )
    available_short_missions = models.BooleanField(_("short missions in Mali"), default=False)
    available_long_missions = models.BooleanField(_("missions of 3 to 18 months"), default=False)
    available_remote = models.BooleanField(_("remote advice"), default=False)
    available_mentoring = models.BooleanField(_("mentoring"), default=False)
    available_training = models.BooleanField(_("training sessions"), default=False)
    days_per_year = models.PositiveSmallIntegerField(
        _("days available per year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_DAYS_PER_YEAR)],
    )
    interest_investment = models.BooleanField(_("investment"), default=False)
    interest_codevelopment = models.BooleanField(_("co-development projects"), default=False)
    interest_knowledge_transfer = models.BooleanField(_("knowledge transfer"), default=False)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_path, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV uploaded"), null=True, blank=True)
    news_opt_in = models.BooleanField(_("receives the centre's news"), default=False)
    news_opt_in_at = models.DateTimeField(_("news consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # Set when the email is confirmed. Kept here (not only on the account) so that matching and
    # counts filter on the member table alone instead of joining every account.
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(
        pgettext_lazy("diaspora date", "updated"), default=timezone.now
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("diaspora member")
        verbose_name_plural = _("diaspora members")
        # One index per directory filter, each ending with the list's sort order.
        indexes = [
            models.Index(fields=["sector", "-updated_at", "-id"], name="dm_sector_upd"),
            models.Index(fields=["country", "-updated_at", "-id"], name="dm_country_upd"),
            models.Index(fields=["-updated_at", "-id"], name="dm_upd"),
            models.Index(fields=["country", "sector"], name="dm_country_sector"),
        ]

    def __str__(self):
        return f"#{self.pk}"

    # Django's get_FOO_display() translates every label of the choices on each call (39
    # countries); a list page of 25 rows spent most of its time there. One dict lookup instead.
    @property
    def country_name(self) -> str:
        return str(COUNTRY_NAMES.get(self.country, "")) if self.country else ""

    @property
    def sector_name(self) -> str:
        return str(Sector(self.sector).label) if self.sector else ""

    @property
    def availabilities(self) -> list[Availability]:
        return [kind for kind, field in AVAILABILITY_FIELDS.items() if getattr(self, field)]


class MemberSkill(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, default=SkillLevel.GOOD
    )

    class Meta:
        ordering = ["-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "skill"], name="dm_skill_once"),
        ]
        indexes = [models.Index(fields=["skill", "member"], name="dm_skill_member")]
        verbose_name = _("member's skill")
        verbose_name_plural = _("members' skills")

    def __str__(self):
        return f"{self.skill} ({self.get_level_display()})"


class MemberLanguage(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=SpokenLanguage.choices)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["member", "language"], name="dm_language_once"),
        ]
        indexes = [models.Index(fields=["language", "member"], name="dm_language_member")]
        verbose_name = _("member's language")
        verbose_name_plural = _("members' languages")

    def __str__(self):
        return self.get_language_display()


class AssociationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association of Malians abroad")
    COUNCIL = "council", _("Council of Malians abroad")


class Association(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AssociationKind.choices,
        default=AssociationKind.ASSOCIATION,
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region_of_origin = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village_of_origin = models.CharField(
        _("village or commune of origin"), max_length=100, blank=True
    )
    contact_name = models.CharField(
        pgettext_lazy("diaspora", "contact person"), max_length=150, blank=True
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    members = models.ManyToManyField(
        Member, through="Membership", related_name="associations", blank=True
    )
    # Raised by every edit through the services: a form posted from a stale copy is refused
    # instead of silently overwriting what a colleague saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self):
        return self.name

    @property
    def country_name(self) -> str:
        return str(COUNTRY_NAMES.get(self.country, "")) if self.country else ""


class Membership(models.Model):
    """A member's tie to an association. Declared by the member, confirmed by staff: only a
    confirmed member may post progress on the association's projects."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships"
    )
    confirmed = models.BooleanField(_("confirmed by the centre"), default=False)
    created_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "association"], name="dm_membership_once"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.association} #{self.member_id}"


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    FUNDRAISING = "fundraising", _("Raising funds")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class Project(models.Model):
    """A co-development project an association carries in its commune of origin."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    title = models.CharField(pgettext_lazy("diaspora", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    commune = models.CharField(_("commune"), max_length=100)
    region = models.ForeignKey(
        "cigem.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    budget = models.DecimalField(
        _("budget (FCFA)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    amount_raised = models.DecimalField(
        _("amount raised (FCFA)"),
        max_digits=14,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    updated_at = models.DateTimeField(
        pgettext_lazy("diaspora date", "updated"), default=timezone.now
    )
    # Raised by every edit through the services: a form posted from a stale copy is refused
    # instead of silently overwriting what a colleague saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("co-development project")
        verbose_name_plural = _("co-development projects")

    def __str__(self):
        return self.title

    @property
    def percent_raised(self) -> int:
        if not self.budget:
            return 0
        return min(100, int(self.amount_raised * 100 / self.budget))


class ProjectUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.project} {self.date}"


class NeedStatus(models.TextChoices):
    # Sent by an institution through the public form: staff review it before anyone is matched.
    PROPOSED = "proposed", pgettext_lazy("need status", "Proposed by an institution")
    OPEN = "open", _("Open")
    FILLED = "filled", pgettext_lazy("need status", "Filled")
    CLOSED = "closed", pgettext_lazy("need status", "Closed")
    REJECTED = "rejected", pgettext_lazy("need status", "Rejected")


# The only moves a need may make; services.need_set_status refuses every other one. Open, filled
# and closed follow one another freely (a filled need reopens when the expert withdraws); a
# proposal is accepted (open) or rejected, once, and a rejected proposal stays rejected.
NEED_MOVES = {
    NeedStatus.PROPOSED: {NeedStatus.OPEN, NeedStatus.REJECTED},
    NeedStatus.OPEN: {NeedStatus.FILLED, NeedStatus.CLOSED},
    NeedStatus.FILLED: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.CLOSED: {NeedStatus.OPEN, NeedStatus.FILLED},
    NeedStatus.REJECTED: set(),
}

# Statuses in which a need is matched with members and may have missions.
NEED_MATCHABLE = {NeedStatus.OPEN, NeedStatus.FILLED, NeedStatus.CLOSED}


class NeedOrigin(models.TextChoices):
    STAFF = "staff", _("Posted by the centre")
    INSTITUTION = "institution", _("Proposed by the institution")


class Need(models.Model):
    """Expertise a Malian institution asks for, posted by the centre's staff or proposed by the
    institution itself through the public form (then reviewed by staff)."""

    title = models.CharField(pgettext_lazy("diaspora", "title"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="+", blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    kind = models.CharField(_("kind of mission"), max_length=20, choices=Availability.choices)
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    region = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("place"), max_length=150, blank=True)
    remote_possible = models.BooleanField(_("can be done remotely"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    origin = models.CharField(
        _("origin"), max_length=12, choices=NeedOrigin.choices, default=NeedOrigin.STAFF
    )
    # The institution's contact, given on the public form; it receives the centre's answer.
    contact_name = models.CharField(
        pgettext_lazy("diaspora", "contact person"), max_length=150, blank=True
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # The language the form was filled in: the answer is written in it.
    contact_language = models.CharField(_("contact language"), max_length=8, blank=True)
    review_reason = models.TextField(_("reason given to the institution"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Raised by every edit through the services: a form posted from a stale copy is refused
    # instead of silently overwriting what a colleague saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list's status filter and the count of proposals waiting for review.
        indexes = [models.Index(fields=["status", "-created_at", "-id"], name="dn_status_created")]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return self.title


class MissionStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", pgettext_lazy("mission status", "Done")


# The only moves a mission may make; services.mission_move refuses every other one.
MISSION_MOVES = {
    MissionStatus.SHORTLISTED: {MissionStatus.PROPOSED},
    MissionStatus.PROPOSED: {MissionStatus.ACCEPTED, MissionStatus.DECLINED},
    MissionStatus.ACCEPTED: {MissionStatus.UNDER_WAY},
    MissionStatus.UNDER_WAY: {MissionStatus.DONE},
    MissionStatus.DECLINED: set(),
    MissionStatus.DONE: set(),
}


class Mission(models.Model):
    """One member considered for one need, from the shortlist to the outcome."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="missions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="missions")
    status = models.CharField(
        _("status"), max_length=12, choices=MissionStatus.choices, default=MissionStatus.SHORTLISTED
    )
    score = models.PositiveSmallIntegerField(_("fit score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    message = models.TextField(_("message to the member"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("shortlisted"), default=timezone.now)
    updated_at = models.DateTimeField(
        pgettext_lazy("diaspora date", "updated"), default=timezone.now
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "member"], name="dm_mission_once"),
        ]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self):
        return f"{self.need} #{self.pk}"
