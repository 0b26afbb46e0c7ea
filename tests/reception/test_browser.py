"""Browser journey at the desk: search, duplicate warning, existing record, visit + referral."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reception import services
from reception.models import ConsentKind, Referral, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_finds_variant_adds_visit_with_referral_and_sees_follow_up(
    page, counsellor, partner
):
    existing = services.candidate_create(
        actor=counsellor,
        check_duplicates=False,
        last_name="Coulibaly",
        first_name="Moussa",
        sex="M",
        birth_date=date(1996, 4, 12),
        phone="+22376001122",
    )
    services.candidate_consent_record(
        candidate=existing, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )

    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(counsellor.email)
    page.get_by_label("Mot de passe").fill("correct-horse-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()

    page.goto("/accueil/candidats/nouveau/")
    page.get_by_label("Nom de famille").fill("Kulibali")
    page.get_by_label("Prénoms").fill("Musa")
    # htmx refreshes the panel as the counsellor types (the no-JavaScript search button is
    # covered by test_views.test_intake_search_shows_spelling_variant).
    warning = page.get_by_test_id("duplicate-match").first
    warning.wait_for()
    assert existing.code in warning.inner_text()
    assert "nom proche" in warning.inner_text() or "même nom" in warning.inner_text()

    warning.get_by_role("link").click()
    page.wait_for_url(f"**/accueil/candidats/{existing.pk}/")
    form = page.get_by_test_id("visit-form")
    form.get_by_label("Orientation", exact=True).check()
    form.get_by_label("Notes").fill("Souhaite une formation en électricité avant de partir.")
    form.get_by_label("Prochaine étape").fill("Appeler après l'inscription à l'ANPE")
    follow_up = timezone.localdate() + timedelta(days=7)
    form.get_by_label("Date de suivi").fill(follow_up.isoformat())
    form.get_by_label("Orienter vers un partenaire").select_option(str(partner.pk))
    form.get_by_label("Service demandé au partenaire").fill("Inscription demandeur d'emploi")
    form.get_by_test_id("save-visit").click()
    page.wait_for_url(f"**/accueil/candidats/{existing.pk}/")
    assert "Visite enregistrée" in page.content()
    assert "ANPE" in page.get_by_test_id("referrals").inner_text()

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes suivis"
    ).click()
    items = page.get_by_test_id("follow-ups").inner_text()
    assert "Appeler après l'inscription à l'ANPE" in items
    assert "Vérifier le résultat de l'orientation vers ANPE" in items
    assert Visit.objects.filter(candidate=existing).count() == 1
    assert Referral.objects.filter(candidate=existing, partner=partner).count() == 1
