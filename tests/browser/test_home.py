"""Browser journey: the home page in French, then English, then a counsellor logs in."""

import pytest

pytestmark = pytest.mark.browser


def test_home_in_french_then_english_then_counsellor_login(page, counsellor):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Envie de partir" in page.locator("h1").inner_text()

    page.select_option("#language-select", "en")
    page.get_by_test_id("language-submit").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Thinking of leaving" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Staff login").click()
    page.get_by_label("Email address").fill(counsellor.email)
    page.get_by_label("Password").fill("correct-horse-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    nav = page.get_by_role("navigation", name="Main menu")
    assert counsellor.get_short_name() in nav.inner_text()
    assert "Audit trail" not in nav.inner_text()
