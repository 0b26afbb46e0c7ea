"""Login by email, throttling of failed logins, password reset, profile and audit trail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from accounts.roles import Role


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_person_logs_in_with_their_email(client, counsellor):
    response = login(client, counsellor.email.upper(), "correct-horse-42")
    assert response.status_code == 302
    assert client.get(reverse("api:api-me")).json()["email"] == counsellor.email
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == counsellor
    assert event.ip_address == "127.0.0.1"


def test_a_wrong_password_keeps_the_email_typed_and_says_why(client, counsellor):
    response = login(client, counsellor.email, "wrong-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert counsellor.email in html
    assert "Saisissez" in html  # Django's French message about the email and password
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 1


def test_failed_logins_are_throttled(client, counsellor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, counsellor.email, "wrong-password")
    response = login(client, counsellor.email, "correct-horse-42")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_logout_is_recorded(client, counsellor):
    client.force_login(counsellor)
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=counsellor).exists()


def test_password_reset_by_email_end_to_end(client, counsellor):
    response = client.post(reverse("accounts:password_reset"), {"email": counsellor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-7", "new_password2": "a-new-long-password-7"},
    )
    assert response.status_code == 302
    client.logout()
    assert login(client, counsellor.email, "a-new-long-password-7").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_sets_the_preferred_language(client, counsellor):
    client.force_login(counsellor)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Awa T.", "preferred_language": "en"}
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.preferred_language == "en"


def test_preferred_language_applies_until_the_person_picks_another(client, make_user):
    person = make_user(Role.COUNSELLOR, preferred_language="en")
    client.force_login(person)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get(reverse("home")).content.decode()


@pytest.fixture
def events(manager, counsellor):
    from accounts.services import audit_record

    audit_record(
        actor=counsellor, action=AuditAction.VIEW, object_type="reception.candidate", object_id=7
    )
    audit_record(
        actor=manager, action=AuditAction.EXPORT, object_type="research.export", object_id=1
    )
    return manager, counsellor


def test_managers_filter_the_audit_trail(client, events):
    manager, _counsellor = events
    client.force_login(manager)
    html = client.get(reverse("accounts:audit-list"), {"action": "view"}).content.decode()
    assert "reception.candidate #7" in html
    assert "research.export" not in html
    html = client.get(reverse("accounts:audit-list"), {"actor": manager.email}).content.decode()
    assert "research.export #1" in html and "reception.candidate" not in html
    api = client.get(reverse("api:audit-event-list"), {"object_type": "reception.candidate"}).json()
    assert [e["object_id"] for e in api["results"]] == ["7"]


def test_audit_filter_with_dates_the_wrong_way_round_says_so(client, events):
    manager, _ = events
    client.force_login(manager)
    response = client.get(
        reverse("accounts:audit-list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "La date de fin est antérieure à la date de début" in response.content.decode()
    assert 'value="2026-05-02"' in response.content.decode()  # what was typed is kept


def test_role_groups_exist_with_their_permissions(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    manager = Group.objects.get(name=Role.MANAGER)
    assert manager.permissions.filter(codename="view_auditevent").exists()
    assert (
        not Group.objects.get(name=Role.COUNSELLOR)
        .permissions.filter(codename="view_auditevent")
        .exists()
    )


def test_a_session_idle_too_long_is_logged_out(client, counsellor, settings):
    client.force_login(counsellor)
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = client.session
    session["last_seen"] = session["last_seen"] - settings.IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    followed = client.get(response["Location"]).content.decode()
    assert "sans activité" in followed
    assert client.get(reverse("api:api-me")).status_code in (401, 403)


def test_an_active_session_stays_open(client, counsellor, settings):
    client.force_login(counsellor)
    client.get(reverse("accounts:profile"))
    session = client.session
    session["last_seen"] = session["last_seen"] - settings.IDLE_TIMEOUT_MINUTES * 60 + 120
    session.save()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_audit_event_written_in_plain_sql_reads_back_as_the_orm_would_write_it(make_user):
    from django.test import RequestFactory

    from accounts.services import audit_record

    actor = make_user(Role.COUNSELLOR)
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")
    event = audit_record(
        actor=actor,
        action="view",
        object_type="reception.candidate",
        object_id=42,
        summary="record page " + "x" * 400,
        request=request,
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert not event._state.adding
    for field in AuditEvent._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(event, field.attname), field.name
    assert (stored.actor_id, stored.object_id, len(stored.summary)) == (actor.pk, "42", 300)
    assert stored.ip_address == "2001:db8::1"
    anonymous = audit_record(actor=None, action="login_failed", summary="", request=None)
    assert AuditEvent.objects.get(pk=anonymous.pk).actor_id is None


def test_the_audit_trail_pages_by_position_over_every_event_once(client, manager, counsellor):
    """Next and Previous carry (time, id); events written meanwhile do not shift a page."""
    from datetime import UTC, datetime

    from accounts.services import audit_record

    for index in range(120):
        audit_record(
            actor=counsellor, action=AuditAction.VIEW, object_type="t.row", object_id=index
        )
    same = datetime(2026, 5, 1, 8, 0, 0, 500000, tzinfo=UTC)  # ties: the id decides
    AuditEvent.objects.filter(object_id__in=[str(i) for i in range(40, 70)]).update(created_at=same)
    expected = [
        e.object_id
        for e in AuditEvent.objects.filter(object_type="t.row").order_by("-created_at", "-id")
    ]
    client.force_login(manager)
    url = reverse("accounts:audit-list")

    def rows(html):
        return re.findall(r"t\.row #(\d+)", html)

    def link(html, rel):
        found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
        return url + found.group(1).replace("&amp;", "&") if found else None

    pages, html, nxt = [], None, f"{url}?object_type=t.row"
    while nxt:
        html = client.get(nxt).content.decode()
        pages.append(rows(html))
        if len(pages) == 1:  # events written now must not push rows onto the next page
            for index in range(5):
                audit_record(
                    actor=None, action=AuditAction.VIEW, object_type="t.row", object_id=1000 + index
                )
        nxt = link(html, "next")
    assert [row for page in pages for row in page] == expected
    assert [len(page) for page in pages] == [50, 50, 20]
    back, prev = [], link(html, "prev")
    while prev:
        html = client.get(prev).content.decode()
        back.append(rows(html))
        prev = link(html, "prev")
    assert back[:-1] == pages[-2:0:-1]
    # Page 2's Previous is the plain first page: the newest events, the five new ones first.
    newest = AuditEvent.objects.filter(object_type="t.row").order_by("-created_at", "-id")[:50]
    assert back[-1] == [e.object_id for e in newest] and back[-1][:5] == [
        "1004",
        "1003",
        "1002",
        "1001",
        "1000",
    ]
