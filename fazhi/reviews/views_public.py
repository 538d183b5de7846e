"""The public pages of major decisions: drafts open for comment, the comment form, and the
decisions published. No account; nothing about the people who commented is ever shown (the
summary of their comments goes through the masking rule)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.files import serve_document
from fazhi.core.forms import add_service_error
from fazhi.core.masking import mask_public_text
from fazhi.portal.selectors import portal_street
from fazhi.portal.views import street_context
from fazhi.reviews import selectors, services
from fazhi.reviews.forms import PublicCommentForm

SECTION = "major_decisions"


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)


@require_http_methods(["GET", "HEAD"])
def decision_index(request: HttpRequest, slug: str) -> HttpResponse:
    street = portal_street(slug)
    if street is None:
        return _not_found(request)
    today = timezone.localdate()
    consulting = [
        (d, services.comment_refusal(d, today) == "") for d in selectors.public_consulting(street)
    ]
    context = street_context(street, current=SECTION)
    context.update(
        consulting=consulting,
        published=list(selectors.public_published(street)[:50]),
    )
    return render(request, "reviews/public_index.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    street = portal_street(slug)
    decision = selectors.public_decision(street, pk) if street is not None else None
    if street is None or decision is None:
        return _not_found(request)
    refusal = services.comment_refusal(decision, timezone.localdate())
    form = PublicCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal:
            form = PublicCommentForm()
        elif form.is_valid():
            try:
                services.comment_submit(decision, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
                refusal = services.comment_refusal(decision, timezone.localdate())
            else:
                messages.success(request, _("您的意见已提交，感谢您的参与。"))
                return HttpResponseRedirect(
                    reverse("reviews_public:detail", kwargs={"slug": slug, "pk": pk})
                )
    # The summary of the public's comments may quote who commented: masked as any public text
    # (the instance is only shown, never saved here).
    decision.participation_summary = mask_public_text(decision.participation_summary)
    context = street_context(street, current=SECTION)
    context.update(
        decision=decision,
        form=form,
        refusal=refusal,
        show_form=not refusal,
        posted_late=request.method == "POST" and bool(refusal),
        published=decision.published_on is not None,
    )
    return render(request, "reviews/public_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def decision_draft(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    street = portal_street(slug)
    decision = selectors.public_decision(street, pk) if street is not None else None
    if decision is None or not decision.draft:
        return _not_found(request)
    return serve_document(
        decision.draft, filename=_("%(title)s（草案）") % {"title": decision.title}
    )
