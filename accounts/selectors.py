"""Reads of the accounts app used by views and the API."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import AuditEvent
from cigem.pagination import OrderedRows


def audit_event_list(
    *,
    actor_email: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if actor_email:
        qs = qs.filter(actor__email__iexact=actor_email.strip())
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs


def audit_event_rows(**filters) -> OrderedRows:
    """The audit trail page's rows, newest first by (time, id): a page is read from the
    position in its link, so a page far back costs what the second page costs."""
    return OrderedRows(audit_event_list(**filters), ("-created_at", "-id"))


def object_access_log(*, object_type: str, object_id) -> QuerySet[AuditEvent]:
    return audit_event_list(object_type=object_type, object_id=str(object_id))
