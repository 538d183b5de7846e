"""The client address recorded in the audit log and used by the login lockout."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.test import Client, RequestFactory, override_settings

import fazhi
from fazhi.audit.models import Action, AuditEntry
from fazhi.core.middleware import client_ip

# What the reverse proxy sees: the client sent its own X-Forwarded-For, the proxy appended the
# address the connection really came from.
SPOOFED = "6.6.6.6, 203.0.113.7"


def request_from(forwarded: str | None, remote: str = "10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_setting_is_off_unless_the_environment_turns_it_on(monkeypatch):
    settings_py = str(Path(fazhi.__file__).parent / "settings.py")
    monkeypatch.delenv("FAZHI_TRUST_PROXY", raising=False)
    assert runpy.run_path(settings_py)["FAZHI_TRUST_PROXY"] is False
    monkeypatch.setenv("FAZHI_TRUST_PROXY", "1")
    assert runpy.run_path(settings_py)["FAZHI_TRUST_PROXY"] is True


@override_settings(FAZHI_TRUST_PROXY=False)
def test_without_a_trusted_proxy_the_header_is_ignored():
    assert client_ip(request_from(SPOOFED)) == "10.0.0.2"


@override_settings(FAZHI_TRUST_PROXY=True)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (SPOOFED, "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("6.6.6.6 ,  203.0.113.7 ", "203.0.113.7"),
        ("", "10.0.0.2"),
        (None, "10.0.0.2"),
        ("6.6.6.6, ", "10.0.0.2"),
    ],
)
def test_behind_a_trusted_proxy_the_address_it_appended_counts(forwarded, expected):
    assert client_ip(request_from(forwarded)) == expected


@override_settings(FAZHI_TRUST_PROXY=True)
def test_a_spoofed_header_does_not_change_the_audited_address(db):
    Client().post(
        "/accounts/login/",
        {"username": "nobody", "password": "Wrong@2020pass"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=SPOOFED,
    )
    assert AuditEntry.objects.get(action=Action.LOGIN_FAILED).ip == "203.0.113.7"
