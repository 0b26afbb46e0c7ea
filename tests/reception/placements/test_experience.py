"""Experience: the candidate's declared years and time abroad rank matching, with reasons."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reception.forms import CandidateForm
from reception.placements_matching import (
    candidate_experience_months,
    match_candidates_for_offer,
    open_offers_for_candidate,
)
from reception.placements_models import ApplicationStatus as S
from reception.placements_services import application_move, application_submit

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _went_and_came_back(offer, candidate, counsellor, today, days_abroad):
    application = application_submit(offer=offer, candidate=candidate, actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application,
            to_status=status,
            actor=counsellor,
            on_date=today - (days_abroad + 20) * DAY,
        )
    application = application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=counsellor,
        on_date=today - (days_abroad + 10) * DAY,
        expected_return_date=today - 10 * DAY,
    )
    return application_move(
        application=application, to_status=S.RETURNED, actor=counsellor, on_date=today - 10 * DAY
    )


def test_required_experience_ranks_and_is_explained(make_offer, make_candidate):
    offer = make_offer(experience_months=24)
    seasoned = make_candidate(years_of_experience=5)
    junior = make_candidate(years_of_experience=1)
    unknown = make_candidate()
    with translation.override("en"):
        matches = {m.candidate: m for m in match_candidates_for_offer(offer)}
    ranked = sorted(matches, key=lambda c: -matches[c].score)
    assert ranked[0] == seasoned
    assert matches[seasoned].score > matches[junior].score
    assert "Experience 5 years, meets the 2 years required" in matches[seasoned].reasons
    assert "Experience 1 year, below the 2 years required" in matches[junior].warnings
    assert "Experience not recorded (2 years required)" in matches[unknown].warnings


def test_without_a_requirement_more_experience_still_ranks_higher(make_offer, make_candidate):
    offer = make_offer(experience_months=0)
    novice = make_candidate(years_of_experience=0)
    expert = make_candidate(years_of_experience=12)
    middle = make_candidate(years_of_experience=2)
    matches = match_candidates_for_offer(offer)
    assert [m.candidate for m in matches] == [expert, middle, novice]
    with translation.override("fr"):
        matches = match_candidates_for_offer(offer)
    assert "Expérience de 12 ans" in matches[0].reasons


def test_time_abroad_counts_towards_the_required_experience(
    make_offer, make_candidate, counsellor, today
):
    earlier = make_offer(title="Saison passée")
    offer = make_offer(experience_months=3)
    veteran = make_candidate()  # no declared years: only the season abroad
    newcomer = make_candidate()
    _went_and_came_back(earlier, veteran, counsellor, today, days_abroad=120)
    assert candidate_experience_months(veteran) == (4, True)
    with translation.override("en"):
        matches = match_candidates_for_offer(offer)
    assert [m.candidate for m in matches] == [veteran, newcomer]
    assert (
        "Experience 4 months, of which 4 months abroad through the centre, meets the 3 months "
        "required" in matches[0].reasons
    )
    assert any("not recorded" in w for w in matches[1].warnings)


def test_experience_keeps_the_query_count_fixed(make_offer, make_candidate, counsellor, today):
    earlier = make_offer(title="Saison passée", positions=40)
    offer = make_offer(experience_months=12)
    make_candidate(years_of_experience=3)
    with CaptureQueriesContext(connection) as few:
        match_candidates_for_offer(offer)
    for n in range(12):
        candidate = make_candidate(years_of_experience=n)
        if n % 3 == 0:
            _went_and_came_back(earlier, candidate, counsellor, today, days_abroad=60 + n)
    with CaptureQueriesContext(connection) as many:
        assert len(match_candidates_for_offer(offer)) == 13
    assert len(few) == len(many) <= 7


def test_open_offers_for_a_candidate_weigh_experience(make_offer, make_candidate):
    demanding = make_offer(title="Chef d'équipe", experience_months=60)
    easy = make_offer(title="Cueillette", experience_months=6)
    candidate = make_candidate(years_of_experience=2)
    with translation.override("en"):
        fits = {fit["offer"]: fit for fit in open_offers_for_candidate(candidate)}
    assert fits[easy]["score"] > fits[demanding]["score"]
    assert "Experience meets the 6 months required" in fits[easy]["reasons"]
    assert "Experience below the 5 years required" in fits[demanding]["warnings"]


def test_years_of_experience_are_bounded_on_the_desk_form_and_the_api(
    client_as, counsellor, make_candidate
):
    form = CandidateForm(data={"last_name": "Traoré", "years_of_experience": "61"})
    assert not form.is_valid() and "years_of_experience" in form.errors
    form = CandidateForm(data={"last_name": "Traoré", "years_of_experience": "-1"})
    assert not form.is_valid() and "years_of_experience" in form.errors
    form = CandidateForm(data={"last_name": "Traoré", "years_of_experience": "60"})
    form.is_valid()
    assert "years_of_experience" not in form.errors

    candidate = make_candidate()
    client = client_as(counsellor)
    url = reverse("api:reception-candidate-detail", args=[candidate.pk])
    response = client.patch(
        url,
        {"years_of_experience": 61, "version": candidate.version},
        content_type="application/json",
    )
    assert response.status_code == 400 and "years_of_experience" in response.json()
    response = client.patch(
        url,
        {"years_of_experience": 7, "version": candidate.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    candidate.refresh_from_db()
    assert candidate.years_of_experience == 7
    assert client.get(url).json()["years_of_experience"] == 7
