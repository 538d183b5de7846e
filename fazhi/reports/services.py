"""Writes on the annual report: creating a street's report of a year, saving its text, the
proposals of the first draft accepted or dropped, and the street's outline of parts.

Every save checks the text's figure tokens, freezes a new ``ReportVersion`` of the whole report
(text and figure values) and writes an audit row, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.access import Refusal
from fazhi.core.language import product_language
from fazhi.core.services import model_create, model_transition, model_update, snapshot
from fazhi.org.models import Street
from fazhi.reports import document, tokens, workflow
from fazhi.reports.models import (
    DEFAULT_PARTS,
    AnnualReport,
    Area,
    Part,
    ReportOutline,
    ReportProposal,
    ReportSection,
    ReportStep,
    ReportVersion,
    default_deadline,
)

# The subsections of 主要举措和成效 and their headings as the seed words them; staff may retitle.
AREA_TITLES: dict[str, str] = {
    Area.ORGANISATION: "加强组织领导，奠定依法行政基础",
    Area.EPIDEMIC: "严格落实防控举措，坚决打赢疫情防控阻击战",
    Area.ENFORCEMENT: "行政执法公正严明，依法治理不留死角",
    Area.DECISIONS: "强化决策程序制度约束，积极推进公共法律服务体系建设",
    Area.EDUCATION: "坚持普治并举，加强法治宣传教育工作",
}

# What ``report_update`` may change; the status has its own steps, the year and street none.
REPORT_FIELDS = ("title", "issuer", "issued_on", "period_start", "period_end", "preamble")


def _lock(instance: Any) -> Any:
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def _require_draft(report: AnnualReport) -> None:
    """Refuse to write the text of a report no longer being drafted (起草中): what has been
    reviewed or approved is changed only by sending it back to drafting."""
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(
            _("年度报告当前为“%(status)s”，只有起草中的报告可以修改。")
            % {"status": report.get_status_display()}
        )


# --- the street's outline ------------------------------------------------------------------------


def outline_parts(street: Street | int) -> list[str]:
    """The parts a new report of the street has, in order: its outline, or all five."""
    street_id = street.pk if isinstance(street, Street) else street
    outline = ReportOutline.objects.filter(street_id=street_id).first()
    return list(outline.parts) if outline is not None and outline.parts else list(DEFAULT_PARTS)


def report_outline_set(*, street: Street, parts: Iterable[str], actor: Any) -> ReportOutline:
    """Set which parts the street's new reports have and in which order."""
    wanted = list(parts)
    with transaction.atomic():
        outline = ReportOutline.objects.select_for_update().filter(street=street).first()
        if outline is None:
            return model_create(
                ReportOutline, actor=actor, data={"street": street, "parts": wanted}
            )
        return model_update(outline, actor=actor, data={"parts": wanted})[0]


# --- the report ----------------------------------------------------------------------------------


def issuer_name(street: Street) -> str:
    """The issuing office as a document names it: 天津市滨海新区海滨街道办事处."""
    name = street.name
    if name.endswith("街道"):
        office = f"{name}办事处"
    elif name.endswith("街"):
        office = f"{name}道办事处"
    elif name.endswith(("镇", "乡")):
        office = f"{name}人民政府"
    else:
        office = name
    district = street.district
    return f"{district.city}{district.name}{office}"


def default_title(street: Street, year: int) -> str:
    with product_language():
        return _("%(street)s%(year)s年法治政府建设情况报告") % {"street": street.name, "year": year}


def default_preamble(street: Street, year: int) -> str:
    with product_language():
        return _(
            "%(year)s年，在区委、区政府的正确领导下，在区法治政府建设领导小组的指导下，"
            "%(street)s严格依法行政，深入推进法治政府建设，积极营造良好的法治环境，"
            "现将工作情况报告如下："
        ) % {"year": year, "street": street.name}


def _check_texts(report: AnnualReport, texts: Iterable[str]) -> None:
    tokens.check(texts, report.period)


