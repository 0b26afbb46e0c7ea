"""Pages of circular migration: who may open them, and what a counsellor does there."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from reception.placements_models import (
    Application,
    JobOffer,
    OfferStatus,
)
from reception.placements_models import (
    ApplicationStatus as S,
)
from reception.placements_services import application_move, application_submit

pytestmark = pytest.mark.django_db
ALL = ["anonymous", *Role.values]
WORKERS = [Role.COUNSELLOR, Role.MANAGER]


@pytest.fixture
def application(offer, make_candidate, counsellor):
    return application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)


def _check(users_by_role, client_as, url, allowed, method="get", data=None):
    for role, user in users_by_role.items():
        client = client_as(user)
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        if role in allowed:
            assert response.status_code in (200, 302), (url, role, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302, (url, role)
            assert reverse("accounts:login") in response["Location"]
        else:
            assert response.status_code == 403, (url, role, response.status_code)


def test_access_matrix(users_by_role, client_as, offer, application, employer):
    from reception.placements_models import Programme

    programme = Programme.objects.create(name="GECCO", country="ES")
    pages = [
        ("reception:placements-board", (), ALL),
        ("reception:placements-public-offer", (offer.pk,), ALL),
        ("reception:placements-interest-thanks", (), ALL),
        ("reception:placements-offers", (), WORKERS),
        ("reception:placements-offer", (offer.pk,), WORKERS),
        ("reception:placements-matches", (offer.pk,), WORKERS),
        ("reception:placements-applications", (), WORKERS),
        ("reception:placements-application", (application.pk,), WORKERS),
        ("reception:placements-candidate-offers", (application.candidate_id,), WORKERS),
        ("reception:placements-alerts", (), WORKERS),
        ("reception:placements-indicators", (), [*WORKERS, Role.RESEARCHER]),
        ("reception:placements-employers", (), WORKERS),
        ("reception:placements-employer", (employer.pk,), WORKERS),
        ("reception:placements-programmes", (), WORKERS),
        ("reception:placements-programme", (programme.pk,), WORKERS),
        ("reception:placements-offer-create", (), [Role.MANAGER]),
        ("reception:placements-offer-edit", (offer.pk,), [Role.MANAGER]),
        ("reception:placements-employer-create", (), [Role.MANAGER]),
        ("reception:placements-employer-edit", (employer.pk,), [Role.MANAGER]),
        ("reception:placements-programme-create", (), [Role.MANAGER]),
        ("reception:placements-programme-edit", (programme.pk,), [Role.MANAGER]),
    ]
    for name, args, allowed in pages:
        _check(users_by_role, client_as, reverse(name, args=args), allowed)


def test_posts_are_refused_to_the_wrong_roles(users_by_role, client_as, offer, application):
    for name, args in [
        ("reception:placements-offer-status", (offer.pk,)),
    ]:
        _check(users_by_role, client_as, reverse(name, args=args), [Role.MANAGER], "post")
    for name, args in [
        ("reception:placements-application-move", (application.pk,)),
        ("reception:placements-apply", (offer.pk,)),
    ]:
        url = reverse(name, args=args)
        for role, user in users_by_role.items():
            if role in WORKERS:
                continue
            response = client_as(user).post(url, {})
            assert response.status_code == (302 if role == "anonymous" else 403), (name, role)


def test_draft_and_private_offers_are_not_public(client, make_offer):
    draft = make_offer(title="Brouillon", status=OfferStatus.DRAFT)
    private = make_offer(title="Rappel ciblé", is_public=False)
    shown = make_offer(title="Vendanges en Gironde", country="FR")
    html = client.get(reverse("reception:placements-board")).content.decode()
    assert "Vendanges en Gironde" in html
    assert "Brouillon" not in html and "Rappel ciblé" not in html
    for hidden in (draft, private):
        assert (
            client.get(reverse("reception:placements-public-offer", args=[hidden.pk])).status_code
            == 404
        )
    assert (
        client.get(reverse("reception:placements-public-offer", args=[shown.pk])).status_code == 200
    )


def test_board_filters_and_warns_about_money(client, make_offer, today):
    make_offer(title="Fraises Huelva")
    make_offer(title="Vendanges", country="FR", sector="agriculture")
    make_offer(
        title="Chantier Abidjan",
        country="CI",
        sector="construction",
        period_start=today + datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=300),
    )
    url = reverse("reception:placements-board")
    html = client.get(url, {"country": "FR"}).content.decode()
    assert "Vendanges" in html and "Fraises Huelva" not in html
    html = client.get(url, {"sector": "construction"}).content.decode()
    assert "Chantier Abidjan" in html and "Vendanges" not in html
    month = (today + datetime.timedelta(days=250)).strftime("%Y-%m")
    html = client.get(url, {"month": month}).content.decode()
    assert "Chantier Abidjan" in html and "Fraises Huelva" not in html
    assert "ne vous demande jamais d'argent" in html
    assert 'data-testid="fraud-warning"' in html
    html = client.get(url, {"month": "mars"}).content.decode()
    assert "année-mois" in html


def test_expression_of_interest_from_the_public_page(client, offer):
    from reception.models import AppointmentRequest

    url = reverse("reception:placements-public-offer", args=[offer.pk])
    response = client.post(url, {"full_name": "Awa Diarra", "phone": "12", "consent": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "est pas un numéro de téléphone" in html or "téléphone n&#x27;est pas valide" in html
    assert 'value="Awa Diarra"' in html
    assert not AppointmentRequest.objects.exists()
    response = client.post(
        url,
        {
            "full_name": "Awa Diarra",
            "phone": "76 12 34 56",
            "occupation": "Maraîchère",
            "message": "Je suis disponible en mars.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    request = AppointmentRequest.objects.get()
    assert request.phone == "+22376123456" and request.job_offer == offer
    assert request.topic == "job_offers" and request.status == "new"
    assert offer.title in request.message and "Maraîchère" in request.message
    assert "Je suis disponible en mars." in request.message


def test_call_back_requests_join_the_desk_queue_and_show_on_the_offer(client_as, counsellor, offer):
    from reception.placements_services import interest_create

    interest_create(offer=offer, full_name="Awa Diarra", phone="76123456")
    client = client_as(counsellor)
    queue = client.get(reverse("reception:appointment-queue")).content.decode()
    assert "Awa Diarra" in queue and "Offres d&#x27;emploi à l&#x27;étranger" in queue
    page = client.get(reverse("reception:placements-offer", args=[offer.pk])).content.decode()
    assert 'data-testid="call-backs"' in page and "+22376123456" in page
    assert "1 demande reçue" in page


def test_manager_creates_an_offer_and_errors_keep_the_input(client_as, manager, employer, today):
    client = client_as(manager)
    url = reverse("reception:placements-offer-create")
    data = {
        "title": "Récolte de fraises",
        "employer": employer.pk,
        "sector": "agriculture",
        "country": "ES",
        "city": "Huelva",
        "contract_type": "seasonal",
        "positions": "10",
        "period_start": (today + datetime.timedelta(days=60)).isoformat(),
        "period_end": (today + datetime.timedelta(days=150)).isoformat(),
        "application_deadline": (today - datetime.timedelta(days=1)).isoformat(),
        "occupation": "Ouvrier agricole",
        "experience_months": "0",
        "languages": ["bm", "es"],
        "is_public": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas être dans le passé" in html
    assert 'value="Récolte de fraises"' in html
    data["application_deadline"] = (today + datetime.timedelta(days=10)).isoformat()
    response = client.post(url, data)
    offer = JobOffer.objects.get()
    assert response.status_code == 302
    assert offer.status == OfferStatus.DRAFT and offer.languages == ["bm", "es"]
    client.post(reverse("reception:placements-offer-status", args=[offer.pk]), {"status": "open"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_counsellor_shortlists_from_matches_and_moves_with_errors_in_french(
    client_as, counsellor, offer, make_candidate, today
):
    candidate = make_candidate(occupation="Maraîcher")
    client = client_as(counsellor)
    url = reverse("reception:placements-matches", args=[offer.pk])
    html = client.get(url).content.decode()
    assert candidate.code in html and "Le métier « Maraîcher » correspond" in html
    client.post(url, {"candidate": candidate.pk})
    application = Application.objects.get(candidate=candidate)
    assert application.status == S.SHORTLISTED
    move = reverse("reception:placements-application-move", args=[application.pk])
    response = client.post(move, {"to_status": "departed"})
    assert response.status_code == 400
    response = client.post(move, {"to_status": "selected"})
    assert response.status_code == 302
    response = client.post(
        move,
        {
            "to_status": "contract_signed",
            "on_date": (today - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Le contrat ne peut pas être signé avant la sélection" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="view", object_type="reception.joboffer", object_id=str(offer.pk)
    ).exists()


def test_application_page_writes_an_audit_event(client_as, counsellor, application):
    client_as(counsellor).get(reverse("reception:placements-application", args=[application.pk]))
    event = AuditEvent.objects.filter(
        action="view", object_type="reception.application", object_id=str(application.pk)
    ).get()
    assert event.actor == counsellor
    assert "Traoré" not in event.summary


def test_alerts_list_overdue_returns_contracts_ending_and_offers_closing(
    client_as, counsellor, make_offer, make_candidate, today
):
    offer = make_offer(application_deadline=today + datetime.timedelta(days=3))
    application = application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    long_ago = today - datetime.timedelta(days=100)
    for status in (S.SHORTLISTED, S.SELECTED, S.CONTRACT_SIGNED, S.VISA_OBTAINED):
        application = application_move(
            application=application, to_status=status, actor=counsellor, on_date=long_ago
        )
    application_move(
        application=application,
        to_status=S.DEPARTED,
        actor=counsellor,
        on_date=long_ago,
        expected_return_date=today - datetime.timedelta(days=2),
    )
    Application.objects.filter(pk=application.pk).update(contract_end=today.replace(day=1))
    html = client_as(counsellor).get(reverse("reception:placements-alerts")).content.decode()
    assert html.count(application.candidate.code) == 2
    assert offer.title in html


def test_candidate_record_part_shows_fitting_offers(client_as, counsellor, offer, make_candidate):
    candidate = make_candidate()
    html = (
        client_as(counsellor)
        .get(reverse("reception:placements-candidate-offers", args=[candidate.pk]))
        .content.decode()
    )
    assert offer.title in html


def test_indicators_cost_a_constant_number_of_queries(
    client_as, manager, offer, make_candidate, counsellor, django_assert_max_num_queries
):
    client = client_as(manager)
    url = reverse("reception:placements-indicators")
    client.get(url)
    for _ in range(5):
        application_submit(offer=offer, candidate=make_candidate(), actor=counsellor)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200


def test_manager_records_employers_and_programmes(client_as, manager, counsellor):
    from reception.placements_models import Employer, Programme

    client = client_as(manager)
    response = client.post(
        reverse("reception:placements-employer-create"),
        {"name": "Finca Los Pinos", "country": "ES", "city": "Lepe", "sector": "agriculture"},
    )
    employer = Employer.objects.get(name="Finca Los Pinos")
    assert response.status_code == 302 and employer.is_active is False  # unticked box
    response = client.post(
        reverse("reception:placements-programme-create"),
        {"name": "GECCO", "country": "ES", "is_active": "on"},
    )
    assert Programme.objects.get(name="GECCO").is_active
    html = client_as(counsellor).get(reverse("reception:placements-employers")).content.decode()
    assert "Finca Los Pinos" in html and "Nouvel employeur" not in html


def test_menu_shows_the_board_to_everyone_and_offers_to_staff(users_by_role, client_as):
    board = reverse("reception:placements-board")
    offers = reverse("reception:placements-offers")
    for role, user in users_by_role.items():
        html = client_as(user).get(reverse("home")).content.decode()
        assert f'href="{board}"' in html, role
        assert (f'href="{offers}"' in html) is (role in WORKERS), role


def test_public_offer_in_the_visitors_language_falls_back_to_french(client, make_offer):
    offer = make_offer(
        title="Récolte de fraises",
        title_en="Strawberry harvest",
        description="Cueillette sous serre.",
    )
    url = reverse("reception:placements-public-offer", args=[offer.pk])
    html = client.get(url).content.decode()
    assert "Récolte de fraises" in html and 'data-testid="french-only"' not in html
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Strawberry harvest" in html
    assert 'data-testid="french-only"' in html and "Cueillette sous serre." in html
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="bm").content.decode()
    assert 'lang="fr">Récolte de fraises' in html
