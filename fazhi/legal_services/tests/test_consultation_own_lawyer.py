"""A lawyer's own account records and corrects only the consultations it answered, on the
pages and over the API alike (the rule is the service's); the office records any lawyer's.
A consultation names its time as the street reads it (2020年5月20日 10:00), not in UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Consultation, Topic
from fazhi.legal_services.services import registry as services

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = "/office/legal-services/consultation"
JSON = "application/json"
NOW = datetime(2020, 5, 20, 11, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(lawyer, **extra):
    return {
        "occurred_at": "2020-05-20T10:00",
        "channel": "phone",
        "topic": "labour",
        "question": "单位拖欠工资怎么办？",
        "answer": "可向劳动保障监察机构投诉。",
        "lawyer": lawyer.pk if lawyer is not None else "",
        "referral": "",
        **extra,
    }


def _consultation(world, lawyer):
    return services.consultation_create(
        street=world.a.street,
        actor=world.clerk_a,
        occurred_at=datetime(2020, 5, 20, 10, 0, tzinfo=SHANGHAI),
        channel=Consultation.Channel.PHONE,
        topic=Topic.LABOUR,
        question="拖欠工资怎么办？",
        lawyer=lawyer,
    )


def _state():
    return Consultation.objects.count(), AuditEntry.objects.count()


def test_a_lawyer_cannot_record_a_consultation_of_another_lawyer_on_the_page(world, legal):
    client = world.client(legal.lawyer_user)
    before = _state()
    response = client.post(f"{BASE}/new/", _post(legal.other_lawyer_a))
    assert response.status_code == 400
    assert "律师账号只能登记本人解答的咨询：解答律师请选择“王律师”" in response.content.decode()
    quick = client.post(f"{BASE}/quick/", _post(legal.other_lawyer_a, save="1"))
    assert quick.status_code == 400 and "只能登记本人解答的咨询" in quick.content.decode()
    assert _state() == before

    own = client.post(f"{BASE}/new/", _post(legal.lawyer_a))
    assert own.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.lawyer, consultation.handled_by) == (legal.lawyer_a, legal.lawyer_user)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(consultation.pk))
    # Left empty, the answering lawyer is the account's own: the record stays visible to it.
    unnamed = client.post(f"{BASE}/new/", _post(None, question="第二个问题"))
    assert unnamed.status_code == 302
    assert Consultation.objects.get(question="第二个问题").lawyer == legal.lawyer_a


def test_a_lawyer_cannot_name_another_lawyer_over_the_api(world, legal):
    client = world.client(legal.lawyer_user)
    body = {
        "occurred_at": "2020-05-20T10:00:00+08:00",
        "channel": "phone",
        "topic": "labour",
        "question": "工资被拖欠怎么办？",
        "lawyer": legal.other_lawyer_a.pk,
    }
    before = _state()
    refused = client.post("/api/consultations/", body, content_type=JSON)
    assert refused.status_code == 422
    assert "只能登记本人解答的咨询" in refused.json()["errors"]["lawyer"][0]
    assert _state() == before

    created = client.post(
        "/api/consultations/", body | {"lawyer": legal.lawyer_a.pk}, content_type=JSON
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    handed_on = client.patch(
        f"/api/consultations/{pk}/", {"lawyer": legal.other_lawyer_a.pk}, content_type=JSON
    )
    assert handed_on.status_code == 422
    assert Consultation.objects.get(pk=pk).lawyer == legal.lawyer_a


def test_another_lawyers_consultation_is_404_for_a_lawyer_and_refused_by_the_service(world, legal):
    other = _consultation(world, legal.other_lawyer_a)
    client = world.client(legal.lawyer_user)
    assert client.get(f"{BASE}/{other.pk}/edit/").status_code == 404
    assert client.post(f"{BASE}/{other.pk}/edit/", _post(legal.lawyer_a)).status_code == 404
    assert (
        client.patch(
            f"/api/consultations/{other.pk}/", {"answer": "改写"}, content_type=JSON
        ).status_code
        == 404
    )
    # Whoever calls the service (an import, a script) meets the same rule.
    with pytest.raises(ValidationError) as exc:
        services.consultation_update(other, actor=legal.lawyer_user, answer="改写")
    assert "只能修改本人解答的咨询" in " ".join(exc.value.messages)
    other.refresh_from_db()
    assert other.answer == ""


def test_the_office_records_any_lawyers_consultation(world, legal):
    response = world.client(world.clerk_a).post(f"{BASE}/new/", _post(legal.other_lawyer_a))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.lawyer == legal.other_lawyer_a
    services.consultation_update(consultation, actor=world.clerk_a, lawyer=None)
    consultation.refresh_from_db()
    assert consultation.lawyer is None


def test_a_consultation_is_named_by_its_local_time_in_chinese(world, legal):
    consultation = Consultation.objects.get(pk=_consultation(world, legal.lawyer_a).pk)
    assert str(consultation) == "电话咨询 2020年5月20日 10:00"
    api = world.client(world.clerk_a).get(f"/api/consultations/{consultation.pk}/").json()
    assert api["label"] == "电话咨询 2020年5月20日 10:00"
    page = world.client(world.clerk_a).get(f"{BASE}/{consultation.pk}/delete/").content.decode()
    assert "2020年5月20日 10:00" in page and "02:00" not in page
