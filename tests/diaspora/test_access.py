"""Who may open each diaspora page and API, and privacy between members (404, never 403)."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from diaspora.models import Association, Member, Mission, Project

ALL = ["anonymous", *Role.values]
STAFF = [Role.COUNSELLOR, Role.MANAGER]
MEMBER = [Role.DIASPORA_MEMBER]

# (url name, args, who gets 200). Others: anonymous → login (302/401/403), the rest → 403.
PAGES = [
    ("diaspora:public", [], ALL),
    ("diaspora:register", [], ["anonymous"]),  # logged-in people are sent on (302)
    ("diaspora:register-sent", [], ALL),
    ("diaspora:me", [], MEMBER),
    ("diaspora:me-edit", [], MEMBER),
    ("diaspora:me-download", [], MEMBER),
    ("diaspora:me-delete", [], MEMBER),
    ("diaspora:directory", [], STAFF),
    ("diaspora:need-list", [], STAFF),
    ("diaspora:need-create", [], STAFF),
    ("diaspora:association-list", [], [*STAFF, *MEMBER]),
    ("api:diaspora-me", [], MEMBER),
    ("api:diaspora-my-missions", [], MEMBER),
    ("api:diaspora-need-list", [], STAFF),
    ("api:diaspora-member-list", [], STAFF),
]


@pytest.fixture
def people(users_by_role):
    # Every diaspora_member in the matrix has a profile, as registration gives them one.
    Member.objects.create(user=users_by_role[Role.DIASPORA_MEMBER])
    return users_by_role


@pytest.mark.parametrize("url_name, args, allowed", PAGES)
def test_access_matrix(people, client_as, url_name, args, allowed):
    url = reverse(url_name, args=args)
    for role, user in people.items():
        response = client_as(user).get(url)
        if role in allowed:
            assert response.status_code == 200, (url_name, role, response.status_code)
        elif role == "anonymous":
            assert response.status_code in (302, 401, 403), (url_name, role)
            if response.status_code == 302:
                assert reverse("accounts:login") in response["Location"]
        elif url_name == "diaspora:register":
            assert response.status_code == 302, (url_name, role)
        else:
            assert response.status_code == 403, (url_name, role, response.status_code)


def test_staff_pages_about_one_member_refuse_other_roles(
    users_by_role, client_as, member, make_need
):
    need = make_need(skills=["Pédiatrie"])
    mission = Mission.objects.create(need=need, member=member)
    urls = [
        reverse("diaspora:member-detail", args=[member.pk]),
        reverse("diaspora:need-detail", args=[need.pk]),
        reverse("api:diaspora-member-detail", args=[member.pk]),
        reverse("api:diaspora-need-matches", args=[need.pk]),
    ]
    for role, user in users_by_role.items():
        for url in urls:
            status = client_as(user).get(url).status_code
            if role in STAFF:
                assert status == 200, (url, role)
            else:
                assert status in (302, 401, 403), (url, role, status)
    for role, user in users_by_role.items():
        status = (
            client_as(user).post(reverse("diaspora:mission-invite", args=[mission.pk])).status_code
        )
        assert status == (302 if role in STAFF else 403 if user else 302), role
    mission.refresh_from_db()
    assert mission.status == "proposed"  # only the staff's POST moved it


def test_a_member_reaches_only_their_own_mission_page_and_api(
    client_as, member, other_member, make_need
):
    need = make_need()
    theirs = Mission.objects.create(need=need, member=other_member, status="proposed")
    client = client_as(member.user)
    assert client.get(reverse("diaspora:my-mission", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("diaspora:my-mission", args=[theirs.pk]), {"answer": "accept"}
        ).status_code
        == 404
    )
    response = client.post(
        reverse("api:diaspora-my-mission-respond", args=[theirs.pk]),
        {"answer": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "proposed"
    # The API's own-profile endpoint answers with the caller's data, never another's.
    data = client.get(reverse("api:diaspora-me")).json()
    assert data["id"] == member.pk
    assert client.get(reverse("api:diaspora-me"), {"id": other_member.pk}).json()["id"] == member.pk


def test_a_member_cannot_open_staff_views_of_another_member(client_as, member, other_member):
    client = client_as(member.user)
    for url in (
        reverse("diaspora:member-detail", args=[other_member.pk]),
        reverse("diaspora:member-cv", args=[other_member.pk]),
        reverse("api:diaspora-member-detail", args=[other_member.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_member_updates_only_projects_of_an_association_that_confirmed_them(
    client_as, member, other_member, region
):
    association = Association.objects.create(name="ARY", country="FR")
    project = Project.objects.create(
        association=association,
        title="Forage",
        commune="Yélimané",
        region=region,
        sector="engineering",
        budget=1_000_000,
    )
    association.memberships.create(member=other_member, confirmed=True)
    association.memberships.create(member=member, confirmed=False)
    url = reverse("diaspora:project-update", args=[project.pk])
    form = {
        "date": "2026-11-01",
        "text": "Forage terminé",
        "amount_raised": "600000",
        "status": "under_way",
    }
    assert client_as(member.user).get(url).status_code == 404  # declared, not confirmed
    assert client_as(member.user).post(url, form).status_code == 404
    response = client_as(other_member.user).post(url, form)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.amount_raised == 600000 and project.status == "under_way"
    assert project.updates.get().text == "Forage terminé"


def test_staff_view_of_a_profile_is_audited(client_as, counsellor, member):
    client = client_as(counsellor)
    client.get(reverse("diaspora:member-detail", args=[member.pk]))
    client.get(reverse("api:diaspora-member-detail", args=[member.pk]))
    events = AuditEvent.objects.filter(
        actor=counsellor, action="view", object_type="diaspora.member", object_id=str(member.pk)
    )
    assert events.count() == 2
    assert all(member.user.full_name not in e.summary for e in events)


def test_staff_download_the_cv_with_safe_headers_and_an_audit_event(
    client_as, counsellor, member, pdf_bytes
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from diaspora.services import member_cv_set

    member_cv_set(member=member, upload=SimpleUploadedFile("cv.pdf", pdf_bytes), actor=member.user)
    response = client_as(counsellor).get(reverse("diaspora:member-cv", args=[member.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        actor=counsellor, summary="CV downloaded", object_id=str(member.pk)
    ).exists()
    assert (
        client_as(counsellor).get(reverse("diaspora:member-cv", args=[member.pk + 999])).status_code
        == 404
    )


def test_navigation_shows_diaspora_entries_by_role(users_by_role, client_as):
    for role, user in users_by_role.items():
        html = client_as(user).get(reverse("home")).content.decode()
        assert reverse("diaspora:public") in html
        assert (reverse("diaspora:directory") in html) is (role in STAFF), role
        assert (reverse("diaspora:me") in html) is (role == Role.DIASPORA_MEMBER), role
