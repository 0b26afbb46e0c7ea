"""The candidate list pages through positions: every row once, in order, whatever is added."""

import base64
import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cigem.pagination import decode_position, encode_position
from reception import selectors
from reception.models import Candidate

NAMES = [("Coulibaly", "Moussa"), ("Traoré", "Awa"), ("Keïta", "Mamadou"), ("Diallo", "Fanta")]


@pytest.fixture
def sixty(make_candidate, counsellor):
    for index in range(60):
        last, first = NAMES[index % len(NAMES)]
        make_candidate(
            actor=counsellor,
            last_name=last,
            first_name=first,
            phone="",
            profile="returnee_forced" if index % 3 else "other",
        )
    # Ties on the sort's first column: the id decides, on both sides of a page boundary.
    same = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    ids = list(Candidate.objects.order_by("id").values_list("id", flat=True)[20:32])
    Candidate.objects.filter(id__in=ids).update(created_at=same, updated_at=same)


def _codes(html: str) -> list[str]:
    return re.findall(r">(CIG-\d{4}-\d+)</a></td>", html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _walk(client, start: str) -> tuple[list[list[str]], list[str]]:
    """Every page from `start` by its Next links, then back by the Previous links."""
    url, base, forward = start, start.split("?")[0], []
    while url:
        html = client.get(url if url.startswith("/") else base + url).content.decode()
        forward.append(_codes(html))
        last_html, url = html, _link(html, "next")
    back, url = [], _link(last_html, "prev")
    while url:
        html = client.get(base + url).content.decode()
        back.append(_codes(html))
        url = _link(html, "prev")
    return forward, back


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=name",
        "sort=created_at",
        "sort=-updated_at",
        "profile=returnee_forced&sort=name",
        "q=Traore",
        "q=Moussa+Coulibaly",
        "q=Traor%C3%A9+Awa&sort=created_at",
    ],
)
def test_next_and_previous_links_visit_every_row_once_in_order(sixty, client_as, counsellor, query):
    filters = dict(parse_qsl(query))
    expected = [row.code for row in selectors.candidate_rows(selectors.candidate_list(**filters))]
    client = client_as(counsellor)
    forward, back = _walk(client, f"{reverse('reception:candidate-list')}?{query}")
    assert [code for page in forward for code in page] == expected
    assert all(len(page) == 25 for page in forward[:-1])
    assert back == forward[-2::-1]  # the same pages again, last to first


def test_a_candidate_added_meanwhile_does_not_repeat_a_row_on_the_next_page(
    sixty, client_as, counsellor, make_candidate
):
    client = client_as(counsellor)
    first = client.get(reverse("reception:candidate-list")).content.decode()
    make_candidate(actor=counsellor, last_name="Sissoko", first_name="Adama", phone="")
    second = client.get(reverse("reception:candidate-list") + _link(first, "next")).content.decode()
    expected = [row.code for row in selectors.candidate_rows(selectors.candidate_list())]
    # The next page starts right after the last row shown, not one row later (an offset would
    # show that row again, pushed down by the new one).
    assert _codes(second) == expected[26:51]
    assert not set(_codes(first)) & set(_codes(second))


def test_a_page_number_without_a_position_is_read_by_offset_and_links_carry_positions(
    sixty, client_as, counsellor
):
    client = client_as(counsellor)
    html = client.get(reverse("reception:candidate-list"), {"page": 2}).content.decode()
    expected = [row.code for row in selectors.candidate_rows(selectors.candidate_list())]
    assert _codes(html) == expected[25:50]
    assert "after=" in _link(html, "next") and "page=3" in _link(html, "next")
    assert "before=" not in _link(html, "prev")  # page 1 is the plain list


@pytest.mark.parametrize(
    "position",
    ["%%%", "bm90IGpzb24", encode_position(["x", "y"]), encode_position(["no", 1]), "A" * 700],
)
def test_a_damaged_position_shows_the_page_by_its_number(sixty, client_as, counsellor, position):
    client = client_as(counsellor)
    response = client.get(reverse("reception:candidate-list"), {"page": 2, "after": position})
    expected = [row.code for row in selectors.candidate_rows(selectors.candidate_list())]
    assert response.status_code == 200
    assert _codes(response.content.decode()) == expected[25:50]


