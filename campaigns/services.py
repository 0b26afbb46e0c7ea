"""Writes of the campaigns app: subscribing, consent, and moving campaigns through their states."""

import hashlib
import json
import unicodedata
from datetime import datetime, time, timedelta

import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction
from accounts.roles import MANAGER
from accounts.services import audit_record
from campaigns.models import (
    MESSAGE_LANGUAGES,
    Campaign,
    CampaignMessage,
    CampaignStatus,
    ConsentEvent,
    ConsentKind,
    ConsentMethod,
    Delivery,
    DeliveryStatus,
    Interest,
    Subscriber,
    SubscriberSource,
    SubscriberStatus,
)
from campaigns.selectors import audience_count
from cigem.models import Region
from cigem.reference import REGIONS
from cigem.services import region_sync

LANGUAGE_CODES = {code for code, _label in MESSAGE_LANGUAGES}
CONFIRM_SALT = "campaigns.confirm"
UNSUBSCRIBE_SALT = "campaigns.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class CampaignError(Exception):
    """A refused campaign action; the message is translated and shown as is."""


class DuplicateCampaign(CampaignError):
    pass


# --- Subscribers and consent ------------------------------------------------------------------


def normalise_phone(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError({"phone": _("Enter a valid phone number.")}) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({"phone": _("Enter a valid phone number.")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str | None) -> str | None:
    raw = (raw or "").strip().lower()
    if not raw:
        return None
    from django.core.validators import validate_email

    try:
        validate_email(raw)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    return raw


def _find_subscriber(phone: str | None, email: str | None) -> Subscriber | None:
    qs = Subscriber.objects.select_for_update()
    if phone:
        found = qs.filter(phone=phone).first()
        if found:
            return found
    if email:
        return qs.filter(email=email).first()
    return None


def subscribe(
    *,
    phone: str | None,
    email: str | None,
    language: str,
    region_code: str | None,
    interests: list[str],
    source: str,
    consent_text_version: str,
    actor=None,
) -> Subscriber:
    """Subscribe a person who consented; the same phone or email twice is one subscriber.

    Sign-ups from the public form wait for confirmation (a link by email, or by SMS when there
    is no email); a counsellor, a diaspora profile or an import records consent given elsewhere.
    Every call writes a consent event.
    """
    phone = normalise_phone(phone)
    email = normalise_email(email)
    if not phone and not email:
        raise ValidationError(_("Give a phone number or an email address."))
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Unknown language.")})
    if source not in SubscriberSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    unknown = set(interests) - set(Interest.values)
    if unknown:
        raise ValidationError({"interests": _("Unknown interests.")})
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None and region_code in {code for code, _n, _d in REGIONS}:
            # Reference data missing from the table (a fresh or flushed database): restore it.
            region_sync()
            region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise ValidationError({"region": _("Unknown region.")})
    # Two requests for a new person may race: the unique constraints let one win, and the
    # other finds the winner's row on its second pass.
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _subscribe_once(
                    phone, email, language, region, interests, source, consent_text_version, actor
                )
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _subscribe_once(phone, email, language, region, interests, source, version, actor):
    now = timezone.now()
    public = source == SubscriberSource.PUBLIC_FORM
    subscriber = _find_subscriber(phone, email)
    created = subscriber is None
    if created:
        subscriber = Subscriber(source=source)
    # A stranger on the public form must not change an active subscriber's preferences.
    may_edit = created or not public or subscriber.status != SubscriberStatus.ACTIVE
    if may_edit:
        subscriber.language = language
        if region is not None:
            subscriber.region = region
        merged = sorted(set(subscriber.interest_list) | set(interests))
        subscriber.interests = f",{','.join(merged)}," if merged else ""
    if phone and not subscriber.phone:
        subscriber.phone = phone
    if email and not subscriber.email and not Subscriber.objects.filter(email=email).exists():
        subscriber.email = email
    if subscriber.status != SubscriberStatus.ACTIVE or created:
        subscriber.status = SubscriberStatus.PENDING if public else SubscriberStatus.ACTIVE
        if subscriber.status == SubscriberStatus.ACTIVE:
            subscriber.confirmed_at = now
    if subscriber.status == SubscriberStatus.PENDING:
        subscriber.confirmation_sent_at = None  # a new link is due
    subscriber.save()
    ConsentEvent.objects.create(
        subscriber=subscriber,
        kind=ConsentKind.SUBSCRIBED,
        method=source,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        text_version=version,
        created_at=now,
    )
    if subscriber.status == SubscriberStatus.PENDING:
        from campaigns import tasks
        from cigem.queue import send_task_on_commit

        send_task_on_commit(tasks.send_confirmation, subscriber.pk)
    return subscriber


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def subscriber_from_token(token: str, *, purpose: str) -> Subscriber | None:
    salt, max_age = (
        (CONFIRM_SALT, CONFIRM_MAX_AGE) if purpose == "confirm" else (UNSUBSCRIBE_SALT, None)
    )
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=pk).first()


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    """Double opt-in: the person opened the link we sent. Safe to open twice."""
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.PENDING).update(
        status=SubscriberStatus.ACTIVE, confirmed_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        ConsentEvent.objects.create(
            subscriber=subscriber, kind=ConsentKind.CONFIRMED, method=ConsentMethod.EMAIL_LINK
        )
    subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber: Subscriber, method: str, actor=None, detail: str = "", request=None
) -> int:
    """Opt out now: the messages not yet sent to this person are skipped at once.

    Returns how many pending deliveries were skipped. Rows a batch already holds are checked
    again just before they are sent.
    """
    now = timezone.now()
    changed = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=SubscriberStatus.UNSUBSCRIBED)
        .update(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=now, updated_at=now)
    )
    skipped = Delivery.objects.filter(subscriber=subscriber, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SKIPPED, failure_reason="opted out", updated_at=now
    )
    if changed:
        ConsentEvent.objects.create(
            subscriber=subscriber,
            kind=ConsentKind.UNSUBSCRIBED,
            method=method,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            detail=detail[:120],
            created_at=now,
        )
        if actor is not None:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=subscriber,
                summary="Unsubscribed by staff",
                request=request,
            )
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    return skipped


