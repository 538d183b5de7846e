"""Excel import of what enforcement teams keep in spreadsheets today: the violation catalogue
(a new edition of the list updates the categories it names by their code) and patrol logs.

Every row goes through the same services as the forms; one refused row imports nothing.
Column headers, examples and help stay Chinese in any interface language: they are the
template's text, and the headers are what the upload is read by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.imports import (
    CellError,
    Column,
    DateTime,
    Importer,
    Integer,
    ParseContext,
    Reference,
    Text,
    Unique,
)
from fazhi.core.imports.cells import cell_text
from fazhi.core.imports.importer import Row
from fazhi.enforcement.models import KeyArea, Patrol, ViolationCategory
from fazhi.enforcement.services import patrols as patrol_services
from fazhi.enforcement.services import registry as registry_services
from fazhi.org.models import Grid, Street, User


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


class Money(Text):
    """An amount of yuan (200, 200.5, 200元, 1,000); not negative, at most two decimals."""

    kind = "金额（元），例如 200 或 1000.50"

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = repr(value)
        else:
            text = cell_text(value).replace(",", "").replace("，", "")
            text = re.sub(r"\s*元$", "", text)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(_("请填写金额（元），例如 200。")) from None
        if not amount.is_finite() or amount < 0:
            raise CellError(_("金额不能为负数。"))
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise CellError(_("金额最多保留两位小数。"))
        if amount >= Decimal("1e10"):
            raise CellError(_("金额过大，请核对。"))
        return amount.quantize(Decimal("0.01"))

    def display(self, value: Any) -> str:
        return f"{value:,.2f}"


class CodeText(Text):
    """A code as typed (CR-01): the template keeps it as text."""

    text_format = True


# --- The violation catalogue --------------------------------------------------------------------


def _existing_category(values: dict[str, Any], street: Street) -> ViolationCategory | None:
    code = values.get("code")
    if not code:
        return None
    return ViolationCategory.objects.filter(street=street, code=code).first()


def _import_category(values: dict[str, Any], *, user: User) -> ViolationCategory:
    return registry_services.violation_category_import(
        street=_own_street(user), actor=user, **values
    )


@dataclass(frozen=True)
class ViolationCategoryImporter(Importer):
    """The catalogue's import: a row naming a code the street has updates that category (its
    empty optional cells leave what is registered); any other row adds a category."""

    def _check_models(self, rows: list[Row], ctx: ParseContext) -> None:
        for row in rows:
            self._check_row(row, ctx)

    def _check_row(self, row: Row, ctx: ParseContext) -> None:
        current = _existing_category(row.values, ctx.street)
        try:
            if current is None:
                instance = ViolationCategory(street=ctx.street, **row.values)
            else:
                instance = current
                for name, value in row.values.items():
                    setattr(instance, name, value)
            instance.full_clean()
        except ValidationError as exc:
            row.errors.extend(self.row_errors(row.number, exc))


VIOLATION_CATEGORY_IMPORT = ViolationCategoryImporter(
    key="violationcategory",
    title=gettext_lazy("违法行为目录"),
    model=ViolationCategory,
    namespace="enforcement",
    perm="enforcement.import_enforcement",
    list_url="enforcement:violationcategory_list",
    create=_import_category,
    description=gettext_lazy(
        "违法行为目录：编码、违法行为、违法依据、处罚依据、处罚幅度和罚款上下限。编码与已登记类别"
        "相同的，更新该类别（留空的选填列不改变已登记的内容）；其他行登记为新的类别。"
    ),
    columns=[
        Column(
            "编码",
            "code",
            CodeText(),
            required=True,
            example="CR-01",
            help="本街道内唯一；与已登记类别相同的编码更新该类别。",
        ),
        Column("违法行为", "name", required=True, example="占道经营"),
        Column(
            "违法依据",
            "legal_basis",
            required=True,
            example="《天津市市容和环境卫生管理条例》第十八条",
        ),
        Column(
            "处罚依据",
            "penalty_basis",
            example="《天津市市容和环境卫生管理条例》第五十二条",
        ),
        Column("处罚幅度", "penalty_range", example="责令改正，可以处二百元以下罚款。"),
        Column("罚款下限（元）", "fine_min", Money(), example=0),
        Column("罚款上限（元）", "fine_max", Money(), example=200),
    ],
    # Codes and names are unique within the file; a code the street has is an update.
    unique=[
        Unique(("code",), label=gettext_lazy("违法行为类别"), existing=lambda qs: qs.none()),
        Unique(("name",), label=gettext_lazy("违法行为类别"), existing=lambda qs: qs.none()),
    ],
)


# --- Patrol logs -------------------------------------------------------------------------------


class Members(Text):
    """The patrol's members: accounts of the street named by user name or full name,
    separated by 、，, ; or spaces. A full name two accounts share must be a user name."""

    kind = "本街道账号的用户名或姓名，多人用顿号分隔，例如 刘执法、陈执法"

    def _accounts(self, ctx: ParseContext) -> list[User]:
        key = id(self)
        if key not in ctx.cache:
            ctx.cache[key] = list(
                User.objects.filter(street_id=ctx.user.street_id, is_active=True).order_by(
                    "username"
                )
            )
        found: list[User] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        names = [n for n in re.split(r"[、，,;；\s]+", cell_text(value)) if n]
        accounts = self._accounts(ctx)
        members: list[User] = []
        for name in names:
            user = next((u for u in accounts if u.username.lower() == name.lower()), None)
            if user is None:
                named = [u for u in accounts if u.full_name == name]
                if not named:
                    raise CellError(
                        _("本街道没有用户名或姓名为“%(name)s”的在用账号。") % {"name": name}
                    )
                if len(named) > 1:
                    raise CellError(
                        _("本街道有%(count)s个姓名为“%(name)s”的账号，请改填用户名。")
                        % {"count": len(named), "name": name}
                    )
                user = named[0]
            if user not in members:
                members.append(user)
        if not members:
            raise CellError(_("请填写巡查人员。"))
        return members

    def display(self, value: Any) -> str:
        return "、".join(u.display_name for u in value)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return []


def _key_area_unused(area: KeyArea) -> str | None:
    return None if area.in_use else _("重点区域“%(name)s”已停用。") % {"name": area.name}


def _import_patrol(values: dict[str, Any], *, user: User) -> Patrol:
    fields = dict(values)
    members = fields.pop("members")
    return patrol_services.patrol_create(
        street=_own_street(user), actor=user, members=members, **fields
    )


@dataclass(frozen=True)
class PatrolLogImporter(Importer):
    """The patrol log's import: each row one patrol, its members a list of accounts."""

    def _check_models(self, rows: list[Row], ctx: ParseContext) -> None:
        for row in rows:
            self._check_row(row, ctx)

    def _check_row(self, row: Row, ctx: ParseContext) -> None:
        fields = dict(row.values)
        members = fields.pop("members", None)
        try:
            Patrol(street=ctx.street, **fields).full_clean()
            patrol_services.patrol_check(
                fields,
                members,
                street=ctx.street,
                actor=ctx.user,
                now=timezone.now(),
                current=None,
            )
        except ValidationError as exc:
            row.errors.extend(self.row_errors(row.number, exc))


