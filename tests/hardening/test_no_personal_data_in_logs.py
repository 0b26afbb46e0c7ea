"""Exercise the journeys that handle personal data and scan every log record for it.

The persons below are the test's own; their names, phone numbers and email addresses must not
appear in any log record, at any level, from any logger (Django, DRF, axes, Celery, the apps).
Every request of the journeys is also written to the access log by gunicorn's own logger with
the portal's gunicorn settings, and every Celery task the journeys queue goes through the real
broker: its arguments are checked, then it runs here so its log records (Celery's "succeeded"
line with the return value included) are scanned too.
"""

import datetime
import logging
import types

import pytest
from celery.signals import before_task_publish
from django.test import Client
from django.urls import reverse
from django.utils import timezone

PERSON = {
    "email": "mariam.kante.logs@example.test",
    "phone": "+22376543210",
    "phone_local": "76543210",
    "last_name": "Kanté",
    "first_name": "Mariam",
}
# The people of the public forms and of the counsellor's intake: one each, so a leak names its
# journey.
CANDIDATE = {
    "email": "boubacar.sissoko.logs@example.test",
    "phone": "+22366778899",
    "phone_local": "66778899",
    "last_name": "Sissoko",
    "first_name": "Boubacar",
}
VISITOR = {
    "email": "fanta.dembele.logs@example.test",
    "phone": "+22379881122",
    "phone_local": "79881122",
    "last_name": "Dembélé",
    "first_name": "Fanta",
}
SUBSCRIBER = {
    "email": "oumou.sangare.logs@example.test",
    "phone": "+22365123987",
    "phone_local": "65123987",
}
MEMBER = {
    "email": "seydou.keita.logs@example.test",
    "last_name": "Keïta",
    "first_name": "Seydou",
}
EVERYONE = [PERSON, CANDIDATE, VISITOR, SUBSCRIBER, MEMBER]


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


def _assert_clean(records, people=EVERYONE):
    leaks = []
    for record in records:
        text = f"{record.name} {record.getMessage()} {record.exc_text or ''}"
        for person in people:
            for key, value in person.items():
                if value.lower() in text.lower():
                    leaks.append((key, record.name, record.levelname, text[:200]))
    assert not leaks, leaks


class AccessLoggedClient(Client):
    """The test client, writing each request to the access log as gunicorn would."""

    def __init__(self, *args, **kwargs):
        from gunicorn.config import Config
        from gunicorn.glogging import Logger

        from cigem import gunicorn_conf

        super().__init__(*args, **kwargs)
        cfg = Config()
        cfg.set("accesslog", "-")
        cfg.set("access_log_format", gunicorn_conf.access_log_format)
        self.gunicorn = Logger(cfg)
        self.lines = 0

    def request(self, **request):
        response = super().request(**request)
        environ = dict(response.wsgi_request.environ)
        query = environ.get("QUERY_STRING", "")
        environ["RAW_URI"] = environ["PATH_INFO"] + (f"?{query}" if query else "")
        headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k[:5] == "HTTP_"]
        resp = types.SimpleNamespace(
            status=f"{response.status_code} -",
            headers=list(response.items()),
            sent=len(getattr(response, "content", b"") or b""),
        )
        self.gunicorn.access(
            resp, types.SimpleNamespace(headers=headers), environ, datetime.timedelta(0, 0, 5000)
        )
        self.lines += 1
        return response


@pytest.fixture
def published():
    """The Celery messages published while the test runs (name, args, kwargs)."""
    from cigem.celery import app

    sent = []

    def record(sender=None, body=None, headers=None, **kwargs):
        args, kwargs_, _embed = body if isinstance(body, (list, tuple)) else (body, {}, {})
        sent.append((sender, args, kwargs_))

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)
    app.control.purge()  # they ran here (below); no worker of a later test should get them


def _run_here(published):
    """Run every published task in this process, as a worker would, so its logs are captured."""
    from cigem.celery import app

    for name, args, kwargs in list(published):
        app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)


