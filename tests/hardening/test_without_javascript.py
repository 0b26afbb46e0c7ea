"""Public journeys work with JavaScript disabled: reading, switching language, logging in."""

import pytest

from tests.hardening.public_pages import PUBLIC_PATHS

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, live_server, demo_live):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_render_without_javascript(no_js_page, path):
    response = no_js_page.goto(path)
    assert response.status == 200
    assert no_js_page.locator("main h1").count() >= 1


def test_language_switch_and_login_without_javascript(no_js_page, counsellor):
    no_js_page.goto("/")
    no_js_page.select_option("#language-select", "en")
    no_js_page.get_by_test_id("language-submit").click()
    assert no_js_page.locator("html").get_attribute("lang") == "en"
    no_js_page.goto("/accounts/login/")
    no_js_page.get_by_label("Email address").fill(counsellor.email)
    no_js_page.get_by_label("Password").fill("correct-horse-42")
    no_js_page.get_by_role("button", name="Log in").click()
    assert counsellor.get_short_name() in no_js_page.get_by_role("navigation").inner_text()
