"""Excel import of what offices keep in spreadsheets today: the activity ledger (普法活动台账),
the publicity log, the FAQ collected with the partner firm, and the question bank.

Column headers, examples and help stay Chinese in any interface language: they are the
template's text, and the headers are what the upload is read by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.access import Refusal
from fazhi.core.imports import (
    CellError,
    Choice,
    Column,
    Date,
    Importer,
    Integer,
    ParseContext,
    Reference,
    Text,
    Unique,
    YesNo,
)
from fazhi.core.imports.cells import cell_text
from fazhi.core.imports.importer import Row
from fazhi.legal_services.models import LawFirm, WechatGroup
from fazhi.org.models import Department, Grid, Street, User, Village
from fazhi.outreach import services
from fazhi.outreach.models import (
    OPTION_LETTERS,
    Activity,
    FaqEntry,
    PublicityItem,
    Question,
    Theme,
)

PERM = "outreach.import_outreach"


def _own_street(user: User) -> Street:
    if user.street is None:  # Importer.check_access refuses such accounts before this
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能导入。")))
    return user.street


class ThemesCell(Text):
    """One or more themes of the street, by name, separated by 、 or a comma."""

    kind = "本街道已有的普法主题名称，多个用顿号分隔"

    def _themes(self, ctx: ParseContext) -> dict[str, Theme]:
        key = id(self)
        if key not in ctx.cache:
            ctx.cache[key] = {t.name: t for t in Theme.objects.for_user(ctx.user)}
        found: dict[str, Theme] = ctx.cache[key]
        return found

    def parse(self, value: Any, ctx: ParseContext) -> Any:
        names = [n.strip() for n in re.split(r"[、,，;；]", cell_text(value)) if n.strip()]
        themes = self._themes(ctx)
        missing = [n for n in names if n not in themes]
        if missing:
            raise CellError(_("本街道没有普法主题：%(names)s。") % {"names": _("、").join(missing)})
        return [themes[n] for n in dict.fromkeys(names)]

    def display(self, value: Any) -> str:
        return "、".join(t.name for t in value)

    def allowed(self, ctx: ParseContext) -> list[str]:
        return [name for name, t in self._themes(ctx).items() if t.is_active]


def _reference(model: Any, label: Any, to_field: str = "name") -> Reference:
    return Reference(lambda user: model.objects.for_user(user), to_field=to_field, label=label)


def _village_column(example: str = "") -> Column:
    return Column("村居", "village", _reference(Village, gettext_lazy("村居")), example=example)


def _department_column(required: bool, example: str) -> Column:
    return Column(
        "部门" if not required else "组织部门",
        "department",
        _reference(Department, gettext_lazy("部门")),
        required=required,
        example=example,
    )


def _firm_column() -> Column:
    return Column(
        "合作律师事务所",
        "partner_firm",
        _reference(LawFirm, gettext_lazy("律师事务所")),
        example="大有律师事务所",
    )


# --- Activities ------------------------------------------------------------------------------


def _create_activity(values: dict[str, Any], *, user: User) -> Activity:
    return services.activity_create(street=_own_street(user), actor=user, **values)


def _check_activity(values: dict[str, Any], user: User) -> None:
    services.activity_check(values)


ACTIVITY_IMPORT = Importer(
    key="activity",
    title=gettext_lazy("普法活动"),
    model=Activity,
    namespace="outreach",
    perm=PERM,
    list_url="outreach:activity_list",
    create=_create_activity,
    validate=_check_activity,
    description=gettext_lazy(
        "普法活动台账：日期、名称、类型、普法主题、组织部门、地点、参与人数和发放材料份数。"
    ),
    columns=[
        Column("活动日期", "held_on", Date(), required=True, example=date(2020, 6, 26)),
        Column("活动名称", "title", required=True, example="“6·26国际禁毒日”禁毒知识讲座"),
        Column("活动类型", "kind", Choice(Activity.Kind.choices), required=True, example="讲座"),
        Column(
            "状态",
            "status",
            Choice(Activity.Status.choices),
            example="已开展",
            help="不填为“已开展”。",
        ),
        Column("普法主题", "themes", ThemesCell(), required=True, example="《禁毒法》"),
        _department_column(True, "综合治理中心"),
        Column("地点", "place", example="祥和社区党群服务中心"),
        _village_column("祥和社区"),
        _firm_column(),
        Column("协办单位", "partners", example="海滨派出所、区禁毒办"),
        Column("宣传对象", "audience", example="辖区居民"),
        Column("参与人数", "headcount", Integer(unit="人"), example=60, help="已开展的活动必填。"),
        Column("发放宣传材料", "materials", Integer(unit="份"), example=50),
        Column("活动情况", "summary", example=""),
    ],
    unique=[Unique(("held_on", "title"), label=gettext_lazy("普法活动"))],
)


# --- Publicity items -------------------------------------------------------------------------


def _create_publicity(values: dict[str, Any], *, user: User) -> PublicityItem:
    return services.publicity_item_create(street=_own_street(user), actor=user, **values)


def _check_publicity(values: dict[str, Any], user: User) -> None:
    services.publicity_item_check(dict(values))


PUBLICITY_IMPORT = Importer(
    key="publicityitem",
    title=gettext_lazy("宣传记录"),
    model=PublicityItem,
    namespace="outreach",
    perm=PERM,
    list_url="outreach:publicityitem_list",
    create=_create_publicity,
    validate=_check_publicity,
    description=gettext_lazy(
        "线上推送和线下宣传的登记表：日期、渠道、标题或内容、数量、覆盖人数和村居网格；"
        "推送到微信群的请填写群名称。"
    ),
    columns=[
        Column("日期", "published_on", Date(), required=True, example=date(2020, 2, 1)),
        Column(
            "渠道", "channel", Choice(PublicityItem.Channel.choices), required=True, example="条幅"
        ),
        Column("标题或内容", "title", required=True, example="疫情防控 人人有责"),
        Column("内容类别", "kind", Choice(PublicityItem.Kind.choices), example="通知公告"),
        Column("数量", "quantity", Integer(), example=12, help="份数、条数、块数或次数。"),
        Column("覆盖人数或阅读量", "reach", Integer(), example=""),
        _village_column("港西新城社区"),
        Column("网格", "grid", _reference(Grid, gettext_lazy("网格"), "code"), example=""),
        Column(
            "微信群",
            "group",
            _reference(WechatGroup, gettext_lazy("微信群")),
            example="",
            help="渠道为微信群时必填。",
        ),
        _department_column(False, "社区建设管理办公室"),
        Column("链接", "link", example=""),
        Column("说明", "note", example=""),
    ],
)


# --- FAQ entries -----------------------------------------------------------------------------


def _create_faq(values: dict[str, Any], *, user: User) -> FaqEntry:
    return services.faq_entry_create(street=_own_street(user), actor=user, **values)


def _check_faq(values: dict[str, Any], user: User) -> None:
    day = values.get("published_on")
    if day is not None and day > timezone.localdate():
        raise ValidationError({"published_on": _("发布日期不能晚于今天。")})


FAQ_IMPORT = Importer(
    key="faqentry",
    title=gettext_lazy("常见法律问题"),
    model=FaqEntry,
    namespace="outreach",
    perm=PERM,
    list_url="outreach:faqentry_list",
    create=_create_faq,
    validate=_check_faq,
    description=gettext_lazy(
        "与律师事务所共同整理的常见法律问题：问题、解答、分类和法律依据。填写发布日期的直接发布，"
        "不填的作为草稿。"
    ),
    columns=[
        Column("问题", "question", required=True, example="疫情期间企业停工停产，工资怎么发？"),
        Column(
            "解答",
            "answer",
            required=True,
            example="停工停产在一个工资支付周期内的，企业应按劳动合同规定的标准支付工资。",
        ),
        Column(
            "分类", "category", Choice(FaqEntry.Category.choices), required=True, example="劳动用工"
        ),
        Column("法律依据", "law_references", example="《工资支付暂行规定》第十二条"),
        _firm_column(),
        Column("发布日期", "published_on", Date(), example=date(2020, 2, 20), help="不填为草稿。"),
    ],
    unique=[Unique(("question",), label=gettext_lazy("常见法律问题"))],
)


# --- The question bank -----------------------------------------------------------------------

_OPTION_FIELDS = [f"option_{letter.lower()}" for letter in OPTION_LETTERS]


@dataclass(frozen=True)
class QuestionImporter(Importer):
    """The options come in one column each (选项A, 选项B …) and make the question's list."""

    def _parse_row(self, number: int, raw: dict[str, Any], ctx: ParseContext) -> Row:
        row = super()._parse_row(number, raw, ctx)
        texts = [str(row.values.pop(name, "") or "").strip() for name in _OPTION_FIELDS]
        while texts and not texts[-1]:
            texts.pop()
        if "" in texts:
            row.errors.append(
                self.row_errors(
                    number, ValidationError(_("选项须从选项A起依次填写，中间不能空缺。"))
                )[0]
            )
        row.values["options"] = texts
        return row


