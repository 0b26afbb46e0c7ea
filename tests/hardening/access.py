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

# --- research ---


def _research_publication(ctx, visibility="public"):
    import io

    from research.models import Publication
    from tests.research.conftest import make_pdf

    publication = Publication.objects.create(
        title="Étude", authors="CIGEM", year=2024, kind="study", visibility=visibility
    )
    publication.file.save("study.pdf", io.BytesIO(make_pdf()))
    return {"pk": publication.pk}


def _research_indicator(ctx):
    from research.models import Indicator

    indicator = Indicator.objects.create(code="TEST.IND", name="Test", unit="%", source="test")
    return {"code": indicator.code}


def _research_export(ctx):
    """A finished export of the manager's: anyone else gets 404 as if it did not exist."""
    from research.services import export_request, export_run

    job = export_request(
        user=ctx["users"][Role.MANAGER],
        dataset="publications",
        format="csv",
        filters={},
        anonymised=True,
    )
    export_run(job_id=job.pk)
    return {"pk": job.pk}


EXPORTERS = (Role.RESEARCHER, Role.MANAGER)
ACCESS.update(
    {
        "research:publication-list": Rule(ALL),
        "research:publication-create": Rule(EXPORTERS),
        "research:publication-detail": Rule(ALL, kwargs=_research_publication),
        "research:publication-edit": Rule(EXPORTERS, kwargs=_research_publication),
        "research:publication-delete": Rule(EXPORTERS, kwargs=_research_publication),
        "research:publication-file": Rule(ALL, kwargs=_research_publication),
        "research:indicator-list": Rule(ALL),
        "research:indicator-detail": Rule(ALL, kwargs=_research_indicator),
        "research:indicator-csv": Rule(ALL, kwargs=_research_indicator),
        "research:export-list": Rule(EXPORTERS),
        "research:export-detail": Rule((Role.MANAGER,), kwargs=_research_export),
        "research:export-download": Rule((Role.MANAGER,), kwargs=_research_export),
        "research:export-cancel": Rule((Role.MANAGER,), kwargs=_research_export),
        "research:dashboard": Rule(EXPORTERS),
        "research:dashboard-table-csv": Rule(
            EXPORTERS, kwargs=lambda ctx: {"section": "documentation", "index": 0}
        ),
        "research:key-figures": Rule(ALL),
        "api:research-export-create": Rule(EXPORTERS),  # POST only: 405 to exporters
        "api:research-export-detail": Rule((Role.MANAGER,), kwargs=_research_export),
        "api:research-export-download": Rule((Role.MANAGER,), kwargs=_research_export),
        "api:research-export-cancel": Rule(EXPORTERS, kwargs=_research_export),
    }
)