def _bare_word(text: str) -> str:
    word = (text or "").strip().split()[0] if (text or "").strip() else ""
    decomposed = unicodedata.normalize("NFKD", word.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".!")


def inbound_sms_receive(*, sender: str, text: str) -> bool:
    """An SMS from a person: a stop word unsubscribes that number. True when it did."""
    word = _bare_word(text)
    stop_words = {_bare_word(w) for w in settings.CAMPAIGNS_STOP_WORDS}
    if word not in stop_words:
        return False
    try:
        phone = normalise_phone(sender.removeprefix("tel:"))
    except ValidationError:
        return False
    subscriber = Subscriber.objects.filter(phone=phone).first()
    if subscriber is None:
        return False
    subscriber_unsubscribe(
        subscriber=subscriber, method=ConsentMethod.SMS_KEYWORD, detail=f"keyword {word}"
    )
    return True


# --- Campaigns --------------------------------------------------------------------------------

# The one table of campaign moves; campaign_transition refuses any other.
CAMPAIGN_MOVES = {
    CampaignStatus.DRAFT: {
        CampaignStatus.SCHEDULED,
        CampaignStatus.SENDING,
        CampaignStatus.CANCELLED,
    },
    CampaignStatus.SCHEDULED: {
        CampaignStatus.DRAFT,
        CampaignStatus.SENDING,
        CampaignStatus.CANCELLED,
    },
    CampaignStatus.SENDING: {
        CampaignStatus.PAUSED,
        CampaignStatus.COMPLETED,
        CampaignStatus.CANCELLED,
    },
    CampaignStatus.PAUSED: {CampaignStatus.SENDING, CampaignStatus.CANCELLED},
    # A resend of failed messages reopens a completed campaign.
    CampaignStatus.COMPLETED: {CampaignStatus.SENDING},
    CampaignStatus.CANCELLED: set(),
}


def campaign_transition(*, campaign: Campaign, to: str, **fields) -> Campaign:
    """Move a campaign with a conditional UPDATE, so two people (or workers) never both move it."""
    current = campaign.status
    if to not in CAMPAIGN_MOVES[CampaignStatus(current)]:
        raise CampaignError(
            _("A campaign cannot go from “%(current)s” to “%(target)s”.")
            % {
                "current": CampaignStatus(current).label,
                "target": CampaignStatus(to).label,
            }
        )
    now = timezone.now()
    moved = Campaign.objects.filter(pk=campaign.pk, status=current).update(
        status=to, updated_at=now, **fields
    )
    if not moved:
        raise CampaignError(_("Someone else changed this campaign meanwhile; reload the page."))
    campaign.status = to
    for name, value in fields.items():
        setattr(campaign, name, value)
    return campaign