PATROL_LOG_IMPORT = PatrolLogImporter(
    key="patrol",
    title=gettext_lazy("巡查记录"),
    model=Patrol,
    namespace="enforcement",
    perm="enforcement.import_enforcement",
    list_url="enforcement:patrol_list",
    create=_import_patrol,
    description=gettext_lazy(
        "巡查日志：开始和结束时间、网格编号或重点区域（至少填一项）、巡查人员、巡查路线、巡查情况"
        "和发现问题数。巡查人员填本街道账号的用户名或姓名，多人用顿号分隔。"
    ),
    columns=[
        Column(
            "开始时间",
            "started_at",
            DateTime(),
            required=True,
            example=datetime(2020, 9, 28, 9, 0),  # noqa: DTZ001 (a cell holds no time zone)
        ),
        Column(
            "结束时间",
            "ended_at",
            DateTime(),
            example=datetime(2020, 9, 28, 11, 30),  # noqa: DTZ001
        ),
        Column(
            "网格编号",
            "grid",
            Reference(
                lambda user: Grid.objects.for_user(user),
                to_field="code",
                label=gettext_lazy("网格编号"),
            ),
            example="HB-01-01",
            help="与重点区域至少填一项。",
        ),
        Column(
            "重点区域",
            "key_area",
            Reference(
                lambda user: KeyArea.objects.for_user(user),
                to_field="name",
                label=gettext_lazy("重点区域"),
                check=_key_area_unused,
            ),
            example="幸福路",
            help="与网格编号至少填一项。",
        ),
        Column("巡查人员", "members", Members(), required=True, example="刘执法、陈执法"),
        Column("巡查路线", "route", required=True, example="幸福路—光明大道—花园路"),
        Column("巡查情况", "findings", example="发现占道经营两处，已当场劝离。"),
        Column("发现问题数", "problems_found", Integer(max_value=999, unit="个"), example=2),
    ],
    unique=[Unique(("started_at", "route"), label=gettext_lazy("巡查记录"))],
)

IMPORTERS: list[Importer] = [VIOLATION_CATEGORY_IMPORT, PATROL_LOG_IMPORT]
