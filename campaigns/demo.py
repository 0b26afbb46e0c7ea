"""Demo and synthetic data of the campaigns app: subscribers and a draft campaign."""

import random

from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignMessage,
    Interest,
    Subscriber,
    SubscriberSource,
    SubscriberStatus,
)
from cigem.models import Region
from cigem.synthetic import bulk_load, malian_mobile

DEMO_TEXT = (
    "CIGEM: le travail saisonnier en Espagne passe par des offres officielles et gratuites. "
    "Personne ne doit vous demander d'argent. Infos au CIGEM, Bamako."
)


def seed(out) -> None:
    rng = random.Random(6)
    regions = list(Region.objects.values_list("id", flat=True))
    for i in range(12):
        Subscriber.objects.get_or_create(
            phone=f"+2237600{i:04d}",
            defaults={
                "language": rng.choice(["fr", "fr", "bm", "en"]),
                "region_id": rng.choice(regions) if regions else None,
                "interests": f",{rng.choice(Interest.values)},",
                "source": SubscriberSource.COUNSELLOR,
                "status": SubscriberStatus.ACTIVE,
                "confirmed_at": timezone.now(),
            },
        )
    campaign, created = Campaign.objects.get_or_create(
        name="Saison agricole 2027 (démo)",
        defaults={"topic": "Travail saisonnier", "channel": "sms"},
    )
    if created:
        CampaignMessage.objects.create(campaign=campaign, language="fr", sms_text=DEMO_TEXT)
    out.write(f"Subscribers: {Subscriber.objects.count()}, campaigns: {Campaign.objects.count()}")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--campaign-subscribers", type=int, default=0, help="campaigns: active subscribers to add"
    )


def subscriber_rows(n: int, seed: int, start: int = 0):
    """Rows for bulk_load, in the column order of SUBSCRIBER_COLUMNS; phones are unique."""
    # Read before streaming: no query may run while COPY reads the rows.
    regions = list(Region.objects.values_list("id", flat=True))
    return _rows(n, random.Random(seed), start, regions)


def _rows(n, rng, start, regions):
    now = timezone.now()
    interests = Interest.values
    for i in range(start, start + n):
        phone = f"+2237{i:07d}" if i < 10_000_000 else malian_mobile(rng)
        yield (
            phone,
            None,
            rng.choice(["fr", "fr", "fr", "bm", "en"]),
            rng.choice(regions) if regions else None,
            f",{rng.choice(interests)},",
            SubscriberSource.IMPORT,
            SubscriberStatus.ACTIVE,
            now,
            now,
            now,
        )


SUBSCRIBER_COLUMNS = [
    "phone",
    "email",
    "language",
    "region_id",
    "interests",
    "source",
    "status",
    "created_at",
    "updated_at",
    "confirmed_at",
]


def generate(options, out) -> None:
    n = options.get("campaign_subscribers") or 0
    if not n:
        return
    start = Subscriber.objects.count()
    bulk_load(Subscriber, SUBSCRIBER_COLUMNS, subscriber_rows(n, options.get("seed", 2026), start))
    out.write(f"Subscribers: {Subscriber.objects.count()}")
