"""The subscribe service other apps call, consent events, opt-out words and CSV import."""

import io

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import (
    ConsentEvent,
    ConsentKind,
    Delivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]


def sub(**kw):
    args = {
        "phone": "76 12 34 56",
        "email": None,
        "language": "fr",
        "region_code": "KAY",
        "interests": ["seasonal_work"],
        "source": "counsellor",
        "consent_text_version": "v1",
    }
    args.update(kw)
    return services.subscribe(**args)


def test_same_person_twice_is_one_subscriber_with_two_events(counsellor):
    first = sub(actor=counsellor)
    second = sub(phone="+22376123456", interests=["legal_migration"], email="a@example.test")
    assert first.pk == second.pk
    assert Subscriber.objects.count() == 1
    second.refresh_from_db()
    assert second.phone == "+22376123456"
    assert second.email == "a@example.test"
    assert second.interest_list == ["legal_migration", "seasonal_work"]
    assert second.status == SubscriberStatus.ACTIVE
    events = list(ConsentEvent.objects.filter(subscriber=first).order_by("id"))
    assert [e.kind for e in events] == [ConsentKind.SUBSCRIBED, ConsentKind.SUBSCRIBED]
    assert events[0].actor == counsellor
    assert events[0].text_version == "v1"
    assert events[0].method == "counsellor"


def test_found_by_email_when_phone_differs():
    first = sub(phone=None, email="A@Example.test", source="diaspora")
    second = sub(phone=None, email="a@example.test", source="diaspora")
    assert first.pk == second.pk


def test_public_form_waits_for_confirmation_and_cannot_change_an_active_subscriber():
    active = sub(language="bm")
    again = sub(source="public_form", language="en", region_code="GAO")
    assert again.pk == active.pk
    again.refresh_from_db()
    assert again.status == SubscriberStatus.ACTIVE
    assert again.language == "bm"
    newcomer = sub(phone="+22365000001", source="public_form")
    assert newcomer.status == SubscriberStatus.PENDING
    services.subscriber_confirm(subscriber=newcomer)
    services.subscriber_confirm(subscriber=newcomer)  # opening the link twice is harmless
    newcomer.refresh_from_db()
    assert newcomer.status == SubscriberStatus.ACTIVE
    assert newcomer.events.filter(kind=ConsentKind.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"phone": "12"}, "phone"),
        ({"phone": None, "email": "not-an-email"}, "email"),
        ({"language": "de"}, "language"),
        ({"region_code": "XXX"}, "region"),
        ({"interests": ["football"]}, "interests"),
        ({"source": "spam"}, "source"),
    ],
)
def test_refuses_bad_input_naming_the_field(kw, field):
    with pytest.raises(ValidationError) as info:
        sub(**kw)
    assert field in info.value.message_dict


def test_needs_an_address():
    with pytest.raises(ValidationError):
        sub(phone=None, email=None)


@pytest.mark.parametrize("word", ["STOP", "stop", "Arret", "ARRÊT", "arrêt.", "Dabila"])
def test_stop_words_unsubscribe_and_skip_pending_messages(word, campaign_manager):
    from tests.campaigns.factories import make_campaign

    person = sub()
    campaign = make_campaign(campaign_manager)
    Delivery.objects.create(campaign=campaign, subscriber=person, channel="sms", language="fr")
    assert services.inbound_sms_receive(sender="tel:+22376123456", text=f"{word} merci")
    person.refresh_from_db()
    assert person.status == SubscriberStatus.UNSUBSCRIBED
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED
    event = person.events.get(kind=ConsentKind.UNSUBSCRIBED)
    assert event.method == "sms_keyword"


def test_other_words_do_nothing():
    person = sub()
    assert not services.inbound_sms_receive(sender="tel:+22376123456", text="Bonjour")
    person.refresh_from_db()
    assert person.status == SubscriberStatus.ACTIVE


def test_resubscribe_after_opt_out(counsellor):
    person = sub()
    services.subscriber_unsubscribe(subscriber=person, method="staff", actor=counsellor)
    again = sub()
    assert again.pk == person.pk and again.status == SubscriberStatus.ACTIVE


def test_import_reports_refused_lines(campaign_manager):
    csv_text = (
        "phone,email,language,region,interests\n"
        "76 00 00 01,,fr,BKO,seasonal_work|legal_migration\n"
        "12,,fr,,\n"
        ",x@example.test,en,GAO,\n"
        ",,fr,,\n"
        "76 00 00 01,,bm,,\n"
    )
    report = services.subscriber_import(
        lines=io.StringIO(csv_text), actor=campaign_manager, consent_text_version="paper-2025"
    )
    assert report["created_or_updated"] == 3
    assert [number for number, _values, _reason in report["refused"]] == [3, 5]
    assert Subscriber.objects.count() == 2


def test_import_needs_the_columns(campaign_manager):
    with pytest.raises(ValidationError):
        services.subscriber_import(
            lines=io.StringIO("name\nx\n"), actor=campaign_manager, consent_text_version="v"
        )
