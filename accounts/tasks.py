"""Background tasks of accounts: expired sessions are removed every night."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="accounts.tasks.sessions_clear_expired_task")
def sessions_clear_expired_task() -> int:
    """Delete the session rows past their expiry; returns how many there were."""
    from django.utils import timezone

    from accounts.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


BEAT_SCHEDULE = {
    # A session row is never read after its expiry (the read checks it), but stays until removed.
    "accounts-sessions-clear-expired": {
        "task": "accounts.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=7),
    },
}
