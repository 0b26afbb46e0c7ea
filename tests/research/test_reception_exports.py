"""Exports of reception's data: candidates, visits, referrals; anonymity and neutralised names."""

import csv
import datetime as dt

import openpyxl
import pytest
from django.utils import timezone

from cigem.models import Region
from research.models import ExportStatus
from research.services import export_request, export_run

pytestmark = pytest.mark.django_db(transaction=True)

IDENTIFYING = {
    "code",
    "family_name",
    "given_names",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "nina",
    "passport_number",
    "cercle",
    "commune",
    "residence",
    "occupation",
    "intended_destination",
    "counsellor_email",
    "candidate_code",
    "notes",
    "next_step",
    "outcome",
    "service",
    "referred_by_email",
}


def make_candidates(groups, region_code="KAY", start=0):
    """groups: {(sex, birth year, profile): n}; returns the candidates."""
    from cigem.services import region_sync
    from reception.models import Candidate

    region_sync()  # a transactional test before may have emptied the reference table
    region = Region.objects.get(code=region_code)
    made, i = [], start
    for (sex, year, profile), n in groups.items():
        for _ in range(n):
            i += 1
            made.append(
                Candidate.objects.create(
                    code=f"C{i:06d}",
                    last_name=f"Traoré{i}",
                    first_name="Awa",
                    sex=sex,
                    birth_date=dt.date(year, 6, 1),
                    birth_year=year,
                    phone=f"+2237000{i:04d}",
                    region_of_origin=region,
                    profile=profile,
                    intended_destination="Espagne",
                )
            )
    return made


def read(job, root):
    path = root / job.file.name
    if job.format == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_in_a_candidate_name_is_neutralised(fmt, manager, research_files):
    from reception.models import Candidate

    Candidate.objects.create(
        code="C1", last_name='=HYPERLINK("http://x","clic")', first_name="+Awa", sex="F"
    )
    Candidate.objects.create(code="C2", last_name="@SUM(1)", first_name="-1+2", sex="M")
    job = export_request(
        user=manager, dataset="candidates", format=fmt, filters={}, anonymised=False
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    rows = read(job, research_files)
    header = rows[0]
    names = {(r[header.index("family_name")], r[header.index("given_names")]) for r in rows[1:]}
    assert names == {('\'=HYPERLINK("http://x","clic")', "'+Awa"), ("'@SUM(1)", "'-1+2")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymised_candidates_hold_k_anonymity_and_no_identifier(fmt, researcher, research_files):
    year = timezone.localdate().year
    make_candidates(
        {
            ("F", year - 30, "potential_migrant"): 6,
            ("M", year - 30, "potential_migrant"): 5,
            ("M", year - 50, "returnee_forced"): 2,
        }
    )
    job = export_request(
        user=researcher, dataset="candidates", format=fmt, filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.failure_reason
    rows = read(job, research_files)
    header = rows[0]
    assert not set(header) & IDENTIFYING
    assert {"sex", "age_band", "region", "profile"} <= set(header)
    assert job.rows == 11 and job.suppressed_rows == 2
    key = [header.index(k) for k in ("sex", "age_band", "region", "profile")]
    combos = {}
    for r in rows[1:]:
        combos[tuple(r[i] for i in key)] = combos.get(tuple(r[i] for i in key), 0) + 1
    assert min(combos.values()) >= 5
    assert ("F", "25-34", "KAY", "potential_migrant") in combos


def test_visits_of_one_person_do_not_make_a_group(researcher, research_files):
    from reception.models import Visit

    year = timezone.localdate().year
    lone = make_candidates({("F", year - 40, "returnee_voluntary"): 1})[0]
    crowd = make_candidates({("M", year - 20, "potential_migrant"): 5}, start=100)
    for _ in range(8):
        Visit.objects.create(candidate=lone, visit_date=timezone.localdate())
    for person in crowd:
        Visit.objects.create(candidate=person, visit_date=timezone.localdate())
    job = export_request(
        user=researcher, dataset="visits", format="csv", filters={}, anonymised=True
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.rows, job.suppressed_rows) == (5, 8)


def test_identified_candidates_for_managers_only(client_as, researcher, manager):
    body = {"dataset": "candidates", "format": "csv", "anonymised": False}
    assert (
        client_as(researcher)
        .post("/api/v1/exports/", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_as(manager)
        .post("/api/v1/exports/", body, content_type="application/json")
        .status_code
        == 202
    )


def test_candidate_filters(manager, research_files):
    year = timezone.localdate().year
    make_candidates({("F", year - 30, "potential_migrant"): 3})
    make_candidates({("M", year - 30, "returnee_forced"): 2}, region_code="SEG", start=50)
    job = export_request(
        user=manager,
        dataset="candidates",
        format="csv",
        filters={"region": "SEG", "profile": "returnee_forced"},
        anonymised=False,
    )
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.rows == 2
