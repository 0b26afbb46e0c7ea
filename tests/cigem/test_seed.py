"""seed_demo is idempotent and covers every role; generate_data makes what it is asked."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import AuditEvent, User
from accounts.roles import Role
from cigem.models import Region
from reception.models import Partner


def test_seed_demo_twice_gives_the_same_data(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = (User.objects.count(), Partner.objects.count(), Region.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Partner.objects.count(), Region.objects.count()) == first
    assert Region.objects.count() == 20  # 19 regions and the District of Bamako
    assert set(Partner.objects.values_list("acronym", flat=True)) >= {
        "ANPE",
        "APEJ",
        "FAFPA",
        "DGME",
    }
    for role in Role.values:
        assert Group.objects.get(name=role).user_set.exists(), role
    printed = out.getvalue()
    assert "conseiller@cigem.demo" in printed and "cigem-demo-2026" in printed


def test_generate_data_streams_rows_into_postgresql(db):
    call_command("generate_data", "--staff", "3", "--audit-events", "2500", stdout=StringIO())
    assert User.objects.filter(email__endswith="@cigem.test").count() == 3
    assert AuditEvent.objects.count() == 2500
    assert AuditEvent.objects.filter(object_type="reception.candidate").count() == 2500
