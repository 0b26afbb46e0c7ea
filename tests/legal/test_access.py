"""Who may open each page of the legal app: the public reads, content editors write."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from legal.models import Revision

pytestmark = pytest.mark.usefixtures("seeded")

ALL = ["anonymous", *Role.values]
PUBLIC_URLS = [
    ("legal:index", []),
    ("legal:search", []),
    ("legal:questionnaire", []),
    ("legal:destination", ["espagne"]),
    ("legal:goal", ["work"]),
    ("legal:pathway", ["espagne-saisonnier-circulaire"]),
    ("legal:pathway-sheet", ["france-etudiant"]),
    ("legal:guide-list", []),
    ("legal:guide", ["reconnaitre-fraude-recrutement"]),
    ("legal:faq", []),
    ("api:legal-pathway-list", []),
    ("api:legal-pathway-detail", ["france-etudiant"]),
    ("api:legal-guide-list", []),
    ("api:legal-guide-detail", ["reconnaitre-fraude-recrutement"]),
    ("api:legal-destination-list", []),
    ("api:legal-destination-detail", ["senegal"]),
    ("api:legal-faq-list", []),
]
EDITOR_URLS = [
    ("legal:editor", []),
    ("legal:editor-list", ["pathway"]),
    ("legal:editor-create", ["guide"]),
    ("api:legal-editor-worklist", []),
    ("api:legal-editor-revision-list", []),
]


@pytest.mark.parametrize("url_name, args", PUBLIC_URLS)
def test_public_pages_open_to_everyone(users_by_role, client_as, url_name, args):
    for role, user in users_by_role.items():
        response = client_as(user).get(reverse(url_name, args=args))
        assert response.status_code == 200, (url_name, role)


@pytest.mark.parametrize("url_name, args", EDITOR_URLS)
def test_editor_pages_only_for_content_editors(users_by_role, client_as, url_name, args):
    url = reverse(url_name, args=args)
    for role, user in users_by_role.items():
        response = client_as(user).get(url)
        if role == Role.CONTENT_EDITOR:
            assert response.status_code == 200, (url_name, role)
        elif role == "anonymous":
            assert response.status_code in (302, 401, 403), (url_name, role)
            if response.status_code == 302:
                assert reverse("accounts:login") in response["Location"]
        else:
            assert response.status_code == 403, (url_name, role)


def test_editor_item_pages_and_actions_by_role(users_by_role, client_as):
    from legal.models import Pathway

    item = Pathway.objects.get(slug="france-etudiant")
    revision = Revision.objects.filter(object_id=item.pk, content_type__model="pathway").first()
    gets = [
        reverse("legal:editor-item", args=["pathway", item.pk]),
        reverse("legal:editor-edit", args=["pathway", item.pk]),
        reverse("legal:editor-preview", args=[revision.pk]),
        reverse("legal:editor-compare", args=[revision.pk]),
    ]
    for role, user in users_by_role.items():
        client = client_as(user)
        for url in gets:
            expected = 200 if role == Role.CONTENT_EDITOR else (302 if user is None else 403)
            assert client.get(url).status_code == expected, (url, role)
        restore = reverse("legal:editor-action", args=[revision.pk, "restore"])
        expected = 302 if role in (Role.CONTENT_EDITOR, "anonymous") else 403
        assert client.post(restore).status_code == expected, role


def test_unpublished_items_are_not_found_by_the_public(client, seeded):
    from legal.models import Pathway

    Pathway.objects.filter(slug="france-etudiant").update(is_published=False)
    assert client.get(reverse("legal:pathway", args=["france-etudiant"])).status_code == 404
    slugs = [r["slug"] for r in client.get(reverse("api:legal-pathway-list")).json()]
    assert "france-etudiant" not in slugs
