"""Needs proposed by partner institutions on the public form: the form, the staff's review
queue, accepting or rejecting with an email to the institution, and the need state machine."""

import html
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEvent
from diaspora import services
from diaspora.models import Mission, Need, NeedStatus

PROPOSE = reverse("diaspora:need-propose")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def proposal_data(region):
    return {
        "institution": "Lycée technique de Sikasso",
        "contact_name": "Mariam Coulibaly",
        "contact_email": "direction@lycee.example",
        "contact_phone": "76 00 00 00",
        "title": "Former les enseignants à la maintenance solaire",
        "description": "Deux semaines de formation pratique pour six enseignants.",
        "sector": "health",
        "skill_names": "Pédiatrie, Énergie solaire",
        "languages": ["fr", "bm"],
        "kind": "short_mission",
        "duration": "2 semaines",
        "region": region.pk,
        "location": "Sikasso",
        "remote_possible": "on",
        "start_date": "2027-02-01",
        "end_date": "2027-02-14",
    }


@pytest.fixture
def proposed(make_need):
    """A need an institution proposed, in French, waiting for review."""
    return make_need(
        skills=["Pédiatrie"],
        status=NeedStatus.PROPOSED,
        origin="institution",
        created_by=None,
        contact_name="Mariam Coulibaly",
        contact_email="direction@lycee.example",
        contact_language="fr",
    )


# --- the public form ----------------------------------------------------------------------------


def test_the_public_page_links_to_the_form(client, db):
    page = text(client.get(reverse("diaspora:public")))
    assert "Votre institution a besoin des compétences de la diaspora ?" in page
    assert PROPOSE in page


