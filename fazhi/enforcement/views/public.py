"""The public portal's 执法公示: publicity before (the street's enforcement bodies, officers with
their certificate numbers, powers and their legal basis, procedures and remedies) and after
(the decisions published, a withdrawn one shown as withdrawn with its reason).

No personal data: officers by name and certificate number only; decisions masked when written
and masked again here.
"""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from fazhi.core.paging import paginate
from fazhi.enforcement.masking import mask_public_text
from fazhi.enforcement.models import EnforcementSettings, Publication
from fazhi.enforcement.selectors import publication as selectors
from fazhi.portal.selectors import portal_street
from fazhi.portal.views import street_context

SECTION = "enforcement"
PAGE_SIZE = 20


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)


def public_fields(publication: Publication) -> dict[str, str]:
    """The publication's text masked once more as it is shown (defence in depth)."""
    case = publication.case
    return {
        "authority": publication.authority,
        "party": mask_public_text(publication.party, case),
        "facts": mask_public_text(publication.facts, case),
        "category": publication.category,
        "conclusion": mask_public_text(publication.conclusion, case),
        "decision_no": publication.decision_no,
    }


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest, slug: str) -> HttpResponse:
    street = portal_street(slug)
    if street is None:
        return _not_found(request)
    powers = list(selectors.public_powers(street))
    page = paginate(request, selectors.public_publications(street), PAGE_SIZE)
    context = street_context(street, current=SECTION)
    context.update(
        bodies=selectors.public_bodies(street),
        powers=[(body, list(items)) for body, items in groupby(powers, key=lambda p: p.body)],
        officers=selectors.public_officers(street),
        settings=EnforcementSettings.for_street(street),
        page=page,
        decisions=[
            (
                p,
                public_fields(p) if p.withdrawn_on is None else None,
                mask_public_text(p.withdraw_reason, p.case),
            )
            for p in page.object_list
        ],
    )
    return render(request, "enforcement/public_index.html", context)


@require_http_methods(["GET", "HEAD"])
def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    street = portal_street(slug)
    publication = selectors.public_publication(street, pk) if street is not None else None
    if street is None or publication is None:
        return _not_found(request)
    context = street_context(street, current=SECTION)
    context.update(
        publication=publication,
        fields=public_fields(publication) if publication.withdrawn_on is None else None,
        withdraw_reason=mask_public_text(publication.withdraw_reason, publication.case),
        settings=EnforcementSettings.for_street(street),
    )
    return render(request, "enforcement/public_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
]
