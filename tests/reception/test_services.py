"""Services of the reception app, on the real database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from reception import services
from reception.models import (
    AppointmentStatus,
    Candidate,
    CandidateStatus,
    ClosingReason,
    ConsentKind,
    DuplicateDecision,
    DuplicateLink,
    FollowUp,
    ReferralStatus,
    VisitChannel,
)
from reception.selectors import duplicate_search, follow_ups_open_for

pytestmark = pytest.mark.django_db


def test_create_gives_a_readable_code_keys_and_an_audit_event(counsellor):
    person = services.candidate_create(
        actor=counsellor,
        last_name="  Diakité ",
        first_name="Awa",
        sex="F",
        birth_date=date(1999, 1, 2),
        phone="76 12 34 56",
        nina="1 23-45",
    )
    year = person.created_at.year
    assert person.code == f"CIG-{year}-{person.pk:06d}"
    assert person.last_name == "Diakité"
    assert person.phone == "+22376123456"
    assert person.nina == "12345"
    assert person.birth_year == 1999
    assert (person.last_name_key, person.first_name_key) == ("jkt", "a")
    assert person.counsellor == counsellor
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(person.pk), actor=counsellor
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "not a number"}, "phone"),
        ({"phone": "+2231"}, "phone"),
        ({"birth_date": date.today() + timedelta(days=1)}, "birth_date"),
        ({"birth_year": 1850}, "birth_year"),
        ({"birth_year": date.today().year + 1}, "birth_year"),
        ({"last_name": "", "first_name": ""}, "last_name"),
    ],
)
def test_bad_input_is_refused_per_field(counsellor, fields, field):
    data = {"last_name": "Koné", "first_name": "Issa", **fields}
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(actor=counsellor, **data)
    assert field in exc.value.message_dict
    assert not Candidate.objects.exists()


def test_duplicate_code_is_refused(counsellor, make_candidate):
    make_candidate(code="CIG-2020-000001")
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(
            actor=counsellor, last_name="Sow", first_name="Ali", code="cig-2020-000001"
        )
    assert "code" in exc.value.message_dict


def test_create_after_a_near_match_needs_confirmation_and_records_it(counsellor, make_candidate):
    existing = make_candidate(last_name="Coulibaly", first_name="Moussa", phone="")
    fields = {
        "last_name": "Kulibali",
        "first_name": "Musa",
        "sex": "M",
        "birth_year": 1995,
    }
    with pytest.raises(services.DuplicateSuspected) as exc:
        services.candidate_create(actor=counsellor, **fields)
    assert [m.candidate.pk for m in exc.value.matches] == [existing.pk]
    created = services.candidate_create(
        actor=counsellor, confirmed_distinct=[existing.pk], **fields
    )
    link = DuplicateLink.objects.get(candidate=created, other=existing)
    assert link.decision == DuplicateDecision.DIFFERENT_PEOPLE
    assert link.decided_by == counsellor


def test_duplicate_search_finds_variants_and_keeps_others_apart(make_candidate):
    target = make_candidate(
        last_name="Diakité", first_name="Mamadou Lamine", phone="", birth_date=date(1990, 6, 1)
    )
    make_candidate(last_name="Diakité", first_name="Seydou", phone="", birth_date=date(1990, 2, 1))
    make_candidate(last_name="Traoré", first_name="Awa", sex="F", phone="")
    from reception.names import Person

    found = duplicate_search(Person(last_name="Mamadu", first_name="Jakite", birth_year=1990))
    assert [m.candidate.pk for m in found] == [target.pk]
    assert "names_swapped" in found[0].reasons


def test_duplicate_search_alerts_on_phone_even_with_other_name(make_candidate):
    sister = make_candidate(last_name="Sangaré", first_name="Fanta", sex="F")
    from reception.names import Person

    found = duplicate_search(Person(last_name="Sangaré", first_name="Bintou", phone=sister.phone))
    assert found[0].candidate == sister
    assert found[0].alert and "same_phone" in found[0].reasons


def test_stale_edit_is_refused_and_nothing_is_lost(counsellor, manager, candidate):
    version = candidate.version
    services.candidate_update(
        candidate=candidate, actor=counsellor, expected_version=version, occupation="Maçon"
    )
    with pytest.raises(services.StaleEdit) as exc:
        services.candidate_update(
            candidate=candidate, actor=manager, expected_version=version, occupation="Chauffeur"
        )
    assert exc.value.current.occupation == "Maçon"
    candidate.refresh_from_db()
    assert candidate.occupation == "Maçon"
    assert candidate.version == version + 1


def test_update_recomputes_name_keys(counsellor, candidate):
    services.candidate_update(
        candidate=candidate, actor=counsellor, expected_version=candidate.version, last_name="Keïta"
    )
    candidate.refresh_from_db()
    assert candidate.last_name_key == "kt"
    assert candidate.first_name_key == "ms"


def test_referral_refused_without_consent_then_state_machine(counsellor, candidate, partner):
    with pytest.raises(ValidationError) as exc:
        services.referral_create(
            candidate=candidate, actor=counsellor, partner=partner, service="Placement"
        )
    assert "partner" in exc.value.message_dict
    services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )
    referral = services.referral_create(
        candidate=candidate, actor=counsellor, partner=partner, service="Placement"
    )
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert referral.follow_ups.filter(done_at__isnull=True).count() == 1
    with pytest.raises(ValidationError):
        services.referral_transition(
            referral=referral, to_status=ReferralStatus.DONE, actor=counsellor
        )
    services.referral_transition(
        referral=referral, to_status=ReferralStatus.ACCEPTED, actor=counsellor
    )
    services.referral_transition(
        referral=referral, to_status=ReferralStatus.DONE, actor=counsellor, outcome="Inscrit"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    assert referral.follow_ups.filter(done_at__isnull=True).count() == 0
    with pytest.raises(ValidationError):
        services.referral_transition(
            referral=referral, to_status=ReferralStatus.REVOKED, actor=counsellor
        )


def test_withdrawn_consent_blocks_referrals_again(counsellor, consenting_candidate, partner):
    services.candidate_consent_record(
        candidate=consenting_candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=False
    )
    with pytest.raises(ValidationError):
        services.referral_create(
            candidate=consenting_candidate, actor=counsellor, partner=partner, service="x"
        )


def test_visit_with_follow_up_lands_in_my_follow_ups_overdue_first(counsellor, candidate):
    today = timezone.localdate()
    services.visit_create(
        candidate=candidate,
        actor=counsellor,
        visit_date=today,
        follow_up_date=today + timedelta(days=7),
        next_step="Call back",
    )
    services.follow_up_create(
        candidate=candidate, actor=counsellor, due_date=today - timedelta(days=2), reason="Late"
    )
    reasons = [f.reason for f in follow_ups_open_for(counsellor)]
    assert reasons == ["Late", "Call back"]


def test_visit_bad_dates(counsellor, candidate):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.visit_create(
            candidate=candidate,
            actor=counsellor,
            visit_date=today + timedelta(days=1),
        )
    assert "visit_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.visit_create(
            candidate=candidate,
            actor=counsellor,
            visit_date=today,
            follow_up_date=today - timedelta(days=1),
        )
    assert "follow_up_date" in exc.value.message_dict


def test_follow_up_complete_twice_keeps_first(counsellor, manager, candidate):
    follow_up = services.follow_up_create(
        candidate=candidate, actor=counsellor, due_date=timezone.localdate(), reason="Call"
    )
    services.follow_up_complete(follow_up=follow_up, actor=counsellor, outcome="ok")
    services.follow_up_complete(follow_up=follow_up, actor=manager, outcome="again")
    follow_up.refresh_from_db()
    assert follow_up.done_by == counsellor and follow_up.outcome == "ok"


def test_merge_moves_visits_and_referrals_and_is_audited(
    manager, counsellor, make_candidate, partner
):
    keep = make_candidate(actor=counsellor, phone="", nina="")
    drop = make_candidate(actor=counsellor, first_name="Musa", nina="999")
    services.visit_create(candidate=drop, actor=counsellor, visit_date=timezone.localdate())
    services.candidate_consent_record(
        candidate=drop, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )
    services.referral_create(candidate=drop, actor=counsellor, partner=partner, service="x")
    services.candidate_merge(keep=keep, drop=drop, actor=manager)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.visits.count() == 1 and keep.referrals.count() == 1
    assert keep.follow_ups.count() == 1 and keep.consents.count() == 1
    assert keep.nina == "999" and keep.phone == drop.phone
    assert drop.merged_into == keep and drop.closing_reason == ClosingReason.MERGED
    assert drop.status == CandidateStatus.CLOSED
    assert AuditEvent.objects.filter(action=AuditAction.MERGE).count() == 2
    assert DuplicateLink.objects.get(candidate=keep, other=drop).decision == "same_person"
    with pytest.raises(ValidationError):
        services.candidate_merge(keep=keep, drop=drop, actor=manager)


def test_erase_wipes_identity_and_keeps_statistics(manager, counsellor, candidate):
    services.visit_create(
        candidate=candidate, actor=counsellor, visit_date=timezone.localdate(), notes="secret"
    )
    services.candidate_erase(candidate=candidate, actor=manager)
    candidate.refresh_from_db()
    assert candidate.last_name == candidate.first_name == candidate.phone == ""
    assert candidate.birth_date is None and candidate.birth_year == 1995
    assert candidate.sex == "M" and candidate.is_erased
    assert candidate.visits.get().notes == ""
    assert AuditEvent.objects.filter(action=AuditAction.ERASE).exists()
    from reception.names import Person

    assert duplicate_search(Person(last_name="Coulibaly", first_name="Moussa")) == []


def test_messages_consent_has_one_call_point(counsellor, candidate, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_subscribe_to_messages", lambda **kw: calls.append(kw))
    consent = services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.MESSAGES, given=True
    )
    assert consent.text_version == services.CONSENT_TEXT_VERSION
    assert calls[0]["phone"] == candidate.phone
    assert calls[0]["consent_text_version"] == services.CONSENT_TEXT_VERSION


def test_appointment_request_becomes_a_visit_once(counsellor, candidate):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.appointment_request_create(
            full_name="Awa", phone="abc", topic="other", preferred_date=today - timedelta(1)
        )
    assert {"phone", "preferred_date"} <= set(exc.value.message_dict)
    request = services.appointment_request_create(
        full_name="Awa Traoré", phone="66 00 00 01", topic="other", preferred_date=today
    )
    visit = services.appointment_convert(appointment=request, candidate=candidate, actor=counsellor)
    assert visit.channel == VisitChannel.ONLINE_REQUEST
    request.refresh_from_db()
    assert request.status == AppointmentStatus.CONVERTED and request.visit == visit
    with pytest.raises(ValidationError):
        services.appointment_convert(appointment=request, candidate=candidate, actor=counsellor)
    assert FollowUp.objects.count() == 0


def test_duplicate_search_loose_block_catches_spellings_with_other_keys(make_candidate):
    # Danbele/Dembélé fold to different keys; the same given name and birth year bring it back.
    target = make_candidate(
        last_name="Dembélé", first_name="Oumar", phone="", birth_year=1993, birth_date=None
    )
    from reception.names import Person

    scored = duplicate_search(
        Person(last_name="Danbele", first_name="Oumar", birth_year=1993), threshold=0.0
    )
    assert target.pk in [m.candidate.pk for m in scored]


def test_messages_consent_subscribes_through_campaigns(counsellor, candidate, regions):
    from campaigns.models import Subscriber

    services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.MESSAGES, given=True
    )
    subscriber = Subscriber.objects.get(phone=candidate.phone)
    assert subscriber.source == "counsellor"


def test_withdrawing_messages_consent_unsubscribes_and_skips_pending_messages(
    counsellor, candidate, regions
):
    from campaigns.models import (
        Campaign,
        ConsentEvent,
        Delivery,
        DeliveryStatus,
        Subscriber,
        SubscriberStatus,
    )

    services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.MESSAGES, given=True
    )
    subscriber = Subscriber.objects.get(phone=candidate.phone)
    assert subscriber.status == SubscriberStatus.ACTIVE
    campaign = Campaign.objects.create(name="Saison agricole")
    pending = Delivery.objects.create(
        campaign=campaign, subscriber=subscriber, channel="sms", language="fr"
    )

    services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.MESSAGES, given=False
    )

    subscriber.refresh_from_db()
    pending.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert pending.status == DeliveryStatus.SKIPPED
    event = ConsentEvent.objects.filter(subscriber=subscriber).latest("id")
    assert event.kind == "unsubscribed" and event.method == "counsellor"
    assert candidate.last_name not in event.detail


def test_withdrawing_messages_consent_of_someone_never_subscribed_is_recorded(
    counsellor, candidate
):
    from campaigns.models import Subscriber

    consent = services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.MESSAGES, given=False
    )
    assert consent.given is False
    assert not Subscriber.objects.exists()
