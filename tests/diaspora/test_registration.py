"""Self-registration: the confirmation email, activation, duplicates and bad passwords."""

import re

from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent, User
from accounts.roles import Role
from diaspora.models import Member

FORM = {
    "full_name": "Kadiatou Sangaré",
    "email": "Kadiatou@Example.test",
    "password1": "baobab-de-kayes-2026",
    "password2": "baobab-de-kayes-2026",
    "preferred_language": "fr",
    "news_opt_in": "on",
    "accept_use": "on",
}


def _register(client, REMOTE_ADDR="127.0.0.1", **changes):
    return client.post(reverse("diaspora:register"), {**FORM, **changes}, REMOTE_ADDR=REMOTE_ADDR)


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/diaspora/confirm/\S+)", message.body).group(1)


def test_register_sends_a_confirmation_then_the_link_activates_and_logs_in(client, db):
    response = _register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("diaspora:register-sent")
    user = User.objects.get(email="kadiatou@example.test")
    assert not user.is_active
    assert user.has_role(Role.DIASPORA_MEMBER)
    member = Member.objects.get(user=user)
    assert member.news_opt_in and member.news_opt_in_at
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kadiatou@example.test"]
    assert "Confirmez votre inscription" in mail.outbox[0].subject

    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert not User.objects.get(pk=user.pk).is_active  # a GET (mail scanner) activates nothing
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("diaspora:me-edit")
    assert User.objects.get(pk=user.pk).is_active
    assert client.get(reverse("diaspora:me")).status_code == 200
    # The link is single-use: once active, the token no longer matches.
    client.logout()
    assert client.post(link).status_code == 400
    actions = set(
        AuditEvent.objects.filter(
            object_type="diaspora.member", object_id=str(member.pk)
        ).values_list("summary", flat=True)
    )
    assert {"self-registration", "email confirmed"} <= actions


def test_an_unconfirmed_account_cannot_log_in(client, db):
    _register(client)
    response = client.post(
        reverse("accounts:login"),
        {"username": "kadiatou@example.test", "password": FORM["password1"]},
    )
    assert response.status_code == 200  # the form again, no redirect
    assert "_auth_user_id" not in client.session


def test_a_tampered_link_is_refused(client, db):
    _register(client)
    link = _link(mail.outbox[0])
    assert client.post(link[:-3] + "xyz/").status_code == 400
    assert client.get("/diaspora/confirm/zzz/abc-def/").status_code == 400


def test_email_already_registered_gets_a_clear_french_error_and_keeps_what_was_typed(
    client, make_user
):
    make_user(Role.COUNSELLOR, email="kadiatou@example.test")
    response = _register(client, email="KADIATOU@example.test")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette adresse e-mail est déjà inscrite" in html
    assert 'value="Kadiatou Sangaré"' in html
    assert mail.outbox == []
    assert Member.objects.count() == 0


def test_passwords_must_match_and_be_strong(client, db):
    html = _register(client, password2="autre-chose-2026").content.decode()
    assert "Les deux mots de passe sont différents" in html
    html = _register(client, password1="12345678", password2="12345678").content.decode()
    assert "password1" in html and User.objects.count() == 0


def test_the_use_of_the_data_must_be_acknowledged(client, db):
    data = {**FORM}
    del data["accept_use"]
    response = client.post(reverse("diaspora:register"), data)
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_registration_page_says_who_sees_the_profile(client, db):
    html = client.get(reverse("diaspora:register")).content.decode()
    assert "Qui voit votre profil" in html
    assert "jamais publié" in html


def test_when_the_email_cannot_leave_nothing_is_kept_and_the_form_says_so(client, settings, db):
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    response = _register(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rien n&#x27;a été enregistré" in html or "Rien n'a été enregistré" in html
    assert 'value="Kadiatou Sangaré"' in html
    assert not User.objects.filter(email="kadiatou@example.test").exists()
    assert Member.objects.count() == 0


def test_registering_again_before_confirming_resends_the_link_and_changes_nothing(client, db):
    _register(client)
    user = User.objects.get(email="kadiatou@example.test")
    password = user.password
    response = _register(
        client,
        full_name="Quelqu'un d'autre",
        password1="autre-mot-2026-x",
        password2="autre-mot-2026-x",
    )
    assert response["Location"] == reverse("diaspora:register-sent")
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["kadiatou@example.test"]
    user.refresh_from_db()
    assert user.password == password and user.full_name == "Kadiatou Sangaré"
    assert Member.objects.count() == 1
    client.post(_link(mail.outbox[1]))
    assert User.objects.get(pk=user.pk).is_active


def test_registrations_are_limited_per_connection_and_per_address(client, db):
    for i in range(5):
        response = _register(client, email=f"person{i}@example.test")
        assert response.status_code == 302, i
        client.logout()
    response = _register(client, email="person9@example.test")
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert not User.objects.filter(email="person9@example.test").exists()
    assert len(mail.outbox) == 5


def test_confirmation_resends_are_limited_per_address(client, db):
    for i in range(3):
        assert _register(client, REMOTE_ADDR=f"10.0.0.{i}").status_code == 302
    response = client.post(reverse("diaspora:register"), FORM, REMOTE_ADDR="10.0.0.9")
    assert "Trop de tentatives" in response.content.decode()
    assert len(mail.outbox) == 3
