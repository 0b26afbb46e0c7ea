"""Needs, matching with reasons, shortlist, invitation by email and the mission state machine."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from diaspora import services
from diaspora.matching import need_matches, ranking_cache_key
from diaspora.models import Mission, MissionStatus, Need
from diaspora.services import mission_move


@pytest.fixture
def candidates(make_member, region):
    """Four members with decreasing fit for a paediatric short mission in Kayes."""
    best = make_member(
        full_name="Aminata Keïta",
        skills={"Pédiatrie": 4, "Santé publique": 3},
        languages=("fr", "snk"),
        available_short_missions=True,
        region_of_origin=region,
    )
    good = make_member(
        full_name="Oumar Sidibé",
        skills={"Pédiatrie": 2},
        languages=("fr",),
        available_remote=True,
    )
    sector_only = make_member(full_name="Hawa Coulibaly", sector="health", skills={"Couture": 2})
    unrelated = make_member(full_name="Bakary Touré", sector="crafts", skills={"Menuiserie": 4})
    return best, good, sector_only, unrelated


def test_matches_are_ranked_with_their_reasons(candidates, make_need, region):
    best, good, sector_only, unrelated = candidates
    need = make_need(
        skills=["pédiatrie", "Santé publique"],
        languages=["snk", "fr"],
        region=region,
        kind="short_mission",
    )
    matches = need_matches(need)
    assert [m.pk for m in matches] == [best.pk, good.pk, sector_only.pk]
    assert unrelated.pk not in [m.pk for m in matches]
    top = matches[0]
    assert top.score > matches[1].score > matches[2].score
    reasons = " | ".join(top.reasons)
    assert "Compétences : Pédiatrie (expert), Santé publique (avancé)" in reasons
    assert "Secteur : Santé" in reasons
    assert "Disponible pour : Missions courtes au Mali" in reasons
    assert "Parle 2 des langues demandées" in reasons
    assert f"Originaire de la région : {region.name}" in reasons
    assert not any("Disponible" in r for r in matches[1].reasons)  # remote, need is on site


def test_remote_possible_counts_remote_availability(candidates, make_need):
    _best, good, *_ = candidates
    need = make_need(skills=["Pédiatrie"], remote_possible=True)
    match = next(m for m in need_matches(need) if m.pk == good.pk)
    assert any("Conseil à distance" in r for r in match.reasons)


def test_unconfirmed_accounts_are_never_matched(candidates, make_need):
    best, *_ = candidates
    best.user.is_active = False
    best.user.save()
    assert best.pk not in [m.pk for m in need_matches(make_need(skills=["Pédiatrie"]))]


def test_matching_costs_the_same_queries_for_3_or_30_members(make_member, make_need):
    need = make_need(skills=["Pédiatrie", "Chirurgie"], languages=["fr"])
    need = Need.objects.prefetch_related("skills").get(pk=need.pk)
    for i in range(3):
        make_member(full_name=f"M{i}", skills={"Pédiatrie": 3}, languages=("fr",))
    with CaptureQueriesContext(connection) as few:
        assert len(need_matches(need)) == 3
    for i in range(27):
        make_member(full_name=f"N{i}", skills={"Chirurgie": 2, "Pédiatrie": 1}, languages=("fr",))
    with CaptureQueriesContext(connection) as many:
        assert len(need_matches(need)) == 30
    # ranking (with its JIT switch), the members, their matched skills
    assert len(few) == len(many) <= 6


def test_need_page_and_api_cost_constant_queries(client_as, counsellor, make_member, make_need):
    need = make_need(skills=["Pédiatrie"])
    client = client_as(counsellor)
    make_member(skills={"Pédiatrie": 3})
    url = reverse("diaspora:need-detail", args=[need.pk])
    client.get(url)  # the first request of a session fills caches (user, roles)

    def measure():
        cache.delete(ranking_cache_key(need.pk))
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url).status_code == 200
        return len(cold), len(warm)

    few = measure()
    for i in range(12):
        make_member(full_name=f"P{i}", skills={"Pédiatrie": 2}, languages=("fr", "bm"))
    many = measure()
    assert few == many
    # The second view of the page reuses the ranking instead of ranking everyone again.
    assert many[1] < many[0]


def test_cached_ranking_follows_the_need_and_the_profiles(
    counsellor, make_member, make_need, member
):
    need = make_need(skills=["Pédiatrie"])
    assert [m.pk for m in need_matches(need)] == [member.pk]
    newcomer = make_member(full_name="Nouvelle", skills={"Pédiatrie": 4, "Chirurgie": 4})
    # make_member bumps the generation as the profile services do: the newcomer is ranked.
    assert {m.pk for m in need_matches(need)} == {member.pk, newcomer.pk}
    services.need_edit(
        need=need,
        fields={"title": need.title, "sector": "ict"},
        skills=["Chirurgie"],
        expected_version=need.version,
        actor=counsellor,
    )
    need.refresh_from_db()
    assert [m.pk for m in need_matches(need)] == [newcomer.pk]


def test_staff_post_a_need_shortlist_invite_and_the_member_accepts(
    client_as, counsellor, candidates, region
):
    best, *_ = candidates
    client = client_as(counsellor)
    response = client.post(
        reverse("diaspora:need-create"),
        {
            "title": "Appui au service de pédiatrie",
            "institution": "Hôpital régional de Kayes",
            "sector": "health",
            "kind": "short_mission",
            "skill_names": "Pédiatrie, santé publique",
            "languages": ["fr"],
            "region": region.pk,
            "start_date": "2027-01-10",
            "end_date": "2027-01-31",
        },
    )
    need = Need.objects.get()
    assert response["Location"] == reverse("diaspora:need-detail", args=[need.pk])
    html = client.get(response["Location"]).content.decode()
    assert best.user.full_name in html and "Compétences : Pédiatrie" in html

    client.post(reverse("diaspora:need-shortlist", args=[need.pk, best.pk]))
    mission = Mission.objects.get(need=need, member=best)
    assert mission.status == MissionStatus.SHORTLISTED and mission.score > 0
    assert mission.reasons
    assert mail.outbox == []  # shortlisting does not write to the member

    client.post(
        reverse("diaspora:mission-invite", args=[mission.pk]),
        {"message": "Nous pensons à vous pour janvier."},
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PROPOSED and mission.invited_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [best.user.email]
    assert "Le CIGEM vous propose une mission" in mail.outbox[0].subject
    assert f"/diaspora/me/missions/{mission.pk}/" in mail.outbox[0].body
    assert "Nous pensons à vous pour janvier." in mail.outbox[0].body

    member_client = client_as(best.user)
    page = member_client.get(reverse("diaspora:my-mission", args=[mission.pk])).content.decode()
    assert "J'accepte cette mission" in page
    assert "Pourquoi le centre a pensé à vous" in page and "Compétences : Pédiatrie" in page
    member_client.post(reverse("diaspora:my-mission", args=[mission.pk]), {"answer": "accept"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.ACCEPTED and mission.responded_at

    client = client_as(counsellor)
    client.post(reverse("diaspora:mission-move", args=[mission.pk]), {"to": "under_way"})
    response = client.post(reverse("diaspora:mission-move", args=[mission.pk]), {"to": "done"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.UNDER_WAY  # done needs an outcome
    client.post(
        reverse("diaspora:mission-move", args=[mission.pk]),
        {"to": "done", "outcome": "Douze soignants formés."},
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.DONE and mission.outcome == "Douze soignants formés."
    moves = AuditEvent.objects.filter(object_type="diaspora.mission", object_id=str(mission.pk))
    assert set(moves.values_list("summary", flat=True)) >= {
        "shortlisted -> proposed",
        "proposed -> accepted",
        "accepted -> under_way",
        "under_way -> done",
    }


def test_a_member_declines_and_cannot_change_their_mind_through_the_api(
    client_as, member, make_need
):
    mission = Mission.objects.create(need=make_need(), member=member, status="proposed")
    client = client_as(member.user)
    url = reverse("api:diaspora-my-mission-respond", args=[mission.pk])
    response = client.post(url, {"answer": "decline"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    response = client.post(url, {"answer": "accept"}, content_type="application/json")
    assert response.status_code == 409
    assert "ne peut pas devenir" in response.json()["detail"]


@pytest.mark.parametrize(
    "start, to",
    [
        ("shortlisted", "accepted"),
        ("proposed", "done"),
        ("declined", "accepted"),
        ("done", "under_way"),
        ("accepted", "declined"),
    ],
)
def test_illegal_moves_are_refused_with_a_clear_error(member, make_need, counsellor, start, to):
    mission = Mission.objects.create(need=make_need(), member=member, status=start)
    with pytest.raises(ValidationError) as error:
        mission_move(mission=mission, to=to, actor=counsellor, outcome="x")
    assert "ne peut pas devenir" in error.value.messages[0]
    mission.refresh_from_db()
    assert mission.status == start


def test_a_shortlisted_mission_is_not_shown_to_the_member_yet(client_as, member, make_need):
    mission = Mission.objects.create(need=make_need(), member=member)
    client = client_as(member.user)
    assert client.get(reverse("diaspora:my-mission", args=[mission.pk])).status_code == 404
    assert client.get(reverse("api:diaspora-my-missions")).json()["results"] == []


def test_need_form_errors_are_french_and_keep_input(client_as, counsellor):
    response = client_as(counsellor).post(
        reverse("diaspora:need-create"),
        {
            "title": "Audit des comptes",
            "sector": "economy",
            "kind": "remote",
            "start_date": "2027-02-01",
            "end_date": "2027-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La date de fin est antérieure à la date de début" in html
    assert 'value="Audit des comptes"' in html
    assert Need.objects.count() == 0


def test_ranking_is_exact_despite_pruning_by_partial_score(make_member, make_need, region):
    """Languages are scored only for members close enough to the top; check against a full
    computation that no one who should be in the top was pruned."""
    import random

    from diaspora.matching import (
        WEIGHT_AVAILABILITY,
        WEIGHT_LANGUAGE,
        WEIGHT_REGION,
        WEIGHT_SECTOR,
        WEIGHT_SKILL,
    )

    rng = random.Random(11)
    need = make_need(
        skills=["Pédiatrie", "Chirurgie"], languages=["fr", "bm", "snk", "ff"], region=region
    )
    expected = {}
    for i in range(40):
        skills = {name: 2 for name in ("Pédiatrie", "Chirurgie", "Couture") if rng.random() < 0.3}
        languages = tuple(code for code in ("fr", "bm", "snk", "ff", "en") if rng.random() < 0.5)
        sector = rng.choice(["health", "crafts"])
        member = make_member(
            full_name=f"R{i}",
            skills=skills,
            languages=languages,
            sector=sector,
            available_short_missions=rng.random() < 0.5,
            region_of_origin=region if rng.random() < 0.3 else None,
        )
        shared = len({"Pédiatrie", "Chirurgie"} & set(skills))
        if sector != "health" and not shared:
            continue
        expected[member.pk] = (
            WEIGHT_SKILL * shared
            + WEIGHT_SECTOR * (sector == "health")
            + WEIGHT_AVAILABILITY * member.available_short_missions
            + WEIGHT_LANGUAGE * len({"fr", "bm", "snk", "ff"} & set(languages))
            + WEIGHT_REGION * (member.region_of_origin_id == region.pk)
        )
    need = Need.objects.prefetch_related("skills").get(pk=need.pk)
    best = sorted(expected.values(), reverse=True)
    for limit in (1, 3, 7, 60):
        matches = need_matches(need, limit=limit)
        assert [m.score for m in matches] == best[:limit], limit
        assert all(m.score == expected[m.pk] for m in matches)


def test_staff_close_a_need_and_members_cannot(client_as, counsellor, member, make_need):
    need = make_need()
    assert (
        client_as(member.user)
        .post(reverse("diaspora:need-status", args=[need.pk]), {"status": "closed"})
        .status_code
        == 403
    )
    staff = client_as(counsellor)
    url = reverse("diaspora:need-status", args=[need.pk])
    # Closing asks first: the first POST only shows the confirmation page.
    asked = staff.post(url, {"status": "closed"})
    assert asked.status_code == 200
    assert "Fermer le besoin" in asked.content.decode()
    need.refresh_from_db()
    assert need.status == "open"
    staff.post(url, {"status": "closed", "confirmed": "yes"})
    need.refresh_from_db()
    assert need.status == "closed"
    # Reopening (or marking filled) needs no confirmation.
    staff.post(url, {"status": "open"})
    need.refresh_from_db()
    assert need.status == "open"
    assert AuditEvent.objects.filter(object_type="diaspora.need", summary="open -> closed").exists()


def test_scoring_one_member_gives_the_same_score_as_the_ranking(candidates, make_need, region):
    need = make_need(skills=["Pédiatrie", "Santé publique"], languages=["fr"], region=region)
    need = Need.objects.prefetch_related("skills").get(pk=need.pk)
    ranked = {m.pk: (m.score, m.reasons) for m in need_matches(need)}
    for pk, (score, reasons) in ranked.items():
        (alone,) = need_matches(need, member_id=pk)
        assert (alone.score, alone.reasons) == (score, reasons)
    unrelated = candidates[3]
    assert need_matches(need, member_id=unrelated.pk) == []


def test_a_member_who_does_not_fit_cannot_be_shortlisted(client_as, counsellor, candidates):
    unrelated = candidates[3]
    need = Need.objects.create(
        title="Pédiatrie", institution="CSRef", sector="health", kind="remote"
    )
    url = reverse("diaspora:need-shortlist", args=[need.pk, unrelated.pk])
    assert client_as(counsellor).post(url).status_code == 404
    assert not Mission.objects.exists()
