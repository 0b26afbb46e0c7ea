"""A campaign launched while Redis is down is recorded, and sends once Redis is back; so does
the confirmation link of a person who subscribed meanwhile.

Real processes throughout: a Redis server of the test's own (stopped, then started again empty,
as after a crash), a Celery worker and a Celery beat on it, PostgreSQL, and a local Orange-style
SMS gateway. The launch goes through the campaign manager's page. Nobody calls the sweep by
hand: beat queues it, the worker runs it, and it queues the batches the launch could not.
"""

import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import (
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)
from tests.campaigns.factories import make_campaign, make_subscribers
from tests.campaigns.gateway import CLIENT_ID, CLIENT_SECRET, Gateway
from tests.conftest import ROOT, _worker_env
from tests.hardening.conftest import wait_for

N = 30


@pytest.fixture
def beat(tmp_path):
    processes = []

    def start():
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cigem",
                "beat",
                "--scheduler",
                "celery.beat:PersistentScheduler",
                "--schedule",
                str(tmp_path / "beat-schedule"),
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=_worker_env(),
        )
        processes.append(proc)
        return proc

    yield start
    for proc in processes:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.worker
@pytest.mark.timeout(240)
def test_campaign_launched_while_redis_is_down_sends_once_it_is_back(
    broker, start_worker, beat, campaign_manager, client, settings, monkeypatch
):
    with Gateway() as gateway:
        for name, value in {
            "REDIS_URL": broker.url,
            "SMS_PROVIDER": "http",
            "SMS_GATEWAY_URL": gateway.url,
            "SMS_CLIENT_ID": CLIENT_ID,
            "SMS_CLIENT_SECRET": CLIENT_SECRET,
            "SMS_RATE_PER_SECOND": "100000",
            "CAMPAIGNS_SWEEP_SECONDS": "1",
            "CAMPAIGNS_RETRY_BASE_SECONDS": "0",
        }.items():
            monkeypatch.setenv(name, value)
        settings.CAMPAIGNS_BATCH_SIZE = 10  # three batches: each one must be queued again
        people = make_subscribers(N)
        campaign = make_campaign(campaign_manager)
        start_worker("redis-down")
        beat()

        broker.stop()
        client.force_login(campaign_manager)
        response = client.post(reverse("campaigns:campaign-action", args=[campaign.pk, "launch"]))

        # The request succeeded and the campaign is recorded as sending, every message pending.
        assert response.status_code == 302
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.SENDING
        assert campaign.recipient_count == N
        pending = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.PENDING)
        assert pending.count() == N
        assert not gateway.state.accepted

        # Someone subscribes on the public form meanwhile: their confirmation SMS cannot be
        # queued either.
        response = Client().post(
            reverse("campaigns:subscribe"),
            {"phone": "+22365000001", "language": "fr", "consent": "on"},
        )
        assert response.status_code == 302
        newcomer = Subscriber.objects.get(phone="+22365000001")
        assert newcomer.status == SubscriberStatus.PENDING
        assert newcomer.confirmation_sent_at is None

        broker.start()  # empty: whatever was queued before is gone
        wait_for(
            lambda: Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.COMPLETED,
            180,
            "the campaign to complete once Redis is back",
        )
        wait_for(
            lambda: f"cigem-confirm-{newcomer.pk}" in gateway.state.accepted,
            60,
            "the confirmation link once Redis is back",
        )

    sent = gateway.state.sent_per_address()
    assert sent.pop(newcomer.phone) == 1
    asked = [r for r in gateway.state.requests if r["key"] == f"cigem-confirm-{newcomer.pk}"]
    assert len(asked) == 1  # once: queued by the sweep, claimed by the task
    assert sorted(sent) == sorted(p.phone for p in people)
    assert set(sent.values()) == {1}  # once each, though the sweep queued batches many times
    assert Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count() == N
