"""Project package of the CIGEM portal: settings, URLs, Celery app and shared helpers."""

from cigem.celery import app as celery_app

__all__ = ["celery_app"]
