"""Evidence pages and API: upload and correction with status, database and audit; the file only
with permission and in scope; request size allowance only at the evidence upload addresses."""

from __future__ import annotations

import hashlib

import pytest

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Evidence
from fazhi.enforcement.services.evidence import evidence_attach
from fazhi.enforcement.tests.b_helpers import (
    EXE,
    JPEG,
    MP3,
    MP4,
    PDF,
    PNG,
    b_media,  # noqa: F401  (the media fixture)
    last_audit,
    make_case,
    upload,
)

pytestmark = pytest.mark.django_db


def _upload_url(case):
    return f"/office/enforcement/cases/{case.pk}/evidence/new/"


def _attach(enf, case, content=JPEG, kind="photo"):
    return evidence_attach(
        actor=enf.officer1, case=case, kind=kind, file=upload(content), description="现场照片"
    )


def test_officer_uploads_evidence_and_sees_its_fingerprint(world, enf, media):
    case = make_case(enf)
    client = world.client(enf.officer1)
    assert client.get(_upload_url(case)).status_code == 200
    response = client.post(
        _upload_url(case),
        {"kind": "audio", "file": upload(MP3, "询问录音.mp3"), "description": "询问当事人录音"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.case, evidence.kind, evidence.uploaded_by) == (case, "audio", enf.officer1)
    assert evidence.sha256 == hashlib.sha256(MP3).hexdigest()
    entry = last_audit()
    assert (entry.action, entry.object_type) == (Action.CREATE, "enforcement.evidence")
    page = client.get(_upload_url(case)).content.decode()
    assert evidence.sha256 in page and "询问当事人录音" in page


def test_bad_upload_is_refused_in_chinese_and_nothing_written(world, enf, media):
    case = make_case(enf)
    before = AuditEntry.objects.count()
    client = world.client(enf.officer1)
    response = client.post(
        _upload_url(case), {"kind": "photo", "file": upload(EXE, "照片.jpg"), "description": "照片"}
    )
    assert response.status_code == 400
    assert "可能是改了扩展名的其他文件" in response.content.decode()
    response = client.post(
        _upload_url(case), {"kind": "video", "file": upload(JPEG, "a.mp4"), "description": "录像"}
    )
    assert response.status_code == 400 and "与所选证据类型“录像”不符" in response.content.decode()
    assert not Evidence.objects.exists() and AuditEntry.objects.count() == before


def test_upload_needs_the_right_and_the_scope(world, enf, media, anon):
    case = make_case(enf)
    other = make_case(enf, street=world.b.street)
    data = {"kind": "photo", "description": "照片"}
    assert (
        world.client(world.reviewer)
        .post(_upload_url(case), {**data, "file": upload(JPEG)})
        .status_code
        == 403
    )
    assert (
        world.client(enf.officer1)
        .post(_upload_url(other), {**data, "file": upload(JPEG)})
        .status_code
        == 404
    )
    response = anon.post(_upload_url(case), {**data, "file": upload(JPEG)})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert world.client(enf.officer1).put(_upload_url(case)).status_code == 405
    assert not Evidence.objects.exists()


def test_correction_page_keeps_the_original(world, enf, media):
    case = make_case(enf)
    original = _attach(enf, case)
    client = world.client(enf.officer2)
    url = f"/office/enforcement/evidence/{original.pk}/correct/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload(PNG), "reason": ""})
    assert response.status_code == 400 and Evidence.objects.count() == 1
    response = client.post(url, {"file": upload(PNG), "reason": "原照片模糊"})
    assert response.status_code == 302
    correction = Evidence.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original and correction.correction_reason == "原照片模糊"
    page = client.get(_upload_url(case)).content.decode()
    assert original.sha256 in page and correction.sha256 in page and "原照片模糊" in page
    assert last_audit().object_id == str(correction.pk)


def test_file_is_served_only_with_the_right_and_in_scope(world, enf, media, anon):
    photo = _attach(enf, make_case(enf))
    document = _attach(enf, make_case(enf), PDF, "document")
    other = evidence_attach(
        actor=enf.officer_b,
        case=make_case(enf, street=world.b.street),
        kind="photo",
        file=upload(JPEG),
        description="乙街照片",
    )
    url = f"/office/enforcement/evidence/{photo.pk}/file/"
    response = world.client(world.reviewer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    doc = world.client(world.leader).get(f"/office/enforcement/evidence/{document.pk}/file/")
    assert doc.status_code == 200 and doc["Content-Disposition"].startswith("attachment")
    assert (
        world.client(enf.officer1).get(f"/office/enforcement/evidence/{other.pk}/file/").status_code
        == 404
    )
    assert world.client(world.grid_worker).get(url).status_code == 403
    assert world.client(world.staff_a).get(url).status_code == 403
    response = anon.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_requests_over_the_limit_are_refused_except_at_the_evidence_upload(
    world, enf, media, settings
):
    settings.FAZHI_MAX_REQUEST_BYTES = 1000
    settings.FAZHI_EVIDENCE_MAX_BYTES = 3 * 1024 * 1024
    case = make_case(enf)
    client = world.client(enf.officer1)
    big_video = MP4 + b"\x00" * 5000
    elsewhere = client.post("/office/enforcement/legal-reviews/", {"file": upload(big_video)})
    assert elsewhere.status_code == 413 and "不能超过" in elsewhere.content.decode()
    response = client.post(
        _upload_url(case), {"kind": "video", "file": upload(big_video), "description": "录像"}
    )
    assert response.status_code == 302
    assert Evidence.objects.get().size == len(big_video)
    # Beyond the evidence limit the upload address refuses too, before reading the body.
    too_big = client.post(
        _upload_url(case),
        {"kind": "video", "file": upload(MP4 + b"\x00" * (5 * 1024 * 1024)), "description": "x"},
    )
    assert too_big.status_code == 413 and Evidence.objects.count() == 1


# --- API -------------------------------------------------------------------------------------------


def test_api_uploads_lists_corrects_and_serves_evidence(world, enf, media):
    case = make_case(enf)
    client = world.client(enf.officer1)
    response = client.post(
        "/api/evidence/",
        {
            "case": case.pk,
            "kind": "video",
            "description": "执法记录仪",
            "file": upload(MP4, "v.mp4"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == hashlib.sha256(MP4).hexdigest() and body["content_type"] == "video/mp4"
    listed = client.get("/api/evidence/", {"case": case.pk}).json()["results"]
    assert [e["id"] for e in listed] == [body["id"]]
    file = client.get(body["file_url"])
    assert file.status_code == 200 and b"".join(file.streaming_content) == MP4
    bad = client.post(
        "/api/evidence/",
        {"case": case.pk, "kind": "photo", "description": "照片", "file": upload(MP3)},
    )
    assert bad.status_code == 422 and "与所选证据类型" in str(bad.json()["errors"]["file"])
    corrected = client.post(
        f"/api/evidence/{body['id']}/correct/", {"file": upload(MP4 + b"\x00"), "reason": "补全"}
    )
    assert corrected.status_code == 201 and corrected.json()["corrects"] == body["id"]
    assert client.delete(f"/api/evidence/{body['id']}/").status_code == 405
    assert (
        client.patch(
            f"/api/evidence/{body['id']}/", {"description": "x"}, content_type="application/json"
        ).status_code
        == 405
    )
    assert Evidence.objects.count() == 2


def test_api_evidence_scope_and_rights(world, enf, media):
    evidence = _attach(enf, make_case(enf))
    other_case = make_case(enf, street=world.b.street)
    assert world.client(enf.officer_b).get(f"/api/evidence/{evidence.pk}/").status_code == 404
    assert world.client(enf.officer_b).get(f"/api/evidence/{evidence.pk}/file/").status_code == 404
    assert (
        world.client(world.grid_worker).get(f"/api/evidence/{evidence.pk}/file/").status_code == 403
    )
    response = world.client(world.reviewer).post(
        "/api/evidence/",
        {"case": evidence.case_id, "kind": "photo", "description": "照片", "file": upload(JPEG)},
    )
    assert response.status_code == 403
    response = world.client(enf.officer1).post(
        "/api/evidence/",
        {"case": other_case.pk, "kind": "photo", "description": "照片", "file": upload(JPEG)},
    )
    assert response.status_code == 404 and Evidence.objects.count() == 1
