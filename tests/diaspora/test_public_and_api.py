"""The public page's suppressed counts, the member's API, the staff API, and seed_demo."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from diaspora.models import Member, Need
from diaspora.selectors import public_counts


def test_public_counts_hide_cells_under_five(make_member, client):
    for i in range(6):
        make_member(full_name=f"Zoumana Fané{i}", country="FR", sector="health")
    for i in range(2):
        make_member(full_name=f"E{i}", country="ES", sector="ict")
    make_member(full_name="C0", country="CI", sector="health")
    counts = public_counts()
    rows = {row["country"]: row for row in counts["rows"]}
    health = counts["sectors"].index("health")
    assert rows["FR"]["cells"][health] == 6
    assert rows["FR"]["total"] == 6
    assert rows["ES"]["total"] is None and all(c is None for c in rows["ES"]["cells"])
    assert rows["CI"]["cells"][health] is None
    assert counts["sector_totals"][health] == 7
    assert counts["total"] == 9
    html = client.get(reverse("diaspora:public")).content.decode()
    assert "S&#x27;inscrire comme membre de la diaspora" in html or "S'inscrire comme" in html
    assert "&lt;5" in html
    assert "9 membres inscrits" in html
    assert "Zoumana" not in html  # never a name


def test_public_page_with_few_members_shows_no_table(client, db):
    html = client.get(reverse("diaspora:public")).content.decode()
    assert "Moins de 5 membres" in html
    assert "<table" not in html


def test_member_reads_and_patches_their_profile_through_the_api(client_as, member):
    client = client_as(member.user)
    data = client.get(reverse("api:diaspora-me")).json()
    assert data["email"] == member.user.email and data["skills"] == [
        {"name": "Pédiatrie", "level": 4}
    ]
    response = client.patch(
        reverse("api:diaspora-me"),
        {
            "city": "Lyon",
            "years_of_experience": 12,
            "skills": [{"name": "Chirurgie", "level": 3}],
            "languages": ["fr"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Lyon"
    assert response.json()["skills"] == [{"name": "Chirurgie", "level": 3}]
    response = client.patch(
        reverse("api:diaspora-me"), {"years_abroad": 300}, content_type="application/json"
    )
    assert response.status_code == 400 and "years_abroad" in response.json()
    member.refresh_from_db()
    assert member.years_abroad is None and member.city == "Lyon"


def test_staff_directory_filters_without_counting(client_as, counsellor, make_member):
    a = make_member(
        full_name="Sira Dembélé",
        country="SN",
        sector="ict",
        skills={"Cybersécurité": 4},
        languages=("fr", "en"),
        available_remote=True,
    )
    make_member(full_name="Issa Cissé", country="SN", sector="crafts", skills={"Couture": 3})
    make_member(full_name="Rokia Ballo", country="FR", sector="ict", skills={"Cybersécurité": 2})
    client = client_as(counsellor)
    url = reverse("api:diaspora-member-list")
    data = client.get(
        url,
        {
            "country": "SN",
            "skill": "cyber",
            "language": "en",
            "availability": "remote",
            "sector": "ict",
        },
    ).json()
    assert "count" not in data
    assert [m["id"] for m in data["results"]] == [a.pk]
    html = client.get(reverse("diaspora:directory"), {"country": "SN"}).content.decode()
    assert "Sira Dembélé" in html and "Issa Cissé" in html and "Rokia Ballo" not in html
    html = client.get(reverse("diaspora:directory"), {"q": "rokia"}).content.decode()
    assert "Rokia Ballo" in html and "Sira" not in html


def test_staff_post_a_need_and_read_its_matches_through_the_api(client_as, manager, member, region):
    client = client_as(manager)
    response = client.post(
        reverse("api:diaspora-need-list"),
        {
            "title": "Pédiatrie à Kayes",
            "institution": "CSRef Kayes",
            "sector": "health",
            "kind": "short_mission",
            "skills": ["Pédiatrie"],
            "languages": ["bm"],
            "region": "KAY",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    need = Need.objects.get()
    assert need.region.code == "KAY" and need.created_by == manager
    matches = client.get(reverse("api:diaspora-need-matches", args=[need.pk])).json()["results"]
    assert matches[0]["member_id"] == member.pk
    assert any("Pédiatrie" in r for r in matches[0]["reasons"])
    bad = client.post(
        reverse("api:diaspora-need-list"),
        {"title": "x", "institution": "y", "sector": "health", "kind": "remote", "region": "ZZZ"},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_seed_demo_gives_the_demo_member_a_profile_and_is_idempotent(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    demo = Member.objects.get(user__email="diaspora@cigem.demo")
    assert demo.sector and demo.skills.exists()
    assert demo.memberships.filter(confirmed=True).exists()
    assert demo.missions.get().status == "proposed"
    assert Member.objects.values("country").distinct().count() >= 5
    assert Member.objects.values("sector").distinct().count() == 8
    # Three needs posted by staff, one proposed by an institution and waiting for review.
    assert Need.objects.filter(origin="staff", status="open").count() == 3
    proposal = Need.objects.get(origin="institution")
    assert proposal.status == "proposed" and proposal.contact_email and proposal.skills.exists()
    assert not proposal.missions.exists()
    assert User.objects.filter(email__endswith="@diaspora.demo").count() == 36


def test_generate_data_loads_members_with_copy_and_leaves_sequences_usable(db, make_member):
    from cigem.services import region_sync

    region_sync()
    call_command("generate_data", diaspora_members=120, diaspora_needs=2, stdout=StringIO(), seed=3)
    assert Member.objects.count() == 120
    assert Member.objects.filter(skills__isnull=False).distinct().count() == 120
    assert User.objects.filter(email__endswith="@diaspora.test", is_active=True).count() == 120
    assert all(
        u.has_role("diaspora_member")
        for u in User.objects.filter(pk__in=[m.user_id for m in Member.objects.all()[:5]])
    )
    make_member(full_name="After the load")  # ids continue past the loaded rows
    need = Need.objects.prefetch_related("skills").first()
    from diaspora.matching import need_matches

    assert need_matches(need)


def test_member_deletes_their_data_through_the_api(client_as, member):
    from accounts.models import AuditEvent

    client = client_as(member.user)
    assert client.delete(reverse("api:diaspora-me")).status_code == 204
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not User.objects.filter(pk=member.user_id).exists()
    assert AuditEvent.objects.filter(action="erase", object_id=str(member.pk)).exists()


def test_directory_page_and_api_cost_constant_queries(client_as, counsellor, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(counsellor)
    make_member(skills={"Pédiatrie": 3}, languages=("fr",))
    urls = [reverse("diaspora:directory"), reverse("api:diaspora-member-list")]
    for url in urls:
        client.get(url)  # warm the session's caches
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"sector": "health"})
        before.append(len(ctx))
    for i in range(30):
        make_member(
            full_name=f"D{i}", skills={"Pédiatrie": 2, "Chirurgie": 1}, languages=("fr", "bm")
        )
    for url, expected in zip(urls, before, strict=True):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"sector": "health"}).status_code == 200
        assert len(ctx) == expected, url
