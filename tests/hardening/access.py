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

# --- diaspora ---------------------------------------------------------------------------------
DIASPORA_MEMBER_ONLY = (Role.DIASPORA_MEMBER,)
DIASPORA_STAFF = COUNSELLING
_TINY_PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\nstartxref\n0\n%%EOF\n"


def _diaspora_member(ctx, *, cv: bool = False):
    """The matrix's diaspora member, with a profile (and a CV when the URL serves it)."""
    from django.core.files.base import ContentFile

    from diaspora.services import member_ensure

    member = member_ensure(user=ctx["users"][Role.DIASPORA_MEMBER])
    if cv and not member.cv:
        member.cv.save("cv.pdf", ContentFile(_TINY_PDF))
    return member


def _diaspora_need(ctx):
    from diaspora.models import Need

    return Need.objects.create(
        title="Besoin", institution="Institution", sector="health", kind="remote"
    )


def _diaspora_proposed_need(ctx):
    from diaspora.models import Need

    return Need.objects.create(
        title="Besoin proposé",
        institution="Institution",
        sector="health",
        kind="remote",
        status="proposed",
        origin="institution",
        contact_name="Contact",
        contact_email="contact@institution.example",
    )


def _diaspora_mission(ctx, status="proposed"):
    from diaspora.models import Mission

    return Mission.objects.create(
        need=_diaspora_need(ctx), member=_diaspora_member(ctx), status=status
    )


def _diaspora_project(ctx):
    from cigem.models import Region
    from cigem.services import region_sync
    from diaspora.models import Association, Project

    region_sync()
    association = Association.objects.create(name="Association", country="FR")
    association.memberships.create(member=_diaspora_member(ctx), confirmed=True)
    return Project.objects.create(
        association=association,
        title="Projet",
        commune="Kayes",
        region=Region.objects.get(code="KAY"),
        sector="health",
        budget=1000,
    )


def _diaspora_association(ctx):
    from diaspora.models import Association

    return Association.objects.create(name="Association", country="FR")


