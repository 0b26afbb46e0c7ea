"""Writes of the legal app: items, their revisions (draft → in review → published), search index.

One service, `revision_transition`, moves a revision between states and refuses illegal moves;
publishing copies the revision's content onto the public row, dates the verification, and
re-indexes it for search. Published revisions stay forever: they are the item's history.
"""

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction, User
from accounts.services import audit_record
from legal import search
from legal.caching import content_changed
from legal.models import (
    LANGS,
    Destination,
    FaqEntry,
    Guide,
    Pathway,
    Revision,
    RevisionState,
)

# Editable fields other than the translated ones, per model (slug is fixed at creation).
COMMON_FIELDS = [
    "sources",
    "last_verified_on",
    "last_verified_by",
    "review_interval_days",
    "to_verify",
    "bm_needs_review",
]
EXTRA_FIELDS = {
    Destination: ["country_code", "position", "official_links"],
    Pathway: ["destination", "category", "min_education", "sectors"],
    Guide: ["topic", "position"],
    FaqEntry: ["position"],
}

ALLOWED_MOVES = {
    RevisionState.DRAFT: {RevisionState.IN_REVIEW},
    RevisionState.IN_REVIEW: {RevisionState.DRAFT, RevisionState.PUBLISHED},
    RevisionState.PUBLISHED: set(),
}


def content_field_names(model: type[models.Model]) -> list[str]:
    translated = [f"{name}_{lang}" for name in model.translated_fields for lang in LANGS]
    return [*EXTRA_FIELDS[model], *translated, *COMMON_FIELDS]


def snapshot(item: models.Model) -> dict[str, Any]:
    """The item's editable content as JSON-ready values."""
    out: dict[str, Any] = {}
    for name in content_field_names(type(item)):
        field = item._meta.get_field(name)
        value = getattr(item, field.attname)
        if isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


def _apply(item: models.Model, content: dict[str, Any]) -> None:
    for name in content_field_names(type(item)):
        if name not in content:
            continue
        field = item._meta.get_field(name)
        value = content[name]
        if isinstance(field, models.DateField) and isinstance(value, str):
            value = dt.date.fromisoformat(value) if value else None
        setattr(item, field.attname, value)


def clean_sources(sources: list[dict]) -> list[dict]:
    """Validate sources: each needs a name, an http(s) address and the date it was consulted."""
    cleaned = []
    url_ok = URLValidator(schemes=["http", "https"])
    for number, source in enumerate(sources, start=1):
        name = (source.get("name") or "").strip()
        url = (source.get("url") or "").strip()
        consulted = (source.get("consulted") or "").strip()
        if not name or not url or not consulted:
            raise ValidationError(
                _("Source %(n)s needs a name, an address and the date it was consulted.")
                % {"n": number}
            )
        try:
            url_ok(url)
        except ValidationError:
            raise ValidationError(
                _("Source %(n)s: %(url)s is not a web address.") % {"n": number, "url": url}
            ) from None
        try:
            dt.date.fromisoformat(consulted)
        except ValueError:
            raise ValidationError(
                _("Source %(n)s: the date must be written YYYY-MM-DD.") % {"n": number}
            ) from None
        cleaned.append({"name": name, "url": url, "consulted": consulted})
    return cleaned


SOURCE_LINE = re.compile(r"^\s*(?P<name>[^|]+?)\s*\|\s*(?P<url>\S+)\s*\|\s*(?P<date>\S+)\s*$")


def parse_source_lines(text: str) -> list[dict]:
    """'Name | https://... | 2026-11-28' per line, as editors type them in a form."""
    sources = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = SOURCE_LINE.match(line)
        if match is None:
            raise ValidationError(
                _("Line %(n)s: write 'name | address | YYYY-MM-DD'.") % {"n": number}
            )
        sources.append({"name": match["name"], "url": match["url"], "consulted": match["date"]})
    return clean_sources(sources)


def format_source_lines(sources: list[dict]) -> str:
    return "\n".join(f"{s['name']} | {s['url']} | {s['consulted']}" for s in sources or [])


def _open_revision(item: models.Model) -> Revision | None:
    return (
        Revision.objects.select_for_update()
        .filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            state__in=[RevisionState.DRAFT, RevisionState.IN_REVIEW],
        )
        .first()
    )


def _next_number(item: models.Model) -> int:
    top = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def item_create(
    *, model: type[models.Model], slug: str, content: dict[str, Any], user: User | None
) -> tuple[models.Model, Revision]:
    """A new, unpublished item and its first draft. Nothing public changes until publish."""
    if model.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is already used.")})
    item = model(slug=slug)
    _apply(item, content)
    item.save()
    revision = revision_save_draft(item=item, content=content, user=user)
    return item, revision


