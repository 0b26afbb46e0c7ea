"""API of the reception desk: the duplicate contract, candidates, visits, referrals, follow-ups."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from reception.models import Candidate

pytestmark = pytest.mark.django_db

DUPLICATES = "api:reception-candidate-duplicates"


def test_duplicates_contract_best_first(client_as, counsellor, make_candidate):
    best = make_candidate(last_name="Ouattara", first_name="Mamadou", birth_date=date(1990, 5, 1))
    make_candidate(
        last_name="Ouattara", first_name="Mamadou", birth_date=date(1991, 5, 1), phone=""
    )
    response = client_as(counsellor).get(
        reverse(DUPLICATES),
        {"last_name": "Wattara", "first_name": "Mamadu", "birth_date": "1990-05-01", "sex": "M"},
    )
    assert response.status_code == 200
    rows = response.json()
    assert [set(row) for row in rows] == [{"id", "code", "full_name", "score", "reasons"}] * 2
    assert rows[0]["id"] == best.pk and rows[0]["code"] == best.code
    assert rows[0]["full_name"] == "Mamadou Ouattara"
    assert 0 <= rows[1]["score"] <= rows[0]["score"] <= 1
    assert "même date de naissance" in rows[0]["reasons"]


def test_duplicates_any_subset_and_identifier_alert(client_as, manager, make_candidate):
    person = make_candidate(nina="12345678901234A")
    client = client_as(manager)
    rows = client.get(reverse(DUPLICATES), {"nina": "12345678901234a"}).json()
    assert rows[0]["id"] == person.pk
    rows = client.get(reverse(DUPLICATES), {"phone": "76 12 34 56"}).json()
    assert rows[0]["id"] == person.pk
    assert client.get(reverse(DUPLICATES)).json() == []
    assert client.get(reverse(DUPLICATES), {"birth_year": "abc"}).status_code == 400
    # A phone that is not a number cannot match: ignored, not an error (a search is lenient).
    assert client.get(reverse(DUPLICATES), {"phone": "zz"}).json() == []


def test_duplicates_access(users_by_role, client_as):
    for role, user in users_by_role.items():
        status = client_as(user).get(reverse(DUPLICATES), {"last_name": "Traoré"}).status_code
        if role in ("counsellor", "manager"):
            assert status == 200
        else:
            assert status in (401, 403), role


def test_candidate_api_access(users_by_role, client_as, candidate):
    urls = [
        reverse("api:reception-candidate-list"),
        reverse("api:reception-candidate-detail", args=[candidate.pk]),
        reverse("api:reception-visit-list"),
        reverse("api:reception-referral-list"),
        reverse("api:reception-follow-up-list"),
    ]
    for role, user in users_by_role.items():
        client = client_as(user)
        for url in urls:
            status = client.get(url).status_code
            if role in ("counsellor", "manager"):
                assert status == 200, (role, url)
            else:
                assert status in (401, 403), (role, url)


def test_create_conflict_then_confirm_and_stale_patch(client_as, counsellor, candidate):
    client = client_as(counsellor)
    url = reverse("api:reception-candidate-list")
    payload = {"last_name": "Kulibali", "first_name": "Musa", "birth_year": 1995, "sex": "M"}
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["duplicates"][0]["id"] == candidate.pk
    response = client.post(
        url, {**payload, "confirmed_distinct": [candidate.pk]}, content_type="application/json"
    )
    assert response.status_code == 201
    created = response.json()
    assert created["code"].startswith("CIG-")
    detail = reverse("api:reception-candidate-detail", args=[created["id"]])
    ok = client.patch(
        detail, {"occupation": "Tailleur", "version": 1}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(
        detail, {"occupation": "Soudeur", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["occupation"] == "Tailleur"
    missing = client.patch(detail, {"occupation": "x"}, content_type="application/json")
    assert missing.status_code == 400
    bad = client.post(
        url,
        {"last_name": "Sow", "phone": "abc"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "phone" in bad.json()
    future = client.post(
        url, {"last_name": "Sow", "birth_date": "2999-01-01"}, content_type="application/json"
    )
    assert future.status_code == 400 and "birth_date" in future.json()
    duplicate_code = client.post(
        url, {"last_name": "Sow", "code": candidate.code}, content_type="application/json"
    )
    assert duplicate_code.status_code == 400 and "code" in duplicate_code.json()
    assert Candidate.objects.count() == 2


def test_detail_api_is_audited(client_as, manager, candidate):
    client_as(manager).get(reverse("api:reception-candidate-detail", args=[candidate.pk]))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(candidate.pk), actor=manager
    ).exists()


def test_list_api_filters_without_count(client_as, counsellor, make_candidate):
    make_candidate(profile="returnee_forced", phone="")
    make_candidate(first_name="Awa", sex="F", phone="")
    body = (
        client_as(counsellor)
        .get(reverse("api:reception-candidate-list"), {"profile": "returnee_forced"})
        .json()
    )
    assert "count" not in body and len(body["results"]) == 1


def test_visit_referral_follow_up_flow(client_as, counsellor, candidate, partner):
    client = client_as(counsellor)
    today = timezone.localdate().isoformat()
    visit = client.post(
        reverse("api:reception-visit-list"),
        {"candidate": candidate.pk, "visit_date": today, "services": ["orientation"]},
        content_type="application/json",
    )
    assert visit.status_code == 201
    referral_url = reverse("api:reception-referral-list")
    refused = client.post(
        referral_url,
        {"candidate": candidate.pk, "partner": partner.pk, "service": "Emploi"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "partner" in refused.json()
    client.post(
        reverse("api:reception-candidate-consent", args=[candidate.pk]),
        {"kind": "referral", "given": True},
        content_type="application/json",
    )
    referral = client.post(
        referral_url,
        {"candidate": candidate.pk, "partner": partner.pk, "service": "Emploi"},
        content_type="application/json",
    ).json()
    transition = reverse("api:reception-referral-transition", args=[referral["id"]])
    illegal = client.post(transition, {"status": "done"}, content_type="application/json")
    assert illegal.status_code == 400
    assert (
        client.post(transition, {"status": "accepted"}, content_type="application/json").json()[
            "status"
        ]
        == "accepted"
    )
    follow_ups = client.get(reverse("api:reception-follow-up-list")).json()["results"]
    assert len(follow_ups) == 1
    done = client.post(
        reverse("api:reception-follow-up-complete", args=[follow_ups[0]["id"]]),
        {"outcome": "ok"},
        content_type="application/json",
    )
    assert done.json()["done_at"]


def test_huge_page_number_is_an_empty_page_not_an_error(client_as, counsellor, candidate):
    response = client_as(counsellor).get(
        reverse("api:reception-candidate-list"), {"page": str(10**30)}
    )
    assert response.status_code == 200 and response.json()["results"] == []
