"""Excel import of study attendance (学法签到表): the sign-in sheets the office keeps today, one
row per person and session.

Column headers, examples and help stay Chinese in any interface language: they are the
template's text, and the headers are what the upload is read by.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date
from fazhi.core.imports import CellError, Column, Date, Importer, ParseContext, Text, Unique, YesNo
from fazhi.core.imports.cells import cell_text
from fazhi.org.models import Street, User
from fazhi.study import services
from fazhi.study.models import MAX_HOURS, StudyAttendance, StudySession
from fazhi.study.selectors import study_people


class SessionCell(Text):
    """A study session of the street, named by its date and theme: 2020-06-12 民法典专题学习."""

    kind = (
        "本街道已登记的学法活动：学习日期和学习主题，中间空一格，例如 2020-06-12 《民法典》专题学习"
    )
    _split = re.compile(r"^(\S+(?:\s*日)?)\s+(.+)$")

    def _sessions(self, ctx: ParseContext) -> list[StudySession]:
        key = id(self)
        if key not in ctx.cache:
            ctx.cache[key] = list(StudySession.objects.for_user(ctx.user).order_by("date", "pk"))
        found: list[StudySession] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = cell_text(value)
        match = self._split.match(text)
        if match is None:
            raise CellError(_("请按“学习日期 学习主题”填写，例如 2020-06-12 《民法典》专题学习。"))
        day: date = Date().parse(match.group(1), ctx)
        title = match.group(2).strip()
        found = [s for s in self._sessions(ctx) if s.date == day and s.title == title]
        if not found:
            raise CellError(
                _("本街道没有%(date)s“%(title)s”这次学法活动，请先登记学法活动。")
                % {"date": cn_date(day), "title": title}
            )
        if len(found) > 1:
            raise CellError(
                _("%(date)s有%(count)s次同名的学法活动，请先修改学习主题以便区分。")
                % {"date": cn_date(day), "count": len(found)}
            )
        return found[0]

    def display(self, value: Any) -> str:
        return str(value)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return [f"{s.date:%Y-%m-%d} {s.title}" for s in self._sessions(ctx)]


class PersonCell(Text):
    """A staff member of the street, named by the name or, where two share it, the user name."""

    kind = "本街道工作人员的姓名（有重名时填登录用户名）"

    def _people(self, ctx: ParseContext) -> list[User]:
        key = id(self)
        if key not in ctx.cache:
            ctx.cache[key] = list(study_people(ctx.street))
        found: list[User] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = cell_text(value)
        people = self._people(ctx)
        person = next((p for p in people if p.username.lower() == text.lower()), None)
        if person is not None:
            return person
        named = [p for p in people if p.full_name == text]
        if not named:
            raise CellError(
                _("本街道没有姓名或用户名为“%(text)s”的在岗工作人员。") % {"text": text}
            )
        if len(named) > 1:
            raise CellError(
                _("本街道有%(count)s名工作人员名为“%(name)s”，请改填登录用户名。")
                % {"count": len(named), "name": text}
            )
        return named[0]

    def display(self, value: Any) -> str:
        return str(value.display_name)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return [p.full_name or p.username for p in self._people(ctx)]


class Hours(Text):
    """Hours to one decimal (2, 1.5, 1.5学时)."""

    kind = "学时数，可带一位小数，例如 2 或 1.5"

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = cell_text(value).removesuffix("学时").removesuffix("小时").strip()
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise CellError(_("请填写学时数，例如 2 或 1.5。")) from None
        if not hours.is_finite() or hours < 0 or hours > MAX_HOURS:
            raise CellError(_("学时须在0至%(max)s之间。") % {"max": MAX_HOURS})
        if hours != hours.quantize(Decimal("0.1")):
            raise CellError(_("学时最多保留一位小数。"))
        return hours.quantize(Decimal("0.1"))


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


def _create_attendance(values: dict[str, Any], *, user: User) -> StudyAttendance:
    return services.study_attendance_create(street=_own_street(user), actor=user, **values)


def _check_attendance(values: dict[str, Any], user: User) -> None:
    services.study_attendance_check(values, street=_own_street(user))


ATTENDANCE_IMPORT = Importer(
    key="attendance",
    title=gettext_lazy("学法签到"),
    model=StudyAttendance,
    namespace="study",
    perm="study.import_study",
    list_url="study:studyattendance_list",
    create=_create_attendance,
    validate=_check_attendance,
    description=gettext_lazy(
        "学法签到表：每行一名人员参加一次学法活动的情况。学法活动须先登记，按“学习日期 学习主题”"
        "填写；出席的不填学时则按该次学法的学时计入，未出席的不计学时。"
    ),
    columns=[
        Column(
            "学法活动",
            "session",
            SessionCell(),
            required=True,
            example="2020-06-12 《民法典》专题学习",
        ),
        Column("人员", "user", PersonCell(), required=True, example="张明"),
        Column("出席", "attended", YesNo(), example="是", help="不填为“是”。"),
        Column(
            "计入学时",
            "hours",
            Hours(),
            example=2,
            help="出席的不填按学法活动的学时计入；不能超过该次学法的学时。",
        ),
        Column("说明", "note", example="", help="例如：请假原因、中途离开。"),
    ],
    unique=[Unique(("session", "user"), label=gettext_lazy("签到记录"))],
)

IMPORTERS: list[Importer] = [ATTENDANCE_IMPORT]
