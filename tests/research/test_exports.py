"""Exports: contract of the API, roles, streaming engines, neutralisation, k-anonymity, audit."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from research.exporting import ExportPlan, neutralise, write_export
from research.models import ExportJob, ExportStatus
from research.services import (
    ExportStateError,
    export_cancel,
    export_job_move,
    export_request,
    export_run,
    exports_expire,
)
from tests.research.conftest import add_audit_rows

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1/exports/"


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def read_xlsx(path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def job_file(job: ExportJob, root) -> str:
    return str(root / job.file.name)


# --- Neutralisation ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2+3", "@SUM(A1)", "\tx", "\r=x"])
def test_neutralise_prefixes_formulas(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Traoré", "", "1=1", 42, None, -3])
def test_neutralise_leaves_the_rest(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_in_a_name_comes_out_neutralised(fmt, manager, research_files, settings):
    """CSV via COPY (PostgreSQL), XLSX via XlsxWriter: both neutralise, read back the file."""
    AuditEvent.objects.create(action="view", object_type="x", summary='=HYPERLINK("http://e")')
    AuditEvent.objects.create(action="view", object_type="x", summary="@cmd|' /C calc'!A0")
    AuditEvent.objects.create(action="view", object_type="x", summary="-10+20")
    AuditEvent.objects.create(action="view", object_type="x", summary="Awa Traoré")
    job = export_request(
        user=manager, dataset="audit_events", format=fmt, filters={}, anonymised=False
    )
    export_run(job_id=job.pk)  # as the worker does (the worker itself: test_worker.py)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    path = job_file(job, research_files)
    rows = read_csv(path) if fmt == "csv" else read_xlsx(path)
    summary = rows[0].index("summary")
    summaries = [row[summary] for row in rows[1:]]
    assert '\'=HYPERLINK("http://e")' in summaries
    assert "'@cmd|' /C calc'!A0" in summaries
    assert "'-10+20" in summaries
    assert "Awa Traoré" in summaries
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_python_csv_engine_neutralises_like_copy(manager, research_files):
    """The plain engine (used for anonymised CSV and without PostgreSQL) writes the same text."""
    from research.datasets import get_dataset

    AuditEvent.objects.create(action="view", object_type="x", summary="=2+2")
    dataset = get_dataset("audit_events")
    plan = ExportPlan(
        queryset=dataset.queryset(),
        columns=dataset.columns(anonymised=False, today=timezone.localdate()),
    )
    from research.exporting import write_python

    path = str(research_files / "plain.csv")
    written, suppressed = write_python(plan, "csv", path, lambda done, total: True)
    rows = read_csv(path)
    assert written == len(rows) - 1 and suppressed == 0
    assert "'=2+2" in [r[rows[0].index("summary")] for r in rows[1:]]


# --- API contract -----------------------------------------------------------------------------


def test_api_contract_manager_identified_csv(client_as, manager):
    AuditEvent.objects.create(action="view", object_type="reception.candidate", object_id="7")
    client = client_as(manager)
    response = client.post(
        API,
        {"dataset": "audit_events", "format": "csv", "filters": {}, "anonymised": False},
        content_type="application/json",
    )
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/exports/{body['id']}/")
    # The task went to the real broker; run the job here as the worker would.
    export_run(job_id=body["id"])
    status = client.get(body["url"]).json()
    assert {"status", "progress", "rows", "download_url"} <= set(status)
    assert status["status"] == "done" and status["progress"] == 100
    assert status["rows"] >= 1
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(content)))
    assert header[:3] == ["id", "time", "actor_email"]


def test_api_queued_then_running_answers_409_with_progress(client_as, manager):
    client = client_as(manager)
    body = client.post(
        API, {"dataset": "audit_events", "format": "csv"}, content_type="application/json"
    ).json()
    download = reverse("api:research-export-download", args=[body["id"]])
    response = client.get(download)
    assert response.status_code == 409
    assert response.json()["status"] == "queued"
    assert body["download_url"] is None


def test_researcher_gets_403_for_identified_and_202_for_anonymised(client_as, researcher):
    client = client_as(researcher)
    refused = client.post(
        API,
        {"dataset": "publications", "format": "csv", "anonymised": False},
        content_type="application/json",
    )
    assert refused.status_code == 403
    accepted = client.post(
        API,
        {"dataset": "publications", "format": "csv", "anonymised": True},
        content_type="application/json",
    )
    assert accepted.status_code == 202


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"dataset": "nope", "format": "csv"}, "dataset"),
        ({"dataset": "publications", "format": "pdf"}, "format"),
        ({"dataset": "publications", "format": "csv", "filters": {"evil": 1}}, "filters"),
        ({"dataset": "publications", "format": "csv", "filters": {"year_from": "x"}}, "filters"),
    ],
)
def test_api_refuses_bad_requests_with_400(client_as, manager, payload, field):
    response = client_as(manager).post(API, payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "counsellor", "content_editor", "campaign_manager", "diaspora_member"]
)
def test_api_refuses_other_roles(client_as, users_by_role, role):
    response = client_as(users_by_role[role]).post(
        API, {"dataset": "publications", "format": "csv"}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not ExportJob.objects.exists()


def test_someone_elses_export_is_404(client_as, manager, make_user):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    other = make_user("manager")
    client = client_as(other)
    assert client.get(f"{API}{job.pk}/").status_code == 404
    assert client.get(f"{API}{job.pk}/download/").status_code == 404
    assert client.post(f"{API}{job.pk}/cancel/").status_code == 404
    assert client.get(reverse("research:export-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("research:export-download", args=[job.pk])).status_code == 404


def test_expired_and_failed_answer_410(client_as, manager, research_files):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    client = client_as(manager)
    assert client.get(f"{API}{job.pk}/download/").status_code == 200
    removed = exports_expire(now=timezone.now() + timedelta(days=30))
    assert removed == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not job.file
    assert not list((research_files / "exports").iterdir())
    assert client.get(f"{API}{job.pk}/download/").status_code == 410
    assert client.get(f"{API}{job.pk}/").json()["download_url"] is None
    assert client.get(reverse("research:export-download", args=[job.pk])).status_code == 410


def test_expire_leaves_fresh_files(manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    assert exports_expire() == 0
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


# --- State machine, cancel, running twice ------------------------------------------------------


def test_run_twice_does_the_work_once(manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    export_run(job_id=job.pk)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(job.pk)).count() == 1


def test_cancel_queued_job_then_run_does_nothing(client_as, manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    response = client_as(manager).post(f"{API}{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.CANCELLED and not job.file
    assert client_as(manager).post(f"{API}{job.pk}/cancel/").status_code == 409


def test_cancel_during_run_stops_and_removes_the_file(manager, research_files):
    add_audit_rows({("view", "synthetic.a"): 300})
    job = export_request(
        user=manager, dataset="audit_events", format="xlsx", filters={}, anonymised=False
    )
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 3:
            ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.CANCELLED)
        return ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).exists()

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    from research.exporting import ExportCancelled
    from research.services import export_plan

    job.refresh_from_db()
    path = str(research_files / "exports" / "x.xlsx")
    with pytest.raises(ExportCancelled):
        write_export(export_plan(job), "xlsx", path, progress)
    assert len(calls) == 3
    assert not (research_files / "exports" / "x.xlsx").exists()
    assert not (research_files / "exports" / "x.xlsx.part").exists()


def test_progress_is_reported_about_every_percent(manager, research_files):
    add_audit_rows({("view", "synthetic.a"): 1000})
    from research.datasets import get_dataset

    dataset = get_dataset("audit_events")
    plan = ExportPlan(
        queryset=dataset.queryset(),
        columns=dataset.columns(anonymised=False, today=timezone.localdate()),
    )
    seen = []
    write_export(plan, "xlsx", str(research_files / "p.xlsx"), lambda d, t: seen.append(d) or True)
    total = AuditEvent.objects.count()
    assert 90 <= len(seen) <= 101
    assert seen == sorted(seen) and seen[-1] <= total


def test_illegal_moves_are_refused(manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    with pytest.raises(ExportStateError):
        export_job_move(job=job, to=ExportStatus.DONE)
    with pytest.raises(ExportStateError):
        export_job_move(job=job, to=ExportStatus.EXPIRED)
    export_cancel(job=job, user=manager)
    with pytest.raises(ExportStateError):
        export_job_move(job=job, to=ExportStatus.RUNNING)


def test_failure_is_reported_with_a_reason(manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    ExportJob.objects.filter(pk=job.pk).update(dataset="vanished")
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.failure_reason


# --- Audit ------------------------------------------------------------------------------------


def test_every_export_is_an_audit_event_with_who_dataset_filters_rows(manager):
    add_audit_rows({("view", "synthetic.a"): 3})
    job = export_request(
        user=manager,
        dataset="audit_events",
        format="csv",
        filters={"action": "view", "date_from": "2020-01-01"},
        anonymised=False,
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(job.pk))
    assert event.actor == manager
    assert "dataset=audit_events" in event.summary
    assert "action=view" in event.summary and "date_from=2020-01-01" in event.summary
    assert f"rows={job.rows}" in event.summary and job.rows == 3


def test_filters_restrict_rows(manager, research_files):
    add_audit_rows({("view", "synthetic.a"): 4, ("update", "synthetic.a"): 2})
    job = export_request(
        user=manager,
        dataset="audit_events",
        format="csv",
        filters={"action": "update"},
        anonymised=False,
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    rows = read_csv(job_file(job, research_files))
    assert job.rows == 2 == len(rows) - 1


# --- Anonymisation and k-anonymity -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymised_export_drops_identifiers_and_holds_k_anonymity(
    fmt, researcher, synthetic_dataset, research_files
):
    add_audit_rows(
        {
            ("view", "synthetic.a"): 7,
            ("view", "synthetic.b"): 5,
            ("update", "synthetic.a"): 4,  # fewer than 5: suppressed
            ("update", "synthetic.b"): 1,  # suppressed
        },
        summary="=free text",
    )
    job = export_request(
        user=researcher, dataset="synthetic", format=fmt, filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    path = job_file(job, research_files)
    rows = read_csv(path) if fmt == "csv" else read_xlsx(path)
    header, data = list(rows[0]), [tuple(r) for r in rows[1:]]
    assert header == ["action", "object_type"]
    assert "object_id" not in header and "summary" not in header
    assert job.rows == 12 == len(data)
    assert job.suppressed_rows == 5
    combos = {}
    for row in data:
        combos[row] = combos.get(row, 0) + 1
    assert min(combos.values()) >= 5
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(job.pk))
    assert "suppressed=5" in event.summary


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_python_engine_holds_k_anonymity_too(fmt, synthetic_dataset, research_files):
    """The engine of the embedded SQLite default suppresses the same rows."""
    from research.exporting import write_python

    add_audit_rows({("view", "synthetic.a"): 6, ("update", "synthetic.a"): 3})
    plan = ExportPlan(
        queryset=synthetic_dataset.queryset(),
        columns=synthetic_dataset.columns(anonymised=True, today=timezone.localdate()),
        quasi_identifiers=synthetic_dataset.quasi_identifiers,
    )
    path = str(research_files / f"k.{fmt}")
    assert write_python(plan, fmt, path, lambda d, t: True) == (6, 3)
    rows = read_csv(path) if fmt == "csv" else read_xlsx(path)
    assert [tuple(r) for r in rows[1:]] == [("view", "synthetic.a")] * 6


@pytest.mark.parametrize("engine", ["postgres", "python"])
def test_k_anonymity_counts_people_not_rows(engine, researcher, synthetic_dataset, research_files):
    """Ten visits of two people are still a combination of two people: suppressed."""
    from research.exporting import write_python

    add_audit_rows({("view", "synthetic.a"): 10}, people=2)
    add_audit_rows({("update", "synthetic.a"): 6})
    plan = ExportPlan(
        queryset=synthetic_dataset.queryset(),
        columns=synthetic_dataset.columns(anonymised=True, today=timezone.localdate()),
        quasi_identifiers=synthetic_dataset.quasi_identifiers,
        person=synthetic_dataset.person,
    )
    path = str(research_files / "people.csv")
    if engine == "python":
        result = write_python(plan, "csv", path, lambda d, t: True)
    else:
        result = write_export(plan, "csv", path, lambda d, t: True)
    assert result == (6, 10)
    assert {tuple(r) for r in read_csv(path)[1:]} == {("update", "synthetic.a")}


def test_anonymised_columns_of_every_dataset_hold_no_identifying_column():
    from research.datasets import REGISTRY

    forbidden = {
        "name",
        "first_name",
        "last_name",
        "family_name",
        "given_name",
        "phone",
        "email",
        "actor_email",
        "ip_address",
        "object_id",
        "summary",
        "notes",
        "note_text",
        "birth_date",
        "address",
        "place_of_birth",
        "id_number",
        "passport_number",
    }
    today = timezone.localdate()
    personal = [d for d in REGISTRY.values() if d.personal]
    assert personal
    for dataset in personal:
        keys = {c.key for c in dataset.columns(anonymised=True, today=today)}
        assert not keys & forbidden, dataset.key
        assert "id" not in keys, dataset.key


def test_age_band_expression_bands_birth_dates(db):
    import datetime as dt

    from research.exporting import AGE_BANDS, _years_before

    today = dt.date(2026, 11, 28)
    assert _years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)
    assert AGE_BANDS[0] == (0, 17) and AGE_BANDS[-1] == (65, None)
    assert _years_before(today, 18) == dt.date(2008, 11, 28)


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("counsellor", 403),
        ("content_editor", 403),
        ("campaign_manager", 403),
        ("diaspora_member", 403),
        ("researcher", 200),
        ("manager", 200),
    ],
)
def test_export_page_access(client_as, users_by_role, role, expected):
    response = client_as(users_by_role[role]).get(reverse("research:export-list"))
    assert response.status_code == expected


def test_export_page_request_redirects_to_the_job(client_as, manager):
    response = client_as(manager).post(
        reverse("research:export-list"),
        {"dataset": "audit_events", "format": "csv", "anonymised": ""},
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.anonymised is False


def test_researcher_page_forces_anonymised(client_as, researcher):
    client_as(researcher).post(
        reverse("research:export-list"),
        {"dataset": "publications", "format": "xlsx", "anonymised": ""},
    )
    assert ExportJob.objects.get().anonymised is True


def test_researcher_does_not_see_manager_only_datasets(client_as, researcher):
    response = client_as(researcher).get(reverse("research:export-list"))
    assert b'value="audit_events"' not in response.content
    response = client_as(researcher).post(
        reverse("research:export-list"), {"dataset": "audit_events", "format": "csv"}
    )
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_export_detail_page_shows_progress_and_htmx_partial(client_as, manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress=42, rows=420)
    client = client_as(manager)
    page = client.get(job.get_absolute_url())
    assert b'aria-valuenow="42"' in page.content and b'hx-trigger="every 1s"' in page.content
    partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"42 %" in partial.content
    export_run(job_id=job.pk)  # not queued: nothing happens


def test_cancel_from_the_page(client_as, manager):
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    client = client_as(manager)
    confirm = client.get(reverse("research:export-cancel", args=[job.pk]))
    assert confirm.status_code == 200 and b"export-cancel-confirm" in confirm.content
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED  # asking is not cancelling
    response = client.post(reverse("research:export-cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.CANCELLED


def test_sweep_resends_stale_queued_jobs_and_fails_dead_runs(manager):
    from research.services import exports_sweep

    queued = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    running = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    ExportJob.objects.filter(pk=running.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    assert exports_sweep() == (0, 1)  # the queued one is too fresh to be re-sent
    running.refresh_from_db()
    assert running.status == ExportStatus.FAILED and running.failure_reason
    resent, failed = exports_sweep(now=timezone.now() + timedelta(minutes=5))
    assert (resent, failed) == (1, 0)
    queued.refresh_from_db()
    assert queued.status == ExportStatus.QUEUED


def test_beat_schedule_is_collected():
    from cigem.celery import app

    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert schedule["research-exports-expire"]["task"] == "research.tasks.exports_expire_task"
    assert schedule["research-exports-sweep"]["task"] == "research.tasks.exports_sweep_task"


def test_streaming_xlsx_cells_read_back_with_openpyxl(tmp_path):
    import datetime as dt
    from decimal import Decimal

    from research.xlsx import StreamingXlsx, column_letters

    assert [column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    path = tmp_path / "t.xlsx"
    with StreamingXlsx(str(path)) as book:
        book.write_header(["text", "int", "decimal", "date", "datetime", "empty", "bool"])
        book.write_row(
            [
                "'=1+1",
                3,
                Decimal("2.5"),
                dt.date(2024, 1, 2),
                dt.datetime(2024, 1, 2, 10, 30),
                None,
                True,
            ]
        )
        book.write_row(["<&>\x01x\ttab", -4, -1.5, None, None, None, False])
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == (
        "'=1+1",
        3,
        2.5,
        dt.datetime(2024, 1, 2),
        dt.datetime(2024, 1, 2, 10, 30),
        None,
        True,
    )
    assert rows[2][:3] == ("<&>x\ttab", -4, -1.5)
    assert sheet["A1"].font.b and sheet["A2"].data_type == "s"
    assert sheet["D2"].number_format == "yyyy\\-mm\\-dd"
