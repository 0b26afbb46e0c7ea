"""Helpers that build subscribers and campaigns through the real services."""

from campaigns import services
from campaigns.models import Subscriber, SubscriberSource, SubscriberStatus


def make_subscribers(n: int, *, start: int = 0, language: str = "fr", email: bool = False):
    """n active subscribers with valid Malian mobiles (+223 7x xx xx xx), in one INSERT."""
    rows = [
        Subscriber(
            phone=f"+2237{(start + i):07d}",
            email=f"p{start + i}@example.test" if email else None,
            language=language,
            source=SubscriberSource.IMPORT,
            status=SubscriberStatus.ACTIVE,
        )
        for i in range(n)
    ]
    return Subscriber.objects.bulk_create(rows)


def make_campaign(
    actor, *, channel="sms", text="Info CIGEM: les voies legales.", audience=None, **texts
):
    messages = {"fr": {"sms_text": text, "email_subject": "Info", "email_body": text}}
    messages.update(texts.get("messages", {}))
    return services.campaign_save(
        actor=actor,
        name="Campagne test",
        channel=channel,
        audience=audience or {},
        messages=messages,
    )
