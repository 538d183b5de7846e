"""The public portal's 法律问答: the street's published FAQ with a Chinese full-text search and a
category filter, and each entry on its own page. No account, nothing about people.

A search that finds nothing answers with the 12348 public legal service hotline and the lawyer
booking page. Whatever is typed in the search box is searched for as words (``search``), so a
query never fails; a longer one is cut to ``search.MAX_QUERY_CHARS``.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from fazhi.outreach import search, selectors
from fazhi.outreach.models import FaqEntry
from fazhi.portal.selectors import portal_street
from fazhi.portal.views import street_context

SECTION = "legal_faq"
PAGE_SIZE = 20
# The same entries of a category offered under an entry.
RELATED = 5
MAX_ID = 2**63 - 1


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The published entries, or those answering the query, a page at a time."""
    street = portal_street(slug)
    if street is None:
        return _not_found(request)
    query = " ".join(request.GET.get("q", "").split())[: search.MAX_QUERY_CHARS]
    category = request.GET.get("category", "")
    if category not in FaqEntry.Category.values:
        category = ""
    relaxed = False
    page: Page[Any]
    if query:
        result = search.search(street, query, category or None)
        relaxed = result.relaxed
        page = Paginator(result, PAGE_SIZE).get_page(request.GET.get("page"))
        hits = list(page.object_list)
    else:
        entries = selectors.public_faq_entries(street, category or None)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        hits = [
            search.Hit.of(e.pk, e.category, e.question, e.answer, None) for e in page.object_list
        ]
    context = street_context(street, current=SECTION)
    context.update(
        q=query,
        category=category,
        categories=FaqEntry.Category.choices,
        page=page,
        hits=hits,
        total=page.paginator.count,
        relaxed=relaxed,
        max_results=search.MAX_RESULTS,
    )
    return render(request, "outreach/public_faq_list.html", context)


@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One published entry: the question, the answer and the law it rests on."""
    street = portal_street(slug)
    entry = selectors.public_faq_entry(street, pk) if street is not None and pk <= MAX_ID else None
    if street is None or entry is None:
        return _not_found(request)
    related = list(
        selectors.public_faq_entries(street, entry.category)
        .exclude(pk=entry.pk)
        .only("question")[:RELATED]
    )
    context = street_context(street, current=SECTION)
    context.update(
        entry=entry,
        references=[line.strip() for line in entry.law_references.splitlines() if line.strip()],
        related=related,
    )
    return render(request, "outreach/public_faq_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("<int:pk>/", detail, name="detail"),
]
