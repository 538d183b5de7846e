"""Report figures of public legal services (keys under ``legal_services.``).

Counts of events (shifts, appointments, consultations, mediations, pushes) are those that
happened within the period; registries (groups, advisers, contracts) are as of its last day.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import Period, statistic
from fazhi.legal_services.models import (
    AdviserContract,
    Appointment,
    Consultation,
    DutyShift,
    Mediation,
    MessagePush,
    Topic,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.org.models import Street


def _shifts(street: Street, period: Period) -> QuerySet[DutyShift]:
    return DutyShift.objects.for_street(street).filter(date__range=(period.start, period.end))


def _appointments(street: Street, period: Period) -> QuerySet[Appointment]:
    """Appointments for shifts within the period that hold a place (not cancelled or moved)."""
    return Appointment.objects.for_street(street).filter(
        shift__date__range=(period.start, period.end), status__in=Appointment.HOLDING
    )


def _consultations(street: Street, period: Period) -> QuerySet[Consultation]:
    return Consultation.objects.for_street(street).filter(
        occurred_at__date__range=(period.start, period.end)
    )


def _mediations(street: Street, period: Period) -> QuerySet[Mediation]:
    return Mediation.objects.for_street(street).filter(
        received_on__range=(period.start, period.end)
    )


@statistic(
    "legal_services.duty_shifts_held",
    label=_("村居法律顾问现场值班"),
    unit=_("次"),
    description=_("期间内已值班（律师到岗）的值班次数"),
    headline=True,
)
def duty_shifts_held(street: Street, period: Period) -> int:
    return _shifts(street, period).filter(status=DutyShift.Status.HELD).count()


@statistic(
    "legal_services.duty_shifts_cancelled",
    label=_("取消的值班"),
    unit=_("次"),
    description=_("期间内因暂停现场服务等原因取消的值班次数"),
)
def duty_shifts_cancelled(street: Street, period: Period) -> int:
    return _shifts(street, period).filter(status=DutyShift.Status.CANCELLED).count()


@statistic(
    "legal_services.appointments",
    label=_("预约现场法律服务"),
    unit=_("次"),
    description=_("值班日期在期间内、未取消或改期的预约"),
    headline=True,
)
def appointments(street: Street, period: Period) -> int:
    return _appointments(street, period).count()


@statistic("legal_services.appointments_attended", label=_("预约到场"), unit=_("人次"))
def appointments_attended(street: Street, period: Period) -> int:
    return _appointments(street, period).filter(status=Appointment.Status.ATTENDED).count()


@statistic(
    "legal_services.appointment_lawyers",
    label=_("提供预约服务的律师"),
    unit=_("名"),
    description=_("期间内接待过预约群众的不同律师人数"),
)
def appointment_lawyers(street: Street, period: Period) -> int:
    return (
        _appointments(street, period)
        .filter(status=Appointment.Status.ATTENDED)
        .values("shift__lawyer")
        .distinct()
        .count()
    )


@statistic("legal_services.consultations", label=_("法律咨询"), unit=_("人次"), headline=True)
def consultations(street: Street, period: Period) -> int:
    return _consultations(street, period).count()


def _register_channel(channel: Consultation.Channel) -> None:
    @statistic(
        f"legal_services.consultations.{channel.value}",
        label=_("%(channel)s咨询") % {"channel": channel.label},
        unit=_("人次"),
    )
    def by_channel(street: Street, period: Period) -> int:
        return _consultations(street, period).filter(channel=channel).count()

    by_channel.__qualname__ = f"consultations_{channel.value}"


def _register_topic(topic: Topic) -> None:
    @statistic(
        f"legal_services.consultations.topic.{topic.value}",
        label=_("咨询事项：%(topic)s") % {"topic": topic.label},
        unit=_("人次"),
    )
    def by_topic(street: Street, period: Period) -> int:
        return _consultations(street, period).filter(topic=topic).count()

    by_topic.__qualname__ = f"consultations_topic_{topic.value}"


for _channel in Consultation.Channel:
    _register_channel(_channel)
for _topic in Topic:
    _register_topic(_topic)


@statistic(
    "legal_services.referrals_from_12348",
    label=_("12348热线转来的咨询"),
    unit=_("件"),
)
def referrals_from_12348(street: Street, period: Period) -> int:
    return _consultations(street, period).filter(channel=Consultation.Channel.HOTLINE_12348).count()


@statistic("legal_services.referrals_to_12348", label=_("转12348热线的咨询"), unit=_("件"))
def referrals_to_12348(street: Street, period: Period) -> int:
    return _consultations(street, period).filter(referral=Consultation.Referral.TO_12348).count()


@statistic("legal_services.mediations", label=_("受理人民调解"), unit=_("件"), headline=True)
def mediations(street: Street, period: Period) -> int:
    return _mediations(street, period).count()


@statistic(
    "legal_services.mediations_with_lawyer",
    label=_("律师参与调解"),
    unit=_("件"),
    description=_("期间内受理、有律师参与的调解案件"),
)
def mediations_with_lawyer(street: Street, period: Period) -> int:
    return _mediations(street, period).filter(lawyer__isnull=False).count()


@statistic("legal_services.mediations_succeeded", label=_("调解成功"), unit=_("件"))
def mediations_succeeded(street: Street, period: Period) -> int:
    return (
        Mediation.objects.for_street(street)
        .filter(closed_on__range=(period.start, period.end), status=Mediation.Status.SUCCEEDED)
        .count()
    )


@statistic(
    "legal_services.mediation_success_rate",
    label=_("调解成功率"),
    unit="%",
    description=_("期间内结案的调解案件中调解成功的比例"),
)
def mediation_success_rate(street: Street, period: Period) -> float:
    closed = Mediation.objects.for_street(street).filter(
        closed_on__range=(period.start, period.end), status__in=Mediation.CLOSED
    )
    counts = closed.aggregate(
        total=Count("id"), succeeded=Count("id", filter=Q(status=Mediation.Status.SUCCEEDED))
    )
    if not counts["total"]:
        return 0.0
    return round(100 * counts["succeeded"] / counts["total"], 1)


@statistic(
    "legal_services.wechat_groups",
    label=_("法律服务微信群"),
    unit=_("个"),
    description=_("统计期末在用的微信群"),
)
def wechat_groups(street: Street, period: Period) -> int:
    return WechatGroup.objects.for_street(street).active_on(period.end).count()


@statistic(
    "legal_services.wechat_group_members",
    label=_("微信群成员"),
    unit=_("人"),
    description=_("统计期末在用的微信群，各取期末以前最近一次统计的人数相加"),
)
def wechat_group_members(street: Street, period: Period) -> int:
    latest = (
        WechatGroupCount.objects.filter(group=OuterRef("pk"), counted_on__lte=period.end)
        .order_by("-counted_on")
        .values("members")[:1]
    )
    total = (
        WechatGroup.objects.for_street(street)
        .active_on(period.end)
        .annotate(members=Subquery(latest))
        .aggregate(total=Sum("members"))["total"]
    )
    return int(total or 0)


@statistic("legal_services.messages_pushed", label=_("推送法律信息"), unit=_("条"))
def messages_pushed(street: Street, period: Period) -> int:
    return (
        MessagePush.objects.for_street(street)
        .filter(pushed_on__range=(period.start, period.end))
        .count()
    )


@statistic(
    "legal_services.village_advisers",
    label=pgettext_lazy("plural", "村居法律顾问"),
    unit=_("名"),
    description=_("统计期末在任的村居法律顾问（按律师计）"),
)
def village_advisers(street: Street, period: Period) -> int:
    return (
        VillageAdviser.objects.for_street(street)
        .active_on(period.end)
        .values("lawyer")
        .distinct()
        .count()
    )


@statistic(
    "legal_services.villages_with_adviser",
    label=_("配备法律顾问的村居"),
    unit=_("个"),
    description=_("统计期末有在任法律顾问的村居"),
)
def villages_with_adviser(street: Street, period: Period) -> int:
    return (
        VillageAdviser.objects.for_street(street)
        .active_on(period.end)
        .values("village")
        .distinct()
        .count()
    )


@statistic(
    "legal_services.adviser_contracts",
    label=_("在履行的常年法律顾问合同"),
    unit=_("份"),
    description=_("统计期末在合同期内的常年法律顾问合同"),
)
def adviser_contracts(street: Street, period: Period) -> int:
    return (
        AdviserContract.objects.for_street(street)
        .filter(starts_on__lte=period.end, ends_on__gte=period.end)
        .count()
    )
