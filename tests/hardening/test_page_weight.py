"""A first visit to any public page transfers at most 150 KB.

Transferred size = the HTML as served plus every same-site style sheet, script and image it
references, each compressed as whitenoise serves it (gzip). Run against the seeded demo data.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.hardening.public_pages import PUBLIC_PATHS

BUDGET = 150 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _transferred(client, path: str) -> tuple[int, dict]:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    html = response.content
    sizes = {"html": len(gzip.compress(html))}
    for asset in sorted(set(ASSET.findall(html.decode()))):
        found = finders.find(asset.removeprefix("/static/"))
        assert found, asset
        with open(found, "rb") as handle:
            sizes[asset] = len(gzip.compress(handle.read(), compresslevel=9))
    return sum(sizes.values()), sizes


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_first_visit_stays_under_150_kb(client, demo, path):
    total, sizes = _transferred(client, path)
    assert total <= BUDGET, (path, total, sizes)
    assert sizes["html"] > 0
