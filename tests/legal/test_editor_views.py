"""The editors' desk through its pages: create, edit, submit, publish, compare, restore."""

import pytest
from django.urls import reverse

from legal.models import Guide, Pathway, Revision, RevisionState
from tests.legal.conftest import make_stale

pytestmark = pytest.mark.usefixtures("seeded")


def _form(pathway: Pathway, **changes) -> dict:
    from legal.services import format_source_lines, snapshot

    data = {k: ("" if v is None else v) for k, v in snapshot(pathway).items()}
    data["sources"] = format_source_lines(pathway.sources)
    data["bm_needs_review"] = "on" if pathway.bm_needs_review else ""
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""} | {"note": "test"}


def test_edit_submit_publish_through_the_pages(client_as, content_editor):
    client = client_as(content_editor)
    pathway = Pathway.objects.get(slug="france-etudiant")
    edit = reverse("legal:editor-edit", args=["pathway", pathway.pk])
    response = client.post(edit, _form(pathway, summary_en="Updated summary."))
    assert response.status_code == 302, response.context["form"].errors
    draft = Revision.objects.get(object_id=pathway.pk, state=RevisionState.DRAFT)
    assert client.get(reverse("legal:editor-preview", args=[draft.pk])).status_code == 200
    compare = client.get(reverse("legal:editor-compare", args=[draft.pk])).content.decode()
    assert "summary_en" in compare and "Updated summary." in compare
    client.post(reverse("legal:editor-action", args=[draft.pk, "submit"]))
    client.post(reverse("legal:editor-action", args=[draft.pk, "publish"]), {"verified": "on"})
    pathway.refresh_from_db()
    assert pathway.summary_en == "Updated summary."
    assert pathway.last_verified_by == content_editor.full_name


def test_form_errors_keep_what_was_typed(client_as, content_editor):
    client = client_as(content_editor)
    pathway = Pathway.objects.get(slug="france-etudiant")
    response = client.post(
        reverse("legal:editor-edit", args=["pathway", pathway.pk]),
        _form(pathway, sources="not a source line", summary_en="Kept text"),
    )
    assert response.status_code == 200
    assert "sources" in response.context["form"].errors
    assert "Kept text" in response.content.decode()


def test_create_a_guide_then_publish(client_as, content_editor):
    client = client_as(content_editor)
    response = client.post(
        reverse("legal:editor-create", args=["guide"]),
        {
            "slug": "nouveau-guide",
            "topic": "other",
            "position": "5",
            "title_fr": "Nouveau guide",
            "review_interval_days": "180",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    guide = Guide.objects.get(slug="nouveau-guide")
    assert not guide.is_published
    duplicate = client.post(
        reverse("legal:editor-create", args=["guide"]),
        {
            "slug": "nouveau-guide",
            "topic": "other",
            "position": "5",
            "title_fr": "X",
            "review_interval_days": "180",
        },
    )
    assert duplicate.status_code == 200 and duplicate.context["new_form"].errors


def test_dashboard_lists_stale_untranslated_and_unsourced(client_as, content_editor):
    make_stale(Pathway.objects.get(slug="maroc-etudiant"))
    page = client_as(content_editor).get(reverse("legal:editor")).content.decode()
    stale = page.split('data-testid="stale-pathway"')[1].split("</ul>")[0]
    assert "Maroc" in stale
    unsourced = page.split('data-testid="unsourced-faq"')[1].split("</ul>")[0]
    assert "CIGEM" in unsourced  # FAQ entries about the centre cite no source
    untranslated = page.split('data-testid="untranslated-en-guide"')[1].split("</ul>")[0]
    assert "<li><a" not in untranslated or "Nouveau" not in untranslated


def test_restore_through_the_pages(client_as, content_editor):
    client = client_as(content_editor)
    pathway = Pathway.objects.get(slug="france-etudiant")
    first = Revision.objects.get(object_id=pathway.pk, content_type__model="pathway", number=1)
    client.post(reverse("legal:editor-action", args=[first.pk, "restore"]))
    restored = Revision.objects.get(object_id=pathway.pk, state=RevisionState.DRAFT)
    assert restored.restored_from_id == first.pk


def test_unpublish_needs_confirmation_and_keeps_history(client_as, content_editor, counsellor):
    pathway = Pathway.objects.get(slug="maroc-etudiant")
    url = reverse("legal:editor-unpublish", args=["pathway", pathway.pk])
    assert client_as(counsellor).post(url, {"confirm": "on"}).status_code == 403
    client = client_as(content_editor)
    client.post(url)
    pathway.refresh_from_db()
    assert pathway.is_published  # no confirmation, nothing happens
    client.post(url, {"confirm": "on"})
    pathway.refresh_from_db()
    assert not pathway.is_published
    assert client.get(pathway.get_absolute_url()).status_code == 404
    assert Revision.objects.filter(object_id=pathway.pk, state="published").exists()
