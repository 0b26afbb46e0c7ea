"""Dashboards and key figures: who may see them, charts beside tables, small cells suppressed."""

import pytest
from django.urls import reverse

from research.charts import bar_chart, column_chart
from research.dashboards import Table, suppress_small
from research.models import Publication


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
def test_dashboard_access(client_as, users_by_role, role, expected):
    assert client_as(users_by_role[role]).get(reverse("research:dashboard")).status_code == expected


@pytest.mark.parametrize("role", ["anonymous", "counsellor", "researcher", "diaspora_member"])
def test_key_figures_are_public(client_as, users_by_role, role):
    assert client_as(users_by_role[role]).get(reverse("research:key-figures")).status_code == 200


def test_dashboard_filters_and_svg_beside_tables(client_as, researcher):
    for year in (2020, 2020, 2021):
        Publication.objects.create(title="t", authors="a", year=year, kind="study")
    client = client_as(researcher)
    response = client.get(reverse("research:dashboard"), {"date_from": "2026-01-01"})
    content = response.content.decode()
    assert content.count("<svg") == content.count("<table")
    assert content.count("<svg") >= 2
    bad = client.get(
        reverse("research:dashboard"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "antérieure à la date de début".encode() in bad.content


def test_key_figures_suppress_cells_under_five(client, db):
    for _ in range(6):
        Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    for _ in range(2):
        Publication.objects.create(title="t", authors="a", year=2021, kind="report")
    content = client.get(reverse("research:key-figures")).content.decode()
    assert "&lt; 5" in content
    assert ">2<" not in content  # the 2 reports are never shown
    assert ">6<" in content


def test_suppress_small_keeps_zero_and_large_cells():
    table = suppress_small(Table("t", [("a", 0), ("b", 1), ("c", 4), ("d", 5), ("e", 90)]))
    assert table.rows == [("a", 0), ("b", None), ("c", None), ("d", 5), ("e", 90)]
    assert table.suppressed == 2


def test_charts_escape_labels_and_handle_empty_and_suppressed():
    svg = bar_chart([("<script>", 3), ("x", None)], title="<b>t</b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert column_chart([], title="empty").startswith("<svg")


def test_dashboard_table_as_csv_is_audited_and_for_exporters_only(client_as, users_by_role):
    from accounts.models import AuditAction, AuditEvent

    Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    url = reverse("research:dashboard-table-csv", args=["documentation", 0])
    response = client_as(users_by_role["researcher"]).get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[1] == "Étude,1"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="research.dashboard"
    ).exists()
    assert client_as(users_by_role["counsellor"]).get(url).status_code == 403
    assert (
        client_as(users_by_role["manager"])
        .get(reverse("research:dashboard-table-csv", args=["nope", 0]))
        .status_code
        == 404
    )
    assert (
        client_as(users_by_role["manager"])
        .get(reverse("research:dashboard-table-csv", args=["documentation", 9]))
        .status_code
        == 404
    )


def test_dashboard_figures_are_cached_for_a_few_minutes(client_as, researcher, settings):
    url = reverse("research:key-figures")
    client = client_as(researcher)
    for _ in range(5):
        Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    assert ">5<" in client.get(url).content.decode()
    Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    assert ">5<" in client.get(url).content.decode()  # the cached figures of a moment ago
    settings.RESEARCH_DASHBOARD_CACHE_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    assert ">6<" in client.get(url).content.decode()
