"""Reads of the diaspora app: a member's own profile, the staff directory, matching, counts."""

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from diaspora.models import (
    AVAILABILITY_FIELDS,
    Association,
    Availability,
    Member,
    MemberLanguage,
    Membership,
    MemberSkill,
    Mission,
    Need,
    Project,
    Skill,
)
from diaspora.reference import COUNTRY_NAMES, Sector

# --- a member's own data -------------------------------------------------------------------


def member_of(user) -> Member:
    """The profile of the person logged in; 404 for anyone who has none."""
    try:
        return (
            Member.objects.select_related("user", "region_of_origin")
            .prefetch_related(
                Prefetch("skills", queryset=MemberSkill.objects.select_related("skill")),
                "languages",
                Prefetch("memberships", queryset=_memberships()),
            )
            .get(user=user)
        )
    except Member.DoesNotExist as exc:
        raise Http404 from exc


def _memberships():
    return Membership.objects.select_related("association").order_by("association__name")


def member_mission_of(user, pk: int) -> Mission:
    """A mission of the person logged in; another member's mission is a 404, not a 403."""
    try:
        return Mission.objects.select_related("need", "need__region", "member").get(
            pk=pk, member__user=user
        )
    except Mission.DoesNotExist as exc:
        raise Http404 from exc


def member_missions(member: Member) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(member=member)
        .exclude(status="shortlisted")  # the shortlist is the centre's work, not an offer yet
        .select_related("need")
        .order_by("-updated_at", "-id")
    )


@dataclass
class Completeness:
    percent: int
    missing: list[str] = field(default_factory=list)


def member_completeness(member: Member) -> Completeness:
    """How much of the profile is filled in, and what is missing, in the member's words.

    Uses the prefetched skills and languages: no query of its own.
    """
    checks = [
        (bool(member.country), _("country of residence")),
        (bool(member.city), _("city of residence")),
        (member.years_abroad is not None, _("years abroad")),
        (member.region_of_origin_id is not None, _("region of origin in Mali")),
        (bool(member.occupation), _("occupation")),
        (bool(member.sector), _("sector")),
        (bool(member.qualifications), _("qualifications")),
        (member.years_of_experience is not None, _("years of experience")),
        (bool(member.skills.all()), _("at least one skill")),
        (bool(member.languages.all()), _("languages")),
        (bool(member.availabilities), _("availability")),
        (member.days_per_year is not None, _("days available per year")),
        (
            member.interest_investment
            or member.interest_codevelopment
            or member.interest_knowledge_transfer,
            _("contribution interests"),
        ),
        (bool(member.cv), _("CV")),
    ]
    done = sum(1 for ok, _label in checks if ok)
    return Completeness(
        percent=round(100 * done / len(checks)),
        missing=[str(label) for ok, label in checks if not ok],
    )


def member_export_data(member: Member) -> dict:
    """Everything the portal holds on the member, for their own download."""
    return {
        "account": {
            "email": member.user.email,
            "full_name": member.user.full_name,
            "preferred_language": member.user.preferred_language,
            "date_joined": member.user.date_joined.isoformat(),
        },
        "profile": {
            "country_of_residence": member.country,
            "city_of_residence": member.city,
            "years_abroad": member.years_abroad,
            "region_of_origin": member.region_of_origin.name if member.region_of_origin else None,
            "occupation": member.occupation,
            "sector": member.sector,
            "qualifications": member.qualifications,
            "years_of_experience": member.years_of_experience,
            "availability": [str(kind) for kind in member.availabilities],
            "days_per_year": member.days_per_year,
            "interests": {
                "investment": member.interest_investment,
                "co_development_projects": member.interest_codevelopment,
                "knowledge_transfer": member.interest_knowledge_transfer,
            },
            "cv_uploaded_at": member.cv_uploaded_at.isoformat() if member.cv_uploaded_at else None,
            "news_opt_in": member.news_opt_in,
            "registered": member.created_at.isoformat(),
            "updated": member.updated_at.isoformat(),
        },
        "skills": [{"skill": s.skill.name, "level": s.level} for s in member.skills.all()],
        "languages": [lang.language for lang in member.languages.all()],
        "associations": [
            {"name": m.association.name, "confirmed": m.confirmed} for m in member.memberships.all()
        ],
        "missions": [
            {
                "need": m.need.title,
                "institution": m.need.institution,
                "status": m.status,
                "invited_at": m.invited_at.isoformat() if m.invited_at else None,
                "outcome": m.outcome,
            }
            for m in Mission.objects.filter(member=member).select_related("need")
        ],
    }


