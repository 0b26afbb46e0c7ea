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


def _log_in(tab, user):
    tab.goto("/accounts/login/")
    tab.get_by_label("Adresse e-mail").fill(user.email)
    tab.get_by_label("Mot de passe").fill("correct-horse-42")
    tab.get_by_role("button", name="Se connecter").click()
    tab.wait_for_url("**/")


def test_staff_pages_have_no_serious_accessibility_violation(axe_page, manager, live_server):
    _log_in(axe_page, manager)
    for path in STAFF_PAGES["manager"]:
        axe_page.goto(path)
        assert _serious_violations(axe_page) == [], path


def test_counsellor_home_and_intake_have_no_serious_accessibility_violation(
    axe_page, counsellor, live_server
):
    from reception.services import candidate_create

    candidate_create(
        actor=counsellor, check_duplicates=False, last_name="Coulibaly", first_name="Moussa"
    )
    _log_in(axe_page, counsellor)
    for path in [
        "/",
        "/accueil/",
        "/accueil/candidats/nouveau/",
        # The intake with the duplicate panel filled by what the counsellor typed.
        "/accueil/candidats/nouveau/?last_name=Kulibali&first_name=Musa",
    ]:
        axe_page.goto(path)
        assert _serious_violations(axe_page) == [], path
    # The intake sent empty: the errors next to the fields must be announced properly too.
    axe_page.goto("/accueil/candidats/nouveau/")
    axe_page.locator("form:has(input[name=last_name]) [type=submit]").last.click()
    axe_page.wait_for_load_state()
    assert axe_page.locator(".invalid-feedback, .is-invalid").count(), "no error shown"
    assert _serious_violations(axe_page) == [], "intake with errors"
