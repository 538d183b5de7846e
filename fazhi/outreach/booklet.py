"""普法展示录: the showcase booklet of a period's law education, as a Word document.

Modelled on the booklets streets hand to the 七五普法 acceptance: a cover (the street, the
title, the period, the compiling office and the date), a table of contents, then a page per
activity (its date and title, what kind it was, where, who organised it and with whom, for whom
and how many, the materials handed out and the laws publicised, and its photos with captions),
a page per media work (kind, partner, platform, link, views) and a closing section of the
recognitions received. Fonts and margins follow the official-document standard (GB/T 9704):
A4, 仿宋 for the text, 黑体 and 楷体 for the headings. The document is always in Chinese,
whatever the language of the person exporting it.

The staff choose the period and tick the records; every export is audited, naming who made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.documents import docx_to_pdf
from fazhi.core.docx import (
    add_page_numbers,
    add_paragraph,
    begin_field,
    end_field,
    set_font,
    update_fields_on_open,
)
from fazhi.core.formats import cn_date
from fazhi.core.plain_text import plain_text
from fazhi.org.models import Street, User
from fazhi.outreach.models import Activity, MediaWork, Recognition

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
# Photos two to a row (each in a column of half the text's width, within the cell's margins),
# up to four on a page beside the heading and the paragraph; a lone photo larger.
GRID_COLUMN = Cm(7.8)
GRID_PHOTO = (Cm(7.3), Cm(5.5))
LONE_PHOTO = (Cm(13.0), Cm(9.0))
# A poster's picture is shown when its file is no larger than this.
MAX_POSTER_BYTES = 10 * 1024 * 1024

FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"


# --- names -------------------------------------------------------------------------------------


def street_title(street: Street) -> str:
    """The street as it signs: 海滨街 → 海滨街道 (a town, 镇 or 乡, as it is)."""
    name = street.name.strip()
    if name.endswith("办事处"):
        name = name[: -len("办事处")]
    if name.endswith("街"):
        name += "道"
    return name


def default_compiler(street: Street) -> str:
    """The office that compiles the booklet: 海滨街道办事处, or 某镇人民政府."""
    title = street_title(street)
    return f"{title}办事处" if title.endswith("街道") else f"{title}人民政府"


def default_title(street: Street, start: date, end: date) -> str:
    """海滨街道2020年普法展示录 (2019—2020年 for a period across years)."""
    years = f"{start.year}" if start.year == end.year else f"{start.year}—{end.year}"
    return f"{street_title(street)}{years}年普法展示录"


def period_text(start: date, end: date) -> str:
    """2020年1月1日至2020年9月28日."""
    with translation.override("zh-hans"):
        return f"{cn_date(start)}至{cn_date(end)}"


# --- what may go in ----------------------------------------------------------------------------


def period_activities(user: Any, start: date, end: date) -> QuerySet[Activity]:
    """The activities held in the period that the user may see, with their photos counted."""
    return (
        Activity.objects.for_user(user)
        .filter(status=Activity.Status.HELD, held_on__gte=start, held_on__lte=end)
        .select_related("department", "village", "partner_firm")
        .annotate(
            photo_count=Count("photos", distinct=True),
            consultation_count=Count("consultations", distinct=True),
        )
        .order_by("held_on", "id")
    )


def period_works(user: Any, start: date, end: date) -> QuerySet[MediaWork]:
    """The media works published in the period that the user may see."""
    return (
        MediaWork.objects.for_user(user)
        .filter(published_on__gte=start, published_on__lte=end)
        .select_related("partner_firm", "department")
        .order_by("published_on", "id")
    )


def period_recognitions(user: Any, start: date, end: date) -> QuerySet[Recognition]:
    """The recognitions received in the period that the user may see."""
    return (
        Recognition.objects.for_user(user)
        .filter(recognised_on__gte=start, recognised_on__lte=end)
        .select_related("work")
        .order_by("recognised_on", "id")
    )


@dataclass(frozen=True)
class Booklet:
    """What one export holds: the street, the cover's words and the chosen records."""

    street: Street
    title: str
    start: date
    end: date
    compiler: str
    compiled_on: date
    activities: list[Activity]
    works: list[MediaWork]
    recognitions: list[Recognition]


