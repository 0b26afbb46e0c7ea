"""Applications (offers, placements, returns): the data set, the dashboard section, filters."""

import datetime as dt

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from research.models import ExportStatus
from research.services import export_request, export_run
from tests.research.test_reception_exports import IDENTIFYING, make_candidates, read

pytestmark = pytest.mark.django_db(transaction=True)

APPLICATION_IDENTIFYING = IDENTIFYING | {
    "offer",
    "offer_id",
    "employer",
    "outcome_note",
    "debrief_comments",
    "id",
    "departure_date",
    "return_date",
    "expected_return_date",
    "submitted",
    "status_changed",
}


def make_offer(country="ES", status="open", title="Récolte des fraises"):
    from reception.placements_models import Employer, JobOffer

    employer, _ = Employer.objects.get_or_create(
        name="Coopérative de Huelva", defaults={"country": country, "sector": "agriculture"}
    )
    return JobOffer.objects.create(
        title=title,
        employer=employer,
        sector="agriculture",
        country=country,
        city="Huelva",
        contract_type="seasonal",
        positions=50,
        period_start=dt.date(2025, 3, 1),
        occupation="Ouvrier agricole",
        application_deadline=dt.date(2025, 1, 31),
        status=status,
    )


def place(candidate, offer, status, *, departed=None, due=None, back=None, note=""):
    from reception.placements_models import Application

    return Application.objects.create(
        offer=offer,
        candidate=candidate,
        status=status,
        status_changed_at=timezone.now(),
        departure_date=departed,
        expected_return_date=due,
        return_date=back,
        outcome_note=note,
    )


@pytest.fixture
def placements(db):
    """Six women of 30 from Kayes placed in Spain (4 back on time, 1 late, 1 not back), and two
    men of 50 from Ségou in France still abroad."""
    year = timezone.localdate().year
    women = make_candidates({("F", year - 30, "potential_migrant"): 6})
    men = make_candidates({("M", year - 50, "returnee_forced"): 2}, region_code="SEG", start=50)
    spain, france = make_offer("ES"), make_offer("FR", status="filled", title="Hôtellerie")
    leave, due = dt.date(2025, 3, 1), dt.date(2025, 9, 1)
    for person in women[:4]:
        place(person, spain, "returned", departed=leave, due=due, back=dt.date(2025, 8, 30))
    place(women[4], spain, "returned", departed=leave, due=due, back=dt.date(2025, 9, 20))
    place(women[5], spain, "not_returned", departed=leave, due=due, note="Resté à Huelva")
    for person in men:
        place(person, france, "departed", departed=dt.date(2026, 1, 10), due=dt.date(2026, 7, 1))
    return women + men


