"""Optional two-step login for staff: set up with a first code, then asked after the password."""

import html

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from accounts.models import AuditEvent


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _next_time_step(device: TOTPDevice) -> None:
    """Play 30 seconds forward: the wrong code's throttle ends, and a code of the new time step
    is not refused as a replay of the one already used."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()


def _login(client, email, password="correct-horse-42"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _set_up(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("accounts:otp-setup"))
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:otp-setup"), {"code": otp.current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_a_code_already_used_is_refused_as_a_replay(client, counsellor):
    device = _set_up(client, counsellor)
    _login(client, counsellor.email)
    replay = client.post(reverse("accounts:otp-verify"), {"code": otp.current_code(device)})
    assert replay.status_code == 200  # the set-up already used this time step's code


def test_a_wrong_first_code_does_not_turn_it_on(client, counsellor):
    client.force_login(counsellor)
    client.get(reverse("accounts:otp-setup"))
    response = client.post(reverse("accounts:otp-setup"), {"code": "000000"})
    assert "Ce code n'est pas bon" in _text(response)
    assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()


def test_with_two_step_on_the_password_alone_opens_nothing(client, counsellor):
    device = _set_up(client, counsellor)
    response = _login(client, counsellor.email)
    assert response["Location"] == reverse("accounts:otp-verify")
    assert client.get(reverse("api:api-me")).status_code in (401, 403)  # not logged in yet

    wrong = client.post(reverse("accounts:otp-verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "Ce code n'est pas bon" in _text(wrong)

    _next_time_step(device)
    ok = client.post(reverse("accounts:otp-verify"), {"code": otp.current_code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("api:api-me")).json()["email"] == counsellor.email


def test_without_two_step_the_password_logs_in_directly(client, counsellor):
    assert _login(client, counsellor.email)["Location"] == "/"


def test_the_code_page_needs_the_password_first(client, db):
    response = client.get(reverse("accounts:otp-verify"))
    assert response["Location"] == reverse("accounts:login")


def test_turning_it_off_needs_a_current_code_and_is_audited(client, counsellor):
    device = _set_up(client, counsellor)
    client.force_login(counsellor)
    refused = client.post(reverse("accounts:otp-disable"), {"code": "000000"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=counsellor).exists()
    _next_time_step(device)
    done = client.post(reverse("accounts:otp-disable"), {"code": otp.current_code(device)})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=counsellor).exists()
    summaries = list(
        AuditEvent.objects.filter(object_id=str(counsellor.pk)).values_list("summary", flat=True)
    )
    assert "two-factor authentication enabled" in summaries
    assert "two-factor authentication disabled" in summaries


def test_diaspora_members_do_not_get_the_staff_set_up(client, diaspora_member):
    client.force_login(diaspora_member)
    assert client.get(reverse("accounts:otp-setup")).status_code == 403
