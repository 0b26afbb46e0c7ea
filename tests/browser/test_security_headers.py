"""Pages run under the Content-Security-Policy with no violation (no inline script anywhere)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/"])
def test_public_pages_run_under_the_csp_without_violations(page, path):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations == []
    if path == "/api/docs/":
        page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)
