"""Visits link legal pathways; the record shows them, the fitting offers and any timeline source."""

import importlib
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reception import selectors, services
from reception.models import Visit

pytestmark = pytest.mark.django_db


def test_visit_links_published_pathways_and_keeps_their_slugs(counsellor, candidate, make_pathway):
    spain = make_pathway()
    visit = services.visit_create(
        candidate=candidate,
        actor=counsellor,
        visit_date=timezone.localdate(),
        pathways=["espagne-saisonnier", "espagne-saisonnier"],
    )
    assert list(visit.legal_pathways.all()) == [spain]
    assert visit.pathways == ["espagne-saisonnier"]


def test_visit_refuses_unknown_and_unpublished_pathways(counsellor, candidate, make_pathway):
    make_pathway("brouillon", published=False)
    with pytest.raises(ValidationError) as exc:
        services.visit_create(
            candidate=candidate,
            actor=counsellor,
            visit_date=timezone.localdate(),
            pathways=["brouillon", "nulle-part"],
        )
    message = " ".join(exc.value.message_dict["pathways"])
    assert "brouillon" in message and "nulle-part" in message
    assert not Visit.objects.exists()


def test_slugs_stored_before_the_link_become_links(candidate, make_pathway):
    spain = make_pathway()
    old = Visit.objects.create(
        candidate=candidate,
        visit_date=date(2026, 1, 5),
        pathways=["espagne-saisonnier", "disparu"],
    )
    untouched = Visit.objects.create(candidate=candidate, visit_date=date(2026, 1, 6))
    module = importlib.import_module("reception.migrations.0007_visit_legal_pathways")
    module.link_slugs(apps, SimpleNamespace(connection=connection))
    module.link_slugs(apps, SimpleNamespace(connection=connection))  # safe to run twice
    assert list(old.legal_pathways.all()) == [spain]
    assert old.pathways == ["espagne-saisonnier", "disparu"]  # the unknown slug stays readable
    assert not untouched.legal_pathways.exists()


def test_visit_form_offers_published_pathways_and_the_record_links_them(
    client_as, counsellor, candidate, make_pathway
):
    spain = make_pathway()
    make_pathway("brouillon", published=False, title="Brouillon")
    client = client_as(counsellor)
    page = client.get(reverse("reception:candidate-detail", args=[candidate.pk])).content.decode()
    assert 'value="espagne-saisonnier"' in page
    assert 'value="brouillon"' not in page
    response = client.post(
        reverse("reception:candidate-visit-add", args=[candidate.pk]),
        {
            "visit_date": timezone.localdate().isoformat(),
            "channel": "walk_in",
            "pathways": ["espagne-saisonnier"],
        },
    )
    assert response.status_code == 302
    assert list(Visit.objects.get().legal_pathways.all()) == [spain]
    page = client.get(reverse("reception:candidate-detail", args=[candidate.pk])).content.decode()
    assert f'href="{spain.get_absolute_url()}"' in page
    timeline = client.get(reverse("reception:candidate-timeline", args=[candidate.pk]))
    assert f'href="{spain.get_absolute_url()}"' in timeline.content.decode()
    sheet = client.get(reverse("reception:candidate-print", args=[candidate.pk]))
    assert f"http://testserver{spain.get_absolute_url()}" in sheet.content.decode()


def test_visit_form_keeps_input_when_a_pathway_is_not_offered(client_as, counsellor, candidate):
    response = client_as(counsellor).post(
        reverse("reception:candidate-visit-add", args=[candidate.pk]),
        {"visit_date": timezone.localdate().isoformat(), "channel": "phone", "notes": "Vu"},
        follow=False,
    )
    assert response.status_code == 302  # no pathway at all is fine
    response = client_as(counsellor).post(
        reverse("reception:candidate-visit-add", args=[candidate.pk]),
        {
            "visit_date": timezone.localdate().isoformat(),
            "channel": "phone",
            "notes": "Deuxième passage",
            "pathways": ["nulle-part"],
        },
    )
    assert response.status_code == 200
    assert "Deuxième passage" in response.content.decode()
    assert response.context["visit_form"].errors["pathways"]


def test_record_page_loads_the_offers_that_fit_with_htmx_and_a_plain_link(
    client_as, counsellor, candidate
):
    url = reverse("reception:placements-candidate-offers", args=[candidate.pk])
    page = client_as(counsellor).get(reverse("reception:candidate-detail", args=[candidate.pk]))
    body = page.content.decode()
    assert f'hx-get="{url}"' in body and 'hx-trigger="load"' in body
    assert f'href="{url}"' in body
    assert client_as(counsellor).get(url).status_code == 200


