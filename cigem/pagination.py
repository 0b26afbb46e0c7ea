"""Pagination for lists that may hold millions of rows.

Django's Paginator counts every matching row; on a large table that COUNT costs more than the
page itself (PERFORMANCE.md). `page_without_count` reads one row more than it shows to know
whether a next page exists, and never counts.
"""

from dataclasses import dataclass, field


@dataclass
class CheapPage:
    object_list: list
    number: int
    per_page: int
    has_next: bool
    query_prefix: str = field(default="")

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
    try:
        number = int(request.GET.get(param, "1"))
    except ValueError:
        number = 1
    number = min(max(number, 1), MAX_PAGE)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    query = request.GET.copy()
    query.pop(param, None)
    prefix = query.urlencode()
    return CheapPage(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        has_next=len(rows) > per_page,
        query_prefix=f"{prefix}&" if prefix else "",
    )
