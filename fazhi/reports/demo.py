"""Haibin's annual reports: the 2020 report written from the demo's records as the seed report
tells it, and this year's report as a draft still to be written.

The 2020 report covers the seed's period, 1 January to 28 September 2020, in the platform's five
parts: the seed's three (一 主要举措和成效, 三 不足和原因, 四 下一年度安排) with the part on the
principal leader's duties the seed lacks, proposed from the leading group's meetings and the
leadership's study, and 其他需要报告的情况 answered 无. Its first draft is proposed from the
records; the office accepts every proposed paragraph and reviews it, the principal leader
approves it (a version frozen), the office director named for it confirms its 保密审查 and the
office publishes it, each on its day of September 2020. This year's report has only the
proposals the records support, and stays a draft.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from fazhi.core.demo import DemoContext, demo_step
from fazhi.reports import composer, services
from fazhi.reports.models import AnnualReport, Part

SEED_PERIOD = (date(2020, 1, 1), date(2020, 9, 28))


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A local moment of the demo's 2020."""
    return timezone.make_aware(datetime.combine(date(year, month, day), time(hour, minute)))


# After every app has loaded Haibin's records (and the district's second street).
@demo_step(order=950)
def annual_reports(ctx: DemoContext) -> None:
    street = ctx.street
    users = ctx.shared["users"]
    office, leader = users["office"], users["leader"]

    services.report_outline_set(street=street, parts=list(Part.values), actor=office)
    # The seed's report was drafted in September 2020, signed on 28 September and made public
    # soon after: its steps carry those days, so it reads as published on time.
    report = services.report_create(
        street=street,
        year=2020,
        actor=office,
        period_start=SEED_PERIOD[0],
        period_end=SEED_PERIOD[1],
        issued_on=SEED_PERIOD[1],
        now=_at(2020, 9, 14, 9),
    )
    for proposal in composer.draft(report, actor=office, now=_at(2020, 9, 14, 9, 5)):
        services.report_proposal_accept(proposal, actor=office, now=_at(2020, 9, 21, 16))
    other = report.sections.get(part=Part.OTHER)
    services.report_section_update(other, actor=office, text="无。", now=_at(2020, 9, 21, 16, 30))
    # Every step of the workflow by the one who holds it; the 保密审查 by the office director,
    # whom the office names (谁公开谁审查: the office that publishes checks it).
    Status = AnnualReport.Status
    services.report_advance(
        report, to=Status.OFFICE_REVIEWED, actor=office, now=_at(2020, 9, 24, 10)
    )
    services.report_advance(report, to=Status.APPROVED, actor=leader, now=_at(2020, 9, 27, 15))
    services.report_secrecy_reviewer_set(report, reviewer=office, actor=office)
    services.report_advance(
        report, to=Status.SECRECY_CHECKED, actor=office, now=_at(2020, 9, 28, 10)
    )
    services.report_advance(report, to=Status.PUBLISHED, actor=office, now=_at(2020, 9, 30, 9))
    ctx.shared["report_2020"] = report

    # This year's report, proposed from what the records hold.
    year = timezone.localdate().year
    if year != 2020:
        current = services.report_create(street=street, year=year, actor=office)
        composer.draft(current, actor=office)
        ctx.shared["report_current"] = current
