"""Pages of the campaigns app: who may open them, and the journeys through them."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Delivery,
    Subscriber,
    SubscriberStatus,
)
from campaigns.webhooks import sign
from tests.campaigns.factories import make_campaign, make_subscribers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]

STAFF_PAGES = [
    ("campaigns:campaign-list", False),
    ("campaigns:campaign-create", False),
    ("campaigns:campaign-detail", True),
    ("campaigns:campaign-edit", True),
    ("campaigns:campaign-progress", True),
    ("campaigns:subscriber-list", False),
    ("campaigns:subscriber-import", False),
    ("campaigns:audience-counter", False),
]
ALLOWED = {"campaign_manager", "manager"}


@pytest.mark.parametrize(("name", "needs_pk"), STAFF_PAGES)
def test_staff_pages_access_matrix(name, needs_pk, users_by_role, client_as, campaign_manager):
    campaign = make_campaign(campaign_manager)
    url = reverse(name, args=[campaign.pk] if needs_pk else [])
    for role, user in users_by_role.items():
        response = client_as(user).get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif role in ALLOWED:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role


def test_subscriber_detail_access_and_audit(users_by_role, client_as):
    (person,) = make_subscribers(1)
    url = reverse("campaigns:subscriber-detail", args=[person.pk])
    for role, user in users_by_role.items():
        status = client_as(user).get(url).status_code
        assert status == (302 if role == "anonymous" else 200 if role in ALLOWED else 403), role
    from accounts.models import AuditEvent

    assert AuditEvent.objects.filter(object_type="campaigns.subscriber", action="view").exists()
    assert (
        client_as(users_by_role["manager"])
        .get(reverse("campaigns:subscriber-detail", args=[99999]))
        .status_code
        == 404
    )


def test_counsellor_subscribes_a_person(users_by_role, client_as):
    url = reverse("campaigns:subscriber-add")
    for role, user in users_by_role.items():
        status = client_as(user).get(url).status_code
        allowed = role in ALLOWED | {"counsellor"}
        assert status == (302 if role == "anonymous" else 200 if allowed else 403), role
    client = client_as(users_by_role["counsellor"])
    data = {"phone": "76 11 22 33", "language": "bm", "region": "SEG", "interests": ["return"]}
    response = client.post(url, data)  # no consent ticked: refused, input kept
    assert response.status_code == 200
    assert 'value="76 11 22 33"' in response.content.decode()
    response = client.post(url, {**data, "consent": "on"})
    assert response.status_code == 302, response.context["form"].errors
    person = Subscriber.objects.get()
    assert (person.phone, person.status, person.source) == ("+22376112233", "active", "counsellor")
    assert person.events.get().actor == users_by_role["counsellor"]


def test_public_double_opt_in_by_email(client):
    response = client.post(
        reverse("campaigns:subscribe"),
        {"email": "Awa@example.test", "language": "fr", "consent": "on"},
    )
    assert response.status_code == 302
    person = Subscriber.objects.get()
    assert person.status == SubscriberStatus.PENDING
    # The confirmation task runs on commit; here (no worker) we run it the way the worker would.
    from campaigns.tasks import send_confirmation

    send_confirmation(person.pk)
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/campaigns/confirm/" in w)
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    person.refresh_from_db()
    assert person.status == SubscriberStatus.ACTIVE
    assert client.get("/campaigns/confirm/garbage/").status_code == 404


def test_public_form_errors_in_french_keep_input(client):
    response = client.post(
        reverse("campaigns:subscribe"), {"phone": "12", "language": "fr", "consent": "on"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide." in body
    assert 'value="12"' in body


def test_public_form_is_rate_limited_per_address(client):
    data = {"email": "same@example.test", "language": "fr", "consent": "on"}
    statuses = [client.post(reverse("campaigns:subscribe"), data).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [200, 200]


def test_unsubscribe_link_one_click(client, campaign_manager):
    (person,) = make_subscribers(1)
    token = services.unsubscribe_token(person)
    url = reverse("campaigns:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.status == SubscriberStatus.UNSUBSCRIBED


def test_staff_opt_out(client_as, campaign_manager):
    (person,) = make_subscribers(1)
    client = client_as(campaign_manager)
    client.post(reverse("campaigns:subscriber-detail", args=[person.pk]), {"action": "unsubscribe"})
    person.refresh_from_db()
    assert person.status == SubscriberStatus.UNSUBSCRIBED
    assert person.events.get(kind="unsubscribed").actor == campaign_manager


def test_signed_inbound_webhook(client, settings):
    settings.SMS_WEBHOOK_SECRET = "hook-secret"
    (person,) = make_subscribers(1)
    body = json.dumps(
        {
            "inboundSMSMessageNotification": {
                "inboundSMSMessage": {"senderAddress": f"tel:{person.phone}", "message": "Stop"}
            }
        }
    ).encode()
    url = reverse("campaigns:hook-sms-inbound")
    bad = client.post(url, body, content_type="application/json", HTTP_X_CIGEM_SIGNATURE="sha256=0")
    assert bad.status_code == 403
    person.refresh_from_db()
    assert person.status == SubscriberStatus.ACTIVE
    ok = client.post(url, body, content_type="application/json", HTTP_X_CIGEM_SIGNATURE=sign(body))
    assert ok.status_code == 204
    person.refresh_from_db()
    assert person.status == SubscriberStatus.UNSUBSCRIBED


def test_signed_receipt_webhook(client, settings, campaign_manager):
    settings.SMS_WEBHOOK_SECRET = "hook-secret"
    (person,) = make_subscribers(1)
    campaign = make_campaign(campaign_manager)
    row = Delivery.objects.create(
        campaign=campaign, subscriber=person, channel="sms", language="fr", status="sent"
    )
    body = json.dumps(
        {
            "deliveryInfoNotification": {
                "callbackData": row.idempotency_key,
                "deliveryInfo": {
                    "address": f"tel:{person.phone}",
                    "deliveryStatus": "DeliveredToTerminal",
                },
            }
        }
    ).encode()
    url = reverse("campaigns:hook-sms-receipt")
    assert client.post(url, body, content_type="application/json").status_code == 403
    response = client.post(
        url, body, content_type="application/json", HTTP_X_CIGEM_SIGNATURE=sign(body)
    )
    assert response.status_code == 204
    row.refresh_from_db()
    assert row.status == "delivered"


def test_write_and_launch_a_campaign(client_as, campaign_manager, settings):
    settings.SMS_PROVIDER = "null"
    make_subscribers(3)
    client = client_as(campaign_manager)
    data = {
        "name": "Saison agricole 2027",
        "channel": "sms",
        "sms_text_fr": "Offres saisonnieres: venez au CIGEM.",
        "quiet_start": "",
        "quiet_end": "",
    }
    response = client.post(reverse("campaigns:campaign-create"), {**data, "sms_text_fr": ""})
    assert response.status_code == 200
    assert "Le SMS en français est obligatoire." in response.content.decode()
    response = client.post(reverse("campaigns:campaign-create"), data)
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("campaigns:campaign-detail", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="recipient-count">3<' in page
    client.post(reverse("campaigns:campaign-action", args=[campaign.pk, "launch"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    assert campaign.recipient_count == 3
    progress = client.get(reverse("campaigns:campaign-progress", args=[campaign.pk]))
    assert 'hx-trigger="every 2s"' in progress.content.decode()


def test_segment_counter_endpoint(client_as, campaign_manager):
    client = client_as(campaign_manager)
    response = client.post(reverse("campaigns:segment-counter"), {"sms_text_fr": "ARRÊT " * 12})
    body = response.content.decode()
    assert "UCS-2" in body and "Ê" in body and "72" in body


def test_import_page_reports_refused_lines(client_as, campaign_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "people.csv",
        b"phone,email,language,region,interests\n76000001,,fr,,\n=HYPERLINK(1),,fr,,\n",
    )
    client = client_as(campaign_manager)
    response = client.post(
        reverse("campaigns:subscriber-import"),
        {"file": upload, "consent_text_version": "v1", "refused_csv": "1"},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "'=HYPERLINK(1)" in body  # defused for spreadsheets
    assert Subscriber.objects.count() == 1


def test_test_send_goes_to_the_author(client_as, campaign_manager, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = make_campaign(campaign_manager, channel="email")
    client = client_as(campaign_manager)
    client.post(
        reverse("campaigns:campaign-test", args=[campaign.pk]),
        {"channel": "email", "language": "fr"},
    )
    assert mail.outbox[-1].to == [campaign_manager.email]
    assert mail.outbox[-1].subject.startswith("[TEST]")


def test_short_link_is_made_and_counts_visits(client_as, campaign_manager, client):
    campaign = make_campaign(campaign_manager)
    staff = client_as(campaign_manager)
    staff.post(
        reverse("campaigns:campaign-link-add", args=[campaign.pk]),
        {"target": "https://cigem.ml/guides/saisonniers/"},
    )
    link = campaign.links.get()
    client.logout()
    response = client.get(reverse("campaigns:short-link", args=[link.code]))
    assert response.status_code == 302
    assert response["Location"] == "https://cigem.ml/guides/saisonniers/"
    link.refresh_from_db()
    assert link.clicks == 1
    assert client.get("/l/nothing/").status_code == 404
