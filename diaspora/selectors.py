"""Reads of the diaspora app: a member's own profile, the staff directory, matching, counts."""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils.translation import gettext as _

from cigem.reference import SpokenLanguage
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
) -> QuerySet[Member]:
    """Members with a confirmed account, newest profile first; each filter is one indexed
    column or one EXISTS on an indexed link table, and there is never a COUNT."""
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
        from diaspora.services import skill_key

        members = members.filter(
            Exists(
                MemberSkill.objects.filter(
                    member=OuterRef("pk"), skill__key__startswith=skill_key(skill)
                )
            )
        )
    if q:
        members = members.filter(Q(user__full_name__icontains=q) | Q(occupation__icontains=q))
    return (
        members.select_related("user", "region_of_origin")
        .prefetch_related(Prefetch("skills", queryset=MemberSkill.objects.select_related("skill")))
        .prefetch_related("languages")
        .order_by("-updated_at", "-id")
    )


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

# Weights of the fit score. A shared skill is what an institution asks for first; the sector
# and the kind of availability come next; languages and the region of origin break ties.
WEIGHT_SKILL = 4
WEIGHT_SECTOR = 3
WEIGHT_AVAILABILITY = 3
WEIGHT_LANGUAGE = 1
WEIGHT_REGION = 2
MATCH_LIMIT = 50


def need_list(*, status: str = "") -> QuerySet[Need]:
    needs = Need.objects.select_related("region", "created_by").annotate(
        mission_count=Count("missions")
    )
    if status:
        needs = needs.filter(status=status)
    return needs.order_by("-created_at", "-id")


def need_get(pk: int) -> Need:
    try:
        return (
            Need.objects.select_related("region", "created_by")
            .prefetch_related("skills")
            .get(pk=pk)
        )
    except Need.DoesNotExist as exc:
        raise Http404 from exc


# Filter and score in one statement, in two steps so the costly part runs on few rows.
# 1. One pass over the members, joined to the skill hits (one aggregate over the (skill, member)
#    index): candidates are members of the need's sector or holders of one of its skills, and
#    each gets a partial score from plain columns.
# 2. Languages add at most `max_language` points, so a member whose partial score is that far
#    below the `limit`-th best partial score cannot reach the top: only the others get the
#    per-member language probe. The ranking is exact, not approximate.
MATCH_SQL = """
WITH skill_hits AS (
    SELECT member_id, COUNT(*) AS n FROM diaspora_memberskill
    WHERE {skill_filter} GROUP BY member_id
), partial AS (
    SELECT m.id, m.years_of_experience, m.updated_at,
        COALESCE(sh.n, 0) AS skill_hits,
        CASE WHEN m.sector = %(sector)s THEN 1 ELSE 0 END AS sector_hit,
        CASE WHEN {availability} THEN 1 ELSE 0 END AS availability_hit,
        CASE WHEN m.region_of_origin_id = %(region)s THEN 1 ELSE 0 END AS region_hit
    FROM diaspora_member m
    LEFT JOIN skill_hits sh ON sh.member_id = m.id
    WHERE m.confirmed_at IS NOT NULL AND (m.sector = %(sector)s OR sh.n IS NOT NULL)
    {only_member}
), scored AS (
    SELECT partial.*,
        {w_skill} * skill_hits + {w_sector} * sector_hit
        + {w_availability} * availability_hit + {w_region} * region_hit AS partial_score
    FROM partial
), bar AS (
    SELECT partial_score FROM scored ORDER BY partial_score DESC LIMIT 1 OFFSET %(last)s
), survivors AS (
    SELECT scored.*, {language_hits} AS language_hits FROM scored
    WHERE partial_score >= COALESCE((SELECT partial_score FROM bar), 0) - %(max_language)s
)
SELECT id, skill_hits, language_hits, sector_hit, availability_hit, region_hit,
    partial_score + {w_language} * language_hits AS score
FROM survivors
ORDER BY score DESC, years_of_experience DESC NULLS LAST, updated_at DESC, id DESC
LIMIT %(limit)s
"""


LANGUAGE_HITS_SQL = (
    "(SELECT COUNT(*) FROM diaspora_memberlanguage l"
    " WHERE l.member_id = scored.id AND l.language IN ({placeholders}))"
)


