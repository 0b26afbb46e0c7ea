"""Fuzzing the public forms: hostile text gets a clear error, or is stored and shown escaped.

The forms anyone can post: the appointment request, the expression of interest in a job offer,
the diaspora registration and the messages subscription. Names come from hypothesis (scripts,
quotes, right-to-left and override marks, emoji with modifiers, combining accents, Bambara
letters, zero-width characters, template syntax), bounded so the test stays fast. Each post
either answers the form again with an error next to a field, or stores the text, which must then
come out escaped on every staff page that shows it. Separately: oversized fields, NUL bytes,
invalid UTF-8, declared charsets and oversized bodies, which must never cause a 5xx.
"""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Subscriber
from diaspora.models import Member
from reception.models import AppointmentRequest, AppointmentTopic

pytestmark = pytest.mark.django_db

EXAMPLES = 25
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "' OR '1'='1' --",
    "{{ request.user }}",
    "{% debug %}",
    "&lt;b&gt;",
    "مريم كانتي",  # Arabic script, right to left
    "\u202eevil\u202c",  # right-to-left override
    "Ɲɛnɛ Kɔnatɛ",  # Bambara letters
    "Kante\u0301\u0327",  # combining accents
    "👩🏾‍🌾",  # emoji with a skin tone and a zero-width joiner
    "a\u200bb",  # zero-width space
    "\ufeffBOM",
    "𝕬𝖜𝖆",
    "%s%n",
]
# Any printable text but surrogates (not encodable in a form post) and control characters
# (NUL has its own test below).
PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
NAMES = st.lists(st.one_of(st.sampled_from(HOSTILE), PLAIN), min_size=1, max_size=4).map("".join)
_emails = itertools.count()


def _squash(value: str) -> str:
    return " ".join(value.split())


def _assert_shown_escaped(response, value: str, where: str):
    """`value` appears escaped; markup in it never appears raw."""
    assert response.status_code == 200, where
    content = response.content.decode()
    assert escape(value) in content, f"{value!r} not shown on {where}"
    if "<" in value:
        assert value not in content, f"{value!r} shown unescaped on {where}"


class Outcomes:
    """How many examples were stored and how many refused: both paths must have run."""

    def __init__(self):
        self.stored = self.refused = 0

    def check(self):
        assert self.stored and self.refused, (self.stored, self.refused)


def _assert_form_error(response, value: str):
    """The form comes back with an error and keeps what was typed, escaped."""
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors, "neither stored nor refused"
    if "<" in value:
        assert value not in response.content.decode()


@pytest.fixture
def staff(client_as, make_user):
    from django.test import Client

    client = Client()
    client.force_login(make_user("counsellor", "campaign_manager"))
    return client


@pytest.fixture
def offer(open_offer):
    return open_offer


def _appointment(full_name="Awa Diarra", phone="76 12 34 56", message=""):
    return {
        "full_name": full_name,
        "phone": phone,
        "topic": AppointmentTopic.JOB_OFFERS,
        "preferred_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "message": message,
        "website": "",
    }


def _interest(full_name="Awa Diarra", occupation="", message=""):
    return {
        "full_name": full_name,
        "phone": "76 12 34 56",
        "occupation": occupation,
        "message": message,
        "consent": "on",
        "website": "",
    }


def _registration(full_name="Awa Diarra", email=None):
    return {
        "full_name": full_name,
        "email": email or f"fuzz{next(_emails)}@example.test",
        "password1": "Sable-Niger-Bamako-42",
        "password2": "Sable-Niger-Bamako-42",
        "preferred_language": "fr",
        "accept_use": "on",
    }


# --- Hostile text: refused clearly, or stored and escaped everywhere it is shown -------------


def test_appointment_request(client, staff):
    url = reverse("reception:appointment-request")
    seen = Outcomes()

    @fuzz
    @given(name=NAMES, message=NAMES)
    def check(name, message):
        cache.clear()  # the per-address limit is not what is under test
        AppointmentRequest.objects.all().delete()
        response = client.post(url, _appointment(full_name=name, message=message))
        if response.status_code != 302:
            _assert_form_error(response, name)
            seen.refused += 1
            return
        seen.stored += 1
        stored = AppointmentRequest.objects.get()
        assert stored.full_name == _squash(name)
        assert stored.message == message.strip()
        queue = staff.get(reverse("reception:appointment-queue"))
        _assert_shown_escaped(queue, stored.full_name, "the counsellors' queue")
        detail = staff.get(reverse("reception:appointment-detail", args=[stored.pk]))
        _assert_shown_escaped(detail, stored.full_name, "the request's page")
        if stored.message:
            _assert_shown_escaped(detail, stored.message, "the request's page")

    check()
    seen.check()


