"""Applications on reception's candidate timeline, through reception's TIMELINE_SOURCES hook."""

import pytest
from django.urls import reverse

from reception.placements_models import ApplicationStatus as S
from reception.placements_selectors import candidate_timeline_entries
from reception.placements_services import application_move, application_submit
from reception.selectors import TIMELINE_SOURCES, candidate_timeline

pytestmark = pytest.mark.django_db


def test_the_source_is_registered_once_at_start_up():
    assert TIMELINE_SOURCES.count(candidate_timeline_entries) == 1


def test_every_move_of_an_application_is_on_the_timeline(
    client_as, counsellor, offer, make_candidate
):
    candidate = make_candidate()
    other = make_candidate()
    application = application_submit(offer=offer, candidate=candidate, actor=counsellor)
    application_move(application=application, to_status=S.SHORTLISTED, actor=counsellor)
    application_move(
        application=application, to_status=S.REJECTED, actor=counsellor, note="Pas de passeport"
    )
    application_submit(offer=offer, candidate=other, actor=counsellor)

    entries = [e for e in candidate_timeline(candidate) if e.kind == "application"]
    assert len(entries) == 3
    assert {e.obj.to_status for e in entries} == {S.SUBMITTED, S.SHORTLISTED, S.REJECTED}
    assert all(offer.title in e.label for e in entries)
    assert any(e.detail == "Pas de passeport" for e in entries)

    html = (
        client_as(counsellor)
        .get(reverse("reception:candidate-timeline", args=[candidate.pk]))
        .content.decode()
    )
    assert "Candidature · Récolte de fraises à Huelva · Présélectionnée" in html
    assert "Pas de passeport" in html


def test_a_candidate_without_applications_gets_no_entry(make_candidate):
    assert candidate_timeline_entries(make_candidate()) == []
