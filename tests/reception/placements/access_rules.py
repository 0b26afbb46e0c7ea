"""Access rules of circular migration's URLs, added to the matrix in tests/hardening/access.py."""

import datetime

from django.utils import timezone

from accounts.roles import Role
from tests.hardening.access import ALL, COUNSELLING, Rule

MANAGER_ONLY = (Role.MANAGER,)
FIGURES = (*COUNSELLING, Role.RESEARCHER)


def _records(ctx: dict) -> dict:
    """One employer, programme, open offer, candidate and application."""
    if "circular" not in ctx:
        from reception.models import Candidate
        from reception.placements_models import (
            Application,
            Employer,
            JobOffer,
            Programme,
        )

        today = timezone.localdate()
        employer = Employer.objects.create(
            name="Matrix employer", country="ES", sector="agriculture"
        )
        offer = JobOffer.objects.create(
            title="Matrix offer",
            employer=employer,
            sector="agriculture",
            country="ES",
            city="Huelva",
            contract_type="seasonal",
            positions=2,
            period_start=today + datetime.timedelta(days=60),
            application_deadline=today + datetime.timedelta(days=10),
            occupation="Ouvrier agricole",
            status="open",
        )
        candidate = Candidate.objects.create(code="MATRIX-1", occupation="Agriculteur")
        ctx["circular"] = {
            "employer": employer.pk,
            "programme": Programme.objects.create(name="Matrix programme", country="ES").pk,
            "offer": offer.pk,
            "candidate": candidate.pk,
            "application": Application.objects.create(
                offer=offer, candidate=candidate, status_changed_at=timezone.now()
            ).pk,
        }
    return ctx["circular"]


def _pk(kind):
    return lambda ctx: {"pk": _records(ctx)[kind]}


CIRCULAR_ACCESS = {
    "reception:placements-board": Rule(ALL),
    "reception:placements-public-offer": Rule(ALL, kwargs=_pk("offer")),
    "reception:placements-interest-thanks": Rule(ALL),
    "reception:placements-offers": Rule(COUNSELLING),
    "reception:placements-offer": Rule(COUNSELLING, kwargs=_pk("offer")),
    "reception:placements-offer-create": Rule(MANAGER_ONLY),
    "reception:placements-offer-edit": Rule(MANAGER_ONLY, kwargs=_pk("offer")),
    "reception:placements-offer-status": Rule(ALL, kwargs=_pk("offer")),  # POST only: 405
    "reception:placements-matches": Rule(COUNSELLING, kwargs=_pk("offer")),
    "reception:placements-apply": Rule(ALL, kwargs=_pk("offer")),  # POST only
    "reception:placements-applications": Rule(COUNSELLING),
    "reception:placements-application": Rule(COUNSELLING, kwargs=_pk("application")),
    "reception:placements-application-move": Rule(ALL, kwargs=_pk("application")),  # POST
    "reception:placements-application-debrief": Rule(ALL, kwargs=_pk("application")),  # POST
    "reception:placements-candidate-offers": Rule(COUNSELLING, kwargs=_pk("candidate")),
    "reception:placements-alerts": Rule(COUNSELLING),
    "reception:placements-indicators": Rule(FIGURES),
    "reception:placements-employers": Rule(COUNSELLING),
    "reception:placements-employer-create": Rule(MANAGER_ONLY),
    "reception:placements-employer": Rule(COUNSELLING, kwargs=_pk("employer")),
    "reception:placements-employer-edit": Rule(MANAGER_ONLY, kwargs=_pk("employer")),
    "reception:placements-programmes": Rule(COUNSELLING),
    "reception:placements-programme-create": Rule(MANAGER_ONLY),
    "reception:placements-programme": Rule(COUNSELLING, kwargs=_pk("programme")),
    "reception:placements-programme-edit": Rule(MANAGER_ONLY, kwargs=_pk("programme")),
    "api:job-offer-list": Rule(ALL),
    "api:job-offer-detail": Rule(ALL, kwargs=_pk("offer")),
    "api:job-offer-matches": Rule(COUNSELLING, kwargs=_pk("offer")),
    "api:application-list": Rule(COUNSELLING),
    "api:application-detail": Rule(COUNSELLING, kwargs=_pk("application")),
    "api:application-move": Rule(COUNSELLING, kwargs=_pk("application")),  # POST: GET 405
}