ACCESS.update(
    {
        "diaspora:public": Rule(ALL),
        "diaspora:register": Rule((ANON,), redirect_for=ROLES),
        "diaspora:register-sent": Rule(ALL),
        "diaspora:confirm": Rule(ALL, kwargs=lambda ctx: {"uidb64": "MQ", "token": "x-y"}),
        "diaspora:deleted": Rule(ALL),
        "diaspora:me": Rule(DIASPORA_MEMBER_ONLY),
        "diaspora:me-edit": Rule(DIASPORA_MEMBER_ONLY),
        "diaspora:me-cv-upload": Rule(DIASPORA_MEMBER_ONLY),  # POST only: 405 to the member
        "diaspora:me-cv-download": Rule(
            DIASPORA_MEMBER_ONLY, kwargs=lambda ctx: _diaspora_member(ctx, cv=True) and {}
        ),
        "diaspora:me-cv-delete": Rule(DIASPORA_MEMBER_ONLY),  # POST only
        "diaspora:me-download": Rule(DIASPORA_MEMBER_ONLY),
        "diaspora:me-delete": Rule(DIASPORA_MEMBER_ONLY),
        "diaspora:my-mission": Rule(
            DIASPORA_MEMBER_ONLY, kwargs=lambda ctx: {"pk": _diaspora_mission(ctx).pk}
        ),
        "diaspora:project-update": Rule(
            DIASPORA_MEMBER_ONLY, kwargs=lambda ctx: {"pk": _diaspora_project(ctx).pk}
        ),
        "diaspora:directory": Rule(DIASPORA_STAFF),
        "diaspora:member-detail": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_member(ctx).pk}
        ),
        "diaspora:member-cv": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_member(ctx, cv=True).pk}
        ),
        "diaspora:membership-confirm": Rule(  # POST only
            DIASPORA_STAFF,
            kwargs=lambda ctx: {"pk": _diaspora_project(ctx).association.memberships.get().pk},
        ),
        # Institutions propose needs without an account.
        "diaspora:need-propose": Rule(ALL),
        "diaspora:need-propose-sent": Rule(ALL),
        "diaspora:need-review": Rule(  # POST only
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_proposed_need(ctx).pk}
        ),
        "diaspora:need-list": Rule(DIASPORA_STAFF),
        "diaspora:need-create": Rule(DIASPORA_STAFF),
        "diaspora:need-detail": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_need(ctx).pk}
        ),
        "diaspora:need-status": Rule(  # POST only
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_need(ctx).pk}
        ),
        "diaspora:need-edit": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_need(ctx).pk}
        ),
        "diaspora:need-shortlist": Rule(  # POST only
            DIASPORA_STAFF,
            kwargs=lambda ctx: {
                "pk": _diaspora_need(ctx).pk,
                "member_pk": _diaspora_member(ctx).pk,
            },
        ),
        "diaspora:mission-invite": Rule(  # POST only
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_mission(ctx, "shortlisted").pk}
        ),
        "diaspora:mission-move": Rule(  # POST only
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_mission(ctx, "accepted").pk}
        ),
        "diaspora:association-list": Rule((*DIASPORA_STAFF, Role.DIASPORA_MEMBER)),
        "diaspora:association-create": Rule(DIASPORA_STAFF),
        "diaspora:association-detail": Rule(
            (*DIASPORA_STAFF, Role.DIASPORA_MEMBER),
            kwargs=lambda ctx: {"pk": _diaspora_association(ctx).pk},
        ),
        "diaspora:project-create": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_association(ctx).pk}
        ),
        "diaspora:association-edit": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_association(ctx).pk}
        ),
        "diaspora:project-edit": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_project(ctx).pk}
        ),
        # Removal deletes the project's history: managers only.
        "diaspora:project-remove": Rule(
            (Role.MANAGER,), kwargs=lambda ctx: {"pk": _diaspora_project(ctx).pk}
        ),
        "api:diaspora-me": Rule(DIASPORA_MEMBER_ONLY),
        "api:diaspora-my-missions": Rule(DIASPORA_MEMBER_ONLY),
        "api:diaspora-my-mission-respond": Rule(  # POST only
            DIASPORA_MEMBER_ONLY, kwargs=lambda ctx: {"pk": _diaspora_mission(ctx).pk}
        ),
        "api:diaspora-need-list": Rule(DIASPORA_STAFF),
        "api:diaspora-need-proposed-list": Rule(DIASPORA_STAFF),
        "api:diaspora-need-review": Rule(  # POST only
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_proposed_need(ctx).pk}
        ),
        "api:diaspora-need-matches": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_need(ctx).pk}
        ),
        "api:diaspora-member-list": Rule(DIASPORA_STAFF),
        "api:diaspora-member-detail": Rule(
            DIASPORA_STAFF, kwargs=lambda ctx: {"pk": _diaspora_member(ctx).pk}
        ),
    }
)

# --- campaigns ---


def _campaign(ctx):
    from campaigns.models import Campaign

    campaign = Campaign.objects.create(name="Access matrix", channel="sms")
    return {"pk": campaign.pk}


def _subscriber_token(purpose):
    def build(ctx):
        from campaigns import services
        from campaigns.models import Subscriber

        person, _ = Subscriber.objects.get_or_create(
            phone="+22376000999", defaults={"language": "fr", "source": "import"}
        )
        token = (
            services.confirm_token(person)
            if purpose == "confirm"
            else services.unsubscribe_token(person)
        )
        return {"token": token}

    return build


def _short_link(ctx):
    from campaigns.models import Campaign, CampaignLink

    campaign = Campaign.objects.create(name="Access matrix link", channel="sms")
    CampaignLink.objects.create(campaign=campaign, code="acc1", target="https://example.org/")
    return {"code": "acc1"}


