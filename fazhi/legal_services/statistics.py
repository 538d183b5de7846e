"""Report figures of public legal services (keys under ``legal_services.``).

Counts of events (shifts, appointments, consultations, mediations) are those that happened
within the period; registries (groups, advisers, contracts) are as of its last day. The pushes
in the WeChat groups are publicity items: ``legal_services.messages_pushed`` is declared with
them in ``fazhi.outreach.statistics``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import (
    AsOf,
    CountDistinct,
    Dimension,
    During,
    Ratio,
    RecordSet,
    SumLatest,
    composed_label,
    statistic,
)
from fazhi.legal_services.models import (
    AdviserContract,
    Appointment,
    Consultation,
    DutyShift,
    Mediation,
    Topic,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)

SHIFTS = RecordSet(
    DutyShift,
    village="village",
    dimensions={
        "status": Dimension(_("状态"), "status"),
        "lawyer": Dimension(_("值班律师"), "lawyer"),
    },
    columns=("date", "village", "lawyer", "status"),
)
APPOINTMENTS = RecordSet(
    Appointment,
    village="shift__village",
    dimensions={
        "status": Dimension(_("状态"), "status"),
        "topic": Dimension(_("咨询事项"), "topic"),
        "source": Dimension(_("预约方式"), "source"),
    },
    columns=("shift", "topic", "status"),
)
CONSULTATIONS = RecordSet(
    Consultation,
    village="village",
    dimensions={
        "channel": Dimension(_("渠道"), "channel"),
        "topic": Dimension(_("咨询事项"), "topic"),
    },
    columns=("occurred_at", "channel", "topic", "village"),
)
MEDIATIONS = RecordSet(
    Mediation,
    village="village",
    dimensions={
        "dispute_type": Dimension(_("纠纷类型"), "dispute_type"),
        "status": Dimension(_("状态"), "status"),
        "source": Dimension(_("纠纷来源"), "source"),
    },
    columns=("case_no", "title", "received_on", "status", "closed_on"),
)
WECHAT_GROUPS = RecordSet(
    WechatGroup,
    village="village",
    columns=("name", "village", "created_on"),
)
ADVISERS = RecordSet(VillageAdviser, village="village", columns=("lawyer", "village", "starts_on"))
CONTRACTS = RecordSet(AdviserContract, columns=("starts_on", "ends_on"))

_in_shift = During("date")
_shift_day = During("shift__date")
_occurred = During("occurred_at")
_received = During("received_on")
_closed = During("closed_on")
_holding = Q(status__in=Appointment.HOLDING)

statistic(
    "legal_services.duty_shifts_held",
    label=_("村居法律顾问现场值班"),
    unit=_("次"),
    records=SHIFTS,
    period=_in_shift,
    filters=Q(status=DutyShift.Status.HELD),
    description=_("期间内已值班（律师到岗）的值班次数"),
    headline=True,
)
statistic(
    "legal_services.duty_shifts_cancelled",
    label=_("取消的值班"),
    unit=_("次"),
    records=SHIFTS,
    period=_in_shift,
    filters=Q(status=DutyShift.Status.CANCELLED),
    description=_("期间内因暂停现场服务等原因取消的值班次数"),
)
statistic(
    "legal_services.appointments",
    label=_("预约现场法律服务"),
    unit=_("次"),
    records=APPOINTMENTS,
    period=_shift_day,
    filters=_holding,
    description=_("值班日期在期间内、未取消或改期的预约"),
    headline=True,
)
statistic(
    "legal_services.appointments_attended",
    label=_("预约到场"),
    unit=_("人次"),
    records=APPOINTMENTS,
    period=_shift_day,
    filters=Q(status=Appointment.Status.ATTENDED),
    description=_("值班日期在期间内、预约群众已到场的预约"),
)
statistic(
    "legal_services.appointment_lawyers",
    label=_("提供预约服务的律师"),
    unit=_("名"),
    records=APPOINTMENTS,
    period=_shift_day,
    filters=Q(status=Appointment.Status.ATTENDED),
    aggregate=CountDistinct("shift__lawyer"),
    description=_("期间内接待过预约群众的不同律师人数"),
)
statistic(
    "legal_services.consultations",
    label=_("法律咨询"),
    unit=_("人次"),
    records=CONSULTATIONS,
    period=_occurred,
    description=_("期间内登记的法律咨询（各渠道合计）"),
    headline=True,
)
for _channel in Consultation.Channel:
    statistic(
        f"legal_services.consultations.{_channel.value}",
        label=composed_label(_("%(channel)s咨询"), channel=_channel.label),
        unit=_("人次"),
        records=CONSULTATIONS,
        period=_occurred,
        filters=Q(channel=_channel),
    )
for _topic in Topic:
    statistic(
        f"legal_services.consultations.topic.{_topic.value}",
        label=composed_label(_("咨询事项：%(topic)s"), topic=_topic.label),
        unit=_("人次"),
        records=CONSULTATIONS,
        period=_occurred,
        filters=Q(topic=_topic),
    )
statistic(
    "legal_services.referrals_from_12348",
    label=_("12348热线转来的咨询"),
    unit=_("件"),
    records=CONSULTATIONS,
    period=_occurred,
    filters=Q(channel=Consultation.Channel.HOTLINE_12348),
)
statistic(
    "legal_services.referrals_to_12348",
    label=_("转12348热线的咨询"),
    unit=_("件"),
    records=CONSULTATIONS,
    period=_occurred,
    filters=Q(referral=Consultation.Referral.TO_12348),
)
statistic(
    "legal_services.mediations",
    label=_("受理人民调解"),
    unit=_("件"),
    records=MEDIATIONS,
    period=_received,
    headline=True,
)
statistic(
    "legal_services.mediations_with_lawyer",
    label=_("律师参与调解"),
    unit=_("件"),
    records=MEDIATIONS,
    period=_received,
    filters=Q(lawyer__isnull=False),
    description=_("期间内受理、有律师参与的调解案件"),
)
statistic(
    "legal_services.mediations_closed",
    label=_("调解结案"),
    unit=_("件"),
    records=MEDIATIONS,
    period=_closed,
    filters=Q(status__in=Mediation.CLOSED),
    description=_("期间内结案（调解成功、调解不成或终止）的调解案件"),
)
statistic(
    "legal_services.mediations_succeeded",
    label=pgettext_lazy("statistic", "调解成功"),
    unit=_("件"),
    records=MEDIATIONS,
    period=_closed,
    filters=Q(status=Mediation.Status.SUCCEEDED),
)
statistic(
    "legal_services.mediation_success_rate",
    label=_("调解成功率"),
    unit="%",
    aggregate=Ratio("legal_services.mediations_succeeded", "legal_services.mediations_closed"),
    description=_("期间内结案的调解案件中调解成功的比例"),
)
statistic(
    "legal_services.wechat_groups",
    label=_("法律服务微信群"),
    unit=_("个"),
    records=WECHAT_GROUPS,
    period=AsOf(),
    description=_("统计期末在用的微信群"),
)
statistic(
    "legal_services.wechat_group_members",
    label=_("微信群成员"),
    unit=_("人"),
    records=WECHAT_GROUPS,
    period=AsOf(),
    aggregate=SumLatest(WechatGroupCount, link="group", value="members", on="counted_on"),
    description=_("统计期末在用的微信群，各取期末以前最近一次统计的人数相加"),
)
statistic(
    "legal_services.village_advisers",
    label=pgettext_lazy("plural", "村居法律顾问"),
    unit=_("名"),
    records=ADVISERS,
    period=AsOf(),
    aggregate=CountDistinct("lawyer"),
    description=_("统计期末在任的村居法律顾问（按律师计）"),
)
statistic(
    "legal_services.villages_with_adviser",
    label=_("配备法律顾问的村居"),
    unit=_("个"),
    records=ADVISERS,
    period=AsOf(),
    aggregate=CountDistinct("village"),
    description=_("统计期末有在任法律顾问的村居"),
)
statistic(
    "legal_services.adviser_contracts",
    label=_("在履行的常年法律顾问合同"),
    unit=_("份"),
    records=CONTRACTS,
    period=AsOf("starts_on", "ends_on", end_inclusive=True),
    description=_("统计期末在合同期内的常年法律顾问合同"),
)
