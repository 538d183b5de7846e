"""Excel import of what the 司法所 keeps in spreadsheets today: the lawyers, the phone and
WeChat desks' consultation logs, and the village duty rosters.

Column headers, examples and help stay Chinese in any interface language: they are the
template's text, and the headers are what the upload is read by.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.formats import cn_date
from fazhi.core.imports import (
    CellError,
    Choice,
    Column,
    Date,
    DateTime,
    Importer,
    Integer,
    ParseContext,
    Phone,
    Reference,
    Text,
    Time,
    Unique,
    YesNo,
)
from fazhi.core.imports.cells import cell_text
from fazhi.legal_services.models import Consultation, DutyShift, LawFirm, Lawyer, Topic
from fazhi.legal_services.services import duty as duty_services
from fazhi.legal_services.services import registry as services
from fazhi.org.models import Street, User, Village

# A number typed into a General cell keeps 15 significant digits: a 17-digit licence number
# read as a number has already lost its last digits.
_LONG_NUMBER = 10**15


class DigitsText(Text):
    """Text made of digits (a licence number, a landline): the template keeps it as text."""

    text_format = True

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= _LONG_NUMBER:
            raise CellError(
                _(
                    "长数字须按文本填写：请把该列设为“文本”格式，或在数字前加英文单引号，"
                    "否则Excel会丢失末尾的数字。"
                )
            )
        return cell_text(value)


class LawyerCell(Text):
    """A lawyer of the street, named by the name or, where two share it, the licence number."""

    kind = "本街道已登记律师的姓名或17位执业证号（有重名时填执业证号）"
    text_format = True

    def __init__(self, *, in_register_only: bool) -> None:
        self.in_register_only = in_register_only

    def _lawyers(self, ctx: ParseContext) -> list[Lawyer]:
        key = id(self)
        if key not in ctx.cache:
            ctx.cache[key] = list(Lawyer.objects.for_user(ctx.user).order_by("name"))
        found: list[Lawyer] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        text = DigitsText().parse(value, ctx)
        lawyers = self._lawyers(ctx)
        lawyer = next((lw for lw in lawyers if lw.licence_no == text), None)
        if lawyer is None:
            named = [lw for lw in lawyers if lw.name == text]
            if not named:
                raise CellError(_("本街道没有姓名或执业证号为“%(text)s”的律师。") % {"text": text})
            if len(named) > 1:
                raise CellError(
                    _("本街道有%(count)s位名为“%(name)s”的律师，请改填执业证号。")
                    % {"count": len(named), "name": text}
                )
            lawyer = named[0]
        if self.in_register_only and not lawyer.is_active:
            raise CellError(_("律师%(name)s已不在册。") % {"name": lawyer.name})
        return lawyer

    def display(self, value: Any) -> str:
        return str(value.name)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return [lw.name for lw in self._lawyers(ctx) if lw.is_active or not self.in_register_only]


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


def _village_dissolved(village: Village) -> str | None:
    if village.dissolved_on:
        return _("村居“%(name)s”已于%(date)s撤销。") % {
            "name": village.name,
            "date": cn_date(village.dissolved_on),
        }
    return None


def _village(required: bool, example: str) -> Column:
    return Column(
        "村居",
        "village",
        Reference(
            lambda user: Village.objects.for_user(user),
            to_field="name",
            label=gettext_lazy("村居"),
            check=_village_dissolved,
        ),
        required=required,
        example=example,
    )


# --- Lawyers --------------------------------------------------------------------------------


def _create_lawyer(values: dict[str, Any], *, user: User) -> Lawyer:
    return services.lawyer_create(street=_own_street(user), actor=user, **values)


def _create_lawyers(rows: list[dict[str, Any]], *, user: User) -> list[Lawyer]:
    return services.lawyer_create_many(street=_own_street(user), actor=user, rows=rows)


LAWYER_IMPORT = Importer(
    key="lawyer",
    title=gettext_lazy("律师"),
    model=Lawyer,
    namespace="legal_services",
    perm="legal_services.import_legal_services",
    list_url="legal_services:lawyer_list",
    create=_create_lawyer,
    create_many=_create_lawyers,
    description=gettext_lazy(
        "为本街道服务的律师：所属律师事务所（须先登记）、姓名、执业证号、手机号码和擅长领域。"
    ),
    columns=[
        Column(
            "律师事务所",
            "firm",
            Reference(
                lambda user: LawFirm.objects.for_user(user),
                to_field="name",
                label=gettext_lazy("律师事务所"),
            ),
            required=True,
            example="大有律师事务所",
        ),
        Column("姓名", "name", required=True, example="王明"),
        Column(
            "执业证号",
            "licence_no",
            DigitsText(),
            required=True,
            example="11201201010000001",
            help="17位数字，本街道内不能重复。",
        ),
        Column("手机号码", "phone", Phone(), required=True, example="13812345678"),
        Column("擅长领域", "specialties", example="婚姻家庭、劳动争议"),
        Column("备注", "note", example=""),
    ],
    unique=[Unique(("licence_no",))],
)


# --- Consultation logs ----------------------------------------------------------------------


def _create_consultation(values: dict[str, Any], *, user: User) -> Consultation:
    return services.consultation_create(street=_own_street(user), actor=user, **values)


def _create_consultations(rows: list[dict[str, Any]], *, user: User) -> list[Consultation]:
    return services.consultation_create_many(street=_own_street(user), actor=user, rows=rows)


def _check_consultation(values: dict[str, Any], user: User) -> None:
    services.consultation_check(values)


CONSULTATION_IMPORT = Importer(
    key="consultation",
    title=gettext_lazy("咨询登记"),
    model=Consultation,
    namespace="legal_services",
    perm="legal_services.import_legal_services",
    list_url="legal_services:consultation_list",
    create=_create_consultation,
    create_many=_create_consultations,
    validate=_check_consultation,
    description=gettext_lazy(
        "电话、微信咨询台的咨询登记表：时间、渠道、事项、问题、解答、律师、用时、咨询人和是否回访。"
        "由12348热线转来或转往12348热线的，请填写12348工单号。"
    ),
    columns=[
        Column(
            "时间",
            "occurred_at",
            DateTime(),
            required=True,
            example=datetime(2020, 9, 28, 10, 30),  # noqa: DTZ001 (a cell holds no time zone)
        ),
        Column(
            "渠道", "channel", Choice(Consultation.Channel.choices), required=True, example="电话"
        ),
        Column("事项", "topic", Choice(Topic.choices), required=True, example="劳动争议"),
        Column("问题", "question", required=True, example="单位拖欠工资三个月，应当去哪里投诉？"),
        Column(
            "解答",
            "answer",
            example="可向劳动保障监察机构投诉，也可申请劳动争议仲裁，仲裁时效为一年。",
        ),
        Column("律师", "lawyer", LawyerCell(in_register_only=False), example="王明"),
        Column("用时", "minutes", Integer(max_value=600, unit="分钟"), example=15),
        Column("咨询人", "resident_name", example="李女士"),
        Column("电话", "resident_phone", DigitsText(), example="13812345678"),
        Column("是否回访", "follow_up_needed", YesNo(), example="否"),
        Column("回访情况", "follow_up_note", example=""),
        _village(False, "幸福社区"),
        Column(
            "转办去向",
            "referral",
            Choice(Consultation.Referral.choices),
            example="无",
            help="转往12348热线的选“转12348热线”，并填写12348工单号。",
        ),
        Column(
            "12348工单号",
            "hotline_ticket",
            example="",
            help="渠道为“12348转办”或转办去向为“转12348热线”时必填，其他情形不填。",
        ),
    ],
    unique=[
        Unique(
            ("occurred_at", "channel", "question"),
            label=gettext_lazy("咨询登记"),
        )
    ],
)


# --- Duty rosters ---------------------------------------------------------------------------


def _create_shift(values: dict[str, Any], *, user: User) -> DutyShift:
    return duty_services.duty_shift_create(street=_own_street(user), actor=user, **values)


DUTY_ROSTER_IMPORT = Importer(
    key="dutyshift",
    title=gettext_lazy("值班表"),
    model=DutyShift,
    namespace="legal_services",
    perm="legal_services.import_legal_services",
    list_url="legal_services:dutyshift_list",
    create=_create_shift,
    description=gettext_lazy(
        "村居法律顾问的值班安排：村居、日期、起止时间、值班律师、地点和可预约名额。"
        "导入后的值班即可在预约页面上预约。"
    ),
    columns=[
        _village(True, "幸福社区"),
        Column("日期", "date", Date(), required=True, example=date(2020, 9, 28)),
        Column("开始时间", "starts_at", Time(), required=True, example=time(9, 0)),
        Column("结束时间", "ends_at", Time(), required=True, example=time(11, 30)),
        Column(
            "律师（按姓名或执业证号）",
            "lawyer",
            LawyerCell(in_register_only=True),
            required=True,
            example="王明",
        ),
        Column("地点", "place", example="幸福社区党群服务中心法律服务室"),
        Column(
            "可预约名额",
            "capacity",
            Integer(max_value=99, unit="人"),
            example=4,
            help="不填为4人；填0表示不接受预约，只接待现场来访。",
        ),
    ],
    unique=[
        Unique(
            ("lawyer", "date", "starts_at"),
            label=gettext_lazy("值班"),
        )
    ],
)

IMPORTERS: list[Importer] = [LAWYER_IMPORT, CONSULTATION_IMPORT, DUTY_ROSTER_IMPORT]