def booklet_of(
    *,
    street: Street,
    title: str,
    start: date,
    end: date,
    compiler: str,
    compiled_on: date,
    activities: QuerySet[Activity],
    works: QuerySet[MediaWork],
    recognitions: QuerySet[Recognition],
) -> Booklet:
    """The booklet of the chosen records (querysets already limited to what the user may see),
    in the order of their dates, each loaded with what its page shows."""
    return Booklet(
        street=street,
        title=title,
        start=start,
        end=end,
        compiler=compiler,
        compiled_on=compiled_on,
        activities=list(
            Activity.objects.filter(pk__in=activities.values("pk"))
            .select_related("department", "village", "partner_firm")
            .prefetch_related("themes", "photos")
            .annotate(consultation_count=Count("consultations", distinct=True))
            .order_by("held_on", "id")
        ),
        works=list(
            MediaWork.objects.filter(pk__in=works.values("pk"))
            .select_related("partner_firm", "department")
            .prefetch_related("themes")
            .order_by("published_on", "id")
        ),
        recognitions=list(
            Recognition.objects.filter(pk__in=recognitions.values("pk"))
            .select_related("work")
            .order_by("recognised_on", "id")
        ),
    )


# --- the export ----------------------------------------------------------------------------------


def booklet_export(booklet: Booklet, *, file_format: str, actor: User) -> bytes:
    """The booklet as a .docx or, printed by LibreOffice, a PDF; the export is audited.

    Raises ``core.documents.PdfUnavailable`` when no PDF can be made (nothing is audited then).
    """
    content = booklet_docx(booklet)
    if file_format == FORMAT_PDF:
        content = docx_to_pdf(content, update_contents=True)
    elif file_format != FORMAT_DOCX:
        raise ValueError(f"unknown booklet format {file_format!r}")
    record(
        actor=actor,
        action=Action.EXPORT,
        street=booklet.street,
        object_type="outreach.booklet",
        object_repr=format_lazy("{}：{}", _("普法展示录"), booklet.title),
        extra={
            "format": file_format,
            "title": booklet.title,
            "start": booklet.start,
            "end": booklet.end,
            "activities": [a.pk for a in booklet.activities],
            "media_works": [w.pk for w in booklet.works],
            "recognitions": [r.pk for r in booklet.recognitions],
        },
    )
    return content


# --- the document -------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1–99 in Chinese numerals, as headings are numbered (一、（十二）); larger as digits."""
    if not 0 < value < 100:
        return str(value)
    if value < 10:
        return _DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def booklet_docx(booklet: Booklet) -> bytes:
    """The booklet as a .docx."""
    with translation.override("zh-hans"):
        return _Writer(booklet).build()


@dataclass
class _Entry:
    """A heading of the table of contents."""

    level: int
    text: str


