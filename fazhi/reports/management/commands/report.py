"""fazhi report --street haibin --year 2020 --out report.docx [--pdf report.pdf]
[--from 2020-01-01 --to 2020-09-28]"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.org.models import Street
from fazhi.reports import composer, document, services
from fazhi.reports.models import AnnualReport, ReportProposal


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，例如 2020-09-28。") from None


def _is_blank(report: AnnualReport) -> bool:
    """Nothing written and nothing proposed yet: the first draft is still to be proposed."""
    return (
        not report.sections.exclude(text="").exists()
        and not ReportProposal.objects.filter(section__report=report).exists()
    )


class Command(BaseCommand):
    help = (
        "写出街道某年度的法治政府建设情况报告（.docx，可同时输出 PDF）："
        "尚无该年度报告的，先按记录生成初稿。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--street", required=True, help="街道标识，例如 haibin")
        parser.add_argument("--year", required=True, type=int, help="报告年度，例如 2020")
        parser.add_argument("--out", required=True, type=Path, help="输出的 .docx 文件")
        parser.add_argument("--pdf", type=Path, help="同时输出的 PDF 文件（需要 LibreOffice）")
        parser.add_argument(
            "--from", dest="start", type=_date, help="新建报告的统计期间开始日期（默认1月1日）"
        )
        parser.add_argument(
            "--to", dest="end", type=_date, help="新建报告的统计期间结束日期（默认12月31日）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        street = Street.objects.select_related("district").filter(slug=options["street"]).first()
        if street is None:
            known = (
                "、".join(Street.objects.order_by("slug").values_list("slug", flat=True))
                or "（无）"
            )
            raise CommandError(f"没有标识为“{options['street']}”的街道。已有：{known}")
        year = options["year"]
        report = AnnualReport.objects.filter(street=street, year=year).first()
        try:
            if report is None:
                report = services.report_create(
                    street=street,
                    year=year,
                    actor=None,
                    period_start=options["start"],
                    period_end=options["end"],
                )
                self.stdout.write(f"已新建{report.title}（统计期间：{report.period}）。")
            elif options["start"] or options["end"]:
                self.stderr.write(
                    f"{report.title}已存在，沿用其统计期间（{report.period}），"
                    "--from、--to 未使用。"
                )
            if _is_blank(report):
                proposed = composer.draft(report, actor=None)
                self.stdout.write(f"已按记录生成初稿：拟稿建议{len(proposed)}段，待工作人员确认。")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

        view = document.read_report(report)
        for problem in view.problems:
            self.stderr.write(problem)
        from fazhi.core.documents import PdfUnavailable

        data = services.report_export(report, file_format=services.FORMAT_DOCX, actor=None)
        options["out"].write_bytes(data)
        pending = sum(1 for s in view.sections for p in s.paragraphs if p.proposal is not None)
        note = f"，其中{pending}段为待确认的拟稿建议" if pending else ""
        self.stdout.write(f"已写出：{options['out']}（{report.title}{note}）")
        if options["pdf"]:
            try:
                pdf = services.report_export(report, file_format=services.FORMAT_PDF, actor=None)
                options["pdf"].write_bytes(pdf)
            except PdfUnavailable as exc:  # the .docx is written all the same
                raise CommandError(f"已写出 .docx，但未能生成 PDF：{exc}") from None
            self.stdout.write(f"已写出：{options['pdf']}")
