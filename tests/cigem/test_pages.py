"""Every page of the foundation answers the roles it should and refuses the others."""

import pytest
from django.urls import reverse

from accounts.roles import Role

ALL = ["anonymous", *Role.values]
STAFF = [r for r in Role.values if r != Role.DIASPORA_MEMBER]

# (url name, who gets 200); the others get a login redirect (anonymous) or 403.
MATRIX = [
    ("home", ALL),
    ("ping", ALL),
    ("accounts:login", ["anonymous"]),  # logged-in people are sent on (302)
    ("accounts:password_reset", ALL),
    ("accounts:profile", Role.values),
    ("accounts:password_change", Role.values),
    ("accounts:audit-list", [Role.MANAGER]),
    ("api:api-root", ALL),
    ("api:api-me", Role.values),
    ("api:audit-event-list", [Role.MANAGER]),
    ("api-schema", ALL),
    ("api-docs", ALL),
]


@pytest.mark.parametrize("url_name, allowed", MATRIX)
def test_access_matrix(users_by_role, client_as, url_name, allowed):
    url = reverse(url_name)
    for role, user in users_by_role.items():
        response = client_as(user).get(url)
        if role in allowed:
            assert response.status_code == 200, (url_name, role, response.status_code)
        elif role == "anonymous":
            assert response.status_code in (302, 401, 403), (url_name, role)
            if response.status_code == 302:
                assert reverse("accounts:login") in response["Location"]
        elif url_name == "accounts:login":
            assert response.status_code == 302, (url_name, role)
        else:
            assert response.status_code == 403, (url_name, role, response.status_code)


def test_navigation_shows_each_person_only_what_their_role_opens(users_by_role, client_as):
    audit = reverse("accounts:audit-list")
    for role, user in users_by_role.items():
        html = client_as(user).get(reverse("home")).content.decode()
        assert (audit in html) is (role == Role.MANAGER), role


def test_navigation_built_once_per_role_set_follows_language_and_role_changes(make_user, client_as):
    """The menu is kept per role set; its labels still follow the language, and a person
    given a new role sees the new entries on their next page."""
    from django.contrib.auth.models import Group
    from django.utils import translation

    from accounts.models import User
    from cigem.navigation import nav_items_for

    audit = reverse("accounts:audit-list")
    user = make_user(Role.COUNSELLOR)
    with translation.override("fr"):
        french = [str(entry["label"]) for entry in nav_items_for(user)]
    with translation.override("en"):
        english = [str(entry["label"]) for entry in nav_items_for(user)]
    assert len(french) == len(english) and french != english
    assert "Mes suivis" in french and "My follow-ups" in english

    client = client_as(user)
    assert audit not in client.get(reverse("home")).content.decode()
    user.groups.add(Group.objects.get(name=Role.MANAGER))
    assert audit in client.get(reverse("home")).content.decode()
    assert audit in [e["url"] for e in nav_items_for(User.objects.get(pk=user.pk))]


def test_error_pages_are_styled_and_in_french(client, counsellor):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Cette page n'existe pas" in response.content.decode()
    client.force_login(counsellor)
    response = client.get(reverse("accounts:audit-list"))
    assert response.status_code == 403
    assert "Vous n'avez pas accès à cette page" in response.content.decode()


def test_home_tells_a_visitor_what_the_centre_offers_in_french(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in html
    assert "Envie de partir" in html
    assert 'href="#main"' in html  # skip link
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_page_loads_no_asset_from_outside(client):
    html = client.get(reverse("home")).content.decode()
    assert "//cdn" not in html
    assert 'src="http' not in html and 'href="http' not in html.replace('href="https://', "")


def test_api_token_authentication(client, counsellor):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=counsellor)
    response = client.get(reverse("api:api-me"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["roles"] == [Role.COUNSELLOR]
    assert client.get(reverse("api:api-me"), HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_a_nul_byte_in_the_query_string_is_a_400_not_a_500(client, manager):
    client.force_login(manager)
    assert client.get("/api/v1/audit-events/?action=a%00b").status_code == 400
    response = client.get("/accounts/audit/?object_type=x%00")
    assert response.status_code == 400


def test_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_api_errors_outside_drf_views_are_json(client, db):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Introuvable."}
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


def test_an_absurd_page_number_is_a_400_not_an_overflow(client, manager):
    client.force_login(manager)
    response = client.get("/api/v1/audit-events/", {"page": "9" * 25})
    assert response.status_code == 400
    assert "page" in response.json()
