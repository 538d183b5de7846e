"""The roles, as Django groups, and what each may do. The one table of who may do what."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    PRINCIPAL_LEADER = "principal_leader", _("党政主要负责人")
    OFFICE = "leading_group_office", _("领导小组办公室")
    DEPARTMENT_STAFF = "department_staff", _("部门工作人员")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    # A role is named like a person ("Grid worker"), not like the record type ("grid worker").
    GRID_WORKER = "grid_worker", pgettext_lazy("role", "网格员")
    LAWYER = "lawyer", _("律师")
    # Attached to a district, not a street: its streets' figures side by side, never a record.
    DISTRICT_OFFICE = "district_office", _("区依法治区办")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDITOR = "auditor", _("审计员")

    @classmethod
    def street_wide(cls) -> set[str]:
        """Roles whose holders see the whole street even if their account names a grid."""
        return {
            cls.PRINCIPAL_LEADER,
            cls.OFFICE,
            cls.DEPARTMENT_STAFF,
            cls.ENFORCEMENT_OFFICER,
            cls.LEGAL_REVIEWER,
            cls.SYSTEM_ADMIN,
        }

    @classmethod
    def administrators(cls) -> set[str]:
        """The three separated administrators (三员分立): no one may hold two of them."""
        return {cls.SYSTEM_ADMIN, cls.SECURITY_ADMIN, cls.AUDITOR}


_ORG_READ = [
    "org.view_street",
    "org.view_department",
    "org.view_village",
    "org.view_grid",
    "org.view_gridworker",
    "org.view_leadinggroup",
    "org.view_leadinggroupmember",
    "org.view_leadinggroupmeeting",
]
_ORG_WRITE = [
    f"org.{verb}_{model}"
    for model in (
        "department",
        "village",
        "grid",
        "gridworker",
        "leadinggroup",
        "leadinggroupmember",
        "leadinggroupmeeting",
    )
    for verb in ("add", "change", "delete")
] + ["org.change_street"]
_STATS = ["org.view_statistics"]
# The annual report (法治政府建设情况报告): the office compiles it, the principal leader signs it.
_REPORT_READ = ["reports.view_annualreport"]
# The office creates and edits the report and sets the street's outline of its parts.
_REPORT_WRITE = [
    "reports.add_annualreport",
    "reports.change_annualreport",
    "reports.view_reportoutline",
    "reports.add_reportoutline",
    "reports.change_reportoutline",
]
# The report's workflow (fazhi.reports.workflow): the office reviews the draft, names who
# confirms its 保密审查 and publishes it; the principal leader approves it. Those who read the
# report may be named for its 保密审查, which only the named person then confirms.
_REPORT_OFFICE_STEPS = [
    "reports.review_annualreport",
    "reports.publish_annualreport",
    "reports.secrecy_check_annualreport",
]
_REPORT_LEADER_STEPS = [
    "reports.approve_annualreport",
    "reports.secrecy_check_annualreport",
]
# The working-day calendar is platform-wide: the system administrator keeps it, and those who
# count deadlines may look it up.
_CALENDAR_READ = ["core.view_calendarday", "core.view_calendaryear"]
_CALENDAR_WRITE = [
    f"core.{verb}_{model}"
    for model in ("calendarday", "calendaryear")
    for verb in ("add", "change", "delete")
]

# Public legal services (公共法律服务) and legality review (合法性审查).
_LEGAL_MODELS = [
    "lawfirm",
    "lawyer",
    "advisercontract",
    "villageadviser",
    "servicesuspension",
    "dutyshift",
    "appointment",
    "consultation",
    "mediation",
    "mediationparty",
    "mediationsession",
    "mediationagreement",
    "wechatgroup",
    "wechatgroupcount",
]
_REVIEW_MODELS = ["reviewrequest", "majordecision", "publiccomment"]
_LEGAL_READ = [f"legal_services.view_{m}" for m in _LEGAL_MODELS]
_LEGAL_WRITE = [
    f"legal_services.{verb}_{m}" for m in _LEGAL_MODELS for verb in ("add", "change", "delete")
] + ["legal_services.import_legal_services"]
_REVIEW_READ = [f"reviews.view_{m}" for m in _REVIEW_MODELS]
_REVIEW_WRITE = [
    f"reviews.{verb}_{m}" for m in _REVIEW_MODELS for verb in ("add", "change", "delete")
]
# A lawyer sees the services the lawyers give (of the records naming a lawyer, only the own:
# ``scope_lawyer``), records consultations, duty and mediation sessions, and writes review
# opinions; the office keeps the registry and the roster.
_LAWYER_LEGAL = [
    # Not the office's contracts with the firms (fees): those are the office's business.
    *(p for p in _LEGAL_READ if p != "legal_services.view_advisercontract"),
    "legal_services.add_consultation",
    "legal_services.change_consultation",
    "legal_services.change_dutyshift",
    "legal_services.change_appointment",
    "legal_services.add_mediationsession",
    # Their pushes in the WeChat groups are publicity items (only their own: scope_lawyer).
    "outreach.view_publicityitem",
    "outreach.add_publicityitem",
    "reviews.view_reviewrequest",
    "reviews.change_reviewrequest",
    "reviews.view_majordecision",
]

# Administrative enforcement (行政执法).
_ENFORCEMENT_MODELS = [
    "enforcementsettings",
    "violationcategory",
    "keyarea",
    "campaign",
    "campaignphase",
    "campaignpartner",
    "patrol",
    "frontageunit",
    "frontageselfcheck",
    "report",
    "case",
    "casestep",
    "evidence",
    "legalreview",
    "publication",
    "enforcementbody",
    "enforcementpower",
]
_ENFORCEMENT_READ = [f"enforcement.view_{m}" for m in _ENFORCEMENT_MODELS]
# The catalogue, key areas, the street's enforcement settings and the publicity before (bodies,
# powers) are configuration: the system administrator keeps them.
_ENFORCEMENT_CONFIG = [
    f"enforcement.{verb}_{m}"
    for m in (
        "enforcementsettings",
        "violationcategory",
        "keyarea",
        "enforcementbody",
        "enforcementpower",
    )
    for verb in ("view", "add", "change", "delete")
]
# The officers' daily work: patrols, reports, cases with their record and evidence, 门前三包,
# campaigns, submitting cases for legal review, publishing decisions.
_ENFORCEMENT_WORK = [
    *(
        f"enforcement.{verb}_{m}"
        for m in (
            "patrol",
            "report",
            "case",
            "frontageunit",
            "frontageselfcheck",
            "campaign",
            "campaignphase",
            "campaignpartner",
            "publication",
        )
        for verb in ("add", "change")
    ),
    "enforcement.add_casestep",
    "enforcement.add_evidence",
    "enforcement.add_legalreview",
    "enforcement.import_enforcement",
]

# Staff law study (学法) and the 法律明白人: the office keeps them, the leader reads them, staff
# read the sessions and the list of laws and record their own self-study (``SelfStudy``'s scope).
_STUDY_MODELS = [
    "studytarget",
    "lawtostudy",
    "studysession",
    "studyattendance",
    "selfstudy",
    "legalliterate",
    "literatetraining",
    "literatetrainingattendance",
    "studyexam",
    "studyexamscore",
]
_STUDY_READ = [f"study.view_{m}" for m in _STUDY_MODELS] + ["study.view_all_selfstudy"]
_STUDY_WRITE = [
    f"study.{verb}_{m}" for m in _STUDY_MODELS for verb in ("add", "change", "delete")
] + ["study.import_study"]
_STUDY_OWN = [
    "study.view_lawtostudy",
    "study.view_studysession",
    "study.view_studyattendance",
    "study.view_selfstudy",
    "study.add_selfstudy",
    "study.change_selfstudy",
    "study.delete_selfstudy",
]

# Law education and publicity (普法宣传): departments and the office record activities,
# publicity, works, the FAQ and the question bank; the leader reads them.
_OUTREACH_MODELS = [
    "theme",
    "responsibilityitem",
    "keydate",
    "activity",
    "activityphoto",
    "publicityitem",
    "mediawork",
    "recognition",
    "faqentry",
    "faqsynonym",
    "question",
    "quiz",
    "quizattempt",
]
_OUTREACH_READ = [f"outreach.view_{m}" for m in _OUTREACH_MODELS]
_OUTREACH_WRITE = [
    f"outreach.{verb}_{m}"
    for m in _OUTREACH_MODELS
    if m != "quizattempt"  # written by the residents who take part
    for verb in ("add", "change", "delete")
] + ["outreach.import_outreach"]

# Permissions are "app_label.codename". Later apps add their own codenames to these lists.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PRINCIPAL_LEADER: [
        *_ORG_READ,
        *_STATS,
        *_CALENDAR_READ,
        *_LEGAL_READ,
        *_REVIEW_READ,
        *_ENFORCEMENT_READ,
        *_STUDY_READ,
        *_OUTREACH_READ,
        *_REPORT_READ,
        *_REPORT_LEADER_STEPS,
    ],
    Role.OFFICE: [
        *_ORG_READ,
        *_ORG_WRITE,
        *_STATS,
        "org.import_org",
        *_CALENDAR_READ,
        *_LEGAL_READ,
        *_LEGAL_WRITE,
        *_REVIEW_READ,
        *_REVIEW_WRITE,
        # The collective discussion, decision, publication and archive of major decisions.
        "reviews.decide_majordecision",
        *_ENFORCEMENT_READ,
        *_ENFORCEMENT_WORK,
        *_STUDY_READ,
        *_STUDY_WRITE,
        *_OUTREACH_READ,
        *_OUTREACH_WRITE,
        *_REPORT_READ,
        *_REPORT_WRITE,
        *_REPORT_OFFICE_STEPS,
    ],
    # Departments send documents for review and follow the decisions they carry.
    Role.DEPARTMENT_STAFF: [
        *_ORG_READ,
        *_CALENDAR_READ,
        *_REVIEW_READ,
        "reviews.add_reviewrequest",
        "reviews.change_majordecision",
        "reviews.add_majordecision",
        *_STUDY_OWN,
        # 谁执法谁普法: each department records the law education it does.
        *_OUTREACH_READ,
        *_OUTREACH_WRITE,
    ],
    Role.ENFORCEMENT_OFFICER: [
        *_ORG_READ,
        *_STATS,
        *_CALENDAR_READ,
        *_ENFORCEMENT_READ,
        *_ENFORCEMENT_WORK,
        *_STUDY_OWN,
    ],
    Role.LEGAL_REVIEWER: [
        *_ORG_READ,
        # The figures of the street, and on the dashboard the charts of the reviews.
        *_STATS,
        *_CALENDAR_READ,
        *_REVIEW_READ,
        "reviews.change_reviewrequest",
        "legal_services.view_lawyer",
        "legal_services.view_lawfirm",
        # 法制审核 of major enforcement cases: reads the case file, writes the opinion.
        *(
            f"enforcement.view_{m}"
            for m in ("case", "casestep", "evidence", "legalreview", "violationcategory")
        ),
        "enforcement.change_legalreview",
        *_STUDY_OWN,
    ],
    # A grid worker sees places and grid workers of the own grid only (scope), nothing else.
    Role.GRID_WORKER: [
        "org.view_street",
        "org.view_village",
        "org.view_grid",
        "org.view_gridworker",
        # Reports from the phone, the own grid's patrols and its 门前三包 units (scope: grid).
        "enforcement.view_violationcategory",
        "enforcement.view_keyarea",
        "enforcement.view_report",
        "enforcement.add_report",
        "enforcement.view_patrol",
        "enforcement.add_patrol",
        "enforcement.view_frontageunit",
        "enforcement.view_frontageselfcheck",
        "enforcement.add_frontageselfcheck",
    ],
    # The calendar too: their review opinions and mediations run on working-day time limits.
    Role.LAWYER: ["org.view_street", "org.view_village", *_LAWYER_LEGAL, *_CALENDAR_READ],
    # The District model's own view permission (a new Meta permission would need a migration),
    # held by no street role: the figures of its district's streets (fazhi.district). No view_*
    # of a street's records, so every record page and API endpoint refuses it.
    Role.DISTRICT_OFFICE: ["org.view_district"],
    # 三员分立: configuration, accounts, audit — each to one administrator only.
    Role.SYSTEM_ADMIN: [
        *_ORG_READ,
        *_ORG_WRITE,
        "org.import_org",
        *_CALENDAR_READ,
        *_CALENDAR_WRITE,
        *_ENFORCEMENT_CONFIG,
        "enforcement.import_enforcement",
    ],
    Role.SECURITY_ADMIN: [
        "org.view_street",
        "org.view_department",
        "org.view_user",
        "org.add_user",
        "org.change_user",
        "org.manage_roles",
    ],
    Role.AUDITOR: ["org.view_street", "audit.view_auditentry"],
}


def sync_role_groups(**kwargs: Any) -> None:
    """Create one group per role and give it exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    by_name: dict[tuple[str, str], Permission] = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type")
    }
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".", 1)
            perm = by_name.get((app_label, codename))
            if perm is not None:  # an app not migrated yet; the next post_migrate adds it
                wanted.append(perm)
        group.permissions.set(wanted)
