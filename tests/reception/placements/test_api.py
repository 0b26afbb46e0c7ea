"""API of circular migration: open offers for all, applications and matches for staff."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from reception.placements_models import Application, OfferStatus

pytestmark = pytest.mark.django_db


def test_anonymous_sees_only_open_public_offers(client, make_offer):
    shown = make_offer(title="Fraises")
    make_offer(title="Brouillon", status=OfferStatus.DRAFT)
    make_offer(title="Privée", is_public=False)
    response = client.get(reverse("api:job-offer-list"))
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == [shown.title]
    assert client.get(reverse("api:job-offer-detail", args=[shown.pk])).status_code == 200


def test_staff_see_every_offer(client_as, counsellor, make_offer):
    make_offer(title="Brouillon", status=OfferStatus.DRAFT)
    response = client_as(counsellor).get(reverse("api:job-offer-list"), {"status": "draft"})
    assert [row["title"] for row in response.json()["results"]] == ["Brouillon"]


def test_applications_and_matches_are_for_counsellors_and_managers(users_by_role, client_as, offer):
    for url in (reverse("api:application-list"), reverse("api:job-offer-matches", args=[offer.pk])):
        for role, user in users_by_role.items():
            status = client_as(user).get(url).status_code
            if role in (Role.COUNSELLOR, Role.MANAGER):
                assert status == 200, (url, role)
            else:
                assert status in (401, 403), (url, role, status)


def test_create_move_and_read_an_application(client_as, counsellor, offer, make_candidate):
    candidate = make_candidate()
    client = client_as(counsellor)
    response = client.post(
        reverse("api:application-list"),
        {"offer": offer.pk, "candidate": candidate.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    move = reverse("api:application-move", args=[pk])
    response = client.post(move, {"to_status": "returned"}, content_type="application/json")
    assert response.status_code == 400
    assert "to_status" in response.json()
    response = client.post(move, {"to_status": "shortlisted"}, content_type="application/json")
    assert response.json()["status"] == "shortlisted"
    response = client.get(reverse("api:application-detail", args=[pk]))
    assert [e["to_status"] for e in response.json()["events"]] == ["submitted", "shortlisted"]
    assert AuditEvent.objects.filter(
        action="view", object_type="reception.application", object_id=str(pk)
    ).exists()
    assert Application.objects.get(pk=pk).status == "shortlisted"


def test_matches_api_gives_score_and_reasons(client_as, manager, offer, make_candidate):
    candidate = make_candidate()
    response = client_as(manager).get(reverse("api:job-offer-matches", args=[offer.pk]))
    rows = response.json()
    assert rows[0]["candidate"]["code"] == candidate.code
    assert rows[0]["score"] > 0 and rows[0]["reasons"]


def test_schema_builds(client):
    assert client.get(reverse("api-schema")).status_code == 200