def _assert_args_clean(published):
    leaks = [
        (name, key)
        for name, args, kwargs in published
        for person in EVERYONE
        for key, value in person.items()
        if value.lower() in f"{args} {kwargs}".lower()
    ]
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


def test_intake_visit_referral_and_export_log_nothing_personal(
    transactional_db,
    make_user,
    counsellor,
    manager,
    all_logs,
    published,
    django_capture_on_commit_callbacks,
):
    from reception.models import Candidate, Partner, PartnerKind, Referral
    from research.models import ExportJob

    partner = Partner.objects.create(
        name="Agence Nationale pour l'Emploi", acronym="ANPE", kind=PartnerKind.PUBLIC_AGENCY
    )
    desk = AccessLoggedClient()
    desk.force_login(counsellor)
    who = {"last_name": CANDIDATE["last_name"], "first_name": CANDIDATE["first_name"]}
    # The duplicate search as the counsellor types, then the record, then the search list.
    desk.get(
        reverse("reception:duplicate-panel"),
        {**who, "phone": CANDIDATE["phone_local"], "email": CANDIDATE["email"]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("reception:candidate-intake"),
            {
                **who,
                "sex": "M",
                "birth_year": "1994",
                "profile": "returnee_voluntary",
                "phone": CANDIDATE["phone_local"],
                "email": CANDIDATE["email"],
                "consent_record": "on",
                "consent_referral": "on",
                "consent_messages": "on",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    candidate = Candidate.objects.get(last_name=CANDIDATE["last_name"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("reception:candidate-visit-add", args=[candidate.pk]),
            {
                "visit_date": today.isoformat(),
                "channel": "walk_in",
                "services": ["orientation", "referral"],
                "notes": f"Rappeler {CANDIDATE['first_name']} au {CANDIDATE['phone_local']}",
                "next_step": "Inscription",
                "follow_up_date": (today + datetime.timedelta(days=7)).isoformat(),
                "referral_partner": partner.pk,
                "referral_service": "Inscription demandeur d'emploi",
            },
        )
    assert response.status_code == 302
    assert Referral.objects.filter(candidate=candidate).exists()
    desk.get(reverse("reception:candidate-detail", args=[candidate.pk]))
    desk.get(reverse("reception:candidate-list"), {"q": f"{who['first_name']} {who['last_name']}"})
    desk.get(reverse("reception:candidate-list"), {"q": CANDIDATE["phone_local"]})
    desk.get(reverse("api:reception-candidate-duplicates"), {**who, "phone": CANDIDATE["phone"]})

    # A manager exports the identified candidates; the export runs and is downloaded.
    office = AccessLoggedClient()
    office.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("api:research-export-create"),
            {"dataset": "candidates", "format": "csv", "anonymised": False},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    _assert_args_clean(published)
    _run_here(published)
    job = ExportJob.objects.get()
    assert (job.status, job.rows) == ("done", 1)
    download = office.get(reverse("api:research-export-download", args=[job.pk]))
    assert CANDIDATE["last_name"] in b"".join(download.streaming_content).decode()

    assert desk.lines and office.lines
    access = [r.getMessage() for r in all_logs.records if r.name == "gunicorn.access"]
    assert any("GET /accueil/candidats/ HTTP/1.1" in line for line in access), access[:3]
    _assert_clean(all_logs.records)


def test_public_forms_log_nothing_personal(
    client, offer_for_logs, all_logs, published, django_capture_on_commit_callbacks, mailoutbox
):
    visitor = AccessLoggedClient()
    full_name = f"{VISITOR['first_name']} {VISITOR['last_name']}"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            reverse("reception:appointment-request"),
            {
                "full_name": full_name,
                "phone": VISITOR["phone_local"],
                "topic": "job_offers",
                "preferred_date": tomorrow.isoformat(),
                "message": f"Mon email est {VISITOR['email']}",
                "website": "",
            },
        )
        assert response.status_code == 302
        response = visitor.post(
            reverse("reception:placements-public-offer", args=[offer_for_logs.pk]),
            {
                "full_name": full_name,
                "phone": VISITOR["phone_local"],
                "message": VISITOR["email"],
                "consent": "on",
                "website": "",
            },
        )
        assert response.status_code == 302
        response = visitor.post(
            reverse("campaigns:subscribe"),
            {
                "phone": SUBSCRIBER["phone_local"],
                "email": SUBSCRIBER["email"],
                "language": "fr",
                "consent": "on",
            },
        )
        assert response.status_code == 302
        response = visitor.post(
            reverse("diaspora:register"),
            {
                "full_name": f"{MEMBER['first_name']} {MEMBER['last_name']}",
                "email": MEMBER["email"],
                "password1": "Sable-Niger-Bamako-42",
                "password2": "Sable-Niger-Bamako-42",
                "preferred_language": "fr",
                "accept_use": "on",
            },
        )
        assert response.status_code == 302
    assert published, "the subscription queues its confirmation"
    _assert_args_clean(published)
    _run_here(published)
    assert {m.to[0] for m in mailoutbox} >= {SUBSCRIBER["email"], MEMBER["email"]}
    assert visitor.lines >= 4
    _assert_clean(all_logs.records)


@pytest.fixture
def offer_for_logs(open_offer):
    return open_offer


# --- Cache key names ------------------------------------------------------------------------
# Rate limits keep counters in Redis under a key per address; the key names are listed by any
# `redis-cli --scan` and end up in monitoring. They must not carry a phone number or email.

CACHE_JOURNEYS = {
    "subscription form": lambda c, offer: c.post(
        reverse("campaigns:subscribe"),
        {"phone": SUBSCRIBER["phone_local"], "language": "fr", "consent": "on"},
    ),
    "subscription form, email": lambda c, offer: c.post(
        reverse("campaigns:subscribe"),
        {"email": SUBSCRIBER["email"], "language": "fr", "consent": "on"},
    ),
    "subscription API": lambda c, offer: c.post(
        reverse("api:campaigns-subscribe"),
        {"phone": SUBSCRIBER["phone"], "email": SUBSCRIBER["email"], "consent": True},
        content_type="application/json",
    ),
    "appointment request": lambda c, offer: c.post(
        reverse("reception:appointment-request"),
        {
            "full_name": f"{VISITOR['first_name']} {VISITOR['last_name']}",
            "phone": VISITOR["phone_local"],
            "topic": "job_offers",
            "preferred_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "website": "",
        },
    ),
    "job-offer interest": lambda c, offer: c.post(
        reverse("reception:placements-public-offer", args=[offer.pk]),
        {"full_name": "Fanta Dembélé", "phone": VISITOR["phone_local"], "consent": "on"},
    ),
    "diaspora registration": lambda c, offer: c.post(
        reverse("diaspora:register"),
        {
            "full_name": f"{MEMBER['first_name']} {MEMBER['last_name']}",
            "email": MEMBER["email"],
            "password1": "Sable-Niger-Bamako-42",
            "password2": "Sable-Niger-Bamako-42",
            "preferred_language": "fr",
            "accept_use": "on",
        },
    ),
}


@pytest.mark.parametrize("journey", list(CACHE_JOURNEYS))
def test_rate_limit_keys_name_nobody(client, offer_for_logs, settings, journey, mailoutbox):
    import redis

    response = CACHE_JOURNEYS[journey](client, offer_for_logs)
    assert response.status_code in (202, 302), response.content[:300]
    server = redis.Redis.from_url(settings.REDIS_URL)
    keys = [k.decode("utf-8", "replace").lower() for k in server.scan_iter(count=1000)]
    assert keys, "nothing was cached: the scan would prove nothing"
    leaks = [
        (key, value)
        for key in keys
        for person in EVERYONE
        for value in person.values()
        if value.lower() in key
    ]
    assert not leaks, leaks
