"""The access matrix of DESIGN.md, as data: for every URL name, who gets in.

Each entry names the roles that get in (`ALL`, `STAFF`, or a tuple of roles and "anonymous") and,
for URLs with parameters, a builder that makes an object and returns the kwargs. Everyone else is
refused: a login redirect for anonymous visitors, 401/403 for a wrong role, 404 for an object that
is not theirs. A new URL without an entry fails `test_every_url_has_an_entry`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.roles import Role

ANON = "anonymous"
ROLES = tuple(Role.values)
ALL = (ANON, *ROLES)
LOGGED_IN = ROLES
STAFF = tuple(r for r in ROLES if r != Role.DIASPORA_MEMBER)
COUNSELLING = (Role.COUNSELLOR, Role.MANAGER)


@dataclass(frozen=True)
class Rule:
    allowed: tuple[str, ...]
    kwargs: Callable[[dict], dict[str, Any]] | None = None
    query: str = ""
    # Some pages send logged-in people elsewhere (the login page): neither refused nor served.
    redirect_for: tuple[str, ...] = field(default=())


# url name -> Rule. Apps' entries are added below as their URLs land.
ACCESS: dict[str, Rule] = {
    "home": Rule(ALL),
    "ping": Rule(ALL),
    "healthz": Rule(ALL),
    "javascript-catalog": Rule(ALL),
    "set_language": Rule(ALL),  # POST only: GET answers 405 to everyone
    "api-schema": Rule(ALL),
    "api-docs": Rule(ALL),
    "api:api-root": Rule(ALL),
    "api:api-me": Rule(LOGGED_IN),
    "api:audit-event-list": Rule((Role.MANAGER,)),
    "accounts:login": Rule((ANON,), redirect_for=ROLES),
    "accounts:logout": Rule(ALL),  # POST only
    "accounts:profile": Rule(LOGGED_IN),
    "accounts:password_change": Rule(LOGGED_IN),
    "accounts:password_change_done": Rule(LOGGED_IN),
    "accounts:password_reset": Rule(ALL),
    "accounts:password_reset_done": Rule(ALL),
    "accounts:password_reset_confirm": Rule(
        ALL, kwargs=lambda ctx: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Rule(ALL),
    "accounts:audit-list": Rule((Role.MANAGER,)),
    # Without a password step in progress, everyone is sent to the login page.
    "accounts:otp-verify": Rule(ALL, redirect_for=ALL),
    "accounts:otp-setup": Rule(STAFF),
    "accounts:otp-disable": Rule(STAFF),
}

# Patterns that are not the portal's own pages: Django's admin (staff flag, its own login) and
# static files.
IGNORED_PREFIXES = ("admin:",)

# --- legal ---
EDITOR = (Role.CONTENT_EDITOR,)


def _legal_pathway(ctx) -> Any:
    from legal.models import Destination, Pathway, Revision
    from legal.services import snapshot

    dest, _ = Destination.objects.get_or_create(
        slug="access-land", defaults={"name_fr": "Accessland", "is_published": True}
    )
    pathway, _ = Pathway.objects.get_or_create(
        slug="access-pathway",
        defaults={
            "destination": dest,
            "category": "student",
            "title_fr": "Parcours",
            "is_published": True,
        },
    )
    if not Revision.objects.filter(object_id=pathway.pk, content_type__model="pathway").exists():
        from django.contrib.contenttypes.models import ContentType

        Revision.objects.create(
            content_type=ContentType.objects.get_for_model(Pathway),
            object_id=pathway.pk,
            number=1,
            state="published",
            content=snapshot(pathway),
        )
    return pathway


def _legal_guide(ctx) -> Any:
    from legal.models import Guide

    guide, _ = Guide.objects.get_or_create(
        slug="access-guide", defaults={"topic": "fraud", "title_fr": "Guide", "is_published": True}
    )
    return guide


def _legal_short(ctx) -> str:
    from legal.views import short_code

    return short_code(_legal_guide(ctx))


def _legal_revision_id(ctx) -> dict:
    from legal.models import Revision

    pathway = _legal_pathway(ctx)
    return {"pk": Revision.objects.filter(object_id=pathway.pk).first().pk}


ACCESS.update(
    {
        "legal:index": Rule(ALL),
        "legal:search": Rule(ALL, query="q=visa"),
        "legal:questionnaire": Rule(ALL, query="goal=work&education=none&occupation=other"),
        "legal:faq": Rule(ALL),
        "legal:guide-list": Rule(ALL),
        "legal:goal": Rule(ALL, kwargs=lambda ctx: {"goal": "work"}),
        "legal:destination": Rule(
            ALL, kwargs=lambda ctx: {"slug": _legal_pathway(ctx).destination.slug}
        ),
        "legal:pathway": Rule(ALL, kwargs=lambda ctx: {"slug": _legal_pathway(ctx).slug}),
        "legal:pathway-sheet": Rule(ALL, kwargs=lambda ctx: {"slug": _legal_pathway(ctx).slug}),
        "legal:guide": Rule(ALL, kwargs=lambda ctx: {"slug": _legal_guide(ctx).slug}),
        "legal:short": Rule(ALL, kwargs=lambda ctx: {"code": _legal_short(ctx)}),
        "legal:editor": Rule(EDITOR),
        "legal:editor-list": Rule(EDITOR, kwargs=lambda ctx: {"kind": "pathway"}),
        "legal:editor-create": Rule(EDITOR, kwargs=lambda ctx: {"kind": "guide"}),
        "legal:editor-item": Rule(
            EDITOR, kwargs=lambda ctx: {"kind": "pathway", "pk": _legal_pathway(ctx).pk}
        ),
        "legal:editor-edit": Rule(
            EDITOR, kwargs=lambda ctx: {"kind": "pathway", "pk": _legal_pathway(ctx).pk}
        ),
        "legal:editor-preview": Rule(EDITOR, kwargs=_legal_revision_id),
        # POST only, like editor-action.
        "legal:editor-unpublish": Rule(
            EDITOR, kwargs=lambda ctx: {"kind": "guide", "pk": _legal_guide(ctx).pk}
        ),
        "legal:editor-compare": Rule(EDITOR, kwargs=_legal_revision_id),
        # POST only: the editor's GET answers 405, everyone else is refused first.
        "legal:editor-action": Rule(
            EDITOR, kwargs=lambda ctx: {**_legal_revision_id(ctx), "action": "restore"}
        ),
        "api:legal-pathway-list": Rule(ALL, query="q=visa"),
        "api:legal-pathway-detail": Rule(
            ALL, kwargs=lambda ctx: {"slug": _legal_pathway(ctx).slug}
        ),
        "api:legal-guide-list": Rule(ALL),
        "api:legal-destination-list": Rule(ALL),
        "api:legal-editor-worklist": Rule(EDITOR),
        "api:legal-editor-revision-list": Rule(EDITOR),
        "api:legal-editor-revision-transition": Rule(EDITOR, kwargs=_legal_revision_id),
        "api:legal-editor-draft": Rule(
            EDITOR, kwargs=lambda ctx: {"kind": "pathway", "slug": _legal_pathway(ctx).slug}
        ),
    }
)