def _create_question(values: dict[str, Any], *, user: User) -> Question:
    return services.question_create(street=_own_street(user), actor=user, **values)


def _create_questions(rows: list[dict[str, Any]], *, user: User) -> list[Question]:
    return services.question_create_many(street=_own_street(user), actor=user, rows=rows)


QUESTION_IMPORT = QuestionImporter(
    key="question",
    title=gettext_lazy("题库试题"),
    model=Question,
    namespace="outreach",
    perm=PERM,
    list_url="outreach:question_list",
    create=_create_question,
    create_many=_create_questions,
    description=gettext_lazy(
        "知识竞答题库：题型、题干、选项、正确答案、解析和法律依据；判断题不填选项。"
    ),
    columns=[
        Column("题型", "kind", Choice(Question.Kind.choices), required=True, example="单选题"),
        Column("题干", "stem", required=True, example="每年的哪一天是全民国家安全教育日？"),
        *(
            Column(
                f"选项{letter}",
                f"option_{letter.lower()}",
                example={"A": "4月15日", "B": "6月26日", "C": "12月4日"}.get(letter, ""),
            )
            for letter in OPTION_LETTERS
        ),
        Column(
            "正确答案",
            "answer",
            required=True,
            example="A",
            help="选项字母：多选题写全，例如ACD；判断题A为正确、B为错误。",
        ),
        Column(
            "答案解析",
            "explanation",
            example="《国家安全法》第十四条规定，每年4月15日为全民国家安全教育日。",
        ),
        Column("法律依据", "law_reference", example="《国家安全法》第十四条"),
        Column(
            "所属主题",
            "theme",
            _reference(Theme, gettext_lazy("普法主题")),
            example="《国家安全法》",
        ),
        Column("在用", "in_use", YesNo(), example="是", help="不填为“是”。"),
    ],
    unique=[Unique(("stem",), label=gettext_lazy("试题"))],
)

IMPORTERS: list[Importer] = [ACTIVITY_IMPORT, PUBLICITY_IMPORT, FAQ_IMPORT, QUESTION_IMPORT]