def test_timeline_shows_any_source_with_its_link_and_mixed_dates(
    client_as, counsellor, candidate, monkeypatch
):
    services.visit_create(
        candidate=candidate, actor=counsellor, visit_date=timezone.localdate() - timedelta(days=2)
    )

    def applications(person):
        moment = timezone.now() - timedelta(days=1)
        return [
            selectors.TimelineEntry(
                moment, "application", "Candidature · Cueillette", "", None, url="/somewhere/"
            ),
            selectors.TimelineEntry(
                datetime(2020, 1, 1, 8, 0), "application", "Ancienne", "", None
            ),
        ]

    monkeypatch.setattr(selectors, "TIMELINE_SOURCES", [applications])
    response = client_as(counsellor).get(
        reverse("reception:candidate-timeline", args=[candidate.pk])
    )
    entries = response.context["entries"]
    assert entries[0].label == "Candidature · Cueillette"
    assert entries[-1].label == "Ancienne"
    assert '<a href="/somewhere/">Candidature · Cueillette</a>' in response.content.decode()


def test_visit_api_takes_pathway_slugs_and_refuses_unknown_ones(
    client_as, counsellor, candidate, make_pathway
):
    spain = make_pathway()
    client = client_as(counsellor)
    url = reverse("api:reception-visit-list")
    today = timezone.localdate().isoformat()
    created = client.post(
        url,
        {"candidate": candidate.pk, "visit_date": today, "pathways": [spain.slug]},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["pathways"] == [spain.slug]
    assert list(Visit.objects.get().legal_pathways.all()) == [spain]
    refused = client.post(
        url,
        {"candidate": candidate.pk, "visit_date": today, "pathways": ["nulle-part"]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "pathways" in refused.json()


def test_cached_form_fields_follow_new_partners_and_the_language(
    client_as, counsellor, candidate, partner
):
    from reception.models import Partner, PartnerKind

    client = client_as(counsellor)
    url = reverse("reception:candidate-detail", args=[candidate.pk])
    first = client.get(url).content.decode()
    assert "ANPE" in first and "APEJ" not in first
    Partner.objects.create(
        name="Agence pour la Promotion de l'Emploi des Jeunes",
        acronym="APEJ",
        kind=PartnerKind.PUBLIC_AGENCY,
    )
    assert "APEJ" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get(url).content.decode()
    assert "Refer to a partner" in english and "Refer to a partner" not in french


def test_a_form_filled_from_a_record_is_not_kept_in_memory(client_as, counsellor, candidate):
    from reception.templatetags import reception_tags

    reception_tags._FIELD_HTML.clear()
    client_as(counsellor).get(reverse("reception:candidate-edit", args=[candidate.pk]))
    kept = "".join(reception_tags._FIELD_HTML.values())
    assert candidate.last_name not in kept and candidate.phone not in kept


def test_each_referral_form_on_the_record_has_its_own_ids(
    client_as, counsellor, consenting_candidate, partner
):
    made = [
        services.referral_create(
            candidate=consenting_candidate, actor=counsellor, partner=partner, service=service
        )
        for service in ("Emploi", "Formation")
    ]
    page = client_as(counsellor).get(
        reverse("reception:candidate-detail", args=[consenting_candidate.pk])
    )
    body = page.content.decode()
    for referral in made:
        assert f'id="referral{referral.pk}_status"' in body
        assert f'for="referral{referral.pk}_status"' in body
    assert 'id="id_status"' not in body


def test_record_page_costs_the_same_queries_at_one_visit_or_many(
    client_as, counsellor, candidate, make_pathway
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_pathway()
    client = client_as(counsellor)
    url = reverse("reception:candidate-detail", args=[candidate.pk])

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    day = timezone.localdate()
    services.visit_create(candidate=candidate, actor=counsellor, visit_date=day)
    one = queries()
    for _ in range(4):
        services.visit_create(
            candidate=candidate, actor=counsellor, visit_date=day, pathways=["espagne-saisonnier"]
        )
    assert queries() == one + 1  # the pathway links of all visits, in one query
    for _ in range(5):
        services.visit_create(
            candidate=candidate, actor=counsellor, visit_date=day, pathways=["espagne-saisonnier"]
        )
    assert queries() == one + 1
