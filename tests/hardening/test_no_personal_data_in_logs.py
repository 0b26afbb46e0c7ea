"""Exercise the journeys that handle personal data and scan every log record for it.

The persons below are the test's own; their names, phone numbers and email addresses must not
appear in any log record, at any level, from any logger (Django, DRF, axes, Celery, the apps).
"""

import logging

import pytest
from django.urls import reverse

PERSON = {
    "email": "mariam.kante.logs@example.test",
    "phone": "+22376543210",
    "phone_local": "76543210",
    "last_name": "Kanté",
    "first_name": "Mariam",
}


@pytest.fixture
def all_logs(caplog):
    """Every logger at DEBUG, whatever the settings say: a leak must not hide behind a level."""
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield caplog
    for logger, level in saved:
        logger.setLevel(level)


def _assert_clean(records):
    leaks = []
    for record in records:
        text = f"{record.name} {record.getMessage()} {record.exc_text or ''}"
        for key, value in PERSON.items():
            if value.lower() in text.lower():
                leaks.append((key, record.name, record.levelname, text[:200]))
    assert not leaks, leaks


def test_account_journeys_log_nothing_personal(client, make_user, all_logs, settings):
    make_user("counsellor", email=PERSON["email"], full_name="Mariam Kanté")
    # Failed logins until the lock-out, then a password reset.
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("accounts:login"), {"username": PERSON["email"], "password": "no"})
    client.post(reverse("accounts:password_reset"), {"email": PERSON["email"]})
    client.get("/ping", {"phone": PERSON["phone"], "name": PERSON["last_name"]})
    assert all_logs.records, "the journey logged nothing: the scan would prove nothing"
    _assert_clean(all_logs.records)
