"""The back office's navigation, in the order of the annual report's chapters.

An entry without a URL name is a chapter a later release fills; it is never a page pretending
to work, nor an item of its own: the sidebar names the entries not yet built once, in a muted
line after the chapters (“尚未开放：A、B”). An entry that opens a list is labelled like the
list's title (the model's plural name, context "plural").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A chapter's number: "八、" in Chinese, "8. " in English.
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\.\s*)")


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str | None = None
    perm: str | None = None

    def url(self) -> str | None:
        if self.url_name is None:
            return None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class NavSection:
    label: Any
    items: list[NavItem] = field(default_factory=list)
    note: str = ""


SECTIONS: list[NavSection] = [
    NavSection(
        _("一、组织领导"),
        [
            NavItem(_("街道概况"), "org:street_detail", "org.view_street"),
            NavItem(pgettext_lazy("plural", "部门"), "org:department_list", "org.view_department"),
            NavItem(pgettext_lazy("plural", "村居"), "org:village_list", "org.view_village"),
            NavItem(pgettext_lazy("plural", "网格"), "org:grid_list", "org.view_grid"),
            NavItem(
                pgettext_lazy("plural", "网格员"), "org:gridworker_list", "org.view_gridworker"
            ),
            NavItem(
                pgettext_lazy("plural", "法治政府建设领导小组"),
                "org:leadinggroup_list",
                "org.view_leadinggroup",
            ),
            NavItem(
                pgettext_lazy("plural", "领导小组成员"),
                "org:leadinggroupmember_list",
                "org.view_leadinggroupmember",
            ),
            NavItem(
                pgettext_lazy("plural", "领导小组会议"),
                "org:leadinggroupmeeting_list",
                "org.view_leadinggroupmeeting",
            ),
        ],
    ),
    NavSection(
        _("二、疫情防控普法"),
        [
            NavItem(
                pgettext_lazy("plural", "普法责任清单"),
                "outreach:responsibilityitem_list",
                "outreach.view_responsibilityitem",
            ),
            NavItem(
                _("清单落实情况"),
                "outreach:responsibility_coverage",
                "outreach.view_responsibilityitem",
            ),
            NavItem(
                pgettext_lazy("plural", "宣传记录"),
                "outreach:publicityitem_list",
                "outreach.view_publicityitem",
            ),
            NavItem(
                pgettext_lazy("plural", "普法作品"),
                "outreach:mediawork_list",
                "outreach.view_mediawork",
            ),
            NavItem(
                pgettext_lazy("plural", "表彰与肯定"),
                "outreach:recognition_list",
                "outreach.view_recognition",
            ),
            NavItem(
                pgettext_lazy("plural", "常见法律问题"),
                "outreach:faqentry_list",
                "outreach.view_faqentry",
            ),
        ],
    ),
    NavSection(
        _("三、行政执法"),
        [
            NavItem(
                pgettext_lazy("plural", "巡查记录"),
                "enforcement:patrol_list",
                "enforcement.view_patrol",
            ),
            NavItem(
                pgettext_lazy("plural", "问题线索"),
                "enforcement:report_list",
                "enforcement.view_report",
            ),
            NavItem(
                pgettext_lazy("plural", "执法案件"),
                "enforcement:case_list",
                "enforcement.view_case",
            ),
            NavItem(
                pgettext_lazy("plural", "法制审核"),
                "enforcement:legalreview_list",
                "enforcement.view_legalreview",
            ),
            NavItem(
                pgettext_lazy("plural", "执法决定公示"),
                "enforcement:publication_list",
                "enforcement.view_publication",
            ),
            NavItem(
                pgettext_lazy("plural", "门前三包责任单位"),
                "enforcement:frontageunit_list",
                "enforcement.view_frontageunit",
            ),
            NavItem(
                pgettext_lazy("plural", "专项治理"),
                "enforcement:campaign_list",
                "enforcement.view_campaign",
            ),
            NavItem(
                pgettext_lazy("plural", "重点区域"),
                "enforcement:keyarea_list",
                "enforcement.view_keyarea",
            ),
            NavItem(
                pgettext_lazy("plural", "违法行为目录"),
                "enforcement:violationcategory_list",
                "enforcement.view_violationcategory",
            ),
            NavItem(
                pgettext_lazy("plural", "执法主体"),
                "enforcement:enforcementbody_list",
                "enforcement.view_enforcementbody",
            ),
            NavItem(
                _("执法设置"),
                "enforcement:settings",
                "enforcement.view_enforcementsettings",
            ),
            NavItem(_("导入执法数据"), "enforcement:import_home", "enforcement.import_enforcement"),
        ],
    ),
    NavSection(
        _("四、决策与法律顾问"),
        [
            NavItem(
                pgettext_lazy("plural", "律师事务所"),
                "legal_services:lawfirm_list",
                "legal_services.view_lawfirm",
            ),
            NavItem(
                pgettext_lazy("plural", "常年法律顾问合同"),
                "legal_services:advisercontract_list",
                "legal_services.view_advisercontract",
            ),
            NavItem(
                pgettext_lazy("plural", "合法性审查"),
                "reviews:reviewrequest_list",
                "reviews.view_reviewrequest",
            ),
            NavItem(
                pgettext_lazy("plural", "重大行政决策"),
                "reviews:majordecision_list",
                "reviews.view_majordecision",
            ),
        ],
    ),
    NavSection(
        _("五、公共法律服务"),
        [
            NavItem(
                pgettext_lazy("plural", "律师"),
                "legal_services:lawyer_list",
                "legal_services.view_lawyer",
            ),
            NavItem(
                pgettext_lazy("plural", "村居法律顾问"),
                "legal_services:villageadviser_list",
                "legal_services.view_villageadviser",
            ),
            NavItem(
                pgettext_lazy("plural", "值班"),
                "legal_services:dutyshift_list",
                "legal_services.view_dutyshift",
            ),
            NavItem(
                _("值班日历订阅"),
                "legal_services:dutyshift_calendar",
                "legal_services.view_dutyshift",
            ),
            NavItem(
                pgettext_lazy("plural", "暂停现场服务"),
                "legal_services:servicesuspension_list",
                "legal_services.view_servicesuspension",
            ),
            NavItem(
                pgettext_lazy("plural", "预约"),
                "legal_services:appointment_list",
                "legal_services.view_appointment",
            ),
            NavItem(
                pgettext_lazy("plural", "咨询"),
                "legal_services:consultation_list",
                "legal_services.view_consultation",
            ),
            NavItem(
                _("咨询快速登记"),
                "legal_services:consultation_quick",
                "legal_services.add_consultation",
            ),
            NavItem(
                pgettext_lazy("plural", "人民调解"),
                "legal_services:mediation_list",
                "legal_services.view_mediation",
            ),
            NavItem(
                pgettext_lazy("plural", "微信群"),
                "legal_services:wechatgroup_list",
                "legal_services.view_wechatgroup",
            ),
            NavItem(
                _("导入律师、值班表和咨询"),
                "legal_services:import_home",
                "legal_services.import_legal_services",
            ),
        ],
    ),
    NavSection(
        _("六、法治宣传教育"),
        [
            NavItem(
                pgettext_lazy("plural", "普法活动"),
                "outreach:activity_list",
                "outreach.view_activity",
            ),
            NavItem(_("普法节点日历"), "outreach:keydate_calendar", "outreach.view_keydate"),
            NavItem(
                pgettext_lazy("plural", "知识竞答"), "outreach:quiz_list", "outreach.view_quiz"
            ),
            NavItem(
                pgettext_lazy("plural", "题库"), "outreach:question_list", "outreach.view_question"
            ),
            NavItem(
                pgettext_lazy("plural", "普法主题"), "outreach:theme_list", "outreach.view_theme"
            ),
            NavItem(_("导入普法数据"), "outreach:import_home", "outreach.import_outreach"),
            NavItem(_("普法展示录"), "outreach:booklet", "outreach.view_activity"),
        ],
    ),
    NavSection(
        _("七、学法与队伍建设"),
        [
            NavItem(
                pgettext_lazy("plural", "学法记录"),
                "study:studysession_list",
                "study.view_studysession",
            ),
            NavItem(
                pgettext_lazy("plural", "学法签到"),
                "study:studyattendance_list",
                "study.view_studyattendance",
            ),
            NavItem(
                pgettext_lazy("plural", "自学记录"), "study:selfstudy_list", "study.view_selfstudy"
            ),
            NavItem(_("学法学时统计"), "study:hours", "study.view_selfstudy"),
            NavItem(
                pgettext_lazy("plural", "新修订法律学习清单"),
                "study:lawtostudy_list",
                "study.view_lawtostudy",
            ),
            NavItem(
                pgettext_lazy("plural", "学法考试"), "study:studyexam_list", "study.view_studyexam"
            ),
            NavItem(
                pgettext_lazy("plural", "学法学时目标"),
                "study:studytarget_list",
                "study.view_studytarget",
            ),
            NavItem(
                pgettext_lazy("plural", "法律明白人"),
                "study:legalliterate_list",
                "study.view_legalliterate",
            ),
            NavItem(
                _("法律明白人覆盖情况"),
                "study:legalliterate_coverage",
                "study.view_legalliterate",
            ),
            NavItem(
                pgettext_lazy("plural", "法律明白人培训"),
                "study:literatetraining_list",
                "study.view_literatetraining",
            ),
            NavItem(_("导入学法签到"), "study:import_home", "study.import_study"),
        ],
    ),
    NavSection(
        _("八、年度报告"),
        [
            NavItem(_("统计指标"), "reports:statistics", "org.view_statistics"),
            NavItem(_("年度报告编写"), "reports:annual_report_list", "reports.view_annualreport"),
        ],
    ),
    # The district office (区依法治区办): its streets' figures, never their records. Each street's
    # report readiness joins the comparison page once the report composer exists.
    NavSection(
        _("全区统计"),
        [NavItem(_("各街道指标对比"), "district:comparison", "org.view_district")],
    ),
    NavSection(
        _("系统管理"),
        [
            NavItem(_("账号与角色"), "accounts:user_list", "org.view_user"),
            NavItem(_("数据导入"), "org:import_home", "org.import_org"),
            NavItem(_("节假日安排"), "core:calendar", "core.view_calendarday"),
            NavItem(_("审计日志"), "audit:entry_list", "audit.view_auditentry"),
            NavItem(_("接口文档"), "api:openapi-view", None),
            NavItem(pgettext_lazy("plural", "接口令牌"), "api:token_list", None),
        ],
    ),
]


class Navigation(list[dict[str, Any]]):
    """The sidebar's chapters, each with the entries the user may open; ``announced`` lists
    the labels of what is not built yet (a whole chapter by its name, without its number)."""

    def __init__(self, sections: list[dict[str, Any]], announced: list[Any]) -> None:
        super().__init__(sections)
        self.announced = announced


def visible_sections(user: Any) -> Navigation:
    """The sections and items ``user`` may open, and the entries not yet available."""
    result = []
    announced: list[Any] = []
    for section in SECTIONS:
        items = []
        unbuilt = [item.label for item in section.items if item.url_name is None]
        for item in section.items:
            if item.url_name is not None and (item.perm is None or user.has_perm(item.perm)):
                url = item.url()
                if url:
                    items.append({"label": item.label, "url": url})
        if items:
            result.append({"label": section.label, "items": items})
        if unbuilt and len(unbuilt) == len(section.items):
            # "九、法治督察" would read as two entries in a list joined by "、".
            announced.append(_ORDINAL.sub("", str(section.label)))
        else:
            announced.extend(unbuilt)
    return Navigation(result, announced)
