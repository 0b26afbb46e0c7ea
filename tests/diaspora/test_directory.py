"""Staff directory: the lean page, the two-way name search, and the managers' export."""

import html
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from diaspora import selectors
from diaspora.models import Member


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def people(make_member):
    """Six members updated an hour apart, newest first: Kadiatou Koné is the oldest."""
    now = timezone.now()
    names = ["Awa Traoré", "Binta Sow", "Modibo Keïta", "Oumou Sangaré", "Salif Keïta"]
    members = [
        make_member(full_name=name, occupation="Infirmière" if i % 2 else "Comptable")
        for i, name in enumerate(names)
    ]
    oldest = make_member(full_name="Kadiatou Koné", occupation="Architecte", sector="engineering")
    for hours, member in enumerate([*members, oldest]):
        Member.objects.filter(pk=member.pk).update(updated_at=now - timezone.timedelta(hours=hours))
    return [*members, oldest]


@pytest.mark.parametrize("window", [2, 5_000])
def test_name_search_finds_old_and_new_profiles_whichever_way_it_runs(
    window, monkeypatch, client_as, counsellor, people
):
    # With a window of 2 the old profile is outside it: the trigram/union path must find it.
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", window)
    client = client_as(counsellor)
    page = text(client.get(reverse("diaspora:directory"), {"q": "kadiatou"}))
    assert "Kadiatou Koné" in page and "Awa Traoré" not in page
    page = text(client.get(reverse("diaspora:directory"), {"q": "keïta"}))
    assert page.index("Modibo Keïta") < page.index("Salif Keïta")  # newest first
    page = text(client.get(reverse("diaspora:directory"), {"q": "archi"}))  # occupation
    assert "Kadiatou Koné" in page
    page = text(client.get(reverse("diaspora:directory"), {"q": "zzq"}))
    assert "Aucun membre ne correspond à ces filtres" in page


def test_name_search_pages_are_exact(monkeypatch, people):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 3)
    search = selectors.member_directory(q="a")  # every name has an "a"
    everyone = [m.pk for m in people]
    assert [m.pk for m in search[0:4]] == everyone[:4]
    assert [m.pk for m in search[4:8]] == everyone[4:]
    assert [m.pk for m in search] == everyone


def test_directory_rows_show_skills_languages_and_availability(client_as, counsellor, make_member):
    make_member(
        full_name="Fatoumata Diawara",
        skills={"Pédiatrie": 4, "Santé publique": 2},
        languages=("fr", "bm"),
        available_remote=True,
        available_training=True,
    )
    page = text(client_as(counsellor).get(reverse("diaspora:directory")))
    assert "Pédiatrie, Santé publique" in page
    assert "bm, fr" in page
    assert "Conseil à distance, Sessions de formation" in page
    assert "Santé" in page


def test_directory_filter_keeps_the_chosen_options(client_as, counsellor, member):
    page = text(
        client_as(counsellor).get(
            reverse("diaspora:directory"), {"sector": "health", "country": "FR", "q": "awa"}
        )
    )
    assert '<option value="health" selected>' in page
    assert '<option value="FR" selected>' in page
    assert '<option value="SN" selected>' not in page
    assert 'value="awa"' in page


def test_only_managers_are_offered_the_export(client_as, counsellor, manager, member):
    url = reverse("diaspora:directory")
    assert "directory-export" not in text(client_as(counsellor).get(url, {"sector": "health"}))
    page = client_as(manager).get(url, {"sector": "health"})
    assert "directory-export" in text(page)
    assert page.context["export"]["payload"] == {
        "dataset": "diaspora_members",
        "filters": {"sector": "health"},
    }


def test_the_export_box_carries_every_active_filter_and_no_warning(client_as, manager, member):
    every = {
        "q": "awa",
        "sector": "health",
        "skill": "pédia",
        "country": "FR",
        "language": "bm",
        "availability": "remote",
    }
    page = client_as(manager).get(reverse("diaspora:directory"), {**every, "after": ""})
    assert page.context["export"]["payload"]["filters"] == every
    # Empty filters are not sent; the old "cannot apply these filters" warning is gone.
    page = client_as(manager).get(reverse("diaspora:directory"), {"q": "", "language": "fr"})
    assert page.context["export"]["payload"]["filters"] == {"language": "fr"}
    assert "export-not-applied" not in text(page)
    assert "ne sait pas encore appliquer" not in text(page)