def test_identified_applications_for_managers(manager, placements, research_files):
    job = export_request(
        user=manager, dataset="applications", format="csv", filters={}, anonymised=False
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    rows = read(job, research_files)
    header = rows[0]
    assert job.rows == 8
    assert {"family_name", "phone", "offer", "departure_date", "returned_on_time"} <= set(header)
    on_time = [r[header.index("returned_on_time")] for r in rows[1:]]
    assert sorted(on_time) == ["", "", "no", "no", "yes", "yes", "yes", "yes"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymised_applications_hold_k_anonymity(fmt, researcher, placements, research_files):
    job = export_request(
        user=researcher, dataset="applications", format=fmt, filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    rows = read(job, research_files)
    header = rows[0]
    assert not set(header) & APPLICATION_IDENTIFYING
    assert {"sex", "age_band", "region", "profile", "stay_days", "country"} <= set(header)
    # The two men of Ségou are fewer than five: suppressed, and counted.
    assert (job.rows, job.suppressed_rows) == (6, 2)
    assert {r[header.index("region")] for r in rows[1:]} == {"KAY"}
    stays = sorted(
        int(r[header.index("stay_days")]) for r in rows[1:] if r[header.index("stay_days")]
    )
    assert stays == [182, 182, 182, 182, 203]
    assert all("Huelva" not in str(cell) for row in rows for cell in row)


def test_application_filters_as_on_the_lists(manager, placements, research_files):
    job = export_request(
        user=manager,
        dataset="applications",
        format="csv",
        filters={"application_status": "departed", "country": "FR", "region": "SEG"},
        anonymised=False,
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.rows == 2
    assert job.filters == {"application_status": "departed", "country": "FR", "region": "SEG"}


@pytest.mark.parametrize(
    ("filters", "status"),
    [
        ({"application_status": "flying"}, 400),  # not a status
        ({"counsellor": "12"}, 400),  # a number is a JSON number
        ({"counsellor": 0}, 400),
        ({"salary": "high"}, 400),  # unknown filter
        ({"application_status": "returned", "profile": "returnee_forced"}, 202),
    ],
)
def test_api_validates_list_filters(client_as, manager, filters, status):
    response = client_as(manager).post(
        "/api/v1/exports/",
        {"dataset": "applications", "format": "csv", "filters": filters, "anonymised": True},
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert "filters" in response.json()


def test_candidate_filter_by_counsellor_and_visit_filter_by_service(manager, research_files):
    from reception.models import Visit

    year = timezone.localdate().year
    people = make_candidates({("F", year - 30, "potential_migrant"): 3})
    people[0].counsellor = manager
    people[0].save()
    Visit.objects.create(
        candidate=people[0], visit_date=dt.date(2026, 3, 1), services=["orientation"]
    )
    Visit.objects.create(candidate=people[1], visit_date=dt.date(2026, 3, 1), services=["referral"])
    for dataset, filters, expected in (
        ("candidates", {"counsellor": manager.pk}, 1),
        ("visits", {"service": "orientation"}, 1),
        ("visits", {"service": "referral", "profile": "potential_migrant"}, 1),
    ):
        job = export_request(
            user=manager, dataset=dataset, format="csv", filters=filters, anonymised=False
        )
        export_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.rows == expected, (dataset, filters)


def test_export_page_offers_list_filters_and_refuses_one_that_does_not_apply(client_as, manager):
    client = client_as(manager)
    page = client.get(reverse("research:export-list")).content.decode()
    for name in ("f_profile", "f_application_status", "f_counsellor", "f_sector", "f_country"):
        assert f'name="{name}"' in page
    response = client.post(
        reverse("research:export-list"),
        {"dataset": "publications", "format": "csv", "f_profile": "returnee_forced"},
    )
    assert response.status_code == 200
    assert "ne s’applique pas" in response.content.decode() or "not apply" in (
        response.content.decode()
    )
    response = client.post(
        reverse("research:export-list"),
        {"dataset": "applications", "format": "csv", "f_application_status": "departed"},
    )
    assert response.status_code == 302
    from research.models import ExportJob

    assert ExportJob.objects.get().filters == {"application_status": "departed"}


def test_dashboard_offers_placements_and_returns(client_as, researcher, placements):
    from research.facts import facts_refresh

    facts_refresh()
    client = client_as(researcher)
    content = client.get(reverse("research:dashboard")).content.decode()
    assert "Offres, placements et retours" in content
    # 4 of the 6 returns due came back on time: 67 %; stays of 182 ×4 and 203 days: 186.
    csv_url = reverse("research:dashboard-table-csv", args=["circular", 4])
    text = client.get(csv_url).content.decode("utf-8-sig").splitlines()
    assert text[1:] == ["Taux de retour à temps (%),67", "Durée moyenne du séjour (jours),186"]
    placements_csv = client.get(reverse("research:dashboard-table-csv", args=["circular", 2]))
    lines = placements_csv.content.decode("utf-8-sig").splitlines()
    assert "2026 – France,2" in lines and "2025 – Espagne,6" in lines
    # The region filter applies to the placements (Ségou: the two men in France).
    lines = (
        client.get(reverse("research:dashboard-table-csv", args=["circular", 2]), {"region": "SEG"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert lines[1:] == ["2026 – France,2"]
    offers = client.get(reverse("research:dashboard-table-csv", args=["circular", 1]))
    assert sorted(offers.content.decode("utf-8-sig").splitlines()[1:]) == ["Espagne,1", "France,1"]


def test_dashboard_page_follows_a_refresh_of_the_facts(client_as, researcher, placements):
    from research.facts import facts_refresh

    client = client_as(researcher)
    facts_refresh()
    url = reverse("research:dashboard-table-csv", args=["circular", 3])
    assert "Non rentré(e),1" in client.get(url).content.decode("utf-8-sig")
    page = client.get(reverse("research:dashboard")).content.decode()
    assert "Revenu en retard" in page
    from reception.placements_models import Application

    Application.objects.filter(status="not_returned").update(status="returned")
    facts_refresh()
    facts_refresh()  # safe to run twice
    from research.models import DashboardFact

    assert DashboardFact.objects.filter(metric="_refreshed").count() == 1
    lines = client.get(url).content.decode("utf-8-sig").splitlines()
    assert "Non rentré(e),0" in lines and "Revenu en retard,2" in lines


def test_dashboard_warm_request_costs_a_constant_number_of_queries(
    client_as, researcher, placements, django_assert_max_num_queries
):
    from research.facts import facts_refresh

    facts_refresh()
    client = client_as(researcher)
    client.get(reverse("research:dashboard"), {"region": "KAY"})
    with django_assert_max_num_queries(3):  # the session, the user and their roles
        assert client.get(reverse("research:dashboard"), {"region": "KAY"}).status_code == 200


def test_xlsx_cells_with_line_breaks_backslashes_and_markup_read_back(manager, research_files):
    from reception.models import Candidate

    name = 'Line 1\nLine 2\r\\n & <b>\x01 "quoted"\t'
    Candidate.objects.create(code="C9", last_name=name, first_name=" Awa ", sex="F")
    job = export_request(
        user=manager, dataset="candidates", format="xlsx", filters={}, anonymised=False
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    sheet = openpyxl.load_workbook(research_files / job.file.name).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 2 and sheet.max_row == 2
    assert rows[1][header.index("family_name")] == 'Line 1\nLine 2\r\\n & <b> "quoted"\t'
    assert rows[1][header.index("given_names")] == " Awa "


def test_dashboard_table_as_xlsx(client_as, researcher, users_by_role, placements):
    import io

    from accounts.models import AuditEvent
    from research.facts import facts_refresh

    facts_refresh()
    url = reverse("research:dashboard-table-xlsx", args=["circular", 2])
    response = client_as(researcher).get(url, {"region": "SEG"})
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows == [("Année de départ – pays", "Départs"), ("2026 – France", 2)]
    event = AuditEvent.objects.get(object_type="research.dashboard", object_id="circular/2")
    assert "region=SEG" in event.summary and "rows=1" in event.summary
    assert client_as(researcher).get(url.replace("/2.", "/9.")).status_code == 404
    assert client_as(users_by_role["counsellor"]).get(url).status_code == 403
    assert client_as(users_by_role["anonymous"]).get(url).status_code == 302
