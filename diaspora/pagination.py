"""Keyset pagination of the staff directory: the next page starts after the last row shown.

`?page=N` makes PostgreSQL walk and drop (N-1) x 25 rows of the newest-first index before the
page it shows; a cursor (the last row's update time and id) starts the walk where the previous
page ended, so page 400 costs what page 1 costs. Newest first, as the list is sorted.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.dateparse import parse_datetime

PARAM = "after"


def _cursor(raw: str) -> tuple[datetime, int] | None:
    # "2026-11-28T10:00:00.123456+00:00_4512"; anything else is the first page.
    stamp, _sep, pk = raw.rpartition("_")
    try:
        moment = parse_datetime(stamp)
        number = int(pk)
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None or number < 1:
        return None
    return moment, number


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool
    next_cursor: str
    is_first: bool
    query_prefix: str

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(request, rows, per_page: int = 25) -> KeysetPage:
    """`rows`: a queryset ordered by (-updated_at, -id), or anything with `.after(q)` and
    slicing (selectors.NameSearch)."""
    cursor = _cursor(request.GET.get(PARAM, ""))
    if cursor is not None:
        moment, pk = cursor
        # The `<=` is implied by the OR, but only it lets PostgreSQL start the index scan at
        # the cursor; without it the scan reads and drops every newer row (30 ms vs 0.2 ms
        # 10,000 rows down).
        after = Q(updated_at__lte=moment) & (
            Q(updated_at__lt=moment) | Q(updated_at=moment, id__lt=pk)
        )
        rows = rows.after(after) if hasattr(rows, "after") else rows.filter(after)
    found = list(rows[: per_page + 1])
    shown = found[:per_page]
    query = request.GET.copy()
    query.pop(PARAM, None)
    query.pop("page", None)
    prefix = query.urlencode()
    last = shown[-1] if shown else None
    return KeysetPage(
        object_list=shown,
        has_next=len(found) > per_page,
        next_cursor=f"{last.updated_at.isoformat()}_{last.pk}" if last else "",
        is_first=cursor is None,
        query_prefix=f"{prefix}&" if prefix else "",
    )