class _Writer:
    def __init__(self, booklet: Booklet) -> None:
        self.booklet = booklet
        self.document: Any = Document()
        self.figure = 0
        self.entries: list[_Entry] = []

    # The layout ---------------------------------------------------------------------------

    def build(self) -> bytes:
        document = self.document
        self._page_setup(document.sections[0])
        self._styles()
        self._cover()

        body = document.add_section(WD_SECTION.NEW_PAGE)
        self._page_setup(body)
        self._page_numbers(body)
        chapters = self._chapters()
        self._contents()
        for write in chapters:
            write()
        update_fields_on_open(document)

        properties = document.core_properties
        properties.title = plain_text(self.booklet.title)
        properties.author = plain_text(self.booklet.compiler)
        properties.subject = "普法展示录"
        properties.language = "zh-CN"
        buffer = BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _page_setup(section: Any) -> None:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        set_font(normal, BODY_FONT, 16)
        normal.paragraph_format.line_spacing = Pt(28)
        normal.paragraph_format.space_after = Pt(0)

        for name, font, size, bold in (
            ("Heading 1", HEADING_FONT, 16, False),
            ("Heading 2", SUBHEADING_FONT, 16, True),
        ):
            style = styles[name]
            set_font(style, font, size, bold=bold)
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.line_spacing = Pt(28)
            style.paragraph_format.space_before = Pt(0)
            style.paragraph_format.space_after = Pt(12)
        styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles["Heading 1"].paragraph_format.page_break_before = True
        styles["Heading 1"].paragraph_format.space_after = Pt(18)

        def add(name: str, font: str, size: float, *, bold: bool = False) -> Any:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            set_font(style, font, size, bold=bold)
            return style

        add(
            "展示录封面街道", HEADING_FONT, 22
        ).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cover_title = add("展示录封面标题", TITLE_FONT, 26, bold=True)
        cover_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cover_title.paragraph_format.line_spacing = Pt(40)
        add(
            "展示录封面落款", SUBHEADING_FONT, 16
        ).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        contents = add("展示录目录标题", HEADING_FONT, 16)
        contents.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        contents.paragraph_format.space_after = Pt(18)
        add("toc 1", HEADING_FONT, 14).paragraph_format.space_before = Pt(6)
        add("toc 2", BODY_FONT, 14).paragraph_format.left_indent = Pt(28)
        caption = add("展示录图注", SUBHEADING_FONT, 12)
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.line_spacing = Pt(20)
        caption.paragraph_format.space_after = Pt(10)
        picture = add("展示录图片", BODY_FONT, 16)
        picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # An exact line height would crop the picture to one line.
        picture.paragraph_format.line_spacing = 1.0
        picture.paragraph_format.space_before = Pt(6)
        picture.paragraph_format.keep_with_next = True

    def _paragraph(self, text: str = "", *, style: str = "Normal", indent: bool = False) -> Any:
        return add_paragraph(self.document, text, style=style, indent=32 if indent else None)

    def _cover(self) -> None:
        booklet = self.booklet
        street = booklet.street
        district = street.district
        place = f"{district.city}{district.name}{street_title(street)}"
        first = self._paragraph(place, style="展示录封面街道")
        first.paragraph_format.space_before = Pt(96)
        title = self._paragraph(booklet.title, style="展示录封面标题")
        title.paragraph_format.space_before = Pt(72)
        period = self._paragraph(
            f"（{period_text(booklet.start, booklet.end)}）", style="展示录封面落款"
        )
        period.paragraph_format.space_before = Pt(24)
        compiler = self._paragraph(booklet.compiler, style="展示录封面落款")
        compiler.paragraph_format.space_before = Pt(220)
        self._paragraph(cn_date(booklet.compiled_on), style="展示录封面落款")

    def _page_numbers(self, section: Any) -> None:
        """— 1 — at the foot of every page after the cover (GB/T 9704: at the right of odd
        pages, the left of even ones), counted from the contents."""
        add_page_numbers(self.document, section)
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)

    # The contents ---------------------------------------------------------------------------

    def _chapters(self) -> list[Any]:
        """The chapters the chosen records fill, numbered 一、二、三 in order; their headings
        are collected into ``self.entries`` for the contents."""
        booklet = self.booklet
        parts: list[tuple[str, list[str], Any]] = []
        if booklet.activities:
            parts.append(
                (
                    "普法活动",
                    [self._activity_heading(a) for a in booklet.activities],
                    self._activities,
                )
            )
        if booklet.works:
            parts.append(("普法作品", [self._work_heading(w) for w in booklet.works], self._works))
        if booklet.recognitions:
            parts.append(("表彰与肯定", [], self._recognitions))
        chapters = []
        for number, (name, headings, write) in enumerate(parts, start=1):
            heading = f"{chinese_number(number)}、{name}"
            self.entries.append(_Entry(1, heading))
            self.entries.extend(
                _Entry(2, f"（{chinese_number(n)}）{text}")
                for n, text in enumerate(headings, start=1)
            )
            chapters.append(lambda heading=heading, write=write: write(heading))
        return chapters

    def _contents(self) -> None:
        """目录: a TOC field that Word and LibreOffice update with page numbers, its current
        result the list of headings, so that it reads before any update."""
        self._paragraph("目\u3000\u3000录", style="展示录目录标题")
        entries = self.entries or [_Entry(1, "（无内容）")]
        first = self._paragraph(style=f"toc {entries[0].level}")
        begin_field(first, 'TOC \\o "1-2" \\h \\z \\u')
        first.add_run(plain_text(entries[0].text))
        last = first
        for entry in entries[1:]:
            last = self._paragraph(entry.text, style=f"toc {entry.level}")
        end_field(last)

    # The pages ------------------------------------------------------------------------------

    @staticmethod
    def _activity_heading(activity: Activity) -> str:
        return f"{cn_date(activity.held_on)}\u3000{activity.title}"

    @staticmethod
    def _work_heading(work: MediaWork) -> str:
        return f"{cn_date(work.published_on)}\u3000{work.title}"

    def _item_heading(self, number: int, text: str) -> None:
        heading = self.document.add_paragraph(
            plain_text(f"（{chinese_number(number)}）{text}"), style="Heading 2"
        )
        if number > 1:  # the first item shares its page with the chapter's heading
            heading.paragraph_format.page_break_before = True

    def _activities(self, chapter: str) -> None:
        self.document.add_paragraph(chapter, style="Heading 1")
        for number, activity in enumerate(self.booklet.activities, start=1):
            self._item_heading(number, self._activity_heading(activity))
            self._paragraph(activity_facts(activity), indent=True)
            for line in _lines(activity.summary):
                self._paragraph(line, indent=True)
            self._photos(activity)

    def _works(self, chapter: str) -> None:
        self.document.add_paragraph(chapter, style="Heading 1")
        chosen = {r.pk for r in self.booklet.recognitions}
        for number, work in enumerate(self.booklet.works, start=1):
            self._item_heading(number, self._work_heading(work))
            self._paragraph(work_facts(work), indent=True)
            for line in _lines(work.description):
                self._paragraph(line, indent=True)
            for recognition in self.booklet.recognitions:
                if recognition.work_id == work.pk and recognition.pk in chosen:
                    self._paragraph(
                        f"获得肯定：{cn_date(recognition.recognised_on)}，"
                        f"{recognition.recognised_by}，{recognition.get_level_display()}。",
                        indent=True,
                    )
            if work.kind == MediaWork.Kind.POSTER and work.file:
                self._poster(work)

    def _recognitions(self, chapter: str) -> None:
        self.document.add_paragraph(chapter, style="Heading 1")
        for number, recognition in enumerate(self.booklet.recognitions, start=1):
            lead = self._paragraph(indent=True)
            lead.add_run(
                plain_text(
                    f"（{chinese_number(number)}）{cn_date(recognition.recognised_on)}，"
                    f"{recognition.recognised_by}，{recognition.get_level_display()}："
                )
            ).bold = True
            lines = _lines(recognition.content)
            lead.add_run(plain_text(lines[0] if lines else ""))
            for line in lines[1:]:
                self._paragraph(line, indent=True)
            if recognition.work is not None:
                self._paragraph(f"获肯定的作品：《{recognition.work.title}》。", indent=True)
            if recognition.link:
                self._paragraph(f"链接：{recognition.link}", indent=True)

    # Pictures -------------------------------------------------------------------------------

    def _photos(self, activity: Activity) -> None:
        """The activity's photos two to a row, each with its caption (a lone photo larger, on
        its own); a photo Word cannot show is named in a note instead."""
        shown: list[tuple[bytes, Image, str]] = []
        for photo in activity.photos.all():
            label = photo.caption or activity.title
            try:
                with photo.file.open("rb") as stored:
                    blob = stored.read()
            except (OSError, ValueError):
                self._paragraph(f"（照片“{label}”的文件缺失，未能编入。）", style="展示录图注")
                continue
            image = _image(blob)
            if image is None:
                self._paragraph(
                    f"（照片“{label}”为HEIC等Word不能显示的格式，未能编入，请在系统中查看原图。）",
                    style="展示录图注",
                )
                continue
            shown.append((blob, image, label))
        if len(shown) == 1:
            blob, image, label = shown[0]
            self._picture(self.document.add_paragraph(style="展示录图片"), blob, image, LONE_PHOTO)
            self._caption(self.document.add_paragraph(style="展示录图注"), label)
            return
        if not shown:
            return
        table = self.document.add_table(rows=0, cols=2)
        table.autofit = False
        for left in range(0, len(shown), 2):
            row = table.add_row()
            # A row of photos is never split across two pages.
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, (blob, image, label) in zip(row.cells, shown[left : left + 2], strict=False):
                cell.width = GRID_COLUMN
                picture = cell.paragraphs[0]
                picture.style = self.document.styles["展示录图片"]
                self._picture(picture, blob, image, GRID_PHOTO)
                self._caption(cell.add_paragraph(style="展示录图注"), label)
            for cell in row.cells:
                cell.width = GRID_COLUMN

    def _poster(self, work: MediaWork) -> None:
        try:
            if work.file.size > MAX_POSTER_BYTES:
                return
            with work.file.open("rb") as stored:
                blob = stored.read()
        except (OSError, ValueError):
            return
        image = _image(blob)
        if image is not None:
            self._picture(self.document.add_paragraph(style="展示录图片"), blob, image, LONE_PHOTO)
            self._caption(self.document.add_paragraph(style="展示录图注"), work.title)

    @staticmethod
    def _picture(paragraph: Paragraph, blob: bytes, image: Image, box: tuple[int, int]) -> None:
        """The picture in ``paragraph``, as large as fits the box (width, height) unstretched."""
        box_width, box_height = box
        width = min(box_width, int(box_height * image.px_width / image.px_height))
        height = int(width * image.px_height / image.px_width)
        paragraph.add_run().add_picture(BytesIO(blob), width=width, height=height)

    def _caption(self, paragraph: Paragraph, label: str) -> None:
        self.figure += 1
        paragraph.add_run(plain_text(f"图{self.figure}\u3000{label}"))