def need_matches(
    need: Need, *, limit: int = MATCH_LIMIT, member_id: int | None = None
) -> list[Member]:
    """Members ranked by fit, best first, each with `score` and `reasons`.

    With `member_id`, only that member is scored (an index lookup): how shortlisting checks
    a member's fit without ranking everyone again.

    Three queries whatever the number of members (plus the JIT switch): the ranking
    (MATCH_SQL, only the best `limit` rows leave the database), those members with their
    account and region, and the names of their matched skills. Only members who confirmed
    their email are ranked.
    """
    skill_ids = [int(s.pk) for s in need.skills.all()]
    languages = [code for code in need.languages if code in SpokenLanguage.values]
    params: dict = {
        "sector": need.sector,
        "region": need.region_id or 0,
        "limit": limit,
        "last": limit - 1,
        "max_language": WEIGHT_LANGUAGE * len(languages),
    }
    # Placeholders are generated from counts; every value goes through the driver's params.
    if skill_ids:
        skill_filter = "skill_id IN ({})".format(
            ", ".join(f"%(skill{i})s" for i in range(len(skill_ids)))
        )
        params.update({f"skill{i}": pk for i, pk in enumerate(skill_ids)})
    else:
        skill_filter = "1 = 0"
    if languages:
        placeholders = ", ".join(f"%(lang{i})s" for i in range(len(languages)))
        language_hits = LANGUAGE_HITS_SQL.format(placeholders=placeholders)
        params.update({f"lang{i}": code for i, code in enumerate(languages)})
    else:
        language_hits = "0"
    kinds = [Availability(need.kind)]
    if need.remote_possible and need.kind != Availability.REMOTE:
        kinds.append(Availability.REMOTE)
    availability = " OR ".join(f"m.{AVAILABILITY_FIELDS[kind]}" for kind in kinds)
    if member_id is not None:
        params["member_id"] = member_id
    sql = MATCH_SQL.format(
        only_member="AND m.id = %(member_id)s" if member_id is not None else "",
        skill_filter=skill_filter,
        language_hits=language_hits,
        availability=availability,
        w_skill=WEIGHT_SKILL,
        w_sector=WEIGHT_SECTOR,
        w_availability=WEIGHT_AVAILABILITY,
        w_language=WEIGHT_LANGUAGE,
        w_region=WEIGHT_REGION,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's cost estimate for this statement crosses jit_above_cost, and compiling
            # it takes longer (40 ms measured) than running it: no JIT, for this statement only.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        ranked = cursor.fetchall()
    if not ranked:
        return []
    found = Member.objects.select_related("user", "region_of_origin").in_bulk(
        [row[0] for row in ranked]
    )
    matched: dict[int, list[MemberSkill]] = {}
    if skill_ids:
        for row in (
            MemberSkill.objects.filter(member_id__in=list(found), skill_id__in=skill_ids)
            .select_related("skill")
            .order_by("-level", "skill__name")
        ):
            matched.setdefault(row.member_id, []).append(row)
    members = []
    for pk, skill_hits, language_hits, sector_hit, availability_hit, region_hit, score in ranked:
        member = found.get(pk)
        if member is None or not member.user.is_active:  # deleted or disabled meanwhile
            continue
        member.skill_hits, member.language_hits = skill_hits, language_hits
        member.sector_hit, member.availability_hit = sector_hit, availability_hit
        member.region_hit, member.score = region_hit, score
        member.matched_skills = matched.get(pk, [])
        member.reasons = match_reasons(member, need)
        members.append(member)
    return members


def match_reasons(member: Member, need: Need) -> list[str]:
    """Why this member fits, in plain words, from the annotations of need_matches."""
    reasons = []
    if member.matched_skills:
        reasons.append(
            _("Skills: %(skills)s")
            % {
                "skills": ", ".join(
                    f"{row.skill.name} ({row.get_level_display().lower()})"
                    for row in member.matched_skills
                )
            }
        )
    if member.sector_hit:
        reasons.append(_("Sector: %(sector)s") % {"sector": Sector(need.sector).label})
    if member.availability_hit:
        reasons.append(
            _("Available for: %(kind)s")
            % {
                "kind": ", ".join(
                    str(kind.label)
                    for kind in member.availabilities
                    if kind == need.kind or (need.remote_possible and kind == Availability.REMOTE)
                )
            }
        )
    if member.language_hits:
        reasons.append(
            _("Speaks %(count)s of the languages asked") % {"count": member.language_hits}
        )
    if member.region_hit:
        reasons.append(_("From the region: %(region)s") % {"region": member.region_of_origin.name})
    return reasons


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
