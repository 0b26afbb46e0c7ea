"""On a cheap phone's screen (360 px), the diaspora pages fit without sideways scrolling."""

import pytest

pytestmark = pytest.mark.browser


def _fits(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_public_and_registration_pages_fit_a_phone(phone_page):
    for path in ("/diaspora/", "/diaspora/register/"):
        phone_page.goto(path)
        assert _fits(phone_page), path


def test_member_pages_fit_a_phone(phone_page, member, make_need):
    from diaspora.models import Mission

    mission = Mission.objects.create(need=make_need(), member=member, status="proposed")
    phone_page.goto("/accounts/login/")
    phone_page.get_by_label("Adresse e-mail").fill(member.user.email)
    phone_page.get_by_label("Mot de passe").fill("correct-horse-42")
    phone_page.get_by_role("button", name="Se connecter").click()
    phone_page.wait_for_url("**/")
    for path in ("/diaspora/me/", "/diaspora/me/edit/", f"/diaspora/me/missions/{mission.pk}/"):
        phone_page.goto(path)
        assert _fits(phone_page), path
