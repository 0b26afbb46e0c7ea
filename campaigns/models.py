"""Models of the campaigns app: subscribers, consent, campaigns and deliveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cigem.models import Region

# Languages a message can be written in; French is the one every campaign must have.
MESSAGE_LANGUAGES = [("fr", _("French")), ("en", _("English")), ("bm", _("Bambara"))]


class Interest(models.TextChoices):
    LEGAL_MIGRATION = "legal_migration", _("Legal ways to migrate")
    SEASONAL_WORK = "seasonal_work", _("Seasonal and circular work")
    IRREGULAR_RISKS = "irregular_risks", _("Risks of irregular migration")
    RETURN = "return", _("Return and reintegration")
    DIASPORA = "diaspora", _("Diaspora and investment")
    TRAINING = "training", _("Training and jobs in Mali")


class SubscriberSource(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form")
    COUNSELLOR = "counsellor", _("Counsellor at intake")
    DIASPORA = "diaspora", _("Diaspora profile")
    IMPORT = "import", _("Import")


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    ACTIVE = "active", _("Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscriber(models.Model):
    """A person who agreed to receive the centre's messages, by SMS and/or email."""

    phone = models.CharField(_("phone (E.164)"), max_length=16, null=True, blank=True)
    email = models.EmailField(_("email address"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=MESSAGE_LANGUAGES)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Stored as ",a,b," so an audience filter is a portable LIKE '%,a,%' on PostgreSQL and SQLite.
    interests = models.CharField(_("interests"), max_length=200, blank=True, default="")
    source = models.CharField(_("source"), max_length=12, choices=SubscriberSource.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # When the double opt-in link went out. Empty while it waits: if the broker was down when
    # the person signed up, the sweep queues the link again.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=Q(phone__isnull=False), name="subscriber_phone_unique"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=Q(email__isnull=False), name="subscriber_email_unique"
            ),
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False),
                name="subscriber_has_address",
            ),
        ]
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def interest_list(self) -> list[str]:
        return [i for i in self.interests.split(",") if i]

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:6]}…{self.phone[-2:]}" if self.phone else ""


class ConsentKind(models.TextChoices):
    SUBSCRIBED = "subscribed", _("Subscribed")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class ConsentMethod(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form")
    COUNSELLOR = "counsellor", _("Counsellor at intake")
    DIASPORA = "diaspora", _("Diaspora profile")
    IMPORT = "import", _("Import")
    EMAIL_LINK = "email_link", _("Link in a message")
    SMS_KEYWORD = "sms_keyword", _("SMS keyword")
    STAFF = "staff", _("Staff")


class ConsentEvent(models.Model):
    """One change of consent: when, how, by whom, and which version of the consent text."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("change"), max_length=12, choices=ConsentKind.choices)
    method = models.CharField(_("how"), max_length=12, choices=ConsentMethod.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subscriber", "-created_at"])]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class CampaignChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    BOTH = "both", _("SMS and email")


class CampaignStatus(models.TextChoices):
    # With a context: "campagne" is feminine in French, other apps' statuses are not.
    DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("campaign status", "Scheduled")
    SENDING = "sending", pgettext_lazy("campaign status", "Sending")
    PAUSED = "paused", pgettext_lazy("campaign status", "Paused")
    COMPLETED = "completed", pgettext_lazy("campaign status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("campaign status", "Cancelled")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    channel = models.CharField(
        _("channel"), max_length=5, choices=CampaignChannel.choices, default=CampaignChannel.SMS
    )
    # {"regions": [codes], "languages": [...], "interests": [...], "sources": [...]}; empty = all.
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("campaign", "created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # Hash of texts + audience, for the "same text to the same audience within a day" guard.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self):
        return self.name

    @property
    def uses_sms(self) -> bool:
        return self.channel in (CampaignChannel.SMS, CampaignChannel.BOTH)

    @property
    def uses_email(self) -> bool:
        return self.channel in (CampaignChannel.EMAIL, CampaignChannel.BOTH)


class CampaignMessage(models.Model):
    """The text of a campaign in one language; subscribers get their language, else French."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    language = models.CharField(_("language"), max_length=2, choices=MESSAGE_LANGUAGES)
    sms_text = models.TextField(_("SMS text"), blank=True)
    email_subject = models.CharField(_("email subject"), max_length=150, blank=True)
    email_body = models.TextField(_("email text"), blank=True)

    class Meta:
        verbose_name = _("campaign message")
        verbose_name_plural = _("campaign messages")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="message_per_language")
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.language}"


class CampaignLink(models.Model):
    """A short link (/l/<code>) to a legal pathway or guide, counted when opened."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    code = models.CharField(_("code"), max_length=12, unique=True)
    target = models.URLField(_("target"), max_length=500)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return self.code


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (opted out)")
    EXPIRED = "expired", _("Expired")


# Statuses a delivery may move to from each status. Receipts and batches only move forward;
# the two backward moves are a retry (sending → pending) and a resend of a failure.
DELIVERY_MOVES = {
    DeliveryStatus.PENDING: {
        DeliveryStatus.SENDING,
        DeliveryStatus.SKIPPED,
        DeliveryStatus.EXPIRED,
    },
    DeliveryStatus.SENDING: {
        DeliveryStatus.PENDING,
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.SKIPPED,
    },
    DeliveryStatus.SENT: {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED},
    DeliveryStatus.FAILED: {DeliveryStatus.PENDING},
    DeliveryStatus.DELIVERED: set(),
    DeliveryStatus.SKIPPED: set(),
    DeliveryStatus.EXPIRED: set(),
}


class Delivery(models.Model):
    """One message to one subscriber on one channel: created at launch, before any send."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=MESSAGE_LANGUAGES)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # A claim: the batch that holds the row, and until when; expired leases are swept back.
    claim = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    segments = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "id"]),
            models.Index(
                fields=["lease_until"],
                condition=Q(status="sending"),
                name="delivery_sending_lease",
            ),
            models.Index(
                fields=["subscriber"], condition=Q(status="pending"), name="delivery_pending_sub"
            ),
            models.Index(
                fields=["provider_id"], condition=~Q(provider_id=""), name="delivery_provider_id"
            ),
        ]

    def __str__(self):
        return f"{self.idempotency_key} {self.status}"

    @property
    def idempotency_key(self) -> str:
        return f"cigem-d{self.pk}"
