"""axe-core in Chromium on the key pages: no serious or critical violation.

axe-core comes from the npm registry (package.json, installed by `make test`); it is injected
into the page under test, which is why the browser context bypasses the portal's CSP.
"""

from pathlib import Path

import pytest

from tests.hardening.public_pages import PUBLIC_PATHS

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

PUBLIC_PAGES = [*PUBLIC_PATHS, "/no-such-page/"]
STAFF_PAGES = {"manager": ["/accounts/audit/", "/accounts/profile/"]}


def _serious_violations(tab) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe_page(browser, live_server):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation(demo_live, axe_page, path):
    axe_page.goto(path)
    assert _serious_violations(axe_page) == []


def test_staff_pages_have_no_serious_accessibility_violation(axe_page, manager, live_server):
    axe_page.goto("/accounts/login/")
    axe_page.get_by_label("Adresse e-mail").fill(manager.email)
    axe_page.get_by_label("Mot de passe").fill("correct-horse-42")
    axe_page.get_by_role("button", name="Se connecter").click()
    axe_page.wait_for_url("**/")
    for path in STAFF_PAGES["manager"]:
        axe_page.goto(path)
        assert _serious_violations(axe_page) == [], path
