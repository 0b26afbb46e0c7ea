"""Fixtures of the legal tests: the seeded content and a small factory of pathways."""

from datetime import date, timedelta
from io import StringIO

import pytest

from legal import demo
from legal.models import Destination, Pathway
from legal.services import item_create, revision_transition


@pytest.fixture
def seeded(db):
    demo.seed(StringIO())


@pytest.fixture
def destination(db):
    dest = Destination.objects.create(
        slug="testland", name_fr="Testland", name_en="Testland", is_published=True
    )
    return dest


@pytest.fixture
def publish(content_editor):
    """Create and publish an item through the real workflow; returns the item."""

    def make(model=Pathway, slug="test-pathway", **content):
        item, revision = item_create(model=model, slug=slug, content=content, user=content_editor)
        revision = revision_transition(revision=revision, to="in_review", user=content_editor)
        revision_transition(revision=revision, to="published", user=content_editor, verified=True)
        item.refresh_from_db()
        return item

    return make


@pytest.fixture
def pathway(publish, destination):
    return publish(
        slug="testland-seasonal",
        destination=destination.pk,
        category="seasonal",
        title_fr="Testland : travail saisonnier",
        summary_fr="Récolte des fraises en Testland.",
        conditions_fr="- Un contrat",
        sources=[{"name": "Loi", "url": "https://example.org/loi", "consulted": "2026-11-01"}],
    )


def make_stale(item):
    type(item).objects.filter(pk=item.pk).update(
        last_verified_on=date(2020, 1, 1), review_due_on=date(2020, 1, 1) + timedelta(days=180)
    )
    item.refresh_from_db()
    return item


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Access matrices create a user per role; a slow hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # The shared level is cleared by the suite's cache fixture; this process's level here.
    from legal.caching import forget_local

    forget_local()
    yield
    forget_local()
