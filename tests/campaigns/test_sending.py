"""The sending pipeline against a local Orange-style gateway and a local SMTP server."""

import email
from datetime import time, timedelta

import pytest
from django.utils import timezone

from campaigns import sending, services
from campaigns.models import Campaign, CampaignStatus, Delivery, DeliveryStatus, Subscriber
from campaigns.providers import OrangeSmsProvider, Outbound, SendError
from campaigns.segments import sms_length
from tests.campaigns.factories import make_campaign, make_subscribers

pytestmark = pytest.mark.django_db


def launch(campaign, actor):
    services.campaign_launch(campaign=campaign, actor=actor)
    campaign.refresh_from_db()
    return campaign


def run_batches(campaign, rounds=20):
    for _ in range(rounds):
        result = sending.process_batch(campaign.pk)
        if not result["claimed"]:
            break
    campaign.refresh_from_db()


def counts(campaign):
    from campaigns.selectors import delivery_counts

    return {k: v for k, v in delivery_counts(campaign).items() if v}


# --- Segments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("é" * 160, "GSM-7", 1),  # é is in the GSM alphabet
        ("ê" + "a" * 69, "UCS-2", 1),
        ("ê" + "a" * 70, "UCS-2", 2),
        ("€" * 80, "GSM-7", 1),  # extension characters cost two septets
        ("€" * 81, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("Ɛ" * 134, "UCS-2", 2),
        ("😀" * 35, "UCS-2", 1),  # two UTF-16 units each
    ],
)
def test_segments(text, encoding, segments):
    info = sms_length(text)
    assert (info.encoding, info.segments) == (encoding, segments)


def test_segments_name_the_offending_characters():
    assert sms_length("ARRÊT ça").non_gsm == ("Ê", "ç")


# --- Fan-out and sending ----------------------------------------------------------------------


def test_fan_out_one_row_per_recipient_and_channel(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(5, email=True)
    make_subscribers(3, start=100, language="bm")
    Subscriber.objects.filter(pk=Subscriber.objects.order_by("id").first().pk).update(
        status="unsubscribed"
    )
    campaign = make_campaign(
        campaign_manager,
        channel="both",
        messages={"bm": {"sms_text": "Kunnafoni ɲuman", "email_subject": "", "email_body": ""}},
    )
    campaign = launch(campaign, campaign_manager)
    assert campaign.status == CampaignStatus.SENDING
    assert campaign.recipient_count == 7 + 4
    rows = Delivery.objects.filter(campaign=campaign)
    assert rows.filter(channel="sms").count() == 7
    assert rows.filter(channel="email").count() == 4
    # Bambara readers get the Bambara SMS (UCS-2, 1 segment); their email falls back to French.
    assert set(rows.filter(channel="sms", language="bm").values_list("segments", flat=True)) == {1}
    assert rows.filter(channel="email", language="bm").count() == 0
    # Fan-out twice inserts nothing more (unique on campaign, subscriber, channel).
    assert sending.fan_out(campaign) == 0


def test_send_through_gateway_records_provider_ids(campaign_manager, gateway, no_quiet_hours):
    make_subscribers(12)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    run_batches(campaign)
    assert counts(campaign) == {"sent": 12}
    assert campaign.status == CampaignStatus.COMPLETED
    assert set(Delivery.objects.values_list("provider", flat=True)) == {"orange"}
    assert all(
        pid.startswith("m") for pid in Delivery.objects.values_list("provider_id", flat=True)
    )
    assert len(gateway.state.accepted) == 12
    assert gateway.state.token_requests == 1
    request = gateway.state.requests[0]
    assert (
        request["header_key"] == request["key"] == f"cigem-d{Delivery.objects.order_by('id')[0].pk}"
    )


def test_retries_429_500_and_timeouts_then_succeeds(campaign_manager, gateway, settings):
    make_subscribers(3)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    gateway.state.faults = [("429", 0), ("500", 0), ("hang", 1.5)]
    run_batches(campaign)
    assert counts(campaign) == {"sent": 3}
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [2, 2, 2]
    # The request that timed out may have reached the gateway: it was sent once anyway.
    assert sorted(gateway.state.sent_per_address().values()) == [1, 1, 1]


def test_three_failures_fail_with_the_reason(campaign_manager, gateway):
    (person,) = make_subscribers(1)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    gateway.state.address_faults[person.phone] = ["500", "500", "429"]
    run_batches(campaign)
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 3)
    assert row.failure_reason.startswith("HTTP 429")
    assert campaign.status == CampaignStatus.COMPLETED
    # Resend reuses the row and its key.
    assert services.campaign_resend_failed(campaign=campaign, actor=campaign_manager) == 1
    run_batches(campaign)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert Delivery.objects.count() == 1
    assert {r["key"] for r in gateway.state.requests} == {row.idempotency_key}


def test_client_errors_fail_at_once(campaign_manager, gateway):
    (person,) = make_subscribers(1)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    gateway.state.address_faults[person.phone] = ["400"]
    run_batches(campaign)
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
    assert "400" in row.failure_reason