@transaction.atomic
def revision_save_draft(
    *, item: models.Model, content: dict[str, Any], user: User | None, note: str = ""
) -> Revision:
    """Create the item's draft, or update the one being written. Refused while in review."""
    content = {**snapshot(item), **content}
    content["sources"] = clean_sources(content.get("sources") or [])
    if not (content.get("title_fr") or content.get("name_fr") or content.get("question_fr")):
        raise ValidationError(_("The French title is required."))
    revision = _open_revision(item)
    if revision is not None and revision.state == RevisionState.IN_REVIEW:
        raise ValidationError(
            _("This version is in review: send it back to draft before changing it.")
        )
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            number=_next_number(item),
            created_by=user,
        )
    revision.content = content
    revision.note = note[:300]
    revision.save()
    if not item.is_published:
        # Nobody outside the editors sees an unpublished item: keep its row in step with the
        # draft so lists show the title being written.
        _apply(item, content)
        item.save()
    return revision


@transaction.atomic
def revision_transition(
    *, revision: Revision, to: str, user: User | None, verified: bool = False, request=None
) -> Revision:
    """Move a revision; publishing makes its content public. Illegal moves raise an error."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    target = RevisionState(to)
    if target not in ALLOWED_MOVES[RevisionState(revision.state)]:
        raise ValidationError(
            _("A version that is “%(state)s” cannot become “%(target)s”.")
            % {"state": RevisionState(revision.state).label, "target": target.label}
        )
    if (
        target == RevisionState.PUBLISHED
        and settings.LEGAL_FOUR_EYES
        and user is not None
        and revision.submitted_by_id == user.pk
    ):
        raise ValidationError(
            _("You submitted this version for review: another editor must publish it.")
        )
    now = timezone.now()
    if target == RevisionState.IN_REVIEW:
        revision.submitted_by, revision.submitted_at = user, now
    if target == RevisionState.PUBLISHED:
        revision.published_by, revision.published_at = user, now
        item = revision.content_type.get_object_for_this_type(pk=revision.object_id)
        _publish(item=item, revision=revision, user=user, verified=verified)
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            target=item,
            summary=f"published version {revision.number}",
            request=request,
        )
    revision.state = target
    revision.save()
    return revision


def _publish(*, item: models.Model, revision: Revision, user: User | None, verified: bool) -> None:
    content = dict(revision.content)
    if verified:
        # The editor states they checked the facts today: that is what "last verified" means.
        content["last_verified_on"] = timezone.localdate().isoformat()
        content["last_verified_by"] = user.get_full_name() if user else ""
        revision.content = content
    _apply(item, content)
    item.is_published = True
    item.published_at = timezone.now()
    item.review_due_on = item.compute_review_due()
    item.stale_notified_on = None
    item.save()
    if isinstance(item, Pathway | Guide):
        search.reindex(item)
    content_changed()


@transaction.atomic
def revision_restore(*, revision: Revision, user: User | None) -> Revision:
    """Start a new draft from an old published version; it goes through review like any other."""
    if revision.state != RevisionState.PUBLISHED:
        raise ValidationError(_("Only a published version can be restored."))
    item = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    if _open_revision(item) is not None:
        raise ValidationError(
            _("This item already has a version being written: publish or discard it first.")
        )
    new = Revision.objects.create(
        content_type=revision.content_type,
        object_id=revision.object_id,
        number=_next_number(item),
        content=revision.content,
        note=_("Restored from version %(n)s") % {"n": revision.number},
        created_by=user,
        restored_from=revision,
    )
    return new


@transaction.atomic
def revision_discard(*, revision: Revision, user: User | None) -> None:
    """Throw away a draft. Published versions are history and cannot be discarded."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != RevisionState.DRAFT:
        raise ValidationError(_("Only a draft can be discarded."))
    revision.delete()


@transaction.atomic
def item_unpublish(*, item: models.Model, user: User | None, request=None) -> None:
    """Take an item off the public pages (its history stays)."""
    type(item).objects.filter(pk=item.pk).update(is_published=False)
    item.is_published = False
    content_changed()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=item, summary="unpublished", request=request
    )


def seed_publish(*, item: models.Model, content: dict[str, Any], note: str) -> None:
    """Used by the demo loader: draft, review and publish in one go, leaving a true history."""
    revision = revision_save_draft(item=item, content=content, user=None, note=note)
    revision = revision_transition(revision=revision, to=RevisionState.IN_REVIEW, user=None)
    revision_transition(revision=revision, to=RevisionState.PUBLISHED, user=None)