# --- staff: directory and profile ------------------------------------------------------------


def member_directory(
    *,
    q: str = "",
    sector: str = "",
    skill: str = "",
    country: str = "",
    language: str = "",
    availability: str = "",
    lean: bool = False,
) -> "QuerySet[Member] | NameSearch":
    """Members with a confirmed account, newest profile first; each filter is one indexed
    column or one EXISTS on an indexed link table, and there is never a COUNT.

    `lean`: only the columns of the directory's table, no prefetch; `directory_rows` then adds
    the skills and languages of the page in one query.
    """
    members = Member.objects.filter(user__is_active=True)
    if sector:
        members = members.filter(sector=sector)
    if country:
        members = members.filter(country=country)
    if availability in AVAILABILITY_FIELDS:
        members = members.filter(**{AVAILABILITY_FIELDS[Availability(availability)]: True})
    if language:
        members = members.filter(
            Exists(MemberLanguage.objects.filter(member=OuterRef("pk"), language=language))
        )
    if skill:
        # The skills are resolved first (a small table): with the ids in hand PostgreSQL knows
        # how common each is and walks the newest members probing the (member, skill) index,
        # instead of joining every holder of the skill (400 ms -> 10 ms on 200,000 members).
        skill_ids = list(skill_ids_matching(skill))
        if not skill_ids:
            return Member.objects.none()
        members = members.filter(
            Exists(MemberSkill.objects.filter(member=OuterRef("pk"), skill_id__in=skill_ids))
        )
    members = members.order_by("-updated_at", "-id")
    if lean:
        members = members.select_related("user").only(*DIRECTORY_COLUMNS)
    else:
        members = (
            members.select_related("user", "region_of_origin")
            .prefetch_related(
                Prefetch("skills", queryset=MemberSkill.objects.select_related("skill"))
            )
            .prefetch_related("languages")
        )
    return NameSearch(members, q) if q else members


# How many of the newest profiles a name search reads before asking the trigram indexes.
SEARCH_WINDOW = 5_000


class NameSearch:
    """A name or occupation search over the directory, sliced like a queryset.

    `icontains` has two bad cases with opposite cures. A common string ("kon": Konaté, Koné)
    matches often, so walking the newest-first index fills a page at once, while the trigram
    indexes would return thousands of rows to sort. A rare string (a typing error) matches
    nowhere, so the walk reads all 200,000 members (3 s measured) while the trigram indexes
    answer at once. PostgreSQL cannot tell them apart (it estimates LIKE '%...%' blindly), so:
    the page is first looked for among the newest SEARCH_WINDOW profiles (bounded walk); if it
    is not full there, every match is found through the trigram indexes and only those are
    sorted. Either answer is exact, in one query or two.
    """

    def __init__(self, members: QuerySet, q: str):
        self.members, self.q = members, q

    def after(self, condition: Q) -> "NameSearch":
        """The same search, past a keyset cursor (diaspora.pagination)."""
        return NameSearch(self.members.filter(condition), self.q)

    def _matches(self, members: QuerySet) -> QuerySet:
        return members.filter(name_matches(self.q))

    def __getitem__(self, window: slice) -> list[Member]:
        start, stop = window.start or 0, window.stop
        newest = Member.objects.order_by("-updated_at", "-id").values("updated_at")
        bound = Coalesce(
            Subquery(newest[SEARCH_WINDOW - 1 : SEARCH_WINDOW]),
            Value(datetime(1970, 1, 1, tzinfo=UTC)),
        )
        rows = list(self._matches(self.members.filter(updated_at__gte=bound))[start:stop])
        if stop is not None and len(rows) == stop - start:
            return rows
        # Few matches among the newest: find them all through the indexes, then sort.
        # order_by(): the model's default order is not allowed inside a UNION on SQLite.
        ids = (
            Member.objects.filter(occupation__icontains=self.q)
            .order_by()
            .values("id")
            .union(Member.objects.filter(user__full_name__icontains=self.q).order_by().values("id"))
        )
        return list(self.members.filter(pk__in=ids)[start:stop])

    def __iter__(self):
        return iter(self[0:None])