def test_expression_of_interest(client, staff, offer):
    url = reverse("reception:placements-public-offer", args=[offer.pk])
    seen = Outcomes()

    @fuzz
    @given(name=NAMES, occupation=NAMES)
    def check(name, occupation):
        cache.clear()
        AppointmentRequest.objects.all().delete()
        response = client.post(url, _interest(full_name=name, occupation=occupation))
        if response.status_code != 302:
            _assert_form_error(response, name)
            seen.refused += 1
            return
        seen.stored += 1
        # An interest is a call-back request in the desk's queue, tied to the offer.
        stored = AppointmentRequest.objects.get(job_offer=offer)
        assert stored.full_name == _squash(name)
        offer_page = staff.get(reverse("reception:placements-offer", args=[offer.pk]))
        _assert_shown_escaped(offer_page, stored.full_name, "the offer's staff page")
        queue = staff.get(reverse("reception:appointment-queue"))
        _assert_shown_escaped(queue, stored.full_name, "the counsellors' queue")
        detail = staff.get(reverse("reception:appointment-detail", args=[stored.pk]))
        if _squash(occupation):
            _assert_shown_escaped(detail, _squash(occupation), "the request's page")

    check()
    seen.check()


def test_diaspora_registration(client, staff, mailoutbox):
    from diaspora.services import member_confirm

    url = reverse("diaspora:register")
    seen = Outcomes()

    @fuzz
    @given(name=NAMES)
    def check(name):
        cache.clear()
        response = client.post(url, _registration(full_name=name))
        if response.status_code != 302:
            _assert_form_error(response, name)
            seen.refused += 1
            return
        seen.stored += 1
        member = Member.objects.select_related("user").latest("pk")
        assert member.user.full_name == name.strip()
        member_confirm(user=member.user)  # the directory lists confirmed members only
        directory = staff.get(reverse("diaspora:directory"))
        _assert_shown_escaped(directory, member.user.full_name, "the members' directory")
        detail = staff.get(reverse("diaspora:member-detail", args=[member.pk]))
        _assert_shown_escaped(detail, member.user.full_name, "the member's page")

    check()
    seen.check()


LOCAL_PART = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-<>\"éɲ"),
    min_size=1,
    max_size=20,
)


def test_subscription(client, staff):
    url = reverse("campaigns:subscribe")
    seen = Outcomes()

    @fuzz
    @given(local=LOCAL_PART, phone=st.one_of(st.just(""), st.just("76 12 34 56"), NAMES))
    def check(local, phone):
        cache.clear()
        Subscriber.objects.all().delete()
        email = f"{local}@example.test"
        data = {"email": email, "phone": phone, "language": "fr", "consent": "on"}
        response = client.post(url, data)
        if response.status_code != 302:
            _assert_form_error(response, email)
            seen.refused += 1
            return
        seen.stored += 1
        stored = Subscriber.objects.get()
        assert stored.email or stored.phone
        listing = staff.get(reverse("campaigns:subscriber-detail", args=[stored.pk]))
        if stored.email:
            _assert_shown_escaped(listing, stored.email, "the subscriber's page")
        if stored.phone:
            assert stored.phone.startswith("+") and stored.phone[1:].isdigit()

    check()
    seen.check()


# --- Sizes, NUL bytes and encodings: never a 5xx --------------------------------------------


FORMS = {
    "appointment": (lambda offer: reverse("reception:appointment-request"), _appointment),
    "interest": (
        lambda offer: reverse("reception:placements-public-offer", args=[offer.pk]),
        _interest,
    ),
    "registration": (lambda offer: reverse("diaspora:register"), _registration),
}


@pytest.mark.parametrize("form", FORMS)
def test_oversized_name_is_refused_next_to_the_field(client, offer, form):
    url, data = FORMS[form]
    response = client.post(url(offer), data(full_name="Kanté " * 2000))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


@pytest.mark.parametrize("form", FORMS)
def test_nul_byte_is_refused_next_to_the_field(client, offer, form):
    url, data = FORMS[form]
    response = client.post(url(offer), data(full_name="Mariam\x00Kanté"))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("charset", "encoded_name", "stored"),
    [
        # Percent-encoded bytes that are not UTF-8 are replaced; a raw body that is not UTF-8
        # is read as ISO-8859-1 (Django's fallback). Never an error page.
        ("utf-8", b"Kant%E9%FF", "Kant\ufffd\ufffd"),
        ("utf-8", b"Kant\xe9\xff", "Kantéÿ"),
        # Another declared charset is refused with a 400 (Django 5.2), not misread.
        ("iso-8859-1", b"Kant%E9", None),
        # An unknown charset falls back to UTF-8.
        ("x-no-such-charset", b"Kant%C3%A9", "Kanté"),
    ],
)
def test_wrong_encodings_are_decoded_or_replaced(
    client, offer, form, charset, encoded_name, stored
):
    from urllib.parse import urlencode

    url, data = FORMS[form]
    fields = data()
    del fields["full_name"]
    body = b"full_name=" + encoded_name + b"&" + urlencode(fields).encode()
    response = client.generic(
        "POST",
        url(offer),
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    if stored is None:
        assert response.status_code == 400
        return
    assert response.status_code == 302, response.context["form"].errors
    name = {
        "appointment": lambda: AppointmentRequest.objects.get().full_name,
        "interest": lambda: AppointmentRequest.objects.get(job_offer__isnull=False).full_name,
        "registration": lambda: Member.objects.select_related("user").get().user.full_name,
    }[form]()
    assert name == stored


@pytest.mark.parametrize("form", FORMS)
def test_oversized_body_and_too_many_fields_answer_400(client, offer, form, settings):
    url, data = FORMS[form]
    huge = data(full_name="a")
    huge["message"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert client.post(url(offer), huge).status_code == 400
    many = {**data(), **{f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}}
    assert client.post(url(offer), many).status_code == 400
