"""The back office's navigation, in the order of the annual report's chapters.

An entry without a URL name is a chapter a later release fills; it is shown greyed out with
“尚未开放”, never as a page pretending to work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
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
    label: str
    items: list[NavItem] = field(default_factory=list)
    note: str = ""


SECTIONS: list[NavSection] = [
    NavSection(
        "一、组织领导",
        [
            NavItem("街道概况", "org:street_detail", "org.view_street"),
            NavItem("部门", "org:department_list", "org.view_department"),
            NavItem("村居", "org:village_list", "org.view_village"),
            NavItem("网格", "org:grid_list", "org.view_grid"),
            NavItem("网格员", "org:gridworker_list", "org.view_gridworker"),
            NavItem("法治政府建设领导小组", "org:leadinggroup_list", "org.view_leadinggroup"),
            NavItem("领导小组成员", "org:leadinggroupmember_list", "org.view_leadinggroupmember"),
            NavItem("领导小组会议", "org:leadinggroupmeeting_list", "org.view_leadinggroupmeeting"),
        ],
    ),
    NavSection(
        "二、疫情防控普法",
        [
            NavItem("普法责任清单"),
            NavItem("宣传记录"),
            NavItem("普法作品"),
            NavItem("常见法律问题"),
        ],
    ),
    NavSection(
        "三、行政执法",
        [
            NavItem("巡查"),
            NavItem("案件"),
            NavItem("法制审核"),
            NavItem("执法公示"),
            NavItem("门前三包"),
            NavItem("专项治理"),
        ],
    ),
    NavSection(
        "四、决策与法律顾问",
        [
            NavItem("法律顾问合同"),
            NavItem("合法性审查"),
            NavItem("重大行政决策"),
        ],
    ),
    NavSection(
        "五、公共法律服务",
        [
            NavItem("值班"),
            NavItem("预约"),
            NavItem("咨询"),
            NavItem("人民调解"),
            NavItem("微信群与推送"),
        ],
    ),
    NavSection(
        "六、法治宣传教育",
        [
            NavItem("普法活动"),
            NavItem("知识竞答"),
            NavItem("普法展示录"),
        ],
    ),
    NavSection(
        "七、学法与队伍建设",
        [
            NavItem("学法记录"),
            NavItem("新修订法律学习清单"),
            NavItem("法律明白人"),
        ],
    ),
    NavSection(
        "八、年度报告",
        [
            NavItem("统计指标", "reports:statistics", "org.view_statistics"),
            NavItem("年度报告编写"),
        ],
    ),
    NavSection(
        "系统管理",
        [
            NavItem("账号与角色", "accounts:user_list", "org.view_user"),
            NavItem("数据导入", "org:import_home", "org.import_org"),
            NavItem("审计日志", "audit:entry_list", "audit.view_auditentry"),
            NavItem("接口文档", "api:openapi-view", None),
        ],
    ),
]


def visible_sections(user: Any) -> list[dict[str, Any]]:
    """The sections and items ``user`` may open; chapters not yet available are listed too."""
    result = []
    for section in SECTIONS:
        items = []
        for item in section.items:
            if item.url_name is None:
                items.append({"label": item.label, "url": None, "available": False})
            elif item.perm is None or user.has_perm(item.perm):
                url = item.url()
                if url:
                    items.append({"label": item.label, "url": url, "available": True})
        if (items and any(i["available"] for i in items)) or all(
            not i.url_name for i in section.items
        ):
            result.append({"label": section.label, "items": items})
    return result
