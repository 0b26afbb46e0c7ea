"""The record page's one read: the same data as the ORM, and the same cost whatever the history."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reception import selectors, services
from reception.models import ConsentKind, DuplicateDecision, ReferralStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_record(counsellor, manager, consenting_candidate, partner, make_candidate, make_pathway):
    """A record with something in every section, in both directions where it matters."""
    person = consenting_candidate
    make_pathway()
    make_pathway("france-etudes", title="Études en France")
    today = timezone.localdate()
    services.candidate_consent_record(
        candidate=person, actor=counsellor, kind=ConsentKind.MESSAGES, given=True
    )
    services.candidate_consent_record(
        candidate=person, actor=manager, kind=ConsentKind.MESSAGES, given=False
    )
    for days in range(25):  # more than the page shows
        services.visit_create(
            candidate=person,
            actor=counsellor,
            visit_date=today - timedelta(days=days % 7),
            notes=f"Note {days}\nsecond line <b>",
            next_step="Rappeler" if days % 2 else "",
            pathways=["espagne-saisonnier", "france-etudes"] if days % 3 == 0 else [],
        )
    for index in range(3):
        referral = services.referral_create(
            candidate=person, actor=counsellor, partner=partner, service=f"Service {index}"
        )
    services.referral_transition(
        referral=referral, to_status=ReferralStatus.ACCEPTED, outcome="Pris", actor=counsellor
    )
    done = services.follow_up_create(
        candidate=person, actor=counsellor, due_date=today, reason="Appeler"
    )
    services.follow_up_complete(follow_up=done, actor=counsellor, outcome="Fait")
    services.follow_up_create(
        candidate=person,
        actor=counsellor,
        due_date=today + timedelta(days=3),
        reason="Relancer",
        assigned_to=manager,
    )
    services.follow_up_create(candidate=person, actor=counsellor, due_date=today, reason="Voir")
    twin = make_candidate(first_name="Musa", phone="")
    other = make_candidate(first_name="Awa", sex="F", phone="")
    services.duplicate_link(
        candidate=person, other=twin, decision=DuplicateDecision.SAME_PERSON, actor=counsellor
    )
    services.duplicate_link(
        candidate=other,
        other=person,
        decision=DuplicateDecision.DIFFERENT_PEOPLE,
        actor=counsellor,
    )
    return person


def _comparable(page):
    candidate = page.candidate
    fields = {f.attname: getattr(candidate, f.attname) for f in candidate._meta.concrete_fields}
    return (
        fields,
        str(candidate.region_of_origin or ""),
        str(candidate.counsellor or ""),
        page.consents,
        page.visits,
        page.referrals,
        page.follow_ups,
        page.links,
    )


def test_record_page_one_read_matches_the_orm(rich_record, regions):
    from cigem.models import Region

    rich_record.region_of_origin = Region.objects.first()
    rich_record.save()
    one = selectors._record_page_sql(rich_record.pk)
    orm = selectors._record_page_orm(rich_record.pk)
    selectors._attach_pathway_links(one.visits)
    selectors._attach_pathway_links(orm.visits)
    assert _comparable(one) == _comparable(orm)
    assert len(one.visits) == selectors.RECORD_LIMIT
    with_links = [v for v in one.visits if v.pathways]
    assert with_links
    assert all(
        v.links
        == [
            ("Travail saisonnier", reverse("legal:pathway", args=["espagne-saisonnier"])),
            ("Études en France", reverse("legal:pathway", args=["france-etudes"])),
        ]
        for v in with_links
    )
    assert all(v.links == [] for v in one.visits if not v.pathways)
    assert {link.decision for link in one.links} == {"same_person", "different_people"}
    # Done ones first (as the ORM orders them), then the open ones by due date.
    assert one.follow_ups[0].reason == "Appeler" and one.follow_ups[0].is_done
    open_ones = one.follow_ups[1:]
    assert {f.reason for f in open_ones} >= {"Voir", "Relancer"}
    assert [f.due_date for f in open_ones] == sorted(f.due_date for f in open_ones)
    kinds = {kind: consent for kind, _label, consent in one.consents}
    assert kinds[ConsentKind.MESSAGES].given is False
    assert kinds[ConsentKind.RECORD] is None


def test_record_page_shows_every_section(client_as, counsellor, rich_record):
    body = (
        client_as(counsellor)
        .get(reverse("reception:candidate-detail", args=[rich_record.pk]))
        .content.decode()
    )
    assert "Travail saisonnier" in body and "Études en France" in body
    assert "second line &lt;b&gt;" in body
    assert "ANPE – Agence Nationale pour l&#x27;Emploi" in body
    assert 'id="referral' in body  # open referrals can be moved on
    assert "Relancer" in body and "<s>" in body  # a done follow-up is struck through
    assert "Rappeler" in body


def test_record_page_queries_do_not_depend_on_the_history(
    client_as, counsellor, make_candidate, rich_record
):
    client = client_as(counsellor)
    bare_record = make_candidate(first_name="Oumar", phone="")

    def queries(person):
        url = reverse("reception:candidate-detail", args=[person.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    bare = queries(bare_record)
    rich = queries(rich_record)
    # The rich record adds only the pathway titles of the visits that discussed some.
    assert len(rich) == len(bare) + 1
    own = [sql for sql in bare if "reception_" in sql or "accounts_auditevent" in sql]
    assert len(own) == 2  # the record's one read, and the audit event


def test_unknown_or_malformed_record_is_404(client_as, counsellor):
    client = client_as(counsellor)
    assert client.get("/accueil/candidats/999999/").status_code == 404


def test_drawn_forms_follow_the_partner_list_and_the_language(client_as, counsellor, candidate):
    from reception.models import Partner, PartnerKind

    client = client_as(counsellor)
    url = reverse("reception:candidate-detail", args=[candidate.pk])
    assert "FAFPA" not in client.get(url).content.decode()
    Partner.objects.create(name="Fonds d'appui", acronym="FAFPA", kind=PartnerKind.PUBLIC_AGENCY)
    body = client.get(url).content.decode()
    assert "FAFPA – Fonds d&#x27;appui" in body
    assert "Enregistrer la visite" in body or 'data-testid="save-visit"' in body
    french = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert ">Channel</label>" in english and ">Channel</label>" not in french


def test_a_form_with_errors_is_drawn_live(client_as, counsellor, candidate):
    response = client_as(counsellor).post(
        reverse("reception:candidate-visit-add", args=[candidate.pk]), {"visit_date": "x"}
    )
    body = response.content.decode()
    assert 'value="x"' in body and "is-invalid" in body


def test_identity_rows_show_every_field(client_as, counsellor, make_candidate, regions):
    from django.utils import translation

    from cigem.models import Region
    from reception.models import Candidate, CandidateStatus, ClosingReason, MigrationMotive

    region = Region.objects.order_by("name").first()
    person = make_candidate(birth_date=None, birth_year=1990, phone="+22376000001")
    Candidate.objects.filter(pk=person.pk).update(
        region_of_origin=region,
        cercle="Kita",
        commune="Sébékoro",
        skills="Maçonnerie\nSoudure <arc>",
        dependants=2,
        family_situation="married",
        intended_destination="Espagne",
        migration_motive=MigrationMotive.values[0],
        years_of_experience=0,
        status=CandidateStatus.CLOSED,
        closing_reason=ClosingReason.GOAL_REACHED,
    )
    body = (
        client_as(counsellor)
        .get(reverse("reception:candidate-detail", args=[person.pk]))
        .content.decode()
    )
    with translation.override("fr"):
        closed = f"{CandidateStatus.CLOSED.label} · {ClosingReason.GOAL_REACHED.label}"
        motive = str(MigrationMotive(MigrationMotive.values[0]).label)
    assert f'<dd class="col-7">{closed}</dd>' in body
    assert '<dd class="col-7">1990</dd>' in body
    assert '<a href="tel:+22376000001">+22376000001</a>' in body
    assert f'<dd class="col-7">{region.name}, Kita, Sébékoro</dd>' in body
    assert '<dd class="col-7">Maçonnerie<br>Soudure &lt;arc&gt;</dd>' in body
    assert "Marié" in body and " · 2 personnes à charge</dd>" in body
    assert f'<dd class="col-7">Espagne · {motive}</dd>' in body
    assert 'Années d\'expérience</dt><dd class="col-7">0</dd>' in body
    assert f'<dd class="col-7">{counsellor.full_name}</dd>' not in body  # no counsellor set


def test_filter_fields_keep_chosen_values_but_never_the_search_text(
    client_as, counsellor, make_candidate, regions
):
    from reception.templatetags import reception_tags

    make_candidate()
    client = client_as(counsellor)
    url = reverse("reception:candidate-list")
    for _ in range(2):  # the second answer comes from the kept markup
        body = client.get(url, {"profile": "returnee_forced", "q": "Kulibali Sensitive"}).content
        assert b'<option value="returnee_forced" selected>' in body
        assert b'value="Kulibali Sensitive"' in body
    other = client.get(url, {"profile": "other", "q": "Awa"}).content
    assert b'<option value="other" selected>' in other
    assert b'<option value="returnee_forced" selected>' not in other
    kept = repr(list(reception_tags._FILTER_HTML.items()))
    assert "Sensitive" not in kept and "Awa" not in kept


def test_list_sql_matches_the_orm(make_candidate, counsellor, manager, regions):
    from datetime import date

    from cigem.models import Region
    from reception.models import Candidate

    region = Region.objects.order_by("id").first()
    people = [
        ("Coulibaly", "Moussa", "+22376000001"),
        ("Kulibali", "Musa", ""),
        ("Traoré", "Awa", "+22376000002"),
        ("Traore", "Fatoumata", ""),
        ("Keïta", "Mamadou", ""),
    ]
    for index in range(30):
        last, first, phone = people[index % len(people)]
        make_candidate(
            actor=counsellor if index % 2 else manager,
            last_name=last,
            first_name=first,
            phone=phone if index < len(people) else "",
            profile="returnee_forced" if index % 3 else "other",
            nina=f"{index:015d}" if index % 7 == 0 else "",
        )
    Candidate.objects.filter(pk__in=Candidate.objects.order_by("id").values("pk")[:10]).update(
        region_of_origin=region
    )
    first = Candidate.objects.order_by("id").first()
    today = timezone.localdate()
    cases = [
        {},
        {"sort": "name"},
        {"sort": "created_at"},
        {"sort": "-updated_at"},
        {"profile": "returnee_forced"},
        {"profile": "other", "sort": "name"},
        {"region": region.pk},
        {"status": "open", "counsellor": counsellor.pk},
        {"created_from": today, "created_to": today},
        {"created_to": date(2000, 1, 1)},
        {"q": "Kulibali"},
        {"q": "Moussa Coulibaly"},
        {"q": "Musa Kulibali", "profile": "returnee_forced"},
        {"q": first.code.lower()},
        {"q": "76 00 00 01"},
        {"q": f"{0:015d}"},
        {"q": "!!!"},
    ]
    for filters in cases:
        orm = selectors.candidate_rows(selectors.candidate_list(**filters))
        for start in (0, 5, 12):
            expected = list(selectors.DeferredJoin(orm)[start : start + 6])
            got = selectors.CandidateRows(**filters)[start : start + 6]
            assert got == expected, (filters, start)
    assert selectors.CandidateRows(q="Kulibali")[0:50]  # the cases above find something


def test_the_record_page_states_each_consent_given_withdrawn_or_not_asked(
    candidate, counsellor, client_as
):
    from django.utils import timezone
    from django.utils.formats import date_format

    from reception.models import CandidateConsent, ConsentKind
    from reception.services import candidate_consent_record

    candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.RECORD, given=True
    )
    candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )
    candidate_consent_record(
        candidate=candidate, actor=None, kind=ConsentKind.REFERRAL, given=False
    )
    latest = CandidateConsent.objects.filter(candidate=candidate).order_by("-recorded_at").first()
    client = client_as(counsellor)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("reception:candidate-detail", args=[candidate.pk])).content.decode()
    lines = re.search(r'data-testid="consents">(.*?)</ul>', html, re.S).group(1)
    day = date_format(timezone.localtime(latest.recorded_at), "SHORT_DATE_FORMAT")
    version = latest.text_version
    assert f"✔ Conserver mon dossier au centre — donné {day}, {counsellor.full_name}" in lines
    assert f"(texte {version})" in lines
    assert f"✘ Être orienté vers un partenaire — retiré {day}, — (texte {version})" in lines
    assert "✘ Recevoir des messages d&#x27;information — pas encore demandé" in lines
