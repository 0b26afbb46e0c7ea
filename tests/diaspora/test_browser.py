"""Browser journey: a person registers, confirms by email, completes the profile; staff post a
need, find the member among the matches and invite them; the member accepts."""

import re

import pytest
from django.core import mail

from diaspora.models import Mission

pytestmark = pytest.mark.browser


def _path_in_last_email(pattern: str) -> str:
    # pytest-django swaps in Django's locmem email backend; the live server runs in this same
    # process, so the message the portal sent is in mail.outbox.
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", mail.outbox[-1].body).group(1)


def test_register_confirm_complete_then_staff_invite_and_member_accepts(
    page, browser, live_server, counsellor
):
    from cigem.services import region_sync

    region_sync()

    # A person registers.
    page.goto("/diaspora/")
    page.get_by_role("link", name="S'inscrire comme membre de la diaspora").first.click()
    page.get_by_label("Nom complet").fill("Mariam Doumbia")
    page.get_by_label("Adresse e-mail").fill("mariam.doumbia@example.test")
    page.locator("#id_password1").fill("karite-de-sikasso-77")
    page.locator("#id_password2").fill("karite-de-sikasso-77")
    page.locator("#id_accept_use").check()
    page.get_by_role("button", name="S'inscrire").click()
    page.wait_for_url("**/diaspora/register/sent/")
    assert "mariam.doumbia@example.test" in page.locator("main").inner_text()

    # She confirms from the link in the email.
    page.goto(_path_in_last_email("/diaspora/confirm/"))
    page.get_by_role("button", name="Confirmer mon adresse e-mail").click()
    page.wait_for_url("**/diaspora/me/edit/")

    # She completes her profile.
    page.locator("#id_country").select_option("FR")
    page.locator("#id_city").fill("Lyon")
    page.locator("#id_years_abroad").fill("9")
    page.locator("#id_occupation").fill("Sage-femme")
    page.locator("#id_sector").select_option("health")
    page.locator("#id_years_of_experience").fill("14")
    page.locator("#id_skills-0-name").fill("Obstétrique")
    page.locator("#id_skills-0-level").select_option("4")
    page.get_by_label("Français").check()
    page.get_by_label("Bambara").check()
    page.get_by_label("Missions courtes au Mali").check()
    page.locator("#id_days_per_year").fill("30")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url("**/diaspora/me/")
    completeness = int(page.get_by_test_id("completeness").get_attribute("aria-valuenow"))
    assert completeness >= 70

    # Staff post a need and find her among the matches.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    staff = context.new_page()
    staff.set_default_timeout(15_000)
    staff.goto("/accounts/login/")
    staff.get_by_label("Adresse e-mail").fill(counsellor.email)
    staff.get_by_label("Mot de passe").fill("correct-horse-42")
    staff.get_by_role("button", name="Se connecter").click()
    staff.wait_for_url("**/")
    staff.goto("/diaspora/needs/new/")
    staff.locator("#id_title").fill("Former les sages-femmes de Sikasso")
    staff.locator("#id_institution").fill("Direction régionale de la santé de Sikasso")
    staff.locator("#id_sector").select_option("health")
    staff.locator("#id_kind").select_option("short_mission")
    staff.locator("#id_skill_names").fill("obstétrique, pédiatrie")
    staff.get_by_label("Bambara").check()
    staff.get_by_role("button", name="Publier le besoin").click()
    staff.wait_for_url(re.compile(r".*/diaspora/needs/\d+/$"))
    match = staff.locator("[data-testid^=match-]", has_text="Mariam Doumbia")
    assert "Compétences : Obstétrique (expert)" in match.inner_text()
    match.get_by_role("button", name="Présélectionner").click()
    shortlisted = staff.locator("[data-testid^=mission-]", has_text="Mariam Doumbia")
    shortlisted.get_by_label("Message au membre").fill("Trois semaines en février.")
    shortlisted.get_by_role("button", name="Inviter par e-mail").click()
    assert "Proposée" in staff.locator("[data-testid^=mission-]").inner_text()
    context.close()

    # She opens the invitation from her email and accepts.
    page.goto(_path_in_last_email("/diaspora/me/missions/"))
    assert "Trois semaines en février." in page.locator("main").inner_text()
    page.get_by_role("button", name="J'accepte cette mission").click()
    assert page.get_by_test_id("mission-status").inner_text() == "Acceptée"
    assert Mission.objects.get().status == "accepted"


