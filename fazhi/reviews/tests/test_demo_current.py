"""The demo's current year of legality review and major decisions, relative to the day it is
loaded, and no 2020 record left open: reviews in progress for the reviewer, a decision waiting
for publication, drafts out for comment now with comments in. A resident comments on the
portal."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.audit.models import Action, AuditEntry
from fazhi.org.models import Street, User
from fazhi.reviews import selectors
from fazhi.reviews.models import MajorDecision, PublicComment, ReviewRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def haibin(demo) -> Street:
    return Street.objects.get(slug="haibin")


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def test_the_reviewer_has_reviews_in_progress_and_done(haibin, today):
    reviewer = User.objects.get(username="reviewer")
    mine = ReviewRequest.objects.filter(street=haibin, reviewer=reviewer)
    in_progress = mine.filter(status__in=selectors.OPEN_REVIEW)
    assert in_progress.count() >= 3
    assert in_progress.filter(kind=ReviewRequest.Kind.MAJOR_DECISION).exists()
    assert mine.filter(
        status=ReviewRequest.Status.COMPLETED, completed_on__year=today.year
    ).exists()
    requests = ReviewRequest.objects.filter(street=haibin)
    assert selectors.due_soon(requests, today).exists()
    assert selectors.overdue(requests, today).count() == 1
    assert requests.filter(status=ReviewRequest.Status.RECEIVED).exists()
    # Nothing dated after today.
    assert not requests.filter(received_on__gt=today).exists()
    assert not requests.filter(completed_on__gte=today).exists()


def test_decisions_at_every_stage(haibin, today):
    decisions = MajorDecision.objects.filter(street=haibin, catalogue_year__gt=2020)
    statuses = set(decisions.values_list("status", flat=True))
    assert {
        MajorDecision.Status.PUBLISHED,
        MajorDecision.Status.DECIDED,
        MajorDecision.Status.DISCUSSION,
        MajorDecision.Status.DRAFTING,
        MajorDecision.Status.CONSULTING,
    } <= statuses
    waiting = decisions.get(status=MajorDecision.Status.DECIDED)
    assert waiting.decided_on < today and waiting.published_on is None


def test_a_comment_period_is_open_now_with_comments(haibin, today):
    open_now = list(selectors.public_consulting(haibin, today))
    assert len(open_now) >= 1
    for decision in open_now:
        assert decision.comment_opens_on < today < decision.comment_closes_on
        assert decision.comments.exists()
        assert not decision.comments.filter(submitted_at__date__gte=today).exists()
    assert any((d.comment_closes_on - today).days <= 14 for d in open_now)
    text = Client().get("/s/haibin/decisions/").content.decode()
    assert "正在接收意见" in text and "未在征求意见期内" not in text
    # Every draft still marked as consulting is within its period: none lapsed unclosed.
    assert not MajorDecision.objects.filter(
        street=haibin, status=MajorDecision.Status.CONSULTING, comment_closes_on__lt=today
    ).exists()


def test_no_2020_record_is_left_open(haibin):
    assert not ReviewRequest.objects.filter(
        street=haibin, received_on__year=2020, status__in=selectors.OPEN_REVIEW
    ).exists()
    assert not MajorDecision.objects.filter(
        street=haibin, catalogue_year=2020, status__in=(*selectors.PREPARING, "decided")
    ).exists()


def test_a_resident_comments_on_the_open_decision(haibin, today):
    decision = selectors.public_consulting(haibin, today).first()
    anon = Client()
    page = anon.get(f"/s/haibin/decisions/{decision.pk}/")
    assert page.status_code == 200 and "提交意见" in page.content.decode()
    before = PublicComment.objects.filter(decision=decision).count()
    response = anon.post(
        f"/s/haibin/decisions/{decision.pk}/",
        {"content": "建议在方案中明确施工期间的交通组织。", "name": "李文博", "contact": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/s/haibin/decisions/{decision.pk}/"
    comment = PublicComment.objects.filter(decision=decision).latest("submitted_at")
    assert PublicComment.objects.filter(decision=decision).count() == before + 1
    assert (comment.content, comment.name) == ("建议在方案中明确施工期间的交通组织。", "李文博")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == (Action.CREATE, None, str(comment.pk))
    followed = anon.get(response["Location"]).content.decode()
    assert "您的意见已提交，感谢您的参与。" in followed and "李文博" not in followed
