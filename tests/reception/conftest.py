"""Fixtures of the reception tests: regions, partners and candidates made through the services."""

from datetime import date

import pytest

from cigem.services import region_sync
from reception.models import ConsentKind, Partner, PartnerKind
from reception.services import candidate_consent_record, candidate_create


@pytest.fixture(autouse=True)
def _fresh_choices():
    """The filter's choice lists are kept in memory per process: each test starts without."""
    from reception.forms import choices_forget

    choices_forget()
    yield
    choices_forget()


@pytest.fixture
def regions(db):
    region_sync()


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Agence Nationale pour l'Emploi", acronym="ANPE", kind=PartnerKind.PUBLIC_AGENCY
    )


@pytest.fixture
def make_candidate(db):
    def factory(actor=None, **fields):
        defaults = {
            "last_name": "Coulibaly",
            "first_name": "Moussa",
            "sex": "M",
            "birth_date": date(1995, 3, 14),
            "phone": "+22376123456",
        }
        defaults.update(fields)
        return candidate_create(actor=actor, check_duplicates=False, **defaults)

    return factory


@pytest.fixture
def candidate(make_candidate, counsellor):
    return make_candidate(actor=counsellor)


@pytest.fixture
def consenting_candidate(candidate, counsellor):
    candidate_consent_record(
        candidate=candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
    )
    return candidate


@pytest.fixture
def make_pathway(db):
    """A legal pathway (published unless said otherwise) in a test destination."""
    from legal.models import Destination, Pathway

    def factory(slug="espagne-saisonnier", *, published=True, title="Travail saisonnier"):
        destination, _ = Destination.objects.get_or_create(
            slug="espagne", defaults={"name_fr": "Espagne", "is_published": True}
        )
        return Pathway.objects.create(
            slug=slug,
            destination=destination,
            category="seasonal",
            title_fr=title,
            is_published=published,
        )

    return factory
