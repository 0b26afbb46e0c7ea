"""axe-core on research's staff pages (the public ones are in tests/hardening/public_pages.py)."""

import pytest

from research.models import Indicator, IndicatorValue, Publication
from research.services import export_request
from tests.hardening.test_accessibility import _serious_violations, axe_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_research_pages_have_no_serious_accessibility_violation(axe_page, manager):  # noqa: F811
    publication = Publication.objects.create(title="Étude", authors="A", year=2024, kind="study")
    indicator = Indicator.objects.create(code="X.Y", name="Série", unit="%", source="Source")
    IndicatorValue.objects.create(indicator=indicator, country="Mali", year=2020, value=1)
    IndicatorValue.objects.create(indicator=indicator, country="Mali", year=2021, value=2)
    job = export_request(
        user=manager, dataset="publications", format="csv", filters={}, anonymised=True
    )
    axe_page.goto("/accounts/login/")
    axe_page.get_by_label("Adresse e-mail").fill(manager.email)
    axe_page.get_by_label("Mot de passe").fill("correct-horse-42")
    axe_page.get_by_role("button", name="Se connecter").click()
    axe_page.wait_for_url("**/")
    for path in [
        "/research/dashboard/",
        "/research/exports/",
        job.get_absolute_url(),
        f"/research/exports/{job.pk}/cancel/",
        "/documentation/new/",
        publication.get_absolute_url(),
        indicator.get_absolute_url(),
    ]:
        axe_page.goto(path)
        assert _serious_violations(axe_page) == [], path
