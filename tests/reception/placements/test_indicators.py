"""Indicators: placements per offer, country and year; returns; stays; repeats; debriefs."""

import datetime

import pytest

from reception.placements_models import ApplicationStatus as S
from reception.placements_models import Country
from reception.placements_selectors import indicators
from reception.placements_services import application_move, application_submit

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _departed(offer, candidate, actor, today):
    application = application_submit(offer=offer, candidate=candidate, actor=actor)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application, to_status=status, actor=actor, on_date=today - 110 * DAY
        )
    return application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=actor,
        on_date=today - 100 * DAY,
        expected_return_date=today - 20 * DAY,
    )


def test_indicators_from_a_known_set_of_placements(make_offer, make_candidate, counsellor, today):
    spain = make_offer(title="Fraises")
    france = make_offer(title="Vendanges", country=Country.FRANCE)
    on_time, late, missing = make_candidate(), make_candidate(), make_candidate()
    application_move(
        application=_departed(spain, on_time, counsellor, today),
        to_status=S.RETURNED,
        actor=counsellor,
        on_date=today - 30 * DAY,
        debrief={"paid_as_promised": "yes", "conditions": "good", "wants_to_go_again": True},
    )
    application_move(
        application=_departed(spain, late, counsellor, today),
        to_status=S.RETURNED,
        actor=counsellor,
        on_date=today - 10 * DAY,
        debrief={"paid_as_promised": "partly", "conditions": "poor", "wants_to_go_again": False},
    )
    application_move(
        application=_departed(spain, missing, counsellor, today),
        to_status=S.NOT_RETURNED,
        actor=counsellor,
    )
    again = application_submit(offer=france, candidate=on_time, actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED):
        application_move(application=again, to_status=status, actor=counsellor)

    figures = indicators()
    per_offer = {row["title"]: row for row in figures["per_offer"]}
    assert (per_offer["Fraises"]["placed"], per_offer["Fraises"]["departed"]) == (3, 3)
    assert (per_offer["Vendanges"]["placed"], per_offer["Vendanges"]["departed"]) == (1, 0)
    assert [(r["offer__country"], r["year"], r["n"]) for r in figures["per_country_year"]] == [
        ("ES", (today - 100 * DAY).year, 3)
    ]
    assert (figures["ended"], figures["returned"], figures["on_time"]) == (3, 2, 1)
    assert figures["on_time_rate"] == 33 and figures["return_rate"] == 67
    assert figures["average_stay_days"] == 80  # (70 + 90) / 2
    assert figures["participants"] == 3 and figures["repeat_participants"] == 1
    debriefs = figures["debriefs"]
    assert debriefs["total"] == 2
    assert (debriefs["paid_yes"], debriefs["paid_partly"], debriefs["paid_no"]) == (1, 1, 0)
    assert (debriefs["cond_good"], debriefs["cond_poor"]) == (1, 1)
    assert (debriefs["again_yes"], debriefs["again_no"]) == (1, 1)
    assert figures["debrief_paid_rate"] == 50


def test_indicators_on_an_empty_database_say_nothing_rather_than_zero(db):
    figures = indicators()
    assert figures["on_time_rate"] is None and figures["average_stay_days"] is None
    assert figures["per_offer"] == [] and figures["repeat_participants"] == 0
