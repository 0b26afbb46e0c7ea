"""Project-wide tasks: a probe that proves a worker reaches the database."""

import socket

from celery import shared_task

from cigem.health import database_status

BEAT_SCHEDULE: dict = {}


@shared_task(name="cigem.tasks.probe", queue="default")
def probe(token: str) -> dict:
    """Answer with the token, the worker's host name and whether the database answered."""
    from accounts.models import User

    return {
        "token": token,
        "hostname": socket.gethostname(),
        "database": database_status(),
        "users": User.objects.count(),
    }