def test_an_institution_proposes_a_need_without_an_account(client, proposal_data, region):
    response = client.post(PROPOSE, proposal_data, headers={"accept-language": "fr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("diaspora:need-propose-sent")
    need = Need.objects.get()
    assert (need.status, need.origin, need.created_by) == ("proposed", "institution", None)
    assert need.contact_phone == "+22376000000"  # E.164
    assert need.contact_language == "fr"
    assert need.languages == ["fr", "bm"]
    assert {s.name for s in need.skills.all()} == {"Énergie solaire", "Pédiatrie"}
    assert (need.region, need.remote_possible, str(need.end_date)) == (region, True, "2027-02-14")
    event = AuditEvent.objects.get(object_id=str(need.pk), action="create")
    assert event.actor is None and event.summary == "proposed by an institution"
    # Nobody is told anything before staff review it (no email to an address a stranger typed).
    assert mail.outbox == []
    assert "Votre proposition a été envoyée" in text(client.get(response["Location"]))


def test_the_form_works_in_the_visitors_language(client, proposal_data):
    client.post(PROPOSE, proposal_data, headers={"accept-language": "en"})
    assert Need.objects.get().contact_language == "en"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"institution": ""}, "institution", "Ce champ est obligatoire."),
        ({"contact_name": ""}, "contact_name", "Ce champ est obligatoire."),
        ({"contact_email": ""}, "contact_email", "Ce champ est obligatoire."),
        ({"description": ""}, "description", "Ce champ est obligatoire."),
        ({"contact_email": "direction@"}, "contact_email", "adresse e-mail valide"),
        ({"contact_phone": "12"}, "contact_phone", "Ce numéro de téléphone n'est pas valide"),
        ({"end_date": "2027-01-15"}, "end_date", "La date de fin est antérieure à la date"),
        ({"sector": "magic"}, "sector", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_keeping_what_was_typed(
    client, proposal_data, change, field, message
):
    response = client.post(PROPOSE, {**proposal_data, **change}, headers={"accept-language": "fr"})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = text(response)
    assert "Former les enseignants à la maintenance solaire" in page
    assert "Pédiatrie, Énergie solaire" in page
    if change.get("institution", "x"):
        assert 'value="Lycée technique de Sikasso"' in page
    assert not Need.objects.exists()


def test_the_form_is_throttled_per_connection_keeping_what_was_typed(client, proposal_data):
    for _ in range(services.PROPOSALS_PER_HOUR_PER_ADDRESS):
        assert client.post(PROPOSE, proposal_data).status_code == 302
    response = client.post(
        PROPOSE, {**proposal_data, "title": "Une de trop"}, headers={"accept-language": "fr"}
    )
    assert response.status_code == 200
    assert "Trop de propositions depuis cette connexion" in text(response)
    assert 'value="Une de trop"' in text(response)
    assert Need.objects.count() == services.PROPOSALS_PER_HOUR_PER_ADDRESS


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(client, proposal_data):
    response = client.post(PROPOSE, {**proposal_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Need.objects.exists()


def test_members_never_see_a_proposal(client_as, member, proposed):
    client = client_as(member.user)
    assert client.get(reverse("diaspora:need-detail", args=[proposed.pk])).status_code == 403
    assert client.get(reverse("api:diaspora-need-proposed-list")).status_code == 403
    assert client.get(reverse("api:diaspora-my-missions")).json()["results"] == []


# --- the staff's queue --------------------------------------------------------------------------


def test_the_need_list_counts_and_filters_the_proposals(client_as, counsellor, proposed, make_need):
    make_need(title="Besoin ouvert")
    client = client_as(counsellor)
    page = client.get(reverse("diaspora:need-list"), headers={"accept-language": "fr"})
    assert page.context["proposed_count"] == 1
    assert "1 besoin proposé par une institution attend votre examen." in text(page)
    assert "Proposé par une institution" in text(page)  # the badge in the list
    queue = client.get(reverse("diaspora:need-list"), {"status": "proposed"})
    assert [n.pk for n in queue.context["page"]] == [proposed.pk]
    assert "Besoin ouvert" not in text(queue)


def test_an_empty_queue_says_so(client_as, manager):
    page = client_as(manager).get(reverse("diaspora:need-list"), {"status": "proposed"})
    assert "Aucune proposition d'institution n'attend." in text(page)


def test_a_proposal_shows_its_contact_and_the_review_box_but_no_matches(
    client_as, counsellor, proposed, member
):
    page = client_as(counsellor).get(reverse("diaspora:need-detail", args=[proposed.pk]))
    content = text(page)
    assert page.context["matches"] == [] and page.context["matchable"] is False
    assert "Examiner cette proposition" in content
    assert "direction@lycee.example" in content
    assert member.user.full_name not in content
    event = AuditEvent.objects.filter(object_id=str(proposed.pk), action="view").get()
    assert event.summary == "need viewed"


def test_accepting_opens_the_need_emails_the_institution_and_shows_matches(
    client_as, manager, proposed, member
):
    client = client_as(manager)
    response = client.post(
        reverse("diaspora:need-review", args=[proposed.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.reviewed_by) == ("open", manager)
    assert proposed.reviewed_at is not None
    (email,) = mail.outbox
    assert email.to == ["direction@lycee.example"]
    assert email.subject == "Le CIGEM a accepté votre besoin : Formation des sages-femmes"
    assert "Bonjour Mariam Coulibaly" in email.body
    page = client.get(response["Location"])
    assert [m.pk for m in page.context["matches"]] == [member.pk]
    assert AuditEvent.objects.filter(
        object_id=str(proposed.pk), action="update", summary="proposed -> open", actor=manager
    ).exists()


def test_the_answer_is_written_in_the_language_of_the_form(client_as, manager, proposed):
    Need.objects.filter(pk=proposed.pk).update(contact_language="en")
    client_as(manager).post(
        reverse("diaspora:need-review", args=[proposed.pk]),
        {"decision": "reject", "reason": "Out of our scope."},
        headers={"accept-language": "fr"},
    )
    (email,) = mail.outbox
    assert email.subject == "The CIGEM's answer to your need: Formation des sages-femmes"
    assert "Out of our scope." in email.body


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client_as, counsellor, proposed):
    url = reverse("diaspora:need-review", args=[proposed.pk])
    client = client_as(counsellor)
    response = client.post(url, {"decision": "reject", "reason": "  "})
    assert response.status_code == 200
    assert "Donnez la raison du refus : l'institution la lira." in text(response)
    proposed.refresh_from_db()
    assert proposed.status == "proposed" and mail.outbox == []

    response = client.post(
        url, {"decision": "reject", "reason": "Ce besoin relève du ministère de la Santé."}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == "rejected"
    assert proposed.review_reason == "Ce besoin relève du ministère de la Santé."
    (email,) = mail.outbox
    assert email.subject == "La réponse du CIGEM à votre besoin : Formation des sages-femmes"
    assert "Ce besoin relève du ministère de la Santé." in email.body
    # A rejected proposal is shown with its reason, and cannot be answered again.
    page = text(client.get(reverse("diaspora:need-detail", args=[proposed.pk])))
    assert "Raison donnée à l'institution : Ce besoin relève du ministère de la Santé." in page
    assert "Examiner cette proposition" not in page
    response = client.post(url, {"decision": "accept"})
    assert "Un besoin « Refusé » ne peut pas devenir « Ouvert »." in text(response)
    assert len(mail.outbox) == 1


def test_when_the_email_cannot_leave_the_proposal_keeps_waiting(
    client_as, manager, proposed, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client_as(manager).post(
        reverse("diaspora:need-review", args=[proposed.pk]),
        {"decision": "reject", "reason": "Hors de notre champ."},
    )
    assert response.status_code == 200
    assert "Rien n'a été changé" in text(response)
    assert "Hors de notre champ." in text(response)  # the reason typed is kept
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_nobody_can_be_shortlisted_for_a_proposal(client_as, counsellor, proposed, member):
    response = client_as(counsellor).post(
        reverse("diaspora:need-shortlist", args=[proposed.pk, member.pk])
    )
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.mission_shortlist(
            need=proposed, member=member, score=1, reasons=[], actor=counsellor
        )
    assert not Mission.objects.exists()


# --- the state machine ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("proposed", "filled"),
        ("proposed", "closed"),
        ("open", "proposed"),
        ("open", "rejected"),
        ("closed", "proposed"),
        ("rejected", "open"),
        ("rejected", "proposed"),
    ],
)
def test_illegal_moves_are_refused_with_a_clear_error(make_need, counsellor, start, target):
    need = make_need(status=start)
    with pytest.raises(services.NeedMoveError) as error:
        services.need_set_status(need=need, status=target, actor=counsellor, reason="x")
    assert error.value.code == "illegal_move"
    need.refresh_from_db()
    assert need.status == start


def test_the_error_is_translated(make_need, counsellor, settings):
    from django.utils import translation

    need = make_need(status="rejected")
    with translation.override("fr"), pytest.raises(services.NeedMoveError) as error:
        services.need_set_status(need=need, status="open", actor=counsellor)
    assert error.value.messages == ["Un besoin « Refusé » ne peut pas devenir « Ouvert »."]


@pytest.mark.parametrize(
    ("start", "target"),
    [("open", "filled"), ("filled", "open"), ("open", "closed"), ("closed", "open")],
)
def test_accepted_needs_still_move_freely(make_need, counsellor, start, target):
    need = make_need(status=start)
    services.need_set_status(need=need, status=target, actor=counsellor)
    need.refresh_from_db()
    assert need.status == target


def test_the_status_form_does_not_answer_a_proposal(client_as, counsellor, proposed):
    client = client_as(counsellor)
    response = client.post(
        reverse("diaspora:need-status", args=[proposed.pk]), {"status": "open"}, follow=True
    )
    assert "Acceptez ou refusez la proposition" in text(response)
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_the_status_form_offers_only_legal_moves(client_as, counsellor, make_need):
    need = make_need()
    page = client_as(counsellor).get(reverse("diaspora:need-detail", args=[need.pk]))
    assert [value for value, _label in page.context["statuses"]] == ["open", "filled", "closed"]


# --- the API ---------------------------------------------------------------------------------


def test_api_queue_and_review(client_as, counsellor, proposed, make_need):
    make_need(title="Besoin ouvert")
    client = client_as(counsellor)
    queue = client.get(reverse("api:diaspora-need-proposed-list")).json()["results"]
    assert [n["id"] for n in queue] == [proposed.pk]
    assert queue[0]["contact_email"] == "direction@lycee.example"
    assert queue[0]["origin"] == "institution"
    url = reverse("api:diaspora-need-matches", args=[proposed.pk])
    assert client.get(url).status_code == 409
    review = reverse("api:diaspora-need-review", args=[proposed.pk])
    refused = client.post(review, {"decision": "reject"}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()
    accepted = client.post(review, {"decision": "accept"}, content_type="application/json")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "open"
    assert len(mail.outbox) == 1
    assert client.get(url).status_code == 200
    again = client.post(review, {"decision": "accept"}, content_type="application/json")
    assert again.status_code == 409
    assert client.get(reverse("api:diaspora-need-proposed-list")).json()["results"] == []


@pytest.mark.parametrize(
    "body",
    [{"decision": "maybe"}, {"decision": "reject", "reason": 12}, {}, "accept"],
)
def test_api_review_refuses_bad_input(client_as, manager, proposed, body):
    response = client_as(manager).post(
        reverse("api:diaspora-need-review", args=[proposed.pk]),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


@pytest.mark.parametrize("role", ["anonymous", "researcher", "diaspora_member", "content_editor"])
def test_api_review_refuses_other_roles(client_as, users_by_role, proposed, role):
    client = client_as(users_by_role[role])
    response = client.post(
        reverse("api:diaspora-need-review", args=[proposed.pk]),
        {"decision": "accept"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_api_refuses_a_need_that_ends_before_it_starts(client_as, counsellor):
    response = client_as(counsellor).post(
        reverse("api:diaspora-need-list"),
        {
            "title": "Former",
            "institution": "CHU",
            "sector": "health",
            "kind": "remote",
            "start_date": "2027-03-01",
            "end_date": "2027-02-01",
        },
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == ["La date de fin est antérieure à la date de début."]
    assert not Need.objects.exists()


# --- hostile text: refused next to the field, or stored and shown escaped ----------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "{{ request.user }}",
    "\u202eevil\u202c",
    "Ɲɛnɛ Kɔnatɛ 👩🏾‍🌾",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_stored_and_shown_escaped_to_staff(
    client, client_as, counsellor, proposal_data, hostile
):
    data = {
        **proposal_data,
        "institution": hostile,
        "contact_name": hostile,
        "title": f"Besoin {hostile}",
        "description": hostile,
        "skill_names": hostile.replace(",", ""),
    }
    assert client.post(PROPOSE, data).status_code == 302
    need = Need.objects.get()
    staff = client_as(counsellor)
    for url in (
        reverse("diaspora:need-list") + "?status=proposed",
        reverse("diaspora:need-detail", args=[need.pk]),
    ):
        page = staff.get(url).content.decode()
        if "<" in hostile or '"' in hostile:
            assert hostile not in page, url
        # Django's escaping (quotes included), or the text itself when nothing needs escaping.
        assert escape(need.title) in page, url


@pytest.mark.parametrize(
    ("field", "value"), [("title", "Mariam\x00Kanté"), ("institution", "Kanté " * 100)]
)
def test_nul_bytes_and_oversized_fields_are_refused_next_to_the_field(
    client, proposal_data, field, value
):
    response = client.post(PROPOSE, {**proposal_data, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Need.objects.exists()


def test_staff_correct_a_proposal_and_its_contact_before_accepting(client_as, counsellor, proposed):
    client = client_as(counsellor)
    url = reverse("diaspora:need-edit", args=[proposed.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("languages", "region")
    }
    data.update(
        {
            "skill_names": "Pédiatrie",
            "contact_email": "direction@lycee-corrige.example",
            "contact_phone": "66 00 00 00",
            "version": proposed.version,
        }
    )
    bad = client.post(url, {**data, "contact_phone": "12"})
    assert "contact_phone" in bad.context["form"].errors
    assert client.post(url, data).status_code == 302
    proposed.refresh_from_db()
    assert proposed.contact_email == "direction@lycee-corrige.example"
    assert proposed.contact_phone == "+22366000000"
    assert proposed.status == "proposed"  # correcting is not accepting
    client.post(reverse("diaspora:need-review", args=[proposed.pk]), {"decision": "accept"})
    assert mail.outbox[-1].to == ["direction@lycee-corrige.example"]


def test_a_staff_need_has_no_contact_fields_to_edit(client_as, counsellor, make_need):
    need = make_need()
    form = client_as(counsellor).get(reverse("diaspora:need-edit", args=[need.pk])).context["form"]
    assert "contact_email" not in form.fields
