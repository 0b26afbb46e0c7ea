"""The application pipeline and offer rules: legal moves, refused moves, dates and positions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import AuditEvent
from reception.placements_models import (
    Application,
    ApplicationEvent,
    Debrief,
    OfferStatus,
)
from reception.placements_models import (
    ApplicationStatus as S,
)
from reception.placements_services import (
    TRANSITIONS,
    application_move,
    application_shortlist,
    application_submit,
    debrief_record,
    interest_create,
    offer_create,
    offer_set_status,
    offer_update,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _to_departed(application, actor, today):
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application, to_status=status, actor=actor, on_date=today - 10 * DAY
        )
    return application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=actor,
        on_date=today - 5 * DAY,
        expected_return_date=today + 90 * DAY,
    )


def test_full_pipeline_stores_who_and_when_and_the_dates(offer, make_candidate, counsellor, today):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    application = _to_departed(application, counsellor, today)
    assert application.status == S.DEPARTED
    assert application.departure_date == today - 5 * DAY
    assert application.expected_return_date == today + 90 * DAY
    application = application_move(
        application=application,
        to_status=S.RETURNED,
        actor=counsellor,
        on_date=today,
        debrief={"paid_as_promised": "partly", "conditions": "good", "wants_to_go_again": True},
    )
    assert application.return_date == today
    assert Debrief.objects.get(application=application).paid_as_promised == "partly"
    moves = list(ApplicationEvent.objects.filter(application=application).order_by("id"))
    assert [(m.from_status, m.to_status) for m in moves] == [
        ("", S.SUBMITTED),
        (S.SUBMITTED, S.SHORTLISTED),
        (S.SHORTLISTED, S.SELECTED),
        (S.SELECTED, S.CONTRACT_SIGNED),
        (S.CONTRACT_SIGNED, S.VISA_OBTAINED),
        (S.VISA_OBTAINED, S.DEPARTED),
        (S.DEPARTED, S.RETURNED),
    ]
    assert all(m.actor == counsellor and m.at is not None for m in moves)
    assert (
        AuditEvent.objects.filter(
            object_type="reception.application", object_id=str(application.pk)
        ).count()
        >= 8
    )


def test_every_illegal_move_is_refused(offer, make_candidate, counsellor):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    for target in S.values:
        if target in TRANSITIONS[S.SUBMITTED]:
            continue
        with pytest.raises(ValidationError):
            application_move(application=application, to_status=target, actor=counsellor)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_departure_before_selection_is_refused_in_french(offer, make_candidate, counsellor):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        application_move(application=application, to_status=S.DEPARTED, actor=counsellor)
    assert "Un départ ne peut être enregistré" in str(error.value.message_dict["to_status"])


def test_departure_date_before_selection_date_is_refused(offer, make_candidate, counsellor, today):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(application=application, to_status=status, actor=counsellor)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        application_move(
            application=application, to_status=S.DEPARTED, actor=counsellor, on_date=today - DAY
        )
    assert "Le départ ne peut pas précéder la sélection" in error.value.message_dict["on_date"][0]


def test_return_before_departure_is_refused(offer, make_candidate, counsellor, today):
    application = _to_departed(
        application_submit(offer=offer, candidate=make_candidate(), actor=counsellor),
        counsellor,
        today,
    )
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        application_move(
            application=application, to_status=S.RETURNED, actor=counsellor, on_date=today - 6 * DAY
        )
    assert "Le retour ne peut pas précéder le départ" in error.value.message_dict["on_date"][0]


def test_return_without_departure_is_refused(offer, make_candidate, counsellor):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    with pytest.raises(ValidationError) as error:
        application_move(application=application, to_status=S.RETURNED, actor=counsellor)
    assert "to_status" in error.value.message_dict


def test_more_placements_than_positions_is_refused_and_the_offer_fills(
    make_offer, make_candidate, counsellor
):
    offer = make_offer(positions=2)
    applications = [
        application_shortlist(offer=offer, candidate=make_candidate(), actor=counsellor)
        for _ in range(3)
    ]
    for application in applications[:2]:
        application_move(application=application, to_status=S.SELECTED, actor=counsellor)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        application_move(application=applications[2], to_status=S.SELECTED, actor=counsellor)
    assert "postes" in error.value.message_dict["to_status"][0]
    with pytest.raises(ValidationError):
        offer_update(offer=offer, data={"positions": 1}, actor=counsellor)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        offer_set_status(offer=offer, status=OfferStatus.OPEN, actor=counsellor)
    assert "Tous les postes sont pourvus" in error.value.message_dict["positions"][0]
    offer_update(offer=offer, data={"positions": 3}, actor=counsellor)
    assert offer_set_status(offer=offer, status=OfferStatus.OPEN, actor=counsellor).status == "open"


def test_deadline_in_the_past_on_a_new_offer_is_refused(make_offer, today):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        make_offer(application_deadline=today - DAY)
    assert "ne peut pas être dans le passé" in error.value.message_dict["application_deadline"][0]


def test_offer_dates_and_ages_are_checked(make_offer, today):
    with pytest.raises(ValidationError) as error:
        make_offer(
            period_end=today,
            period_start=today + 30 * DAY,
            age_min=40,
            age_max=30,
        )
    assert {"period_end", "age_max"} <= set(error.value.message_dict)


def test_offer_status_moves(offer, manager):
    offer = offer_set_status(offer=offer, status=OfferStatus.CLOSED, actor=manager)
    assert offer.status == OfferStatus.CLOSED
    offer = offer_set_status(offer=offer, status=OfferStatus.OPEN, actor=manager)
    assert offer.status == OfferStatus.OPEN
    offer_set_status(offer=offer, status=OfferStatus.CLOSED, actor=manager)
    with pytest.raises(ValidationError):
        offer_set_status(offer=offer, status=OfferStatus.FILLED, actor=manager)


def test_no_application_to_a_closed_offer_nor_twice(offer, make_candidate, counsellor, manager):
    candidate = make_candidate()
    application_submit(offer=offer, candidate=candidate, actor=counsellor)
    with pytest.raises(ValidationError):
        application_submit(offer=offer, candidate=candidate, actor=counsellor)
    offer_set_status(offer=offer, status=OfferStatus.CLOSED, actor=manager)
    with pytest.raises(ValidationError):
        application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    assert Application.objects.count() == 1


def test_rejection_needs_a_reason(offer, make_candidate, counsellor):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    with pytest.raises(ValidationError) as error:
        application_move(application=application, to_status=S.REJECTED, actor=counsellor)
    assert "note" in error.value.message_dict
    application = application_move(
        application=application, to_status=S.REJECTED, actor=counsellor, note="Profil incomplet"
    )
    assert application.outcome_note == "Profil incomplet"


def test_not_returned_only_once_overdue_and_a_late_return_still_counts(
    offer, make_candidate, counsellor, today
):
    application = _to_departed(
        application_submit(offer=offer, candidate=make_candidate(), actor=counsellor),
        counsellor,
        today,
    )
    with pytest.raises(ValidationError):
        application_move(application=application, to_status=S.NOT_RETURNED, actor=counsellor)
    Application.objects.filter(pk=application.pk).update(expected_return_date=today - DAY)
    application = application_move(
        application=application, to_status=S.NOT_RETURNED, actor=counsellor
    )
    application = application_move(application=application, to_status=S.RETURNED, actor=counsellor)
    assert application.status == S.RETURNED


def test_debrief_only_after_return(offer, make_candidate, counsellor):
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    with pytest.raises(ValidationError):
        debrief_record(
            application=application,
            data={"paid_as_promised": "yes", "conditions": "good"},
            actor=counsellor,
        )


def test_interest_is_an_appointment_request_about_the_offer(offer, today):
    interest = interest_create(offer=offer, full_name="Awa Diarra", phone="76 12 34 56")
    assert interest.phone == "+22376123456"
    assert interest.topic == "job_offers" and interest.job_offer == offer
    assert interest.preferred_date == today and interest.status == "new"
    with pytest.raises(ValidationError) as error:
        interest_create(offer=offer, full_name="Awa Diarra", phone="12")
    assert "phone" in error.value.message_dict


def test_interest_is_refused_on_an_offer_no_longer_open(make_offer):
    offer = make_offer(status=OfferStatus.CLOSED)
    with pytest.raises(ValidationError):
        interest_create(offer=offer, full_name="Awa Diarra", phone="76123456")


def test_new_offer_must_open_with_a_future_deadline(make_offer, manager, today):
    offer = make_offer(status=OfferStatus.DRAFT)
    offer.__class__.objects.filter(pk=offer.pk).update(application_deadline=today - DAY)
    offer.refresh_from_db()
    with pytest.raises(ValidationError):
        offer_set_status(offer=offer, status=OfferStatus.OPEN, actor=manager)
    assert offer_create  # imported for the module's readers
