"""Matching candidates to an offer: ranking, reasons, exclusions, bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cigem.models import Region
from reception.models import CandidateStatus
from reception.placements_matching import (
    keyword_pattern,
    keywords_of,
    match_candidates_for_offer,
    open_offers_for_candidate,
)
from reception.placements_models import ApplicationStatus as S
from reception.placements_services import application_move, application_submit

pytestmark = pytest.mark.django_db


def test_best_fit_first_with_reasons(make_offer, make_candidate, today):
    kayes = Region.objects.get(code="KAY")
    offer = make_offer(regions=[kayes])
    best = make_candidate(occupation="Maraîcher", languages=["bm", "es"], region_of_origin=kayes)
    middle = make_candidate(
        occupation="Cultivateur", languages=["bm"], region_of_origin=Region.objects.get(code="SEG")
    )
    skills_only = make_candidate(occupation="Chauffeur", skills="agriculture irriguée")
    make_candidate(occupation="Couturière", skills="broderie")  # no fit at all
    matches = match_candidates_for_offer(offer)
    assert [m.candidate for m in matches] == [best, middle, skills_only]
    assert matches[0].score > matches[1].score > matches[2].score
    reasons = " ".join(matches[0].reasons)
    assert "Maraîcher" in reasons
    assert "Kayes" in reasons


def test_excluded_too_old_closed_and_committed_elsewhere(
    make_offer, make_candidate, counsellor, today
):
    offer = make_offer()
    other = make_offer(title="Vendanges")
    fits = make_candidate()
    make_candidate(birth_year=today.year - 60)
    make_candidate(status=CandidateStatus.CLOSED)
    busy = make_candidate()
    application = application_submit(offer=other, candidate=busy, actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED):
        application_move(application=application, to_status=status, actor=counsellor)
    already = make_candidate()
    application_submit(offer=offer, candidate=already, actor=counsellor)
    pending = make_candidate()
    application_submit(offer=other, candidate=pending, actor=counsellor)
    unknown_age = make_candidate(birth_year=None)

    matches = {m.candidate: m for m in match_candidates_for_offer(offer)}
    assert set(matches) == {fits, pending, unknown_age}
    assert matches[fits].score > matches[pending].score
    assert matches[pending].warnings
    assert matches[unknown_age].warnings


def test_previous_return_counts_as_experience(make_offer, make_candidate, counsellor, today):
    earlier = make_offer(title="Saison 2025")
    offer = make_offer()
    veteran = make_candidate()
    newcomer = make_candidate()
    application = application_submit(offer=earlier, candidate=veteran, actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application,
            to_status=status,
            actor=counsellor,
            on_date=today - datetime.timedelta(days=100),
        )
    application = application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=counsellor,
        on_date=today - datetime.timedelta(days=90),
        expected_return_date=today - datetime.timedelta(days=5),
    )
    application_move(application=application, to_status=S.RETURNED, actor=counsellor)
    matches = match_candidates_for_offer(offer)
    assert [m.candidate for m in matches] == [veteran, newcomer]
    assert any("secteur" in r or "sector" in r for r in matches[0].reasons)


def test_matching_costs_the_same_queries_at_any_size(make_offer, make_candidate):
    offer = make_offer()
    make_candidate()
    with CaptureQueriesContext(connection) as few:
        match_candidates_for_offer(offer)
    for _ in range(30):
        make_candidate()
    with CaptureQueriesContext(connection) as many:
        assert len(match_candidates_for_offer(offer, limit=20)) == 20
    # regions of the offer, SET LOCAL jit, pool, returned pool, scoring (+ savepoint in tests)
    assert len(few) == len(many) <= 7


def test_matching_uses_the_trigram_index(make_offer):
    offer = make_offer()
    from django.db.models import F

    from reception.models import Candidate
    from reception.placements_matching import ProfileText, _any_keyword

    queryset = (
        Candidate.objects.alias(profile_text=ProfileText(F("occupation"), F("skills")))
        .filter(_any_keyword("profile_text", keywords_of(offer)))
        .order_by()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "candidate_profile_text_trgm" in plan


def test_keywords_match_whatever_the_accents_and_the_case(make_offer, make_candidate):
    offer = make_offer(match_keywords="macon, batiment, ecole")
    assert keyword_pattern(keywords_of(offer)).startswith("m[aàâÀÂ][cçÇ][oôÔ]n|")
    mason = make_candidate(occupation="MAÇON")
    builder = make_candidate(occupation="Ouvrier", skills="Bâtiment, coffrage")
    teacher = make_candidate(occupation="Maître d'ÉCOLE")
    make_candidate(occupation="Mécanicien")
    found = {m.candidate for m in match_candidates_for_offer(offer)}
    assert found == {mason, builder, teacher}


def test_keywords_default_to_the_words_of_the_occupation(make_offer):
    offer = make_offer(match_keywords="", occupation="Ouvrier du bâtiment")
    assert keywords_of(offer) == ["ouvrier", "batiment"]


def test_open_offers_for_a_candidate(make_offer, make_candidate, today):
    fitting = make_offer()
    make_offer(title="Soudeur", match_keywords="soud", occupation="Soudeur")
    make_offer(title="Jeunes", age_max=25)
    candidate = make_candidate(languages=["bm", "es"])
    fits = open_offers_for_candidate(candidate)
    assert [fit["offer"] for fit in fits] == [fitting]


def test_the_pool_is_bounded_but_keeps_people_who_came_back(
    make_offer, make_candidate, counsellor, today, monkeypatch
):
    from reception import placements_matching
    from reception.models import Candidate

    earlier = make_offer(title="Saison passée")
    offer = make_offer()
    veteran = make_candidate()
    application = application_submit(offer=earlier, candidate=veteran, actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application,
            to_status=status,
            actor=counsellor,
            on_date=today - datetime.timedelta(days=100),
        )
    application = application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=counsellor,
        on_date=today - datetime.timedelta(days=90),
        expected_return_date=today - datetime.timedelta(days=5),
    )
    application_move(application=application, to_status=S.RETURNED, actor=counsellor)
    Candidate.objects.filter(pk=veteran.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    recent = [make_candidate() for _ in range(4)]
    monkeypatch.setattr(placements_matching, "MATCH_POOL", 2)
    found = [m.candidate for m in match_candidates_for_offer(offer)]
    assert found[0] == veteran
    assert found[1:] == recent[:-3:-1]  # the two most recently updated, nobody else
