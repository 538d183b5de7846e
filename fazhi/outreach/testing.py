"""Test fixtures of law education and publicity: for each street, departments, themes, a key
date, a responsibility item, an activity, a publicity item, a media work, a recognition, an FAQ
entry, a question and a quiz, written through the services.

def test_x(world, legal, outreach):  outreach.a.activity, outreach.b.faq, outreach.a.themes["宪法"] …
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.audit.models import AuditEntry
from fazhi.legal_services.testing import Legal
from fazhi.org import services as org_services
from fazhi.org.models import Department
from fazhi.outreach import services
from fazhi.outreach.models import (
    Activity,
    FaqEntry,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    Recognition,
    ResponsibilityItem,
    Theme,
)
from fazhi.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG picture (red pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _box(kind: bytes, body: bytes = b"\x00" * 24) -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


# An MP4 video by its structure (ftyp, then free, mdat and moov boxes).
MP4 = (
    _box(b"ftyp", b"isom\x00\x00\x00\x00isomiso2avc1mp41")
    + _box(b"free")
    + _box(b"mdat")
    + _box(b"moov")
)


@dataclass
class StreetOutreach:
    department: Department
    themes: dict[str, Theme]
    key_date: KeyDate
    item: ResponsibilityItem
    activity: Activity
    publicity: PublicityItem
    work: MediaWork
    recognition: Recognition
    faq: FaqEntry
    question: Question
    quiz: Quiz
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outreach:
    a: StreetOutreach
    b: StreetOutreach


def street_outreach(world: World, legal: Legal, which: str) -> StreetOutreach:
    s = getattr(world, which)
    street, clerk = s.street, (world.clerk_a if which == "a" else world.clerk_b)
    firm = legal.firm_a if which == "a" else legal.firm_b
    name = street.name
    department = org_services.department_create(street=street, actor=None, name="司法所")
    themes = {
        short: services.theme_create(street=street, actor=clerk, name=f"《{short}》")
        for short in ("宪法", "民法典", "国家安全法")
    }
    key_date = services.key_date_create(
        street=street, actor=clerk, name="国家宪法日", month=12, day=4, themes=[themes["宪法"]]
    )
    item = services.responsibility_item_create(
        street=street,
        actor=clerk,
        year=2020,
        department=department,
        theme=themes["宪法"],
        content="宪法的基本原则和公民的基本权利义务。",
    )
    activity = services.activity_create(
        street=street,
        actor=clerk,
        title=f"{name}《宪法》进社区讲座",
        kind=Activity.Kind.LECTURE,
        held_on=date(2020, 6, 3),
        village=s.village,
        department=department,
        themes=[themes["宪法"]],
        partner_firm=firm,
        headcount=50,
        materials=30,
    )
    publicity = services.publicity_item_create(
        street=street,
        actor=clerk,
        published_on=date(2020, 2, 1),
        channel=PublicityItem.Channel.BANNER,
        title=f"{name}：疫情防控 人人有责",
        quantity=6,
        village=s.village,
    )
    work = services.media_work_create(
        street=street,
        actor=clerk,
        title=f"{name}：疫情期间停工停产，工资怎么发？",
        kind=MediaWork.Kind.SHORT_VIDEO,
        published_on=date(2020, 2, 12),
        partner_firm=firm,
        platform=MediaWork.Platform.DOUYIN,
        link="https://v.douyin.com/example/",
        views=1000,
    )
    recognition = services.recognition_create(
        street=street,
        actor=clerk,
        recognised_on=date(2020, 3, 2),
        recognised_by="司法部官方微博",
        level=Recognition.Level.NATIONAL,
        work=work,
        content="转发并肯定。",
    )
    faq = services.faq_entry_create(
        street=street,
        actor=clerk,
        question=f"{name}：疫情期间企业停工停产，工资应当怎么发？",
        answer="一个工资支付周期内按劳动合同约定的标准支付。",
        category=FaqEntry.Category.LABOUR,
        law_references="《工资支付暂行规定》第十二条",
        partner_firm=firm,
        published_on=date(2020, 2, 10),
    )
    question = services.question_create(
        street=street,
        actor=clerk,
        kind=Question.Kind.SINGLE,
        stem=f"{name}：国家宪法日是每年的哪一天？",
        options=["3月15日", "4月15日", "12月4日"],
        answer="C",
        theme=themes["宪法"],
    )
    quiz = services.quiz_create(
        street=street,
        actor=clerk,
        title=f"{name}宪法知识竞答",
        opens_at=at(2020, 12, 4, 8),
        closes_at=at(2020, 12, 4, 22),
        question_count=1,
        time_limit_minutes=10,
    )
    return StreetOutreach(
        department,
        themes,
        key_date,
        item,
        activity,
        publicity,
        work,
        recognition,
        faq,
        question,
        quiz,
    )


def build_outreach(world: World, legal: Legal) -> Outreach:
    return Outreach(street_outreach(world, legal, "a"), street_outreach(world, legal, "b"))