def report_create(
    *,
    street: Street,
    year: int,
    actor: Any,
    period_start: date | None = None,
    period_end: date | None = None,
    title: str = "",
    issuer: str = "",
    issued_on: date | None = None,
    preamble: str | None = None,
    now: datetime | None = None,
) -> AnnualReport:
    """Create the street's report of ``year`` with the sections of its outline (the work areas
    of 主要举措和成效 titled as the seed titles them), due by 1 April of the next year, and its
    first version (saved at ``now``, the present unless a record of the past is loaded). The
    period defaults to the whole year."""
    report = AnnualReport(
        street=street,
        year=year,
        period_start=period_start or date(year, 1, 1),
        period_end=period_end or date(year, 12, 31),
        title=title or default_title(street, year),
        issuer=issuer or issuer_name(street),
        issued_on=issued_on,
        deadline=default_deadline(year),
        preamble=default_preamble(street, year) if preamble is None else preamble,
    )
    report.full_clean()
    _check_texts(report, [report.preamble])
    with transaction.atomic():
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:  # the same year created at the same moment
            raise ValidationError(_("本街道已有该年度的法治政府建设年度报告。")) from exc
        position = 0
        for part in outline_parts(street):
            areas = list(Area) if part == Part.MEASURES else [""]
            for area in areas:
                position += 1
                ReportSection.objects.create(
                    report=report,
                    part=part,
                    area=area,
                    position=position,
                    title=AREA_TITLES.get(area, ""),
                )
        record(
            actor=actor,
            action=Action.CREATE,
            obj=report,
            after=snapshot(report) | {"parts": outline_parts(street)},
        )
        version_create(report, occasion=ReportVersion.Occasion.SAVE, actor=actor, now=now)
    return report


def report_update(report: AnnualReport, *, actor: Any, **fields: Any) -> AnnualReport:
    """Change the report's title, issuing office, date, period or preamble; every token of the
    report is checked against the (new) period. Saves a version."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(
            _("年度报告的以下内容不能在此修改：%(fields)s。")
            % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = _lock(report)
        _require_draft(locked)
        before = snapshot(locked, REPORT_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        _check_texts(locked, document.report_texts(locked))
        after = snapshot(locked, REPORT_FIELDS)
        changed = [k for k in REPORT_FIELDS if before[k] != after[k]]
        if not changed:
            return locked
        locked.save(update_fields=[*changed, "updated_at"])
        version = version_create(locked, occasion=ReportVersion.Occasion.SAVE, actor=actor)
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
            extra={"version": version.number},
        )
    return locked


def report_section_update(
    section: ReportSection,
    *,
    actor: Any,
    text: str | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> ReportSection:
    """Save a section's text (its tokens checked) or its subheading. Saves a version."""
    with transaction.atomic():
        locked: ReportSection = _lock(section)
        report = _lock(locked.report)
        _require_draft(report)
        before = {"title": locked.title, "text": locked.text}
        if text is not None:
            _check_texts(report, [text])
            locked.text = text.strip()
        if title is not None:
            locked.title = title.strip()
        locked.full_clean()
        after = {"title": locked.title, "text": locked.text}
        changed = [k for k in after if before[k] != after[k]]
        if not changed:
            return locked
        locked.save(update_fields=changed)
        report.save(update_fields=["updated_at"])
        version = version_create(report, occasion=ReportVersion.Occasion.SAVE, actor=actor, now=now)
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            street=report.street_id,
            object_repr=f"{report} {locked}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
            extra={"version": version.number},
        )
    return locked


# --- versions ------------------------------------------------------------------------------------


def version_create(
    report: AnnualReport, *, occasion: str, actor: Any, now: datetime | None = None
) -> ReportVersion:
    """Freeze the report as it is now — title, period, preamble, every section's text with its
    tokens — and the value and reading of each figure the text cites. The caller holds the
    transaction."""
    sections = list(report.sections.order_by("position"))
    content = {
        "title": report.title,
        "issuer": report.issuer,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "preamble": report.preamble,
        "sections": [
            {"part": s.part, "area": s.area, "title": s.title, "text": s.text} for s in sections
        ],
    }
    texts = [report.preamble, *(s.text for s in sections)]
    values = document.figure_values(report.street, report.period, texts)
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        occasion=occasion,
        content=content,
        figures=document.frozen_figures(report, values),
        author=user,
        created_at=now or timezone.now(),
    )


# --- the proposed draft ----------------------------------------------------------------------------


