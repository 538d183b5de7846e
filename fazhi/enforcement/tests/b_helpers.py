"""Helpers of the evidence, legal review and publicity tests: cases in a given state, sample
files of every evidence format (and impostors), the media folder.

Cases are made directly (``model_create``) in the state a test needs, so that these tests do
not depend on the path through the workflow that led there.
"""

from __future__ import annotations

import itertools
import zlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.core.services import model_create
from fazhi.enforcement import deadlines
from fazhi.enforcement.models import Case, EnforcementSettings

_numbers = itertools.count(1)
SHANGHAI = ZoneInfo("Asia/Shanghai")

PARTY = "王小明"
PARTY_ID = "120101199001011239"
PARTY_PHONE = "13812345678"
WITNESS = "赵六、钱七七"
FACTS = (
    "2020年9月1日，当事人王小明（身份证号120101199001011239，手机138-1234-5678）"
    "在幸福路12号3栋2单元501室门前占用道路摆摊经营，证人赵六、钱七七在场；"
    "店主刘大海称其固定电话为022-2345 6789。"
)


@pytest.fixture(name="media")
def b_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def aware(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def make_case(enf: Any, *, street: Any = None, officers: Any = None, **fields: Any) -> Case:
    """A case of street A (officer1 and officer2) in the state ``fields`` give."""
    street = street or enf.stall.street
    category = fields.pop("category", enf.stall if street == enf.stall.street else enf.category_b)
    data = {
        "street": street,
        "number": f"2020-{next(_numbers):04d}",
        "status": Case.Status.INVESTIGATING,
        "category": category,
        "source": "patrol",
        "location": "幸福路",
        "found_at": aware(2020, 9, 1, 9, 0),
        "facts": FACTS,
        "party_kind": Case.PartyKind.INDIVIDUAL,
        "party_name": PARTY,
        "party_id_number": PARTY_ID,
        "party_phone": PARTY_PHONE,
        "party_address": "幸福路12号3栋2单元501室",
        "third_parties": WITNESS,
        "filed_on": date(2020, 9, 2),
        **fields,
    }
    if officers is None:
        officers = [enf.officer1, enf.officer2] if street == enf.stall.street else [enf.officer_b]
    return model_create(Case, actor=None, data=data, m2m={"officers": officers})


def decided_case(enf: Any, decided_on: date = date(2020, 9, 28), **fields: Any) -> Case:
    """A case decided on ``decided_on`` with a fine, its publication due as the street counts."""
    outcome = fields.pop("outcome", Case.Outcome.PENALTY)
    case = make_case(
        enf,
        status=fields.pop("status", Case.Status.DECIDED),
        outcome=outcome,
        decided_on=decided_on,
        decision_no=fields.pop("decision_no", "津滨城罚〔2020〕15号"),
        penalty_kind=Case.PenaltyKind.FINE,
        fine=Decimal("200"),
        decision_text=(
            "责令当事人王小明立即改正，罚款二百元。当事人联系电话13812345678，"
            "住幸福路12号3栋2单元501室。"
        ),
        **fields,
    )
    settings = EnforcementSettings.for_street(case.street_id)
    case.publish_due_on = deadlines.publication_due(decided_on, outcome, settings)
    case.save(update_fields=["publish_due_on"])
    return case


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()  # type: ignore[return-value]


# --- Sample files --------------------------------------------------------------------------------


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body


# Start, JFIF header, a 1×1 frame, the scan and its data, end.
JPEG = (
    b"\xff\xd8"
    + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    + _segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
    + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    + b"\x00" * 64
    + b"\xff\xd9"
)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
    + _png_chunk(b"IEND", b"")
)


def box(kind: bytes, body: bytes = b"\x00" * 24) -> bytes:
    """An ISO-BMFF box."""
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def _ftyp(major: bytes, *compatible: bytes, then: tuple[bytes, ...] = (b"mdat",)) -> bytes:
    return box(b"ftyp", major + b"\x00\x00\x00\x00" + b"".join(compatible)) + b"".join(
        box(kind) for kind in then
    )


HEIC = _ftyp(b"heic", b"mif1", b"heic", then=(b"meta", b"mdat"))
M4A = _ftyp(b"M4A ", b"M4A ", b"mp42", b"isom", then=(b"moov", b"mdat"))
MP4 = _ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41", then=(b"free", b"mdat", b"moov"))
MOV = _ftyp(b"qt  ", b"qt  ", then=(b"wide", b"mdat", b"moov"))


def riff(form: bytes, *chunks: bytes) -> bytes:
    body = form + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) & 1)


# An MPEG-1 layer III frame at 128 kbit/s, 44.1 kHz: 417 bytes.
_MP3_FRAME = b"\xff\xfb\x90\x00" + b"\x00" * 413
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + _MP3_FRAME * 3
WAV = riff(
    b"WAVE",
    riff_chunk(b"fmt ", b"\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00"),
    riff_chunk(b"data", b"\x00" * 32),
)
AMR = b"#!AMR\n" + b"\x3c" + b"\x00" * 64
AVI = riff(
    b"AVI ",
    riff_chunk(b"LIST", b"hdrl" + riff_chunk(b"avih", b"\x00" * 56)),
    riff_chunk(b"LIST", b"movi" + riff_chunk(b"00dc", b"\x00" * 16)),
)
# The EBML header (version 1, DocType webm), then a Segment.
WEBM = (
    b"\x1a\x45\xdf\xa3\x8f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm"
    + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"
    + b"\x00" * 32
)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
TEXT = "这是一段文字，不是照片。".encode()
# Looks like an MP4 at the first bytes; nothing of an MP4 follows the brand.
FAKE_MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomavc1" + b"hello world, not a box" * 4
# An ID3 tag followed by text, not MPEG frames.
FAKE_MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"just some text " * 40


def upload(content: bytes, name: str = "file.bin", content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type=content_type or "application/octet-stream"
    )
