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


# --- reception ---------------------------------------------------------------------------------
def _reception_candidate(ctx):
    from reception.services import candidate_create

    return candidate_create(
        actor=ctx["users"][Role.COUNSELLOR],
        check_duplicates=False,
        last_name="Sow",
        first_name="Ali",
    )


def _reception_pk(ctx):
    return {"pk": _reception_candidate(ctx).pk}


def _reception_referral_pk(ctx):
    from reception.models import ConsentKind, Partner
    from reception.services import candidate_consent_record, referral_create

    candidate = _reception_candidate(ctx)
    actor = ctx["users"][Role.COUNSELLOR]
    candidate_consent_record(
        candidate=candidate, actor=actor, kind=ConsentKind.REFERRAL, given=True
    )
    partner, _ = Partner.objects.get_or_create(
        name="ANPE (test)", defaults={"kind": "public_agency"}
    )
    return {
        "pk": referral_create(candidate=candidate, actor=actor, partner=partner, service="x").pk
    }


def _reception_follow_up_pk(ctx):
    from django.utils import timezone

    from reception.services import follow_up_create

    candidate = _reception_candidate(ctx)
    actor = ctx["users"][Role.COUNSELLOR]
    follow_up = follow_up_create(
        candidate=candidate, actor=actor, due_date=timezone.localdate(), reason="x"
    )
    return {"pk": follow_up.pk}


def _reception_partner_pk(ctx):
    from reception.models import Partner

    partner, _ = Partner.objects.get_or_create(
        name="ANPE (test)", defaults={"kind": "public_agency"}
    )
    return {"pk": partner.pk}


def _reception_appointment_pk(ctx):
    from django.utils import timezone

    from reception.services import appointment_request_create

    request = appointment_request_create(
        full_name="Awa Sow", phone="76000001", topic="other", preferred_date=timezone.localdate()
    )
    return {"pk": request.pk}


MANAGER_ONLY = (Role.MANAGER,)
ACCESS.update(
    {
        "reception:home": Rule(COUNSELLING),
        "reception:candidate-list": Rule(COUNSELLING),
        "reception:candidate-intake": Rule(COUNSELLING),
        "reception:duplicate-panel": Rule(COUNSELLING, query="last_name=Sow"),
        "reception:candidate-detail": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-edit": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-timeline": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-print": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-duplicates": Rule(COUNSELLING, kwargs=_reception_pk),
        # POST only: allowed roles get 405 on GET, the others are refused first.
        "reception:candidate-visit-add": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-consent": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-follow-up-add": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-close": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-reopen": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-link": Rule(COUNSELLING, kwargs=_reception_pk),
        "reception:candidate-merge": Rule(MANAGER_ONLY, kwargs=_reception_pk),
        "reception:candidate-erase": Rule(MANAGER_ONLY, kwargs=_reception_pk),
        "reception:candidate-access-log": Rule(MANAGER_ONLY, kwargs=_reception_pk),
        "reception:referral-status": Rule(COUNSELLING, kwargs=_reception_referral_pk),
        "reception:follow-ups": Rule(COUNSELLING),
        "reception:follow-up-done": Rule(COUNSELLING, kwargs=_reception_follow_up_pk),
        "reception:partner-list": Rule(COUNSELLING),
        "reception:partner-add": Rule(MANAGER_ONLY),
        "reception:partner-detail": Rule(COUNSELLING, kwargs=_reception_partner_pk),
        "reception:partner-edit": Rule(MANAGER_ONLY, kwargs=_reception_partner_pk),
        "reception:appointment-queue": Rule(COUNSELLING),
        "reception:appointment-detail": Rule(COUNSELLING, kwargs=_reception_appointment_pk),
        "reception:appointment-request": Rule(ALL),
        "reception:appointment-thanks": Rule(ALL),
        "api:reception-candidate-list": Rule(COUNSELLING),
        "api:reception-candidate-duplicates": Rule(COUNSELLING, query="last_name=Sow"),
        "api:reception-candidate-detail": Rule(COUNSELLING, kwargs=_reception_pk),
        "api:reception-candidate-consent": Rule(COUNSELLING, kwargs=_reception_pk),
        "api:reception-visit-list": Rule(COUNSELLING),
        "api:reception-referral-list": Rule(COUNSELLING),
        "api:reception-referral-transition": Rule(COUNSELLING, kwargs=_reception_referral_pk),
        "api:reception-follow-up-list": Rule(COUNSELLING),
        "api:reception-follow-up-complete": Rule(COUNSELLING, kwargs=_reception_follow_up_pk),
    }
)
