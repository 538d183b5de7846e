"""Records the reviews tests share, built through the services like real ones (2020 dates)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.reviews import services
from fazhi.reviews.models import MajorDecision, ReviewRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "合同.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def make_request(world: Any, dept: Any, **fields: Any) -> ReviewRequest:
    data = {
        "title": "幸福路社区物业服务合同",
        "kind": ReviewRequest.Kind.CONTRACT,
        "department": dept,
        "received_on": date(2020, 9, 28),
        **fields,
    }
    return services.review_request_create(street=world.a.street, actor=world.clerk_a, **data)


def make_decision(world: Any, dept: Any, **fields: Any) -> MajorDecision:
    data = {
        "title": "老旧小区加装电梯实施方案",
        "department": dept,
        "background": "辖区老旧小区居民出行不便，拟制定加装电梯实施方案。",
        "catalogue_year": 2020,
        **fields,
    }
    return services.decision_create(street=world.a.street, actor=world.clerk_a, **data)


def open_june(decision: MajorDecision, world: Any, **fields: Any) -> MajorDecision:
    """Public comment opened on 1 June 2020 until 1 July (30 days from the day after)."""
    data = {
        "opens_on": date(2020, 6, 1),
        "closes_on": date(2020, 7, 1),
        "today": date(2020, 6, 1),
        **fields,
    }
    return services.decision_open_participation(decision, actor=world.clerk_a, **data)


def consult(decision: MajorDecision, world: Any) -> MajorDecision:
    """Public comment from 1 June to 1 July 2020 (30 days), closed on 2 July with a summary."""
    open_june(decision, world)
    return services.decision_close_participation(
        decision,
        actor=world.clerk_a,
        summary="收到意见12条，采纳8条。",
        today=date(2020, 7, 2),
    )


def review_approved(decision: MajorDecision, world: Any, legal: Any) -> ReviewRequest:
    """Legality review received 2 July 2020, approved by the adviser on 10 July."""
    review = services.decision_request_legality_review(
        decision, actor=world.clerk_a, received_on=date(2020, 7, 2), adviser=legal.lawyer_a
    )
    return services.review_request_complete(
        review,
        actor=legal.lawyer_user,
        opinion="方案内容合法，程序完备。",
        conclusion=ReviewRequest.Conclusion.APPROVED,
        completed_on=date(2020, 7, 10),
    )


def prepare(
    decision: MajorDecision,
    world: Any,
    legal: Any,
    *,
    skip: str = "",
) -> MajorDecision:
    """Every step before the collective discussion, except ``skip``."""
    if skip != "participation":
        consult(decision, world)
    if skip != "expert":
        services.decision_waive_expert(decision, actor=world.clerk_a, reason="技术方案成熟。")
    if skip != "risk":
        services.decision_record_risk(
            decision,
            actor=world.clerk_a,
            assessed_on=date(2020, 7, 3),
            level=MajorDecision.RiskLevel.LOW,
            summary="风险可控。",
        )
    if skip != "legality":
        review_approved(decision, world, legal)
    decision.refresh_from_db()
    return decision


def discuss(decision: MajorDecision, world: Any, **fields: Any) -> MajorDecision:
    data = {
        "discussed_on": date(2020, 7, 15),
        "meeting_name": "街道党工委会议",
        "attendees": [world.leader, world.clerk_a],
        "head_spoke_last": True,
        "discussion_record": "与会人员逐一发表意见，书记最后发表意见，同意该方案。",
        "dissent": "一名委员建议扩大试点范围。",
        **fields,
    }
    return services.decision_record_discussion(decision, actor=world.clerk_a, **data)
