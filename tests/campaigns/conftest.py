"""Fixtures of the campaigns tests: a local SMS gateway, a local SMTP server, subscribers."""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.campaigns.gateway import CLIENT_ID, CLIENT_SECRET, Gateway


@pytest.fixture
def gateway(settings):
    with Gateway() as gw:
        settings.SMS_PROVIDER = "http"
        settings.SMS_GATEWAY_URL = gw.url
        settings.SMS_CLIENT_ID = CLIENT_ID
        settings.SMS_CLIENT_SECRET = CLIENT_SECRET
        settings.SMS_RATE_PER_SECOND = 10_000
        settings.CAMPAIGNS_SMS_TIMEOUT = 1
        settings.CAMPAIGNS_RETRY_BASE_SECONDS = 0
        from campaigns.providers import OrangeSmsProvider

        OrangeSmsProvider._token = None
        yield gw
        OrangeSmsProvider._token = None


class _Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                {"to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")}
            )
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.CAMPAIGNS_EMAIL_RATE_PER_SECOND = 10_000
    yield inbox
    controller.stop()


@pytest.fixture
def no_quiet_hours(settings):
    settings.CAMPAIGNS_QUIET_START = None
    settings.CAMPAIGNS_QUIET_END = None


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """users_by_role hashes six passwords per test; the default hasher takes a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def regions(db):
    """The regions come from a data migration, which a transactional test's flush erases."""
    from cigem.services import region_sync

    region_sync()