def test_the_export_payload_is_what_the_research_api_accepts(client_as, manager, member):
    """The contract with research (POST /api/v1/exports/): the page's payload, sent as the
    script sends it, makes a job with the directory's filters applied."""
    client = client_as(manager)
    filters = {"sector": "health", "country": "FR", "skill": "pédia", "language": "bm"}
    page = client.get(reverse("diaspora:directory"), filters)
    body = {**page.context["export"]["payload"], "format": "csv", "anonymised": False}
    response = client.post(
        reverse("api:research-export-create"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["dataset"] == "diaspora_members"
    assert job["filters"] == filters
    assert job["anonymised"] is False
    # The script opens the job's page from the id.
    detail = reverse("research:export-detail", args=[job["id"]])
    assert client.get(detail).status_code == 200


@pytest.mark.django_db(transaction=True)  # the export reads with COPY on its own connection
def test_the_exported_file_holds_exactly_the_members_the_directory_shows(
    client_as, manager, make_member, settings, tmp_path
):
    import csv

    from research.models import ExportJob
    from research.services import export_run

    settings.RESEARCH_FILES_ROOT = tmp_path / "research"
    settings.RESEARCH_FILES_ROOT.mkdir()
    make_member(full_name="Awa Diarra", skills={"Pédiatrie": 4, "Pédagogie": 2}, languages=("bm",))
    make_member(full_name="Fanta Keïta", skills={"pediatrie sociale": 2}, languages=("bm", "fr"))
    make_member(full_name="Moussa Traoré", skills={"Pédiatrie": 3}, languages=("fr",))
    make_member(full_name="Oumar Sidibé", skills={"Comptabilité": 3}, languages=("bm",))
    client = client_as(manager)
    page = client.get(reverse("diaspora:directory"), {"skill": "PÉDIA", "language": "bm"})
    shown = {m.user.full_name for m in page.context["page"].object_list}
    assert shown == {"Awa Diarra", "Fanta Keïta"}
    body = {**page.context["export"]["payload"], "format": "csv", "anonymised": False}
    response = client.post(
        reverse("api:research-export-create"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 202, response.content
    export_run(job_id=response.json()["id"])
    job = ExportJob.objects.get()
    with open(settings.RESEARCH_FILES_ROOT / job.file.name, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert sorted(row["full_name"] for row in rows) == sorted(shown)


def test_export_filters_are_the_directory_filters_and_known_to_the_research_data_set():
    from diaspora.forms import DirectoryFilterForm
    from diaspora.views.staff import EXPORT_DATASET, EXPORT_FILTERS
    from research.datasets import REGISTRY

    known = {f.key for f in REGISTRY[EXPORT_DATASET].filters}
    assert set(EXPORT_FILTERS) == set(DirectoryFilterForm.base_fields)
    assert set(EXPORT_FILTERS) <= known


def test_api_name_search_pages_without_counting(monkeypatch, client_as, counsellor, people):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 2)
    client = client_as(counsellor)
    data = client.get(reverse("api:diaspora-member-list"), {"q": "kadiatou"}).json()
    assert "count" not in data
    assert [m["full_name"] for m in data["results"]] == ["Kadiatou Koné"]
    data = client.get(reverse("api:diaspora-member-list"), {"q": "a", "page_size": 4}).json()
    assert [m["id"] for m in data["results"]] == [m.pk for m in people[:4]]
    assert data["next"]


@pytest.mark.parametrize("q", ["", "diarra"])
def test_directory_pages_follow_a_cursor_without_gaps_or_repeats(
    q, monkeypatch, client_as, counsellor, make_member
):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 10)
    now = timezone.now()
    for i in range(30):
        m = make_member(full_name=f"Diarra {i:02d}")
        # Two members share each update time: the id breaks the tie.
        Member.objects.filter(pk=m.pk).update(updated_at=now - timezone.timedelta(minutes=i // 2))
    expected = list(
        Member.objects.order_by("-updated_at", "-id").values_list("user__full_name", flat=True)
    )
    client = client_as(counsellor)
    url = reverse("diaspora:directory")
    first = client.get(url, {"q": q} if q else {})
    page = first.context["page"]
    assert page.is_first and page.has_next
    assert len(page.object_list) == 25
    second = client.get(url, {**({"q": q} if q else {}), "after": page.next_cursor})
    rest = second.context["page"]
    assert not rest.has_next and not rest.is_first
    names = [m.user.full_name for m in [*page.object_list, *rest.object_list]]
    assert names == expected
    assert "Première page" in text(second)


def test_a_cursor_that_does_not_parse_shows_the_first_page(client_as, counsellor, member):
    client = client_as(counsellor)
    for cursor in (
        "x",
        "2026-13-45T00:00:00_3",
        "2026-11-28T10:00:00_3",
        "_",
        "2026-11-28T10:00:00+00:00_-1",
    ):
        response = client.get(reverse("diaspora:directory"), {"after": cursor})
        assert response.status_code == 200
        assert response.context["page"].is_first, cursor
