"""An export through a real Celery worker on the `exports` queue, asked for through the API."""

import csv
import io
import time

import pytest

from accounts.models import AuditAction, AuditEvent
from research.models import ExportJob, ExportStatus
from tests.research.conftest import add_audit_rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(client, url: str, deadline_s: float = 60) -> dict:
    """Poll as the progress page does; the deadline only stops a hung test."""
    seen = []
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        body = client.get(url).json()
        seen.append(body["progress"])
        if body["status"] not in ("queued", "running"):
            body["seen"] = seen
            return body
        time.sleep(0.1)
    raise AssertionError(f"export still {body['status']} after {deadline_s} s")


def test_identified_csv_export_through_a_real_worker(start_worker, client_as, manager):
    add_audit_rows({("view", "synthetic.a"): 2000, ("update", "synthetic.b"): 500})
    start_worker("exports", queues="exports")
    client = client_as(manager)
    response = client.post(
        "/api/v1/exports/",
        {
            "dataset": "audit_events",
            "format": "csv",
            "filters": {"action": "update"},
            "anonymised": False,
        },
        content_type="application/json",
    )
    assert response.status_code == 202
    body = wait_until_finished(client, response["Location"])
    assert body["status"] == "done" and body["progress"] == 100 and body["rows"] == 500
    assert body["seen"] == sorted(body["seen"])  # progress only moves forward
    download = client.get(body["download_url"])
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 501 and {r[rows[0].index("action")] for r in rows[1:]} == {"update"}
    job = ExportJob.objects.get()
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT,
        object_id=str(job.pk),
        actor=manager,
        summary__contains="rows=500",
    ).exists()


def test_cancel_while_a_real_worker_runs(start_worker, client_as, manager):
    add_audit_rows({("view", "synthetic.a"): 30000})
    client = client_as(manager)
    response = client.post(
        "/api/v1/exports/",
        {"dataset": "audit_events", "format": "xlsx", "anonymised": False},
        content_type="application/json",
    )
    url = response["Location"]
    # Cancel before the worker exists: the worker must then leave the job alone.
    assert client.post(f"{url}cancel/").json()["status"] == "cancelled"
    # A second export after it: one worker process takes them in order, so once the second is
    # done the first message has been handled.
    second = client.post(
        "/api/v1/exports/",
        {"dataset": "publications", "format": "csv"},
        content_type="application/json",
    )
    start_worker("exports", queues="exports")
    assert wait_until_finished(client, second["Location"])["status"] == "done"
    job = ExportJob.objects.get(pk=url.rstrip("/").rsplit("/", 1)[1])
    assert job.status == ExportStatus.CANCELLED and not job.file and job.rows == 0