def test_gateway_drops_a_repeated_correlator(gateway, settings):
    provider = OrangeSmsProvider()
    message = Outbound(key="cigem-d42", channel="sms", to="+22376000000", text="x")
    first, second = provider.send(message), provider.send(message)
    provider.close()
    assert first == second
    assert len(gateway.state.accepted) == 1


def test_bad_credentials_are_not_retried(gateway, settings):
    settings.SMS_CLIENT_SECRET = "wrong"
    provider = OrangeSmsProvider()
    with pytest.raises(SendError) as info:
        provider.send(Outbound(key="k", channel="sms", to="+22376000000", text="x"))
    assert not info.value.retryable


def test_opt_out_during_send_is_respected(campaign_manager, gateway):
    people = make_subscribers(4)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    token = sending.claim(campaign.pk, 2)  # a batch holds the first two rows...
    assert token
    services.inbound_sms_receive(sender=people[0].phone, text="STOP")  # ...one opts out
    services.inbound_sms_receive(sender=people[3].phone, text="STOP")  # a pending one too
    assert Delivery.objects.get(subscriber=people[3]).status == DeliveryStatus.SKIPPED
    # The holder dies; its rows come back and the next batch checks consent before sending.
    Delivery.objects.filter(claim=token).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sending.sweep()["returned"] == 2
    run_batches(campaign)
    assert counts(campaign) == {"sent": 2, "skipped": 2}
    assert people[0].phone not in gateway.state.sent_per_address()


def test_expired_lease_is_returned_and_sent_once(campaign_manager, gateway, settings):
    make_subscribers(3)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    token = sending.claim(campaign.pk, 10)  # a worker claimed, then died
    assert Delivery.objects.filter(claim=token, status="sending").count() == 3
    assert sending.process_batch(campaign.pk)["claimed"] == 0
    Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sending.sweep()["returned"] == 3
    run_batches(campaign)
    assert counts(campaign) == {"sent": 3}


