"""Dashboard sections on reception's data: walk-ins, people, services, referrals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.research.test_reception_exports import make_candidates


@pytest.fixture
def reception_data(db):
    from reception.models import Partner, Referral, Visit

    year = timezone.localdate().year
    people = make_candidates(
        {("F", year - 30, "potential_migrant"): 6, ("M", year - 22, "returnee_forced"): 2}
    )
    partner = Partner.objects.create(
        name="Agence nationale pour l'emploi", acronym="ANPE", kind="public_agency"
    )
    for person in people:
        Visit.objects.create(
            candidate=person,
            visit_date=dt.date(2026, 3, 4),
            channel="walk_in",
            services=["orientation", "referral"],
        )
    Visit.objects.create(
        candidate=people[0],
        visit_date=dt.date(2026, 4, 1),
        channel="phone",
        services=["legal_information"],
    )
    Referral.objects.create(candidate=people[0], partner=partner, service="Emploi")
    from research.facts import facts_refresh

    facts_refresh()  # what the periodic task does
    return people


def test_dashboard_shows_reception_tables_with_charts(client_as, researcher, reception_data):
    content = client_as(researcher).get(reverse("research:dashboard")).content.decode()
    for title in (
        "Passages spontanés par mois",
        "Services rendus",
        "Orientations par partenaire",
        "Nouveaux candidats par sexe",
    ):
        assert title in content
    assert ("2026-03" in content and "ANPE" not in content) or "Agence nationale" in content
    assert content.count("<svg") == content.count("<table")


def test_dashboard_region_filter(client_as, researcher, reception_data):
    content = client_as(researcher).get(reverse("research:dashboard"), {"region": "SEG"}).content
    assert "Passages spontanés par mois".encode() in content
    assert b"2026-03" not in content


def test_key_figures_hide_small_groups(client, reception_data):
    content = client.get(reverse("research:key-figures")).content.decode()
    assert ">6<" in content and ">2<" not in content and "&lt; 5" in content


def test_recent_refresh_counts_the_last_month_and_the_nightly_one_everything(reception_data):
    from django.db.models import Sum

    from reception.models import Visit
    from research.facts import facts_refresh
    from research.models import DashboardFact

    def visits():
        return DashboardFact.objects.filter(metric="visit_channel").aggregate(n=Sum("n"))["n"]

    assert visits() == 9
    today = timezone.localdate()
    Visit.objects.create(candidate=reception_data[0], visit_date=today, channel="phone")
    Visit.objects.create(
        candidate=reception_data[1], visit_date=today - dt.timedelta(days=90), channel="phone"
    )
    facts_refresh(recent_only=True)  # every ten minutes: the last month only
    assert visits() == 10
    facts_refresh()  # at night: everything
    assert visits() == 11
    services = DashboardFact.objects.filter(metric="visit_service", key="orientation")
    assert services.aggregate(n=Sum("n"))["n"] == 8
