"""Documentation centre: publications (PDF checks, safe download, visibility), indicators."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from research.models import Indicator, IndicatorValue, Publication, Theme
from tests.research.conftest import make_pdf

PUBLIC_ROLES = [
    "anonymous",
    "counsellor",
    "content_editor",
    "campaign_manager",
    "researcher",
    "manager",
    "diaspora_member",
]


@pytest.fixture
def publications(db):
    theme = Theme.objects.create(name="Transferts de fonds", slug="remittances")
    public = Publication.objects.create(
        title="Les transferts de fonds au Mali",
        authors="Awa Diarra; Moussa Keïta",
        publisher="CIGEM",
        year=2024,
        kind="study",
        abstract="Étude des envois de fonds vers la région de Kayes.",
    )
    public.themes.add(theme)
    internal = Publication.objects.create(
        title="Note interne sur les retours",
        authors="CIGEM",
        year=2025,
        kind="report",
        visibility="internal",
    )
    return public, internal


def upload(data: bytes, name: str = "report.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(**extra):
    data = {
        "title": "Rapport annuel 2025",
        "authors": "CIGEM",
        "year": "2025",
        "language": "fr",
        "kind": "report",
        "visibility": "public",
    }
    data.update(extra)
    return data


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PUBLIC_ROLES)
def test_everyone_reads_public_publications(client_as, users_by_role, publications, role):
    public, internal = publications
    client = client_as(users_by_role[role])
    listing = client.get(reverse("research:publication-list"))
    assert listing.status_code == 200
    assert public.title.encode() in listing.content
    assert client.get(public.get_absolute_url()).status_code == 200
    staff = role not in ("anonymous", "diaspora_member")
    assert (internal.title.encode() in listing.content) is staff
    assert client.get(internal.get_absolute_url()).status_code == (200 if staff else 404)


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
def test_who_may_add_publications(client_as, users_by_role, role, expected):
    response = client_as(users_by_role[role]).get(reverse("research:publication-create"))
    assert response.status_code == expected


# --- Search -----------------------------------------------------------------------------------


def test_search_and_filters(client, publications):
    public, _internal = publications
    url = reverse("research:publication-list")
    assert public.title.encode() in client.get(url, {"q": "kayes"}).content
    assert public.title.encode() in client.get(url, {"q": "DIARRA"}).content
    assert public.title.encode() not in client.get(url, {"q": "nothing-like-this"}).content
    assert public.title.encode() in client.get(url, {"theme": "remittances"}).content
    assert public.title.encode() not in client.get(url, {"kind": "policy"}).content
    assert public.title.encode() not in client.get(url, {"year_from": "2025"}).content
    assert b"Aucune publication" in client.get(url, {"q": "zzz"}).content


def test_citation_line(publications):
    public, _internal = publications
    assert public.citation() == (
        "Awa Diarra, Moussa Keïta (2024). Les transferts de fonds au Mali. CIGEM."
    )
    many = Publication(title="T.", authors="A; B; C; D", year=2020, kind="study")
    assert many.citation() == "A et al. (2020). T."


# --- Upload: PDF checked by content ------------------------------------------------------------


def test_upload_a_real_pdf_then_download_with_safe_headers(client_as, researcher, research_files):
    client = client_as(researcher)
    pdf = make_pdf(2)
    response = client.post(
        reverse("research:publication-create"), {**form_data(), "file": upload(pdf)}
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.file_size == len(pdf)
    assert publication.file.name.startswith("publications/") and publication.file.name.endswith(
        ".pdf"
    )
    assert (research_files / publication.file.name).read_bytes() == pdf
    assert AuditEvent.objects.filter(object_type="research.publication", action="create").exists()
    download = client_as(None).get(reverse("research:publication-file", args=[publication.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(download.streaming_content) == pdf


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "pas un PDF"),
        (b"MZ\x90\x00" + b"\x00" * 200, "pas un PDF"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "incomplet"),  # no %%EOF
        (b"%PDF-1.7\ngarbage garbage\n%%EOF\n", "incomplet"),  # does not parse
    ],
)
def test_upload_refuses_what_is_not_a_pdf(client_as, researcher, data, message):
    response = client_as(researcher).post(
        reverse("research:publication-create"),
        {**form_data(), "file": upload(data, name="fake.pdf")},
    )
    assert response.status_code == 200
    assert message.encode() in response.content
    assert b"Rapport annuel 2025" in response.content  # what was typed is kept
    assert not Publication.objects.exists()


def test_upload_refuses_a_file_over_the_limit(client_as, researcher, settings):
    settings.RESEARCH_PUBLICATION_MAX_MB = 1
    big = make_pdf() + b"%" + b"x" * (1024 * 1024) + b"\n%%EOF\n"
    response = client_as(researcher).post(
        reverse("research:publication-create"), {**form_data(), "file": upload(big)}
    )
    assert response.status_code == 200
    assert b"trop volumineux" in response.content


def test_internal_file_is_404_for_visitors(client, publications, research_files):
    _public, internal = publications
    internal.file.save("x.pdf", io.BytesIO(make_pdf()))
    assert client.get(reverse("research:publication-file", args=[internal.pk])).status_code == 404


def test_edit_replaces_the_file_and_delete_removes_it(
    client_as, manager, research_files, django_capture_on_commit_callbacks
):
    client = client_as(manager)
    client.post(reverse("research:publication-create"), {**form_data(), "file": upload(make_pdf())})
    publication = Publication.objects.get()
    first = research_files / publication.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("research:publication-edit", args=[publication.pk]),
            {**form_data(title="Nouveau titre"), "file": upload(make_pdf(3))},
        )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "Nouveau titre" and not first.exists()
    second = research_files / publication.file.name
    assert second.exists()
    confirm = client.get(reverse("research:publication-delete", args=[publication.pk]))
    assert confirm.status_code == 200 and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("research:publication-delete", args=[publication.pk]))
    assert not Publication.objects.exists() and not second.exists()


# --- Indicators -------------------------------------------------------------------------------


@pytest.fixture
def indicator(db):
    indicator = Indicator.objects.create(
        code="BX.TRF.PWKR.CD.DT",
        name="Envois de fonds reçus",
        unit="USD",
        source="Banque mondiale, WDI",
    )
    IndicatorValue.objects.create(indicator=indicator, country="Mali", year=2018, value=100)
    IndicatorValue.objects.create(
        indicator=indicator, country="Mali", year=2019, value=120, verified=True
    )
    IndicatorValue.objects.create(
        indicator=indicator, country="=cmd", year=2019, value=1, note="+evil"
    )
    return indicator


def test_indicator_table_chart_and_unverified_mark(client, indicator):
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content and "Banque mondiale, WDI" in content
    assert content.count("à vérifier") == 2  # 2018 and the '=cmd' row; 2019 is verified


def test_indicator_csv_download_is_neutralised(client, indicator):
    response = client.get(reverse("research:indicator-csv", args=[indicator.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="BX.TRF.PWKR.CD.DT.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["indicator", "name", "unit", "country", "year", "value"]
    evil = [row for row in rows[1:] if row[3] != "Mali"]
    assert [(row[3], row[8]) for row in evil] == [("'=cmd", "'+evil")]


def test_internal_indicator_is_hidden_from_the_public(client, client_as, indicator, counsellor):
    Indicator.objects.filter(pk=indicator.pk).update(is_public=False)
    assert client.get(indicator.get_absolute_url()).status_code == 404
    assert client.get(reverse("research:indicator-csv", args=[indicator.code])).status_code == 404
    assert client_as(counsellor).get(indicator.get_absolute_url()).status_code == 200


def test_seed_is_idempotent_and_marks_unverified_figures(db):
    from research import demo

    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    assert Indicator.objects.filter(code="BX.TRF.PWKR.DT.GD.ZS").exists()
    assert not IndicatorValue.objects.filter(verified=True).exists()
    assert all(v.note for v in IndicatorValue.objects.all())
    assert Publication.objects.count() == len(demo.PUBLICATIONS)
