"""Pagination for lists that may hold millions of rows.

Django's Paginator counts every matching row; on a large table that COUNT costs more than the
page itself (PERFORMANCE.md). `page_without_count` reads one row more than it shows to know
whether a next page exists, and never counts.

`page_by_position` goes further for the lists people page through: its Next and Previous links
carry the position of the last (or first) row shown, and the next page is read from there on
the sort's index, so page 2,000 costs what page 2 costs (an offset walks every skipped row).
"""

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


@dataclass
class CheapPage:
    object_list: list
    number: int
    per_page: int
    has_next: bool
    query_prefix: str = field(default="")
    next_position: str = ""  # `after=` of the Next link, when the list reads by position
    previous_position: str = ""  # `before=` of the Previous link, idem

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


MAX_PAGE = 10_000


def page_without_count(request, queryset, per_page: int = 25, param: str = "page") -> CheapPage:
    number = _page_number(request, param)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CheapPage(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        has_next=len(rows) > per_page,
        query_prefix=_prefix(request, param),
    )


def _page_number(request, param: str) -> int:
    try:
        number = int(request.GET.get(param, "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), MAX_PAGE)


def _prefix(request, *names: str) -> str:
    """The request's query string without `names`, ready for one more parameter."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    prefix = query.urlencode()
    return f"{prefix}&" if prefix else ""


def encode_position(values: list) -> str:
    """A row's sort values as a short URL-safe token (dates in full ISO form, to the µs)."""
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MAX_POSITION = 600  # characters: a few names and dates, never more


def decode_position(token: str) -> list:
    """The values in a token of `encode_position`; ValidationError for anything else."""
    if len(token) > MAX_POSITION:
        raise ValidationError("position")
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("position") from exc
    if not isinstance(values, list):
        raise ValidationError("position")
    return values


def page_by_position(request, rows, per_page: int = 25, param: str = "page") -> CheapPage:
    """A page of `rows`, read from the position its link carries (`after` or `before`).

    `rows` slices like a queryset and has `seek(values, backwards=)` and `position(row)`
    (`OrderedRows` below, or `reception.selectors.CandidateRows`). Without a position, or with
    one that does not decode, the page is read by its number as `page_without_count` does; the
    links it gives carry positions from then on. The page number is only shown.
    """
    number = _page_number(request, param)
    backwards = "after" not in request.GET and "before" in request.GET
    token = request.GET.get("after") or request.GET.get("before") or ""
    sought = None
    if token:
        try:
            sought = rows.seek(decode_position(token), backwards=backwards)
        except ValidationError:
            sought = None  # a damaged link: read the page by its number instead
    object_list = None
    if sought is not None and backwards:
        got = list(sought[: per_page + 1])  # in the list's order, the nearest row last
        if len(got) > per_page:
            object_list, has_next, number = got[-per_page:], True, max(number, 2)
        else:  # nothing more before these: show the first page (it may have grown)
            sought, number = None, 1
    elif sought is not None:
        got = list(sought[: per_page + 1])
        if got:
            object_list, has_next, number = got[:per_page], len(got) > per_page, max(number, 2)
        # else: nothing after the position (its row is gone): read the page by its number
    if object_list is None:
        offset = (number - 1) * per_page
        got = list(rows[offset : offset + per_page + 1])
        object_list, has_next = got[:per_page], len(got) > per_page
    page = CheapPage(
        object_list=object_list,
        number=number,
        per_page=per_page,
        has_next=has_next,
        query_prefix=_prefix(request, param, "after", "before"),
    )
    if object_list and has_next:
        page.next_position = encode_position(rows.position(object_list[-1]))
    if object_list and number > 2:  # page 2's Previous is the plain first page
        page.previous_position = encode_position(rows.position(object_list[0]))
    return page


def flip(order: str) -> str:
    """An `order_by` term the other way round."""
    return order[1:] if order.startswith("-") else f"-{order}"


def past_position(order: tuple[str, ...], values: list, *, backwards: bool = False) -> Q:
    """The rows after the position `values` in `order` (before it when `backwards`).

    `order` is `order_by` terms that all go the same way and end with a unique column: a row is
    past the position when it equals it on the first i columns and is past it on the next.
    """
    names = [term.lstrip("-") for term in order]
    op = "lt" if order[0].startswith("-") != backwards else "gt"
    past = Q(pk__in=[])
    for i, name in enumerate(names):
        past |= Q(**dict(zip(names[:i], values[:i], strict=True)), **{f"{name}__{op}": values[i]})
    return past


class OrderedRows:
    """A queryset `page_by_position` can seek in: ordered by `order`, whose terms all go the
    same way and end with a unique column (the id). A position is the row's values of those
    columns, so choose columns that hold nothing personal (dates, ids): it goes into links."""

    def __init__(self, queryset: QuerySet, order: tuple[str, ...], _seek=None):
        self.queryset, self.order, self._seek = queryset, order, _seek

    def position(self, row) -> list:
        return [getattr(row, term.lstrip("-")) for term in self.order]

    def seek(self, values: list, *, backwards: bool = False) -> "OrderedRows":
        if not isinstance(values, list) or len(values) != len(self.order):
            raise ValidationError("position")
        model = self.queryset.model
        typed = [
            model._meta.get_field(term.lstrip("-")).to_python(value)
            for term, value in zip(self.order, values, strict=True)
        ]
        if any(value is None for value in typed):
            raise ValidationError("position")
        return OrderedRows(self.queryset, self.order, _seek=(typed, backwards))

    def __getitem__(self, item: slice):
        if not self._seek:
            return self.queryset.order_by(*self.order)[item]
        if item.start:
            raise ValueError("a sought position is read from its start")
        values, backwards = self._seek
        order = [flip(term) for term in self.order] if backwards else list(self.order)
        past = past_position(self.order, values, backwards=backwards)
        rows = list(self.queryset.filter(past).order_by(*order)[: item.stop])
        return rows[::-1] if backwards else rows