def report_propose(
    report: AnnualReport,
    *,
    actor: Any,
    proposals: Mapping[tuple[str, str], list[tuple[str, str]]],
    now: datetime | None = None,
) -> list[ReportProposal]:
    """Replace the report's pending proposals with ``proposals`` — by (part, area), paragraphs
    of (text with tokens, reason) — for the sections the report has. Decided proposals stay."""
    created: list[ReportProposal] = []
    with transaction.atomic():
        locked = _lock(report)
        _check_texts(locked, [text for items in proposals.values() for text, _r in items])
        sections = {(s.part, s.area): s for s in locked.sections.all()}
        pending = ReportProposal.objects.filter(
            section__report=locked, status=ReportProposal.Status.PROPOSED
        )
        replaced = pending.count()
        pending.delete()
        for place, items in proposals.items():
            section = sections.get(place)
            if section is None:  # a part the street's outline leaves out
                continue
            start = section.proposals.aggregate(n=Max("position"))["n"] or 0
            for n, (text, reason) in enumerate(items, start=start + 1):
                created.append(
                    ReportProposal.objects.create(
                        section=section,
                        position=n,
                        text=text,
                        reason=reason[:300],
                        created_at=now or timezone.now(),
                    )
                )
        record(
            actor=actor,
            action=Action.CREATE,
            object_type="reports.reportproposal",
            object_id=locked.pk,
            object_repr=_("%(report)s拟稿建议") % {"report": locked},
            street=locked.street_id,
            extra={"proposed": len(created), "replaced": replaced},
        )
    return created


def _decide(proposal: ReportProposal) -> ReportProposal:
    locked: ReportProposal = _lock(proposal)
    if locked.status != ReportProposal.Status.PROPOSED:
        raise ValidationError(
            _("该拟稿建议%(status)s，不能再次处理。") % {"status": locked.get_status_display()}
        )
    return locked


def report_proposal_accept(
    proposal: ReportProposal, *, actor: Any, text: str | None = None, now: datetime | None = None
) -> ReportProposal:
    """Take a proposed paragraph into its section's text, as proposed or as edited (``text``),
    after what the section already holds. Saves a version."""
    with transaction.atomic():
        locked = _decide(proposal)
        section: ReportSection = _lock(locked.section)
        report = _lock(section.report)
        _require_draft(report)
        accepted = (locked.text if text is None else text).strip()
        if not accepted:
            raise ValidationError(_("采纳的内容不能为空；不采纳请选择舍弃。"))
        _check_texts(report, [accepted])
        section.text = "\n".join(filter(None, [section.text.strip(), accepted]))
        section.save(update_fields=["text"])
        before = {"status": locked.status}
        locked.status = ReportProposal.Status.ACCEPTED
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = now or timezone.now()
        edited = accepted != locked.text.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        report.save(update_fields=["updated_at"])
        version = version_create(
            report, occasion=ReportVersion.Occasion.ACCEPT, actor=actor, now=now
        )
        record(
            actor=actor,
            action=Action.TRANSITION,
            obj=locked,
            street=report.street_id,
            before=before,
            after={"status": locked.status},
            extra={"edited": edited, "text": accepted, "version": version.number},
        )
    return locked


def report_proposal_drop(proposal: ReportProposal, *, actor: Any) -> ReportProposal:
    """Leave a proposed paragraph out of the report (it is kept, marked dropped)."""
    with transaction.atomic():
        locked = _decide(proposal)
        _require_draft(_lock(locked.section.report))
        locked.status = ReportProposal.Status.DROPPED
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            actor=actor,
            action=Action.TRANSITION,
            obj=locked,
            street=locked.section.report.street_id,
            before={"status": ReportProposal.Status.PROPOSED},
            after={"status": locked.status},
        )
    return locked


# --- the workflow ----------------------------------------------------------------------------------
# The steps and who takes each are ``fazhi.reports.workflow``'s; these take them.


def _check_reviewable(report: AnnualReport) -> None:
    """The office reviews a finished draft: every proposed paragraph decided, every figure read."""
    pending = ReportProposal.objects.filter(
        section__report=report, status=ReportProposal.Status.PROPOSED
    ).count()
    if pending:
        raise ValidationError(
            _("尚有%(n)s段拟稿建议未采纳或舍弃，请处理后再审核。") % {"n": pending}
        )
    problems = [
        str(problem)
        for text in document.report_texts(report, proposals=False)
        for problem in tokens.problems(text, report.period)
    ]
    if problems:
        raise ValidationError(
            _("报告中有无法读取的数字标记，请修改后再审核：%(problems)s")
            % {"problems": _("；").join(problems)}
        )