def test_sweep_fails_rows_lost_three_times(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(1)
    launch(make_campaign(campaign_manager), campaign_manager)
    Delivery.objects.update(
        status="sending", attempts=3, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert sending.sweep()["lost"] == 1
    assert Delivery.objects.get().failure_reason == "worker lost"


def test_pause_and_cancel_stop_batches(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(5)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    services.campaign_pause(campaign=campaign, actor=campaign_manager)
    assert sending.process_batch(campaign.pk)["claimed"] == 0
    services.campaign_resume(campaign=campaign, actor=campaign_manager)
    services.campaign_cancel(campaign=campaign, actor=campaign_manager)
    assert counts(campaign) == {"expired": 5}
    with pytest.raises(services.CampaignError):
        services.campaign_resume(campaign=campaign, actor=campaign_manager)


def test_quiet_hours_hold_messages(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(2)
    campaign = make_campaign(campaign_manager)
    now = timezone.localtime()
    start = (now - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    Campaign.objects.filter(pk=campaign.pk).update(quiet_start=start, quiet_end=end)
    campaign = launch(Campaign.objects.get(pk=campaign.pk), campaign_manager)
    assert sending.in_quiet_hours(campaign)
    assert sending.process_batch(campaign.pk)["claimed"] == 0
    assert counts(campaign) == {"pending": 2}
    Campaign.objects.filter(pk=campaign.pk).update(quiet_start=time(0, 0), quiet_end=time(0, 0))
    run_batches(campaign)
    assert counts(campaign) == {"sent": 2}


def test_receipts_only_move_forward(campaign_manager, gateway):
    make_subscribers(1)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    row = Delivery.objects.get()
    assert not sending.receipt_apply(key=row.idempotency_key, status="DeliveredToTerminal")
    run_batches(campaign)
    assert sending.receipt_apply(key=row.idempotency_key, status="DeliveredToTerminal")
    assert not sending.receipt_apply(key=row.idempotency_key, status="DeliveryImpossible")
    row.refresh_from_db()
    assert row.status == DeliveryStatus.DELIVERED


def test_email_through_smtp_has_unsubscribe_header(campaign_manager, smtp_server, settings):
    settings.SMS_PROVIDER = "null"
    people = make_subscribers(3, email=True)
    smtp_server.refuse.add(people[2].email)
    campaign = make_campaign(campaign_manager, channel="email")
    campaign = launch(campaign, campaign_manager)
    run_batches(campaign)
    assert counts(campaign) == {"sent": 2, "failed": 1}
    assert Delivery.objects.get(subscriber=people[2]).failure_reason.startswith("recipient refused")
    mail = email.message_from_string(smtp_server.messages[0]["data"])
    assert mail["List-Unsubscribe"].strip().startswith("<http://")
    assert "/campaigns/unsubscribe/" in mail["List-Unsubscribe"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Message-ID"].startswith("<cigem-d")


def test_scheduled_campaign_starts_from_the_sweep(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(2)
    campaign = make_campaign(campaign_manager)
    Campaign.objects.filter(pk=campaign.pk).update(send_at=timezone.now() + timedelta(hours=1))
    campaign = launch(Campaign.objects.get(pk=campaign.pk), campaign_manager)
    assert campaign.status == CampaignStatus.SCHEDULED
    assert sending.sweep()["started"] == 0
    Campaign.objects.filter(pk=campaign.pk).update(send_at=timezone.now())
    assert sending.sweep()["started"] == 1
    run_batches(campaign)
    assert counts(campaign) == {"sent": 2}


def test_approval_and_duplicate_guard(campaign_manager, manager, make_user, settings):
    settings.SMS_PROVIDER = "null"
    settings.CAMPAIGNS_APPROVAL_THRESHOLD = 2
    make_subscribers(3)
    campaign = make_campaign(campaign_manager)
    with pytest.raises(services.CampaignError, match="approuver"):
        services.campaign_launch(campaign=campaign, actor=campaign_manager)
    with pytest.raises(services.CampaignError):
        services.campaign_approve(campaign=campaign, actor=campaign_manager)
    services.campaign_approve(campaign=campaign, actor=manager)
    launch(campaign, campaign_manager)
    same = make_campaign(campaign_manager)
    services.campaign_approve(campaign=same, actor=manager)
    with pytest.raises(services.DuplicateCampaign):
        services.campaign_launch(campaign=same, actor=campaign_manager)
    services.campaign_launch(campaign=same, actor=campaign_manager, confirm_duplicate=True)


def test_illegal_moves_are_refused(campaign_manager):
    campaign = make_campaign(campaign_manager)
    with pytest.raises(services.CampaignError):
        services.campaign_pause(campaign=campaign, actor=campaign_manager)


def test_token_bucket_in_redis_charges_segments(settings):
    from campaigns import ratelimit

    settings.SMS_RATE_PER_SECOND = 10
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete("cigem:bucket:orange")
    assert ratelimit.take("orange", 10) == 0  # a full bucket holds one second of messages
    wait = ratelimit.take("orange", 4)  # four more segments: about 0.4 s of debt
    assert 0.2 < wait <= 0.4
    wait = ratelimit.take("orange", 6)  # the debt grows: workers queue up behind each other
    assert 0.8 < wait <= 1.0


def test_pacer_reserves_a_second_at_a_time(settings):
    settings.SMS_RATE_PER_SECOND = 1000
    pacer = sending.Pacer("pacer-test")
    pacer.spend(1, upcoming=100)
    assert pacer.budget == 99  # one Redis call for the next hundred messages
    for _ in range(99):
        pacer.spend(1, upcoming=50)
    assert pacer.budget == 0


def test_sweep_expires_old_pending_messages(campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(2)
    campaign = launch(make_campaign(campaign_manager), campaign_manager)
    Campaign.objects.filter(pk=campaign.pk).update(
        launched_at=timezone.now() - timedelta(hours=settings.CAMPAIGNS_EXPIRE_HOURS + 1)
    )
    assert sending.sweep()["expired"] == 2
    campaign.refresh_from_db()
    assert counts(campaign) == {"expired": 2}
    assert campaign.status == CampaignStatus.COMPLETED


def test_confirmation_by_sms_when_no_email(settings, tmp_path):
    import json

    from campaigns.tasks import send_confirmation

    settings.OUTBOX_DIR = tmp_path
    settings.SMS_PROVIDER = "file"
    person = services.subscribe(
        phone="+22376543211",
        email=None,
        language="fr",
        region_code=None,
        interests=[],
        source="public_form",
        consent_text_version="v1",
    )
    send_confirmation(person.pk)
    (sms,) = (tmp_path / "sms").glob("*.json")
    message = json.loads(sms.read_text())
    assert message["to"] == "+22376543211"
    assert "/campaigns/confirm/" in message["text"]
    assert message["text"].startswith("CIGEM : confirmez")


def test_confirmation_is_claimed_once_and_given_back_when_sending_fails(settings, tmp_path):
    from campaigns.tasks import send_confirmation

    settings.OUTBOX_DIR = tmp_path
    settings.SMS_PROVIDER = "file"
    person = services.subscribe(
        phone="+22376543212",
        email=None,
        language="fr",
        region_code=None,
        interests=[],
        source="public_form",
        consent_text_version="v1",
    )
    assert person.confirmation_sent_at is None
    # The gateway is unreachable: the claim is given back for the retry (or the sweep).
    settings.SMS_PROVIDER = "http"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"
    with pytest.raises((SendError, OSError)):
        send_confirmation.run(person.pk)
    person.refresh_from_db()
    assert person.confirmation_sent_at is None
    settings.SMS_PROVIDER = "file"
    send_confirmation.run(person.pk)
    send_confirmation.run(person.pk)  # a copy queued by the sweep meanwhile sends nothing
    assert len(list((tmp_path / "sms").glob("*.json"))) == 1
    person.refresh_from_db()
    assert person.confirmation_sent_at is not None
    # Asking again on the public form sends a new link.
    services.subscribe(
        phone="+22376543212",
        email=None,
        language="fr",
        region_code=None,
        interests=[],
        source="public_form",
        consent_text_version="v1",
    )
    person.refresh_from_db()
    assert person.confirmation_sent_at is None
