"""Browser journeys: a manager's export with its progress bar, a researcher's anonymised export,
a visitor reading the key figures."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from research.models import Publication
from tests.research.conftest import add_audit_rows

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill("correct-horse-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def ask_for_export(page, dataset: str, fmt: str, anonymised: bool | None):
    page.goto(reverse("research:export-list"))
    form = page.get_by_test_id("export-form")
    form.locator("select[name=dataset]").select_option(dataset)
    form.locator("select[name=format]").select_option(fmt)
    if anonymised is not None:
        form.locator("input[name=anonymised]").set_checked(anonymised)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/research/exports/*/")


def test_manager_asks_for_an_export_watches_progress_and_downloads(page, manager, start_worker):
    add_audit_rows({("view", "synthetic.a"): 20000})
    log_in(page, manager)
    ask_for_export(page, "audit_events", "csv", anonymised=False)
    status = page.get_by_test_id("export-status")
    # Before any worker runs, the page shows the job waiting with its progress bar.
    assert status.get_attribute("data-status") == "queued"
    assert page.get_by_role("progressbar").is_visible()
    start_worker("exports", queues="exports")
    # htmx polls the status every second; no reload by the test.
    page.wait_for_selector("[data-testid=export-status][data-status=done]", timeout=60_000)
    assert "lignes" in page.get_by_test_id("export-status").inner_text()
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    download = info.value
    assert download.suggested_filename.startswith("cigem-audit_events-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "time", "actor_email"] and len(rows) > 20000


def test_researcher_downloads_an_anonymised_export(page, researcher, start_worker):
    from django.utils import timezone

    from tests.research.test_reception_exports import IDENTIFYING, make_candidates

    year = timezone.localdate().year
    make_candidates(
        {
            ("F", year - 30, "potential_migrant"): 6,
            ("M", year - 40, "potential_migrant"): 2,  # fewer than 5: suppressed
            ("F", year - 30, "returnee_forced"): 7,  # left out by the profile filter
        }
    )
    start_worker("exports", queues="exports")
    log_in(page, researcher)
    page.goto(reverse("research:export-list"))
    checkbox = page.locator("input[name=anonymised]")
    assert checkbox.is_checked() and checkbox.is_disabled()
    form = page.get_by_test_id("export-form")
    form.locator("select[name=dataset]").select_option("candidates")
    form.locator("select[name=format]").select_option("xlsx")
    form.locator("summary").click()  # "More filters (as on the lists)"
    form.locator("select[name=f_profile]").select_option("potential_migrant")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/research/exports/*/")
    page.wait_for_selector("[data-testid=export-status][data-status=done]", timeout=60_000)
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    assert info.value.suggested_filename.startswith("cigem-candidates-anonymised-")
    import openpyxl

    data = io.BytesIO(Path(info.value.path()).read_bytes())
    rows = list(openpyxl.load_workbook(data, read_only=True).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert not set(header) & IDENTIFYING
    assert len(body) == 6
    assert {row[header.index("profile")] for row in body} == {"potential_migrant"}
    assert "2 lignes ont été retirées" in page.get_by_test_id("export-status").inner_text()


def test_visitor_reads_key_figures(page):
    for _ in range(6):
        Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    Publication.objects.create(title="t", authors="a", year=2021, kind="report")
    page.goto("/")
    page.get_by_role("link", name="Chiffres clés").click()
    assert page.locator("h1").inner_text() == "Chiffres clés"
    assert page.locator("svg.chart").count() >= 1
    # The publications table (6 studies shown, 1 report suppressed); other sections come first.
    tables = page.locator("table").all_inner_texts()
    assert any("6" in table and "< 5" in table for table in tables), tables
