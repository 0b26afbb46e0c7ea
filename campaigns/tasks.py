"""Celery tasks of the campaigns app (queue `campaigns`): batches, the sweep, confirmations.

Each task takes ids and is safe to run twice: a batch claims rows, the sweep only moves rows
whose lease expired, and a confirmation is idempotent for the person receiving it.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns import sending
from campaigns.models import Subscriber, SubscriberStatus
from campaigns.providers import Outbound, SendError, sms_provider


@shared_task(acks_late=True)
def send_batch(campaign_id: int) -> dict:
    return sending.process_batch(campaign_id)


@shared_task
def sweep() -> dict:
    return sending.sweep()


@shared_task(autoretry_for=(SendError, OSError), retry_backoff=30, max_retries=3, acks_late=True)
def send_confirmation(subscriber_id: int) -> None:
    """Double opt-in: a link by email, or by SMS for a person who gave only a phone.

    The link is claimed before it is sent, so the task queued at sign-up and a copy queued by
    the sweep send it once; a failed send gives the claim back for the retry.
    """
    now = timezone.now()
    claimed = Subscriber.objects.filter(
        pk=subscriber_id, status=SubscriberStatus.PENDING, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=now)
    if not claimed:
        return
    try:
        _send_confirmation(Subscriber.objects.get(pk=subscriber_id))
    except BaseException:
        Subscriber.objects.filter(pk=subscriber_id, confirmation_sent_at=now).update(
            confirmation_sent_at=None
        )
        raise


def _send_confirmation(subscriber: Subscriber) -> None:
    from campaigns.services import confirm_token

    link = settings.SITE_URL + reverse("campaigns:confirm", args=[confirm_token(subscriber)])
    with translation.override(subscriber.language):
        if subscriber.email:
            send_mail(
                _("Confirm your subscription to CIGEM messages"),
                _(
                    "You asked to receive information from the CIGEM (Bamako) on legal "
                    "migration. Open this link to confirm:\n\n%(link)s\n\n"
                    "If you did not ask, ignore this message: you will receive nothing."
                )
                % {"link": link},
                None,
                [subscriber.email],
            )
            return
        text = _("CIGEM: confirm your subscription: %(link)s") % {"link": link}
    provider = sms_provider()
    try:
        provider.send(
            Outbound(
                key=f"cigem-confirm-{subscriber.pk}", channel="sms", to=subscriber.phone, text=text
            )
        )
    finally:
        provider.close()


BEAT_SCHEDULE = {
    "campaigns-sweep": {
        "task": "campaigns.tasks.sweep",
        "schedule": float(settings.CAMPAIGNS_SWEEP_SECONDS),
    },
}
