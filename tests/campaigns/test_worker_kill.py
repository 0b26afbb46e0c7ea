"""Two real Celery workers, one killed with SIGKILL mid-send: nobody gets a message twice.

5,000 subscribers, a local Orange-style gateway, real Redis and PostgreSQL. One worker (main
process and pool child) is killed while the campaign sends and another is started; 200 people
opt out by SMS meanwhile. The sweep (beat's job) is run by the test between polls.
"""

import os
import signal
import time
from pathlib import Path

import pytest

from campaigns import sending, services
from campaigns.models import Campaign, CampaignStatus, Delivery, DeliveryStatus, Subscriber
from campaigns.selectors import delivery_counts
from tests.campaigns.factories import make_campaign, make_subscribers
from tests.campaigns.gateway import CLIENT_ID, CLIENT_SECRET, Gateway

N = 5000
OPTING_OUT = 200


def process_tree(pid: int) -> list[int]:
    found = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            found.extend(process_tree(int(child)))
    return found


def wait_for(predicate, timeout: float, what: str, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if tick:
            tick()
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.worker
@pytest.mark.timeout(400)
def test_kill_a_worker_mid_send(start_worker, campaign_manager, settings, monkeypatch):
    from cigem.celery import app

    app.control.purge()
    with Gateway() as gateway:
        env = {
            "SMS_PROVIDER": "http",
            "SMS_GATEWAY_URL": gateway.url,
            "SMS_CLIENT_ID": CLIENT_ID,
            "SMS_CLIENT_SECRET": CLIENT_SECRET,
            "SMS_RATE_PER_SECOND": "100000",
            "CAMPAIGNS_LEASE_SECONDS": "5",
            "CAMPAIGNS_BATCH_SIZE": "100",
            "CAMPAIGNS_RETRY_BASE_SECONDS": "0",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        settings.SMS_PROVIDER = "http"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.CAMPAIGNS_BATCH_SIZE = 100
        settings.CAMPAIGNS_LEASE_SECONDS = 5

        people = make_subscribers(N)
        opting_out = people[-OPTING_OUT:]
        campaign = make_campaign(campaign_manager)
        settings.CAMPAIGNS_APPROVAL_THRESHOLD = N + 1
        first = start_worker("w1")
        start_worker("w2")
        services.campaign_launch(campaign=campaign, actor=campaign_manager)

        wait_for(lambda: len(gateway.state.accepted) >= N // 4, 120, "a quarter sent")
        victims = process_tree(first.pid)
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        first.wait(timeout=30)
        sent_at_kill = len(gateway.state.accepted)

        # People opt out while the campaign goes on. Whose message was still waiting is what
        # the opt-out itself skipped, in its own transaction.
        before_turn = []
        for person in opting_out:
            assert services.inbound_sms_receive(sender=person.phone, text="ARRÊT")
            row = Delivery.objects.get(subscriber=person)
            if row.status == DeliveryStatus.SKIPPED:
                before_turn.append(person.phone)

        start_worker("w3")
        wait_for(
            lambda: Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.COMPLETED,
            240,
            "the campaign to complete",
            tick=sending.sweep,
        )

    assert sent_at_kill < N
    sent = gateway.state.sent_per_address()
    keys = gateway.state.keys_per_address()
    opted_out = {p.phone for p in opting_out}
    eligible = [p.phone for p in people if p.phone not in opted_out]
    # Every eligible subscriber got exactly one message; retries reused the same key.
    assert all(sent[phone] == 1 for phone in eligible)
    assert max(sent.values()) == 1
    assert all(len(keys[phone]) == 1 for phone in sent)
    # Nobody who opted out before their turn got anything.
    assert len(before_turn) > OPTING_OUT // 2
    assert not [phone for phone in before_turn if sent[phone]]
    # The campaign's counts reconcile with the gateway.
    counts = delivery_counts(campaign)
    assert counts["pending"] == counts["sending"] == counts["failed"] == 0
    assert counts["sent"] == len(gateway.state.accepted) == len(sent)
    assert counts["sent"] + counts["skipped"] == N
    assert counts["skipped"] >= len(before_turn)
    skipped = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SKIPPED)
    assert not [
        phone for phone in skipped.values_list("subscriber__phone", flat=True) if sent[phone]
    ]
    assert Subscriber.objects.filter(status="unsubscribed").count() == OPTING_OUT
