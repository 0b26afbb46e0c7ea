"""Writes on the shared reference data."""

from django.db import transaction

from cigem.models import Region
from cigem.reference import REGIONS


@transaction.atomic
def region_sync() -> int:
    """Create or rename the regions of Mali; safe to run again. Returns how many exist."""
    for code, name, is_district in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "is_district": is_district}
        )
    return Region.objects.count()
