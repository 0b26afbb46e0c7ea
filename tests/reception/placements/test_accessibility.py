"""axe-core on the pages of circular migration: no serious or critical violation."""

import pytest

from reception.placements_services import application_submit, interest_create
from tests.hardening.test_accessibility import _serious_violations, axe_page  # noqa: F401

pytestmark = pytest.mark.browser


def test_public_offer_page(axe_page, offer):  # noqa: F811
    axe_page.goto(f"/offres-emploi/{offer.pk}/")
    assert _serious_violations(axe_page) == []


def test_staff_pages(axe_page, manager, counsellor, offer, make_candidate):  # noqa: F811
    make_candidate(occupation="Maraîcher")
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    interest_create(offer=offer, full_name="Awa Diarra", phone="76123456")
    axe_page.goto("/accounts/login/")
    axe_page.get_by_label("Adresse e-mail").fill(manager.email)
    axe_page.get_by_label("Mot de passe").fill("correct-horse-42")
    axe_page.get_by_role("button", name="Se connecter").click()
    axe_page.wait_for_url("**/")
    # The candidate part (/placements/candidats/<id>/offres/) is a fragment, not a page.
    for path in [
        "/placements/offres/",
        f"/placements/offres/{offer.pk}/",
        f"/placements/offres/{offer.pk}/correspondances/",
        f"/placements/offres/{offer.pk}/modifier/",
        "/placements/offres/nouvelle/",
        "/placements/candidatures/",
        f"/placements/candidatures/{application.pk}/",
        "/placements/alertes/",
        "/placements/indicateurs/",
        "/placements/employeurs/",
        "/placements/programmes/",
    ]:
        axe_page.goto(path)
        assert _serious_violations(axe_page) == [], path
