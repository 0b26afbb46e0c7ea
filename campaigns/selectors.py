"""Reads of the campaigns app: audiences, lists and the counts a progress page shows."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignChannel,
    Delivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)


def audience_subscribers(audience: dict, channel: str) -> QuerySet[Subscriber]:
    """Active subscribers matching an audience; empty criteria mean everyone."""
    qs = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE)
    if audience.get("regions"):
        qs = qs.filter(region__code__in=audience["regions"])
    if audience.get("languages"):
        qs = qs.filter(language__in=audience["languages"])
    if audience.get("sources"):
        qs = qs.filter(source__in=audience["sources"])
    if audience.get("interests"):
        any_interest = Q()
        for interest in audience["interests"]:
            any_interest |= Q(interests__contains=f",{interest},")
        qs = qs.filter(any_interest)
    if channel == CampaignChannel.SMS:
        qs = qs.filter(phone__isnull=False)
    elif channel == CampaignChannel.EMAIL:
        qs = qs.filter(email__isnull=False)
    return qs


def audience_count(audience: dict, channel: str) -> int:
    return audience_subscribers(audience, channel).count()


def campaign_list(*, status: str = "", search: str = "") -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("created_by", "approved_by").order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(topic__icontains=search))
    return qs


def subscriber_list(*, search: str = "", status: str = "") -> QuerySet[Subscriber]:
    qs = Subscriber.objects.select_related("region").order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    search = search.strip()
    if search:
        if "@" in search:
            qs = qs.filter(email__iexact=search)
        else:
            digits = "".join(c for c in search if c.isdigit())
            qs = qs.filter(phone__endswith=digits) if digits else qs.none()
    return qs


def delivery_counts(campaign: Campaign) -> dict[str, int]:
    """{status: count} for every status, zeros included (one GROUP BY on an index)."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    rows = (
        Delivery.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for status, n in rows:
        counts[status] = n
    return counts


def campaign_progress(campaign: Campaign) -> dict:
    counts = delivery_counts(campaign)
    total = sum(counts.values())
    done = total - counts["pending"] - counts["sending"]
    since = timezone.now() - timedelta(minutes=1)
    # Rate over the last minute, from rows sent then (index on campaign, status, id).
    recent = Delivery.objects.filter(
        campaign=campaign, status__in=["sent", "delivered"], sent_at__gte=since
    ).count()
    rate = recent / 60
    left = counts["pending"] + counts["sending"]
    return {
        "counts": counts,
        "total": total,
        "done": done,
        "percent": int(done * 100 / total) if total else 0,
        "rate_per_minute": recent,
        "seconds_left": int(left / rate) if rate and left else None,
    }


def failure_reasons(campaign: Campaign) -> list[tuple[str, int]]:
    return list(
        Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.FAILED)
        .values_list("failure_reason")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
