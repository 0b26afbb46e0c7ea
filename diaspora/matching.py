"""Ranking members for a need: one SQL statement filters and scores, reasons in plain words.

The design and its measurements are in docs/apps/diaspora.md ("Matching").
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _

from cigem.reference import SpokenLanguage
from diaspora.models import AVAILABILITY_FIELDS, Availability, Member, MemberSkill, Need
from diaspora.reference import Sector, SkillLevel

# Weights of the fit score. A shared skill is what an institution asks for first; the sector
# and the kind of availability come next; languages and the region of origin break ties.
WEIGHT_SKILL = 4
WEIGHT_SECTOR = 3
WEIGHT_AVAILABILITY = 3
WEIGHT_LANGUAGE = 1
WEIGHT_REGION = 2
MATCH_LIMIT = 50
# Staff reload a need's page while they shortlist and invite: the ranking (one pass over the
# member table) is kept this long. Edits of the need change its version and drop the entry;
# a member's own profile change shows at the latest after this delay.
RANKING_CACHE_SECONDS = 60


def ranking_cache_key(need_id: int) -> str:
    return f"diaspora:ranking:{need_id}"


# Bumped by every write to a profile through the services: a cached ranking made before it is
# ignored, so a member who just added a skill is not missing from the list for a minute.
GENERATION_KEY = "diaspora:ranking-generation"


def profiles_changed() -> None:
    """Called after commit by the services that change what ranking reads."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 1, None)


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
    need: Need, *, limit: int = MATCH_LIMIT, member_id: int | None = None, cached: bool = True
) -> list[Member]:
    """Members ranked by fit, best first, each with `score` and `reasons`.

    With `member_id`, only that member is scored (an index lookup): how shortlisting checks
    a member's fit without ranking everyone again.

    Three queries whatever the number of members (plus the JIT switch): the ranking
    (MATCH_SQL, only the best `limit` rows leave the database), those members with their
    account and region, and the names of their matched skills. Only members who confirmed
    their email are ranked. The ranked rows (ids and hits, no personal data) are cached per
    need for RANKING_CACHE_SECONDS; a hit saves the ranking query and the JIT switch.
    """
    skill_ids = [int(s.pk) for s in need.skills.all()]
    use_cache = cached and member_id is None and limit == MATCH_LIMIT
    ranked = None
    if use_cache:
        # One round trip for both: the entry and the generation it must carry.
        found = cache.get_many([ranking_cache_key(need.pk), GENERATION_KEY])
        generation = found.get(GENERATION_KEY, 0)
        entry = found.get(ranking_cache_key(need.pk))
        if entry is not None and entry.get("version") == (need.version, generation):
            ranked = entry["rows"]
    if ranked is None:
        ranked = _rank(need, skill_ids, limit=limit, member_id=member_id)
        if use_cache:
            cache.set(
                ranking_cache_key(need.pk),
                {"version": (need.version, generation), "rows": ranked},
                RANKING_CACHE_SECONDS,
            )
    return _load(need, ranked, skill_ids)


def _rank(need: Need, skill_ids: list[int], *, limit: int, member_id: int | None) -> list:
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
        return [tuple(row) for row in cursor.fetchall()]


def _load(need: Need, ranked: list, skill_ids: list[int]) -> list[Member]:
    if not ranked:
        return []
    # Only what the page, the API and the reasons show: no qualifications text, no CV path.
    found = (
        Member.objects.select_related("user", "region_of_origin")
        .only(
            "id",
            "occupation",
            "country",
            "sector",
            *AVAILABILITY_FIELDS.values(),
            "user__id",
            "user__full_name",
            "user__is_active",
            "region_of_origin__id",
            "region_of_origin__name",
        )
        .in_bulk([row[0] for row in ranked])
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
    texts = _texts(need)
    for pk, skill_hits, language_hits, sector_hit, availability_hit, region_hit, score in ranked:
        member = found.get(pk)
        if member is None or not member.user.is_active:  # deleted or disabled meanwhile
            continue
        member.skill_hits, member.language_hits = skill_hits, language_hits
        member.sector_hit, member.availability_hit = sector_hit, availability_hit
        member.region_hit, member.score = region_hit, score
        member.matched_skills = matched.get(pk, [])
        member.reasons = match_reasons(member, need, texts)
        members.append(member)
    return members


def _texts(need: Need) -> dict:
    # Translated once per ranking, not once per member: 50 members x 5 reasons of gettext
    # and lazy labels were a third of the need page's time.
    return {
        "skills": _("Skills: %(skills)s"),
        "sector": _("Sector: %(sector)s") % {"sector": Sector(need.sector).label},
        "available": _("Available for: %(kind)s"),
        "languages": _("Speaks %(count)s of the languages asked"),
        "region": _("From the region: %(region)s"),
        "levels": {value: str(label).lower() for value, label in SkillLevel.choices},
        "kinds": {kind: str(kind.label) for kind in Availability},
    }


def match_reasons(member: Member, need: Need, texts: dict | None = None) -> list[str]:
    """Why this member fits, in plain words, from the annotations of need_matches."""
    texts = texts or _texts(need)
    reasons = []
    if member.matched_skills:
        reasons.append(
            texts["skills"]
            % {
                "skills": ", ".join(
                    f"{row.skill.name} ({texts['levels'].get(row.level, '')})"
                    for row in member.matched_skills
                )
            }
        )
    if member.sector_hit:
        reasons.append(texts["sector"])
    if member.availability_hit:
        reasons.append(
            texts["available"]
            % {
                "kind": ", ".join(
                    texts["kinds"][kind]
                    for kind in member.availabilities
                    if kind == need.kind or (need.remote_possible and kind == Availability.REMOTE)
                )
            }
        )
    if member.language_hits:
        reasons.append(texts["languages"] % {"count": member.language_hits})
    if member.region_hit:
        reasons.append(texts["region"] % {"region": member.region_of_origin.name})
    return reasons
