"""Failed logins are audited without the address typed; the password policy refuses weak ones."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_a_failed_login_is_audited_without_the_address_typed(client, counsellor):
    client.post(reverse("accounts:login"), {"username": counsellor.email, "password": "nope"})
    client.post(
        reverse("accounts:login"), {"username": "typo.kante@example.test", "password": "nope"}
    )
    events = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert events.count() == 2
    assert all(e.ip_address == "127.0.0.1" for e in events)
    for event in events:
        stored = f"{event.summary} {event.object_type} {event.object_id}"
        assert "kante" not in stored and counsellor.email not in stored


@pytest.mark.parametrize(
    "weak",
    [
        "short-7",  # under 10 characters
        "1234567890123",  # digits only
        "password1234",  # a common password
    ],
)
def test_a_weak_password_is_refused_next_to_the_field(client, counsellor, weak):
    client.force_login(counsellor)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "correct-horse-42", "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    counsellor.refresh_from_db()
    assert counsellor.check_password("correct-horse-42")


def test_a_password_like_the_persons_name_is_refused(client, make_user):
    person = make_user("counsellor", email="aminata.traore@cigem.test", full_name="Aminata Traoré")
    client.force_login(person)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-42",
            "new_password1": "aminata.traore",
            "new_password2": "aminata.traore",
        },
    )
    assert "new_password2" in response.context["form"].errors
