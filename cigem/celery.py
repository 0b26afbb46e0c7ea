"""The Celery application: JSON only, time limits, three queues, beat on the database."""

import importlib
import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")

app = Celery("cigem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue("default"), Queue("campaigns"), Queue("exports"))
app.autodiscover_tasks()


@app.on_after_finalize.connect
def collect_beat_schedules(sender, **kwargs):
    """Each app declares its periodic tasks as BEAT_SCHEDULE in its tasks module."""
    from django.conf import settings

    for label in ["cigem", *settings.PROJECT_APPS]:
        try:
            module = importlib.import_module(f"{label}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.tasks":
                raise
            continue
        sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
