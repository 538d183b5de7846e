"""Lists page by a key: every row once, in order, both ways, and no OFFSET on a deep page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.core.paging import KeysetPage, paginate
from fazhi.org.models import User

rf = RequestFactory()


def page_of(qs: Any, per_page: int, **params: Any) -> Any:
    return paginate(rf.get("/", {k: v for k, v in params.items() if v}), qs, per_page)


def walk(qs: Any, per_page: int) -> list[KeysetPage]:
    pages = [page_of(qs, per_page)]
    while pages[-1].has_next():
        last = pages[-1]
        pages.append(page_of(qs, per_page, page=last.next_page_number(), after=last.next_key))
    return pages


def test_walking_forward_and_back_gives_every_row_once_in_order(world):
    qs = AuditEntry.objects.all()
    expected = list(qs.values_list("pk", flat=True))
    assert len(expected) > 20
    pages = walk(qs, 7)
    assert all(isinstance(p, KeysetPage) for p in pages)
    assert [r.pk for p in pages for r in p.object_list] == expected
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert pages[-1].paginator.num_pages == len(pages)
    assert not pages[0].has_previous() and not pages[-1].has_next()

    back = [pages[-1]]
    while back[-1].has_previous():
        page = back[-1]
        back.append(page_of(qs, 7, page=page.previous_page_number(), before=page.previous_key))
    assert [[r.pk for r in p.object_list] for p in back[::-1]] == [
        [r.pk for r in p.object_list] for p in pages
    ]
    assert back[-1].number == 1


def test_ties_on_the_sort_column_are_broken_by_the_id(world):
    qs = User.objects.order_by("-is_active", "is_staff")
    expected = list(qs.order_by("-is_active", "is_staff", "id").values_list("pk", flat=True))
    pages = walk(qs, 2)
    assert [r.pk for p in pages for r in p.object_list] == expected


def test_a_deep_page_asks_for_the_rows_beyond_its_key_without_an_offset(world):
    qs = AuditEntry.objects.all()
    pages = walk(qs, 5)
    deep = pages[-2]
    with CaptureQueriesContext(connection) as queries:
        again = page_of(qs, 5, page=deep.number, after=pages[-3].next_key)
    assert [r.pk for r in again.object_list] == [r.pk for r in deep.object_list]
    listing = [q["sql"] for q in queries.captured_queries if "COUNT" not in q["sql"].upper()]
    assert len(listing) == 1
    assert "OFFSET" not in listing[0].upper()


def test_a_nullable_sort_column_or_a_page_without_a_key_pages_by_offset(world):
    nullable = User.objects.order_by("last_login")
    assert isinstance(page_of(nullable, 2, page=2), Page)
    # An old bookmark: page 3 without a key still shows page 3.
    old = page_of(AuditEntry.objects.all(), 5, page=3)
    assert isinstance(old, Page) and old.number == 3


def test_a_damaged_key_starts_from_the_first_page(world):
    qs = AuditEntry.objects.all()
    first = page_of(qs, 5)
    for key in ["!!!", "bm90IGpzb24", "WzEsMiwzLDRd"]:
        page = page_of(qs, 5, page=4, after=key)
        assert [r.pk for r in page.object_list] == [r.pk for r in first.object_list]
        assert page.number == 1
