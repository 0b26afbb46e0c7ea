"""Browser journeys on a phone: a visitor finds, reads, translates, prints; an editor publishes."""

from io import StringIO

import pytest

from legal import demo
from legal.models import Pathway

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded_live(transactional_db):
    # live_server reads through its own connection: the content must be committed.
    demo.seed(StringIO())


def test_visitor_searches_reads_switches_to_english_and_prints(seeded_live, phone_page):
    page = phone_page
    page.goto("/legal/")
    page.locator("#legal-q").fill("travail saisonnier espagne")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/legal/search/**")
    first = page.locator('[data-testid="pathway-results"] a').first
    assert "Espagne" in first.inner_text()
    first.click()
    page.wait_for_url("**/legal/pathways/espagne-saisonnier-circulaire/")
    assert "Espagne" in page.locator("h1").inner_text()
    assert page.locator("#steps").is_visible()

    page.select_option("#language-select", "en")
    page.get_by_test_id("language-submit").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Spain: seasonal work")

    page.get_by_test_id("sheet-link").click()
    page.wait_for_url("**/sheet/")
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert page.get_by_test_id("sheet-short-link").is_visible()
    assert not page.locator("p.no-print").first.is_visible()  # the "back" line is not printed
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_editor_publishes_a_change_and_the_public_page_shows_it(seeded_live, page, content_editor):
    pathway = Pathway.objects.get(slug="france-etudiant")
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(content_editor.email)
    page.locator("input[name=password]").fill("correct-horse-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"/legal/editor/pathway/{pathway.pk}/edit/")
    page.locator("textarea[name=summary_fr]").fill("Résumé publié depuis le navigateur.")
    page.locator("input[name=note]").fill("nouveau résumé")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/legal/editor/pathway/{pathway.pk}/")
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    page.locator("input[name=verified]").check()
    page.get_by_test_id("publish").click()
    page.wait_for_load_state()

    page.goto(pathway.get_absolute_url())
    assert "Résumé publié depuis le navigateur." in page.locator(".lead").inner_text()
