"""Pages of the reception desk: who may open them, and what they do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from reception import services
from reception.models import (
    AppointmentRequest,
    AppointmentStatus,
    Candidate,
    ConsentKind,
    DuplicateLink,
    FollowUp,
    Referral,
    Visit,
)

pytestmark = pytest.mark.django_db

DESK_ROLES = {"counsellor", "manager"}


def _expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


def _candidate_urls(pk):
    return [
        reverse("reception:candidate-detail", args=[pk]),
        reverse("reception:candidate-edit", args=[pk]),
        reverse("reception:candidate-timeline", args=[pk]),
        reverse("reception:candidate-print", args=[pk]),
        reverse("reception:candidate-duplicates", args=[pk]),
    ]


def test_desk_pages_access_matrix(users_by_role, client_as, candidate, regions):
    urls = [
        reverse("reception:home"),
        reverse("reception:candidate-list"),
        reverse("reception:candidate-intake"),
        reverse("reception:duplicate-panel") + "?last_name=Kulibali",
        reverse("reception:follow-ups"),
        reverse("reception:partner-list"),
        reverse("reception:appointment-queue"),
        *_candidate_urls(candidate.pk),
    ]
    for role, user in users_by_role.items():
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code == _expected(role, DESK_ROLES), (role, url)


def test_manager_only_pages(users_by_role, client_as, candidate):
    urls = [
        reverse("reception:candidate-merge", args=[candidate.pk]),
        reverse("reception:candidate-erase", args=[candidate.pk]),
        reverse("reception:candidate-access-log", args=[candidate.pk]),
    ]
    for role, user in users_by_role.items():
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code == _expected(role, {"manager"}), (role, url)


def test_public_appointment_form_is_open_to_everyone(client):
    response = client.get(reverse("reception:appointment-request"))
    assert response.status_code == 200
    assert "Demander un rendez-vous" in response.content.decode() or response.status_code == 200


def test_unknown_record_is_404(client_as, counsellor):
    client = client_as(counsellor)
    assert client.get(reverse("reception:candidate-detail", args=[999999])).status_code == 404


def test_record_page_is_audited_without_names(client_as, counsellor, candidate):
    client_as(counsellor).get(reverse("reception:candidate-detail", args=[candidate.pk]))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(candidate.pk)).get()
    assert event.actor == counsellor
    assert candidate.last_name not in event.summary


def test_intake_search_shows_spelling_variant(client_as, counsellor, candidate):
    response = client_as(counsellor).get(
        reverse("reception:candidate-intake"),
        {"last_name": "Kulibali", "first_name": "Musa", "birth_year": "1995"},
    )
    body = response.content.decode()
    assert candidate.code in body
    assert 'data-testid="duplicate-match"' in body


def test_intake_create_needs_confirmation_after_near_match(client_as, counsellor, candidate):
    client = client_as(counsellor)
    url = reverse("reception:candidate-intake")
    data = {
        "last_name": "Kulibali",
        "first_name": "Musa",
        "sex": "M",
        "birth_year": "1995",
        "profile": "potential_migrant",
        "phone": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert Candidate.objects.count() == 1
    assert 'name="different_from"' in response.content.decode()
    assert response.context["form"]["last_name"].value() == "Kulibali"
    response = client.post(
        url, {**data, "different_from": str(candidate.pk), "consent_referral": "on"}
    )
    assert response.status_code == 302
    assert Candidate.objects.count() == 2
    created = Candidate.objects.exclude(pk=candidate.pk).get()
    assert services.consent_current(created, ConsentKind.REFERRAL)
    assert not services.consent_current(created, ConsentKind.MESSAGES)
    assert created.consents.get(kind="referral").recorded_by == counsellor
    assert DuplicateLink.objects.filter(other=candidate, decision="different_people").exists()


def test_intake_bad_phone_and_future_birth_date_next_to_field(client_as, counsellor):
    response = client_as(counsellor).post(
        reverse("reception:candidate-intake"),
        {
            "last_name": "Touré",
            "first_name": "Oumou",
            "phone": "12ab",
            "birth_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "profile": "potential_migrant",
        },
    )
    form = response.context["form"]
    assert "phone" in form.errors and "birth_date" in form.errors
    assert form["phone"].value() == "12ab"
    body = response.content.decode()
    # The error sits next to the field, which keeps what was typed.
    assert 'value="12ab"' in body and "is-invalid" in body
    assert "Ce n&#x27;est pas un numéro de téléphone." in body or "pas valide" in body
    assert not Candidate.objects.exists()


def test_stale_edit_tells_the_second_counsellor(client_as, counsellor, manager, candidate):
    url = reverse("reception:candidate-edit", args=[candidate.pk])
    base = {
        "last_name": candidate.last_name,
        "first_name": candidate.first_name,
        "profile": candidate.profile,
        "version": candidate.version,
    }
    assert client_as(counsellor).post(url, {**base, "occupation": "Maçon"}).status_code == 302
    response = client_as(manager).post(url, {**base, "occupation": "Chauffeur"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="stale"' in body
    assert response.context["form"]["occupation"].value() == "Chauffeur"
    candidate.refresh_from_db()
    assert candidate.occupation == "Maçon"
    # Saving again from the form that showed the current record goes through.
    again = dict(response.context["form"].data.items())
    assert client_as(manager).post(url, again).status_code == 302
    candidate.refresh_from_db()
    assert candidate.occupation == "Chauffeur"


def test_visit_with_referral_is_refused_without_consent_then_saved(
    client_as, counsellor, candidate, partner
):
    client = client_as(counsellor)
    url = reverse("reception:candidate-visit-add", args=[candidate.pk])
    today = timezone.localdate()
    data = {
        "visit_date": today.isoformat(),
        "channel": "walk_in",
        "services": ["orientation", "referral"],
        "notes": "Veut se former en électricité",
        "next_step": "Appeler après l'inscription",
        "follow_up_date": (today + timedelta(days=10)).isoformat(),
        "referral_partner": partner.pk,
        "referral_service": "Inscription demandeur d'emploi",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "referral_partner" in response.context["visit_form"].errors
    assert not Visit.objects.exists()
    services.candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )
    assert client.post(url, data).status_code == 302
    assert Visit.objects.count() == 1 and Referral.objects.count() == 1
    assert FollowUp.objects.filter(assigned_to=counsellor).count() == 2
    page = client.get(reverse("reception:follow-ups")).content.decode()
    assert "Appeler après l&#x27;inscription" in page


def test_referral_status_buttons_follow_the_state_machine(
    client_as, counsellor, consenting_candidate, partner
):
    referral = services.referral_create(
        candidate=consenting_candidate, actor=counsellor, partner=partner, service="x"
    )
    client = client_as(counsellor)
    url = reverse("reception:referral-status", args=[referral.pk])
    client.post(url, {"status": "done"})
    referral.refresh_from_db()
    assert referral.status == "in_progress"
    client.post(url, {"status": "accepted"})
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_follow_up_done(client_as, counsellor, candidate):
    follow_up = services.follow_up_create(
        candidate=candidate, actor=counsellor, due_date=timezone.localdate(), reason="Appeler"
    )
    client_as(counsellor).post(reverse("reception:follow-up-done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_candidate_list_filters_and_constant_queries(
    client_as, counsellor, make_candidate, django_assert_max_num_queries, regions
):
    for i in range(30):
        make_candidate(
            first_name=f"Awa{i}", phone="", profile="returnee_forced" if i % 2 else "other"
        )
    client = client_as(counsellor)
    url = reverse("reception:candidate-list")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"profile": "returnee_forced", "sort": "name"})
    assert len(response.context["page"].object_list) == 15
    with django_assert_max_num_queries(12):
        response = client.get(url, {"page": "2"})
    assert response.context["page"].has_previous
    assert client.get(url, {"q": "Kulibali"}).context["page"].object_list


def test_merge_and_erase_by_manager(client_as, manager, counsellor, make_candidate):
    keep = make_candidate(actor=counsellor)
    drop = make_candidate(actor=counsellor, first_name="Musa")
    services.visit_create(candidate=drop, actor=counsellor, visit_date=timezone.localdate())
    client = client_as(manager)
    url = reverse("reception:candidate-merge", args=[keep.pk])
    response = client.post(url, {"other_code": drop.code})
    assert "confirm" in response.context["form"].errors
    assert client.post(url, {"other_code": drop.code, "confirm": "on"}).status_code == 302
    assert keep.visits.count() == 1
    erase = reverse("reception:candidate-erase", args=[keep.pk])
    response = client.post(erase, {"code": "wrong"})
    assert "code" in response.context["form"].errors
    assert client.post(erase, {"code": keep.code}).status_code == 302
    keep.refresh_from_db()
    assert keep.is_erased and keep.last_name == ""
    log = client.get(reverse("reception:candidate-access-log", args=[keep.pk]))
    assert log.status_code == 200 and len(log.context["page"].object_list) >= 3


def test_counsellor_cannot_post_merge(client_as, counsellor, make_candidate):
    keep = make_candidate()
    drop = make_candidate(first_name="Musa")
    url = reverse("reception:candidate-merge", args=[keep.pk])
    assert (
        client_as(counsellor).post(url, {"other_code": drop.code, "confirm": "on"}).status_code
        == 403
    )
    drop.refresh_from_db()
    assert drop.merged_into is None


def test_appointment_request_queue_and_conversion(client, client_as, counsellor, candidate):
    today = timezone.localdate()
    response = client.post(
        reverse("reception:appointment-request"),
        {
            "full_name": "Moussa Coulibaly",
            "phone": "76 12 34 56",
            "topic": "job_offers",
            "preferred_date": today.isoformat(),
        },
    )
    assert response.status_code == 302
    appointment = AppointmentRequest.objects.get()
    staff = client_as(counsellor)
    detail = staff.get(reverse("reception:appointment-detail", args=[appointment.pk]))
    assert candidate.code in detail.content.decode()
    response = staff.post(
        reverse("reception:appointment-detail", args=[appointment.pk]),
        {"candidate_code": candidate.code, "visit_date": today.isoformat(), "action": "convert"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CONVERTED
    assert appointment.visit.channel == "online_request"


def test_appointment_request_bad_input_and_rate_limit(client):
    url = reverse("reception:appointment-request")
    bad = {"full_name": "A", "phone": "xx", "topic": "other", "preferred_date": "2020-01-01"}
    response = client.post(url, bad)
    assert {"phone", "preferred_date"} <= set(response.context["form"].errors)
    good = {**bad, "phone": "76000001", "preferred_date": timezone.localdate().isoformat()}
    for _ in range(5):
        assert client.post(url, good).status_code == 302
    assert client.post(url, good).status_code == 200
    assert AppointmentRequest.objects.count() == 5


def test_consent_and_link_and_close(client_as, counsellor, candidate, make_candidate):
    client = client_as(counsellor)
    client.post(
        reverse("reception:candidate-consent", args=[candidate.pk]),
        {"kind": "referral", "given": "yes"},
    )
    assert candidate.consents.get().given is True
    other = make_candidate(first_name="Musa")
    client.post(
        reverse("reception:candidate-link", args=[candidate.pk]),
        {"other": other.pk, "decision": "same_person"},
    )
    assert DuplicateLink.objects.get().decision == "same_person"
    client.post(
        reverse("reception:candidate-close", args=[candidate.pk]), {"closing_reason": "no_contact"}
    )
    candidate.refresh_from_db()
    assert candidate.status == "closed"


def test_candidate_list_date_filter_uses_local_days(client_as, counsellor, make_candidate):
    person = make_candidate(phone="")
    today = timezone.localdate()
    client = client_as(counsellor)
    url = reverse("reception:candidate-list")
    found = client.get(url, {"created_from": today.isoformat(), "created_to": today.isoformat()})
    assert [c.pk for c in found.context["page"].object_list] == [person.pk]
    before = client.get(url, {"created_to": (today - timedelta(days=1)).isoformat()})
    assert list(before.context["page"].object_list) == []


def test_record_page_query_count_does_not_grow_with_history(
    client_as, counsellor, consenting_candidate, partner, django_assert_max_num_queries
):
    client = client_as(counsellor)
    url = reverse("reception:candidate-detail", args=[consenting_candidate.pk])
    client.get(url)
    for _ in range(15):
        visit = services.visit_create(
            candidate=consenting_candidate,
            actor=counsellor,
            visit_date=timezone.localdate(),
            follow_up_date=timezone.localdate(),
        )
        services.referral_create(
            candidate=consenting_candidate,
            actor=counsellor,
            partner=partner,
            service="x",
            visit=visit,
        )
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_wrong_roles_cannot_write(users_by_role, client_as, candidate):
    for role in ("researcher", "content_editor", "campaign_manager", "diaspora_member"):
        client = client_as(users_by_role[role])
        assert (
            client.post(
                reverse("reception:candidate-erase", args=[candidate.pk]), {"code": candidate.code}
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("api:reception-candidate-list"),
                {"last_name": "Sow"},
                content_type="application/json",
            ).status_code
            == 403
        )
    counsellor = users_by_role["counsellor"]
    assert (
        client_as(counsellor)
        .post(reverse("reception:candidate-erase", args=[candidate.pk]), {"code": candidate.code})
        .status_code
        == 403
    )
    candidate.refresh_from_db()
    assert not candidate.is_erased


def test_timeline_and_printable_summary(client_as, counsellor, consenting_candidate, partner):
    today = timezone.localdate()
    services.visit_create(
        candidate=consenting_candidate, actor=counsellor, visit_date=today - timedelta(days=5)
    )
    services.referral_create(
        candidate=consenting_candidate, actor=counsellor, partner=partner, service="Emploi"
    )
    client = client_as(counsellor)
    entries = client.get(
        reverse("reception:candidate-timeline", args=[consenting_candidate.pk])
    ).context["entries"]
    kinds = [e.kind for e in entries]
    assert {"visit", "referral", "follow_up", "consent"} <= set(kinds)
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    sheet = client.get(reverse("reception:candidate-print", args=[consenting_candidate.pk]))
    body = sheet.content.decode()
    assert consenting_candidate.code in body and "ANPE" in body
    assert "summary-print.css" in body
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(consenting_candidate.pk)
    ).exists()


def test_candidate_list_region_and_counsellor_filters(
    client_as, counsellor, manager, make_candidate, regions
):
    from cigem.models import Region

    kayes = Region.objects.get(code="KAY")
    mine = make_candidate(actor=counsellor, phone="", region_of_origin=kayes)
    make_candidate(actor=manager, phone="", first_name="Awa")
    client = client_as(manager)
    url = reverse("reception:candidate-list")
    by_region = client.get(url, {"region": kayes.pk}).context["page"].object_list
    assert [c.pk for c in by_region] == [mine.pk]
    by_counsellor = client.get(url, {"counsellor": counsellor.pk}).context["page"].object_list
    assert [c.pk for c in by_counsellor] == [mine.pk]
    assert f'value="{counsellor.pk}"' in client.get(url).content.decode()


def test_follow_up_done_never_redirects_off_site(client_as, counsellor, candidate):
    follow_up = services.follow_up_create(
        candidate=candidate, actor=counsellor, due_date=timezone.localdate(), reason="Appeler"
    )
    response = client_as(counsellor).post(
        reverse("reception:follow-up-done", args=[follow_up.pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("reception:follow-ups")


def test_list_search_by_code_and_phone(client_as, counsellor, make_candidate):
    person = make_candidate(phone="+22376554433")
    make_candidate(first_name="Awa", sex="F", phone="")
    client = client_as(counsellor)
    url = reverse("reception:candidate-list")
    by_code = client.get(url, {"q": person.code.lower()}).context["page"].object_list
    by_phone = client.get(url, {"q": "76 55 44 33"}).context["page"].object_list
    assert [c.pk for c in by_code] == [person.pk] == [c.pk for c in by_phone]


def test_partner_directory_kept_by_managers(users_by_role, client_as, partner):
    for role, user in users_by_role.items():
        status = client_as(user).get(reverse("reception:partner-add")).status_code
        assert status == (302 if role == "anonymous" else 200 if role == "manager" else 403)
    client = client_as(users_by_role["manager"])
    response = client.post(
        reverse("reception:partner-edit", args=[partner.pk]),
        {
            "name": partner.name,
            "acronym": "ANPE",
            "kind": "public_agency",
            "phone": "+22320000000",
            "services": "Placement",
            "is_active": "on",
            "email": "pas-un-email",
        },
    )
    assert "email" in response.context["form"].errors
    response = client.post(
        reverse("reception:partner-edit", args=[partner.pk]),
        {
            "name": partner.name,
            "acronym": "ANPE",
            "kind": "public_agency",
            "contact_person": "Service accueil",
            "services": "Placement",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.contact_person == "Service accueil"
    assert AuditEvent.objects.filter(object_type="reception.partner").exists()
