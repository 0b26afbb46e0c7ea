"""Background tasks of research (queue `exports`): exports, their expiry, the dashboards' facts."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="research.tasks.export_run_task", acks_late=True)
def export_run_task(job_id: str) -> None:
    from research.services import export_run

    export_run(job_id=job_id)


@shared_task(name="research.tasks.exports_expire_task")
def exports_expire_task() -> int:
    from research.services import exports_expire

    return exports_expire()


@shared_task(name="research.tasks.exports_sweep_task")
def exports_sweep_task() -> list:
    from research.services import exports_sweep

    return list(exports_sweep())


@shared_task(name="research.tasks.dashboard_facts_refresh_task")
def dashboard_facts_refresh_task(recent_only: bool = False) -> str:
    from research.facts import facts_refresh

    return facts_refresh(recent_only=recent_only).isoformat()


BEAT_SCHEDULE = {
    # The dashboards' counts, instead of aggregates over millions of visits on page requests:
    # the last month every ten minutes (through the date indexes), everything at night.
    "research-dashboard-facts-recent": {
        "task": "research.tasks.dashboard_facts_refresh_task",
        "schedule": 600.0,
        "kwargs": {"recent_only": True},
    },
    "research-dashboard-facts-all": {
        "task": "research.tasks.dashboard_facts_refresh_task",
        "schedule": crontab(hour=2, minute=41),
    },
    "research-exports-sweep": {
        "task": "research.tasks.exports_sweep_task",
        "schedule": 60.0,
    },
    "research-exports-expire": {
        "task": "research.tasks.exports_expire_task",
        "schedule": crontab(minute=17),  # hourly; files outlive their expiry by an hour at most
    },
}
