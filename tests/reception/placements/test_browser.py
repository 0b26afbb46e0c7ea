"""Browser journey: a counsellor shortlists two matched candidates, follows one to the return."""

import datetime

import pytest

from reception.placements_models import Application, ApplicationStatus, Debrief

pytestmark = pytest.mark.browser


def _move(page, status, **dates):
    page.select_option("#id_to_status", status)
    for field, value in dates.items():
        page.fill(f"#id_{field}", value)
    page.get_by_role("button", name="Enregistrer cette étape").click()
    page.wait_for_load_state()
    assert page.get_by_text("L'étape a été enregistrée.").is_visible()


def test_counsellor_shortlists_moves_to_return_and_sees_indicators(
    page, counsellor, offer, make_candidate, today
):
    first = make_candidate(occupation="Maraîcher", languages=["bm", "es"])
    second = make_candidate(occupation="Cultivateur")
    make_candidate(occupation="Couturière")

    page.goto("/")
    page.get_by_role("link", name="Connexion du personnel").click()
    page.get_by_label("Adresse e-mail").fill(counsellor.email)
    page.get_by_label("Mot de passe").fill("correct-horse-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")

    page.goto("/placements/indicateurs/")
    assert page.get_by_test_id("participants").inner_text() == "0"

    page.get_by_role("link", name="Offres", exact=True).click()
    page.get_by_role("link", name=offer.title).click()
    page.get_by_role("link", name="Candidats correspondants").click()
    rows = page.get_by_test_id("match-row")
    assert rows.count() == 2
    assert "Le métier « Maraîcher » correspond" in rows.first.inner_text()
    for candidate in (first, second):
        page.get_by_role("button", name=f"Présélectionner {candidate.code}").click()
        page.wait_for_load_state()
    assert Application.objects.filter(status=ApplicationStatus.SHORTLISTED).count() == 2

    page.get_by_role("link", name=offer.title).click()
    page.get_by_role("link", name=f"{first.code} {first.full_name}").click()
    assert page.get_by_test_id("application-status").inner_text() == "Présélectionnée"
    _move(page, "selected")
    _move(page, "contract_signed")
    _move(page, "visa_obtained")
    expected = (today + datetime.timedelta(days=90)).isoformat()
    _move(page, "departed", expected_return_date=expected)
    assert page.get_by_test_id("application-status").inner_text() == "Parti(e)"

    page.select_option("#id_to_status", "returned")
    page.select_option("#id_paid_as_promised", "yes")
    page.select_option("#id_conditions", "good")
    page.select_option("#id_wants_to_go_again", "true")
    page.fill("#id_comments", "Bien logé, veut repartir l'an prochain.")
    page.get_by_role("button", name="Enregistrer cette étape").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("application-status").inner_text() == "Rentré(e)"
    assert "Oui, comme promis" in page.get_by_test_id("debrief").inner_text()
    assert Debrief.objects.get().wants_to_go_again is True

    page.get_by_role("link", name="Indicateurs").click()
    assert page.get_by_test_id("participants").inner_text() == "1"
    assert page.get_by_test_id("on-time-rate").inner_text() == "100 %"
    assert "1 entretien" in page.get_by_test_id("debriefs").inner_text()
    assert offer.title in page.get_by_test_id("per-offer").inner_text()


def test_visitor_on_a_phone_asks_to_be_called_back(phone_page, offer):
    from reception.models import AppointmentRequest

    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Emplois à l'étranger").click()
    assert page.get_by_test_id("fraud-warning").is_visible()
    page.get_by_role("link", name=offer.title).click()
    assert "ne vous demande jamais d'argent" in page.get_by_test_id("fraud-warning").inner_text()
    page.get_by_label("Vos nom et prénoms").fill("Awa Diarra")
    page.get_by_label("Votre numéro de téléphone").fill("76 12 34 56")
    page.get_by_label("J'accepte que le centre garde").check()
    page.get_by_role("button", name="Demander à être rappelé(e)").click()
    page.wait_for_load_state()
    assert "votre demande a bien été reçue" in page.locator("h1").inner_text()
    request = AppointmentRequest.objects.get()
    assert request.phone == "+22376123456" and request.job_offer == offer
