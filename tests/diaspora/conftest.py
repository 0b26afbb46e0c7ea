"""Fixtures of the diaspora tests: members with profiles, needs, PDF bytes, a private CV root."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from cigem.models import Region
from diaspora.matching import profiles_changed
from diaspora.models import Member, MemberLanguage, MemberSkill, Need
from diaspora.services import skill_get_or_create

# The smallest file a PDF reader opens: header, one object, cross-reference, trailer.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _private_cv_root(settings, tmp_path):
    settings.DIASPORA_CV_ROOT = tmp_path / "private"
    # These tests create many people; the real hasher's cost tests nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pdf_bytes():
    return MINIMAL_PDF


@pytest.fixture
def region(db):
    from cigem.services import region_sync

    region_sync()
    return Region.objects.get(code="KAY")


@pytest.fixture
def make_member(make_user, db):
    """A confirmed member with a profile; skills as {name: level}, languages as codes."""

    def factory(
        *,
        skills: dict | None = None,
        languages: tuple = (),
        full_name: str = "Awa Diarra",
        **fields,
    ):
        user = make_user(Role.DIASPORA_MEMBER, full_name=full_name)
        fields.setdefault("country", "FR")
        fields.setdefault("sector", "health")
        fields.setdefault("confirmed_at", timezone.now())
        member = Member.objects.create(user=user, **fields)
        for name, level in (skills or {}).items():
            MemberSkill.objects.create(
                member=member, skill=skill_get_or_create(name=name), level=level
            )
        for code in languages:
            MemberLanguage.objects.create(member=member, language=code)
        # As the services do after a profile write: a cached ranking no longer counts.
        profiles_changed()
        return member

    return factory


@pytest.fixture
def member(make_member):
    return make_member(skills={"Pédiatrie": 4}, languages=("fr", "bm"))


@pytest.fixture
def other_member(make_member):
    return make_member(full_name="Moussa Traoré", skills={"Comptabilité": 3})


@pytest.fixture
def make_need(counsellor, db):
    def factory(*, skills=(), **fields):
        fields.setdefault("title", "Formation des sages-femmes")
        fields.setdefault("institution", "CHU Gabriel Touré")
        fields.setdefault("sector", "health")
        fields.setdefault("kind", "short_mission")
        fields.setdefault("created_by", counsellor)
        need = Need.objects.create(**fields)
        need.skills.set([skill_get_or_create(name=name) for name in skills])
        return need

    return factory
