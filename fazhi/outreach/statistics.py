"""Report figures of law education and publicity (keys under ``outreach.``), and the legal
advisers' pushes (``legal_services.messages_pushed``), which are publicity items since the
pushes were folded into them.

Activities count when held within the period (planned and cancelled ones do not); publicity
items, media works and recognitions by their date; quizzes by their opening, attempts and their
scores when handed in; the FAQ as published on the period's last day.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import (
    AsOf,
    Dimension,
    During,
    Ratio,
    RecordSet,
    Sum,
    composed_label,
    statistic,
)
from fazhi.outreach.models import (
    Activity,
    FaqEntry,
    MediaWork,
    PublicityItem,
    Quiz,
    QuizAttempt,
    Recognition,
)

ACTIVITIES = RecordSet(
    Activity,
    village="village",
    dimensions={
        "kind": Dimension(_("活动类型"), "kind"),
        "theme": Dimension(_("普法主题"), "themes"),
        "department": Dimension(_("组织部门"), "department"),
    },
    columns=("held_on", "kind", "department", "headcount", "materials"),
)
PUBLICITY = RecordSet(
    PublicityItem,
    village="village",
    grid="grid",
    dimensions={
        "channel": Dimension(_("渠道"), "channel"),
        "kind": Dimension(_("内容类别"), "kind"),
    },
    columns=("published_on", "channel", "title"),
)
WORKS = RecordSet(
    MediaWork,
    dimensions={
        "kind": Dimension(_("作品类型"), "kind"),
        "platform": Dimension(_("发布平台"), "platform"),
    },
    columns=("published_on", "kind", "title", "partner_firm"),
)
RECOGNITIONS = RecordSet(
    Recognition,
    dimensions={"level": Dimension(_("级别"), "level")},
    columns=("recognised_on", "recognised_by", "level"),
)
FAQ = RecordSet(
    FaqEntry,
    dimensions={"category": Dimension(_("分类"), "category")},
    columns=("question", "category", "published_on"),
)
QUIZZES = RecordSet(Quiz, columns=("title", "opens_at", "closes_at"))
ATTEMPTS = RecordSet(QuizAttempt, columns=("quiz", "submitted_at", "score"))
# A cancelled quiz was not held: its attempts stay on record but count nowhere.
_held_quiz_q = Q(quiz__status=Quiz.Status.PUBLISHED)

_held = During("held_on")
_held_q = Q(status=Activity.Status.HELD)
_published = During("published_on")

statistic(
    "outreach.activities",
    label=_("普法活动"),
    unit=_("场"),
    records=ACTIVITIES,
    period=_held,
    filters=_held_q,
    description=_("期间内已开展的普法活动（计划和取消的不计）"),
    headline=True,
)
for _kind in Activity.Kind:
    statistic(
        f"outreach.activities.kind.{_kind.value}",
        label=composed_label(_("普法活动：%(kind)s"), kind=_kind.label),
        unit=_("场"),
        records=ACTIVITIES,
        period=_held,
        filters=_held_q & Q(kind=_kind),
    )
statistic(
    "outreach.lectures",
    label=_("法治讲座"),
    unit=_("次"),
    records=ACTIVITIES,
    period=_held,
    filters=_held_q & Q(kind=Activity.Kind.LECTURE),
    description=_("期间内已开展的普法讲座"),
    headline=True,
)
statistic(
    "outreach.market_day_events",
    label=_("赶大集宣传"),
    unit=_("次"),
    records=ACTIVITIES,
    period=_held,
    filters=_held_q & Q(kind=Activity.Kind.MARKET_DAY),
    description=_("期间内利用农村集市开展的普法宣传"),
)
statistic(
    "outreach.participants",
    label=_("普法活动参与人数"),
    unit=_("人次"),
    records=ACTIVITIES,
    period=_held,
    filters=_held_q,
    aggregate=Sum("headcount"),
    description=_("期间内已开展的普法活动的参与人数之和"),
)
statistic(
    "outreach.materials_distributed",
    label=_("发放宣传材料"),
    unit=_("份"),
    records=ACTIVITIES,
    period=_held,
    filters=_held_q,
    aggregate=Sum("materials"),
    description=_("期间内已开展的普法活动现场发放的宣传材料份数之和"),
)
statistic(
    "outreach.publicity_items",
    label=pgettext_lazy("plural", "宣传记录"),
    unit=_("条"),
    records=PUBLICITY,
    period=_published,
    description=_("期间内线上推送和线下张贴、播放等宣传的记录"),
)
statistic(
    "outreach.publicity_items.online",
    label=_("线上宣传"),
    unit=_("条"),
    records=PUBLICITY,
    period=_published,
    filters=Q(channel__in=PublicityItem.ONLINE),
)
statistic(
    "outreach.publicity_items.offline",
    label=_("线下宣传"),
    unit=_("条"),
    records=PUBLICITY,
    period=_published,
    filters=~Q(channel__in=PublicityItem.ONLINE),
)
for _channel in PublicityItem.Channel:
    statistic(
        f"outreach.publicity_items.channel.{_channel.value}",
        label=composed_label(_("宣传：%(channel)s"), channel=_channel.label),
        unit=_("条"),
        records=PUBLICITY,
        period=_published,
        filters=Q(channel=_channel),
    )
# The legal advisers' pushes were a model of legal services (MessagePush) until they were
# folded into the publicity items: the figure keeps its key, and counts every push online.
statistic(
    "legal_services.messages_pushed",
    label=_("推送法律信息"),
    unit=_("条"),
    records=PUBLICITY,
    period=_published,
    filters=Q(channel__in=PublicityItem.ONLINE),
    description=_("期间内通过微信群、公众号、微博等线上渠道推送的法律信息"),
)
statistic(
    "outreach.media_works",
    label=pgettext_lazy("plural", "普法作品"),
    unit=pgettext_lazy("works", "件"),
    records=WORKS,
    period=_published,
    description=_("期间内发布的普法短视频、文章、海报和汇报视频"),
)
statistic(
    "outreach.videos",
    label=_("普法短视频"),
    unit=_("个"),
    records=WORKS,
    period=_published,
    filters=Q(kind=MediaWork.Kind.SHORT_VIDEO),
    description=_("期间内发布的普法短视频"),
    headline=True,
)
statistic(
    "outreach.recognitions",
    label=pgettext_lazy("plural", "表彰与肯定"),
    unit=_("次"),
    records=RECOGNITIONS,
    period=During("recognised_on"),
)
statistic(
    "outreach.faq_entries",
    label=_("已发布的常见法律问题"),
    unit=_("条"),
    records=FAQ,
    period=AsOf("published_on", "retired_on"),
    description=_("统计期末已发布、尚未停用的常见法律问题解答"),
)
statistic(
    "outreach.quizzes",
    label=_("法律知识竞答"),
    unit=_("次"),
    records=QUIZZES,
    period=During("opens_at"),
    filters=Q(status=Quiz.Status.PUBLISHED),
    description=_("期间内开始的已发布的知识竞答"),
)
statistic(
    "outreach.quiz_participants",
    label=_("知识竞答参与人数"),
    unit=_("人"),
    records=ATTEMPTS,
    period=During("submitted_at"),
    filters=_held_quiz_q,
    description=_("期间内交卷的竞答人数（每个手机号码每次竞答一次；已取消的竞答不计）"),
)
statistic(
    "outreach.quiz_score_total",
    label=_("知识竞答得分合计"),
    unit=_("分"),
    records=ATTEMPTS,
    period=During("submitted_at"),
    filters=_held_quiz_q,
    aggregate=Sum("score"),
    description=_("期间内交卷的竞答得分之和，用于计算平均得分"),
)
statistic(
    "outreach.quiz_average_score",
    label=_("知识竞答平均得分"),
    unit=_("分"),
    aggregate=Ratio("outreach.quiz_score_total", "outreach.quiz_participants", scale=1),
    description=_("期间内交卷的竞答的平均得分（百分制）：得分合计除以交卷人数"),
)
