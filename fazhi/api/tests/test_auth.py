"""Who may call the API: sessions with CSRF, bearer tokens, and the token services and page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from fazhi.accounts.models import ApiToken
from fazhi.api.tokens import token_create, token_digest, token_revoke
from fazhi.audit.models import Action, AuditEntry
from fazhi.org.models import Department, User

JSON = "application/json"


def bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def new_token(user: User, days: int = 30) -> tuple[ApiToken, str]:
    return token_create(
        user=user, name="数据大屏", expires_at=timezone.now() + timedelta(days=days), actor=user
    )


# --- sessions ---------------------------------------------------------------------------------


def test_anonymous_gets_401_in_chinese(anon):
    response = anon.get("/api/villages/")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("未登录")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_write_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    refused = client.post("/api/departments/", {"name": "综合执法队"}, content_type=JSON)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Department.objects.filter(name="综合执法队").exists()
    # Reads need no token; a page visit sets the cookie the docs page sends back as a header.
    assert client.get("/api/departments/").status_code == 200
    client.get("/api/tokens/")
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/departments/", {"name": "综合执法队"}, content_type=JSON, HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201


def test_user_who_must_change_password_gets_403(world):
    world.clerk_a.must_change_password = True
    world.clerk_a.save(update_fields=["must_change_password"])
    response = world.client(world.clerk_a).get("/api/villages/")
    assert response.status_code == 403
    assert "修改初始密码" in response.json()["detail"]


# --- bearer tokens ---------------------------------------------------------------------------


def test_token_create_stores_only_digest_and_audits(world):
    token, plain = new_token(world.clerk_a)
    token.refresh_from_db()
    assert token.digest == token_digest(plain) and token.prefix == plain[:8]
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().first().values()]
    assert plain not in stored
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == (
        Action.TOKEN,
        world.clerk_a,
        str(token.pk),
    )
    assert entry.changes["event"] == "create" and plain not in str(entry.changes)


def test_token_reads_and_writes_as_its_owner_without_csrf(world):
    _, plain = new_token(world.clerk_a)
    client = Client(enforce_csrf_checks=True)
    listed = client.get("/api/villages/", **bearer(plain))
    assert listed.status_code == 200
    assert {r["id"] for r in listed.json()["results"]} == {world.a.village.pk}
    created = client.post(
        "/api/departments/", {"name": "综合执法队"}, content_type=JSON, **bearer(plain)
    )
    assert created.status_code == 201
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == Action.CREATE and entry.actor == world.clerk_a


def test_token_keeps_its_owners_scope(world):
    _, plain = new_token(world.clerk_b)
    response = Client().get(f"/api/villages/{world.a.village.pk}/", **bearer(plain))
    assert response.status_code == 404


def test_revoked_token_is_401(world):
    token, plain = new_token(world.clerk_a)
    token_revoke(token=token, actor=world.clerk_a)
    response = Client().get("/api/villages/", **bearer(plain))
    assert response.status_code == 401
    assert response.json()["detail"] == "接口令牌无效、已过期或已吊销。"


def test_expired_token_is_401(world):
    _, plain = new_token(world.clerk_a, days=1)
    client = Client()
    assert client.get("/api/villages/", **bearer(plain)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert client.get("/api/villages/", **bearer(plain)).status_code == 401


def test_unknown_token_is_401_even_with_a_session(world):
    client = world.client(world.clerk_a)
    response = client.get("/api/villages/", **bearer("not-a-token"))
    assert response.status_code == 401


def test_token_of_inactive_user_is_401(world):
    _, plain = new_token(world.clerk_a)
    world.clerk_a.is_active = False
    world.clerk_a.save(update_fields=["is_active"])
    assert Client().get("/api/villages/", **bearer(plain)).status_code == 401


def test_token_of_user_who_must_change_password_is_403(world):
    _, plain = new_token(world.clerk_a)
    world.clerk_a.must_change_password = True
    world.clerk_a.save(update_fields=["must_change_password"])
    response = Client().get("/api/villages/", **bearer(plain))
    assert response.status_code == 403 and "修改初始密码" in response.json()["detail"]


def test_last_used_is_written_at_most_once_a_minute(world):
    token, plain = new_token(world.clerk_a)
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/villages/", **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        client.get("/api/villages/", **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/villages/", **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def test_token_services_guard_their_rules(world):
    with pytest.raises(PermissionDenied):
        token_create(user=world.clerk_b, name="代建", expires_at=None, actor=world.clerk_a)
    with pytest.raises(ValidationError) as past:
        token_create(
            user=world.clerk_a,
            name="过期",
            expires_at=timezone.now() - timedelta(minutes=1),
            actor=world.clerk_a,
        )
    assert past.value.message_dict == {"expires_at": ["有效期须晚于当前时间。"]}
    token, _ = new_token(world.clerk_a)
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, actor=world.clerk_b)
    token_revoke(token=token, actor=world.clerk_a)
    revokes = AuditEntry.objects.filter(action=Action.TOKEN, changes__event="revoke").count()
    with pytest.raises(ValidationError, match="该令牌已于"):
        token_revoke(token=token, actor=world.clerk_a)
    assert (
        AuditEntry.objects.filter(action=Action.TOKEN, changes__event="revoke").count() == revokes
    )
    assert ApiToken.objects.count() == 1


# --- the token page ----------------------------------------------------------------------------


def test_token_page_shows_a_new_token_once(world):
    client = world.client(world.clerk_a)
    response = client.post("/api/tokens/", {"name": "区级平台对接", "validity": "90"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.clerk_a)
    plain = response.context["plain"]
    assert token.digest == token_digest(plain)
    assert plain in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    expected_end = timezone.now() + timedelta(days=90)
    assert abs((token.expires_at - expected_end).total_seconds()) < 60
    again = client.get("/api/tokens/").content.decode()
    assert plain not in again and token.prefix in again and "区级平台对接" in again


def test_token_page_refuses_a_blank_name(world):
    response = world.client(world.clerk_a).post("/api/tokens/", {"name": "", "validity": "90"})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_page_lists_and_revokes_only_own_tokens(world):
    own, _ = new_token(world.clerk_a)
    other, _ = new_token(world.clerk_b)
    client = world.client(world.clerk_a)
    page = client.get("/api/tokens/").content.decode()
    assert own.prefix in page and other.prefix not in page
    assert client.post(f"/api/tokens/{other.pk}/revoke/").status_code == 404
    assert client.get(f"/api/tokens/{own.pk}/revoke/").status_code == 405
    response = client.post(f"/api/tokens/{own.pk}/revoke/")
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None


def test_token_page_needs_login_and_a_changed_password(world, anon):
    assert anon.get("/api/tokens/")["Location"].startswith("/accounts/login/")
    world.clerk_a.must_change_password = True
    world.clerk_a.save(update_fields=["must_change_password"])
    response = world.client(world.clerk_a).post("/api/tokens/", {"name": "x", "validity": "30"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert not ApiToken.objects.exists()