def name_matches(q: str) -> Q:
    """The name search's condition: the account's full name or the occupation contains `q`."""
    return Q(user__full_name__icontains=q) | Q(occupation__icontains=q)


def directory_member_ids(*, column: str = "pk", q: str = "", **filters) -> QuerySet:
    """The members the directory keeps for these filters, as a subquery of `column` (their id,
    or their account's id): the research export of the directory (research/datasets.py,
    `diaspora_members`) filters with it, so the file holds what the page shows.

    The name search is the plain condition here: an export reads every match anyway, so the
    paging tricks of NameSearch buy nothing.
    """
    members = member_directory(**filters, lean=True)
    if members.query.is_empty():
        # A skill nobody has: `none()` cannot be written as SQL, and the export compiles its
        # query to SQL for COPY. A condition no row meets says the same thing.
        members = Member.objects.filter(pk__isnull=True)
    if q:
        members = members.filter(name_matches(q))
    return members.order_by().values(column)


def skill_ids_matching(text: str) -> QuerySet:
    from diaspora.services import skill_key

    return Skill.objects.filter(key__startswith=skill_key(text)).values_list("id", flat=True)


DIRECTORY_COLUMNS = (
    "id",
    "user__id",
    "user__full_name",
    "occupation",
    "sector",
    "country",
    "city",
    *AVAILABILITY_FIELDS.values(),
    "updated_at",
)


@lru_cache(maxsize=16)
def _labels(language: str) -> tuple[dict, dict]:
    # Translated once per language and process: a lazy label costs a catalogue lookup each
    # time it is shown, and the directory shows dozens per page.
    return (
        {code: str(label) for code, label in Sector.choices},
        {str(kind): str(kind.label) for kind in Availability},
    )


def directory_rows(members: list[Member]) -> list[Member]:
    """Give each member of a directory page the plain strings its row shows.

    One query for the skills and languages of the whole page (a UNION of the two link tables),
    whatever the page size.
    """
    if not members:
        return members
    ids = [m.pk for m in members]
    skills = (
        MemberSkill.objects.filter(member_id__in=ids)
        .order_by()
        .values_list("member_id", "skill__name", Value("s"))
    )
    languages = (
        MemberLanguage.objects.filter(member_id__in=ids)
        .order_by()
        .values_list("member_id", "language", Value("l"))
    )
    names: dict[tuple[int, str], list[str]] = {}
    for member_id, name, kind in skills.union(languages, all=True):
        names.setdefault((member_id, kind), []).append(name)
    sectors, kinds = _labels(get_language() or "fr")
    for member in members:
        member.sector_label = sectors.get(member.sector, "")
        member.skill_names = ", ".join(sorted(names.get((member.pk, "s"), ())))
        member.language_codes = ", ".join(sorted(names.get((member.pk, "l"), ())))
        member.availability_names = ", ".join(
            kinds[str(kind)]
            for kind, field in AVAILABILITY_FIELDS.items()
            if getattr(member, field)
        )
    return members


def member_for_staff(pk: int) -> Member:
    try:
        return (
            Member.objects.select_related("user", "region_of_origin")
            .prefetch_related(
                Prefetch("skills", queryset=MemberSkill.objects.select_related("skill")),
                "languages",
                Prefetch("memberships", queryset=_memberships()),
                Prefetch("missions", queryset=Mission.objects.select_related("need")),
            )
            .get(pk=pk)
        )
    except Member.DoesNotExist as exc:
        raise Http404 from exc


# --- needs and matching ----------------------------------------------------------------------


def need_list(*, status: str = "") -> QuerySet[Need]:
    needs = Need.objects.select_related("region", "created_by").annotate(
        mission_count=Count("missions")
    )
    if status:
        needs = needs.filter(status=status)
    return needs.order_by("-created_at", "-id")


def need_proposed_count() -> int:
    """Proposals from institutions waiting for review (few rows, on the status index)."""
    from diaspora.models import NeedStatus

    return Need.objects.filter(status=NeedStatus.PROPOSED).count()