def report_advance(
    report: AnnualReport,
    *,
    to: str,
    actor: Any,
    reason: str = "",
    now: datetime | None = None,
) -> AnnualReport:
    """Take one step of the report's workflow as ``actor``: on to ``to``, or back to drafting
    (``to`` 起草中, 退回修改, with a ``reason``). Only the step the report waits for, only by
    whoever holds it (PermissionDenied otherwise, nothing written); the approval freezes a
    version as approved, the publication records when (late if past the deadline). The
    report's row is locked, and its state, a ``ReportStep`` and an audit row are written in
    one transaction. ``reason`` on a step forward is kept as the actor's opinion. ``now`` is the
    present unless a record of the past is loaded (the demo's 2020 report)."""
    note = (reason or "").strip()
    if len(note) > workflow.REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("理由不能超过%(n)s个字。") % {"n": workflow.REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        locked: AnnualReport = _lock(report)
        step = workflow.step_to(locked, to)
        refusal = workflow.refusal(locked, step, actor)
        if refusal is not None:
            raise PermissionDenied(Refusal(refusal))
        if step.kind == ReportStep.Kind.RETURN and not note:
            raise ValidationError({"reason": _("请填写退回修改的理由。")})
        now = now or timezone.now()
        changes: dict[str, Any] = {"status": step.target}
        extra: dict[str, Any] = {"step": step.kind}
        if note:
            extra["reason"] = note
        version: int | None = None
        late = False
        if step.kind == ReportStep.Kind.REVIEW:
            _check_reviewable(locked)
        elif step.kind == ReportStep.Kind.APPROVE:
            frozen = version_create(
                locked, occasion=ReportVersion.Occasion.APPROVAL, actor=actor, now=now
            )
            version = extra["version"] = frozen.number
        elif step.kind == ReportStep.Kind.PUBLISH:
            changes["published_at"] = now
            late = timezone.localdate(now) > locked.deadline
            extra |= {"late": late, "deadline": locked.deadline.isoformat()}
        model_transition(locked, actor=actor, changes=changes, extra=extra)
        ReportStep.objects.create(
            report=locked,
            kind=step.kind,
            status_before=step.source,
            status_after=step.target,
            actor=actor,
            occurred_at=now,
            reason=note,
            version=version,
            late=late,
        )
    return locked


def report_secrecy_reviewer_set(report: AnnualReport, *, reviewer: Any, actor: Any) -> AnnualReport:
    """Name the person who confirms the report's 保密审查 (the office's, until the check is
    done): an active account of the report's street whose role may be named."""
    with transaction.atomic():
        locked: AnnualReport = _lock(report)
        refusal = workflow.name_reviewer_refusal(locked, actor)
        if refusal is not None:
            raise PermissionDenied(Refusal(refusal))
        if locked.status not in workflow.REVIEWER_NAMEABLE:
            raise ValidationError(
                _("年度报告%(status)s，不能再更换保密审查人。")
                % {"status": locked.get_status_display()}
            )
        if reviewer is not None:  # as the account is now, not as the caller read it
            reviewer = type(reviewer)._base_manager.get(pk=reviewer.pk)
        problem = workflow.reviewer_problem(locked, reviewer)
        if problem is not None:
            raise ValidationError({"secrecy_reviewer": problem})
        return model_update(locked, actor=actor, data={"secrecy_reviewer": reviewer})[0]


# --- the files -----------------------------------------------------------------------------------

FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"


def report_export(report: AnnualReport, *, file_format: str, actor: Any) -> bytes:
    """The report as it reads now, in the official document format (GB/T 9704): a .docx, or a
    PDF printed from it by LibreOffice. Every figure is counted from the records at this moment;
    proposals still pending are written in, so a draft can be read whole. The export is audited
    (its format, the report's state, the proposals pending and any unreadable token).

    Raises ``core.documents.PdfUnavailable`` when no PDF can be made (nothing is audited then).
    """
    from fazhi.reports.gbt9704 import docx_to_pdf, write_docx

    if file_format not in (FORMAT_DOCX, FORMAT_PDF):
        raise ValidationError(_("不支持的导出格式。"))
    view = document.read_report(report)
    content = write_docx(document.official_document(view))
    if file_format == FORMAT_PDF:
        content = docx_to_pdf(content)
    pending = sum(1 for s in view.sections for p in s.paragraphs if p.proposal is not None)
    record(
        actor=actor,
        action=Action.EXPORT,
        obj=report,
        street=report.street_id,
        extra={
            "format": file_format,
            "status": report.status,
            "pending_proposals": pending,
            "problems": [str(p) for p in view.problems],
        },
    )
    return content
