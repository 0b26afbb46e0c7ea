"""The revision workflow: draft → in review → published, history, compare, restore."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from legal import selectors
from legal.content import Localized
from legal.models import Pathway, Revision, RevisionState
from legal.services import (
    item_create,
    revision_discard,
    revision_restore,
    revision_save_draft,
    revision_transition,
)


def test_new_item_is_not_public_until_published(destination, content_editor):
    item, revision = item_create(
        model=Pathway,
        slug="draft-only",
        content={"destination": destination.pk, "category": "student", "title_fr": "Brouillon"},
        user=content_editor,
    )
    assert revision.state == RevisionState.DRAFT
    assert not item.is_published
    assert not selectors.pathway_list_public().filter(pk=item.pk).exists()


def test_publish_copies_content_dates_verification_and_indexes(pathway, content_editor):
    assert pathway.is_published
    assert pathway.last_verified_on == timezone.localdate()
    assert pathway.last_verified_by == content_editor.full_name
    assert pathway.review_due_on is not None and not pathway.is_stale
    assert [p.slug for p in selectors.pathway_search(q="fraises")] == [pathway.slug]
    assert AuditEvent.objects.filter(object_type="legal.pathway", action="update").exists()


def test_edit_of_published_item_stays_private_until_published(pathway, content_editor):
    revision = revision_save_draft(
        item=pathway, content={"title_fr": "Nouveau titre"}, user=content_editor
    )
    pathway.refresh_from_db()
    assert pathway.title_fr == "Testland : travail saisonnier"  # public row unchanged
    revision = revision_transition(revision=revision, to="in_review", user=content_editor)
    revision_transition(revision=revision, to="published", user=content_editor)
    pathway.refresh_from_db()
    assert pathway.title_fr == "Nouveau titre"
    history = selectors.item_revisions(pathway).filter(state=RevisionState.PUBLISHED)
    assert [r.number for r in history] == [2, 1]  # every published version is kept


@pytest.mark.parametrize(
    "start, target",
    [("draft", "published"), ("published", "draft"), ("published", "in_review")],
)
def test_illegal_moves_are_refused_with_a_clear_error(pathway, content_editor, start, target):
    revision = Revision.objects.filter(object_id=pathway.pk).first()
    if start == "draft":
        revision = revision_save_draft(item=pathway, content={}, user=content_editor)
    with pytest.raises(ValidationError, match=r"cannot become|ne peut pas"):
        revision_transition(revision=revision, to=target, user=content_editor)


def test_one_open_version_at_a_time_and_no_edit_in_review(pathway, content_editor):
    first = revision_save_draft(item=pathway, content={"title_fr": "A"}, user=content_editor)
    again = revision_save_draft(item=pathway, content={"title_fr": "B"}, user=content_editor)
    assert first.pk == again.pk and again.content["title_fr"] == "B"
    revision_transition(revision=again, to="in_review", user=content_editor)
    with pytest.raises(ValidationError):
        revision_save_draft(item=pathway, content={"title_fr": "C"}, user=content_editor)


def test_restore_makes_a_new_draft_from_an_old_version(pathway, content_editor):
    old = Revision.objects.get(object_id=pathway.pk, number=1)
    new = revision_save_draft(item=pathway, content={"title_fr": "Changé"}, user=content_editor)
    new = revision_transition(revision=new, to="in_review", user=content_editor)
    revision_transition(revision=new, to="published", user=content_editor)
    restored = revision_restore(revision=old, user=content_editor)
    assert restored.state == RevisionState.DRAFT and restored.number == 3
    assert restored.content["title_fr"] == "Testland : travail saisonnier"
    with pytest.raises(ValidationError):
        revision_restore(revision=old, user=content_editor)  # a draft is already open
    revision_discard(revision=restored, user=content_editor)
    assert not Revision.objects.filter(pk=restored.pk).exists()
    with pytest.raises(ValidationError):
        revision_discard(revision=old, user=content_editor)  # history cannot be discarded


def test_sources_are_validated(pathway, content_editor):
    with pytest.raises(ValidationError, match="Source 1"):
        revision_save_draft(
            item=pathway,
            content={"sources": [{"name": "X", "url": "not a url", "consulted": "2026-01-01"}]},
            user=content_editor,
        )


def test_missing_translation_falls_back_to_french_and_says_so(pathway):
    loc = Localized(pathway, "en").resolve_all()
    assert loc.title.text == "Testland : travail saisonnier"
    assert loc.title.is_fallback and loc.title.lang == "fr"
    assert "title" in loc.fallbacks
    assert not Localized(pathway, "fr").resolve_all().has_fallback


def test_four_eyes_when_required_the_submitter_cannot_publish(
    pathway, content_editor, make_user, settings, client_as
):
    from django.urls import reverse

    settings.LEGAL_FOUR_EYES = True
    revision = revision_save_draft(item=pathway, content={"title_fr": "Relu"}, user=content_editor)
    revision = revision_transition(revision=revision, to="in_review", user=content_editor)
    with pytest.raises(ValidationError, match="autre rédacteur"):
        revision_transition(revision=revision, to="published", user=content_editor)
    page = client_as(content_editor).get(reverse("legal:editor-item", args=["pathway", pathway.pk]))
    assert 'data-testid="four-eyes"' in page.content.decode()
    assert 'data-testid="publish"' not in page.content.decode()
    second = make_user("content_editor")
    revision_transition(revision=revision, to="published", user=second)
    pathway.refresh_from_db()
    assert pathway.title_fr == "Relu"


def test_four_eyes_is_off_by_default_for_a_small_team(pathway, content_editor, settings):
    assert settings.LEGAL_FOUR_EYES is False
    revision = revision_save_draft(item=pathway, content={"title_fr": "Seul"}, user=content_editor)
    revision = revision_transition(revision=revision, to="in_review", user=content_editor)
    revision_transition(revision=revision, to="published", user=content_editor)
    pathway.refresh_from_db()
    assert pathway.title_fr == "Seul"