def test_manager_exports_the_filtered_directory_through_research(page, live_server, manager):
    from research.models import ExportJob

    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(manager.email)
    page.get_by_label("Mot de passe").fill("correct-horse-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.goto("/diaspora/members/?sector=health&country=FR&skill=p%C3%A9dia&language=bm&q=awa")
    assert page.get_by_test_id("export-not-applied").count() == 0
    page.locator("#export-anonymised").uncheck()
    page.get_by_role("button", name="Exporter ces résultats").click()
    page.wait_for_url(re.compile(r".*/research/exports/[0-9a-f-]{36}/$"))
    job = ExportJob.objects.get()
    assert (job.dataset, job.filters, job.anonymised) == (
        "diaspora_members",
        {"sector": "health", "country": "FR", "skill": "pédia", "language": "bm", "q": "awa"},
        False,
    )
    assert job.requested_by == manager


def test_an_institution_proposes_a_need_staff_accept_it_and_it_shows_matches(
    page, browser, live_server, counsellor, make_member, region
):
    make_member(
        full_name="Aminata Keïta",
        skills={"Pédiatrie": 4},
        languages=("fr", "bm"),
        available_short_missions=True,
    )

    # The institution finds the form from the public page, without an account or a script.
    page.goto("/diaspora/")
    page.get_by_role("link", name="Proposer un besoin").click()
    page.wait_for_url("**/diaspora/needs/propose/")
    page.get_by_label("Nom de votre institution").fill("CSRéf de Kayes")
    page.get_by_label("Personne de contact").fill("Dr Fatoumata Sissoko")
    page.get_by_label("E-mail de contact").fill("direction@csref-kayes.example")
    page.get_by_label("Téléphone de contact").fill("76 00 00 00")
    page.get_by_label("Le besoin en quelques mots").fill("Former les infirmiers en pédiatrie")
    page.get_by_label("Ce que l'expert ferait").fill("Trois semaines de formation au service.")
    page.locator("#id_sector").select_option("health")
    page.locator("#id_kind").select_option("short_mission")
    page.locator("#id_skill_names").fill("pédiatrie")
    page.locator("#id_start_date").fill("2027-03-01")
    page.locator("#id_end_date").fill("2027-02-01")  # before the start: refused, kept
    page.get_by_role("button", name="Envoyer la proposition").click()
    assert "antérieure à la date de début" in page.locator("main").inner_text()
    assert page.locator("#id_skill_names").input_value() == "pédiatrie"
    page.locator("#id_end_date").fill("2027-03-21")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url("**/diaspora/needs/propose/sent/")

    # Staff see it waiting in the queue and accept it.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    staff = context.new_page()
    staff.set_default_timeout(15_000)
    staff.goto("/accounts/login/")
    staff.get_by_label("Adresse e-mail").fill(counsellor.email)
    staff.get_by_label("Mot de passe").fill("correct-horse-42")
    staff.get_by_role("button", name="Se connecter").click()
    staff.wait_for_url("**/")
    staff.goto("/diaspora/needs/")
    assert (
        "1 besoin proposé par une institution"
        in staff.get_by_test_id("proposed-waiting").inner_text()
    )
    staff.get_by_test_id("proposed-filter").click()
    staff.get_by_role("link", name="Former les infirmiers en pédiatrie").click()
    assert "direction@csref-kayes.example" in staff.get_by_test_id("need-contact").inner_text()
    assert staff.locator("[data-testid^=match-]").count() == 0
    staff.get_by_role("button", name="Accepter : ouvrir le besoin").click()
    match = staff.locator("[data-testid^=match-]", has_text="Aminata Keïta")
    assert "Compétences : Pédiatrie (expert)" in match.inner_text()
    context.close()

    # The institution was told, in French.
    assert mail.outbox[-1].to == ["direction@csref-kayes.example"]
    assert mail.outbox[-1].subject.startswith("Le CIGEM a accepté votre besoin")
