"""Evidence judged by content: every accepted format recognised, impostors refused, the kind
given must agree, the size limits hold; a correction keeps the original; nothing is deleted."""

from __future__ import annotations

import hashlib
import io

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
    last_audit,
    make_case,
    upload,
)

pytestmark = pytest.mark.django_db


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
    ],
)
def test_every_accepted_format_is_known_by_its_content(content, expected):
    assert sniff_evidence(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content", [EXE, TEXT, FAKE_MP4, FAKE_MP3, b"", b"RIFF\x00\x00\x00\x00XXXX"]
)
def test_programs_text_and_impostors_are_not_evidence(content):
    assert sniff_evidence(io.BytesIO(content)) is None


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
