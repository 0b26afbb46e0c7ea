"""Sending tasks after the transaction commits, without failing a request when the broker is down.

What a task would do is always recorded in the database first (a pending delivery, a queued
export); a periodic sweep re-sends what is still waiting. So when Redis cannot take the message,
the request still succeeds and the work starts once the broker is back.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def send_task(task, *args, **kwargs) -> bool:
    """Queue `task` now; False (and a warning) when the broker is unreachable."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except (OperationalError, ConnectionError, OSError) as exc:
        logger.warning("broker unavailable for %s (%s); left for the sweep", task.name, exc)
        return False
    return True


def send_task_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: send_task(task, *args, **kwargs))
