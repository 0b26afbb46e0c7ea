"""seed_demo: offers and applications at every stage, twice the same; generate_data adds more."""

from io import StringIO

import pytest
from django.core.management import call_command

from reception.models import Candidate
from reception.placements_models import Application, ApplicationStatus, Debrief, JobOffer
from reception.placements_selectors import indicators

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_covers_every_stage():
    call_command("seed_demo", stdout=StringIO())
    counts = (JobOffer.objects.count(), Application.objects.count(), Debrief.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        JobOffer.objects.count(),
        Application.objects.count(),
        Debrief.objects.count(),
    ) == counts
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    titles = " ".join(JobOffer.objects.values_list("title", flat=True))
    assert "Huelva" in titles and "Abidjan" in titles and "Niayes" in titles
    figures = indicators()
    assert figures["repeat_participants"] >= 1
    assert figures["on_time_rate"] is not None and figures["average_stay_days"] > 0
    assert figures["debriefs"]["total"] == 3
    experience = dict(
        Candidate.objects.filter(code__startswith="DEMO-C").values_list(
            "code", "years_of_experience"
        )
    )
    assert experience["DEMO-C01"] == 4 and experience["DEMO-C06"] is None


def test_generate_data_adds_offers_and_applications(make_candidate):
    for _ in range(30):
        make_candidate()
    call_command("generate_data", "--offers", "4", "--applications", "20", stdout=StringIO())
    assert JobOffer.objects.count() == 4
    assert Application.objects.count() == 20