def need_get(pk: int) -> Need:
    try:
        return (
            Need.objects.select_related("region", "created_by")
            .prefetch_related("skills")
            .get(pk=pk)
        )
    except Need.DoesNotExist as exc:
        raise Http404 from exc


def need_missions(need: Need) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(need=need)
        .select_related("member", "member__user")
        .order_by("-score", "-id")
    )


def mission_for_staff(pk: int) -> Mission:
    try:
        return Mission.objects.select_related("need", "member", "member__user").get(pk=pk)
    except Mission.DoesNotExist as exc:
        raise Http404 from exc


# --- associations and projects -----------------------------------------------------------------


def association_list() -> QuerySet[Association]:
    return Association.objects.select_related("region_of_origin").annotate(
        member_count=Count("memberships", filter=Q(memberships__confirmed=True), distinct=True),
        project_count=Count("projects", distinct=True),
    )


def association_get(pk: int) -> Association:
    try:
        return Association.objects.select_related("region_of_origin").get(pk=pk)
    except Association.DoesNotExist as exc:
        raise Http404 from exc


def project_list(*, association: Association | None = None) -> QuerySet[Project]:
    projects = Project.objects.select_related("association", "region").prefetch_related("updates")
    if association is not None:
        projects = projects.filter(association=association)
    return projects.order_by("-updated_at", "-id")


def project_for_member(user, pk: int) -> Project:
    """A project the member may update: one of an association that confirmed them."""
    try:
        return Project.objects.select_related("association", "region").get(
            pk=pk,
            association__memberships__member__user=user,
            association__memberships__confirmed=True,
        )
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def member_projects(member: Member) -> QuerySet[Project]:
    return project_list().filter(
        association__memberships__member=member, association__memberships__confirmed=True
    )


def project_get(pk: int) -> Project:
    try:
        return (
            Project.objects.select_related("association", "region")
            .prefetch_related("updates")
            .get(pk=pk)
        )
    except Project.DoesNotExist as exc:
        raise Http404 from exc


# --- public figures --------------------------------------------------------------------------

SUPPRESS_BELOW = 5
PUBLIC_COUNTS_CACHE_SECONDS = 600


def public_counts() -> dict:
    """Registered members by country and by sector, for the public page.

    A count under five could point at a person (the one nurse in Norway), so such cells are
    suppressed (None), in the grid and in the totals alike. Cached ten minutes: the page is
    public and the GROUP BY reads every row.
    """
    cached = cache.get("diaspora:public-counts")
    if cached is not None:
        return cached
    rows = (
        Member.objects.filter(confirmed_at__isnull=False)
        .exclude(country="")
        .exclude(sector="")
        .order_by()
        .values("country", "sector")
        .annotate(n=Count("id"))
    )
    cells: dict[tuple[str, str], int] = {(r["country"], r["sector"]): r["n"] for r in rows}
    by_country: dict[str, int] = {}
    by_sector: dict[str, int] = {}
    for (country, sector), n in cells.items():
        by_country[country] = by_country.get(country, 0) + n
        by_sector[sector] = by_sector.get(sector, 0) + n
    total = Member.objects.filter(confirmed_at__isnull=False).aggregate(n=Count("id"))["n"]

    def shown(n):
        return n if n >= SUPPRESS_BELOW else None

    sectors = [code for code, _label in Sector.choices]
    countries = sorted(by_country, key=lambda c: -by_country[c])
    data = {
        # Names the rendered table in the template cache: new counts, new fragment.
        "version": int(time.time()),
        "total": shown(total),
        "sectors": sectors,
        "rows": [
            {
                "country": country,
                "total": shown(by_country[country]),
                "cells": [shown(cells.get((country, sector), 0)) for sector in sectors],
            }
            for country in countries
        ],
        "sector_totals": [shown(by_sector.get(sector, 0)) for sector in sectors],
    }
    cache.set("diaspora:public-counts", data, PUBLIC_COUNTS_CACHE_SECONDS)
    return data


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def membership_for_staff(pk: int) -> Membership:
    try:
        return Membership.objects.select_related("association").get(pk=pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


def association_memberships(association: Association) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(association=association)
        .select_related("member__user")
        .order_by("-confirmed", "member__user__full_name")
    )
