"""Evidence judged by content: every accepted format recognised, impostors refused, the kind
given must agree, the size limits hold; a correction keeps the original; nothing is deleted."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.files import sniff, sniff_evidence
from fazhi.enforcement.models import Case, Evidence
from fazhi.enforcement.services.evidence import evidence_attach, evidence_correct
from fazhi.enforcement.tests.b_helpers import (
    AMR,
    AVI,
    EXE,
    FAKE_MP3,
    FAKE_MP4,
    HEIC,
    JPEG,
    M4A,
    MOV,
    MP3,
    MP4,
    PDF,
    PNG,
    TEXT,
    WAV,
    WEBM,
    b_media,  # noqa: F401  (the media fixture)
    box,
    last_audit,
    make_case,
    riff,
    riff_chunk,
    upload,
)

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(1)</script></body></html>"
MP4_KIND = (".mp4", "video/mp4", "video")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (JPEG, (".jpg", "image/jpeg", "photo")),
        (PNG, (".png", "image/png", "photo")),
        (HEIC, (".heic", "image/heic", "photo")),
        (MP3, (".mp3", "audio/mpeg", "audio")),
        (M4A, (".m4a", "audio/mp4", "audio")),
        (WAV, (".wav", "audio/wav", "audio")),
        (AMR, (".amr", "audio/amr", "audio")),
        (MP4, (".mp4", "video/mp4", "video")),
        (MOV, (".mov", "video/quicktime", "video")),
        (AVI, (".avi", "video/x-msvideo", "video")),
        (WEBM, (".webm", "video/webm", "video")),
        (PDF, (".pdf", "application/pdf", "document")),
        # A last box "up to the end of the file" (size 0), a 64-bit size, zero padding after
        # the last box; a WAV recording whose writer left the data size open.
        (MP4[: -len(box(b"moov"))] + b"\x00\x00\x00\x00mdat" + b"\x01" * 40, MP4_KIND),
        (MP4 + b"\x00\x00\x00\x01mdat" + (24).to_bytes(8, "big") + b"\x01" * 8, MP4_KIND),
        (MP4 + b"\x00" * 5000, MP4_KIND),
        (WAV[:-40] + b"data\xff\xff\xff\xff" + b"\x01" * 100, (".wav", "audio/wav", "audio")),
    ],
)
def test_every_accepted_format_is_known_by_its_content(content, expected):
    assert sniff_evidence(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content", [EXE, TEXT, FAKE_MP4, FAKE_MP3, b"", b"RIFF\x00\x00\x00\x00XXXX"]
)
def test_programs_text_and_impostors_are_not_evidence(content):
    assert sniff_evidence(io.BytesIO(content)) is None


@pytest.mark.parametrize(
    "content",
    [
        # A web page behind an MP4's ftyp and a free box (the first 40 bytes of a real MP4).
        MP4[:40] + HTML,
        box(b"ftyp", b"isom\x00\x00\x00\x00isomavc1") + box(b"free") + HTML,
        # Boxes alone, without the media (no moov or mdat; a HEIC photo without meta).
        box(b"ftyp", b"isom\x00\x00\x00\x00isomavc1") + box(b"free") + box(b"skip"),
        box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + box(b"free") + box(b"mdat"),
        # A box longer than the file; a box shorter than its header; bytes after the last box.
        MP4 + b"\x00\x00\x10\x00mdat" + b"\x01" * 64,
        MP4 + b"\x00\x00\x00\x04mdat",
        MP4 + b"MZ\x90\x00" + b"\x00" * 60,
        # A RIFF form type and its first chunk header, then a web page; AVI without its movie.
        WAV[:36] + HTML,
        riff(b"WAVE", riff_chunk(b"fmt ", b"\x01\x00" * 8)),
        AVI[:24] + HTML,
        riff(b"AVI ", riff_chunk(b"LIST", b"hdrl" + riff_chunk(b"avih", b"\x00" * 56))),
        # AMR's magic, then text; a Matroska header and a web page where its Segment stands.
        b"#!AMR\n" + "这是一段文字，不是录音。".encode(),
        b"#!AMR-WB\n" + HTML,
        WEBM[:20] + HTML,
        # A JPEG's start and JFIF segment, then a web page; a PNG header chunk, then a page.
        JPEG[:20] + HTML,
        PNG[:33] + HTML,
    ],
)
def test_media_headers_with_something_else_behind_are_not_evidence(content):
    assert sniff_evidence(io.BytesIO(content)) is None


def _docx(*extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name in extra:
            archive.writestr(name, "<script>alert(1)</script>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "part", ["evil.html", "word/page.HTM", "payload.apk", "lib/tool.jar", "install.sh"]
)
def test_a_word_file_carrying_a_page_or_a_program_is_refused(part):
    assert sniff_evidence(io.BytesIO(_docx())) == (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "document",
    )
    assert sniff(io.BytesIO(_docx(part))) is None
    assert sniff_evidence(io.BytesIO(_docx(part))) is None


def test_the_document_check_is_unchanged_by_evidence():
    # Media are evidence only: the document fields still take documents and pictures alone.
    assert sniff(io.BytesIO(MP4)) is None and sniff(io.BytesIO(MP3)) is None
    assert sniff(io.BytesIO(PDF)) == (".pdf", "application/pdf")


def test_attach_stores_fingerprint_size_type_under_a_random_name(world, enf, media):
    case = make_case(enf)
    evidence = evidence_attach(
        actor=enf.officer1,
        case=case,
        kind=Evidence.Kind.VIDEO,
        file=upload(MP4, "王小明现场.mp4"),
        description="现场执法记录仪视频",
    )
    assert evidence.sha256 == hashlib.sha256(MP4).hexdigest()
    assert (evidence.size, evidence.content_type) == (len(MP4), "video/mp4")
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".mp4")
    assert "王小明" not in evidence.file.name
    assert (media / evidence.file.name).read_bytes() == MP4
    entry = last_audit()
    assert (entry.action, entry.object_type, entry.actor) == (
        Action.CREATE,
        "enforcement.evidence",
        enf.officer1,
    )


@pytest.mark.parametrize(
    ("content", "name", "kind", "message"),
    [
        (EXE, "photo.jpg", "photo", "无法识别该文件的格式"),
        (TEXT, "record.mp3", "audio", "无法识别该文件的格式"),
        (FAKE_MP4, "video.mp4", "video", "无法识别该文件的格式"),
        (JPEG, "photo.jpg", "video", "文件内容是照片，与所选证据类型“录像”不符"),
        (MP3, "voice.mp3", "photo", "文件内容是录音，与所选证据类型“照片”不符"),
    ],
)
def test_wrong_content_or_kind_is_refused_and_nothing_written(
    world, enf, media, content, name, kind, message
):
    case = make_case(enf)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        evidence_attach(
            actor=enf.officer1, case=case, kind=kind, file=upload(content, name), description="x"
        )
    assert message in str(refused.value.message_dict["file"])
    assert Evidence.objects.count() == 0 and AuditEntry.objects.count() == before
    assert not (media / "evidence").exists()


def test_size_limits_by_kind(world, enf, media, settings):
    settings.FAZHI_EVIDENCE_MAX_BYTES = len(MP4) - 1
    case = make_case(enf)
    with pytest.raises(ValidationError) as refused:
        evidence_attach(
            actor=enf.officer1, case=case, kind="video", file=upload(MP4), description="视频"
        )
    assert "录像文件不能超过" in str(refused.value)
    big_photo = upload(JPEG + b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        evidence_attach(
            actor=enf.officer1, case=case, kind="photo", file=big_photo, description="照片"
        )
    assert "照片文件不能超过20MB" in str(refused.value)
    assert not Evidence.objects.exists()


def test_archived_case_takes_no_evidence_and_steps_must_be_its_own(world, enf, media):
    archived = make_case(enf, status=Case.Status.ARCHIVED)
    with pytest.raises(ValidationError, match="案件已归档"):
        evidence_attach(
            actor=enf.officer1, case=archived, kind="photo", file=upload(JPEG), description="照片"
        )
    case = make_case(enf, status=Case.Status.CLOSED)
    other = make_case(enf)
    from fazhi.enforcement.models import CaseStep

    step = CaseStep.objects.create(
        case=other, kind="note", occurred_at=other.found_at, actor=enf.officer1
    )
    with pytest.raises(ValidationError) as refused:
        evidence_attach(
            actor=enf.officer1,
            case=case,
            kind="photo",
            file=upload(JPEG),
            description="照片",
            step=step,
        )
    assert "step" in refused.value.message_dict
    # A closed (not archived) case still takes evidence.
    kept = evidence_attach(
        actor=enf.officer1, case=case, kind="photo", file=upload(PNG), description="照片"
    )
    assert kept.case == case and not Evidence.objects.filter(case=archived).exists()


def test_correction_keeps_the_original_and_both_fingerprints(world, enf, media):
    case = make_case(enf)
    original = evidence_attach(
        actor=enf.officer1, case=case, kind="photo", file=upload(JPEG), description="现场照片"
    )
    with pytest.raises(ValidationError) as refused:
        evidence_correct(actor=enf.officer2, evidence=original, file=upload(PNG), reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="与所选证据类型"):
        evidence_correct(actor=enf.officer2, evidence=original, file=upload(MP3), reason="错传")
    correction = evidence_correct(
        actor=enf.officer2, evidence=original, file=upload(PNG), reason="原照片拍错了位置"
    )
    original.refresh_from_db()
    assert (media / original.file.name).read_bytes() == JPEG
    assert original.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert correction.corrects == original and correction.correction_reason == "原照片拍错了位置"
    assert correction.sha256 == hashlib.sha256(PNG).hexdigest() != original.sha256
    assert correction.description == "现场照片" and correction.case == case
    entry = last_audit()
    assert entry.action == Action.CREATE and entry.object_id == str(correction.pk)
    assert entry.changes["after"]["corrects"] == original.pk


def test_evidence_is_never_deleted(world, enf, media):
    evidence = evidence_attach(
        actor=enf.officer1, case=make_case(enf), kind="photo", file=upload(JPEG), description="照片"
    )
    with pytest.raises(ValidationError, match="证据一经提交不得删除"):
        evidence.delete()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
