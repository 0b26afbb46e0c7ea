"""Browser journey: a campaign manager writes, tests and launches a campaign, then watches it."""

import json

import pytest
from playwright.sync_api import expect

from tests.campaigns.factories import make_subscribers

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_manager_writes_tests_launches_and_watches(
    page, start_worker, campaign_manager, settings, tmp_path, monkeypatch
):
    from cigem.celery import app
    from cigem.services import region_sync

    region_sync()
    app.control.purge()
    outbox = tmp_path / "var"
    monkeypatch.setenv("CIGEM_VAR_DIR", str(outbox))  # the worker writes its outbox there
    monkeypatch.setenv("SMS_PROVIDER", "file")
    settings.OUTBOX_DIR = outbox / "outbox"
    settings.SMS_PROVIDER = "file"
    make_subscribers(40)
    make_subscribers(5, start=500, language="bm")
    start_worker("browser")

    page.goto("/accounts/login/?next=/campaigns/new/")
    page.get_by_label("Adresse e-mail").fill(campaign_manager.email)
    page.get_by_label("Mot de passe").fill("correct-horse-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/campaigns/new/")

    count = page.get_by_test_id("recipient-count")
    assert count.inner_text() == "45"
    page.locator("input[name=languages][value=bm]").check()
    expect(count).to_have_text("5")
    page.locator("input[name=languages][value=bm]").uncheck()
    expect(count).to_have_text("45")

    page.get_by_label("Nom").fill("Saison agricole 2027")
    sms = page.locator("textarea[name=sms_text_fr]")
    sms.fill("Offres de travail saisonnier: venez au CIGEM.")
    segments = page.locator("#segments-fr")
    expect(segments).to_contain_text("(GSM-7), 1 SMS")
    sms.fill(
        "Offres de travail saisonnier : venez au CIGEM, c'est gratuit. Répondez ARRÊT pour arrêter."
    )
    expect(segments).to_contain_text("(UCS-2), 2 SMS")
    assert "Ê" in segments.inner_text()
    page.locator("input[name=quiet_start]").fill("")
    page.locator("input[name=quiet_end]").fill("")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url("**/campaigns/*/")
    assert page.get_by_test_id("recipient-count").inner_text() == "45"

    page.get_by_label("Mon téléphone").fill("76 99 88 77")
    page.get_by_test_id("test-send").click()
    page.wait_for_load_state()
    assert "Un test a été envoyé à +22376998877" in page.locator(".messages").inner_text()
    tests = [
        json.loads(p.read_text()) for p in (settings.OUTBOX_DIR / "sms").glob("cigem-test-*.json")
    ]
    assert [t["to"] for t in tests] == ["+22376998877"]

    page.get_by_test_id("launch").click()
    page.wait_for_load_state()
    assert "La campagne a été lancée." in page.locator(".messages").inner_text()
    # The progress block polls by itself; no reload here.
    expect(page.get_by_test_id("campaign-status")).to_have_text("Terminée", timeout=60_000)
    assert page.get_by_test_id("count-sent").inner_text() == "45"
    sent = list((settings.OUTBOX_DIR / "sms").glob("cigem-d*.json"))
    assert len(sent) == 45
