"""Back-office pages of law study: success, database, audit row; wrong method, another street's
record, read-only role, bad input; the staff's own self-study, masked phones, filtered exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.study import services
from fazhi.study.models import LegalLiterate, SelfStudy, StudyAttendance, StudySession
from fazhi.study.tests.conftest import last_audit

pytestmark = pytest.mark.django_db

BASE = "/office/study"
MODELS = {
    "studysession": lambda r: r.session.pk,
    "studyattendance": lambda r: r.attendance.pk,
    "selfstudy": lambda r: r.self_study.pk,
    "lawtostudy": lambda r: r.law.pk,
    "studytarget": lambda r: r.target.pk,
    "legalliterate": lambda r: r.literate.pk,
    "literatetraining": lambda r: r.training.pk,
    "studyexam": lambda r: r.exam.pk,
    "studyexamscore": lambda r: r.score.pk,
}


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200 and response.content[:2] == b"PK"
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


# --- every entity --------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_pages_open_for_the_office_and_list_only_own_street(world, records, anon, model):
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/{model}/")
    assert response.status_code == 200
    listed = {obj.pk for obj, _values in response.context["rows"]}
    own, other = MODELS[model](records["a"]), MODELS[model](records["b"])
    assert own in listed and other not in listed
    assert client.get(f"{BASE}/{model}/{own}/").status_code == 200
    assert client.get(f"{BASE}/{model}/{own}/edit/").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 200
    login = anon.get(f"{BASE}/{model}/")
    assert login.status_code == 302 and "/accounts/login/" in login["Location"]
    assert world.client(world.auditor).get(f"{BASE}/{model}/").status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_another_streets_record_is_404_and_untouched(world, records, model):
    client = world.client(world.clerk_b)
    other = MODELS[model](records["a"])
    for suffix in ("", "edit/", "delete/"):
        assert client.get(f"{BASE}/{model}/{other}/{suffix}").status_code == 404
    before = AuditEntry.objects.count()
    assert client.post(f"{BASE}/{model}/{other}/delete/").status_code == 404
    assert client.post(f"{BASE}/{model}/{other}/edit/", {"note": "改"}).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("model", MODELS)
def test_read_only_leader_sees_but_cannot_write(world, records, model):
    client = world.client(world.leader)
    own = MODELS[model](records["a"])
    assert client.get(f"{BASE}/{model}/{own}/").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 403
    assert client.get(f"{BASE}/{model}/{own}/edit/").status_code == 403
    response = client.post(f"{BASE}/{model}/{own}/delete/")
    assert response.status_code == 403 and "无权" in response.content.decode()


def test_wrong_method_is_405(world, records):
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/studysession/").status_code == 405
    assert client.post(f"{BASE}/hours/").status_code == 405
    assert client.post(f"{BASE}/legalliterate/coverage/").status_code == 405
    assert client.post(f"{BASE}/lawtostudy/{records['a'].law.pk}/status/").status_code == 405


# --- study sessions --------------------------------------------------------------------------


def test_session_created_on_the_page_with_its_attendance_and_audit(world, records):
    response = world.client(world.clerk_a).post(
        f"{BASE}/studysession/new/",
        {
            "kind": StudySession.Kind.PRE_MEETING,
            "title": "会前学法：《民法典》",
            "date": "2020-06-12",
            "content": "学习民法典的主要内容。",
            "laws": [records["a"].law.pk],
            "hours": "1",
            "attendees": [world.clerk_a.pk, world.leader.pk],
        },
    )
    session = StudySession.objects.get(title="会前学法：《民法典》")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/studysession/{session.pk}/"
    assert session.street == world.a.street and list(session.laws.all()) == [records["a"].law]
    assert set(session.attendance.values_list("user__username", "hours")) == {
        ("clerk_a", Decimal("1.0")),
        ("leader", Decimal("1.0")),
    }
    entry = AuditEntry.objects.get(object_type="study.studysession", object_id=str(session.pk))
    assert (entry.action, entry.actor) == (Action.CREATE, world.clerk_a)
    page = world.client(world.leader).get(f"{BASE}/studysession/{session.pk}/").content.decode()
    assert "出席2人，缺席0人" in page and "2020年6月12日" in page


def test_session_with_bad_input_is_refused_and_nothing_written(world, records):
    before = (StudySession.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}/studysession/new/",
        {
            "kind": StudySession.Kind.ADVISER_LECTURE,
            "title": "法律顾问讲座",
            "date": "2020-06-19",
            "content": "讲座",
            "hours": "0",
            "attendees": [world.clerk_b.pk],
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "学时须大于0" in text or "法律顾问讲座请选择主讲律师" in text
    assert "选择一个有效的选项" in text  # another street's person is not offered
    assert (StudySession.objects.count(), AuditEntry.objects.count()) == before


def test_session_list_export_follows_the_filters_and_is_audited(world, records):
    services.study_session_create(
        street=world.a.street,
        actor=world.clerk_a,
        kind=StudySession.Kind.TRAINING,
        title="专题培训：合同编",
        date=date(2020, 7, 3),
        content="合同编",
        hours=Decimal("3"),
    )
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/studysession/", {"kind": "training", "format": "xlsx"})
    rows = sheet_rows(response)
    notes = "\n".join(
        "：".join(str(c) for c in r if c is not None)
        for r in load_workbook(BytesIO(response.content))["说明"].iter_rows(values_only=True)
    )
    assert notes.startswith("学法记录")
    assert "学法形式：专题培训" in notes
    titles = [row[1] for row in rows[1:]]
    assert titles == ["专题培训：合同编"]
    export = last_audit()
    assert (export.action, export.object_type) == (Action.EXPORT, "study.studysession")
    assert export.changes == {"filters": {"学法形式": "专题培训"}, "count": 1}


def test_session_list_query_count_is_pinned(world, records, django_assert_max_num_queries):
    for n in range(5):
        services.study_session_create(
            street=world.a.street,
            actor=world.clerk_a,
            kind=StudySession.Kind.GROUP,
            title=f"集中学法{n}",
            date=date(2020, 8, n + 1),
            content="学习",
            hours=Decimal("1"),
            laws=[records["a"].law],
            attendees=[world.clerk_a],
        )
    client = world.client(world.clerk_a)
    client.get(f"{BASE}/studysession/")
    with django_assert_max_num_queries(14):
        response = client.get(f"{BASE}/studysession/")
    assert response.status_code == 200 and len(response.context["rows"]) == 6


# --- sign-ins ---------------------------------------------------------------------------------


def test_attendance_recorded_and_corrected_on_the_page(world, records):
    client = world.client(world.clerk_a)
    session = records["a"].session
    response = client.post(
        f"{BASE}/studyattendance/new/",
        {"session": session.pk, "user": world.staff_a.pk, "attended": "on", "hours": ""},
    )
    row = StudyAttendance.objects.get(session=session, user=world.staff_a)
    assert response.status_code == 302 and row.hours == Decimal("2")
    # Absent: the hours are cleared and the session and person stay as they were.
    response = client.post(
        f"{BASE}/studyattendance/{row.pk}/edit/",
        {"session": records["a"].session.pk, "user": world.clerk_a.pk, "note": "病假"},
    )
    row.refresh_from_db()
    assert response.status_code == 302
    assert (row.user, row.attended, row.hours, row.note) == (
        world.staff_a,
        False,
        Decimal("0"),
        "病假",
    )
    bad = client.post(f"{BASE}/studyattendance/{row.pk}/edit/", {"attended": "on", "hours": "5"})
    assert bad.status_code == 400 and "不能超过本次学法的学时" in bad.content.decode()


# --- self-study -------------------------------------------------------------------------------


def test_staff_see_and_record_only_their_own_self_study(world, records):
    client = world.client(world.staff_a)
    listed = client.get(f"{BASE}/selfstudy/")
    assert listed.status_code == 200 and listed.context["rows"] == []
    assert client.get(f"{BASE}/selfstudy/{records['a'].self_study.pk}/").status_code == 404
    form = client.get(f"{BASE}/selfstudy/new/").context["form"]
    assert list(form.fields["user"].queryset) == [world.staff_a]
    response = client.post(
        f"{BASE}/selfstudy/new/",
        {
            "user": world.staff_a.pk,
            "date": "2020-07-05",
            "laws": [records["a"].law.pk],
            "hours": "2",
        },
    )
    own = SelfStudy.objects.get(user=world.staff_a)
    assert response.status_code == 302 and own.street == world.a.street
    assert last_audit().actor == world.staff_a
    refused = client.post(
        f"{BASE}/selfstudy/new/",
        {"user": world.clerk_a.pk, "date": "2020-07-05", "material": "宪法", "hours": "1"},
    )
    assert refused.status_code == 400
    assert SelfStudy.objects.filter(user=world.clerk_a).count() == 1
    # Staff read sessions and the list of laws but do not write them.
    assert client.get(f"{BASE}/studysession/").status_code == 200
    assert client.get(f"{BASE}/lawtostudy/new/").status_code == 403


# --- 法律明白人 --------------------------------------------------------------------------------


def test_literate_phone_is_masked_in_the_list_and_export_not_on_the_record(world, records):
    client = world.client(world.clerk_a)
    page = client.get(f"{BASE}/legalliterate/").content.decode()
    assert "135****5678" in page and "13512345678" not in page
    rows = sheet_rows(client.get(f"{BASE}/legalliterate/", {"format": "xlsx"}))
    assert rows[0][3] == "手机号码" and rows[1][3] == "135****5678"
    detail = client.get(f"{BASE}/legalliterate/{records['a'].literate.pk}/").content.decode()
    assert "13512345678" in detail and "法律明白人《民法典》培训" in detail


def test_literate_with_a_bad_phone_is_refused(world, records):
    before = (LegalLiterate.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}/legalliterate/new/",
        {
            "village": world.a.village.pk,
            "name": "孙明白",
            "source": "other",
            "phone": "12345",
            "appointed_on": "2020-01-01",
        },
    )
    assert response.status_code == 400 and "请输入11位手机号码" in response.content.decode()
    assert (LegalLiterate.objects.count(), AuditEntry.objects.count()) == before
