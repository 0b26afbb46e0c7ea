"""API of the campaigns app: public subscribe (throttled per address), campaigns for staff."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from campaigns import sending, services
from campaigns.models import Subscriber
from tests.campaigns.factories import make_campaign, make_subscribers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]


def test_public_subscribe_is_idempotent_and_throttled_per_address():
    client = APIClient()
    url = reverse("api:campaigns-subscribe")
    body = {"phone": "+22376543210", "language": "bm", "region": "MOP", "consent": True}
    answers = [client.post(url, body, format="json").status_code for _ in range(11)]
    assert answers[:10] == [202] * 10
    assert answers[10] == 429
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().status == "pending"


def test_public_subscribe_validates():
    client = APIClient()
    url = reverse("api:campaigns-subscribe")
    assert client.post(url, {"phone": "1", "consent": True}, format="json").status_code == 400
    assert client.post(url, {"email": "a@example.test"}, format="json").status_code == 400
    answer = client.post(url, {"consent": True}, format="json")
    assert answer.status_code == 400


def test_campaign_detail_has_counts_per_status(users_by_role, campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    people = make_subscribers(3)
    campaign = make_campaign(campaign_manager)
    services.campaign_launch(campaign=campaign, actor=campaign_manager)
    services.subscriber_unsubscribe(subscriber=people[0], method="staff")
    sending.process_batch(campaign.pk)
    url = reverse("api:campaigns-campaign-detail", args=[campaign.pk])
    for role, user in users_by_role.items():
        client = APIClient()
        if user:
            client.force_authenticate(user)
        answer = client.get(url)
        expected = (
            401 if role == "anonymous" else 200 if role in {"campaign_manager", "manager"} else 403
        )
        assert answer.status_code == expected, role
    client = APIClient()
    client.force_authenticate(campaign_manager)
    data = client.get(url).json()
    assert data["status"] == "completed"
    assert data["counts"]["sent"] == 2
    assert data["counts"]["skipped"] == 1
    assert data["counts"]["pending"] == 0
    assert data["messages"][0]["language"] == "fr"
    listing = client.get(reverse("api:campaigns-campaign-list")).json()
    assert [c["id"] for c in listing["results"]] == [campaign.pk]
    assert client.get(reverse("api:campaigns-campaign-detail", args=[999999])).status_code == 404
