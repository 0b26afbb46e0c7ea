"""Periodic work of the legal app: tell content editors what is past its review date."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import CONTENT_EDITOR
from legal.models import CONTENT_MODELS

# Notify at most once a week per item, whatever the beat frequency.
RENOTIFY_DAYS = 7

BEAT_SCHEDULE = {
    "legal-notify-stale-content": {
        "task": "legal.tasks.notify_stale_content",
        "schedule": crontab(hour=7, minute=30),  # every morning, Bamako time
    },
}


@shared_task
def notify_stale_content() -> int:
    """Email content editors the items whose review date passed; returns how many were listed.

    Safe to run twice: each item is claimed with a conditional UPDATE on `stale_notified_on`,
    so a second run the same week finds nothing new and sends nothing.
    """
    today = timezone.localdate()
    cutoff = today - timezone.timedelta(days=RENOTIFY_DAYS)
    lines = []
    for model in CONTENT_MODELS.values():
        due = model.objects.filter(is_published=True).filter(
            Q(review_due_on__lt=today) | Q(review_due_on__isnull=True)
        )
        due = due.filter(Q(stale_notified_on__isnull=True) | Q(stale_notified_on__lt=cutoff))
        for item in due.order_by("review_due_on")[:500]:
            claimed = (
                model.objects.filter(pk=item.pk)
                .filter(Q(stale_notified_on__isnull=True) | Q(stale_notified_on__lt=cutoff))
                .update(stale_notified_on=today)
            )
            if claimed:
                lines.append(f"- {item} ({item.review_due_on or '—'}): {item.get_absolute_url()}")
    if not lines:
        return 0
    editors = get_user_model().objects.filter(groups__name=CONTENT_EDITOR, is_active=True)
    recipients = sorted({u.email for u in editors})
    if recipients:
        with translation.override("fr"):
            subject = _("Legal information: %(n)s item(s) to review") % {"n": len(lines)}
            body = "\n".join(
                [
                    _("These items are past their review date. Check their facts and sources:"),
                    "",
                    *lines,
                    "",
                    _("Editorial desk: %(url)s") % {"url": reverse("legal:editor")},
                ]
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(lines)
