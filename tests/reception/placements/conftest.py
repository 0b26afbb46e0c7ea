"""Fixtures of the circular-migration tests: employers, offers and candidates to match."""

import datetime
import itertools

import pytest
from django.utils import timezone

from cigem.models import Region
from cigem.services import region_sync
from reception.models import Candidate
from reception.placements_models import ContractType, Country, Employer, OfferStatus, Sector
from reception.placements_services import offer_create

_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def _regions(db):
    """Regions come from a data migration, which a transactional test elsewhere may flush."""
    region_sync()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def employer(db):
    return Employer.objects.create(
        name="Cooperativa Fresas del Condado",
        country=Country.SPAIN,
        city="Huelva",
        sector=Sector.AGRICULTURE,
    )


@pytest.fixture
def make_offer(db, employer, manager, today):
    def factory(**overrides):
        data = {
            "title": "Récolte de fraises à Huelva",
            "employer": employer,
            "sector": Sector.AGRICULTURE,
            "country": Country.SPAIN,
            "city": "Huelva",
            "contract_type": ContractType.SEASONAL,
            "positions": 3,
            "period_start": today + datetime.timedelta(days=60),
            "period_end": today + datetime.timedelta(days=150),
            "occupation": "Ouvrier agricole",
            "match_keywords": "agricul, cultiv, maraich",
            "languages": ["bm", "es"],
            "age_min": 20,
            "age_max": 45,
            "application_deadline": today + datetime.timedelta(days=20),
            "status": OfferStatus.OPEN,
        }
        regions = overrides.pop("regions", ())
        data.update(overrides)
        return offer_create(data=data, actor=manager, regions=regions)

    return factory


@pytest.fixture
def offer(make_offer):
    return make_offer()


@pytest.fixture
def make_candidate(db, today):
    def factory(**fields):
        n = next(_codes)
        values = {
            "code": f"T-{n:06d}",
            "last_name": "Traoré",
            "first_name": f"Moussa{n}",
            "sex": "M",
            "birth_year": today.year - 30,
            "occupation": "Agriculteur",
            "languages": ["bm"],
            "region_of_origin": Region.objects.get(code="KAY"),
        }
        values.update(fields)
        return Candidate.objects.create(**values)

    return factory
