"""axe-core on the diaspora member's and staff's pages: no serious or critical violation."""

import pytest

from tests.hardening.test_accessibility import AXE, _serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_context(browser, live_server):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    yield context
    context.close()


def _login(context, user):
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.get_by_label("Adresse e-mail").fill(user.email)
    tab.get_by_label("Mot de passe").fill("correct-horse-42")
    tab.get_by_role("button", name="Se connecter").click()
    tab.wait_for_url("**/")
    return tab


def test_member_pages(axe_context, member, make_need, region):
    from diaspora.models import Mission

    mission = Mission.objects.create(need=make_need(), member=member, status="proposed")
    tab = _login(axe_context, member.user)
    for path in (
        "/diaspora/me/",
        "/diaspora/me/edit/",
        "/diaspora/me/delete/",
        f"/diaspora/me/missions/{mission.pk}/",
    ):
        tab.goto(path)
        assert _serious_violations(tab) == [], path


def test_staff_pages(axe_context, counsellor, member, make_need, region):
    need = make_need(skills=["Pédiatrie"])
    tab = _login(axe_context, counsellor)
    for path in (
        "/diaspora/members/",
        f"/diaspora/members/{member.pk}/",
        "/diaspora/needs/",
        "/diaspora/needs/new/",
        f"/diaspora/needs/{need.pk}/",
        "/diaspora/associations/",
        "/diaspora/associations/new/",
    ):
        tab.goto(path)
        assert _serious_violations(tab) == [], path


def test_edit_confirm_and_export_pages(axe_context, manager, member, make_need, region):
    from diaspora.models import Association, Project

    need = make_need(skills=["Pédiatrie"])
    association = Association.objects.create(name="Association des Maliens de Lyon", country="FR")
    project = Project.objects.create(
        association=association,
        title="Maternité de Nioro",
        commune="Nioro",
        region=region,
        sector="health",
        budget=1000,
    )
    tab = _login(axe_context, manager)
    for path in (
        "/diaspora/members/?sector=health&country=FR",  # with the managers' export box
        f"/diaspora/needs/{need.pk}/edit/",
        f"/diaspora/associations/{association.pk}/",
        f"/diaspora/associations/{association.pk}/edit/",
        f"/diaspora/projects/{project.pk}/edit/",
        f"/diaspora/projects/{project.pk}/remove/",
    ):
        tab.goto(path)
        assert _serious_violations(tab) == [], path
    # The confirmation asked before closing a need.
    tab.goto(f"/diaspora/needs/{need.pk}/")
    tab.locator("#need-status").select_option("closed")
    tab.get_by_role("button", name="Changer le statut").click()
    assert tab.get_by_role("heading", name="Fermer le besoin").is_visible()
    assert _serious_violations(tab) == []