def _image(blob: bytes) -> Image | None:
    """The picture's header as python-docx reads it, or None when Word cannot show it (HEIC,
    or not a picture at all)."""
    try:
        image = Image.from_blob(blob)
    except (UnrecognizedImageError, ValueError, KeyError, IndexError):
        return None
    if not image.px_width or not image.px_height:
        return None
    return image


def activity_facts(activity: Activity) -> str:
    """The activity in one paragraph: 活动类型：讲座；活动地点：…；组织部门：…。"""
    facts = [f"活动类型：{activity.get_kind_display()}"]
    place = activity.place.strip()
    if activity.village is not None and activity.village.name not in place:
        place = f"{place}（{activity.village.name}）" if place else activity.village.name
    if place:
        facts.append(f"活动地点：{place}")
    facts.append(f"组织部门：{activity.department}")
    partners = [str(activity.partner_firm)] if activity.partner_firm else []
    partners += [p for p in _split(activity.partners) if p not in partners]
    if partners:
        facts.append(f"协办单位：{'、'.join(partners)}")
    if activity.audience:
        facts.append(f"宣传对象：{activity.audience}")
    if activity.headcount:
        facts.append(f"参与人数：{activity.headcount}人")
    if activity.materials:
        facts.append(f"发放宣传材料：{activity.materials}份")
    consultations = getattr(activity, "consultation_count", 0)
    if consultations:
        facts.append(f"现场解答法律咨询：{consultations}人次")
    themes = "、".join(t.name for t in activity.themes.all())
    if themes:
        facts.append(f"宣传的法律法规和主题：{themes}")
    return "；".join(facts) + "。"


def work_facts(work: MediaWork) -> str:
    """The work in one paragraph: 作品类型：短视频；合作单位：…；发布平台：…；链接：…。"""
    facts = [f"作品类型：{work.get_kind_display()}"]
    if work.partner_firm is not None:
        facts.append(f"合作单位：{work.partner_firm}")
    if work.makers:
        facts.append(f"制作人员：{work.makers}")
    if work.department is not None:
        facts.append(f"责任部门：{work.department}")
    if work.platform:
        facts.append(f"发布平台：{work.get_platform_display()}")
    if work.views is not None:
        facts.append(f"播放或阅读量：{work.views}次")
    themes = "、".join(t.name for t in work.themes.all())
    if themes:
        facts.append(f"普法主题：{themes}")
    if work.link:
        facts.append(f"作品链接：{work.link}")
    return "；".join(facts) + "。"


def _split(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.replace("，", "、").replace(",", "、").split("、")
        if part.strip()
    ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in plain_text(text or "").splitlines() if line.strip()]