CAMPAIGN_STAFF = (Role.CAMPAIGN_MANAGER, Role.MANAGER)
ACCESS.update(
    {
        "campaigns:subscribe": Rule(ALL),
        "campaigns:subscribe-thanks": Rule(ALL),
        "campaigns:confirm": Rule(ALL, kwargs=_subscriber_token("confirm")),
        "campaigns:unsubscribe": Rule(ALL, kwargs=_subscriber_token("unsubscribe")),
        "campaigns:short-link": Rule(ALL, kwargs=_short_link),
        "campaigns:hook-sms-inbound": Rule(ALL),  # POST only, signed
        "campaigns:hook-sms-receipt": Rule(ALL),  # POST only, signed
        "campaigns:campaign-list": Rule(CAMPAIGN_STAFF),
        "campaigns:campaign-create": Rule(CAMPAIGN_STAFF),
        "campaigns:campaign-detail": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
        "campaigns:campaign-edit": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
        "campaigns:campaign-progress": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
        "campaigns:campaign-action": Rule(
            CAMPAIGN_STAFF, kwargs=lambda ctx: {**_campaign(ctx), "action": "pause"}
        ),
        "campaigns:campaign-test": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
        "campaigns:campaign-link-add": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
        "campaigns:segment-counter": Rule(CAMPAIGN_STAFF),
        "campaigns:audience-counter": Rule(CAMPAIGN_STAFF),
        "campaigns:subscriber-list": Rule(CAMPAIGN_STAFF),
        "campaigns:subscriber-add": Rule((Role.COUNSELLOR, *CAMPAIGN_STAFF)),
        "campaigns:subscriber-import": Rule(CAMPAIGN_STAFF),
        "campaigns:subscriber-detail": Rule(
            CAMPAIGN_STAFF,
            kwargs=lambda ctx: {"pk": _subscriber_pk()},
        ),
        "api:campaigns-subscribe": Rule(ALL),  # POST only, public
        "api:campaigns-campaign-list": Rule(CAMPAIGN_STAFF),
        "api:campaigns-campaign-detail": Rule(CAMPAIGN_STAFF, kwargs=_campaign),
    }
)


def _subscriber_pk():
    from campaigns.models import Subscriber

    person, _ = Subscriber.objects.get_or_create(
        phone="+22376000998", defaults={"language": "fr", "source": "import"}
    )
    return person.pk


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
        "api:legal-guide-detail": Rule(ALL, kwargs=lambda ctx: {"slug": _legal_guide(ctx).slug}),
        "api:legal-destination-list": Rule(ALL),
        "api:legal-destination-detail": Rule(
            ALL, kwargs=lambda ctx: {"slug": _legal_pathway(ctx).destination.slug}
        ),
        "api:legal-faq-list": Rule(ALL),
        "api:legal-editor-worklist": Rule(EDITOR),
        "api:legal-editor-revision-list": Rule(EDITOR),
        "api:legal-editor-revision-transition": Rule(EDITOR, kwargs=_legal_revision_id),
        "api:legal-editor-draft": Rule(
            EDITOR, kwargs=lambda ctx: {"kind": "pathway", "slug": _legal_pathway(ctx).slug}
        ),
    }
)

# --- circular migration (reception/placements_*) ---
from tests.reception.placements.access_rules import CIRCULAR_ACCESS  # noqa: E402

ACCESS.update(CIRCULAR_ACCESS)


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
        "research:dashboard-table-xlsx": Rule(
            EXPORTERS, kwargs=lambda ctx: {"section": "documentation", "index": 0}
        ),
        "research:key-figures": Rule(ALL),
        "api:research-export-create": Rule(EXPORTERS),  # POST only: 405 to exporters
        "api:research-export-detail": Rule((Role.MANAGER,), kwargs=_research_export),
        "api:research-export-download": Rule((Role.MANAGER,), kwargs=_research_export),
        "api:research-export-cancel": Rule(EXPORTERS, kwargs=_research_export),
    }
)
