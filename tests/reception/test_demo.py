"""seed_demo adds the desk's demo records once; generate_data streams candidates and visits."""

from io import StringIO

import pytest
from django.core.management import call_command

from reception.models import Candidate, Referral, Visit
from reception.names import Person
from reception.selectors import duplicate_search

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_candidates_visits_referrals_once():
    call_command("seed_demo", stdout=StringIO())
    counts = (Candidate.objects.count(), Visit.objects.count(), Referral.objects.count())
    assert counts[0] >= 8 and counts[1] >= 8 and counts[2] >= 1
    assert Visit.objects.filter(legal_pathways__isnull=False).exists()
    call_command("seed_demo", stdout=StringIO())
    assert (Candidate.objects.count(), Visit.objects.count(), Referral.objects.count()) == counts


def test_generate_data_candidates_and_visits_are_searchable():
    call_command(
        "generate_data",
        "--staff",
        "2",
        "--candidates",
        "500",
        "--visits",
        "1500",
        stdout=StringIO(),
    )
    assert Candidate.objects.count() == 500
    assert Visit.objects.count() == 1500
    row = Candidate.objects.order_by("id")[17]
    assert row.code.endswith(f"{row.pk:06d}") and row.last_name_key
    found = duplicate_search(
        Person(last_name=row.last_name, first_name=row.first_name, birth_year=row.birth_year)
    )
    assert row.pk in [m.candidate.pk for m in found]
    # The sequence was moved past the loaded ids: a new record gets a fresh one.
    from reception.services import candidate_create

    new = candidate_create(actor=None, check_duplicates=False, last_name="Sow", first_name="Ali")
    assert new.pk > row.pk
