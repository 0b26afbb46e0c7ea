"""Demo seed and synthetic subscribers of the campaigns app."""

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns import demo
from campaigns.models import Campaign, Subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]


def test_seed_twice_gives_the_same_data():
    demo.seed(StringIO())
    first = (Subscriber.objects.count(), Campaign.objects.count())
    demo.seed(StringIO())
    assert (Subscriber.objects.count(), Campaign.objects.count()) == first == (12, 1)


def test_generate_streams_subscribers():
    call_command("generate_data", "--campaign-subscribers", "2500", stdout=StringIO())
    call_command("generate_data", "--campaign-subscribers", "500", stdout=StringIO())
    assert Subscriber.objects.filter(status="active").count() == 3000
    assert Subscriber.objects.values("phone").distinct().count() == 3000