def test_positions_keep_microseconds_and_any_text():
    when = datetime(2026, 11, 28, 16, 0, 1, 654321, tzinfo=UTC)
    values = [when, "Diakité N'Golo & <Co>", 42]
    decoded = decode_position(encode_position(values))
    assert decoded == [when.isoformat(), "Diakité N'Golo & <Co>", 42]
    not_a_list = base64.urlsafe_b64encode(b'{"not": "a list"}').decode()
    for token in (not_a_list, "%%%", "A" * 601):
        with pytest.raises(ValidationError):
            decode_position(token)


def test_the_sql_and_the_orm_seek_the_same_rows(sixty):
    for filters in (
        {},
        {"sort": "name"},
        {"sort": "created_at"},
        {"sort": "-updated_at"},
        {"profile": "other", "sort": "name"},
        {"q": "Keita"},
        {"q": "Moussa Coulibaly"},
        {"q": "Awa Traoré", "sort": "created_at", "profile": "returnee_forced"},
    ):
        rows = selectors.CandidateRows(**filters)
        every = list(selectors.candidate_rows(selectors.candidate_list(**filters)))
        for index in (0, 7, 20, 21, 25, len(every) - 2):
            if index >= len(every):
                continue
            values = rows.position(every[index])
            for backwards in (False, True):
                sought = rows.seek(values, backwards=backwards)
                sql = sought[0:6]
                orm = list(selectors.candidate_rows(sought._orm())[:6])
                orm = orm[::-1] if backwards else orm
                want = (
                    every[max(index - 6, 0) : index] if backwards else every[index + 1 : index + 7]
                )
                assert sql == want, (filters, index, backwards)
                assert orm == want, (filters, index, backwards)


def test_a_position_of_the_wrong_shape_is_refused():
    rows = selectors.CandidateRows()
    for values in (["2026-01-01T00:00:00+00:00"], ["not a date", 3], "x", [None, 1]):
        with pytest.raises(ValidationError):
            rows.seek(values)


def test_a_two_word_name_search_reads_each_key_pair_in_index_order(sixty):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two_words:
        rows = selectors.CandidateRows(q="Moussa Coulibaly")[0:26]
    with CaptureQueriesContext(connection) as one_word:
        selectors.CandidateRows(q="Coulibaly")[0:26]
    assert rows and {row.last_name for row in rows} == {"Coulibaly"}
    assert " UNION " in two_words.captured_queries[0]["sql"]
    assert " UNION " not in one_word.captured_queries[0]["sql"]  # one key alone is not in order


@pytest.mark.parametrize("sort", ["", "name", "created_at", "-updated_at"])
def test_the_links_carry_no_name(sixty, client_as, counsellor, sort):
    """A position ends up in proxy logs and browser histories: dates and ids only."""
    client = client_as(counsellor)
    html = client.get(reverse("reception:candidate-list"), {"sort": sort}).content.decode()
    nxt = client.get(reverse("reception:candidate-list") + _link(html, "next")).content.decode()
    third = client.get(reverse("reception:candidate-list") + _link(nxt, "next")).content.decode()
    tokens = [
        dict(parse_qsl(link.split("?", 1)[1]))[key]
        for link, key in ((_link(nxt, "next"), "after"), (_link(third, "prev"), "before"))
    ]
    names = {name.lower() for pair in NAMES for name in pair}
    for token in tokens:
        values = decode_position(token)
        assert values and isinstance(values[-1], int)
        assert not names & {str(v).lower() for v in values}, values
        if sort == "name":
            assert len(values) == 1  # the row's id; the statement reads its names


def test_a_position_whose_row_is_gone_shows_the_page_by_its_number(sixty, client_as, counsellor):
    client = client_as(counsellor)
    first = client.get(reverse("reception:candidate-list"), {"sort": "name"}).content.decode()
    link = _link(first, "next")
    expected = [row.code for row in selectors.candidate_rows(selectors.candidate_list(sort="name"))]
    Candidate.objects.filter(code=expected[24]).delete()  # the row the position names
    html = client.get(reverse("reception:candidate-list") + link).content.decode()
    assert _codes(html) == [code for code in expected if code != expected[24]][25:50]