def _parse_time(value: str | None) -> time | None:
    return datetime.strptime(value, "%H:%M").time() if value else None


def default_quiet_hours() -> tuple[time | None, time | None]:
    return _parse_time(settings.CAMPAIGNS_QUIET_START), _parse_time(settings.CAMPAIGNS_QUIET_END)


def campaign_fingerprint(campaign: Campaign) -> str:
    texts = sorted(
        (m.language, m.sms_text.strip(), m.email_subject.strip(), m.email_body.strip())
        for m in campaign.messages.all()
    )
    audience = {k: sorted(v) for k, v in (campaign.audience or {}).items() if v}
    blob = json.dumps([campaign.channel, audience, texts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


@transaction.atomic
def campaign_save(
    *,
    actor,
    campaign: Campaign | None = None,
    name: str,
    topic: str = "",
    channel: str,
    audience: dict,
    messages: dict[str, dict],
    send_at: datetime | None = None,
    quiet_start: time | None = None,
    quiet_end: time | None = None,
    request=None,
) -> Campaign:
    """Create a campaign, or change a draft. `messages` maps a language to its texts."""
    if campaign is not None and campaign.status != CampaignStatus.DRAFT:
        raise CampaignError(_("Only a draft can be changed."))
    french = messages.get("fr") or {}
    if not any(v.strip() for v in french.values()):
        raise ValidationError({"fr": _("The French message is required.")})
    created = campaign is None
    if created:
        campaign = Campaign(created_by=actor)
    campaign.name = name
    campaign.topic = topic
    campaign.channel = channel
    campaign.audience = {k: list(v) for k, v in audience.items() if v}
    campaign.send_at = send_at
    campaign.quiet_start = quiet_start
    campaign.quiet_end = quiet_end
    # A change after approval needs a new approval: the approver saw other texts.
    campaign.approved_by = None
    campaign.approved_at = None
    campaign.save()
    for language, texts in messages.items():
        if not any(
            (texts.get(k) or "").strip() for k in ("sms_text", "email_subject", "email_body")
        ):
            CampaignMessage.objects.filter(campaign=campaign, language=language).delete()
            continue
        CampaignMessage.objects.update_or_create(
            campaign=campaign,
            language=language,
            defaults={
                "sms_text": (texts.get("sms_text") or "").strip(),
                "email_subject": (texts.get("email_subject") or "").strip(),
                "email_body": (texts.get("email_body") or "").strip(),
            },
        )
    campaign.fingerprint = campaign_fingerprint(campaign)
    campaign.save(update_fields=["fingerprint"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=campaign,
        summary="Campaign saved",
        request=request,
    )
    return campaign


def campaign_needs_approval(campaign: Campaign, count: int | None = None) -> bool:
    if count is None:
        count = audience_count(campaign.audience, campaign.channel)
    return count > settings.CAMPAIGNS_APPROVAL_THRESHOLD and campaign.approved_by_id is None


@transaction.atomic
def campaign_approve(*, campaign: Campaign, actor, request=None) -> Campaign:
    """A manager who did not write the campaign approves it (two people for large audiences)."""
    if not actor.has_role(MANAGER):
        raise CampaignError(_("Only a manager can approve a campaign."))
    if campaign.created_by_id == actor.pk:
        raise CampaignError(_("Another manager must approve a campaign you wrote."))
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignError(_("Only a draft can be approved."))
    Campaign.objects.filter(pk=campaign.pk).update(approved_by=actor, approved_at=timezone.now())
    campaign.approved_by = actor
    audit_record(
        actor=actor,
        action=AuditAction.APPROVE,
        target=campaign,
        summary="Approved",
        request=request,
    )
    return campaign


def duplicate_of(campaign: Campaign) -> Campaign | None:
    since = timezone.now() - timedelta(days=1)
    return (
        Campaign.objects.filter(fingerprint=campaign.fingerprint, launched_at__gte=since)
        .exclude(pk=campaign.pk)
        .exclude(status=CampaignStatus.CANCELLED)
        .first()
    )


@transaction.atomic
def campaign_launch(
    *, campaign: Campaign, actor, confirm_duplicate: bool = False, request=None
) -> Campaign:
    """Send now, or schedule for `send_at`. The audience is read when sending starts."""
    from campaigns import sending

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignError(_("Only a draft can be launched."))
    if not campaign.messages.filter(language="fr").exists():
        raise CampaignError(_("The French message is required."))
    if campaign_needs_approval(campaign):
        raise CampaignError(
            _("More than %(n)s recipients: a manager must approve this campaign first.")
            % {"n": settings.CAMPAIGNS_APPROVAL_THRESHOLD}
        )
    if not confirm_duplicate and duplicate_of(campaign):
        raise DuplicateCampaign(
            _(
                "The same text went to the same audience less than a day ago. "
                "Confirm to send it again."
            )
        )
    now = timezone.now()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Launched", request=request
    )
    if campaign.send_at and campaign.send_at > now:
        return campaign_transition(campaign=campaign, to=CampaignStatus.SCHEDULED, launched_at=now)
    campaign_transition(campaign=campaign, to=CampaignStatus.SENDING, launched_at=now)
    sending.fan_out(campaign)
    return campaign


@transaction.atomic
def campaign_pause(*, campaign: Campaign, actor, request=None) -> Campaign:
    campaign_transition(campaign=campaign, to=CampaignStatus.PAUSED)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Paused")
    return campaign


@transaction.atomic
def campaign_resume(*, campaign: Campaign, actor, request=None) -> Campaign:
    from campaigns import sending

    campaign_transition(campaign=campaign, to=CampaignStatus.SENDING)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Resumed")
    sending.kick(campaign.pk)
    return campaign


@transaction.atomic
def campaign_cancel(*, campaign: Campaign, actor, request=None) -> Campaign:
    """Stop for good: messages not yet sent expire; those already sent stay as they are."""
    campaign_transition(campaign=campaign, to=CampaignStatus.CANCELLED)
    Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.EXPIRED,
        failure_reason="campaign cancelled",
        updated_at=timezone.now(),
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Cancelled")
    return campaign


@transaction.atomic
def campaign_resend_failed(*, campaign: Campaign, actor, request=None) -> int:
    """Give failed messages another round, reusing their rows (and idempotency keys)."""
    from campaigns import sending

    if campaign.status not in (CampaignStatus.COMPLETED, CampaignStatus.SENDING):
        raise CampaignError(
            _("Failed messages can be resent once the campaign is sending or done.")
        )
    count = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=None,
        failure_reason="",
        updated_at=timezone.now(),
    )
    if count and campaign.status == CampaignStatus.COMPLETED:
        campaign_transition(campaign=campaign, to=CampaignStatus.SENDING, completed_at=None)
    if count:
        sending.kick(campaign.pk)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Resent failed")
    return count


# --- Import -----------------------------------------------------------------------------------


def subscriber_import(*, lines, actor, consent_text_version: str, request=None) -> dict:
    """Subscribe each line of a CSV (header: phone,email,language,region,interests).

    Each line is its own transaction, so one bad line never undoes the good ones. Returns
    {"created_or_updated": n, "refused": [(line number, values, reason), ...]}.
    """
    import csv

    reader = csv.DictReader(lines)
    missing = {"phone", "email", "language"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
        )
    done, refused = 0, []
    for number, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        interests = [i.strip() for i in values.get("interests", "").split("|") if i.strip()]
        try:
            subscribe(
                phone=values.get("phone"),
                email=values.get("email"),
                language=values.get("language") or "fr",
                region_code=values.get("region") or None,
                interests=interests,
                source=SubscriberSource.IMPORT,
                consent_text_version=consent_text_version,
                actor=actor,
            )
            done += 1
        except ValidationError as exc:
            reasons = (
                [str(m) for msgs in exc.message_dict.values() for m in msgs]
                if hasattr(exc, "error_dict")
                else [str(m) for m in exc.messages]
            )
            refused.append((number, values, "; ".join(reasons)))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="campaigns.subscriber",
        summary=f"Import: {done} subscribed, {len(refused)} refused",
        request=request,
    )
    return {"created_or_updated": done, "refused": refused}


@transaction.atomic
def campaign_link_add(*, campaign: Campaign, target: str, actor, request=None):
    """A short link to a legal pathway or guide, to paste into the messages (an SMS is short)."""
    import secrets

    from campaigns.models import CampaignLink

    for _attempt in range(5):
        code = secrets.token_urlsafe(4)[:6]
        if not CampaignLink.objects.filter(code=code).exists():
            break
    link = CampaignLink.objects.create(campaign=campaign, code=code, target=target)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=campaign, summary="Short link added"
    )
    return link
